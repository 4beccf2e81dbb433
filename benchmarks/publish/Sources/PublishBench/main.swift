// GVE — publish-to-visible latency: agent-style LDAP modifies to a site registry, each timed until a
// search at the site returns the new value and until a search at a top registry aggregating the site does.
import Aggregation
import Directory
import Foundation
import InfoProvider
import LDAPCore
import Logging

func option(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: "--" + name), i + 1 < args.count else { return fallback }
    return args[i + 1]
}

let mode = option("mode", "push")
let writes = Int(option("writes", "300"))!
let services = Int(option("services", "1000"))!
let config = option("config", "release")

/// A remote source that can only be polled (the `poll` baseline).
struct PollOnly: RemoteDirectorySource {
    let inner = LDAPRegistrySource()
    func fetch(url: String, timeout: Duration, sizeLimit: Int) async throws -> [LDAPEntry] {
        try await inner.fetch(url: url, timeout: timeout, sizeLimit: sizeLimit)
    }
}

func siteLDIF(services: Int) -> String {
    var s = """
        dn: o=glue
        objectClass: organization
        o: glue

        dn: GLUE2DomainID=SITE-1,o=glue
        objectClass: GLUE2Domain
        objectClass: GLUE2AdminDomain
        GLUE2DomainID: SITE-1
        GLUE2EntityName: SITE-1
        GLUE2AdminDomainDistributed: FALSE

        dn: GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue
        objectClass: GLUE2Group
        GLUE2GroupID: resource


        """
    for i in 0..<services {
        s += """
            dn: GLUE2ServiceID=urn:svc:\(i),GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue
            objectClass: GLUE2Service
            objectClass: GLUE2ComputingService
            GLUE2ServiceID: urn:svc:\(i)
            GLUE2EntityName: CE \(i)
            GLUE2ServiceType: org.nordugrid.arex
            GLUE2ServiceQualityLevel: production
            GLUE2ServiceCapability: executionmanagement.jobexecution
            GLUE2ServiceAdminDomainForeignKey: SITE-1
            GLUE2ComputingServiceTotalJobs: \(i)


            """
    }
    return s
}

func load(_ ldif: String) throws -> Directory {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("gve-publish-\(UUID().uuidString).ldif").path
    try ldif.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    return try DirectoryLoader.load(ldifFiles: [file])
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
}

func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

var logger = Logger(label: "publish-bench")
logger.logLevel = .error
let glue = try DistinguishedName("o=glue"), grid = try DistinguishedName("GLUE2GroupID=grid,o=glue")
let admin = try DistinguishedName("cn=admin,o=glue")

let site = try load(siteLDIF(services: services))
let top = try load("dn: o=glue\nobjectClass: organization\no: glue\n\ndn: GLUE2GroupID=grid,o=glue\nobjectClass: GLUE2Group\nGLUE2GroupID: grid\n\n")
let siteServer = LDAPServer(configuration: LDAPServerConfiguration(host: "127.0.0.1", port: 0, rootDN: admin, rootPassword: "pw"),
                            backend: site, logger: logger)
let topServer = LDAPServer(configuration: LDAPServerConfiguration(host: "127.0.0.1", port: 0), backend: top, logger: logger)
let siteTask = Task { try await siteServer.run() }
let topTask = Task { try await topServer.run() }
let sitePort = try await siteServer.listeningPorts()[0]
let topPort = try await topServer.listeningPorts()[0]

let empty = FileManager.default.temporaryDirectory.appendingPathComponent("gve-publish-empty-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
let breathe: Duration = mode == "poll" ? .seconds(1) : .seconds(600)
let bdii = BDIIConfiguration(ldifDirectory: empty.path, providerDirectory: empty.path, pluginDirectory: empty.path,
                             breatheTime: breathe, readTimeout: .seconds(30), mode: .top,
                             remoteSources: [RemoteSourceConfiguration(name: "SITE-1", url: "ldap://127.0.0.1:\(sitePort)/o=glue", base: glue)])
let remote: any RemoteDirectorySource = mode == "poll" ? PollOnly() : LDAPRegistrySource()
let aggregator = Aggregator(configuration: bdii, sink: DirectoryAggregationSink(directory: top, containers: [glue, grid]),
                            remote: remote, logger: logger)
let cycles = CycleService(aggregator: aggregator, breatheTime: breathe, clock: ContinuousClock(), logger: logger)
let cycleTask = Task { try await cycles.run() }

func service(_ i: Int) throws -> DistinguishedName {
    try DistinguishedName("GLUE2ServiceID=urn:svc:\(i),GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue")
}

// Wait for the first full read (and, with push, for the feed).
let ready = ContinuousClock.now
while true {
    let followed = await aggregator.pushedSources
    if top.entry(try service(services - 1).rebased(from: glue, to: grid)!) != nil && (mode == "poll" || !followed.isEmpty) { break }
    guard ContinuousClock.now - ready < .seconds(60) else { fatalError("the top registry did not aggregate the site within 60 s") }
    try await Task.sleep(for: .milliseconds(10))
}

let writer = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(sitePort)")
try await writer.simpleBind(dn: admin, password: "pw")
let siteReader = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(sitePort)")
let topReader = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(topPort)")

func visible(_ client: LDAPClient, _ dn: DistinguishedName, _ value: String) async throws -> Bool {
    let r = try await client.search(base: dn, scope: .baseObject, attributes: ["GLUE2EntityName"])
    return r.entries.first?["GLUE2EntityName"] == [Array(value.utf8)]
}

var atSite: [Double] = [], atTop: [Double] = []
let clock = ContinuousClock()
for k in 0..<writes {
    let i = (k * 7919) % services
    let dn = try service(i)
    let topDN = dn.rebased(from: glue, to: grid)!
    let value = "published \(k)"
    let start = clock.now
    try await writer.modify(dn, [LDAPModification(.replace, LDAPAttribute(name: "GLUE2EntityName", strings: [value]))])
    while !(try await visible(siteReader, dn, value)) {}
    atSite.append(ms(clock.now - start))
    while !(try await visible(topReader, topDN, value)) {
        guard clock.now - start < .seconds(30) else { fatalError("write \(k) not visible at the top after 30 s") }
        try await Task.sleep(for: .microseconds(500))
    }
    atTop.append(ms(clock.now - start))
}
atSite.sort()
atTop.sort()
func line(_ name: String, _ v: [Double]) -> String {
    String(format: "%@: p50 %.2f ms, p99 %.2f ms, max %.2f ms", name, percentile(v, 0.5), percentile(v, 0.99), v.last!)
}
print("publish-to-visible, \(writes) writes, site with \(services + 3) entries, top \(mode == "poll" ? "polling every 1 s" : "following by push (poll every 600 s)"), \(config) build")
print(line("visible at the site", atSite))
print(line("visible at the top ", atTop))
await writer.close()
await siteReader.close()
await topReader.close()
cycleTask.cancel()
siteTask.cancel()
topTask.cancel()
try? FileManager.default.removeItem(at: empty)
