// GVE — GLUEModel
public import Foundation

/// The local resource management system of a computing service (GFD.147 §6.4 ComputingManager).
/// LDAP: `GLUE2ManagerID=<id>` under its service; execution environments sit below it.
public struct ComputingManager: GLUEManagerEntity {
    public static let glueClass = GLUEClass(name: "ComputingManager", objectClasses: ["GLUE2Manager", "GLUE2ComputingManager"],
                                            idAttribute: "GLUE2ManagerID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    /// `SLURM`, `HTCondor`, ...
    public var productName = ""
    public var productVersion: String?
    public var reservation: Bool?
    public var bulkSubmission: Bool?
    public var totalPhysicalCPUs: Int?
    public var totalLogicalCPUs: Int?
    public var totalSlots: Int?
    public var slotsUsedByLocalJobs: Int?
    public var slotsUsedByGridJobs: Int?
    public var homogeneous: Bool?
    public var networkInfo: [NetworkInfo] = []
    public var workingAreaShared: Bool?
    /// GB.
    public var workingAreaTotal: Int?
    public var workingAreaFree: Int?
    public var tmpDir: String?
    public var scratchDir: String?
    public var applicationDir: String?
    public var serviceID = ""

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Manager")
        t.managerBase()
        t.objectClass = "GLUE2ComputingManager"
        t.add("GLUE2ComputingManagerReservation", .element("Reservation"), \.reservation)
        t.add("GLUE2ComputingManagerBulkSubmission", .element("BulkSubmission"), \.bulkSubmission)
        t.add("GLUE2ComputingManagerTotalPhysicalCPUs", .element("TotalPhysicalCPUs"), \.totalPhysicalCPUs)
        t.add("GLUE2ComputingManagerTotalLogicalCPUs", .element("TotalLogicalCPUs"), \.totalLogicalCPUs)
        t.add("GLUE2ComputingManagerTotalSlots", .element("TotalSlots"), \.totalSlots)
        t.add("GLUE2ComputingManagerSlotsUsedByLocalJobs", .element("SlotsUsedByLocalJobs"), \.slotsUsedByLocalJobs)
        t.add("GLUE2ComputingManagerSlotsUsedByGridJobs", .element("SlotsUsedByGridJobs"), \.slotsUsedByGridJobs)
        t.add("GLUE2ComputingManagerHomogeneous", .element("Homogeneous"), \.homogeneous)
        t.add("GLUE2ComputingManagerNetworkInfo", .element("NetworkInfo"), \.networkInfo)
        t.add("GLUE2ComputingManagerWorkingAreaShared", .element("WorkingAreaShared"), \.workingAreaShared)
        t.add("GLUE2ComputingManagerWorkingAreaTotal", .element("WorkingAreaTotal"), \.workingAreaTotal)
        t.add("GLUE2ComputingManagerWorkingAreaFree", .element("WorkingAreaFree"), \.workingAreaFree)
        t.add("GLUE2ComputingManagerTmpDir", .element("TmpDir"), \.tmpDir)
        t.add("GLUE2ComputingManagerScratchDir", .element("ScratchDir"), \.scratchDir)
        t.add("GLUE2ComputingManagerApplicationDir", .element("ApplicationDir"), \.applicationDir)
        t.objectClass = "GLUE2Manager"
        t.add("GLUE2ManagerServiceForeignKey", .association("ServiceID"), \.serviceID, fk: "GLUE2ServiceID")
        t.objectClass = "GLUE2ComputingManager"
        t.add("GLUE2ComputingManagerComputingServiceForeignKey", .none, \.serviceID, required: false, fk: "GLUE2ServiceID")
        return t.fields
    }
}
