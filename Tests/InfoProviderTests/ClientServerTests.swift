// GVE — InfoProviderTests: our client against our server.
import Directory
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import Synchronization
import Testing

@Suite struct ClientServerTests {
    let glue = try! DistinguishedName("o=glue")

    /// An anonymous subtree search returns every matching entry with success.
    @Test func anonymousSubtreeSearchFindsMatchingEntries() async throws {
        try await withServer { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            try await client.simpleBind()
            let r = try await client.search(base: glue, filter: try LDAPFilter("(&(objectClass=GLUE2Service)(GLUE2ServiceType=org.glite.*))"),
                                            attributes: ["GLUE2ServiceID"])
            #expect(r.result.resultCode == .success)
            #expect(r.entries.count == 13)
            #expect(r.entries.allSatisfy { $0.attributes.map(\.name) == ["GLUE2ServiceID"] })
            try await client.unbind()
        }
    }

    /// Paging with a page size of 4 returns all entries, each exactly once.
    @Test func pagedSearchReturnsEveryEntryOnce() async throws {
        try await withServer { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let r = try await client.search(base: glue, filter: try LDAPFilter("(objectClass=GLUE2Service)"), pageSize: 4)
            #expect(r.entries.count == 25)
            #expect(Set(r.entries.map(\.dn)).count == 25)
            await client.close()
        }
    }

    /// The client's sizeLimit yields sizeLimitExceeded with that many entries; the server cap applies too.
    @Test func sizeLimitsAreEnforcedWithServerCap() async throws {
        try await withServer(configure: { $0.limits.sizeLimitCap = 7 }) { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let a = try await client.search(base: glue, sizeLimit: 3)
            #expect(a.result.resultCode == .sizeLimitExceeded)
            #expect(a.entries.count == 3)
            let b = try await client.search(base: glue, sizeLimit: 100)
            #expect(b.result.resultCode == .sizeLimitExceeded)
            #expect(b.entries.count == 7)
            await client.close()
        }
    }

    /// The root DSE advertises naming contexts, version 3, paged results, WhoAmI and the subschema.
    @Test func rootDSEAdvertisesCapabilities() async throws {
        try await withServer { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let r = try await client.search(base: .root, scope: .baseObject, attributes: ["+"])
            let dse = try #require(r.entries.first)
            #expect(dse.strings("namingContexts") == ["o=glue"])
            #expect(dse.strings("supportedLDAPVersion") == ["3"])
            #expect(dse.strings("supportedControl").contains(LDAPOID.pagedResults))
            #expect(dse.strings("supportedExtension").contains(LDAPOID.whoAmI))
            #expect(dse.strings("subschemaSubentry") == ["cn=Subschema"])
            // Without '+', only user attributes.
            let plain = try await client.search(base: .root, scope: .baseObject)
            #expect(plain.entries.first?.strings("namingContexts") == [])
            let schema = try await client.search(base: RootDSE.subschemaDN, scope: .baseObject, attributes: ["attributeTypes"])
            #expect(schema.entries.first?.strings("attributeTypes").count == 1)
            await client.close()
        }
    }

    /// Writes need a bound identity allowed to write: an entry's own userPassword binds read-only, the root DN
    /// may add, modify, rename, compare and delete.
    @Test func writesRequireAuthentication() async throws {
        try await withServer(configure: { $0.rootDN = try! DistinguishedName("cn=root,o=glue"); $0.rootPassword = "r00t" }) { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let e = LDAPEntry(dn: try DistinguishedName("cn=new,o=glue"), attributes: [LDAPAttribute(name: "cn", strings: ["new"])])
            await #expect(throws: LDAPClientError(.result, resultCode: .strongerAuthRequired, message: "")) { try await client.add(e) }
            await #expect(throws: LDAPClientError(.result, resultCode: .invalidCredentials, message: "")) {
                try await client.simpleBind(dn: try DistinguishedName("cn=admin,o=glue"), password: "wrong")
            }
            #expect(try await client.whoAmI() == "")
            try await client.simpleBind(dn: try DistinguishedName("cn=admin,o=glue"), password: "s3cret")
            #expect(try await client.whoAmI() == "dn:cn=admin,o=glue")
            await #expect(throws: LDAPClientError(.result, resultCode: .insufficientAccessRights, message: "")) { try await client.add(e) }
            try await client.simpleBind(dn: try DistinguishedName("cn=root,o=glue"), password: "r00t")
            try await client.add(e)
            await #expect(throws: LDAPClientError(.result, resultCode: .entryAlreadyExists, message: "")) { try await client.add(e) }
            try await client.modify(e.dn, [LDAPModification(.replace, LDAPAttribute(name: "description", strings: ["x"]))])
            #expect(try await client.compare(e.dn, attribute: "description", value: Array("x".utf8)))
            #expect(try await !client.compare(e.dn, attribute: "description", value: Array("y".utf8)))
            try await client.modifyDN(e.dn, newRDN: RelativeDistinguishedName(type: "cn", value: "renamed"))
            try await client.delete(try DistinguishedName("cn=renamed,o=glue"))
            await #expect(throws: LDAPClientError(.result, resultCode: .noSuchObject, message: "")) { try await client.delete(e.dn) }
            await client.close()
        }
    }

    /// SASL binds are refused with authMethodNotSupported; a DN without password is unwillingToPerform.
    @Test func saslAndUnauthenticatedBindsAreRefused() async throws {
        try await withServer { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let sasl = try await client.send(.bindRequest(BindRequest(name: "", authentication: .sasl(mechanism: "EXTERNAL", credentials: nil))))
            #expect(sasl.last?.result?.resultCode == .authMethodNotSupported)
            let unauth = try await client.send(.bindRequest(BindRequest(name: "cn=admin,o=glue", authentication: .simple(password: []))))
            #expect(unauth.last?.result?.resultCode == .unwillingToPerform)
            let v2 = try await client.send(.bindRequest(BindRequest(version: 2, name: "", authentication: .simple(password: []))))
            #expect(v2.last?.result?.resultCode == .protocolError)
            await client.close()
        }
    }

    /// Bad DNs and unknown bases give invalidDNSyntax and noSuchObject; unknown critical controls fail.
    @Test func badRequestsGetPreciseResultCodes() async throws {
        try await withServer { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let bad = try await client.send(.searchRequest(SearchRequest(baseObject: "not a dn", scope: .baseObject)))
            #expect(bad.last?.result?.resultCode == .invalidDNSyntax)
            await #expect(throws: LDAPClientError(.result, resultCode: .noSuchObject, message: "")) {
                _ = try await client.search(base: try DistinguishedName("o=nowhere"))
            }
            let critical = try await client.send(.searchRequest(SearchRequest(baseObject: "o=glue", scope: .baseObject)),
                                                 controls: [LDAPControl(type: "1.2.3.4", criticality: true)])
            #expect(critical.last?.result?.resultCode == .unavailableCriticalExtension)
            let ext = try await client.send(.extendedRequest(ExtendedRequest(name: "1.2.3.4")))
            #expect(ext.last?.result?.resultCode == .protocolError)
            let tls = try await client.send(.extendedRequest(ExtendedRequest(name: LDAPOID.startTLS)))
            #expect(tls.last?.result?.resultCode == .unavailable)
            await client.close()
        }
    }

    /// Many concurrent searches on one connection each get their own complete answer.
    @Test func concurrentOperationsOnOneConnectionAreRoutedById() async throws {
        try await withServer { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<12 {
                    group.addTask {
                        let r = try await client.search(base: try DistinguishedName("o=glue"), filter: try LDAPFilter("(GLUE2ServiceID=urn:svc:\(i))"))
                        return r.entries.count
                    }
                }
                var total = 0
                for try await n in group { total += n }
                #expect(total == 12)
            }
            await client.close()
        }
    }

    /// URLs are parsed strictly.
    @Test func clientRejectsBadURLs() throws {
        #expect(try LDAPClient.parse(url: "ldap://h:2170/o=glue") == ("h", 2170) ? true : false)
        #expect(try LDAPClient.parse(url: "ldap://[::1]:389").host == "::1")
        #expect(throws: LDAPClientError(.invalidURL, message: "")) { try LDAPClient.parse(url: "http://h") }
        #expect(throws: LDAPClientError(.invalidURL, message: "")) { try LDAPClient.parse(url: "ldap://h:99999") }
    }
}

/// Passes searches to a MemoryBackend and remembers the last query the server built.
final class RecordingBackend: DirectoryBackend {
    let inner = MemoryBackend.sample()
    let last = Mutex<SearchQuery?>(nil)
    func search(_ q: SearchQuery) throws(DirectoryError) -> SearchResults {
        last.withLock { $0 = q }
        return try inner.search(q)
    }
    func add(_ entry: LDAPEntry) throws(DirectoryError) { try inner.add(entry) }
    func modify(_ dn: DistinguishedName, _ changes: [LDAPModification]) throws(DirectoryError) { try inner.modify(dn, changes) }
    func delete(_ dn: DistinguishedName) throws(DirectoryError) { try inner.delete(dn) }
    func modifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool, newSuperior: DistinguishedName?) throws(DirectoryError) {
        try inner.modifyDN(dn, newRDN: newRDN, deleteOldRDN: deleteOldRDN, newSuperior: newSuperior)
    }
    func compare(_ dn: DistinguishedName, attribute: String, value: [UInt8]) throws(DirectoryError) -> Bool {
        try inner.compare(dn, attribute: attribute, value: value)
    }
    var namingContexts: [DistinguishedName] { inner.namingContexts }
    func subschemaEntry() -> LDAPEntry { inner.subschemaEntry() }
}

@Suite struct SearchLimitTests {
    /// The client's sizeLimit and timeLimit can only lower the server caps, and 0 means "the cap".
    @Test func clientLimitsNeverExceedServerCaps() async throws {
        let backend = RecordingBackend()
        try await withServer(backend, configure: { $0.limits.sizeLimitCap = 50; $0.limits.timeLimitCapSeconds = 30 }) { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let glue = try DistinguishedName("o=glue")
            for (size, time, expectedSize, expectedSeconds) in [(0, 0, 50, 30), (10, 5, 10, 5), (1000, 1000, 50, 30)] {
                let before = ContinuousClock.now
                _ = try await client.search(base: glue, sizeLimit: size, timeLimit: time)
                let q = try #require(backend.last.withLock { $0 })
                #expect(q.sizeLimit == expectedSize)
                let deadline = try #require(q.deadline)
                #expect(deadline > before + .seconds(expectedSeconds - 1) && deadline <= ContinuousClock.now + .seconds(expectedSeconds))
            }
            await client.close()
        }
    }
}
