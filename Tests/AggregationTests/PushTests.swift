// GVE — AggregationTests
// Pushed changes from a followed remote source: rewritten like a poll, applied at once, only the DNs they
// name compared; a followed source is not polled, and polling after the feed breaks compares everything.

import Aggregation
import Foundation
import LDAPCore
import Testing

@Suite struct PushTests {
    func service(_ site: String, _ id: String, name: String = "n") -> LDAPEntry {
        entry("GLUE2ServiceID=\(id),GLUE2DomainID=\(site),o=glue",
              [("objectClass", ["GLUE2Service"]), ("GLUE2ServiceID", [id]), ("GLUE2EntityName", [name])])
    }
    func domain(_ site: String) -> LDAPEntry {
        entry("GLUE2DomainID=\(site),o=glue", [("objectClass", ["GLUE2Domain", "GLUE2AdminDomain"]), ("GLUE2DomainID", [site])])
    }

    /// A snapshot, an upsert, a rename and a delete are rewritten under GLUE2GroupID=grid and applied at
    /// once, each in one batch; other sources' entries are untouched.
    @Test func pushedChangesAreRewrittenAndAppliedAtOnce() async throws {
        let t = TempTree(); defer { t.cleanup() }
        let remote = FixedRemote(["ldap://b.example/o=glue": [domain("SITE-B")]])
        let config = try t.configuration("""
            GVE_MODE=top
            GVE_SOURCE_URLS=a=ldap://a.example/o=glue b=ldap://b.example/o=glue
            """)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: config, sink: sink, remote: remote)
        let a = SourceID(.remote, "a")
        let snapshot = await aggregator.applyPushed(.snapshot([domain("SITE-A"), service("SITE-A", "s1")]), from: a, now: date(0))
        #expect(snapshot.added == 2)
        #expect(await aggregator.pushedSources == [a])
        _ = await aggregator.runCycle(now: date(1))
        #expect(sink.entry("GLUE2DomainID=SITE-B,GLUE2GroupID=grid,o=glue") != nil)
        // The followed source was not fetched by the cycle.
        #expect(remote.requests.withLock { $0.map(\.url) } == ["ldap://b.example/o=glue"])

        let batches = sink.batches.count
        let upsert = await aggregator.applyPushed(.upsert(service("SITE-A", "s2")), from: a, now: date(2))
        #expect(upsert.added == 1)
        #expect(sink.batches.count == batches + 1)
        let modify = await aggregator.applyPushed(.upsert(service("SITE-A", "s2", name: "renamed")), from: a, now: date(3))
        #expect(modify.modified == 1)
        #expect(sink.entry("GLUE2ServiceID=s2,GLUE2DomainID=SITE-A,GLUE2GroupID=grid,o=glue")?["GLUE2EntityName"] == [Array("renamed".utf8)])
        let moved = await aggregator.applyPushed(
            .rename(from: try DistinguishedName("GLUE2ServiceID=s1,GLUE2DomainID=SITE-A,o=glue"), to: service("SITE-A", "s3")), from: a, now: date(4))
        #expect(moved.added == 1 && moved.deleted == 1)
        let deleted = await aggregator.applyPushed(.delete(try DistinguishedName("GLUE2ServiceID=s2,GLUE2DomainID=SITE-A,o=glue")), from: a, now: date(5))
        #expect(deleted.deleted == 1)
        #expect(sink.entry("GLUE2ServiceID=s3,GLUE2DomainID=SITE-A,GLUE2GroupID=grid,o=glue") != nil)
        #expect(sink.entry("GLUE2ServiceID=s1,GLUE2DomainID=SITE-A,GLUE2GroupID=grid,o=glue") == nil)
        #expect(sink.entry("GLUE2ServiceID=s2,GLUE2DomainID=SITE-A,GLUE2GroupID=grid,o=glue") == nil)
        #expect(sink.entry("GLUE2DomainID=SITE-B,GLUE2GroupID=grid,o=glue") != nil)

        // The feed breaks: the next cycle polls the source and its answer replaces the pushed state.
        await aggregator.stopFollowing(a)
        remote.set("ldap://a.example/o=glue", [domain("SITE-A")])
        let polled = await aggregator.runCycle(now: date(6))
        #expect(polled.deleted == 1)
        #expect(sink.entry("GLUE2ServiceID=s3,GLUE2DomainID=SITE-A,GLUE2GroupID=grid,o=glue") == nil)
    }
}
