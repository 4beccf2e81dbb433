// GVE — Directory micro-benchmark (not a test): loads generated GLUE entries and times start-up
// and the four searches of the InfoProvider benchmark, in process (no network, no LDAP codec).
import Directory
import Foundation
import LDAPCore
import LDAPSchema
import LDIF

func arg(_ name: String, _ def: String) -> String {
    let a = CommandLine.arguments
    if let i = a.firstIndex(of: name), i + 1 < a.count { return a[i + 1] }
    return def
}
let entries = Int(arg("--entries", "100000"))!
let startupOnly = CommandLine.arguments.contains("--startup-only")
let iterations = Int(arg("--iterations", "20"))!
let work = arg("--work", NSTemporaryDirectory() + "gve-dir-bench")
if !startupOnly {
    try? FileManager.default.removeItem(atPath: work)
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
}
let ldif = work + "/data.ldif"

func rssMB() -> Double {
    let s = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = s.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Double(line.split(separator: " ")[1]) ?? 0) / 1024
}
/// CPU time of this thread in ms: the machine is shared, so wall time alone overstates our cost.
func cpuMs() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}
func time<T>(_ body: () throws -> T) rethrows -> (T, Double, Double) {
    let start = ContinuousClock.now
    let c0 = cpuMs()
    let r = try body()
    let cpu = cpuMs() - c0
    let d = ContinuousClock.now - start
    return (r, Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15, cpu)
}

if !startupOnly {
    let gen = Process()
    gen.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    gen.arguments = ["/work/shared/peers/gen_glue_ldif.py", "--entries", String(entries), "--policies", "--base-entry", "-o", ldif]
    try gen.run()
    gen.waitUntilExit()
}

let schema = try Schema.load(files: ["/etc/ldap/schema/core.schema", "/etc/ldap/schema/cosine.schema", "/etc/ldap/schema/GLUE20.schema"])
let glueBase = try DistinguishedName("o=glue")
let dataDir = work + "/data"
let config = DirectoryConfiguration(dataDirectory: dataDir)
if !startupOnly {
    let (loaded, loadMs, loadCPU) = try time { () throws -> Directory in
        let d = try Directory(schema: schema, configuration: config)
        try d.load(ldifFiles: [ldif])
        return d
    }
    // The server's path (DirectoryLoader): in memory, batches of 5000 adds through apply.
    let (inMemory, batchMs, batchCPU) = try time { () throws -> Directory in
        let d = try Directory(schema: schema)
        var reader = try LDIFReader(path: ldif)
        var batch: [DirectoryChange] = []
        while let record = try reader.next() {
            if case .content(let e) = record { batch.append(.add(e)) }
            if batch.count >= 5000 { try d.apply(batch); batch.removeAll(keepingCapacity: true) }
        }
        try d.apply(batch)
        return d
    }
    print("load \(inMemory.count) entries in memory, batches of 5000 (parse + schema check + build): \(Int(batchMs)) ms wall, \(Int(batchCPU)) ms CPU, RSS \(Int(rssMB())) MB")
    let (_, checkpointMs, checkpointCPU) = try time { try loaded.checkpoint() }
    print("load \(loaded.count) entries from LDIF (parse + schema check + index + WAL fsync): \(Int(loadMs)) ms wall, \(Int(loadCPU)) ms CPU; checkpoint: \(Int(checkpointMs)) ms wall, \(Int(checkpointCPU)) ms CPU")
    print(String(format: "RSS after load: %.0f MB", rssMB()))
    // Start-up and searches in a fresh process, so RSS is the served state's.
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["--startup-only", "--work", work, "--iterations", String(iterations)]
    try child.run()
    child.waitUntilExit()
    if !CommandLine.arguments.contains("--keep") { try? FileManager.default.removeItem(atPath: work) }
    exit(child.terminationStatus)
}
let (directory, startMs, startCPU) = try time { try Directory(schema: schema, configuration: config) }
print(String(format: "start-up from data directory (%d entries): %.0f ms wall, %.0f ms CPU, RSS %.0f MB", directory.count, startMs, startCPU, rssMB()))

let anyService = try directory.search(SearchQuery(base: glueBase, filter: try LDAPFilter("(objectClass=GLUE2ComputingService)"), attributes: ["GLUE2ServiceID"], sizeLimit: 1)).entries[0].first("GLUE2ServiceID")!
let anyName = try directory.search(SearchQuery(base: glueBase, filter: try LDAPFilter("(objectClass=GLUE2ComputingService)"), attributes: ["GLUE2EntityName"], sizeLimit: 1)).entries[0].first("GLUE2EntityName")!
let queries: [(String, String, [String])] = [
    ("indexed equality GLUE2ServiceID", "(GLUE2ServiceID=\(LDAPFilter.escape(Array(anyService.utf8))))", []),
    ("all GLUE2ComputingService, all attrs", "(objectClass=GLUE2ComputingService)", []),
    ("all GLUE2ComputingService, 1.1", "(objectClass=GLUE2ComputingService)", ["1.1"]),
    ("equality GLUE2EntityName (slapd: unindexed)", "(GLUE2EntityName=\(LDAPFilter.escape(Array(anyName.utf8))))", []),
    ("GLUE2ExecutionEnvironmentMainMemorySize>=131072, all attrs", "(GLUE2ExecutionEnvironmentMainMemorySize>=131072)", []),
    ("same, 1.1", "(GLUE2ExecutionEnvironmentMainMemorySize>=131072)", ["1.1"]),
    ("substring GLUE2EntityName=*site-0001*", "(GLUE2EntityName=*site-0001*)", ["1.1"]),
    ("NOT: (!(objectClass=GLUE2Policy)), 1.1", "(!(objectClass=GLUE2Policy))", ["1.1"]),
]
for (label, filter, attrs) in queries {
    let q = SearchQuery(base: glueBase, filter: try LDAPFilter(filter), attributes: attrs)
    let (first, firstMs, _) = try time { try directory.search(q) }
    var samples: [Double] = []
    var cpu: [Double] = []
    for _ in 0..<iterations { let t = try time { try directory.search(q) }; samples.append(t.1); cpu.append(t.2) }
    samples.sort()
    cpu.sort()
    print(String(format: "%-58@ %6d entries  first %8.2f ms  wall p50 %8.3f ms  p90 %8.3f ms  CPU p50 %8.3f ms",
                 label as NSString, first.entries.count, firstMs, samples[samples.count / 2], samples[samples.count * 9 / 10],
                 cpu[cpu.count / 2]))
    // The server's path: matching plus every entry encoded as an LDAPMessage.
    var encodedCPU: [Double] = []
    var bytes = 0
    for _ in 0..<iterations {
        let t = try time { () throws -> Int in
            let r = try directory.searchEncoded(q)
            var out: [UInt8] = []
            var total = 0
            for i in 0..<r.count { out.removeAll(keepingCapacity: true); r.encodeMessage(i, messageID: 7, into: &out); total += out.count }
            return total
        }
        encodedCPU.append(t.2)
        bytes = t.0
    }
    encodedCPU.sort()
    print(String(format: "%-58@ %6d bytes    encoded (search + BER) CPU p50 %8.3f ms", "" as NSString, bytes, encodedCPU[encodedCPU.count / 2]))
}
print(String(format: "RSS after searches: %.0f MB", rssMB()))
