// GVE — SiteServiceTests
// /openapi.json checked by a real JSON Schema validator (python3-jsonschema, Draft 2020-12, the dialect of OpenAPI
// 3.1 schemas): every component schema is a valid schema, and answers of the running API validate against the
// schema its route names.
import Foundation
import Testing
@testable import SiteService

@Suite struct OpenAPIConformanceTests {
    /// Checks the component schemas and validates `instances` (schema name, JSON file) against them; prints one
    /// line per failure and exits 1 when any failed.
    static let validator = """
    import json, sys
    from jsonschema import Draft202012Validator, RefResolver
    doc = json.load(open(sys.argv[1]))
    for name, schema in doc["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
    resolver = RefResolver.from_schema(doc)
    failed = 0
    for pair in sys.argv[2:]:
        name, path = pair.split("=", 1)
        validator = Draft202012Validator({"$ref": "#/components/schemas/" + name}, resolver=resolver)
        for error in validator.iter_errors(json.load(open(path))):
            failed += 1
            print(name, path.rsplit("/", 1)[-1], list(error.absolute_path), error.message)
    sys.exit(1 if failed else 0)
    """

    /// Runs the validator over the document and named answers.
    static func validate(document: Data, _ instances: [(String, Data)]) throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 missing")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let documentFile = dir.appendingPathComponent("openapi.json")
        try document.write(to: documentFile)
        var arguments = ["-c", validator, documentFile.path]
        for (i, (schema, body)) in instances.enumerated() {
            let file = dir.appendingPathComponent("\(i)-\(schema).json")
            try body.write(to: file)
            arguments.append("\(schema)=\(file.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The API's answers validate against the schemas /openapi.json names for them; the validator is real (it
    /// rejects a Job without an id and an Error with a string limit).
    @Test func answersValidateAgainstTheDocument() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-o", cpus: 2, memoryMB: 4096, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db) { port in
                let base = "http://127.0.0.1:\(port)/api/v1"
                let alice = "alice:alicepw", root = "root:rootpw"
                #expect(try await eventually("images") {
                    try await (curl("GET", base + "/images", user: alice).json["images"] as? [Any])?.isEmpty == false
                })
                var answers: [(String, Data)] = []
                func keep(_ schema: String, _ answer: CurlAnswer) { answers.append((schema, answer.body)) }
                keep("ImageList", try await curl("GET", base + "/images", user: alice))
                let requested = try await curl("POST", base + "/vms", user: alice, json: #"{"image":"debian","vcpus":1,"memoryMB":256,"diskGB":1}"#)
                keep("RequestResult", requested)
                let jobID = try #require((requested.json["jobs"] as? [[String: Any]])?.first?["id"] as? String)
                #expect(try await eventually("running") { try await curl("GET", base + "/jobs/\(jobID)", user: alice).json["state"] as? String == "running" })
                let job = try await curl("GET", base + "/jobs/\(jobID)", user: alice)
                keep("Job", job)
                keep("JobList", try await curl("GET", base + "/jobs", user: alice))
                let name = try #require(job.json["vmName"] as? String)
                keep("VM", try await curl("GET", base + "/vms/\(name)", user: alice))
                keep("VMList", try await curl("GET", base + "/vms", user: alice))
                keep("Quota", try await curl("GET", base + "/quota", user: alice))
                keep("Error", try await curl("POST", base + "/vms", user: alice, json: #"{"image":"debian","vcpus":1,"memoryMB":99999,"diskGB":1}"#))
                keep("Error", try await curl("POST", base + "/vms", user: alice, json: #"{"image":"debian","vcpus":2,"memoryMB":1,"diskGB":1}"#))
                keep("User", try await curl("POST", base + "/users", user: root, json: #"{"name":"carol","password":"c"}"#))
                keep("AgentList", try await curl("GET", base + "/agents", user: root))
                keep("AuditList", try await curl("GET", base + "/audit?limit=5", user: root))
                keep("Job", try await curl("DELETE", base + "/vms/\(name)", user: alice))

                let document = try await curl("GET", "http://127.0.0.1:\(port)/openapi.json").body
                let good = try Self.validate(document: document, answers)
                #expect(good.status == 0, "\(good.output)")
                let bad = try Self.validate(document: document, [("Job", Data(#"{"state":"running"}"#.utf8)),
                                                                 ("Error", Data(#"{"code":"QuotaExceeded","message":"m","limit":"10"}"#.utf8))])
                #expect(bad.status == 1)
                #expect(bad.output.contains("'id' is a required property"), "\(bad.output)")
                #expect(bad.output.contains("['limit']"), "\(bad.output)")
            }
        }
    }
}
