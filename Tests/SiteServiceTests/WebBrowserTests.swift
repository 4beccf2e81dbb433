// GVE — SiteServiceTests
// The admin web interface in a real browser: Debian's headless Chromium opens each main page (through a one-time
// login link, since it cannot POST the log-in form without a driver), a screenshot of each is kept under
// artifacts/screenshots/, and the rendered DOM must show what the forms created. Chromium missing → the test fails.
import Foundation
import Testing
@testable import SiteService

@Suite struct WebBrowserTests {
    static let chromium = "/usr/bin/chromium"

    static var screenshotDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("artifacts/screenshots")
    }

    /// Runs headless Chromium with a throw-away profile; returns its stdout.
    static func runChromium(_ arguments: [String]) async throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("gve-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--virtual-time-budget=3000"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = try await Task.detached { try out.fileHandleForReading.readToEnd() ?? Data() }.value
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium exited with \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    /// Headless Chromium renders every main page for an admin who came in through a login link; the DOM shows the user
    /// and agent registered through the forms, the running VM and its host's use; one screenshot per page is written.
    @Test func chromiumRendersEveryMainPageWithFormResults() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.chromium), "chromium is missing: scripts/setup.sh installs it")
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-a", cpus: 8, memoryMB: 16384, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db) { port in
                let alice = f.client(port)
                #expect(try await eventually("images") { try await !alice.listImages().isEmpty })
                let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 2, memoryMB: 2048, diskGB: 4, lifetime: 120))
                let jobID = r.jobs[0].id
                #expect(try await eventually("running") { try await alice.getJob(jobID).state == .running })
                let vmName = try #require(try await alice.getJob(jobID).vmName)

                var web = WebClient(port: port)
                #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
                let csrf = try await web.csrf()
                #expect(try await web.post("/admin/users", [("csrf", csrf), ("name", "carol"), ("password", "carolpw"), ("role", "user")]).status == 303)
                #expect(try await web.post("/admin/agents", [("csrf", csrf), ("name", "agent-web"), ("url", "http://127.0.0.1:9"),
                                                             ("username", "site"), ("password", "pw"), ("vmmType", "kvm")]).status == 303)

                let expected: [(page: String, contains: [String])] = [
                    ("overview", ["<h1>Overview</h1>", "host-a", "<meter", "agent-web", vmName]),
                    ("agents", ["agent-web", "host-a", "Register an agent"]),
                    ("users", ["carol", "alice", "Create a user"]),
                    ("vms", [vmName, "Release"]),
                    ("jobs", [jobID, "running"]),
                    ("audit", ["web:CreateUser", "web:RegisterAgent", "RequestVM"]),
                ]
                try FileManager.default.createDirectory(at: Self.screenshotDirectory, withIntermediateDirectories: true)
                for (page, needles) in expected {
                    let domToken = try await f.db.createAdminLoginToken(userName: "root")
                    let dom = try await Self.runChromium(["--dump-dom", "http://127.0.0.1:\(port)/admin/login/token/\(domToken)?next=/admin/\(page)"])
                    for needle in needles { #expect(dom.contains(needle), "\(page) page lacks \(needle)") }
                    #expect(!dom.contains("Log-in link not valid"), "\(page)")

                    let shotToken = try await f.db.createAdminLoginToken(userName: "root")
                    let file = Self.screenshotDirectory.appendingPathComponent("\(page).png")
                    try? FileManager.default.removeItem(at: file)
                    _ = try await Self.runChromium(["--window-size=1280,900", "--screenshot=\(file.path)",
                                                    "http://127.0.0.1:\(port)/admin/login/token/\(shotToken)?next=/admin/\(page)"])
                    let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                    #expect(size > 5_000, "\(page).png is \(size) bytes")
                }

                // Release the VM through the form: the same ReleaseVM the SOAP interface calls.
                #expect(try await web.post("/admin/vms/release", [("csrf", csrf), ("name", vmName)]).status == 303)
                #expect(try await eventually("released") { try await alice.getJob(jobID).state == .released })
                #expect(agent.vmCount == 0)
            }
        }
    }
}
