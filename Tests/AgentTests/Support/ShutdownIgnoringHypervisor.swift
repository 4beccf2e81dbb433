// GVE — AgentTests: fault injection around the real libvirt hypervisor — a guest that ignores ACPI shutdown.
import Synchronization

@testable import Agent

/// Forwards every call to the real hypervisor except ``requestShutdown(_:)``, which it drops (and counts): the
/// guest "ignores" the power-button press. libvirt's test driver powers a domain off at once on
/// `virDomainShutdown`, so this decorator is how a test gets a guest that does not.
struct ShutdownIgnoringHypervisor: Hypervisor {
    /// The dropped shutdown requests, by domain name.
    final class Dropped: Sendable {
        let names = Mutex<[String]>([])
    }

    let base: any Hypervisor
    let dropped = Dropped()

    var uri: String { base.uri }
    func hostInventory() async throws -> HostInventory { try await base.hostInventory() }
    func listDomains() async throws -> [DomainInfo] { try await base.listDomains() }
    func domain(named name: String) async throws -> DomainInfo? { try await base.domain(named: name) }
    func domainXML(named name: String) async throws -> String { try await base.domainXML(named: name) }
    func defineDomain(xml: String) async throws -> DomainInfo { try await base.defineDomain(xml: xml) }
    func start(_ name: String) async throws { try await base.start(name) }
    func requestShutdown(_ name: String) async throws {
        guard try await base.domain(named: name) != nil else { return try await base.requestShutdown(name) }
        dropped.names.withLock { $0.append(name) }
    }
    func suspend(_ name: String) async throws { try await base.suspend(name) }
    func resume(_ name: String) async throws { try await base.resume(name) }
    func reboot(_ name: String) async throws { try await base.reboot(name) }
    func destroy(_ name: String) async throws { try await base.destroy(name) }
    func undefine(_ name: String) async throws { try await base.undefine(name) }
    func lifecycleEvents() -> AsyncStream<DomainLifecycleEvent> { base.lifecycleEvents() }
    func close() async { await base.close() }
}
