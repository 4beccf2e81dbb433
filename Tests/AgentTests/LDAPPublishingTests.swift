// GVE — AgentTests: publishing the Agent's GLUE subtree to a real slapd through ldap-utils.
import Foundation
import GLUEModel
import LDAPCore
import Testing

@testable import Agent

@Suite struct LDAPPublishingTests {
    /// The host, image and VM entries land in slapd (schema-checked); a later publish updates the VM's state,
    /// removes a destroyed VM's entry and leaves other hosts' entries alone.
    @Test(arguments: ["InfoProvider client", "ldap-utils"])
    func publishesAndReplacesSubtreeInSlapd(_ via: String) async throws {
        let slapd = try await TestSlapd()
        defer { slapd.stop() }
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        try await fixture.importTemplate()
        let agent = fixture.agent
        for name in ["vm-1", "vm-2"] {
            _ = try await agent.clone(
                CloneRequest(image: "ubuntu-22.04", name: name, vcpus: 1, memoryMB: 512, requestId: name, owner: "alice"), siteService: "s")
        }
        let registry: any RegistryPublisher = via == "ldap-utils"
            ? LDAPToolsRegistryPublisher(url: slapd.url, bindDN: TestSlapd.rootDN, password: TestSlapd.password)
            : LDAPRegistryPublisher(url: slapd.url, bindDN: try DistinguishedName(TestSlapd.rootDN), password: TestSlapd.password)
        // Another host's entry under the same base must survive.
        var other = ExecutionEnvironment()
        other.id = "urn:gve:host:other"
        other.managerID = "urn:gve:manager:other"
        other.mainMemorySize = 1024
        try await registry.publish([other.ldapEntry(under: GLUERegistryLayout.resourceBase)], under: GLUERegistryLayout.resourceBase.child(other.relativeDistinguishedName))

        let publisher = AgentPublisher(agent: agent, publisher: registry)
        await publisher.publishOnce()
        #expect(publisher.status.published == 1, "\(publisher.status)")
        let first = try await slapd.search(base: "o=glue", filter: "(objectClass=GLUE2CloudComputingInstance)", attributes: ["GLUE2CloudComputingInstanceState"])
        let firstText = String(decoding: first.standardOutput, as: UTF8.self)
        #expect(firstText.components(separatedBy: "GLUE2CloudComputingInstanceState: halted").count == 3, "\(firstText)")

        _ = try await agent.perform(.start, on: "vm-1", siteService: "s")
        _ = try await agent.perform(.destroy, on: "vm-2", siteService: "s")
        await publisher.publishOnce()
        #expect(publisher.status.published == 2, "\(publisher.status)")
        let second = String(decoding: try await slapd.search(
            base: "o=glue", filter: "(objectClass=GLUE2CloudComputingInstance)", attributes: ["GLUE2EntityName", "GLUE2CloudComputingInstanceState"]).standardOutput, as: UTF8.self)
        #expect(second.contains("GLUE2EntityName: vm-1"))
        #expect(!second.contains("vm-2"))
        #expect(second.contains("GLUE2CloudComputingInstanceState: running"))
        let hosts = String(decoding: try await slapd.search(base: "o=glue", filter: "(objectClass=GLUE2ExecutionEnvironment)", attributes: ["GLUE2ResourceID"]).standardOutput, as: UTF8.self)
        #expect(hosts.contains("urn:gve:host:other"))
        let images = try await slapd.search(base: "o=glue", filter: "(objectClass=GLUE2CloudComputingImage)", attributes: ["GLUE2EntityName"])
        #expect(String(decoding: images.standardOutput, as: UTF8.self).contains("ubuntu-22.04"))
    }

    /// A registry that is down makes publishOnce record a failure; the Agent's operations are unaffected.
    @Test func unreachableRegistryIsRecordedNotThrown() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let registry = LDAPToolsRegistryPublisher(url: "ldap://127.0.0.1:1", bindDN: "o=glue", password: "x", timeoutSeconds: 2)
        let publisher = AgentPublisher(agent: fixture.agent, publisher: registry)
        await publisher.publishOnce()
        #expect(publisher.status.failures == 1)
        #expect(publisher.status.lastError?.contains("ldapsearch") == true)
        let client = AgentPublisher(agent: fixture.agent, publisher: LDAPRegistryPublisher(url: "ldap://127.0.0.1:1", bindDN: try DistinguishedName("o=glue"), password: "x"))
        await client.publishOnce()
        #expect(client.status.failures == 1)
        #expect(client.status.lastError?.contains("unreachable") == true, "\(client.status)")
        #expect(try await fixture.agent.hostInfo().cpus == 8)
    }

    /// Values that are not LDIF SAFE-STRINGs are base64-encoded (RFC 2849).
    @Test func ldifLinesEncodeUnsafeValues() {
        #expect(LDAPToolsRegistryPublisher.line("cn", "plain") == "cn: plain\n")
        #expect(LDAPToolsRegistryPublisher.line("cn", " leading") == "cn:: IGxlYWRpbmc=\n")
        #expect(LDAPToolsRegistryPublisher.line("cn", "a\nb") == "cn:: YQpi\n")
        #expect(LDAPToolsRegistryPublisher.line("cn", "é") == "cn:: w6k=\n")
        #expect(LDAPToolsRegistryPublisher.distinguishedNames(inLDIF: "dn: a=1,\n o=glue\n\ndn:: Yj0y\n") == ["a=1,o=glue", "b=2"])
    }
}
