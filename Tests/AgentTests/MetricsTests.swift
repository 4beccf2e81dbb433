// GVE — AgentTests: GET /metrics on a running Agent counts SOAP calls by operation and outcome, and libvirt calls
// and errors (the libvirt test driver behind a MeteredHypervisor).
import Foundation
import Testing

@testable import Agent

@Suite struct AgentMetricsTests {
    /// After SOAP calls (one refused, one failing) and a failing libvirt call, /metrics has moved each counter.
    @Test func metricsCountSOAPCallsAndLibvirtCallsAndErrors() async throws {
        let host = try TestHost(cpus: 4, memoryMB: 8192)
        defer { host.remove() }
        let metrics = AgentMetrics()
        let libvirt = try await LibvirtHypervisor.open(uri: host.uri)
        let metered = MeteredHypervisor(libvirt, metrics: metrics)
        let agent = try HostAgent(configuration: .init(dataDirectory: host.dataDirectory), hypervisor: metered)
        try await agent.siteServices.add(name: "site-a", password: "secret-a", cost: 4)
        try await withAgentServer(agent, metrics: metrics) { client in
            #expect(try await client.call("GetHostInfo").status == 200)
            #expect(try await client.call("Start", [("name", "no-such-vm")]).faultCode == "NotFound")
            var stranger = client
            stranger.password = "wrong"
            #expect(try await stranger.call("GetHostInfo").status == 401)
            await #expect(throws: HypervisorError.self) { try await metered.start("no-such-domain") }

            let (status, text) = try await client.get(path: "/metrics")
            #expect(status == 200)
            #expect(text.contains("gve_agent_soap_calls_total{operation=\"GetHostInfo\",outcome=\"ok\"} 1\n"))
            #expect(text.contains("gve_agent_soap_calls_total{operation=\"Start\",outcome=\"NotFound\"} 1\n"))
            #expect(text.contains("gve_agent_soap_calls_total{operation=\"-\",outcome=\"AuthenticationFailed\"} 1\n"))
            #expect(text.contains("gve_agent_libvirt_calls_total{operation=\"hostInventory\"}"))
            #expect(text.contains("gve_agent_libvirt_errors_total{operation=\"start\",code=\"domainNotFound\"} 1\n"))
            #expect(text.contains("# TYPE gve_agent_libvirt_call_duration_seconds histogram\n"))
        }
        await libvirt.close()
    }
}
