// GVE — GLUEModel
public import Foundation

/// A class of identical hosts (GFD.147 §6.5 ExecutionEnvironment). GVE publishes each hypervisor
/// host as one: memory in MB, CPUs, OS. LDAP: `GLUE2ResourceID=<id>` under its manager.
public struct ExecutionEnvironment: GLUEEntity {
    public static let glueClass = GLUEClass(name: "ExecutionEnvironment",
                                            objectClasses: ["GLUE2Resource", "GLUE2ExecutionEnvironment"],
                                            idAttribute: "GLUE2ResourceID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var platform: Platform = .amd64
    public var virtualMachine: Bool?
    public var totalInstances: Int?
    public var usedInstances: Int?
    public var unavailableInstances: Int?
    public var physicalCPUs: Int?
    public var logicalCPUs: Int?
    public var cpuMultiplicity: CPUMultiplicity?
    public var cpuVendor: String?
    public var cpuModel: String?
    public var cpuVersion: String?
    /// MHz.
    public var cpuClockSpeed: Int?
    public var cpuTimeScalingFactor: Double?
    public var wallTimeScalingFactor: Double?
    /// MB of RAM per instance.
    public var mainMemorySize = 0
    /// MB.
    public var virtualMemorySize: Int?
    public var osFamily: OSFamily = .linux
    public var osName: OSName?
    public var osVersion: String?
    public var connectivityIn = false
    public var connectivityOut = false
    public var networkInfo: [NetworkInfo] = []
    /// The manager of the hosts (`GLUE2ResourceManagerForeignKey`).
    public var managerID = ""

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Resource")
        t.entity(idAttribute: "GLUE2ResourceID")
        t.objectClass = "GLUE2ExecutionEnvironment"
        t.add("GLUE2ExecutionEnvironmentPlatform", .element("Platform"), \.platform)
        t.add("GLUE2ExecutionEnvironmentVirtualMachine", .element("VirtualMachine"), \.virtualMachine)
        t.add("GLUE2ExecutionEnvironmentTotalInstances", .element("TotalInstances"), \.totalInstances)
        t.add("GLUE2ExecutionEnvironmentUsedInstances", .element("UsedInstances"), \.usedInstances)
        t.add("GLUE2ExecutionEnvironmentUnavailableInstances", .element("UnavailableInstances"), \.unavailableInstances)
        t.add("GLUE2ExecutionEnvironmentPhysicalCPUs", .element("PhysicalCPUs"), \.physicalCPUs)
        t.add("GLUE2ExecutionEnvironmentLogicalCPUs", .element("LogicalCPUs"), \.logicalCPUs)
        t.add("GLUE2ExecutionEnvironmentCPUMultiplicity", .element("CPUMultiplicity"), \.cpuMultiplicity)
        t.add("GLUE2ExecutionEnvironmentCPUVendor", .element("CPUVendor"), \.cpuVendor)
        t.add("GLUE2ExecutionEnvironmentCPUModel", .element("CPUModel"), \.cpuModel)
        t.add("GLUE2ExecutionEnvironmentCPUVersion", .element("CPUVersion"), \.cpuVersion)
        t.add("GLUE2ExecutionEnvironmentCPUClockSpeed", .element("CPUClockSpeed"), \.cpuClockSpeed)
        t.add("GLUE2ExecutionEnvironmentCPUTimeScalingFactor", .element("CPUTimeScalingFactor"), \.cpuTimeScalingFactor)
        t.add("GLUE2ExecutionEnvironmentWallTimeScalingFactor", .element("WallTimeScalingFactor"), \.wallTimeScalingFactor)
        t.add("GLUE2ExecutionEnvironmentMainMemorySize", .element("MainMemorySize"), \.mainMemorySize)
        t.add("GLUE2ExecutionEnvironmentVirtualMemorySize", .element("VirtualMemorySize"), \.virtualMemorySize)
        t.add("GLUE2ExecutionEnvironmentOSFamily", .element("OSFamily"), \.osFamily)
        t.add("GLUE2ExecutionEnvironmentOSName", .element("OSName"), \.osName)
        t.add("GLUE2ExecutionEnvironmentOSVersion", .element("OSVersion"), \.osVersion)
        t.add("GLUE2ExecutionEnvironmentConnectivityIn", .element("ConnectivityIn"), \.connectivityIn)
        t.add("GLUE2ExecutionEnvironmentConnectivityOut", .element("ConnectivityOut"), \.connectivityOut)
        t.add("GLUE2ExecutionEnvironmentNetworkInfo", .element("NetworkInfo"), \.networkInfo)
        t.objectClass = "GLUE2Resource"
        t.add("GLUE2ResourceManagerForeignKey", .association("ManagerID"), \.managerID, fk: "GLUE2ManagerID")
        t.objectClass = "GLUE2ExecutionEnvironment"
        t.add("GLUE2ExecutionEnvironmentComputingManagerForeignKey", .none, \.managerID, required: false, fk: "GLUE2ManagerID")
        return t.fields
    }
}
