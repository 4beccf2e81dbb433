// GVE — AgentTests: the libvirt hypervisor layer against libvirt's test driver.
import Foundation
import Synchronization
import Testing

@testable import Agent

@Suite struct LibvirtHypervisorTests {
    /// The inventory reports the node file's CPUs and memory, and what the running resident domain uses.
    @Test func inventoryReflectsNodeFile() async throws {
        let host = try TestHost(cpus: 12, memoryMB: 24_576)
        defer { host.remove() }
        let hypervisor = try await LibvirtHypervisor.open(uri: host.uri)
        let inventory = try await hypervisor.hostInventory()
        await hypervisor.close()
        #expect(inventory.cpus == 12)
        #expect(inventory.memoryMB == 24_576)
        #expect(inventory.hypervisorType.uppercased() == "TEST")
        #expect(inventory.activeDomains == 1)
        #expect(inventory.freeCPUs == 11)
        #expect(inventory.freeMemoryMB == 24_576 - 512)
        #expect(inventory.storagePools.map(\.name) == ["images"])
        #expect(inventory.storagePools.first.map { $0.capacityBytes > 0 && $0.isActive } == true)
    }

    /// Two node files are two hosts with different capacity.
    @Test func twoNodeFilesAreTwoHosts() async throws {
        let small = try TestHost(cpus: 2, memoryMB: 2048)
        let large = try TestHost(cpus: 64, memoryMB: 262_144)
        defer { small.remove(); large.remove() }
        let a = try await LibvirtHypervisor.open(uri: small.uri)
        let b = try await LibvirtHypervisor.open(uri: large.uri)
        let (first, second) = (try await a.hostInventory(), try await b.hostInventory())
        await a.close()
        await b.close()
        #expect(first.cpus == 2 && first.memoryMB == 2048)
        #expect(second.cpus == 64 && second.memoryMB == 262_144)
    }

    /// A defined domain goes through start, suspend, resume, reboot, shutdown, destroy and undefine with
    /// libvirt's states mapped to GLUE instance states.
    @Test func lifecycleMapsStates() async throws {
        let host = try TestHost()
        defer { host.remove() }
        let hypervisor = try await LibvirtHypervisor.open(uri: host.uri)
        let defined = try await hypervisor.defineDomain(xml: testDomainXML(name: "vm-a", vcpus: 2, memoryMB: 1024))
        #expect(defined.state.instanceState == .halted)
        #expect(defined.vcpus == 2 && defined.memoryMB == 1024)
        try await hypervisor.start("vm-a")
        #expect(try await hypervisor.domain(named: "vm-a")?.state.instanceState == .running)
        try await hypervisor.suspend("vm-a")
        #expect(try await hypervisor.domain(named: "vm-a")?.state == .paused)
        #expect(try await hypervisor.domain(named: "vm-a")?.state.instanceState == .suspended)
        try await hypervisor.resume("vm-a")
        try await hypervisor.reboot("vm-a")
        #expect(try await hypervisor.domain(named: "vm-a")?.state.instanceState == .running)
        try await hypervisor.shutdown("vm-a", timeout: .seconds(2))
        #expect(try await hypervisor.domain(named: "vm-a")?.state == .shutOff)
        try await hypervisor.start("vm-a")
        try await hypervisor.destroy("vm-a")
        #expect(try await hypervisor.domain(named: "vm-a")?.isActive == false)
        try await hypervisor.undefine("vm-a")
        #expect(try await hypervisor.domain(named: "vm-a") == nil)
        await hypervisor.close()
    }

    /// libvirt failures carry libvirt's code and message; unknown domains and wrong states are classified.
    @Test func libvirtErrorsAreTyped() async throws {
        let host = try TestHost()
        defer { host.remove() }
        let hypervisor = try await LibvirtHypervisor.open(uri: host.uri)
        let missing = await #expect(throws: HypervisorError.self) { try await hypervisor.start("no-such-vm") }
        #expect(missing?.code == .domainNotFound)
        #expect(missing?.libvirtCode == 42)
        #expect(missing?.message == "Domain not found")
        #expect(missing?.description.contains("no-such-vm") == true)
        _ = try await hypervisor.defineDomain(xml: testDomainXML(name: "vm-b"))
        let notRunning = await #expect(throws: HypervisorError.self) { try await hypervisor.reboot("vm-b") }
        #expect(notRunning?.libvirtCode == 55)
        #expect(notRunning?.code == .invalidState)
        let badXML = await #expect(throws: HypervisorError.self) { _ = try await hypervisor.defineDomain(xml: "<domain") }
        #expect(badXML?.libvirtCode != nil)
        await hypervisor.close()
        let closed = await #expect(throws: HypervisorError.self) { _ = try await hypervisor.listDomains() }
        #expect(closed?.code == .connectionClosed)
    }

    /// Opening a node file that does not exist fails with connectionFailed, not a crash.
    @Test func openingMissingNodeFileFails() async throws {
        let error = await #expect(throws: HypervisorError.self) {
            _ = try await LibvirtHypervisor.open(uri: "test:///nonexistent/\(UUID().uuidString)/node.xml")
        }
        #expect(error?.code == .connectionFailed)
    }

    /// Lifecycle events arrive for start, suspend, resume and stop.
    @Test func lifecycleEventsAreDelivered() async throws {
        let host = try TestHost()
        defer { host.remove() }
        let hypervisor = try await LibvirtHypervisor.open(uri: host.uri)
        let stream = hypervisor.lifecycleEvents()
        let seen = Mutex<[DomainLifecycleEvent.Kind]>([])
        let collector = Task {
            for await event in stream where event.domainName == "vm-e" {
                seen.withLock { $0.append(event.kind) }
            }
        }
        _ = try await hypervisor.defineDomain(xml: testDomainXML(name: "vm-e"))
        try await hypervisor.start("vm-e")
        try await hypervisor.suspend("vm-e")
        try await hypervisor.resume("vm-e")
        try await hypervisor.destroy("vm-e")
        let all = await eventually { seen.withLock { $0.contains(.stopped) } }
        #expect(all)
        #expect(seen.withLock { $0 } == [.defined, .started, .suspended, .resumed, .stopped])
        await hypervisor.close()
        _ = await collector.value
    }

    /// A template becomes a definition with the new name, UUID, size, disk and fresh MAC addresses.
    @Test func templateInstantiationRewritesIdentity() throws {
        let template = DomainTemplate.standard()
        let uuid = UUID()
        let xml = try template.instantiate(
            .init(name: "clone-1", uuid: uuid, domainType: "test", vcpus: 3, memoryMB: 768, diskPath: "/data/clone-1.qcow2"))
        #expect(xml.contains("<name>clone-1</name>"))
        #expect(xml.contains(uuid.uuidString.lowercased()))
        #expect(xml.contains("<vcpu placement=\"static\">3</vcpu>"))
        #expect(xml.contains("<memory unit=\"MiB\">768</memory>"))
        #expect(xml.contains("file=\"/data/clone-1.qcow2\""))
        #expect(xml.contains("type=\"test\""))
        #expect(xml.contains("<mac address=\"52:54:00:"))
        let again = try template.instantiate(
            .init(name: "clone-2", domainType: "test", vcpus: 1, memoryMB: 512, diskPath: "/data/clone-2.qcow2"))
        let mac = { (s: String) in s.range(of: #"52:54:00:[0-9a-f:]{8}"#, options: .regularExpression).map { String(s[$0]) } }
        #expect(mac(xml) != nil && mac(xml) != mac(again))
    }

    /// Templates with a DTD, bad XML or a non-domain root are refused with a precise message.
    @Test func templateRejectsDoctypeAndNonDomain() {
        #expect(throws: AgentError(.invalidRequest, "")) {
            try DomainTemplate(xml: "<!DOCTYPE domain [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><domain>&x;</domain>")
        }
        #expect(throws: AgentError(.invalidRequest, "")) { try DomainTemplate(xml: "<network/>") }
        #expect(throws: AgentError(.invalidRequest, "")) { try DomainTemplate(xml: "<domain><name>") }
    }
}
