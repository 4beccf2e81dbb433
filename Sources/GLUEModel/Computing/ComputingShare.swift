// GVE — GLUEModel
public import Foundation

/// A queue or slice of a computing service with its own limits (GFD.147 §6.3 ComputingShare).
/// LDAP: `GLUE2ShareID=<id>` under its service.
public struct ComputingShare: GLUEEntity {
    public static let glueClass = GLUEClass(name: "ComputingShare", objectClasses: ["GLUE2Share", "GLUE2ComputingShare"],
                                            idAttribute: "GLUE2ShareID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var description: String?
    public var mappingQueue: String?
    /// Seconds.
    public var maxWallTime: Int?
    public var minWallTime: Int?
    public var defaultWallTime: Int?
    public var maxCPUTime: Int?
    public var maxTotalJobs: Int?
    public var maxRunningJobs: Int?
    public var maxWaitingJobs: Int?
    public var maxUserRunningJobs: Int?
    public var maxSlotsPerJob: Int?
    public var schedulingPolicy: SchedulingPolicy?
    /// MB.
    public var maxMainMemory: Int?
    public var maxVirtualMemory: Int?
    /// GB.
    public var maxDiskSpace: Int?
    public var preemption: Bool?
    public var servingState: ServingState = .production
    public var totalJobs: Int?
    public var runningJobs: Int?
    public var localRunningJobs: Int?
    public var waitingJobs: Int?
    public var suspendedJobs: Int?
    public var stagingJobs: Int?
    public var preLRMSWaitingJobs: Int?
    public var estimatedAverageWaitingTime: Int?
    public var freeSlots: Int?
    public var usedSlots: Int?
    public var requestedSlots: Int?
    public var reservationPolicy: ReservationPolicy?
    public var tags: [String] = []
    public var endpointIDs: [String] = []
    /// ExecutionEnvironments the share runs jobs on.
    public var executionEnvironmentIDs: [String] = []
    public var serviceID = ""

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Share")
        t.entity(idAttribute: "GLUE2ShareID")
        t.add("GLUE2ShareDescription", .element("Description"), \.description)
        t.objectClass = "GLUE2ComputingShare"
        t.add("GLUE2ComputingShareMappingQueue", .element("MappingQueue"), \.mappingQueue)
        t.add("GLUE2ComputingShareMaxWallTime", .element("MaxWallTime"), \.maxWallTime)
        t.add("GLUE2ComputingShareMinWallTime", .element("MinWallTime"), \.minWallTime)
        t.add("GLUE2ComputingShareDefaultWallTime", .element("DefaultWallTime"), \.defaultWallTime)
        t.add("GLUE2ComputingShareMaxCPUTime", .element("MaxCPUTime"), \.maxCPUTime)
        t.add("GLUE2ComputingShareMaxTotalJobs", .element("MaxTotalJobs"), \.maxTotalJobs)
        t.add("GLUE2ComputingShareMaxRunningJobs", .element("MaxRunningJobs"), \.maxRunningJobs)
        t.add("GLUE2ComputingShareMaxWaitingJobs", .element("MaxWaitingJobs"), \.maxWaitingJobs)
        t.add("GLUE2ComputingShareMaxUserRunningJobs", .element("MaxUserRunningJobs"), \.maxUserRunningJobs)
        t.add("GLUE2ComputingShareMaxSlotsPerJob", .element("MaxSlotsPerJob"), \.maxSlotsPerJob)
        t.add("GLUE2ComputingShareSchedulingPolicy", .element("SchedulingPolicy"), \.schedulingPolicy)
        t.add("GLUE2ComputingShareMaxMainMemory", .element("MaxMainMemory"), \.maxMainMemory)
        t.add("GLUE2ComputingShareMaxVirtualMemory", .element("MaxVirtualMemory"), \.maxVirtualMemory)
        t.add("GLUE2ComputingShareMaxDiskSpace", .element("MaxDiskSpace"), \.maxDiskSpace)
        t.add("GLUE2ComputingSharePreemption", .element("Preemption"), \.preemption)
        t.add("GLUE2ComputingShareServingState", .element("ServingState"), \.servingState)
        t.add("GLUE2ComputingShareTotalJobs", .element("TotalJobs"), \.totalJobs)
        t.add("GLUE2ComputingShareRunningJobs", .element("RunningJobs"), \.runningJobs)
        t.add("GLUE2ComputingShareLocalRunningJobs", .element("LocalRunningJobs"), \.localRunningJobs)
        t.add("GLUE2ComputingShareWaitingJobs", .element("WaitingJobs"), \.waitingJobs)
        t.add("GLUE2ComputingShareSuspendedJobs", .element("SuspendedJobs"), \.suspendedJobs)
        t.add("GLUE2ComputingShareStagingJobs", .element("StagingJobs"), \.stagingJobs)
        t.add("GLUE2ComputingSharePreLRMSWaitingJobs", .element("PreLRMSWaitingJobs"), \.preLRMSWaitingJobs)
        t.add("GLUE2ComputingShareEstimatedAverageWaitingTime", .element("EstimatedAverageWaitingTime"), \.estimatedAverageWaitingTime)
        t.add("GLUE2ComputingShareFreeSlots", .element("FreeSlots"), \.freeSlots)
        t.add("GLUE2ComputingShareUsedSlots", .element("UsedSlots"), \.usedSlots)
        t.add("GLUE2ComputingShareRequestedSlots", .element("RequestedSlots"), \.requestedSlots)
        t.add("GLUE2ComputingShareReservationPolicy", .element("ReservationPolicy"), \.reservationPolicy)
        t.add("GLUE2ComputingShareTag", .element("Tag"), \.tags)
        t.objectClass = "GLUE2Share"
        t.add("GLUE2ShareEndpointForeignKey", .association("EndpointID"), \.endpointIDs, fk: "GLUE2EndpointID")
        t.add("GLUE2ShareResourceForeignKey", .association("ResourceID"), \.executionEnvironmentIDs, fk: "GLUE2ResourceID")
        t.add("GLUE2ShareServiceForeignKey", .association("ServiceID"), \.serviceID, fk: "GLUE2ServiceID")
        t.objectClass = "GLUE2ComputingShare"
        t.add("GLUE2ComputingShareComputingEndpointForeignKey", .none, \.endpointIDs, fk: "GLUE2EndpointID")
        t.add("GLUE2ComputingShareExecutionEnvironmentForeignKey", .none, \.executionEnvironmentIDs, fk: "GLUE2ResourceID")
        t.add("GLUE2ComputingShareComputingServiceForeignKey", .none, \.serviceID, required: false, fk: "GLUE2ServiceID")
        return t.fields
    }
}
