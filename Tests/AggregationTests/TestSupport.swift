// GVE — AggregationTests
// Test doubles of the module's own interfaces, temp directories and GLUE LDIF builders.

import Aggregation
import Foundation
import LDAPCore
import Synchronization

/// A DirectorySink that keeps a dictionary, applies a batch all-or-nothing, and checks what a directory
/// would check (add of an existing DN, delete/modify of a missing one).
final class DictionarySink: DirectorySink {
    struct Rejected: Error, CustomStringConvertible { var description: String }
    struct Contents {
        var entries: [String: LDAPEntry] = [:]
        var batches: [[LDAPChange]] = []
        var failNextBatches = 0
        /// Refuses any batch with a change whose normalised DN contains this text.
        var refuseDNsContaining: String?
    }
    let contents = Mutex(Contents())

    func apply(_ changes: [LDAPChange]) throws {
        try contents.withLock { c in
            if c.failNextBatches > 0 { c.failNextBatches -= 1; throw Rejected(description: "refused on purpose") }
            var entries = c.entries
            for change in changes {
                let key = change.dn.normalized
                if let bad = c.refuseDNsContaining, key.contains(bad) { throw Rejected(description: "schema violation in \(change.dn)") }
                switch change {
                case .add(let e):
                    guard entries[key] == nil else { throw Rejected(description: "add of existing \(e.dn)") }
                    entries[key] = e
                case .delete(let dn):
                    guard entries.removeValue(forKey: key) != nil else { throw Rejected(description: "delete of missing \(dn)") }
                case .modify(let dn, let mods):
                    guard var e = entries[key] else { throw Rejected(description: "modify of missing \(dn)") }
                    for m in mods {
                        let name = m.attribute.name.lowercased()
                        let i = e.attributes.firstIndex { $0.name.lowercased() == name }
                        switch m.operation {
                        case .replace:
                            e.attributes.removeAll { $0.name.lowercased() == name }
                            if !m.attribute.values.isEmpty { e.attributes.append(m.attribute) }
                        case .add:
                            if let i { e.attributes[i].values += m.attribute.values } else { e.attributes.append(m.attribute) }
                        case .delete:
                            guard let i else { throw Rejected(description: "delete of missing attribute \(name) in \(dn)") }
                            if m.attribute.values.isEmpty { e.attributes.remove(at: i) } else {
                                for v in m.attribute.values {
                                    guard let j = e.attributes[i].values.firstIndex(of: v) else { throw Rejected(description: "missing value in \(dn)") }
                                    e.attributes[i].values.remove(at: j)
                                }
                                if e.attributes[i].values.isEmpty { e.attributes.remove(at: i) }
                            }
                        case .increment:
                            throw Rejected(description: "increment not expected")
                        }
                    }
                    entries[key] = e
                case .modifyDN:
                    throw Rejected(description: "modifyDN not expected")
                }
            }
            c.entries = entries
            c.batches.append(changes)
        }
    }

    var entries: [String: LDAPEntry] { contents.withLock { $0.entries } }
    var batches: [[LDAPChange]] { contents.withLock { $0.batches } }
    func entry(_ dn: String) -> LDAPEntry? { entries[try! DistinguishedName(dn).normalized] }
    /// Entries outside o=infosys.
    var contentCount: Int { entries.values.filter { !$0.dn.description.lowercased().hasSuffix("o=infosys") }.count }
    func failNext(_ n: Int) { contents.withLock { $0.failNextBatches = n } }
}

/// A unique temporary directory tree with ldif/, provider/ and plugin/ subdirectories.
struct TempTree {
    let root: String
    init() {
        root = NSTemporaryDirectory() + "gve-agg-" + UUID().uuidString
        for d in ["ldif", "provider", "plugin"] {
            try! FileManager.default.createDirectory(atPath: root + "/" + d, withIntermediateDirectories: true)
        }
    }
    var ldif: String { root + "/ldif" }
    var provider: String { root + "/provider" }
    var plugin: String { root + "/plugin" }

    func write(_ path: String, _ text: String, executable: Bool = false) {
        let full = root + "/" + path
        // write to a new file and rename, so a provider never runs a half-written script
        let tmp = full + ".tmp-" + UUID().uuidString
        FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8),
                                       attributes: [.posixPermissions: executable ? 0o755 : 0o644])
        _ = rename(tmp, full)
    }

    func remove(_ path: String) { try? FileManager.default.removeItem(atPath: root + "/" + path) }

    func configuration(_ extra: String = "") throws -> BDIIConfiguration {
        try BDIIConfiguration(parsing: """
            BDII_LDIF_DIR=\(ldif)
            BDII_PROVIDER_DIR=\(provider)
            BDII_PLUGIN_DIR=\(plugin)
            BDII_READ_TIMEOUT=20
            \(extra)
            """)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: root) }
}

/// GLUE 2 LDIF for tests.
enum GLUE {
    static func service(_ id: String, base: String = "GLUE2GroupID=resource,o=glue", extra: String = "") -> String {
        """
        dn: GLUE2ServiceID=\(id),\(base)
        objectClass: GLUE2Entity
        objectClass: GLUE2Service
        GLUE2ServiceID: \(id)
        GLUE2ServiceType: org.example.test
        GLUE2ServiceQualityLevel: production
        GLUE2ServiceCapability: executionmanagement.jobexecution
        GLUE2ServiceCapability: information.model
        GLUE2EntityName: service \(id)
        \(extra)
        """.trimmingCharacters(in: .newlines) + "\n\n"
    }

    static func endpoint(_ id: String, service: String, base: String = "GLUE2GroupID=resource,o=glue", health: String = "ok") -> String {
        """
        dn: GLUE2EndpointID=\(id),GLUE2ServiceID=\(service),\(base)
        objectClass: GLUE2Entity
        objectClass: GLUE2Endpoint
        GLUE2EndpointID: \(id)
        GLUE2EndpointURL: https://\(id).example.org:8443/
        GLUE2EndpointInterfaceName: org.example.iface
        GLUE2EndpointQualityLevel: production
        GLUE2EndpointHealthState: \(health)
        GLUE2EndpointServingState: production
        GLUE2EndpointServiceForeignKey: \(service)

        """ + "\n"
    }

    static func share(_ id: String, service: String, base: String = "GLUE2GroupID=resource,o=glue") -> String {
        """
        dn: GLUE2ShareID=\(id),GLUE2ServiceID=\(service),\(base)
        objectClass: GLUE2Entity
        objectClass: GLUE2Share
        objectClass: GLUE2ComputingShare
        GLUE2ShareID: \(id)
        GLUE2ComputingShareServingState: production
        GLUE2ComputingShareRunningJobs: 4
        GLUE2ShareServiceForeignKey: \(service)

        """ + "\n"
    }
}

func date(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + seconds) }

/// A `Clock` that moves only when told to.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by d: Duration) -> Instant { Instant(offset: offset + d) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }
    struct Sleeper { var id: Int; var deadline: Instant; var continuation: CheckedContinuation<Void, any Error> }
    struct State { var now = Instant(offset: .zero); var sleepers: [Sleeper] = []; var nextID = 0 }
    let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = state.withLock { s in s.nextID += 1; return s.nextID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { s -> Bool in
                    if deadline <= s.now { return true }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: c))
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let s = state.withLock { s -> Sleeper? in
                guard let i = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: i)
            }
            s?.continuation.resume(throwing: CancellationError())
        }
    }

    func advance(by d: Duration) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = s.now.advanced(by: d)
            let due = s.sleepers.filter { $0.deadline <= s.now }
            s.sleepers.removeAll { $0.deadline <= s.now }
            return due
        }
        for s in due { s.continuation.resume() }
    }
}

/// Polls `condition` every 10 ms for up to `seconds` (for waiting on background services, not timing).
func eventually(_ seconds: Double = 20, _ condition: () async -> Bool) async -> Bool {
    let end = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < end {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
