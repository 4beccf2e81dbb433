// GVE — GLUEModel
public import Foundation

/// A site (GFD.147 §5.3.1 AdminDomain): the administrative domain that owns services.
/// LDAP: `GLUE2DomainID=<id>` with object classes GLUE2Domain, GLUE2AdminDomain.
public struct AdminDomain: GLUEEntity {
    public static let glueClass = GLUEClass(name: "AdminDomain", objectClasses: ["GLUE2Domain", "GLUE2AdminDomain"],
                                            idAttribute: "GLUE2DomainID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var description: String?
    /// Web pages of the site.
    public var www: [String] = []
    /// True when the domain's resources are spread over several locations.
    public var distributed: Bool?
    public var owners: [String] = []
    /// The parent domain (e.g. the grid or NGI), `GLUE2AdminDomainAdminDomainForeignKey`.
    public var parentDomainID: String?

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Domain")
        t.entity(idAttribute: "GLUE2DomainID")
        t.add("GLUE2DomainDescription", .element("Description"), \.description)
        t.add("GLUE2DomainWWW", .element("WWW"), \.www, kind: .uri)
        t.objectClass = "GLUE2AdminDomain"
        t.add("GLUE2AdminDomainDistributed", .element("Distributed"), \.distributed)
        t.add("GLUE2AdminDomainOwner", .element("Owner"), \.owners)
        // Parent domains live in other registries: not checked as a dangling key.
        t.add("GLUE2AdminDomainAdminDomainForeignKey", .association("ParentDomainID"), \.parentDomainID)
        return t.fields
    }
}
