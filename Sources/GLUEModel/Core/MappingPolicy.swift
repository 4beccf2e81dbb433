// GVE — GLUEModel
public import Foundation

/// Which users a share serves (GFD.147 §5.11.2 MappingPolicy). LDAP: `GLUE2PolicyID=<id>` under the share.
public struct MappingPolicy: GLUEEntity {
    public static let glueClass = GLUEClass(name: "MappingPolicy", objectClasses: ["GLUE2Policy", "GLUE2MappingPolicy"],
                                            idAttribute: "GLUE2PolicyID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var scheme: PolicyScheme = .basic
    public var rules: [String] = []
    /// The share the policy maps users to.
    public var shareID = ""
    public var userDomainIDs: [String] = []

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Policy")
        t.entity(idAttribute: "GLUE2PolicyID")
        t.add("GLUE2PolicyScheme", .element("Scheme"), \.scheme)
        t.add("GLUE2PolicyRule", .element("Rule"), \.rules, required: true)
        t.objectClass = "GLUE2MappingPolicy"
        t.add("GLUE2MappingPolicyShareForeignKey", .association("ShareID"), \.shareID, fk: "GLUE2ShareID")
        t.objectClass = "GLUE2Policy"
        t.add("GLUE2PolicyUserDomainForeignKey", .association("DomainID"), \.userDomainIDs)
        return t.fields
    }
}
