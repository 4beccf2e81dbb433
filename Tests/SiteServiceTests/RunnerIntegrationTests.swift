// GVE — SiteServiceTests
// The Site Service over real HTTP with its job runner, against in-test Agents speaking the Agent SOAP contract.
import Foundation
import Testing
@testable import SiteService

@Suite struct RunnerIntegrationTests {
    /// RequestVM returns at once; the runner clones and starts the VM; the lease warns, extends within the maximum,
    /// and at its end the VM is destroyed and released.
    @Test func requestRunsVMAndLeaseEndsOnTime() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-a", cpus: 8, memoryMB: 16384, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                #expect(try await eventually("images") { try await !alice.listImages().isEmpty })
                let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 2, memoryMB: 1024, diskGB: 4, lifetime: 60, clientRequestID: "r1"))
                #expect(r.jobs.count == 1)
                let jobID = r.jobs[0].id
                #expect(try await eventually("running") { try await alice.getJob(jobID).state == .running })
                let job = try await alice.getJob(jobID)
                #expect(job.history.map(\.state) == [.queued, .cloning, .starting, .running])
                let name = try #require(job.vmName)
                #expect(agent.vmNames == [name])
                var vm = try await alice.describeVM(name)
                #expect(vm.state == "running")
                #expect(!vm.leaseWarning)
                #expect(Int(vm.leaseEnd.timeIntervalSince(vm.created).rounded()) == 60)

                f.time.advance(55)
                #expect(try await alice.describeVM(name).leaseWarning)
                vm = try await alice.extendLease(name, seconds: 30)
                #expect(Int(vm.leaseEnd.timeIntervalSince(vm.created).rounded()) == 90)
                await #expect(throws: SiteError(.invalidState, "")) { try await alice.extendLease(name, seconds: 1000) }

                f.time.advance(10)  // past the original end, before the extended one
                try await Task.sleep(for: .milliseconds(200))
                #expect(try await alice.getJob(jobID).state == .running)
                f.time.advance(30)  // past the extended end
                #expect(try await eventually("released", attempts: 800) { try await alice.getJob(jobID).state == .released })
                #expect(agent.vmCount == 0)
                #expect(try await alice.getQuota().used.vms == 0)
                #expect(try await alice.listVMs().isEmpty)
                #expect(try await alice.listVMs(includeReleased: true).count == 1)
            }
        }
    }

    /// RequestVM and ReleaseVM wake the runner: with a tick of an hour, jobs still run and release at once, and jobs
    /// beyond the concurrency limit start as soon as a slot frees.
    @Test func requestsWakeTheRunnerWithoutWaitingForTheTick() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-a", cpus: 8, memoryMB: 16384, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            let runner = JobRunnerConfiguration(tick: .seconds(3600), inventoryInterval: .seconds(3600), concurrency: 1)
            try await withSite(database: f.db, time: f.time, runner: runner) { port in
                let alice = f.client(port)
                #expect(try await eventually("images") { try await !alice.listImages().isEmpty })
                let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1, count: 3))
                for job in r.jobs {
                    #expect(try await eventually("running") { try await alice.getJob(job.id).state == .running })
                }
                let name = try #require(r.jobs[0].vmName)
                _ = try await alice.releaseVM(name)
                #expect(try await eventually("released") { try await alice.getJob(r.jobs[0].id).state == .released })
            }
        }
    }

    /// A clone that fails on one host releases its claim and the job runs on the next host.
    @Test func failedCloneMovesJobToNextHost() async throws {
        let f = try await Fixture.make()
        let bad = TestAgent(hostname: "host-bad", cpus: 64, memoryMB: 65536, images: ["debian"])
        let good = TestAgent(hostname: "host-good", cpus: 4, memoryMB: 8192, images: ["debian"])
        bad.setFailClone(true)
        try await withAgent(bad) { badPort in
            try await withAgent(good) { goodPort in
                try await f.register(bad, port: badPort)
                try await f.register(good, port: goodPort)
                try await withSite(database: f.db, time: f.time) { port in
                    let alice = f.client(port)
                    #expect(try await eventually("hosts") { try await Set(alice.listImages().map(\.hostname)).count == 2 })
                    let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 512, diskGB: 1))
                    #expect(r.jobs[0].host == "host-bad")  // spread picks the emptiest host first
                    #expect(try await eventually("running") { try await alice.getJob(r.jobs[0].id).state == .running })
                    let job = try await alice.getJob(r.jobs[0].id)
                    #expect(job.host == "host-good")
                    #expect(job.history.contains { $0.note.contains("LibvirtError") })
                    #expect(bad.vmCount == 0)
                    #expect(good.vmCount == 1)
                }
            }
        }
    }

    /// After a restart, a job left mid-clone continues without a second VM, and a VM no job owns is destroyed.
    @Test func restartContinuesJobsAndReconcilesLeaks() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-a", cpus: 8, memoryMB: 16384, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            // First life: inventory, then a job that "crashed" after Clone reached the agent.
            let runner = JobRunner(database: f.db, now: f.time.source)
            try await runner.refreshInventory()
            let creds = try #require(try await f.db.credentials(name: "alice"))
            let p = Principal(userID: creds.user.id, name: "alice", role: .user)
            let r = try await f.db.requestVMs(principal: p, request: VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1),
                                              settings: try await f.db.settings(), now: f.time.now())
            let job = r.jobs[0]
            try await f.db.transition(jobID: job.id, from: [.queued], to: .cloning, now: f.time.now())
            _ = try await AgentClient(endpoint: try await f.db.agentEndpoints()[0]).clone(image: "debian", name: job.vmName!, vcpus: 1, memoryMB: 256,
                                                                                          diskGB: 1, requestID: job.id, owner: "alice")
            agent.addStrayVM("gve-leaked000000")
            // Second life.
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                let jobID = job.id
                let vmName = job.vmName ?? ""
                let running = try await eventually("running") { try await alice.getJob(jobID).state == .running }
                #expect(running)
                let cleaned = try await eventually("leak destroyed") { agent.vmNames == [vmName] }
                #expect(cleaned)
            }
        }
    }

    /// A lease that ends while the service is down is ended right after restart; the VM is destroyed on its Agent.
    @Test func leaseEndedDuringDowntimeIsReleasedAfterRestart() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-a", cpus: 8, memoryMB: 16384, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            var jobID = ""
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                _ = try await eventually("images") { try await !alice.listImages().isEmpty }
                let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1, lifetime: 60))
                jobID = r.jobs[0].id
                let running = try await eventually("running") { try await alice.getJob(r.jobs[0].id).state == .running }
                #expect(running)
            }
            #expect(agent.vmCount == 1)
            f.time.advance(61)  // the lease ends while nothing runs
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                let id = jobID
                let released = try await eventually("released") { try await alice.getJob(id).state == .released }
                #expect(released)
                #expect(agent.vmCount == 0)
            }
        }
    }

    /// A request that cannot be placed now waits in the queue (state placing, with the per-host reason) and runs
    /// when capacity frees up; one whose queue deadline passes fails with NoCapacity.
    @Test func queuedRequestRunsWhenCapacityFreesAndExpiresAtDeadline() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-a", cpus: 1, memoryMB: 4096, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                _ = try await eventually("images") { try await !alice.listImages().isEmpty }
                let first = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1))
                let waiting = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1, queueTimeout: 300))
                #expect(waiting.jobs[0].state == .placing)
                #expect(waiting.jobs[0].errorMessage?.contains("host-a") == true)
                let short = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1, queueTimeout: 10))
                let firstID = first.jobs[0].id
                _ = try await eventually("first running") { try await alice.getJob(firstID).state == .running }
                f.time.advance(11)  // the short queue deadline passes
                let shortID = short.jobs[0].id
                let failed = try await eventually("short failed") { try await alice.getJob(shortID).state == .failed }
                #expect(failed)
                #expect(try await alice.getJob(shortID).errorCode == "NoCapacity")
                #expect(try await alice.getJob(waiting.jobs[0].id).state == .placing)
                _ = try await alice.releaseVM(first.jobs[0].vmName!)
                let waitingID = waiting.jobs[0].id
                let ran = try await eventually("waiting runs") { try await alice.getJob(waitingID).state == .running }
                #expect(ran)
                #expect(agent.vmCount == 1)
            }
        }
    }

    /// A running VM that vanished from its Agent while the service was down is found at restart: its job fails with
    /// NotFound and the quota it held is freed.
    @Test func vmVanishedDuringDowntimeIsReconciled() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-a", cpus: 8, memoryMB: 16384, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            var jobID = ""
            var vmName = ""
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                _ = try await eventually("images") { try await !alice.listImages().isEmpty }
                let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1))
                jobID = r.jobs[0].id
                vmName = r.jobs[0].vmName ?? ""
                let id = jobID
                _ = try await eventually("running") { try await alice.getJob(id).state == .running }
            }
            _ = try await AgentClient(endpoint: try await f.db.agentEndpoints()[0]).vmOperation("Destroy", name: vmName)
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                let id = jobID
                let failed = try await eventually("failed") { try await alice.getJob(id).state == .failed }
                #expect(failed)
                #expect(try await alice.getJob(id).errorCode == "NotFound")
                #expect(try await alice.getQuota().used.vms == 0)
                #expect(try await alice.listVMs().isEmpty)
            }
        }
    }
}
