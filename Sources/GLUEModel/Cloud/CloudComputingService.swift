// GVE — GLUEModel
public import Foundation

/// An IaaS cloud service (GLUE 2.1 draft §7 CloudComputingService, specialising Service).
/// LDAP: `GLUE2ServiceID=<id>` with object classes GLUE2Service and GVE's GLUE2CloudComputingService;
/// endpoints, shares, the manager (with hosts, images and instance types) and instances sit below it.
public struct CloudComputingService: GLUEServiceEntity {
    public static let glueClass = GLUEClass(name: "CloudComputingService",
                                            objectClasses: ["GLUE2Service", "GLUE2CloudComputingService"],
                                            idAttribute: "GLUE2ServiceID", isGLUE21: true)
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var capabilities: [Capability] = []
    public var type: ServiceType = .cloudComputing
    public var qualityLevel: QualityLevel = .production
    public var statusInfo: [String] = []
    public var complexity: String?
    public var adminDomainID = ""
    /// VMs known to the service (the sum of the four states).
    public var totalVM: Int?
    public var runningVM: Int?
    public var pendingVM: Int?
    public var suspendedVM: Int?
    public var haltedVM: Int?
    /// Acceptable use policy (URL).
    public var aup: String?

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Service")
        t.serviceBase()
        t.objectClass = "GLUE2CloudComputingService"
        t.add("GLUE2CloudComputingServiceTotalVM", .element("TotalVM"), \.totalVM)
        t.add("GLUE2CloudComputingServiceRunningVM", .element("RunningVM"), \.runningVM)
        t.add("GLUE2CloudComputingServicePendingVM", .element("PendingVM"), \.pendingVM)
        t.add("GLUE2CloudComputingServiceSuspendedVM", .element("SuspendedVM"), \.suspendedVM)
        t.add("GLUE2CloudComputingServiceHaltedVM", .element("HaltedVM"), \.haltedVM)
        t.add("GLUE2CloudComputingServiceAUP", .element("AUP"), \.aup, kind: .uri)
        t.serviceAdminDomain()
        return t.fields
    }
}
