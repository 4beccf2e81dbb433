// GVE — GLUEModel
public import Foundation

/// A way to reach people (GFD.147 §5.5 Contact). LDAP: `GLUE2ContactID=<id>` under its domain.
public struct Contact: GLUEEntity {
    public static let glueClass = GLUEClass(name: "Contact", objectClasses: ["GLUE2Contact"], idAttribute: "GLUE2ContactID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    /// A URI: `mailto:...`, `tel:...`, a web page.
    public var detail = ""
    public var type: ContactType = .general
    public var serviceIDs: [String] = []
    public var domainIDs: [String] = []

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Contact")
        t.entity(idAttribute: "GLUE2ContactID")
        t.add("GLUE2ContactDetail", .element("Detail"), \.detail, kind: .uri)
        t.add("GLUE2ContactType", .element("Type"), \.type)
        t.add("GLUE2ContactServiceForeignKey", .association("ServiceID"), \.serviceIDs, fk: "GLUE2ServiceID")
        t.add("GLUE2ContactDomainForeignKey", .association("DomainID"), \.domainIDs, fk: "GLUE2DomainID")
        return t.fields
    }
}
