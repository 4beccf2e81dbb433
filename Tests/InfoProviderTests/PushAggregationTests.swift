// GVE — InfoProviderTests: push between levels. A top registry aggregates a site registry (both in this
// process, on loopback) with a poll interval of 600 s: only the site's persistent search can bring a
// change to the top within the test's seconds.
import Aggregation
import Directory
import Foundation
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import NIOCore
import Testing

@Suite struct PushAggregationTests {
    static let glue = try! DistinguishedName("o=glue")
    static let grid = try! DistinguishedName("GLUE2GroupID=grid,o=glue")

    /// A top registry's directory: `o=glue` and `GLUE2GroupID=grid,o=glue`.
    static func topDirectory() throws -> Directory {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-top-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("top.ldif").path
        try """
            dn: o=glue
            objectClass: organization
            o: glue

            dn: GLUE2GroupID=grid,o=glue
            objectClass: GLUE2Group
            GLUE2GroupID: grid

            """.write(toFile: file, atomically: true, encoding: .utf8)
        return try DirectoryLoader.load(ldifFiles: [file])
    }

    /// Polls `condition` every 20 ms for up to `seconds`.
    static func eventually(_ seconds: Double = 15, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    /// Runs a top-level aggregation of `url` (600 s between cycles) for the duration of `body`.
    static func withTop<T>(aggregating url: String, _ body: (Directory, Aggregator) async throws -> T) async throws -> T {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("gve-top-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let top = try topDirectory()
        let configuration = BDIIConfiguration(
            ldifDirectory: empty.path, providerDirectory: empty.path, pluginDirectory: empty.path,
            breatheTime: .seconds(600), readTimeout: .seconds(10), mode: .top,
            remoteSources: [RemoteSourceConfiguration(name: "SITE-1", url: url, base: glue)])
        let aggregator = Aggregator(configuration: configuration,
                                    sink: DirectoryAggregationSink(directory: top, containers: [glue, grid]),
                                    remote: LDAPRegistrySource())
        var service = CycleService(aggregator: aggregator, breatheTime: .seconds(600), clock: ContinuousClock())
        service.pushRetry = .milliseconds(200)
        let task = Task { try await service.run() }
        defer { task.cancel() }
        return try await body(top, aggregator)
    }

    /// A server on `port`, retrying while the previous server there is still releasing it.
    static func withServerOnPort<T>(_ directory: Directory, port: Int, _ body: () async throws -> T) async throws -> T {
        for attempt in 1... {
            do {
                return try await withServer(directory, configure: { $0.port = port }) { _, _ in try await body() }
            } catch let error as IOError where error.errnoCode == EADDRINUSE && attempt < 100 {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        fatalError("unreachable")
    }

    static func topDN(_ siteDN: DistinguishedName) -> DistinguishedName {
        siteDN.rebased(from: glue, to: grid)!
    }

    /// An add, a modify and a delete at the site reach the top long before its next poll (600 s).
    @Test func siteChangesReachTopWithoutPolling() async throws {
        let site = try DirectoryServerTests.directory(services: 2)
        try await withServer(site) { _, port in
            try await Self.withTop(aggregating: "ldap://127.0.0.1:\(port)/o=glue") { top, aggregator in
                let existing = Self.topDN(try DistinguishedName("GLUE2ServiceID=urn:svc:1,GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue"))
                #expect(try await Self.eventually { top.entry(existing) != nil })
                #expect(try await Self.eventually { await aggregator.pushedSources == [SourceID(.remote, "SITE-1")] })

                let added = PersistentSearchTests.service("urn:pushed")
                try site.add(added)
                #expect(try await Self.eventually { top.entry(Self.topDN(added.dn)) != nil })

                try site.modify(added.dn, [LDAPModification(.replace, LDAPAttribute(name: "GLUE2EntityName", strings: ["changed"]))])
                #expect(try await Self.eventually { top.entry(Self.topDN(added.dn))?["GLUE2EntityName"] == [Array("changed".utf8)] })

                try site.delete(added.dn)
                #expect(try await Self.eventually { top.entry(Self.topDN(added.dn)) == nil })

                // A cycle does not poll the followed source, and reports it as pushed.
                let report = await aggregator.runCycle(now: Date())
                #expect(report.pushedSources == ["SITE-1"])
                #expect(report.sources.first { $0.source == SourceID(.remote, "SITE-1") }?.state == .unchanged)
            }
        }
    }

    /// When the site's server goes away the top keeps the data and polls again; a new server on the same
    /// port is followed again after a full read that brings changes made while the feed was down.
    @Test func feedResyncsAfterReconnect() async throws {
        let site = try DirectoryServerTests.directory(services: 1)
        // Find a free port, then serve on it twice.
        let port = try await withServer(site) { _, port in port }
        try await Self.withTop(aggregating: "ldap://127.0.0.1:\(port)/o=glue") { top, aggregator in
            let followed = try await Self.withServerOnPort(site, port: port) {
                try await Self.eventually { await aggregator.pushedSources.count == 1 }
            }
            #expect(followed)
            #expect(try await Self.eventually { await aggregator.pushedSources.isEmpty })
            let whileDown = PersistentSearchTests.service("urn:while-down")
            try site.add(whileDown)
            let (resynced, followedAgain) = try await Self.withServerOnPort(site, port: port) {
                (try await Self.eventually { top.entry(Self.topDN(whileDown.dn)) != nil },
                 try await Self.eventually { await aggregator.pushedSources.count == 1 })
            }
            #expect(resynced)
            #expect(followedAgain)
        }
    }
}
