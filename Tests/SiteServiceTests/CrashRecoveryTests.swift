// GVE — SiteServiceTests
// The service stops in the middle of a burst; after restart every job ends running, retried requests are
// deduplicated, and the Agent holds exactly one VM per job. (Cancelling the server task outright, the closest an
// in-process test gets to kill -9, trips a NIO debug assertion; a crash mid-job is covered in
// RunnerIntegrationTests.restartContinuesJobsAndReconcilesLeaks by leaving the database mid-clone.)
import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization
import Testing
@testable import SiteService

@Suite struct CrashRecoveryTests {
    /// Starts the site, returns its port and the task running it (cancel it to "crash").
    func start(_ f: Fixture) async throws -> (Int, Task<Void, any Error>, ServiceGroup) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let configuration = SiteServiceConfiguration(port: 0, bcryptCost: 4, runner: .init(tick: .milliseconds(20), inventoryInterval: .seconds(1)))
        let app = SiteServer.application(database: f.db, configuration: configuration, now: f.time.source, logger: quietLogger,
                                         onServerRunning: { continuation.yield($0) }).application
        let group = ServiceGroup(configuration: .init(services: [app], logger: quietLogger))
        let task = Task { try await group.run() }
        var port = 0
        for await p in stream { port = p; break }
        return (port, task, group)
    }

    /// Stop mid-burst, restart, client retries with the same request ids: no lost job, no doubled or leaked VM.
    @Test func stopMidBurstLosesNothing() async throws {
        let f = try await Fixture.make()
        try await f.db.setQuota(name: "alice", limits: .unlimited)
        let agent = TestAgent(hostname: "host-a", cpus: 64, memoryMB: 65536, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            let (port, task, service) = try await start(f)
            let alice = f.client(port)
            #expect(try await eventually("images") { try await !alice.listImages().isEmpty })
            let done = Counter()
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        _ = try? await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 128, diskGB: 1, clientRequestID: "burst-\(i)"))
                        let n = done.increment()
                        if n == 15 { await service.triggerGracefulShutdown() }  // stop while requests are still arriving
                    }
                }
            }
            _ = try? await task.value

            let (port2, task2, group2) = try await start(f)
            let alice2 = f.client(port2)
            let healthy = try await waitForHealthyAgents(f.db)
            #expect(healthy)
            var jobIDs = Set<String>()
            for i in 0..<40 {
                let r = try await alice2.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 128, diskGB: 1, clientRequestID: "burst-\(i)"))
                #expect(r.jobs.count == 1)
                jobIDs.formUnion(r.jobs.map(\.id))
            }
            #expect(jobIDs.count == 40)
            let allRunning = try await eventually("all running", attempts: 800) {
                try await alice2.listJobs().filter { $0.state == .running }.count == 40
            }
            #expect(allRunning)
            let jobs = try await alice2.listJobs()
            #expect(jobs.count == 40)
            #expect(agent.vmNames == Set(jobs.compactMap(\.vmName)))
            #expect(try await alice2.getQuota().used.vms == 40)
            await group2.triggerGracefulShutdown()
            _ = try? await task2.value
        }
    }
}

final class Counter: Sendable {
    let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}

func waitForHealthyAgents(_ db: SiteDatabase) async throws -> Bool {
    for _ in 0..<800 {
        if try await db.listAgents().allSatisfy({ $0.healthy }) { return true }
        try await Task.sleep(for: .milliseconds(25))
    }
    return false
}
