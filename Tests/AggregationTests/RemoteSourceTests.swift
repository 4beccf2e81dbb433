// GVE — AggregationTests
// DN rewriting between levels and remote sources behind RemoteDirectorySource (test double of our
// own protocol; the LDAP client is wired by the integrator and tested with InfoProvider).

import Aggregation
import Foundation
import LDAPCore
import Synchronization
import Testing

/// Serves fixed entries per URL; a URL mapped to nil throws; "slow" URLs never answer.
final class FixedRemote: RemoteDirectorySource {
    struct Unreachable: Error {}
    let answers: Mutex<[String: [LDAPEntry]?]>
    let requests = Mutex<[(url: String, timeout: Duration, sizeLimit: Int)]>([])
    init(_ answers: [String: [LDAPEntry]?]) { self.answers = Mutex(answers) }
    func set(_ url: String, _ entries: [LDAPEntry]?) { answers.withLock { $0[url] = .some(entries) } }

    func fetch(url: String, timeout: Duration, sizeLimit: Int) async throws -> [LDAPEntry] {
        requests.withLock { $0.append((url, timeout, sizeLimit)) }
        if url.contains("slow") { try await Task.sleep(for: .seconds(600)) }
        guard let entries = answers.withLock({ $0[url] ?? nil }) else { throw Unreachable() }
        return entries
    }
}

@Suite struct DNRewriterTests {
    func rewrite(_ mode: AggregationMode, _ dn: String, site: String? = "SITE-A") -> String? {
        DNRewriter(mode: mode, siteName: site).rewrite(try! DistinguishedName(dn))?.description
    }

    /// A site moves resource-level entries under GLUE2DomainID=<site>,o=glue (and Mds-Vo-name for GLUE 1.3).
    @Test func siteLevelRewritesResourceTrees() {
        #expect(rewrite(.site, "GLUE2EndpointID=e,GLUE2ServiceID=s,GLUE2GroupID=resource,o=glue")
                == "GLUE2EndpointID=e,GLUE2ServiceID=s,GLUE2DomainID=SITE-A,o=glue")
        #expect(rewrite(.site, "GlueCEUniqueID=ce,Mds-Vo-name=resource,o=grid") == "GlueCEUniqueID=ce,Mds-Vo-name=SITE-A,o=grid")
        #expect(rewrite(.site, "GLUE2ServiceID=s,GLUE2DomainID=SITE-A,o=glue") == "GLUE2ServiceID=s,GLUE2DomainID=SITE-A,o=glue")
        #expect(rewrite(.site, "GLUE2GroupID=resource,o=glue") == nil)
        #expect(rewrite(.site, "o=glue") == nil)
        #expect(rewrite(.site, "cn=admin,dc=example") == nil)
    }

    /// A top level moves site trees under GLUE2GroupID=grid,o=glue and keeps trees already there.
    @Test func topLevelRewritesSiteTrees() {
        #expect(rewrite(.top, "GLUE2ServiceID=s,GLUE2DomainID=SITE-A,o=glue")
                == "GLUE2ServiceID=s,GLUE2DomainID=SITE-A,GLUE2GroupID=grid,o=glue")
        #expect(rewrite(.top, "GLUE2DomainID=SITE-A,o=glue") == "GLUE2DomainID=SITE-A,GLUE2GroupID=grid,o=glue")
        #expect(rewrite(.top, "GLUE2DomainID=SITE-B,GLUE2GroupID=grid,o=glue") == "GLUE2DomainID=SITE-B,GLUE2GroupID=grid,o=glue")
        #expect(rewrite(.top, "GlueSiteUniqueID=x,Mds-Vo-name=SITE-A,o=grid") == "GlueSiteUniqueID=x,Mds-Vo-name=SITE-A,Mds-Vo-name=local,o=grid")
        #expect(rewrite(.top, "o=glue") == nil)
        #expect(rewrite(.resource, "GLUE2ServiceID=s,GLUE2GroupID=resource,o=glue") == "GLUE2ServiceID=s,GLUE2GroupID=resource,o=glue")
    }
}

@Suite struct RemoteSourceTests {
    func site(_ name: String, services: Int) -> [LDAPEntry] {
        [entry("o=glue", [("objectClass", ["organization"]), ("o", ["glue"])]),
         entry("GLUE2DomainID=\(name),o=glue", [("objectClass", ["GLUE2Domain", "GLUE2AdminDomain"]), ("GLUE2DomainID", [name])])]
        + (0..<services).map { i in
            entry("GLUE2ServiceID=\(name)-s\(i),GLUE2DomainID=\(name),o=glue",
                  [("objectClass", ["GLUE2Service"]), ("GLUE2ServiceID", ["\(name)-s\(i)"])])
        }
    }

    /// A top level publishes each site under GLUE2GroupID=grid; a failing site keeps its last data, and
    /// the timeout and entry cap are passed to the client.
    @Test func topLevelAggregatesSitesAndKeepsFailedSiteData() async throws {
        let t = TempTree(); defer { t.cleanup() }
        let remote = FixedRemote([
            "ldap://a.example:2170/o=glue": site("SITE-A", services: 2),
            "ldap://b.example:2170/o=glue": site("SITE-B", services: 1),
        ])
        let config = try t.configuration("""
            GVE_MODE=top
            GVE_SOURCE_URLS=a=ldap://a.example:2170/o=glue b=ldap://b.example:2170/o=glue
            GVE_SOURCE_TIMEOUT=15
            GVE_SOURCE_MAX_ENTRIES=100
            """)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: config, sink: sink, remote: remote)
        let r1 = await aggregator.runCycle(now: date(0))
        #expect(r1.failures.isEmpty)
        #expect(r1.added == 5 && r1.droppedEntries == 2)
        #expect(sink.entry("GLUE2ServiceID=SITE-A-s1,GLUE2DomainID=SITE-A,GLUE2GroupID=grid,o=glue") != nil)
        #expect(sink.entry("GLUE2DomainID=SITE-B,GLUE2GroupID=grid,o=glue") != nil)
        #expect(remote.requests.withLock { $0.allSatisfy { $0.timeout == .seconds(15) && $0.sizeLimit == 100 } })

        remote.set("ldap://b.example:2170/o=glue", nil)
        let r2 = await aggregator.runCycle(now: date(120))
        #expect(r2.failures.map(\.source) == [SourceID(.remote, "b")])
        #expect(r2.failures.first?.description.contains("ldap://b.example:2170/o=glue") == true)
        #expect(r2.added + r2.modified + r2.deleted == 0)
        #expect(sink.entry("GLUE2DomainID=SITE-B,GLUE2GroupID=grid,o=glue") != nil)
    }

    /// A remote source that does not answer within its timeout fails; one over its entry cap fails naming the cap.
    @Test func remoteTimeoutAndEntryCapAreReported() async throws {
        let t = TempTree(); defer { t.cleanup() }
        let remote = FixedRemote(["ldap://big.example/o=glue": site("BIG", services: 10)])
        let config = try t.configuration("""
            GVE_MODE=top
            GVE_SOURCE_URLS=slow=ldap://slow.example/o=glue big=ldap://big.example/o=glue
            GVE_SOURCE_TIMEOUT_slow=1
            GVE_SOURCE_MAX_ENTRIES_big=5
            """)
        let aggregator = Aggregator(configuration: config, sink: DictionarySink(), remote: remote)
        let report = await aggregator.runCycle(now: date(0))
        let reasons = Dictionary(uniqueKeysWithValues: report.failures.map { ($0.source.name, $0.reason) })
        #expect(reasons["big"] == .tooManyEntries(count: 12, limit: 5))
        guard case .fetchFailed(let message)? = reasons["slow"] else { Issue.record("slow did not fail"); return }
        #expect(message.contains("no answer within"))
    }

    /// Without a client, remote sources fail with a clear report instead of silently publishing nothing.
    @Test func remoteSourcesWithoutClientAreReported() async throws {
        let t = TempTree(); defer { t.cleanup() }
        let config = try t.configuration("GVE_MODE=site\nGVE_SITE_NAME=S\nGVE_SOURCE_URLS=r=ldap://r.example/o=glue")
        let report = await Aggregator(configuration: config, sink: DictionarySink()).runCycle(now: date(0))
        #expect(report.failures.map(\.reason) == [.fetchFailed("no LDAP client is configured for remote sources")])
    }
}
