// GVE — GLUEModel
public import Foundation

/// A job submission or information endpoint of a computing service (GFD.147 §6.2 ComputingEndpoint).
/// LDAP: `GLUE2EndpointID=<id>` under its service.
public struct ComputingEndpoint: GLUEEndpointEntity {
    public static let glueClass = GLUEClass(name: "ComputingEndpoint", objectClasses: ["GLUE2Endpoint", "GLUE2ComputingEndpoint"],
                                            idAttribute: "GLUE2EndpointID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var url = ""
    public var capabilities: [Capability] = []
    public var technology: EndpointTechnology?
    public var interfaceName: InterfaceName = .ogfBES
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
    public var staging: Staging?
    public var jobDescriptions: [JobDescription] = []
    public var totalJobs: Int?
    public var runningJobs: Int?
    public var waitingJobs: Int?
    public var stagingJobs: Int?
    public var suspendedJobs: Int?
    public var preLRMSWaitingJobs: Int?
    public var serviceID = ""

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Endpoint")
        t.endpointBase()
        t.objectClass = "GLUE2ComputingEndpoint"
        t.add("GLUE2ComputingEndpointStaging", .element("Staging"), \.staging)
        t.add("GLUE2ComputingEndpointJobDescription", .element("JobDescription"), \.jobDescriptions)
        t.add("GLUE2ComputingEndpointTotalJobs", .element("TotalJobs"), \.totalJobs)
        t.add("GLUE2ComputingEndpointRunningJobs", .element("RunningJobs"), \.runningJobs)
        t.add("GLUE2ComputingEndpointWaitingJobs", .element("WaitingJobs"), \.waitingJobs)
        t.add("GLUE2ComputingEndpointStagingJobs", .element("StagingJobs"), \.stagingJobs)
        t.add("GLUE2ComputingEndpointSuspendedJobs", .element("SuspendedJobs"), \.suspendedJobs)
        t.add("GLUE2ComputingEndpointPreLRMSWaitingJobs", .element("PreLRMSWaitingJobs"), \.preLRMSWaitingJobs)
        t.objectClass = "GLUE2Endpoint"
        t.add("GLUE2EndpointServiceForeignKey", .association("ServiceID"), \.serviceID, fk: "GLUE2ServiceID")
        t.objectClass = "GLUE2ComputingEndpoint"
        t.add("GLUE2ComputingEndpointComputingServiceForeignKey", .none, \.serviceID, required: false, fk: "GLUE2ServiceID")
        return t.fields
    }
}
