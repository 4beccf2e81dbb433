// GVE — SiteServiceTests
// Placement from the registry: a real Agent's GLUE entries served by the InfoProvider's LDAP server, read by
// RegistryInventory over the LDAP client; the VM then runs on that real Agent.
import Directory
import Foundation
import GLUEModel
import LDAPCore
import Logging
import ServiceLifecycle
import Testing

@testable import Agent
@testable import InfoProvider
@testable import SiteService

/// A read-only in-memory directory holding the entries given (search only).
struct ReadOnlyDirectory: DirectoryBackend {
    let entries: [LDAPEntry]
    var namingContexts: [DistinguishedName] { [GLUERegistryLayout.suffix] }

    func search(_ q: SearchQuery) throws(DirectoryError) -> SearchResults {
        let found = entries.filter { e in
            let inScope: Bool
            switch q.scope {
            case .baseObject: inScope = e.dn == q.base
            case .singleLevel: inScope = e.dn.parent == q.base
            case .wholeSubtree: inScope = e.dn == q.base || e.dn.isDescendant(of: q.base)
            }
            return inScope && AttributeSelection.matches(q.filter, e)
        }
        return SearchResults(entries: found, code: .success)
    }
    func refuse() -> DirectoryError { DirectoryError(code: .unwillingToPerform, message: "read-only test directory") }
    func add(_ entry: LDAPEntry) throws(DirectoryError) { throw refuse() }
    func modify(_ dn: DistinguishedName, _ changes: [LDAPModification]) throws(DirectoryError) { throw refuse() }
    func delete(_ dn: DistinguishedName) throws(DirectoryError) { throw refuse() }
    func modifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool,
                  newSuperior: DistinguishedName?) throws(DirectoryError) { throw refuse() }
    func compare(_ dn: DistinguishedName, attribute: String, value: [UInt8]) throws(DirectoryError) -> Bool { throw refuse() }
    func subschemaEntry() -> LDAPEntry { LDAPEntry(dn: try! DistinguishedName("cn=Subschema"), attributes: []) }
}

@Suite struct RegistryInventoryTests {
    /// RegistryInventory reads hosts and images over LDAP from the InfoProvider server and a request runs on the
    /// real Agent that published them.
    @Test func placementFromRegistryRunsOnRealAgent() async throws {
        let f = try await Fixture.make()
        let host = try await RealAgentHost(hostname: "r", cpus: 4, memoryMB: 8192, image: "debian-12")
        defer { host.remove() }
        let info = try await host.agent.hostInfo()
        let entries = AgentGLUERenderer().entries(host: info, cpuModel: "x86_64", images: try await host.agent.images.list(), vms: [])
        let server = LDAPServer(configuration: .init(port: 0), backend: ReadOnlyDirectory(entries: entries), logger: quietLogger)
        let group = ServiceGroup(configuration: .init(services: [server], logger: quietLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let ldapPort = try await server.listeningPorts()[0]
            let inventory = RegistryInventory(url: "ldap://127.0.0.1:\(ldapPort)", database: f.db)
            try await host.serve { agentPort in
                // Registered under its hostname, so the registry's host maps to it.
                try await f.db.registerAgent(name: info.hostname, url: "http://127.0.0.1:\(agentPort)", username: "site",
                                             password: "agent-secret", vmmType: "test")
                let (hosts, images) = try await inventory.snapshot()
                #expect(hosts.map(\.hostname) == [info.hostname])
                #expect(images.map(\.name) == ["debian-12"])
                var configuration = SiteServiceConfiguration(port: 0, bcryptCost: 4, runner: .init(tick: .milliseconds(20), inventoryInterval: .seconds(1)))
                configuration.authentication.baseDelay = .milliseconds(10)
                let config = configuration
                try await withServer({ onRunning in
                    SiteServer.application(database: f.db, configuration: config, inventory: inventory, now: f.time.source,
                                           logger: quietLogger, onServerRunning: onRunning).application
                }) { port in
                    let alice = f.client(port)
                    let ready = try await eventually("registry images") { try await !alice.listImages().isEmpty }
                    #expect(ready)
                    let r = try await alice.requestVM(VMRequest(image: "debian-12", vcpus: 1, memoryMB: 512, diskGB: 2))
                    #expect(r.jobs.first?.host == info.hostname)
                    let id = r.jobs[0].id
                    let running = try await eventually("running") { try await alice.getJob(id).state == .running }
                    #expect(running)
                    let onAgent = try await host.agent.listVMs(siteService: "site").map(\.name)
                    #expect(onAgent == [r.jobs[0].vmName ?? ""])
                }
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
