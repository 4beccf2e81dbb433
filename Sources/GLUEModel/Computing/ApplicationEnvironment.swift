// GVE — GLUEModel
public import Foundation

/// Software installed for jobs (GFD.147 §6.6 ApplicationEnvironment). LDAP: `GLUE2ApplicationEnvironmentID=<id>`
/// under its manager.
public struct ApplicationEnvironment: GLUEEntity {
    public static let glueClass = GLUEClass(name: "ApplicationEnvironment", objectClasses: ["GLUE2ApplicationEnvironment"],
                                            idAttribute: "GLUE2ApplicationEnvironmentID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var appName = ""
    public var appVersion: String?
    public var repository: String?
    public var state: ApplicationEnvironmentState?
    public var removalDate: Date?
    public var license: License?
    public var description: String?
    public var bestBenchmarks: [BenchmarkType] = []
    public var parallelSupport: ParallelSupport?
    public var maxSlots: Int?
    public var maxJobs: Int?
    public var maxUserSeats: Int?
    public var freeSlots: Int?
    public var freeJobs: Int?
    public var freeUserSeats: Int?
    public var executionEnvironmentIDs: [String] = []
    public var managerID = ""

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2ApplicationEnvironment")
        t.entity(idAttribute: "GLUE2ApplicationEnvironmentID")
        t.add("GLUE2ApplicationEnvironmentAppName", .element("AppName"), \.appName)
        t.add("GLUE2ApplicationEnvironmentAppVersion", .element("AppVersion"), \.appVersion)
        t.add("GLUE2ApplicationEnvironmentRepository", .element("Repository"), \.repository, kind: .uri)
        t.add("GLUE2ApplicationEnvironmentState", .element("State"), \.state)
        t.add("GLUE2ApplicationEnvironmentRemovalDate", .element("RemovalDate"), \.removalDate)
        t.add("GLUE2ApplicationEnvironmentLicense", .element("License"), \.license)
        t.add("GLUE2ApplicationEnvironmentDescription", .element("Description"), \.description)
        t.add("GLUE2ApplicationEnvironmentBestBenchmark", .element("BestBenchmark"), \.bestBenchmarks)
        t.add("GLUE2ApplicationEnvironmentParallelSupport", .element("ParallelSupport"), \.parallelSupport)
        t.add("GLUE2ApplicationEnvironmentMaxSlots", .element("MaxSlots"), \.maxSlots)
        t.add("GLUE2ApplicationEnvironmentMaxJobs", .element("MaxJobs"), \.maxJobs)
        t.add("GLUE2ApplicationEnvironmentMaxUserSeats", .element("MaxUserSeats"), \.maxUserSeats)
        t.add("GLUE2ApplicationEnvironmentFreeSlots", .element("FreeSlots"), \.freeSlots)
        t.add("GLUE2ApplicationEnvironmentFreeJobs", .element("FreeJobs"), \.freeJobs)
        t.add("GLUE2ApplicationEnvironmentFreeUserSeats", .element("FreeUserSeats"), \.freeUserSeats)
        t.add("GLUE2ApplicationEnvironmentExecutionEnvironmentForeignKey", .association("ResourceID"),
              \.executionEnvironmentIDs, fk: "GLUE2ResourceID")
        t.add("GLUE2ApplicationEnvironmentComputingManagerForeignKey", .association("ManagerID"), \.managerID, fk: "GLUE2ManagerID")
        return t.fields
    }
}
