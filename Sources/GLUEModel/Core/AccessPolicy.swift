// GVE — GLUEModel
public import Foundation

/// Who may use an endpoint (GFD.147 §5.11.1 AccessPolicy). LDAP: `GLUE2PolicyID=<id>` under the endpoint.
public struct AccessPolicy: GLUEEntity {
    public static let glueClass = GLUEClass(name: "AccessPolicy", objectClasses: ["GLUE2Policy", "GLUE2AccessPolicy"],
                                            idAttribute: "GLUE2PolicyID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var scheme: PolicyScheme = .basic
    /// Rules in ``scheme`` syntax, e.g. `vo:atlas`.
    public var rules: [String] = []
    /// The endpoint the policy applies to.
    public var endpointID = ""
    /// User domains (VOs) the rules name; they usually live outside the registry.
    public var userDomainIDs: [String] = []

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Policy")
        t.entity(idAttribute: "GLUE2PolicyID")
        t.add("GLUE2PolicyScheme", .element("Scheme"), \.scheme)
        t.add("GLUE2PolicyRule", .element("Rule"), \.rules, required: true)
        t.objectClass = "GLUE2AccessPolicy"
        t.add("GLUE2AccessPolicyEndpointForeignKey", .association("EndpointID"), \.endpointID, fk: "GLUE2EndpointID")
        t.objectClass = "GLUE2Policy"
        t.add("GLUE2PolicyUserDomainForeignKey", .association("DomainID"), \.userDomainIDs)
        return t.fields
    }
}
