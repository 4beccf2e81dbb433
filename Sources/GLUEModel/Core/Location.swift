// GVE — GLUEModel
public import Foundation

/// A geographical place (GFD.147 §5.4 Location). LDAP: `GLUE2LocationID=<id>` under its domain.
public struct Location: GLUEEntity {
    public static let glueClass = GLUEClass(name: "Location", objectClasses: ["GLUE2Location"], idAttribute: "GLUE2LocationID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var address: String?
    public var place: String?
    public var country: String?
    public var postCode: String?
    /// Degrees north (WGS84).
    public var latitude: Double?
    /// Degrees east (WGS84).
    public var longitude: Double?
    public var serviceIDs: [String] = []
    public var domainIDs: [String] = []

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Location")
        t.entity(idAttribute: "GLUE2LocationID")
        t.add("GLUE2LocationAddress", .element("Address"), \.address)
        t.add("GLUE2LocationPlace", .element("Place"), \.place)
        t.add("GLUE2LocationCountry", .element("Country"), \.country)
        t.add("GLUE2LocationPostCode", .element("PostCode"), \.postCode)
        t.add("GLUE2LocationLatitude", .element("Latitude"), \.latitude)
        t.add("GLUE2LocationLongitude", .element("Longitude"), \.longitude)
        t.add("GLUE2LocationServiceForeignKey", .association("ServiceID"), \.serviceIDs, fk: "GLUE2ServiceID")
        t.add("GLUE2LocationDomainForeignKey", .association("DomainID"), \.domainIDs, fk: "GLUE2DomainID")
        return t.fields
    }
}
