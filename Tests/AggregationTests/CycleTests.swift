// GVE — AggregationTests
// Whole cycles over real files and real provider/plugin programs (shell scripts in temp dirs).

import Aggregation
import Foundation
import LDAPCore
import Testing

@Suite struct CycleTests {
    /// LDIF files and provider output are merged and published; parents are added before children.
    @Test func publishesLDIFFilesAndProviderOutput() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/site.ldif", "version: 1\n\n" + GLUE.service("s1") + GLUE.endpoint("e1", service: "s1"))
        t.write("provider/glite-info-provider-test", "#!/bin/sh\ncat <<'EOF'\n\(GLUE.service("s2"))EOF\n", executable: true)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        let report = await aggregator.runCycle(now: date(0))
        #expect(report.failures.isEmpty)
        #expect(report.added == 3)
        #expect(report.totalEntries == 3)
        #expect(sink.entry("GLUE2EndpointID=e1,GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2EndpointHealthState") == "ok")
        #expect(sink.entry("GLUE2ServiceID=s2,GLUE2GroupID=resource,o=glue") != nil)
        let adds = sink.batches[0].map(\.dn.rdns.count)
        #expect(adds == adds.sorted())
    }

    /// A provider that fails keeps its last good data, and is reported with its name, exit status and stderr.
    @Test func failingProviderKeepsLastGoodDataAndIsReported() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("provider/flaky", "#!/bin/sh\ncat <<'EOF'\n\(GLUE.service("s1"))EOF\n", executable: true)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        #expect(await aggregator.runCycle(now: date(0)).added == 1)

        t.write("provider/flaky", "#!/bin/sh\necho 'partial output' \necho 'cannot reach the batch system' >&2\nexit 3\n", executable: true)
        let report = await aggregator.runCycle(now: date(120))
        let failure = try #require(report.failures.first)
        #expect(failure.source == SourceID(.provider, "flaky"))
        #expect(failure.reason == .program(.exited(3)))
        #expect(failure.stderrTail.contains("cannot reach the batch system"))
        #expect(failure.description.contains("provider flaky: exit status 3"))
        #expect(report.added + report.modified + report.deleted == 0)
        #expect(sink.entry("GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue") != nil)
    }

    /// A provider past BDII_READ_TIMEOUT is killed with its whole process group, and keeps its last data.
    @Test func providerTimeoutKillsProcessGroupAndKeepsData() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("provider/slow", "#!/bin/sh\ncat <<'EOF'\n\(GLUE.service("s1"))EOF\n", executable: true)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration("BDII_READ_TIMEOUT=1"), sink: sink)
        #expect(await aggregator.runCycle(now: date(0)).added == 1)

        let pidFile = t.root + "/child.pid"
        t.write("provider/slow", "#!/bin/sh\nsleep 300 &\necho $! > \(pidFile)\nwait\n", executable: true)
        let report = await aggregator.runCycle(now: date(120))
        #expect(report.failures.map(\.reason) == [.program(.timedOut(.seconds(1)))])
        #expect(sink.entry("GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue") != nil)
        let child = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // the background `sleep` was in the provider's process group: it is gone (or a zombie awaiting reaping)
        let gone = await eventually(5) {
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8) else { return true }
            return stat.contains(") Z ")
        }
        #expect(gone)
    }

    /// A source over its entry cap fails with a report naming the cap; its previous data stays.
    @Test func sourceOverEntryCapIsRefused() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/big.ldif", (1...5).map { GLUE.service("s\($0)") }.joined())
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration("GVE_SOURCE_MAX_ENTRIES_big.ldif=3"), sink: sink)
        let report = await aggregator.runCycle(now: date(0))
        #expect(report.failures.map(\.reason) == [.tooManyEntries(count: 5, limit: 3)])
        #expect(report.failures.first?.description.contains("cap of 3") == true)
        #expect(sink.contentCount == 0)
    }

    /// A source directory that cannot be listed (unmounted, permissions) does not make its data vanish.
    @Test func unlistableDirectoryKeepsDataAndIsReported() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("s1"))
        t.write("plugin/p", "#!/bin/sh\nprintf 'dn: GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue\\nchangetype: modify\\nreplace: GLUE2EntityName\\nGLUE2EntityName: from plugin\\n-\\n'\n", executable: true)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        #expect(await aggregator.runCycle(now: date(0)).added == 1)
        #expect(sink.entry("GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2EntityName") == "from plugin")
        try FileManager.default.moveItem(atPath: t.ldif, toPath: t.root + "/ldif-gone")
        try FileManager.default.moveItem(atPath: t.plugin, toPath: t.root + "/plugin-gone")
        let report = await aggregator.runCycle(now: date(120))
        #expect(Set(report.failures.map(\.source)) == [SourceID(.ldifFile, "a.ldif"), SourceID(.plugin, "p")])
        #expect(report.failures.allSatisfy { "\($0)".contains("cannot be listed") })
        #expect(report.added + report.modified + report.deleted == 0)
        #expect(sink.entry("GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2EntityName") == "from plugin")
    }

    /// A provider printing more than its byte cap is killed and reported naming the cap.
    @Test func providerOverByteCapIsKilled() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("provider/chatty", "#!/bin/sh\nwhile :; do echo 'GLUE2EntityOtherInfo: padding padding padding'; done\n", executable: true)
        let aggregator = Aggregator(configuration: try t.configuration("GVE_SOURCE_MAX_BYTES_chatty=100000"), sink: DictionarySink())
        let report = await aggregator.runCycle(now: date(0))
        #expect(report.failures.map(\.reason) == [.program(.outputLimitExceeded(100000))])
        #expect(report.failures.first?.description.contains("more than 100000 bytes") == true)
    }

    /// Output that is not LDIF fails the source with the line named.
    @Test func invalidLDIFNamesTheLine() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/bad.ldif", GLUE.service("s1") + "dn: GLUE2ServiceID=s2,o=glue\nthis line has no colon\n")
        let aggregator = Aggregator(configuration: try t.configuration(), sink: DictionarySink())
        let report = await aggregator.runCycle(now: date(0))
        guard case .invalidOutput(let message)? = report.failures.first?.reason else {
            Issue.record("expected invalid output, got \(report.failures)"); return
        }
        #expect(message.contains("ldif bad.ldif:12"))
    }

    /// A cycle over unchanged sources sends nothing to the sink and parses nothing.
    @Test func unchangedCycleYieldsZeroChanges() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.endpoint("e1", service: "s1"))
        t.write("provider/p", "#!/bin/sh\ncat <<'EOF'\n\(GLUE.service("s2"))EOF\n", executable: true)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        _ = await aggregator.runCycle(now: date(0))
        let before = sink.entries
        let report = await aggregator.runCycle(now: date(120))
        #expect(report.added == 0 && report.modified == 0 && report.deleted == 0)
        #expect(report.sources.map(\.state) == [.unchanged, .unchanged])
        #expect(sink.batches.count == 1)
        #expect(sink.entries == before)
    }

    /// Changing one attribute of one entry among 1,000 yields exactly one modify with one replace.
    @Test func oneChangedAttributeAmongThousandYieldsOneReplace() async throws {
        let t = TempTree(); defer { t.cleanup() }
        func file(jobs: String) -> String {
            (0..<1000).map { i in
                GLUE.service("s\(i)", extra: "GLUE2EntityOtherInfo: jobs=\(i == 517 ? jobs : "1")")
            }.joined()
        }
        t.write("ldif/many.ldif", file(jobs: "1"))
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        #expect(await aggregator.runCycle(now: date(0)).added == 1000)
        t.write("ldif/many.ldif", file(jobs: "42"))
        let report = await aggregator.runCycle(now: date(120))
        #expect(report.modified == 1 && report.added == 0 && report.deleted == 0)
        let dn = try DistinguishedName("GLUE2ServiceID=s517,GLUE2GroupID=resource,o=glue")
        #expect(sink.batches.last == [
            .modify(dn, [LDAPModification(.replace, LDAPAttribute(name: "GLUE2EntityOtherInfo", strings: ["jobs=42"]))])
        ])
        #expect(sink.entry(dn.description)?.first("GLUE2EntityOtherInfo") == "jobs=42")
    }

    /// Vanished entries stay for BDII_DELETE_DELAY with status unknown/closed, then are deleted;
    /// an entry that comes back before that is restored.
    @Test func vanishedEntriesKeptWithUnknownStatusUntilDeleteDelay() async throws {
        let t = TempTree(); defer { t.cleanup() }
        let all = GLUE.service("s1") + GLUE.endpoint("e1", service: "s1") + GLUE.share("q1", service: "s1") + GLUE.endpoint("e2", service: "s1")
        t.write("ldif/a.ldif", all)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration("BDII_DELETE_DELAY=3600"), sink: sink)
        #expect(await aggregator.runCycle(now: date(0)).added == 4)

        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.endpoint("e2", service: "s1"))
        let r1 = await aggregator.runCycle(now: date(100))
        #expect(r1.markedVanished == 2 && r1.modified == 2 && r1.deleted == 0)
        #expect(r1.keptVanishedEntries == 2)
        let e1 = try #require(sink.entry("GLUE2EndpointID=e1,GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue"))
        #expect(e1.first("GLUE2EndpointHealthState") == "unknown")
        #expect(e1.first("GLUE2EndpointHealthStateInfo")?.contains("since 2027-01-15T08:01:40Z") == true)
        #expect(sink.entry("GLUE2ShareID=q1,GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2ComputingShareServingState") == "closed")

        // not yet due: nothing happens
        let r2 = await aggregator.runCycle(now: date(3699))
        #expect(r2.modified + r2.deleted == 0)
        #expect(sink.contentCount == 4)

        // e2 vanishes later than e1; e1 is due first
        t.write("ldif/a.ldif", GLUE.service("s1"))
        _ = await aggregator.runCycle(now: date(3650))
        let r3 = await aggregator.runCycle(now: date(3700))
        #expect(r3.deleted == 2)
        #expect(sink.entry("GLUE2EndpointID=e1,GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue") == nil)
        #expect(sink.entry("GLUE2EndpointID=e2,GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2EndpointHealthState") == "unknown")

        // e2 comes back before its delay ran out: its own status is restored
        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.endpoint("e2", service: "s1"))
        let r4 = await aggregator.runCycle(now: date(3800))
        #expect(r4.modified == 1 && r4.keptVanishedEntries == 0)
        #expect(sink.entry("GLUE2EndpointID=e2,GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2EndpointHealthState") == "ok")
        #expect(sink.entry("GLUE2EndpointID=e2,GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2EndpointHealthStateInfo") == nil)
    }

    /// With no delete delay, vanished entries are deleted at once, children before parents.
    @Test func zeroDeleteDelayDeletesAtOnceChildrenFirst() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.endpoint("e1", service: "s1"))
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        _ = await aggregator.runCycle(now: date(0))
        t.remove("ldif/a.ldif")
        let report = await aggregator.runCycle(now: date(1))
        #expect(report.deleted == 2)
        #expect(sink.batches.last?.map(\.dn.rdns.count) == [4, 3])
        #expect(sink.contentCount == 0)
    }

    /// Entries past CreationTime + Validity are flagged in the report but not deleted.
    @Test func expiredEntriesAreFlaggedNotDeleted() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("old", extra: "GLUE2EntityCreationTime: 2027-01-15T08:00:00Z\nGLUE2EntityValidity: 60")
                + GLUE.service("fresh", extra: "GLUE2EntityCreationTime: 2027-01-15T08:00:00Z\nGLUE2EntityValidity: 86400"))
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        let report = await aggregator.runCycle(now: date(0))  // 2027-01-15T08:00:00Z
        #expect(report.expiredEntries == 0)
        let later = await aggregator.runCycle(now: date(3600))
        #expect(later.expiredEntries == 1)
        #expect(later.expiredSample == [try DistinguishedName("GLUE2ServiceID=old,GLUE2GroupID=resource,o=glue")])
        #expect(sink.contentCount == 2)
    }

    /// Plugin change records are applied after the merge, and re-applying them changes nothing.
    @Test func pluginChangesAppliedAfterMerge() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.service("s2"))
        t.write("plugin/fix", """
            #!/bin/sh
            cat <<'EOF'
            dn: GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue
            changetype: modify
            replace: GLUE2ServiceQualityLevel
            GLUE2ServiceQualityLevel: testing
            -

            dn: GLUE2ServiceID=s2,GLUE2GroupID=resource,o=glue
            changetype: delete

            EOF
            """, executable: true)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        let report = await aggregator.runCycle(now: date(0))
        #expect(report.added == 1)
        #expect(sink.entry("GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2ServiceQualityLevel") == "testing")
        #expect(sink.entry("GLUE2ServiceID=s2,GLUE2GroupID=resource,o=glue") == nil)
        // the source changes s1 elsewhere: the plugin's value survives
        t.write("ldif/a.ldif", GLUE.service("s1", extra: "GLUE2EntityOtherInfo: x") + GLUE.service("s2"))
        let r2 = await aggregator.runCycle(now: date(120))
        #expect(r2.modified == 1)
        #expect(sink.entry("GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2ServiceQualityLevel") == "testing")
        let r3 = await aggregator.runCycle(now: date(240))
        #expect(r3.added + r3.modified + r3.deleted == 0)
    }

    /// The o=infosys UpdateStats entry carries the true counts, and failed sources by name.
    @Test func statisticsCarryTrueCounts() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.service("s2") + GLUE.service("s3"))
        t.write("provider/broken", "#!/bin/sh\necho boom >&2\nexit 2\n", executable: true)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink,
                                    statistics: InfosysStatistics(hostname: "bdii.example.org"))
        _ = await aggregator.runCycle(now: date(0))
        var stats = try #require(sink.entry("Hostname=bdii.example.org,o=infosys"))
        #expect(stats.first("NewEntries") == "3")
        #expect(stats.first("TotalEntries") == "3")
        #expect(stats.first("FailedAdds") == "0")
        #expect(stats.first("GVEFailedSources") == "1")
        #expect(stats.first("GVEFailedSource")?.contains("provider broken: exit status 2; stderr: boom") == true)
        #expect(sink.entry("o=infosys") != nil)

        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.service("s2", extra: "GLUE2EntityOtherInfo: y"))
        sink.failNext(3)  // the batch, then the modify and the delete on their own
        _ = await aggregator.runCycle(now: date(120))
        stats = try #require(sink.entry("Hostname=bdii.example.org,o=infosys"))
        #expect(stats.first("NewEntries") == "0")
        #expect(stats.first("ModifiedEntries") == "0")
        #expect(stats.first("FailedModifies") == "1")
        #expect(stats.first("FailedDeletes") == "1")
        #expect(stats.first("TotalEntries") == "3")

        let r = await aggregator.runCycle(now: date(240))  // retried after the refusal
        #expect(r.modified == 1 && r.deleted == 1)
        stats = try #require(sink.entry("Hostname=bdii.example.org,o=infosys"))
        #expect(stats.first("ModifiedEntries") == "1")
        #expect(stats.first("DeletedEntries") == "1")
        #expect(stats.first("FailedModifies") == "0")
        #expect(stats.first("TotalEntries") == "2")
    }

    /// One entry the directory refuses does not block the others: they are applied, the refused one is
    /// counted and named, and retried next cycle until its source fixes it.
    @Test func refusedEntryDoesNotBlockTheCycle() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.service("bad") + GLUE.service("s3"))
        let sink = DictionarySink()
        sink.contents.withLock { $0.refuseDNsContaining = "serviceid=bad" }
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        let r1 = await aggregator.runCycle(now: date(0))
        #expect(r1.added == 2 && r1.failedAdds == 1)
        #expect(r1.sinkError?.message.contains("GLUE2ServiceID=bad,GLUE2GroupID=resource,o=glue") == true)
        #expect(sink.contentCount == 2)
        let r2 = await aggregator.runCycle(now: date(120))  // unchanged source: the refused add is retried
        #expect(r2.added == 0 && r2.failedAdds == 1 && r2.totalEntries == 2)
        sink.contents.withLock { $0.refuseDNsContaining = nil }
        let r3 = await aggregator.runCycle(now: date(240))
        #expect(r3.added == 1 && r3.failedAdds == 0 && sink.contentCount == 3)
    }

    /// When two sources publish the same DN the earlier one wins; when it drops the entry the other's shows.
    @Test func earlierSourceWinsDuplicateDNs() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("s1", extra: "GLUE2EntityOtherInfo: from-a"))
        t.write("ldif/b.ldif", GLUE.service("s1", extra: "GLUE2EntityOtherInfo: from-b"))
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration(), sink: sink)
        let r1 = await aggregator.runCycle(now: date(0))
        #expect(r1.added == 1 && r1.duplicateDNs == 1)
        #expect(sink.entry("GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2EntityOtherInfo") == "from-a")
        t.write("ldif/a.ldif", "")
        let r2 = await aggregator.runCycle(now: date(1))
        #expect(r2.modified == 1 && r2.deleted == 0)
        #expect(sink.entry("GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2EntityOtherInfo") == "from-b")
    }
}

@Suite struct AdoptionTests {
    /// After a restart the aggregator adopts what the directory kept: unchanged entries cost nothing,
    /// changed ones get a minimal modify, ones no source publishes vanish with the delete delay.
    @Test func adoptsEntriesKeptByThePersistentDirectory() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.service("s2") + GLUE.endpoint("e1", service: "s1"))
        let sink = DictionarySink()
        let first = Aggregator(configuration: try t.configuration("BDII_DELETE_DELAY=600"), sink: sink,
                               statistics: InfosysStatistics(hostname: "h"))
        _ = await first.runCycle(now: date(0))

        // restart: a new aggregator over the same sink; the source dropped e1 and changed s2
        t.write("ldif/a.ldif", GLUE.service("s1") + GLUE.service("s2", extra: "GLUE2EntityOtherInfo: new"))
        let second = Aggregator(configuration: try t.configuration("BDII_DELETE_DELAY=600"), sink: sink,
                                statistics: InfosysStatistics(hostname: "h"))
        await second.adopt(Array(sink.entries.values))
        let report = await second.runCycle(now: date(100))
        #expect(report.sinkError == nil)
        #expect(report.added == 0 && report.modified == 2 && report.markedVanished == 1 && report.deleted == 0)
        #expect(sink.entry("GLUE2EndpointID=e1,GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")?.first("GLUE2EndpointHealthState") == "unknown")
        let later = await second.runCycle(now: date(800))
        #expect(later.deleted == 1 && later.totalEntries == 2)
    }
}
