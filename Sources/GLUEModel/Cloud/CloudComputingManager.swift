// GVE — GLUEModel
public import Foundation

/// The cloud middleware and hypervisors behind a cloud service (GLUE 2.1 CloudComputingManager,
/// specialising Manager). LDAP: `GLUE2ManagerID=<id>` under the cloud service; hosts (as
/// ExecutionEnvironments), images and instance types sit below it.
public struct CloudComputingManager: GLUEManagerEntity {
    public static let glueClass = GLUEClass(name: "CloudComputingManager",
                                            objectClasses: ["GLUE2Manager", "GLUE2CloudComputingManager"],
                                            idAttribute: "GLUE2ManagerID", isGLUE21: true)
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var productName = ""
    public var productVersion: String?
    /// `KVM`, `QEMU`, ...
    public var hypervisorName: String?
    public var hypervisorVersion: String?
    /// Physical CPUs of all hosts.
    public var totalCPUs: Int?
    /// RAM of all hosts, MB.
    public var totalRAM: Int?
    public var instanceMaxCPU: Int?
    public var instanceMinCPU: Int?
    public var instanceMaxRAM: Int?
    public var instanceMinRAM: Int?
    public var networkVirtualizationTypes: [String] = []
    public var cpuVirtualizationTypes: [String] = []
    public var virtualDiskFormats: [VirtualDiskFormat] = []
    public var failover: Bool?
    public var liveMigration: Bool?
    public var vmBackupRestore: Bool?
    public var serviceID = ""

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Manager")
        t.managerBase()
        t.objectClass = "GLUE2CloudComputingManager"
        t.add("GLUE2CloudComputingManagerHypervisorName", .element("HypervisorName"), \.hypervisorName)
        t.add("GLUE2CloudComputingManagerHypervisorVersion", .element("HypervisorVersion"), \.hypervisorVersion)
        t.add("GLUE2CloudComputingManagerTotalCPUs", .element("TotalCPUs"), \.totalCPUs)
        t.add("GLUE2CloudComputingManagerTotalRAM", .element("TotalRAM"), \.totalRAM)
        t.add("GLUE2CloudComputingManagerInstanceMaxCPU", .element("InstanceMaxCPU"), \.instanceMaxCPU)
        t.add("GLUE2CloudComputingManagerInstanceMinCPU", .element("InstanceMinCPU"), \.instanceMinCPU)
        t.add("GLUE2CloudComputingManagerInstanceMaxRAM", .element("InstanceMaxRAM"), \.instanceMaxRAM)
        t.add("GLUE2CloudComputingManagerInstanceMinRAM", .element("InstanceMinRAM"), \.instanceMinRAM)
        t.add("GLUE2CloudComputingManagerNetworkVirtualizationType", .element("NetworkVirtualizationType"),
              \.networkVirtualizationTypes)
        t.add("GLUE2CloudComputingManagerCPUVirtualizationType", .element("CPUVirtualizationType"), \.cpuVirtualizationTypes)
        t.add("GLUE2CloudComputingManagerVirtualDiskFormat", .element("VirtualDiskFormat"), \.virtualDiskFormats)
        t.add("GLUE2CloudComputingManagerFailover", .element("Failover"), \.failover)
        t.add("GLUE2CloudComputingManagerLiveMigration", .element("LiveMigration"), \.liveMigration)
        t.add("GLUE2CloudComputingManagerVMBackupRestore", .element("VMBackupRestore"), \.vmBackupRestore)
        t.objectClass = "GLUE2Manager"
        t.add("GLUE2ManagerServiceForeignKey", .association("ServiceID"), \.serviceID, fk: "GLUE2ServiceID")
        t.objectClass = "GLUE2CloudComputingManager"
        t.add("GLUE2CloudComputingManagerCloudComputingServiceForeignKey", .none, \.serviceID, required: false,
              fk: "GLUE2ServiceID")
        return t.fields
    }
}
