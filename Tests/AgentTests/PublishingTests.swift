// GVE — AgentTests: GLUE rendering of the Agent's state and publishing that survives a failing registry.
import Foundation
import GLUEModel
import LDAPCore
import Synchronization
import Testing

@testable import Agent

/// Stands in for the registry until the LDAP client lands: records what was published, or fails on demand.
final class RecordingPublisher: RegistryPublisher {
    struct Failure: Error {}
    let published = Mutex<[[LDAPEntry]]>([])
    let failing = Mutex(false)

    func publish(_ entries: [LDAPEntry], under: DistinguishedName) async throws {
        if failing.withLock({ $0 }) { throw Failure() }
        published.withLock { $0.append(entries) }
    }

    var last: [LDAPEntry]? { published.withLock { $0.last } }
}

@Suite struct PublishingTests {
    /// The host is a physical ExecutionEnvironment, images are CloudComputingImages and VMs are
    /// CloudComputingInstances with state, owner, image and creation time; each entry parses back.
    @Test func rendersHostImagesAndInstancesAsGLUE() async throws {
        let fixture = try await AgentFixture(cpus: 8, memoryMB: 8192)
        defer { fixture.remove() }
        try await fixture.importTemplate()
        _ = try await fixture.agent.clone(
            CloneRequest(image: "ubuntu-22.04", name: "vm-1", vcpus: 2, memoryMB: 1024, requestId: "r", owner: "alice"), siteService: "s")
        _ = try await fixture.agent.perform(.start, on: "vm-1", siteService: "s")
        let renderer = AgentGLUERenderer()
        let host = try await fixture.agent.hostInfo()
        let entries = renderer.entries(
            host: host, cpuModel: "x86_64", images: try await fixture.agent.images.list(), vms: try await fixture.agent.listVMs(siteService: nil))
        #expect(entries.count == 3)
        let environment = try ExecutionEnvironment(ldapEntry: entries[0])
        #expect(environment.virtualMachine == false)
        #expect(environment.logicalCPUs == 8 && environment.mainMemorySize == 8192)
        #expect(entries[0].dn == renderer.hostDN(hostname: host.hostname))
        let image = try CloudComputingImage(ldapEntry: entries[1])
        #expect(image.name == "ubuntu-22.04" && image.osName == .ubuntu && image.diskSize == 1 && image.minRAM == 256)
        let instance = try CloudComputingInstance(ldapEntry: entries[2])
        #expect(instance.state == .running && instance.owner == "alice" && instance.localID == "vm-1")
        #expect(instance.imageID == image.id)
        #expect(entries[2].dn.parent == entries[0].dn)
    }

    /// The publisher publishes at start and again after a change, with the VM's new state.
    @Test func publishesAtStartAndOnChange() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        try await fixture.importTemplate()
        let registry = RecordingPublisher()
        let publisher = AgentPublisher(agent: fixture.agent, publisher: registry)
        let running = Task { try await publisher.run() }
        defer { running.cancel() }
        #expect(await eventually { registry.last?.count == 2 })
        _ = try await fixture.agent.clone(
            CloneRequest(image: "ubuntu-22.04", name: "vm-1", vcpus: 1, memoryMB: 512, requestId: "r", owner: "o"), siteService: "s")
        _ = try await fixture.agent.perform(.start, on: "vm-1", siteService: "s")
        let runningPublished = await eventually {
            guard let entry = registry.last?.first(where: { $0.dn.description.contains("urn:gve:vm:") }) else { return false }
            return (try? CloudComputingInstance(ldapEntry: entry))?.state == .running
        }
        #expect(runningPublished)
    }

    /// When the registry fails the Agent keeps serving; publishing resumes when the registry returns.
    @Test func agentKeepsWorkingWhenRegistryFails() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        try await fixture.importTemplate()
        let registry = RecordingPublisher()
        registry.failing.withLock { $0 = true }
        let publisher = AgentPublisher(
            agent: fixture.agent, publisher: registry, configuration: .init(retryInterval: .milliseconds(50)))
        let running = Task { try await publisher.run() }
        defer { running.cancel() }
        #expect(await eventually { publisher.status.failures >= 1 })
        let vm = try await fixture.agent.clone(
            CloneRequest(image: "ubuntu-22.04", name: "vm-1", vcpus: 1, memoryMB: 512, requestId: "r", owner: "o"), siteService: "s")
        #expect(vm.name == "vm-1")
        #expect(registry.last == nil)
        registry.failing.withLock { $0 = false }
        #expect(await eventually { registry.last?.contains { $0.dn.description.contains(vm.uuid) } == true })
        #expect(publisher.status.lastError == nil)
    }
}
