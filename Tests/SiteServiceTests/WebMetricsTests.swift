// GVE — SiteServiceTests
// GET /metrics on a running Site Service: Prometheus text with SOAP calls, jobs by state and placements.
import Foundation
import Testing
@testable import SiteService

@Suite struct WebMetricsTests {
    /// After a VM request and a refused call, /metrics counts the SOAP calls by operation and outcome, the job by
    /// state and the placement, in the Prometheus text format.
    @Test func metricsCountSOAPCallsJobsAndPlacements() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-m", cpus: 4, memoryMB: 8192, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db) { port in
                let alice = f.client(port)
                #expect(try await eventually("images") { try await !alice.listImages().isEmpty })
                let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 512, diskGB: 1))
                #expect(try await eventually("running") { try await alice.getJob(r.jobs[0].id).state == .running })
                await #expect(throws: SiteError(.notAuthorized, "")) { try await alice.listAgents() }

                let answer = try await WebClient(port: port).get("/metrics")
                #expect(answer.status == 200)
                #expect(answer.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = answer.body
                #expect(text.contains("# TYPE gve_site_soap_calls_total counter\n"))
                #expect(text.contains("gve_site_soap_calls_total{operation=\"RequestVM\",outcome=\"ok\"} 1\n"))
                #expect(text.contains("gve_site_soap_calls_total{operation=\"ListAgents\",outcome=\"NotAuthorized\"} 1\n"))
                #expect(text.contains("gve_site_jobs{state=\"running\"} 1\n"))
                #expect(text.contains("gve_site_jobs{state=\"failed\"} 0\n"))
                #expect(text.contains("gve_site_placements_total 1\n"))
                #expect(text.contains("gve_site_host_cpus{host=\"host-m\"} 4\n"))  // free CPUs follow the next inventory poll
                // Every sample line is `name{labels} number`.
                for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                    #expect(line.wholeMatch(of: /[a-z_]+(\{[^}]*\})? -?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/) != nil, "\(line)")
                }
            }
        }
    }

    /// A lease that runs out and a VM released by its owner are counted by reason; the placement histogram counts
    /// each placed job; JSON API calls are counted apart from SOAP calls.
    @Test func metricsCountLeaseReleasesByReasonAndPlacementTime() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-l", cpus: 4, memoryMB: 8192, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                #expect(try await eventually("images") { try await !alice.listImages().isEmpty })
                let short = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1, lifetime: 30))
                let long = try await curl("POST", "http://127.0.0.1:\(port)/api/v1/vms", user: "alice:alicepw",
                                          json: #"{"image":"debian","vcpus":1,"memoryMB":256,"diskGB":1,"lifetime":300}"#)
                let longJob = try #require((long.json["jobs"] as? [[String: Any]])?.first?["id"] as? String)
                for id in [short.jobs[0].id, longJob] {
                    #expect(try await eventually("running") { try await alice.getJob(id).state == .running })
                }
                f.time.advance(60)  // the short lease ends
                #expect(try await eventually("lease end") { try await alice.getJob(short.jobs[0].id).state == .released })
                _ = try await alice.releaseVM(try #require(try await alice.getJob(longJob).vmName))
                #expect(try await eventually("released") { try await alice.getJob(longJob).state == .released })

                let text = try await curl("GET", "http://127.0.0.1:\(port)/metrics").text
                #expect(text.contains("gve_site_lease_releases_total{reason=\"lease_end\"} 1\n"), "\(text)")
                #expect(text.contains("gve_site_lease_releases_total{reason=\"released\"} 1\n"))
                #expect(text.contains("# TYPE gve_site_placement_seconds histogram\n"))
                #expect(text.contains("gve_site_placement_seconds_count 2\n"))
                #expect(text.contains("gve_site_placement_seconds_bucket{le=\"+Inf\"} 2\n"))
                #expect(text.contains("gve_site_api_calls_total{operation=\"RequestVM\",outcome=\"ok\"} 1\n"))
                #expect(text.contains("gve_site_soap_calls_total{operation=\"RequestVM\",outcome=\"ok\"} 1\n"))
            }
        }
    }

    /// Label values are escaped as the text format requires.
    @Test func labelValuesAreEscaped() {
        #expect(SiteMetricsSnapshot.escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
    }
}
