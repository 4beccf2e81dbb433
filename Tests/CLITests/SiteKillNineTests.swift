// GVE — CLITests: `gve site serve` killed with SIGKILL in the middle of a burst of RequestVM, then restarted on the
// same database, with real `gve agent serve` processes (libvirt's test driver, node files) publishing to a real
// `gve infosys serve` registry that the site places from.
import Foundation
import SiteService
import Synchronization
import Testing

/// A `gve` process with its log, killed (SIGKILL) when released if still running.
final class GVEProcess {
    let process = Process()
    let log: URL

    init(_ args: [String], log: URL) throws {
        self.log = log
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: GVEBinary.path)
        process.arguments = args
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGKILL, as a crash or the OOM killer would.
    func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { kill9() }
}

/// Whether something accepts TCP connections on 127.0.0.1:port.
func portOpen(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    let len = socklen_t(MemoryLayout<sockaddr_in>.size)
    return withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, len) } } == 0
}

/// Polls `condition` every 100 ms for up to `seconds`.
func waitFor(_ seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}

@Suite(.serialized) struct SiteKillNineTests {
    /// A real site, killed with SIGKILL mid-burst and restarted on the same database: every job ends running (or
    /// failed with a reason), no answered request is lost and retries are deduplicated, the Agents hold exactly
    /// the VMs the site's database says are live (none leaked, none on two hosts), and leases still end.
    @Test func killNineMidBurstLosesNoJobAndLeaksNoVM() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("gve-kill9-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        func path(_ name: String) -> String { work.appendingPathComponent(name).path }
        func gve(_ args: String...) throws {
            let r = try GVEBinary.run(args)
            #expect(r.status == 0, "gve \(args.joined(separator: " ")): \(r.stderr)")
        }
        try "registry-secret\n".write(toFile: path("registry.password"), atomically: true, encoding: .utf8)
        try "agent-secret\n".write(toFile: path("agent.password"), atomically: true, encoding: .utf8)
        try "alice-secret\n".write(toFile: path("alice.password"), atomically: true, encoding: .utf8)

        // The registry (InfoProvider), with the resource container the Agents publish under.
        try """
            dn: o=glue
            objectClass: organization
            o: glue

            dn: GLUE2GroupID=resource,o=glue
            objectClass: GLUE2Group
            GLUE2GroupID: resource

            """.write(toFile: path("base.ldif"), atomically: true, encoding: .utf8)
        let registryPort = GVEBinary.freePort()
        let registry = try GVEProcess(["infosys", "serve", "--listen", "127.0.0.1:\(registryPort)", "--ldif", path("base.ldif"),
                                       "--root-dn", "o=glue", "--root-password-file", path("registry.password")], log: work.appendingPathComponent("registry.log"))
        #expect(await waitFor(30) { portOpen(registryPort) }, "registry did not start: \(registry.output)")

        // Two Agents on libvirt's test driver, each with a node file, a template image and the site registered.
        var agents: [(name: String, port: Int, process: GVEProcess)] = []
        for (name, cpus) in [("host-a", 32), ("host-b", 32)] {
            let dir = work.appendingPathComponent(name, isDirectory: true)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try """
                <node><cpu><mhz>2400</mhz><model>x86_64</model><active>\(cpus)</active><nodes>1</nodes><sockets>1</sockets>\
                <cores>\(cpus)</cores><threads>1</threads></cpu><memory>\(64 * 1024 * 1024)</memory></node>
                """.write(to: dir.appendingPathComponent("node.xml"), atomically: true, encoding: .utf8)
            let image = dir.appendingPathComponent("debian-12.qcow2").path
            let qemu = Process()
            qemu.executableURL = URL(fileURLWithPath: "/usr/bin/qemu-img")
            qemu.arguments = ["create", "-q", "-f", "qcow2", image, "1G"]
            try qemu.run()
            qemu.waitUntilExit()
            #expect(qemu.terminationStatus == 0, "qemu-img (Debian qemu-utils) is required")
            try gve("agent", "site-service", "add", "site", "--password-file", path("agent.password"), "--bcrypt-cost", "4", "--data", dir.path)
            try gve("agent", "image", "import", image, "--name", "debian-12", "--os-name", "debian", "--os-version", "12",
                    "--min-memory", "128", "--data", dir.path)
            let port = GVEBinary.freePort()
            let process = try GVEProcess(["agent", "serve", "--listen", "127.0.0.1:\(port)", "--hypervisor", "test://\(dir.path)/node.xml",
                                          "--hostname", name, "--data", dir.path, "--registry", "ldap://127.0.0.1:\(registryPort)",
                                          "--publisher-dn", "o=glue", "--publisher-password-file", path("registry.password")],
                                         log: work.appendingPathComponent("\(name).log"))
            agents.append((name, port, process))
        }
        for a in agents { #expect(await waitFor(30) { portOpen(a.port) }, "agent \(a.name) did not start: \(a.process.output)") }

        // The site's database: a user without limits, the Agents registered under their host names.
        let db = path("site.db")
        try gve("admin", "user", "add", "alice", "--password-file", path("alice.password"), "--db", db)
        try gve("admin", "user", "quota", "alice", "--vms", "unlimited", "--vcpus", "unlimited", "--memory-mb", "unlimited",
                "--disk-gb", "unlimited", "--db", db)
        for a in agents {
            try gve("admin", "agent", "add", a.name, "--url", "http://127.0.0.1:\(a.port)", "--username", "site",
                    "--password-file", path("agent.password"), "--vmm-type", "test", "--db", db)
        }
        let sitePort = GVEBinary.freePort()
        var starts = 0
        func startSite() async throws -> GVEProcess {
            starts += 1
            let site = try GVEProcess(["site", "serve", "--listen", "127.0.0.1:\(sitePort)", "--db", db, "--registry", "ldap://127.0.0.1:\(registryPort)",
                                       "--inventory", "registry", "--inventory-interval", "1", "--default-lifetime", "10", "--maximum-lifetime", "600"],
                                      log: work.appendingPathComponent("site-\(starts).log"))
            #expect(await waitFor(30) { portOpen(sitePort) }, "site did not start: \(site.output)")
            return site
        }
        let alice = SiteClient(url: URL(string: "http://127.0.0.1:\(sitePort)/soap")!, username: "alice", password: "alice-secret")

        var site = try await startSite()
        let ready = try await waitFor(60) { Set((try? await alice.listImages())?.map(\.hostname) ?? []) == ["host-a", "host-b"] }
        #expect(ready, "the site never saw both hosts through the registry: \(site.output)")

        // The burst: 40 requests, SIGKILL after the 12th answer while the others are in flight.
        let n = 40
        let answered = AnsweredRequests()
        let sitePID = site.process.processIdentifier
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<n {
                group.addTask {
                    guard let r = try? await alice.requestVM(VMRequest(image: "debian-12", vcpus: 1, memoryMB: 256, diskGB: 1, lifetime: 10,
                                                                       clientRequestID: "k9-\(i)")) else { return }
                    if answered.record(i, jobs: r.jobs.map(\.id)) == 12 { kill(sitePID, SIGKILL) }
                }
            }
        }
        site.kill9()  // (a no-op when the burst already killed it)
        let before = answered.snapshot()
        #expect(before.count >= 12 && before.count < n, "the kill did not land mid-burst (\(before.count) of \(n) answered)")

        // Restart on the same database; the client retries every request with its id.
        site = try await startSite()
        var jobsByRequest: [Int: [String]] = [:]
        for i in 0..<n {
            let r = try await alice.requestVM(VMRequest(image: "debian-12", vcpus: 1, memoryMB: 256, diskGB: 1, lifetime: 10, clientRequestID: "k9-\(i)"))
            jobsByRequest[i] = r.jobs.map(\.id)
            if let first = before[i] {
                #expect(r.replayed && r.jobs.map(\.id) == first, "request k9-\(i) answered before the kill lost its job")
            }
        }
        #expect(jobsByRequest.values.allSatisfy { $0.count == 1 })
        #expect(Set(jobsByRequest.values.joined()).count == n)

        // Every job reaches running or fails with a reason.
        let settled = try await waitFor(90) {
            try await alice.listJobs().allSatisfy { [.running, .failed, .releasing, .released].contains($0.state) }
        }
        let inFlight = try await alice.listJobs().filter { !$0.state.isFinal && $0.state != .running }.map { "\($0.id) \($0.state)" }
        #expect(settled, "jobs still in flight: \(inFlight)")
        for listed in try await alice.listJobs() {
            let job = try await alice.getJob(listed.id)  // with its history
            if job.state == .failed {
                #expect(job.errorMessage?.isEmpty == false, "job \(job.id) failed without a reason")
            } else {
                #expect(job.history.contains { $0.state == .running }, "job \(job.id) never ran: \(job.history.map(\.state))")
            }
        }

        // The Agents hold exactly the site's live VMs: none leaked, none doubled.
        let database = try SiteDatabase(path: db)
        let endpoints = try await database.agentEndpoints()
        func agentVMs() async throws -> [String: [String]] {
            var out: [String: [String]] = [:]
            for e in endpoints { out[e.name] = try await AgentClient(endpoint: e).listVMs().map(\.name).filter { $0.hasPrefix("gve-") } }
            return out
        }
        var lastSeen = ""
        let consistent = try await waitFor(60) {
            let onAgents = try await agentVMs()
            let live = try await database.listVMs(principal: Principal(userID: 0, name: "test", role: .admin), now: Date())
            let all = onAgents.values.joined()
            lastSeen = "agents \(onAgents.mapValues { $0.sorted() }), site \(live.map { "\($0.host):\($0.name)" }.sorted())"
            return Set(all).count == all.count
                && Set(all) == Set(live.map(\.name))
                && live.allSatisfy { onAgents[$0.host]?.contains($0.name) == true }
        }
        #expect(consistent, "agents and site disagree: \(lastSeen)")

        // Leases still end: every VM is released and gone from its Agent.
        let ended = try await waitFor(90) {
            let jobs = try await alice.listJobs()
            let left = try await agentVMs().values.joined()
            return jobs.allSatisfy { $0.state == .released || $0.state == .failed } && left.isEmpty
        }
        let notEnded = try await alice.listJobs().map(\.state).filter { !$0.isFinal }
        #expect(ended, "leases did not end: \(notEnded), \(site.output.suffix(2000))")
        site.kill9()
        _ = registry
    }
}

/// Answers received during the burst, by request index.
final class AnsweredRequests: Sendable {
    let state = Mutex<[Int: [String]]>([:])
    /// Records an answer; returns how many have been recorded.
    func record(_ index: Int, jobs: [String]) -> Int { state.withLock { $0[index] = jobs; return $0.count } }
    func snapshot() -> [Int: [String]] { state.withLock { $0 } }
}
