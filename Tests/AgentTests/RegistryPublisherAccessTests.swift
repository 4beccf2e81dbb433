// GVE — AgentTests: an Agent publishing to GVE's own registry as a publisher confined to its host's subtree,
// with every write schema-checked and GLUE-validated (what `gve up` runs).
import Directory
import Foundation
import GLUEModel
import InfoProvider
import LDAPCore
import Logging
import Testing

@testable import Agent

@Suite struct RegistryPublisherAccessTests {
    /// The Agent's host, image and VM entries pass the registry's schema and GLUE checks and land under its
    /// subtree; the same publisher cannot write another host's subtree.
    @Test func agentPublishesOnlyItsOwnSubtreeToTheRegistry() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        try await fixture.importTemplate()
        let agent = fixture.agent
        _ = try await agent.clone(CloneRequest(image: "ubuntu-22.04", name: "vm-1", vcpus: 1, memoryMB: 512, requestId: "r1", owner: "alice"),
                                  siteService: "s")
        let directory = try DirectoryLoader.load(schemaFiles: GVESchemaFiles.defaults())
        for e in [GLUERegistryLayout.suffixEntry] + GLUERegistryLayout.resource.registryContainerEntries { try directory.add(e) }
        let renderer = AgentGLUERenderer()
        let hostDN = renderer.hostDN(hostname: try await agent.hostInfo().hostname)
        let publisherDN = try DistinguishedName("cn=agent-1,ou=publishers,o=gve")
        var configuration = LDAPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.publishers = [Publisher(dn: publisherDN, password: PasswordHash(hashing: Array("agent-pw".utf8)), subtrees: [hostDN])]
        var logger = Logger(label: "test.registry")
        logger.logLevel = .warning
        let server = LDAPServer(configuration: configuration, backend: directory, logger: logger)
        let task = Task { try await server.run() }
        defer { task.cancel() }
        let url = "ldap://127.0.0.1:\(try await server.listeningPorts()[0])"

        let registry = LDAPRegistryPublisher(url: url, bindDN: publisherDN, password: "agent-pw")
        let publisher = AgentPublisher(agent: agent, publisher: registry, renderer: renderer)
        await publisher.publishOnce()
        #expect(publisher.status.published == 1 && publisher.status.failures == 0, "\(publisher.status)")
        let published = try directory.search(SearchQuery(base: hostDN, scope: .wholeSubtree))
        #expect(published.entries.count == 3, "host, image and VM: \(published.entries.map(\.dn))")

        var other = ExecutionEnvironment()
        other.id = "urn:gve:host:other"
        other.managerID = "urn:gve:manager:other"
        let otherEntry = other.ldapEntry(under: GLUERegistryLayout.resourceBase)
        await #expect(throws: AgentError.self) { try await registry.publish([otherEntry], under: otherEntry.dn) }
        #expect(throws: DirectoryError.self) { _ = try directory.search(SearchQuery(base: otherEntry.dn, scope: .baseObject)) }
    }
}
