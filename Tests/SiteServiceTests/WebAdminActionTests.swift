// GVE — SiteServiceTests
// The admin web interface's actions and find forms over real HTTP: CSRF on every form, password reset, agent
// enable/disable and connection test, images per agent, VM requests for a user, the audit log's time window.
import Foundation
import Testing
@testable import SiteService

@Suite struct WebAdminActionTests {
    static let postRoutes = ["/admin/logout", "/admin/agents", "/admin/agents/test", "/admin/agents/enable", "/admin/agents/remove",
                             "/admin/users", "/admin/users/password", "/admin/users/quota", "/admin/users/disable",
                             "/admin/vms/request", "/admin/vms/release", "/admin/vms/manage"]

    /// Every POST route refuses a form without the session's CSRF token (403), and every POST form on every page
    /// carries the token.
    @Test func everyFormCarriesAndEveryActionChecksTheCSRFToken() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db) { port in
            var web = WebClient(port: port)
            #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
            for route in Self.postRoutes {
                let answer = try await web.post(route, [("name", "x"), ("user", "alice"), ("password", "p"), ("enabled", "false")])
                #expect(answer.status == 403, "\(route) answered \(answer.status) without a CSRF token")
            }
            #expect(try await web.get("/admin/overview").status == 200, "the session survives refused forms")
            for page in ["overview", "agents", "users", "images", "vms", "jobs", "audit"] {
                let body = try await web.get("/admin/\(page)").body
                let forms = body.components(separatedBy: "<form method=\"post\"").count - 1
                let tokens = body.components(separatedBy: "name=\"csrf\"").count - 1
                #expect(forms > 0 && forms == tokens, "\(page): \(forms) POST forms, \(tokens) CSRF fields")
            }
            #expect(try await f.db.queryAudit(actor: "root").allSatisfy { $0.operation == "web:Login" })
        }
    }

    /// Resetting a password through the form replaces it (old refused, new accepted) and ends that admin's sessions.
    @Test func passwordResetReplacesPasswordAndEndsThatAccountsSessions() async throws {
        let f = try await Fixture.make()
        try await f.db.createUser(name: "dora", password: "dora-old", role: .admin, cost: 4)
        try await withSite(database: f.db) { port in
            var dora = WebClient(port: port)
            #expect(try await dora.logIn(user: "dora", password: "dora-old").status == 303)
            var root = WebClient(port: port)
            #expect(try await root.logIn(user: "root", password: "rootpw").status == 303)
            let csrf = try await root.csrf()
            let reset = try await root.post("/admin/users/password", [("csrf", csrf), ("user", "dora"), ("password", "dora new&pw")])
            #expect(reset.header("Location") == "/admin/users?done=password-reset")
            #expect(try await dora.get("/admin/overview").header("Location") == "/admin/login")
            var fresh = WebClient(port: port)
            #expect(try await fresh.logIn(user: "dora", password: "dora-old").status == 401)
            #expect(try await fresh.logIn(user: "dora", password: "dora new&pw").status == 303)
            let empty = try await root.post("/admin/users/password", [("csrf", csrf), ("user", "dora"), ("password", "")])
            #expect(empty.status == 400 && empty.body.contains("password: is required"))
            let unknown = try await root.post("/admin/users/password", [("csrf", csrf), ("user", "nobody"), ("password", "x")])
            #expect(unknown.status == 404)
        }
    }

    /// A disabled agent gets no new VMs (RequestVM finds no capacity); enabled again, it does. Its connection test
    /// records health; an unreachable one is shown as such and marked unhealthy.
    @Test func disabledAgentGetsNoVMsAndConnectionTestRecordsHealth() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-b", cpus: 4, memoryMB: 8192, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await f.db.registerAgent(name: "gone", url: "http://127.0.0.1:9", username: "u", password: "p", vmmType: "kvm")
            try await withSite(database: f.db) { port in
                let alice = f.client(port)
                #expect(try await eventually("inventory") { try await !alice.listImages().isEmpty })
                var web = WebClient(port: port)
                #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
                let csrf = try await web.csrf()

                let bad = try await web.post("/admin/agents/test", [("csrf", csrf), ("name", "gone")])
                #expect(bad.status == 200 && bad.body.contains("Not reachable."))
                let gone = try #require(try await f.db.listAgents().first { $0.name == "gone" })
                #expect(!gone.healthy && gone.lastError?.hasPrefix("Transport") == true)
                let good = try await web.post("/admin/agents/test", [("csrf", csrf), ("name", "host-b")])
                #expect(good.body.contains("Reachable.") && good.body.contains("host host-b") && good.body.contains("1 images"))
                #expect(try await web.post("/admin/agents/test", [("csrf", csrf), ("name", "nope")]).status == 404)

                #expect(try await web.post("/admin/agents/enable", [("csrf", csrf), ("name", "host-b"), ("enabled", "false")]).status == 303)
                #expect(try await web.get("/admin/agents").body.contains("aria-label=\"Enable agent host-b\""))
                await #expect(throws: SiteError.self) {
                    try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 512, diskGB: 1))
                }
                #expect(agent.vmCount == 0)
                #expect(try await web.post("/admin/agents/enable", [("csrf", csrf), ("name", "host-b"), ("enabled", "true")]).status == 303)
                let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 512, diskGB: 1))
                #expect(try await eventually("running") { try await alice.getJob(r.jobs[0].id).state == .running })
                let flag = try await web.post("/admin/agents/enable", [("csrf", csrf), ("name", "host-b"), ("enabled", "maybe")])
                #expect(flag.status == 400 && flag.body.contains("enabled: must be true or false"))
            }
        }
    }

    /// The images page groups the inventory's images under the agent serving each host.
    @Test func imagesPageListsImagesPerAgent() async throws {
        let f = try await Fixture.make()
        let one = try await f.db.registerAgent(name: "agent-one", url: "http://127.0.0.1:9", username: "u", password: "p", vmmType: "kvm")
        let two = try await f.db.registerAgent(name: "agent-two", url: "http://127.0.0.1:9", username: "u", password: "p", vmmType: "xen")
        try await f.db.replaceInventory(agentIDs: [one.id, two.id], hosts: [
            HostRecord(hostname: "h1", agentID: one.id, hypervisor: "kvm", cpus: 4, memoryMB: 4096, freeCpus: 4, freeMemoryMB: 4096, instances: 0),
            HostRecord(hostname: "h2", agentID: two.id, hypervisor: "xen", cpus: 4, memoryMB: 4096, freeCpus: 4, freeMemoryMB: 4096, instances: 0),
        ], images: [ImageRecord(name: "alpine", hostname: "h1", osName: "Alpine", osVersion: "3.20", format: "qcow2", virtualSizeBytes: 1 << 30),
                    ImageRecord(name: "centos", hostname: "h2")], now: Date())
        try await withSite(database: f.db, runner: .init(tick: .milliseconds(20), inventoryInterval: .seconds(3600))) { port in
            var web = WebClient(port: port)
            #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
            let body = try await web.get("/admin/images").body
            let first = try #require(body.range(of: "Agent agent-one"))
            let second = try #require(body.range(of: "Agent agent-two"))
            let alpine = try #require(body.range(of: "<th scope=\"row\">alpine</th>"))
            let centos = try #require(body.range(of: "<th scope=\"row\">centos</th>"))
            #expect(first.lowerBound < alpine.lowerBound && alpine.lowerBound < second.lowerBound && second.lowerBound < centos.lowerBound)
            #expect(body.contains("Alpine 3.20") && body.contains("qcow2") && body.contains("1.0"))
        }
    }

    /// The overview shows each host's use as meters and says when the inventory is older than the stale limit.
    @Test func overviewShowsHostUseAndFlagsStaleInventory() async throws {
        let f = try await Fixture.make()
        let one = try await f.db.registerAgent(name: "agent-one", url: "http://127.0.0.1:9", username: "u", password: "p", vmmType: "kvm")
        try await f.db.setAgentEnabled(name: "agent-one", enabled: false)  // not polled: the old snapshot stays
        try await f.db.replaceInventory(agentIDs: [one.id], hosts: [
            HostRecord(hostname: "h1", agentID: one.id, hypervisor: "kvm", cpus: 8, memoryMB: 4096, freeCpus: 2, freeMemoryMB: 1024, instances: 3),
        ], images: [], now: Date().addingTimeInterval(-900))
        try await withSite(database: f.db) { port in
            var web = WebClient(port: port)
            #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
            let body = try await web.get("/admin/overview").body
            #expect(body.contains("<meter id=\"cpu-h1\" min=\"0\" max=\"8\" value=\"6\">"))
            #expect(body.contains("<meter id=\"mem-h1\" min=\"0\" max=\"4096\" value=\"3072\">"))
            #expect(body.contains("reported 15 min ago"))
            #expect(body.contains("The inventory is stale"))
            #expect(body.contains("<span class=\"badge off\">disabled</span>"))
        }
    }

    /// A failed job is found by the jobs page's state and owner filters, shows its error and history on its page,
    /// and is listed among the overview's latest failures; only a job still on its way refreshes itself.
    @Test func failedJobShowsItsErrorAndHistory() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-f", cpus: 4, memoryMB: 8192, images: ["debian"])
        agent.setFailClone(true)
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db) { port in
                let alice = f.client(port)
                #expect(try await eventually("inventory") { try await !alice.listImages().isEmpty })
                let id = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 512, diskGB: 1)).jobs[0].id
                #expect(try await eventually("failed") { try await alice.getJob(id).state == .failed })
                var web = WebClient(port: port)
                #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
                let found = try await web.get("/admin/jobs?state=failed&owner=alice&q=\(id.prefix(8))").body
                #expect(found.contains("<a href=\"/admin/jobs/\(id)\">"))
                #expect(try await !web.get("/admin/jobs?state=failed&owner=root").body.contains(id))
                #expect(try await !web.get("/admin/jobs?state=running").body.contains(id))
                #expect(try await web.get("/admin/jobs?state=broken").status == 400)
                let page = try await web.get("/admin/jobs/\(id)").body
                #expect(page.contains("<h2>Error</h2>") && page.contains("injected clone failure"), "\(page)")
                #expect(page.contains("<td>queued</td>") && page.contains("<td>failed</td>"))
                let overview = try await web.get("/admin/overview").body
                #expect(overview.contains("Latest failures") && overview.contains(id))
                // A settled job's page is static; a job still waiting for a host refreshes itself.
                #expect(!page.contains("app.js") && page.contains("data-live=\"false\""))
                let waiting = try await alice.requestVM(VMRequest(image: "debian", vcpus: 64, memoryMB: 512, diskGB: 1, queueTimeout: 60)).jobs[0].id
                let waitingPage = try await web.get("/admin/jobs/\(waiting)").body
                #expect(waitingPage.contains("<script src=\"/admin/static/app.js\" defer></script>") && waitingPage.contains("data-live=\"true\""))
            }
        }
    }

    /// The VM request form acts for the chosen user through RequestVM: unknown users are 404, disabled users 409,
    /// bad counts 400, an image no host offers 404; each attempt is audited with its outcome. (The browser test
    /// requests and releases a VM that runs.)
    @Test func requestVMFormActsForTheChosenUser() async throws {
        let f = try await Fixture.make()
        try await f.db.createUser(name: "erin", password: "pw", cost: 4)
        try await f.db.setDisabled(name: "erin", disabled: true)
        try await withSite(database: f.db) { port in
            var web = WebClient(port: port)
            #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
            let csrf = try await web.csrf()
            func request(_ user: String) async throws -> WebAnswer {
                try await web.post("/admin/vms/request", [("csrf", csrf), ("user", user), ("image", "debian"), ("vcpus", "1"),
                                                          ("memoryMB", "512"), ("diskGB", "1")])
            }
            #expect(try await request("nobody").status == 404)
            let disabled = try await request("erin")
            #expect(disabled.status == 409 && disabled.body.contains("disabled"))
            let noCount = try await web.post("/admin/vms/request", [("csrf", csrf), ("user", "alice"), ("image", "debian"), ("vcpus", "")])
            #expect(noCount.status == 400 && noCount.body.contains("vcpus: is required"))
            // No host offers the image: the domain's answer, as for alice's own RequestVM, and no job is made.
            let unknown = try await request("alice")
            #expect(unknown.status == 404 && unknown.body.contains("no host offers image &#39;debian&#39;"), "\(unknown.body)")
            #expect(try await f.db.listJobs(principal: Principal(userID: 0, name: "root", role: .admin)).isEmpty)
            let audit = try await f.db.queryAudit(actor: "root", operation: "web:RequestVM")
            #expect(audit.map(\.outcome) == ["NotFound", "InvalidState", "InvalidRequest", "UnknownImage"])
        }
    }

    /// The audit page keeps only entries in the [since, until] window (UTC; an until minute includes all of it), and
    /// a malformed time is a 400 naming the field.
    @Test func auditTimeFilterKeepsOnlyTheWindow() async throws {
        let f = try await Fixture.make()
        let base = try AuditFilter.parseTime("2026-03-01T10:00", field: "since")
        for (offset, op) in [(-60.0, "Early"), (0, "AtStart"), (90, "Inside"), (659, "LastSecond"), (720, "Late")] {
            try await f.db.audit(actor: "bob", operation: op, arguments: "", outcome: "ok", now: base.addingTimeInterval(offset))
        }
        try await withSite(database: f.db) { port in
            var web = WebClient(port: port)
            #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
            let body = try await web.get("/admin/audit?actor=bob&since=2026-03-01T10%3A00&until=2026-03-01T10%3A10").body
            for op in ["AtStart", "Inside", "LastSecond"] { #expect(body.contains("<td>\(op)</td>"), "\(op)") }
            for op in ["Early", "Late"] { #expect(!body.contains("<td>\(op)</td>"), "\(op)") }
            #expect(body.contains("value=\"2026-03-01T10:00\""))
            let bad = try await web.get("/admin/audit?since=2026-02-30T10%3A00")
            #expect(bad.status == 400 && bad.body.contains("since: must be a UTC date and time"))
            let reversed = try await web.get("/admin/audit?since=2026-03-02&until=2026-03-01")
            #expect(reversed.status == 400 && reversed.body.contains("until: is before since"))
        }
    }

    /// Time fields accept what datetime-local sends, as UTC, and reject anything else naming the field.
    @Test(arguments: ["yesterday", "2026-13-01", "2026-02-30", "2026-01-01T24:00", "2026-01-01T10", "2026-01-01T10:00:61", "2026-01-01T10:00Zx", ""])
    func auditTimeParserRejectsMalformedTimes(_ text: String) {
        #expect(throws: SiteError.self) { try AuditFilter.parseTime(text, field: "since") }
        do {
            _ = try AuditFilter.parseTime(text, field: "until")
        } catch let e as SiteError {
            #expect(e.message.hasPrefix("until:"), "\(e.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// A date alone is its first second (since) or its whole day (until); a trailing Z is the same UTC time.
    @Test func auditTimeParserReadsUTC() throws {
        let since = try AuditFilter.parseTime("2026-03-01", field: "since")
        #expect(since == Date(timeIntervalSince1970: 1_772_323_200))
        let until = try AuditFilter.parseTime("2026-03-01", field: "until")
        #expect(until.timeIntervalSince(since) > 86399 && until.timeIntervalSince(since) < 86400)
        #expect(try AuditFilter.parseTime("2026-03-01T10:20:30Z", field: "since") == since.addingTimeInterval(10 * 3600 + 20 * 60 + 30))
    }
}
