// GVE — CLITests: `gve up` driven through the CLI only, as a user would (README quick start).
import Foundation
import Testing

/// Runs the `gve` binary built beside this test bundle.
struct GVEBinary {
    static var path: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let p = candidate.appendingPathComponent("gve").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug/gve"
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs `gve args...` to completion with `environment` added.
    static func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A free loopback TCP port (bound once, then released).
    /// GETs a URL with curl and returns the body.
    static func curl(_ url: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-sS", "--max-time", "20", url]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// A running `gve up` in a temporary data directory.
final class RunningSite {
    let process = Process()
    let data: URL
    let registryPort = GVEBinary.freePort(), sitePort = GVEBinary.freePort(), registryHTTPPort = GVEBinary.freePort()
    let agentPort: Int
    let log: URL

    init(agents: Int = 2, site: String? = nil) throws {
        data = FileManager.default.temporaryDirectory.appendingPathComponent("gve-up-\(UUID().uuidString)")
        log = data.appendingPathExtension("log")
        agentPort = 20000 + Int.random(in: 0..<20000)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: GVEBinary.path)
        process.arguments = ["up", "--data", data.path, "--registry-port", "\(registryPort)", "--site-port", "\(sitePort)",
                             "--registry-http-port", "\(registryHTTPPort)",
                             "--agent-port", "\(agentPort)", "--agents", "\(agents)"] + (site.map { ["--site", $0] } ?? [])
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if (try? String(contentsOf: log, encoding: .utf8))?.contains("is up.") == true { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        stop()
        throw RunningSiteError(message: "gve up did not come up: \(text)")
    }

    var banner: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    var environment: [String: String] { ["GVE_CONFIG": data.appendingPathComponent("client.toml").path, "HOME": data.path] }

    func gve(_ args: String...) throws -> GVEBinary.Result { try GVEBinary.run(args, environment: environment) }

    /// Stops the site as an operator would (SIGTERM, like Ctrl-C); returns whether it exited by itself, with status 0,
    /// within 10 s (otherwise it is killed).
    @discardableResult
    func stop() -> Bool {
        guard process.isRunning else { return false }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return false
        }
        return process.terminationReason == .exit && process.terminationStatus == 0
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: data)
        try? FileManager.default.removeItem(at: log)
    }
}

struct RunningSiteError: Error, CustomStringConvertible { var message: String; var description: String { message } }

@Suite(.serialized) struct GVEUpEndToEndTests {
    /// The quick start as `gve up` prints it: request with --wait, list, registry view — then the whole VM life.
    @Test func quickStartAndVMLifecycleThroughTheCLI() throws {
        let site = try RunningSite(agents: 2)
        // Passwords are generated and private.
        let attrs = try FileManager.default.attributesOfItem(atPath: site.data.appendingPathComponent("demo.password").path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        #expect(site.banner.contains("export GVE_CONFIG="))
        // Each Agent has its own publisher password (private), and may write only its own host's subtree.
        let agentPassword = site.data.appendingPathComponent("agent-1.publisher.password")
        #expect((try FileManager.default.attributesOfItem(atPath: agentPassword.path)[.posixPermissions] as? Int) == 0o600)
        let outside = site.data.appendingPathComponent("outside.ldif")
        try "dn: GLUE2LocationID=x,GLUE2GroupID=resource,o=glue\nobjectClass: GLUE2Location\nGLUE2LocationID: x\n"
            .write(to: outside, atomically: true, encoding: .utf8)
        func ldapadd(_ bind: [String]) throws -> (status: Int32, stderr: String) {
            let p = Process()
            let err = Pipe()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/ldapadd")
            p.arguments = ["-x", "-H", "ldap://127.0.0.1:\(site.registryPort)", "-f", outside.path] + bind
            p.standardOutput = FileHandle.nullDevice
            p.standardError = err
            try p.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return (p.terminationStatus, text)
        }
        let confined = try ldapadd(["-D", "cn=agent-1,ou=publishers,o=gve", "-w",
                                    try String(contentsOf: agentPassword, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(confined.status == 50, "\(confined.stderr)")
        let anonymous = try ldapadd([])
        #expect(anonymous.status == 8, "\(anonymous.stderr)")

        // The three commands the banner suggests.
        let request = try site.gve("vm", "request", "--image", "ubuntu-22.04", "--vcpus", "2", "--memory", "2G", "--disk", "10G",
                                   "--lifetime", "2h", "--wait")
        #expect(request.status == 0, "\(request.stderr)")
        #expect(request.stdout.contains("running"))
        let list = try site.gve("vm", "list", "--output", "json")
        #expect(list.status == 0, "\(list.stderr)")
        let vms = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(vms.count == 1)
        let name = try #require(vms.first?["name"] as? String)
        #expect(vms.first?["state"] as? String == "running")
        let hosts = try site.gve("hosts")
        #expect(hosts.status == 0, "\(hosts.stderr)")
        #expect(hosts.stdout.contains("GVE-LOCAL"))
        // The registry over HTTP, and every daemon's /metrics after that work (curl, a real HTTP client).
        let glue = try GVEBinary.curl("http://127.0.0.1:\(site.registryHTTPPort)/glue?filter=%28objectClass%3DGLUE2AdminDomain%29")
        #expect(glue.contains("\"GVE-LOCAL\""), "\(glue)")
        let registryMetrics = try GVEBinary.curl("http://127.0.0.1:\(site.registryHTTPPort)/metrics")
        #expect(registryMetrics.contains("gve_ldap_operations_total{operation=\"search\",result=\"success\"}"), "\(registryMetrics)")
        #expect(registryMetrics.contains("gve_ldap_operations_total{operation=\"modify\",result=\"success\"}") ||
                registryMetrics.contains("gve_ldap_operations_total{operation=\"add\",result=\"success\"}"))
        // The VM is on one of the two Agents.
        let agentMetrics = try GVEBinary.curl("http://127.0.0.1:\(site.agentPort)/metrics") + GVEBinary.curl("http://127.0.0.1:\(site.agentPort + 1)/metrics")
        #expect(agentMetrics.contains("gve_agent_soap_calls_total{operation=\"Clone\",outcome=\"ok\"} 1\n"), "\(agentMetrics)")
        #expect(agentMetrics.contains("gve_agent_libvirt_calls_total{operation=\"defineDomain\"} 1\n"))
        let siteMetrics = try GVEBinary.curl("http://127.0.0.1:\(site.sitePort)/metrics")
        #expect(siteMetrics.contains("gve_site_soap_calls_total{operation=\"RequestVM\",outcome=\"ok\"} 1\n"), "\(siteMetrics)")

        // Manage: stop, start, suspend, resume.
        for (action, state) in [("stop", "halted"), ("start", "running"), ("suspend", "suspended"), ("resume", "running")] {
            let r = try site.gve("vm", action, name)
            #expect(r.status == 0, "\(action): \(r.stderr)")
            #expect(r.stdout.contains(state), "\(action) → \(r.stdout)")
        }
        // Lease extension within the maximum, and beyond it.
        let extend = try site.gve("vm", "extend", name, "--by", "1h")
        #expect(extend.status == 0, "\(extend.stderr)")
        #expect(extend.stdout.contains("lease ends"))
        let tooLong = try site.gve("vm", "extend", name, "--by", "400d")
        #expect(tooLong.status != 0)

        // Quota: the demo user's 10 GB memory quota refuses 9 GB more on top of 2 GB, naming the limit.
        let over = try site.gve("vm", "request", "--image", "ubuntu-22.04", "--memory", "9G")
        #expect(over.status != 0)
        #expect(over.stderr.contains("QuotaExceeded"))
        #expect(over.stderr.contains("10240"))
        let quota = try site.gve("quota")
        #expect(quota.stdout.contains("2048"))

        // Bad input names the field.
        let bad = try site.gve("vm", "request", "--image", "ubuntu-22.04", "--memory", "lots")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--memory"))

        // The broker over the registry: the site is chosen, and an impossible request says why.
        let choose = try site.gve("vm", "request", "--site", "auto", "--image", "debian-12", "--memory", "1G", "--wait")
        #expect(choose.status == 0, "\(choose.stderr)")
        #expect(choose.stdout.contains("chosen by the broker"))
        let impossible = try site.gve("broker", "select", "--vcpus", "4", "--memory", "500G", "--image", "ubuntu-22.04")
        #expect(impossible.status != 0)
        #expect(impossible.stdout.contains("no host with 4 free vCPUs"))

        // Release.
        let release = try site.gve("vm", "release", name)
        #expect(release.status == 0, "\(release.stderr)")
        // The release completes: the VM leaves the list within a few seconds.
        var remaining: [String] = [name]
        for _ in 0..<100 where remaining.contains(name) {
            let after = try site.gve("vm", "list", "--output", "json")
            remaining = (try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            if remaining.contains(name) { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(!remaining.contains(name), "\(name) still listed after release")
    }

    /// A second `gve up` on the same data directory resumes: same accounts, the VMs the site knows.
    @Test func secondUpResumesTheSameState() throws {
        var site: RunningSite? = try RunningSite(agents: 1)
        let data = site!.data
        let first = try site!.gve("vm", "request", "--image", "debian-12", "--memory", "1G", "--wait")
        #expect(first.status == 0, "\(first.stderr)")
        let password = try String(contentsOf: data.appendingPathComponent("demo.password"), encoding: .utf8)
        #expect(site!.stop(), "gve up did not shut down cleanly on SIGTERM: \(site!.banner)")
        // Restart on the same directory (keep the files: the first instance's deinit would remove them).
        let p = Process()
        p.executableURL = URL(fileURLWithPath: GVEBinary.path)
        let reg = GVEBinary.freePort(), sp = GVEBinary.freePort(), ap = 20000 + Int.random(in: 0..<20000)
        p.arguments = ["up", "--data", data.path, "--registry-port", "\(reg)", "--site-port", "\(sp)", "--agent-port", "\(ap)", "--agents", "1",
                       "--registry-http-port", "\(GVEBinary.freePort())"]
        let log = data.appendingPathComponent("second.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: log)
        p.standardError = p.standardOutput
        try p.run()
        defer { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        var up = false
        for _ in 0..<600 where !up {
            up = (try? String(contentsOf: log, encoding: .utf8))?.contains("is up.") == true
            if !up { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(up, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        #expect(try String(contentsOf: data.appendingPathComponent("demo.password"), encoding: .utf8) == password)
        let list = try GVEBinary.run(["vm", "list", "--site", "http://127.0.0.1:\(sp)", "--output", "json"],
                                     environment: ["GVE_CONFIG": data.appendingPathComponent("client.toml").path])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("debian-12"))
        site = nil
    }
}

@Suite(.serialized) struct BrokerAcrossSitesTests {
    /// Two sites, each a `gve up` under a site registry (`gve infosys serve --config` in site mode), aggregated by a
    /// top-level registry: the broker picks the site that can take the request, says why the other cannot,
    /// and `gve vm request --site auto` gets the VM there over SOAP.
    @Test func brokerChoosesAcrossTwoSitesThroughATopRegistry() throws {
        let a = try RunningSite(agents: 1, site: "SITE-A")   // one host: 16 CPUs
        let b = try RunningSite(agents: 2, site: "SITE-B")   // hosts of 16 and 32 CPUs
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("gve-agg-\(UUID().uuidString)")
        let empty = work.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        func conf(_ name: String, port: Int, mode: String, site: String?, sources: String) throws -> String {
            let path = work.appendingPathComponent("\(name).conf").path
            try """
            BDII_LDIF_DIR=\(empty.path)
            BDII_PROVIDER_DIR=\(empty.path)
            BDII_PLUGIN_DIR=\(empty.path)
            BDII_BREATHE_TIME=1
            BDII_READ_TIMEOUT=10
            BDII_DELETE_DELAY=0
            BDII_PORT=\(port)
            GVE_MODE=\(mode)
            \(site.map { "GVE_SITE_NAME=\($0)" } ?? "")
            GVE_SOURCE_URLS="\(sources)"

            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let pa = GVEBinary.freePort(), pb = GVEBinary.freePort(), top = GVEBinary.freePort()
        let siteA = try GVEProcess(["infosys", "serve", "--config",
                                       try conf("a", port: pa, mode: "site", site: "SITE-A", sources: "resource=ldap://127.0.0.1:\(a.registryPort)/o=glue")],
                                      log: work.appendingPathComponent("a.log"))
        let siteB = try GVEProcess(["infosys", "serve", "--config",
                                       try conf("b", port: pb, mode: "site", site: "SITE-B", sources: "resource=ldap://127.0.0.1:\(b.registryPort)/o=glue")],
                                      log: work.appendingPathComponent("b.log"))
        let topRegistry = try GVEProcess(["infosys", "serve", "--config",
                                             try conf("top", port: top, mode: "top", site: nil,
                                                      sources: "SITE-A=ldap://127.0.0.1:\(pa)/o=glue SITE-B=ldap://127.0.0.1:\(pb)/o=glue")],
                                            log: work.appendingPathComponent("top.log"))
        let topURL = "ldap://127.0.0.1:\(top)"
        // Wait until the top level shows both sites with their hosts and both cloud services (cycles every second
        // at each level; a site's hosts and its service entry may arrive in different cycles).
        var sites = ""
        for _ in 0..<150 {
            sites = (try? GVEBinary.run(["sites", "--registry", topURL]))?.stdout ?? ""
            let services = (try? GVEBinary.run(["query", "--url", topURL, "(objectClass=GLUE2CloudComputingService)", "1.1"]))?.stdout ?? ""
            if sites.contains("SITE-A"), sites.contains("SITE-B"),
               sites.split(separator: "\n").filter({ $0.hasSuffix(" 1") || $0.hasSuffix(" 2") }).count == 2,
               services.components(separatedBy: "dn: ").count - 1 >= 2 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(sites.contains("SITE-A") && sites.contains("SITE-B"), "\(sites)")

        let select = try GVEBinary.run(["broker", "select", "--registry", topURL, "--vcpus", "20", "--memory", "1G", "--image", "ubuntu-22.04"])
        #expect(select.status == 0, "\(select.stdout)\(select.stderr)")
        #expect(select.stdout.contains("chosen: SITE-B"))
        #expect(select.stdout.contains("http://127.0.0.1:\(b.sitePort)/soap"))
        #expect(select.stdout.contains("rejected: SITE-A"))
        #expect(select.stdout.contains("no host with 20 free vCPUs"))

        // The user of site B asks the grid, not a site.
        var env = b.environment
        env["GVE_SITE"] = "auto"
        env["GVE_REGISTRY"] = topURL
        let request = try GVEBinary.run(["vm", "request", "--image", "ubuntu-22.04", "--vcpus", "20", "--memory", "1G", "--wait"], environment: env)
        #expect(request.status == 0, "\(request.stdout)\(request.stderr)")
        #expect(request.stdout.contains("site SITE-B chosen by the broker"))
        #expect(request.stdout.contains("running"))
        // The top level carries BDII-style statistics with true counts.
        let stats = try GVEBinary.run(["query", "--url", topURL, "--base", "o=infosys", "(objectClass=UpdateStats)", "FailedAdds", "TotalEntries"])
        #expect(stats.stdout.contains("FailedAdds: 0"), "\(stats.stdout)\(stats.stderr)")
        withExtendedLifetime((siteA, siteB, topRegistry, a)) {}
    }
}
