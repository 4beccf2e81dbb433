// GVE — GLUEModel
public import Foundation

/// A batch computing service (GFD.147 §6.1 ComputingService), e.g. a cluster's CE.
/// LDAP: `GLUE2ServiceID=<id>` with endpoints, shares and managers below it.
public struct ComputingService: GLUEServiceEntity {
    public static let glueClass = GLUEClass(name: "ComputingService", objectClasses: ["GLUE2Service", "GLUE2ComputingService"],
                                            idAttribute: "GLUE2ServiceID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var capabilities: [Capability] = []
    public var type: ServiceType = .nordugridAREX
    public var qualityLevel: QualityLevel = .production
    public var statusInfo: [String] = []
    public var complexity: String?
    public var adminDomainID = ""
    public var totalJobs: Int?
    public var runningJobs: Int?
    public var waitingJobs: Int?
    public var stagingJobs: Int?
    public var suspendedJobs: Int?
    public var preLRMSWaitingJobs: Int?

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Service")
        t.serviceBase()
        t.objectClass = "GLUE2ComputingService"
        t.add("GLUE2ComputingServiceTotalJobs", .element("TotalJobs"), \.totalJobs)
        t.add("GLUE2ComputingServiceRunningJobs", .element("RunningJobs"), \.runningJobs)
        t.add("GLUE2ComputingServiceWaitingJobs", .element("WaitingJobs"), \.waitingJobs)
        t.add("GLUE2ComputingServiceStagingJobs", .element("StagingJobs"), \.stagingJobs)
        t.add("GLUE2ComputingServiceSuspendedJobs", .element("SuspendedJobs"), \.suspendedJobs)
        t.add("GLUE2ComputingServicePreLRMSWaitingJobs", .element("PreLRMSWaitingJobs"), \.preLRMSWaitingJobs)
        t.serviceAdminDomain()
        return t.fields
    }
}
