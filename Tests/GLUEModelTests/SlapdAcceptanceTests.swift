// GVE — GLUEModelTests
import Foundation
import GLUEModel
import LDAPCore
import Testing

@Suite struct SlapdAcceptanceTests {
    /// slaptest accepts GLUE21-cloud.schema on top of core, cosine and GLUE20.schema.
    @Test func slaptestAcceptsTheCloudSchema() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-slaptest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("slapd.conf")
        try SlapdInstance.configuration(directory: dir, extraSchemas: [cloudSchemaPath]).write(to: conf, atomically: true, encoding: .utf8)
        let r = try runTool("/usr/sbin/slaptest", ["-u", "-f", conf.path])
        #expect(r.status == 0, "\(r.output)")
    }

    /// A real slapd with GLUE20.schema and our cloud schema accepts every entity GVE emits, in every layout.
    @Test(arguments: GLUERegistryLayout.allCases)
    func slapdAcceptsEveryGeneratedEntity(layout: GLUERegistryLayout) throws {
        let slapd = try SlapdInstance()
        defer { slapd.stop() }
        var c = GLUESyntheticGenerator.Configuration(sites: 3, seed: 11, layout: layout)
        c.includeSuffixEntry = true
        c.policies = true
        c.benchmarks = true
        c.applicationEnvironments = 2
        c.images = 3
        c.instanceTypes = 3
        c.instances = 5
        c.validity = 600
        let generator = GLUESyntheticGenerator(configuration: c)
        // the site-layout domains need no container; the resource layout's domains sit under o=glue too
        let entries = Array(generator)
        let r = try slapd.add(ldif: TestLDIF.render(entries))
        #expect(r.status == 0, "ldapadd failed: \(r.problems)")
        #expect(try slapd.count() == entries.count)
        // every modelled class reached the server
        for oc in ["GLUE2AdminDomain", "GLUE2Location", "GLUE2Contact", "GLUE2ComputingService", "GLUE2ComputingEndpoint",
                   "GLUE2ComputingShare", "GLUE2ComputingManager", "GLUE2ExecutionEnvironment", "GLUE2ApplicationEnvironment",
                   "GLUE2Benchmark", "GLUE2AccessPolicy", "GLUE2MappingPolicy", "GLUE2CloudComputingService",
                   "GLUE2CloudComputingEndpoint", "GLUE2CloudComputingShare", "GLUE2CloudComputingManager",
                   "GLUE2CloudComputingInstanceType", "GLUE2CloudComputingImage", "GLUE2CloudComputingInstance"] {
            #expect(try slapd.count(filter: "(objectClass=\(oc))") > 0, "\(oc) missing")
        }
        #expect(try slapd.count(filter: "(GLUE2CloudComputingInstanceState=running)") >= 0)
        #expect(try slapd.count(filter: "(GLUE2ExecutionEnvironmentMainMemorySize>=131072)") > 0)
    }

    /// Without our schema slapd refuses the cloud entities: the acceptance above is the schema's doing.
    @Test func slapdRejectsCloudEntitiesWithoutTheCloudSchema() throws {
        let slapd = try SlapdInstance(extraSchemas: [])
        defer { slapd.stop() }
        var c = GLUESyntheticGenerator.Configuration(sites: 1, seed: 1, layout: .site)
        c.includeSuffixEntry = true
        let r = try slapd.add(ldif: TestLDIF.render(GLUESyntheticGenerator(configuration: c)))
        #expect(r.status != 0)
        let problems = r.problems
        #expect(problems.contains("Invalid syntax") && problems.contains("objectClass"), "\(problems)")
    }
}
