// GVE — InfoProviderTests: interoperability with the real thing. Debian's BDII (bdii-update 6.0.0 and its
// slapd) aggregates our site registry as a top level; our top level aggregates an OpenLDAP slapd site.
// Both compare the DN sets the two levels serve. They need bdii, slapd and ldap-utils: missing, they fail.
import Aggregation
import Directory
import Foundation
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import Testing

@Suite struct BDIIInteropTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A loopback port free now: bound to port 0 by a plain socket, read back and closed synchronously (a
    /// throwaway server would still hold it while its task winds down, and slapd's bind would fail).
    static func freePort() async throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The DNs under `base` (excluding `base`), read with ldapsearch, lower-cased in RFC 4514 form.
    static func dns(_ url: String, base: String) async throws -> Set<String> {
        let r = try await runProgram("/usr/bin/ldapsearch", ["-x", "-LLL", "-o", "ldif-wrap=no", "-H", url, "-b", base, "1.1"])
        #expect(r.status == 0, "ldapsearch \(url) -b \(base): \(r.err)")
        var out = Set<String>()
        for line in r.out.split(separator: "\n") where line.hasPrefix("dn: ") {
            let dn = try DistinguishedName(String(line.dropFirst(4)))
            if dn != (try DistinguishedName(base)) { out.insert(dn.description.lowercased()) }
        }
        return out
    }

    /// The DNs a top level publishes for a site's entries under `o=glue`.
    static func rebasedUnderGrid(_ siteDNs: Set<String>) throws -> Set<String> {
        let glue = try DistinguishedName("o=glue"), grid = try DistinguishedName("GLUE2GroupID=grid,o=glue")
        return Set(try siteDNs.map { try DistinguishedName($0).rebased(from: glue, to: grid)!.description.lowercased() })
    }

    /// Debian's bdii-update, as a top-level BDII whose provider reads our site registry, serves the
    /// site's entries under `GLUE2GroupID=grid,o=glue`: the same DN set.
    @Test func debianBDIIAggregatesOurSiteRegistry() async throws {
        let site = try DirectoryServerTests.directory(services: 5)
        let work = try Self.temporaryDirectory("gve-bdii-top")
        defer { try? FileManager.default.removeItem(at: work) }
        let bdiiPort = try await Self.freePort()
        let script = Self.repository.appendingPathComponent("scripts/interop/bdii-top.sh").path
        try await withServer(site) { _, port in
            let siteURL = "ldap://127.0.0.1:\(port)"
            let start = try await runProgram("/bin/bash", [script, "start", work.path, String(bdiiPort), "\(siteURL)/o=glue"])
            var failure: (any Error)?
            do {
                #expect(start.status == 0, "bdii-top.sh: \(start.err) slapd.log: \((try? String(contentsOf: work.appendingPathComponent("slapd.log"), encoding: .utf8)) ?? "")")
                let siteDNs = try await Self.dns(siteURL, base: "o=glue")
                #expect(siteDNs.count == 2 + 5)  // the domain, its resource group, five services
                let bdiiDNs = try await Self.dns("ldap://127.0.0.1:\(bdiiPort)", base: "GLUE2GroupID=grid,o=glue")
                #expect(bdiiDNs == (try Self.rebasedUnderGrid(siteDNs)),
                        "bdii-update log: \((try? String(contentsOf: work.appendingPathComponent("bdii-update.log"), encoding: .utf8)) ?? "")")
            } catch { failure = error }
            _ = try await runProgram("/bin/bash", [script, "stop", work.path])
            if let failure { throw failure }
        }
    }

    /// Our top level aggregates a slapd site (OpenLDAP with the GLUE 2 schema, no push: it is polled)
    /// and serves the site's entries under `GLUE2GroupID=grid,o=glue`: the same DN set.
    @Test func ourTopRegistryAggregatesSlapdSite() async throws {
        let work = try Self.temporaryDirectory("gve-slapd-site")
        defer { try? FileManager.default.removeItem(at: work) }
        let ldif = work.appendingPathComponent("site.ldif").path
        try DirectoryServerTests.ldif(services: 5).write(toFile: ldif, atomically: true, encoding: .utf8)
        let port = try await Self.freePort()
        let lib = Self.repository.appendingPathComponent("benchmarks/lib/slapd.sh").path
        let slapdDir = work.path + "/slapd"
        let load = try await runProgram("/bin/bash", ["-c", "source \"$0\" && slapd_write_conf \"$1\" \"$2\" && /usr/sbin/slapadd -q -f \"$1/slapd.conf\" -b o=glue -l \"$3\"",
                                                      lib, slapdDir, String(port), ldif])
        #expect(load.status == 0, "slapadd: \(load.err)")
        // slapd in the foreground as our child (a background daemon started by a script would keep the
        // script's Process from ever seeing it end).
        let slapd = Process()
        slapd.executableURL = URL(fileURLWithPath: "/usr/sbin/slapd")
        slapd.arguments = ["-f", slapdDir + "/slapd.conf", "-h", "ldap://127.0.0.1:\(port)/", "-d", "0"]
        FileManager.default.createFile(atPath: work.path + "/slapd.err", contents: nil)
        slapd.standardOutput = FileHandle.nullDevice
        slapd.standardError = try FileHandle(forWritingTo: work.appendingPathComponent("slapd.err"))
        try slapd.run()
        // SIGKILL: slapd inherits the test thread's blocked signals, so it never sees a SIGTERM.
        defer { kill(slapd.processIdentifier, SIGKILL) }
        #expect(try await PushAggregationTests.eventually(30) {
            try await runProgram("/usr/bin/ldapsearch", ["-x", "-H", "ldap://127.0.0.1:\(port)", "-b", "", "-s", "base", "1.1"]).status == 0
        }, "slapd: \((try? String(contentsOf: work.appendingPathComponent("slapd.err"), encoding: .utf8)) ?? "")")
        let slapdURL = "ldap://127.0.0.1:\(port)/o=glue"

        // slapd does not advertise the persistent search: the aggregation polls it.
        #expect(try await LDAPRegistrySource().follow(url: slapdURL, timeout: .seconds(10), sizeLimit: 1000) == nil)

        try await PushAggregationTests.withTop(aggregating: slapdURL) { top, aggregator in
            let report = await aggregator.runCycle(now: Date())
            #expect(report.failures.isEmpty, "\(report.failures)")
            try await withServer(top) { _, topPort in
                let siteDNs = try await Self.dns("ldap://127.0.0.1:\(port)", base: "o=glue")
                #expect(siteDNs.count == 2 + 5)  // the domain, its resource group, five services
                let topDNs = try await Self.dns("ldap://127.0.0.1:\(topPort)", base: "GLUE2GroupID=grid,o=glue")
                #expect(topDNs == (try Self.rebasedUnderGrid(siteDNs)))
            }
        }
    }
}
