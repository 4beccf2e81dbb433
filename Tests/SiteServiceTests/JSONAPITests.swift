// GVE — SiteServiceTests
// The JSON API over real HTTP (curl): the VM lifecycle, every error object with its status, the admin operations,
// the audit and metrics records, and /openapi.json against the routes the router serves.
import Foundation
import Testing
@testable import SiteService

@Suite struct JSONAPITests {
    static let alice = "alice:alicepw"
    static let root = "root:rootpw"

    /// Request, follow, manage, extend and release a VM through the JSON API; answers carry the SOAP names.
    @Test func vmLifecycleThroughJSON() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-j", cpus: 4, memoryMB: 8192, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db) { port in
                let base = "http://127.0.0.1:\(port)/api/v1"
                #expect(try await eventually("images") {
                    try await (curl("GET", base + "/images", user: Self.alice).json["images"] as? [Any])?.isEmpty == false
                })
                let requested = try await curl("POST", base + "/vms", user: Self.alice,
                                               json: #"{"image":"debian","vcpus":1,"memoryMB":512,"diskGB":1,"lifetime":"PT30S","clientRequestId":"j1","hints":{"host":"host-j"}}"#)
                #expect(requested.status == 202)
                #expect(requested.header("Content-Type") == "application/json")
                let job = try #require((requested.json["jobs"] as? [[String: Any]])?.first)
                let jobID = try #require(job["id"] as? String)
                #expect(job["owner"] as? String == "alice")
                #expect(job["lifetime"] as? Int == 30)
                // Replaying the client request id answers 200 with the same jobs.
                let replay = try await curl("POST", base + "/vms", user: Self.alice,
                                            json: #"{"image":"debian","vcpus":1,"memoryMB":512,"diskGB":1,"clientRequestId":"j1"}"#)
                #expect(replay.status == 200 && replay.json["replayed"] as? Bool == true)

                #expect(try await eventually("running") { try await curl("GET", base + "/jobs/\(jobID)", user: Self.alice).json["state"] as? String == "running" })
                let running = try await curl("GET", base + "/jobs?state=running", user: Self.alice).json
                #expect((running["jobs"] as? [[String: Any]])?.map { $0["id"] as? String } == [jobID])
                let name = try #require(try await curl("GET", base + "/jobs/\(jobID)", user: Self.alice).json["vmName"] as? String)
                let vms = try await curl("GET", base + "/vms", user: Self.alice).json["vms"] as? [[String: Any]]
                #expect(vms?.map { $0["name"] as? String } == [name])
                let described = try await curl("GET", base + "/vms/\(name)", user: Self.alice)
                #expect(described.status == 200 && described.json["jobId"] as? String == jobID && described.json["host"] as? String == "host-j")
                // DescribeVM carries the GLUE 2.1 CloudComputingInstance view, as SOAP's <instance> does.
                let instance = described.json["instance"] as? [String: Any]
                #expect(instance?["State"] as? String == "running" && instance?["ExecutionNode"] as? String == "host-j")

                let stopped = try await curl("POST", base + "/vms/\(name)/actions", user: Self.alice, json: #"{"action":"stop"}"#)
                #expect(stopped.status == 200 && stopped.json["state"] as? String == "halted")
                let suspend = try await curl("POST", base + "/vms/\(name)/actions", user: Self.alice, json: #"{"action":"suspend"}"#)
                #expect(suspend.status == 409 && suspend.json["code"] as? String == "InvalidState")
                let extended = try await curl("POST", base + "/vms/\(name)/lease", user: Self.alice, json: #"{"extension":60}"#)
                #expect(extended.status == 200 && extended.json["leaseEnd"] != nil)

                let quota = try await curl("GET", base + "/quota", user: Self.alice).json
                #expect((quota["used"] as? [String: Any])?["memoryMB"] as? Int == 512)
                #expect((quota["limits"] as? [String: Any])?["memoryMB"] as? Int == 10240)
                #expect((quota["limits"] as? [String: Any])?["vms"] is NSNull)

                let released = try await curl("DELETE", base + "/vms/\(name)", user: Self.alice)
                #expect(released.status == 202)
                #expect(["releasing", "released"].contains(released.json["state"] as? String ?? ""))
                #expect(try await eventually("released") { try await curl("GET", base + "/jobs/\(jobID)", user: Self.alice).json["state"] as? String == "released" })
                #expect(agent.vmCount == 0)
            }
        }
    }

    /// Every fault is a JSON error object with the SOAP fault code, its details and a fitting HTTP status.
    @Test func faultsAreJSONObjectsWithStatuses() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-f", cpus: 2, memoryMB: 4096, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db) { port in
                let base = "http://127.0.0.1:\(port)/api/v1"
                #expect(try await eventually("images") {
                    try await (curl("GET", base + "/images", user: Self.alice).json["images"] as? [Any])?.isEmpty == false
                })
                let unauthenticated = try await curl("GET", base + "/vms")
                #expect(unauthenticated.status == 401 && unauthenticated.json["code"] as? String == "AuthenticationFailed")
                #expect(unauthenticated.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
                #expect(try await curl("GET", base + "/vms", user: "alice:wrong").status == 401)
                let forbidden = try await curl("GET", base + "/agents", user: Self.alice)
                #expect(forbidden.status == 403 && forbidden.json["code"] as? String == "NotAuthorized")

                let badField = try await curl("POST", base + "/vms", user: Self.alice, json: #"{"image":"debian","vcpus":"two","memoryMB":1,"diskGB":1}"#)
                #expect(badField.status == 400 && badField.json["code"] as? String == "InvalidRequest" && badField.json["field"] as? String == "vcpus")
                let unknownMember = try await curl("POST", base + "/vms", user: Self.alice, json: #"{"image":"debian","vcpu":1,"memoryMB":1,"diskGB":1}"#)
                #expect(unknownMember.status == 400 && unknownMember.json["field"] as? String == "vcpu")
                let notJSON = try await curl("POST", base + "/vms", user: Self.alice, json: #"{"image": "#)
                #expect(notJSON.status == 400 && notJSON.json["field"] as? String == "body")
                let missing = try await curl("POST", base + "/vms", user: Self.alice, json: #"{"image":"debian","memoryMB":1,"diskGB":1}"#)
                #expect(missing.status == 400 && missing.json["field"] as? String == "vcpus")

                let quota = try await curl("POST", base + "/vms", user: Self.alice, json: #"{"image":"debian","vcpus":1,"memoryMB":20000,"diskGB":1}"#)
                #expect(quota.status == 403)
                #expect(quota.json["code"] as? String == "QuotaExceeded")
                #expect(quota.json["resource"] as? String == "memoryMB")
                #expect(quota.json["limit"] as? Int == 10240 && quota.json["used"] as? Int == 0 && quota.json["requested"] as? Int == 20000)
                // The same domain code answers SOAP with the same fault and message.
                do {
                    _ = try await f.client(port).requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 20000, diskGB: 1))
                    Issue.record("SOAP accepted an over-quota request")
                } catch let e as SiteError {
                    #expect(e.code == .quotaExceeded && e.message == quota.json["message"] as? String)
                }
                let capacity = try await curl("POST", base + "/vms", user: Self.alice, json: #"{"image":"debian","vcpus":3,"memoryMB":1,"diskGB":1}"#)
                #expect(capacity.status == 503 && capacity.json["code"] as? String == "NoCapacity")
                #expect((capacity.json["hostReasons"] as? [[String: Any]])?.first?["host"] as? String == "host-f")
                let image = try await curl("POST", base + "/vms", user: Self.alice, json: #"{"image":"windows","vcpus":1,"memoryMB":1,"diskGB":1}"#)
                #expect(image.status == 422 && image.json["code"] as? String == "UnknownImage")
                let job = try await curl("GET", base + "/jobs/no-such-job", user: Self.alice)
                #expect(job.status == 404 && job.json["code"] as? String == "NotFound")
                let vm = try await curl("GET", base + "/vms/gve-nothing", user: Self.alice)
                #expect(vm.status == 404 && vm.json["code"] as? String == "NotFound")
                let state = try await curl("GET", base + "/jobs?state=sleeping", user: Self.alice)
                #expect(state.status == 400 && state.json["field"] as? String == "state")
                let action = try await curl("POST", base + "/vms/gve-nothing/actions", user: Self.alice, json: #"{"action":"explode"}"#)
                #expect(action.status == 400 && action.json["field"] as? String == "action")
                let stray = try await curl("GET", base + "/images", user: Self.alice, json: #"{}"#)
                #expect(stray.status == 400 && stray.json["field"] as? String == "body")
            }
        }
    }

    /// Admin operations manage users, quotas and agents; each call is audited as `api:Operation` and counted in /metrics.
    @Test func adminOperationsAreAuditedAndCounted() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db) { port in
            let base = "http://127.0.0.1:\(port)/api/v1"
            let created = try await curl("POST", base + "/users", user: Self.root, json: #"{"name":"bob","password":"bobpw","role":"user"}"#)
            #expect(created.status == 201 && created.json["name"] as? String == "bob" && created.json["disabled"] as? Bool == false)
            let again = try await curl("POST", base + "/users", user: Self.root, json: #"{"name":"bob","password":"x"}"#)
            #expect(again.status >= 400 && again.json["code"] != nil)
            let quota = try await curl("PUT", base + "/users/bob/quota", user: Self.root, json: #"{"vms":2,"vcpus":4}"#)
            #expect(quota.status == 200 && (quota.json["limits"] as? [String: Any])?["vms"] as? Int == 2)
            #expect(try await curl("GET", base + "/quota?user=bob", user: "bob:bobpw").json["user"] as? String == "bob")
            #expect(try await curl("GET", base + "/quota?user=root", user: "bob:bobpw").status == 403)
            let disabled = try await curl("POST", base + "/users/bob/disabled", user: Self.root, json: #"{"disabled":true}"#)
            #expect(disabled.status == 200 && disabled.json["disabled"] as? Bool == true)
            #expect(try await curl("GET", base + "/vms", user: "bob:bobpw").status == 401)

            let agent = try await curl("POST", base + "/agents", user: Self.root,
                                       json: #"{"name":"a1","url":"http://127.0.0.1:1/soap","username":"u","password":"p","vmmType":"kvm"}"#)
            #expect(agent.status == 201 && agent.json["vmmType"] as? String == "kvm")
            #expect((try await curl("GET", base + "/agents", user: Self.root).json["agents"] as? [[String: Any]])?.map { $0["name"] as? String } == ["a1"])
            let removed = try await curl("DELETE", base + "/agents/a1", user: Self.root)
            #expect(removed.status == 204 && removed.body.isEmpty)
            #expect(try await curl("DELETE", base + "/agents/a1", user: Self.root).status == 404)

            let audit = try await curl("GET", base + "/audit?operation=api:CreateUser", user: Self.root).json["entries"] as? [[String: Any]] ?? []
            #expect(audit.count == 2)
            #expect(audit.allSatisfy { ($0["arguments"] as? String)?.contains("password=***") == true })
            #expect(Set(audit.compactMap { $0["outcome"] as? String }).contains("ok"))
            let badDate = try await curl("GET", base + "/audit?since=yesterday", user: Self.root)
            #expect(badDate.status == 400 && badDate.json["field"] as? String == "since")

            let metrics = try await curl("GET", "http://127.0.0.1:\(port)/metrics").text
            #expect(metrics.contains("gve_site_api_calls_total{operation=\"RemoveAgent\",outcome=\"ok\"} 1\n"))
            #expect(metrics.contains("gve_site_api_calls_total{operation=\"RemoveAgent\",outcome=\"NotFound\"} 1\n"))
            #expect(!metrics.contains("gve_site_soap_calls_total{operation=\"RemoveAgent\""))
        }
    }

    /// /openapi.json is OpenAPI 3.1; every route the router serves is in it, every operation in it is served, and
    /// every `$ref` resolves.
    @Test func openAPIDocumentMatchesTheRouter() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db) { port in
            let answer = try await curl("GET", "http://127.0.0.1:\(port)/openapi.json")
            #expect(answer.status == 200 && answer.header("Content-Type") == "application/json")
            let document = answer.json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, operations) in paths {
                for (method, operation) in operations {
                    documented.insert("\(method.uppercased()) \(path)")
                    #expect((operation as? [String: Any])?["operationId"] as? String != nil, "\(method) \(path)")
                }
            }
            let routed = Set(SiteAPIRoute.all.map { "\($0.method.rawValue) \($0.path)" })
            #expect(documented == routed)
            #expect(Set(SiteAPIRoute.all.map(\.operation)).count == SiteAPIRoute.all.count)
            // Each documented operation is served: unauthenticated, it answers the JSON 401, not the router's bare 404.
            for entry in documented.sorted() {
                let parts = entry.split(separator: " ")
                let path = String(parts[1]).replacing(/\{[^}]+\}/, with: "x")
                let served = try await curl(String(parts[0]), "http://127.0.0.1:\(port)\(path)")
                #expect(served.status == 401 && served.json["code"] as? String == "AuthenticationFailed", "\(entry)")
            }
            let unknown = try await curl("GET", "http://127.0.0.1:\(port)/api/v1/nothing", user: Self.alice)
            #expect(unknown.status == 404 && unknown.json["code"] == nil)
            // Every $ref names a component schema.
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let refs = answer.text.matches(of: /"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/).map { String($0.1) }
            #expect(!refs.isEmpty)
            for r in Set(refs) { #expect(schemas[r] != nil, "\(r)") }
        }
    }
}
