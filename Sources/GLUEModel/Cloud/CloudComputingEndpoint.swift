// GVE — GLUEModel
public import Foundation

/// The API endpoint of a cloud service (GLUE 2.1 CloudComputingEndpoint, specialising Endpoint; it adds
/// no attributes of its own). LDAP: `GLUE2EndpointID=<id>` under the cloud service.
public struct CloudComputingEndpoint: GLUEEndpointEntity {
    public static let glueClass = GLUEClass(name: "CloudComputingEndpoint",
                                            objectClasses: ["GLUE2Endpoint", "GLUE2CloudComputingEndpoint"],
                                            idAttribute: "GLUE2EndpointID", isGLUE21: true)
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var url = ""
    public var capabilities: [Capability] = []
    public var technology: EndpointTechnology?
    public var interfaceName: InterfaceName = .gveSiteService
    public var interfaceVersion: String?
    public var interfaceExtensions: [String] = []
    public var wsdl: [String] = []
    public var supportedProfiles: [String] = []
    public var semantics: [String] = []
    public var implementor: String?
    public var implementationName: String?
    public var implementationVersion: String?
    public var qualityLevel: QualityLevel = .production
    public var healthState: EndpointHealthState = .unknown
    public var healthStateInfo: String?
    public var servingState: ServingState = .production
    public var startTime: Date?
    public var issuerCA: String?
    public var trustedCAs: [String] = []
    public var downtimeAnnounce: Date?
    public var downtimeStart: Date?
    public var downtimeEnd: Date?
    public var downtimeInfo: String?
    public var serviceID = ""

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Endpoint")
        t.endpointBase()
        t.add("GLUE2EndpointServiceForeignKey", .association("ServiceID"), \.serviceID, fk: "GLUE2ServiceID")
        t.objectClass = "GLUE2CloudComputingEndpoint"
        t.add("GLUE2CloudComputingEndpointCloudComputingServiceForeignKey", .none, \.serviceID, required: false,
              fk: "GLUE2ServiceID")
        return t.fields
    }
}
