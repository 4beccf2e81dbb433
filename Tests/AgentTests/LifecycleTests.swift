// GVE — AgentTests: VM lifecycle through the Agent, events and reconciliation.
import Foundation
import GRDB
import Testing

@testable import Agent

@Suite struct LifecycleTests {
    func cloneOne(_ fixture: AgentFixture, name: String = "vm-1", siteService: String = "site-a") async throws -> VMInfo {
        var image = try await fixture.agent.images.image(named: "ubuntu-22.04")
        if image == nil { image = try await fixture.importTemplate() }
        let template = image!
        return try await fixture.agent.clone(
            CloneRequest(image: template.name, name: name, vcpus: 1, memoryMB: 512, requestId: "req-\(name)", owner: "alice"),
            siteService: siteService)
    }

    /// Start, Suspend, Resume, Reboot, Stop and Destroy move the VM through GLUE states.
    @Test func operationsMoveThroughStates() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        _ = try await cloneOne(fixture)
        let agent = fixture.agent
        #expect(try await agent.perform(.start, on: "vm-1", siteService: "site-a").state == .running)
        #expect(try await agent.perform(.suspend, on: "vm-1", siteService: "site-a").state == .suspended)
        #expect(try await agent.vm(named: "vm-1", siteService: "site-a").libvirtState == "paused")
        #expect(try await agent.perform(.resume, on: "vm-1", siteService: "site-a").state == .running)
        #expect(try await agent.perform(.reboot, on: "vm-1", siteService: "site-a").state == .running)
        #expect(try await agent.perform(.stop, on: "vm-1", siteService: "site-a").state == .halted)
        #expect(try await agent.perform(.start, on: "vm-1", siteService: "site-a").state == .running)
        let destroyed = try await agent.perform(.destroy, on: "vm-1", siteService: "site-a")
        #expect(destroyed.state == .halted && destroyed.libvirtState == "undefined")
        #expect(try await fixture.hypervisor.domain(named: "vm-1") == nil)
        #expect(!FileManager.default.fileExists(atPath: agent.configuration.vmsDirectory.appendingPathComponent("vm-1.qcow2").path))
        #expect(try await agent.listVMs(siteService: "site-a").isEmpty)
        let gone = await #expect(throws: AgentError.self) { try await agent.vm(named: "vm-1", siteService: "site-a") }
        #expect(gone?.code == .notFound)
        // The name can be used again once released.
        _ = try await cloneOne(fixture, name: "vm-1", siteService: "site-b")
    }

    /// Stop asks the guest first; a guest that ignores the request (its shutdown call dropped on the way to the
    /// real libvirt) is powered off after the timeout, and the Stop job records the forced power-off. A guest
    /// that obeys is stopped without a note.
    @Test func stopForcesPowerOffWhenTheGuestIgnoresShutdown() async throws {
        var ignoring: ShutdownIgnoringHypervisor?
        let fixture = try await AgentFixture(shutdownTimeout: .milliseconds(400)) { real in
            let wrapped = ShutdownIgnoringHypervisor(base: real)
            ignoring = wrapped
            return wrapped
        }
        defer { fixture.remove() }
        let injected = try #require(ignoring)
        _ = try await cloneOne(fixture)
        let agent = fixture.agent
        _ = try await agent.perform(.start, on: "vm-1", siteService: "site-a")
        let clock = ContinuousClock()
        let began = clock.now
        let stopped = try await agent.perform(.stop, on: "vm-1", siteService: "site-a")
        #expect(clock.now - began >= .milliseconds(400))
        #expect(stopped.state == .halted)
        #expect(injected.dropped.names.withLock { $0 } == ["vm-1"])
        let domain = try await fixture.hypervisor.domain(named: "vm-1")
        #expect(domain?.isActive == false && domain?.state == .shutOff)
        let stop = try #require(try await agent.jobs().first { $0.operation == "Stop" })
        #expect(stop.state == .succeeded && stop.vmName == "vm-1")
        #expect(stop.note?.contains("forced power-off") == true)

        // The same VM with a guest that obeys: graceful, no note.
        let obedient = try HostAgent(configuration: agent.configuration, hypervisor: fixture.hypervisor, database: agent.database)
        _ = try await obedient.perform(.start, on: "vm-1", siteService: "site-a")
        #expect(try await obedient.perform(.stop, on: "vm-1", siteService: "site-a").state == .halted)
        let second = try #require(try await obedient.jobs().first { $0.operation == "Stop" })
        #expect(second.id != stop.id && second.state == .succeeded && second.note == nil)
        #expect(injected.dropped.names.withLock { $0 } == ["vm-1"])
    }

    /// An operation that does not apply is refused with InvalidState and the VM's state is unchanged.
    @Test func wrongStateIsRefusedAndStateUnchanged() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        _ = try await cloneOne(fixture)
        let agent = fixture.agent
        for operation in [VMOperation.stop, .suspend, .resume, .reboot] {
            let error = await #expect(throws: AgentError.self) { try await agent.perform(operation, on: "vm-1", siteService: "site-a") }
            #expect(error?.code == .invalidState)
            #expect(error?.message.contains("halted") == true)
        }
        #expect(try await fixture.hypervisor.domain(named: "vm-1")?.state == .shutOff)
        _ = try await agent.perform(.start, on: "vm-1", siteService: "site-a")
        let again = await #expect(throws: AgentError.self) { try await agent.perform(.start, on: "vm-1", siteService: "site-a") }
        #expect(again?.code == .invalidState)
        #expect(try await fixture.hypervisor.domain(named: "vm-1")?.state == .running)
    }

    /// A Site Service sees only its own VMs: another's VM is NotFound.
    @Test func siteServicesSeeOnlyTheirVMs() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        _ = try await cloneOne(fixture, name: "mine", siteService: "site-a")
        let error = await #expect(throws: AgentError.self) { try await fixture.agent.perform(.start, on: "mine", siteService: "site-b") }
        #expect(error?.code == .notFound)
        #expect(try await fixture.agent.listVMs(siteService: "site-b").isEmpty)
        #expect(try await fixture.hypervisor.domain(named: "mine")?.isActive == false)
    }

    /// A change made behind the Agent's back (virsh-style, on the hypervisor) reaches the database through
    /// lifecycle events while the Agent runs.
    @Test func lifecycleEventsUpdateDatabase() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        _ = try await cloneOne(fixture)
        let agent = fixture.agent
        let running = Task { try await agent.run() }
        defer { running.cancel() }
        // Wait for run() to subscribe to events, then change state directly on the hypervisor.
        #expect(await eventually { fixture.hypervisor.lifecycleSubscriberCount == 1 })
        try await fixture.hypervisor.start("vm-1")
        let stored = { try await agent.database.writer.read { db in try VMRecord.filter(Column("name") == "vm-1").fetchOne(db) } }
        #expect(await (try? eventually { try await stored()?.instanceState == .running }) == true)
        try await fixture.hypervisor.suspend("vm-1")
        #expect(await (try? eventually { try await stored()?.libvirtState == "paused" }) == true)
    }

    /// After a restart the test driver has forgotten the domains: reconcile marks them missing (halted);
    /// Start redefines and starts such a VM from the stored definition.
    @Test func restartReconcilesMissingDomains() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        _ = try await cloneOne(fixture, name: "vm-1")
        _ = try await cloneOne(fixture, name: "vm-2")
        _ = try await fixture.agent.perform(.start, on: "vm-1", siteService: "site-a")
        let (hypervisor, agent) = try await fixture.restarted()
        try await agent.reconcile(startup: true)
        let vms = try await agent.listVMs(siteService: nil)
        #expect(vms.map(\.name) == ["vm-1", "vm-2"])
        #expect(vms.allSatisfy { $0.libvirtState == "missing" && $0.state == .halted })
        let suspend = await #expect(throws: AgentError.self) { try await agent.perform(.suspend, on: "vm-1", siteService: "site-a") }
        #expect(suspend?.code == .invalidState)
        let started = try await agent.perform(.start, on: "vm-1", siteService: "site-a")
        #expect(started.state == .running && started.libvirtState == "running")
        #expect(try await hypervisor.domain(named: "vm-1")?.uuid == started.uuid)
        // Destroying a missing VM releases it without touching libvirt.
        _ = try await agent.perform(.destroy, on: "vm-2", siteService: "site-a")
        #expect(try await agent.listVMs(siteService: nil).map(\.name) == ["vm-1"])
    }

    /// A reservation left by an interrupted clone is rolled back at startup.
    @Test func startupRollsBackInterruptedClone() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        let disk = fixture.agent.configuration.vmsDirectory.appendingPathComponent("half.qcow2").path
        try await QemuImage.createOverlay(backing: image.path, backingFormat: "qcow2", overlay: disk, sizeBytes: nil)
        try await fixture.agent.database.writer.write { db in
            var row = VMRecord(
                id: nil, name: "half", uuid: UUID().uuidString.lowercased(), image: image.name, allocation: .reserved,
                libvirtState: "cloning", instanceState: .pending, owner: "o", siteService: "s", vcpus: 1, memoryMB: 256, diskGB: 1,
                diskPath: disk, fullCopy: false, domainXML: "", requestId: "r", created: Date(), deleted: nil)
            try row.insert(db)
        }
        try await fixture.agent.reconcile(startup: true)
        #expect(try await fixture.agent.listVMs(siteService: nil).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: disk))
    }

    /// Host info counts the Agent's VMs (any state) and other active domains against capacity.
    @Test func hostInfoCountsCommittedCapacity() async throws {
        let fixture = try await AgentFixture(cpus: 8, memoryMB: 8192)
        defer { fixture.remove() }
        _ = try await cloneOne(fixture)
        let info = try await fixture.agent.hostInfo()
        #expect(info.cpus == 8 && info.memoryMB == 8192)
        #expect(info.freeCpus == 8 - 1 - 1)
        #expect(info.freeMemoryMB == 8192 - 512 - 512)
        #expect(info.instances == 1)
        #expect(info.hypervisor.uppercased() == "TEST")
    }
}
