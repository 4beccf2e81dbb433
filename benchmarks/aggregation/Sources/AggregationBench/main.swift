// GVE — AggregationBench: three aggregation cycles over BDII_LDIF_DIR-style input, as bdii-update
// would run them: (1) first cycle, every entry added; (2) unchanged cycle; (3) after adding
// `GLUE2EntityOtherInfo: bench-changed=<n>` to every 20th entry of every file (5 %).
// Prints wall time, changes and RSS per cycle. Not a test: see benchmarks/aggregation/run.sh.
//
//   AggregationBench <ldif-dir> [--no-change] [--directory]
//
// --directory: the sink is GVE's Directory (schema-checked with core, cosine and GLUE20, in memory);
// otherwise a dictionary. Statistics entries are published only with the dictionary sink.

import Aggregation
import Directory
import Foundation
import LDAPSchema
import LDAPCore
import Synchronization

/// An in-memory sink: a dictionary of entries by normalised DN, changes applied as a directory would.
final class MemorySink: DirectorySink {
    let entries = Mutex<[String: LDAPEntry]>([:])
    func apply(_ changes: [LDAPChange]) throws {
        entries.withLock { map in
            for change in changes {
                switch change {
                case .add(let e): map[DNKey.of(e.dn)] = e
                case .delete(let dn): map[DNKey.of(dn)] = nil
                case .modify(let dn, let mods):
                    let key = DNKey.of(dn); if let e = map[key] { map[key] = EntryDiff.applying(mods, to: e) }
                case .modifyDN: break
                }
            }
        }
    }
}

/// The registry's real store as the sink.
final class DirectoryAdapter: DirectorySink {
    let directory: Directory
    init(_ directory: Directory) { self.directory = directory }
    func apply(_ changes: [LDAPChange]) throws {
        try directory.apply(changes)  // DirectoryChange is LDAPChange
    }
}

@_silgen_name("malloc_trim") func mallocTrim(_ pad: Int) -> Int32

func rss() -> (current: Int, peak: Int) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func kib(_ key: String) -> Int {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
    }
    return (kib("VmRSS:") / 1024, kib("VmHWM:") / 1024)
}

/// Adds an OtherInfo line to every 20th entry of each file (the same rule as run.sh's change5).
func changeFivePercent(in dir: String) throws -> Int {
    var changed = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".ldif") {
        let path = dir + "/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out = ""
        out.reserveCapacity(text.utf8.count + 4096)
        var index = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out += line
            out += "\n"
            if line.hasPrefix("dn: ") {
                if index % 20 == 0 { out += "GLUE2EntityOtherInfo: bench-changed=\(index)\n"; changed += 1 }
                index += 1
            }
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return changed
}

let args = CommandLine.arguments
guard args.count >= 2 else { print("usage: AggregationBench <ldif-dir> [--no-change]"); exit(2) }
let dir = args[1]
let empty = NSTemporaryDirectory() + "gve-agg-bench-empty-" + UUID().uuidString
try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: empty) }
let configuration = try BDIIConfiguration(parsing: """
    BDII_LDIF_DIR=\(dir)
    BDII_PROVIDER_DIR=\(empty)
    BDII_PLUGIN_DIR=\(empty)
    BDII_DELETE_DELAY=0
    """)
let useDirectory = args.contains("--directory")
let sink: any DirectorySink
if useDirectory {
    let schema = try Schema.load(files: ["/etc/ldap/schema/core.schema", "/etc/ldap/schema/cosine.schema", "/etc/ldap/schema/GLUE20.schema"])
    sink = DirectoryAdapter(try Directory(schema: schema))
} else {
    sink = MemorySink()
}
print("sink: \(useDirectory ? "Directory (schema-checked, in memory)" : "dictionary")")
let aggregator = Aggregator(configuration: configuration, sink: sink,
                            statistics: useDirectory ? nil : InfosysStatistics(hostname: "localhost"))

func cycle(_ label: String) async {
    let start = ContinuousClock.now
    let r = await aggregator.runCycle(now: Date())
    let wall = ContinuousClock.now - start
    // TRIM=1: hand freed heap back to the OS first, so RSS shows the live heap rather than the peak.
    if ProcessInfo.processInfo.environment["TRIM"] != nil { _ = mallocTrim(0) }
    let (now, peak) = rss()
    let secs = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    print(String(format: "%-10@ %8.3f s  added %6d  modified %6d  deleted %6d  total %6d  failed sources %d  RSS %4d MiB (peak %4d MiB)",
                 label as NSString, secs, r.added, r.modified, r.deleted, r.totalEntries, r.failures.count, now, peak))
    func sec(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    print(String(format: "           read+parse %.3f s, reconcile+apply %.3f s", sec(r.readTime), sec(r.dbUpdateTime)))
    for f in r.failures.prefix(3) { print("  \(f)") }
    if let e = r.sinkError { print("  sink: \(e)") }
}

await cycle("first")
await cycle("unchanged")
if !args.contains("--no-change") {
    let n = try changeFivePercent(in: dir)
    print("changed \(n) entries")
    await cycle("5%-changed")
}
