// GVE — AgentTests: the LDAP publisher's kept connection and remembered view, against slapd and GVE's registry.
import Directory
import Foundation
import GLUEModel
import InfoProvider
import LDAPCore
import Logging
import Testing

@testable import Agent

@Suite struct PublisherConnectionTests {
    /// Entries deleted behind the publisher's back (its remembered view is stale) are put back on the next
    /// change: the failed modify makes it read the subtree again and redo the publish from what is really there.
    @Test func staleViewIsRepairedOnTheNextChange() async throws {
        let slapd = try await TestSlapd()
        defer { slapd.stop() }
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        try await fixture.importTemplate()
        let agent = fixture.agent
        _ = try await agent.clone(CloneRequest(image: "ubuntu-22.04", name: "vm-1", vcpus: 1, memoryMB: 512, requestId: "r1", owner: "alice"),
                                  siteService: "s")
        let registry = LDAPRegistryPublisher(url: slapd.url, bindDN: try DistinguishedName(TestSlapd.rootDN), password: TestSlapd.password)
        let publisher = AgentPublisher(agent: agent, publisher: registry)
        #expect(await publisher.publishOnce(), "\(publisher.status)")

        // Someone else removes the VM and image entries.
        let other = try await LDAPClient.connect(url: slapd.url)
        try await other.simpleBind(dn: try DistinguishedName(TestSlapd.rootDN), password: TestSlapd.password)
        let children = try await other.search(base: try DistinguishedName("o=glue"),
                                              filter: try LDAPFilter("(|(objectClass=GLUE2CloudComputingInstance)(objectClass=GLUE2CloudComputingImage))"))
        #expect(children.entries.count == 2)
        for entry in children.entries { try await other.delete(entry.dn) }
        await other.close()

        _ = try await agent.perform(.start, on: "vm-1", siteService: "s")
        #expect(await publisher.publishOnce(), "\(publisher.status)")
        #expect(publisher.status.failures == 0)
        let text = String(decoding: try await slapd.search(
            base: "o=glue", filter: "(|(objectClass=GLUE2CloudComputingInstance)(objectClass=GLUE2CloudComputingImage))",
            attributes: ["GLUE2EntityName", "GLUE2CloudComputingInstanceState"]).standardOutput, as: UTF8.self)
        #expect(text.contains("GLUE2EntityName: vm-1") && text.contains("GLUE2CloudComputingInstanceState: running"), "\(text)")
        #expect(text.contains("GLUE2EntityName: ubuntu-22.04"), "\(text)")
        await registry.close()
    }

    /// An entry deleted behind the publisher's back that no change touches comes back at the periodic refresh,
    /// which makes the publisher forget its remembered view and read the subtree again.
    @Test func refreshRepairsEntriesNoChangeTouches() async throws {
        let slapd = try await TestSlapd()
        defer { slapd.stop() }
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        try await fixture.importTemplate()
        let registry = LDAPRegistryPublisher(url: slapd.url, bindDN: try DistinguishedName(TestSlapd.rootDN), password: TestSlapd.password)
        let publisher = AgentPublisher(agent: fixture.agent, publisher: registry)
        #expect(await publisher.publishOnce(), "\(publisher.status)")

        let other = try await LDAPClient.connect(url: slapd.url)
        try await other.simpleBind(dn: try DistinguishedName(TestSlapd.rootDN), password: TestSlapd.password)
        let images = try await other.search(base: try DistinguishedName("o=glue"), filter: try LDAPFilter("(objectClass=GLUE2CloudComputingImage)"))
        #expect(images.entries.count == 1)
        for entry in images.entries { try await other.delete(entry.dn) }
        await other.close()

        await registry.invalidateCache()
        #expect(await publisher.publishOnce(), "\(publisher.status)")
        let text = String(decoding: try await slapd.search(
            base: "o=glue", filter: "(objectClass=GLUE2CloudComputingImage)", attributes: ["GLUE2EntityName"]).standardOutput, as: UTF8.self)
        #expect(text.contains("GLUE2EntityName: ubuntu-22.04"), "\(text)")
        await registry.close()
    }

    /// A registry that restarts empty gets the whole subtree again on the next publish: the broken kept
    /// connection is replaced by a new bound one and the publisher forgets what it had published.
    @Test func restartedRegistryGetsEverythingAgain() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        try await fixture.importTemplate()
        let agent = fixture.agent
        _ = try await agent.clone(CloneRequest(image: "ubuntu-22.04", name: "vm-1", vcpus: 1, memoryMB: 512, requestId: "r1", owner: "alice"),
                                  siteService: "s")
        let renderer = AgentGLUERenderer()
        let hostDN = renderer.hostDN(hostname: try await agent.hostInfo().hostname)
        let publisherDN = try DistinguishedName("cn=agent-1,ou=publishers,o=gve")

        func startRegistry(port: Int) throws -> (Directory, LDAPServer, Task<Void, any Error>) {
            let directory = try DirectoryLoader.load(schemaFiles: GVESchemaFiles.defaults())
            for e in [GLUERegistryLayout.suffixEntry] + GLUERegistryLayout.resource.registryContainerEntries { try directory.add(e) }
            var configuration = LDAPServerConfiguration(host: "127.0.0.1", port: port)
            configuration.publishers = [Publisher(dn: publisherDN, password: PasswordHash(hashing: Array("agent-pw".utf8)), subtrees: [hostDN])]
            var logger = Logger(label: "test.registry")
            logger.logLevel = .critical
            let server = LDAPServer(configuration: configuration, backend: directory, logger: logger)
            return (directory, server, Task { try await server.run() })
        }

        let (first, firstServer, firstTask) = try startRegistry(port: 0)
        let port = try await firstServer.listeningPorts()[0]
        let registry = LDAPRegistryPublisher(url: "ldap://127.0.0.1:\(port)", bindDN: publisherDN, password: "agent-pw")
        let publisher = AgentPublisher(agent: agent, publisher: registry, renderer: renderer)
        #expect(await publisher.publishOnce(), "\(publisher.status)")
        #expect(try first.search(SearchQuery(base: hostDN, scope: .wholeSubtree)).entries.count == 3)
        firstTask.cancel()
        _ = try? await firstTask.value

        let (second, _, secondTask) = try startRegistry(port: port)
        defer { secondTask.cancel() }
        // The new server may take a moment to listen; the publish fails until it does.
        #expect(await eventually { await publisher.publishOnce() })
        let republished = try second.search(SearchQuery(base: hostDN, scope: .wholeSubtree))
        #expect(republished.entries.count == 3, "host, image and VM: \(republished.entries.map(\.dn))")
        await registry.close()
    }
}
