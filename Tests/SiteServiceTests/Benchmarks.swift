// GVE — SiteServiceTests
// Measurements, not timed tests: run with GVE_BENCH=1 (figures are printed, nothing about time is asserted).
import Foundation
import Testing
@testable import SiteService

@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["GVE_BENCH"] == "1"))
struct Benchmarks {
    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        return s[min(s.count - 1, Int(Double(s.count) * p))]
    }

    /// Placement decision (quota check + filter/weigh + claim + job insert, one transaction) at 1,000 and 10,000 hosts.
    @Test(arguments: [1000, 10000])
    func placementDecisionLatency(hosts: Int) async throws {
        let (db, _) = try await StoreTests.seeded(hosts: hosts, cpus: 64)
        let u = try await db.createUser(name: "bench", password: "pw", cost: 4)
        try await db.setQuota(name: "bench", limits: .unlimited)
        let p = Principal(userID: u.id, name: "bench", role: .user)
        var samples: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<300 {
            let d = try await clock.measure {
                _ = try await db.requestVMs(principal: p, request: VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1),
                                            settings: SiteSettings(), now: StoreTests.now)
            }
            samples.append(Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000)
        }
        print("BENCH placement hosts=\(hosts) n=300 p50=\(String(format: "%.2f", Self.percentile(samples, 0.5))) ms p99=\(String(format: "%.2f", Self.percentile(samples, 0.99))) ms")
    }

    /// SOAP RequestVM → running through the runner against an in-test Agent; sustained rate and lease end → released.
    @Test func requestToRunningThroughput() async throws {
        let f = try await Fixture.make()
        try await f.db.setQuota(name: "alice", limits: .unlimited)
        let agent = TestAgent(hostname: "host-a", cpus: 100000, memoryMB: 1 << 30, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                _ = try await eventually("images") { try await !alice.listImages().isEmpty }
                let n = 600
                let clock = ContinuousClock()
                let start = clock.now
                let latencies = try await withThrowingTaskGroup(of: Double.self) { group in
                    var out: [Double] = []
                    var next = 0
                    for _ in 0..<32 where next < n {
                        let i = next; next += 1
                        group.addTask { let t = clock.now; _ = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 64, diskGB: 1, clientRequestID: "b\(i)")); let d = clock.now - t; return Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000 }
                    }
                    while let l = try await group.next() {
                        out.append(l)
                        if next < n {
                            let i = next; next += 1
                            group.addTask { let t = clock.now; _ = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 64, diskGB: 1, clientRequestID: "b\(i)")); let d = clock.now - t; return Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000 }
                        }
                    }
                    return out
                }
                let accepted = clock.now - start
                _ = try await eventually("all running", attempts: 2000) { try await f.db.listJobs(principal: Principal(userID: 0, name: "x", role: .admin), state: .running).count == n }
                let running = clock.now - start
                func secs(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
                print("BENCH soap RequestVM n=\(n) accepted in \(String(format: "%.2f", secs(accepted))) s (\(Int(Double(n) / secs(accepted))) req/s), p50=\(String(format: "%.1f", Self.percentile(latencies, 0.5))) ms p99=\(String(format: "%.1f", Self.percentile(latencies, 0.99))) ms; all running after \(String(format: "%.2f", secs(running))) s (\(Int(Double(n) / secs(running))) VMs/s)")
                let before = clock.now
                f.time.advance(3600)
                _ = try await eventually("released", attempts: 2000) { try await f.db.listJobs(principal: Principal(userID: 0, name: "x", role: .admin), state: .released).count == n }
                print("BENCH lease end -> released for \(n) VMs: \(String(format: "%.2f", secs(clock.now - before))) s")
            }
        }
    }
}
