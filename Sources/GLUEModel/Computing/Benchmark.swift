// GVE — GLUEModel
public import Foundation

/// A benchmark result for an execution environment or manager (GFD.147 §6.7 Benchmark).
/// LDAP: `GLUE2BenchmarkID=<id>` under the execution environment (or the manager).
public struct Benchmark: GLUEEntity {
    public static let glueClass = GLUEClass(name: "Benchmark", objectClasses: ["GLUE2Benchmark"], idAttribute: "GLUE2BenchmarkID")
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var type: BenchmarkType = .hepSpec06
    public var value = 0.0
    public var executionEnvironmentID: String?
    public var managerID: String?

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Benchmark")
        t.entity(idAttribute: "GLUE2BenchmarkID")
        t.add("GLUE2BenchmarkType", .element("Type"), \.type)
        t.add("GLUE2BenchmarkValue", .element("Value"), \.value)
        t.add("GLUE2BenchmarkExecutionEnvironmentForeignKey", .association("ResourceID"), \.executionEnvironmentID, fk: "GLUE2ResourceID")
        t.add("GLUE2BenchmarkComputingManagerForeignKey", .association("ManagerID"), \.managerID, fk: "GLUE2ManagerID")
        return t.fields
    }
}
