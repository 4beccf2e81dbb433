// GVE — SiteServiceTests
// The admin web interface in a real browser: Debian's headless Chromium, driven over the DevTools protocol
// (ChromiumDriver), logs in, registers and tests an agent, creates a user and resets their password, requests a VM
// for that user and releases it — every step through the pages' own forms. Each main page is checked for labelled
// controls and table headers, and a screenshot of it is kept under .build/test-artifacts/admin/ (printed by the test).
// Chromium missing → the test fails.
import Foundation
import Testing
@testable import SiteService

@Suite struct WebBrowserTests {
    /// `<package root>/.build/test-artifacts/admin` (ignored by git with the rest of .build).
    static var artifactDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/test-artifacts/admin")
    }

    /// Page problems a person with a screen reader or a phone would meet: unlabelled controls, tables without
    /// headers, no single main landmark, no language or viewport; "" when none.
    static let accessibilityProblems = """
        (() => {
          const problems = [];
          for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
            if (!(e.labels && e.labels.length) && !e.getAttribute('aria-label')) problems.push('unlabelled ' + (e.name || e.id));
          }
          for (const t of document.querySelectorAll('table')) {
            if (!t.querySelector('thead th[scope=col]')) problems.push('table without column headers');
          }
          if (document.querySelectorAll('main').length !== 1) problems.push('main landmarks: ' + document.querySelectorAll('main').length);
          if (!document.documentElement.lang) problems.push('no lang');
          if (!document.querySelector('meta[name=viewport]')) problems.push('no viewport');
          if (!document.querySelector('h1')) problems.push('no h1');
          return problems.join('; ');
        })()
        """

    /// Log in, register and test an agent, create a user, reset a password, request a VM for that user, manage and
    /// release it, all through the forms in Chromium; the database and the agent show each effect. The overview
    /// refreshes itself with scripts on, and the forms work with the page's scripts off.
    @Test func chromiumDrivesTheAdminFormsEndToEnd() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-a", cpus: 8, memoryMB: 16384, images: ["debian"])
        let shots = Self.artifactDirectory
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        print("admin web screenshots: \(shots.path)")
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db) { port in
                let base = "http://127.0.0.1:\(port)"
                let root = f.client(port, user: "root")
                #expect(try await eventually("inventory") { try await !root.listImages().isEmpty })
                try await ChromiumDriver.with { browser in
                    func shot(_ name: String) async throws {
                        let problems = try await browser.evaluate(Self.accessibilityProblems) ?? "?"
                        #expect(problems == "", "\(name): \(problems)")
                        let bytes = try await browser.screenshot(to: shots.appendingPathComponent("\(name).png"))
                        #expect(bytes > 5_000, "\(name).png has \(bytes) bytes")
                    }

                    // Log in through the form (an anonymous visit is sent to it).
                    try await browser.navigate(base + "/admin/overview")
                    #expect(try await browser.path() == "/admin/login")
                    try await shot("login")
                    try await browser.submit("form[action='/admin/login']", [("user", "root"), ("password", "rootpw")])
                    #expect(try await browser.path() == "/admin/overview")
                    let overview = try await browser.text()
                    #expect(overview.contains("host-a") && overview.contains("last reported") && !overview.contains("stale"))

                    // Agents: register one, test both connections, disable the new one.
                    try await browser.navigate(base + "/admin/agents")
                    try await browser.submit("#register-agent", [("name", "agent-web"), ("url", "http://127.0.0.1:9"), ("username", "site"),
                                                                 ("password", "pw"), ("vmmType", "kvm")])
                    #expect(try await browser.path() == "/admin/agents?done=agent-registered")
                    #expect(try await browser.text().contains("Agent registered."))
                    try await browser.submit("form[action='/admin/agents/test']:has(input[name=name][value='agent-web'])")
                    #expect(try await browser.text(".check").contains("Not reachable."))
                    try await browser.submit("form[action='/admin/agents/test']:has(input[name=name][value='host-a'])")
                    let check = try await browser.text(".check")
                    #expect(check.contains("Reachable.") && check.contains("host host-a"), "\(check)")
                    try await browser.submit("form[action='/admin/agents/enable']:has(input[name=name][value='agent-web'])")
                    #expect(try await browser.path() == "/admin/agents?done=agent-updated")
                    #expect(try await f.db.listAgents().first { $0.name == "agent-web" }?.enabled == false)
                    try await shot("agents")

                    // Users: create carol, give her a quota of one VM, reset her password.
                    try await browser.navigate(base + "/admin/users")
                    try await browser.submit("#create-user", [("name", "carol"), ("password", "carol-first"), ("role", "user")])
                    #expect(try await browser.path() == "/admin/users?done=user-created")
                    try await browser.submit("#set-quota", [("user", "carol"), ("vms", "1")])
                    #expect(try await browser.path() == "/admin/users?done=quota-set")
                    try await browser.submit("#reset-password", [("user", "carol"), ("password", "carol-second")])
                    #expect(try await browser.path() == "/admin/users?done=password-reset")
                    #expect(try await f.client(port, user: "carol", password: "carol-second").listVMs().isEmpty)
                    await #expect(throws: SiteError.self) { try await f.client(port, user: "carol", password: "carol-first").listVMs() }
                    #expect(try await browser.text("tbody").contains("carol"))
                    try await shot("users")

                    try await browser.navigate(base + "/admin/images")
                    let images = try await browser.text()
                    #expect(images.contains("Agent host-a") && images.contains("debian"), "\(images)")
                    try await shot("images")

                    // VMs: request one for carol through the form; it lands on the job page.
                    try await browser.navigate(base + "/admin/vms")
                    try await browser.submit("#request-vm", [("user", "carol"), ("image", "debian"), ("vcpus", "2"), ("memoryMB", "2048"),
                                                             ("diskGB", "4"), ("lifetime", "120")])
                    let jobPath = try await browser.path()
                    #expect(jobPath.hasPrefix("/admin/jobs/") && jobPath.hasSuffix("?done=vm-requested"), "\(jobPath)")
                    let jobID = String(jobPath.dropFirst("/admin/jobs/".count).prefix { $0 != "?" })
                    let job = try await root.getJob(jobID)
                    #expect(job.owner == "carol")
                    let vmName = try #require(job.vmName)
                    try await shot("job")

                    // The overview refreshes itself (no reload) until the new VM shows up among the leases.
                    try await browser.navigate(base + "/admin/overview")
                    #expect(try await browser.evaluate("document.documentElement.getAttribute('data-enhanced')") == "live-refresh")
                    try await browser.evaluate("window.__gveSamePage = true; document.querySelector('#live .updated').dataset.old = '1'")
                    try await browser.waitFor("the overview to refresh itself with \(vmName)", """
                        window.__gveSamePage && !document.querySelector('#live .updated[data-old]') && \
                        document.getElementById('live').innerText.includes(\(ChromiumDriver.literal(vmName)))
                        """, timeout: .seconds(12))
                    try await shot("overview")

                    // carol's quota is one VM: a second request through the form is refused with the domain's message.
                    try await browser.navigate(base + "/admin/vms")
                    try await browser.submit("#request-vm", [("user", "carol"), ("image", "debian"), ("vcpus", "1"), ("memoryMB", "512"),
                                                             ("diskGB", "1")])
                    #expect(try await browser.text("h1") == "RequestVM failed")
                    #expect(try await browser.text(".error").localizedCaseInsensitiveContains("quota"))

                    #expect(try await eventually("running") { try await root.getJob(jobID).state == .running })
                    try await browser.navigate(base + "/admin/vms?owner=carol")
                    #expect(try await browser.text("tbody").contains(vmName))
                    try await shot("vms")
                    try await browser.navigate(base + "/admin/vms/\(vmName)")
                    #expect(try await browser.text("dl").contains("carol"))
                    // Manage it from its page: suspend, then resume; the agent's answer is the state shown.
                    try await browser.submit("form[action='/admin/vms/manage']:has(input[name=action][value='suspend'])")
                    #expect(try await browser.path() == "/admin/vms/\(vmName)?done=vm-managed")
                    #expect(try await browser.text("dl").contains("suspended"))
                    try await browser.submit("form[action='/admin/vms/manage']:has(input[name=action][value='resume'])")
                    #expect(try await browser.text("dl").contains("running"))
                    try await shot("vm")

                    // Release through the VMs page's form: the same ReleaseVM the SOAP interface calls.
                    try await browser.navigate(base + "/admin/vms?name=\(vmName)")
                    try await browser.submit("form[action='/admin/vms/release']:has(input[name=name][value='\(vmName)'])")
                    #expect(try await browser.path() == "/admin/vms?done=release-started")
                    #expect(try await eventually("released") { try await root.getJob(jobID).state == .released })
                    #expect(agent.vmCount == 0)

                    try await browser.navigate(base + "/admin/jobs?owner=carol")
                    #expect(try await browser.text("tbody").contains(jobID))
                    try await shot("jobs")

                    // The audit log, filtered by user, operation and time through its form.
                    try await browser.navigate(base + "/admin/audit")
                    let today = String(AdminWeb.timestamp(Date()).prefix(10)) + "T00:00"
                    try await browser.submit("form[action='/admin/audit']", [("actor", "root"), ("operation", "web:RequestVM"), ("since", today)])
                    let audit = try await browser.text("tbody")
                    #expect(audit.contains("web:RequestVM") && audit.contains("user=carol") && audit.contains("QuotaExceeded"), "\(audit)")
                    #expect(!audit.contains("web:CreateUser"))
                    try await shot("audit")

                    // On a phone-sized screen nothing is wider than the screen (tables scroll inside their box).
                    try await browser.setViewport(width: 390, height: 844, mobile: true)
                    for page in ["overview", "users", "vms", "audit"] {
                        try await browser.navigate(base + "/admin/\(page)")
                        let overflow = try await browser.evaluate("String(document.documentElement.scrollWidth - window.innerWidth)")
                        #expect(overflow.flatMap { Int($0) }.map { $0 <= 0 } == true, "\(page) overflows a phone screen by \(overflow ?? "?") px")
                        try await shot("\(page)-phone")
                    }

                    // With the page's scripts off, the forms work the same (nothing needs JavaScript).
                    try await browser.setViewport(width: 1280, height: 900, mobile: false)
                    try await browser.setPageScriptsDisabled(true)
                    try await browser.navigate(base + "/admin/users")
                    try await browser.submit("#create-user", [("name", "dave"), ("password", "dave-pw"), ("role", "user")])
                    #expect(try await browser.path() == "/admin/users?done=user-created")
                    #expect(try await f.db.credentials(name: "dave") != nil)
                    try await browser.navigate(base + "/admin/overview")
                    #expect(try await browser.text("#live").contains("host-a"))
                    #expect(try await browser.evaluate("document.documentElement.getAttribute('data-enhanced')") == nil, "app.js ran")
                    try await browser.setPageScriptsDisabled(false)

                    try await browser.submit("form[action='/admin/logout']")
                    #expect(try await browser.path() == "/admin/login")
                    // No script error, console error or refused load (a CSP violation would show here) on any page.
                    // (The refused second VM request is an expected 409.)
                    let errors = await browser.pageErrors.filter {
                        !$0.contains("favicon.ico") && !($0.contains("status of 409") && $0.hasSuffix("/admin/vms/request"))
                    }
                    #expect(errors.isEmpty, "\(errors)")
                }
            }
        }
        let audit = try await f.db.queryAudit(actor: "root")
        for op in ["web:Login", "web:RegisterAgent", "web:TestAgent", "web:SetAgentEnabled", "web:CreateUser", "web:SetQuota", "web:ResetPassword",
                   "web:RequestVM", "web:ReleaseVM"] {
            #expect(audit.contains { $0.operation == op && $0.outcome == "ok" }, "no successful \(op) in the audit log")
        }
    }
}
