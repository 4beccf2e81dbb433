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

    /// Label values are escaped as the text format requires.
    @Test func labelValuesAreEscaped() {
        #expect(SiteMetricsSnapshot.escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
    }
}
