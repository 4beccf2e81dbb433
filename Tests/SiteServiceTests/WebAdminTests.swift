// GVE — SiteServiceTests
// The admin web interface over real HTTP against a running Site Service: log-in, CSRF, forms, headers.
import Foundation
import Testing
@testable import SiteService

@Suite struct WebAdminTests {
    /// A wrong password is refused (401) and opens no session; a correct password of a non-admin is refused (403).
    @Test func loginRefusesWrongPasswordAndNonAdmins() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db) { port in
            var web = WebClient(port: port)
            let wrong = try await web.logIn(user: "root", password: "not-the-password")
            #expect(wrong.status == 401)
            #expect(wrong.setCookie("gve_admin") == nil)
            #expect(wrong.body.contains("Wrong user name or password"))
            let user = try await web.logIn(user: "alice", password: "alicepw")
            #expect(user.status == 403)
            #expect(user.setCookie("gve_admin") == nil)
            #expect(try await web.get("/admin/overview").header("Location") == "/admin/login")
        }
    }

    /// An admin's password opens a session: HttpOnly, SameSite=Strict cookie of 256 random bits; log-out ends it.
    @Test func adminLoginOpensSessionAndLogoutEndsIt() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db) { port in
            var web = WebClient(port: port)
            let answer = try await web.logIn(user: "root", password: "rootpw")
            #expect(answer.status == 303)
            #expect(answer.header("Location") == "/admin/overview")
            let cookie = try #require(answer.header("Set-Cookie"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/admin"))
            let id = try #require(web.cookies["gve_admin"])
            #expect(id.count == 64 && id.allSatisfy(\.isHexDigit))
            let overview = try await web.get("/admin/overview")
            #expect(overview.status == 200)
            #expect(overview.body.contains("<h1>Overview</h1>"))
            #expect(overview.body.contains("<html lang=\"en\">"))
            let csrf = try #require(overview.hidden("csrf"))
            #expect(try await web.post("/admin/logout", [("csrf", csrf)]).status == 303)
            #expect(try await web.get("/admin/overview").status == 303)
            let audit = try await f.db.queryAudit(actor: "root", operation: "web:Login")
            #expect(audit.map(\.outcome) == ["ok"])
        }
    }

    /// A POST without the session's CSRF token, or with a wrong one, is refused with 403 and changes nothing.
    @Test func formWithoutOrWithWrongCSRFTokenIsRefusedAndChangesNothing() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db) { port in
            var web = WebClient(port: port)
            #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
            let fields = [("name", "mallory"), ("password", "pw"), ("role", "admin")]
            let missing = try await web.post("/admin/users", fields)
            #expect(missing.status == 403)
            let wrong = try await web.post("/admin/users", fields + [("csrf", String(repeating: "0", count: 64))])
            #expect(wrong.status == 403)
            #expect(try await f.db.credentials(name: "mallory") == nil)
            // The login form's own token is checked too.
            var fresh = WebClient(port: port)
            let noToken = try await fresh.post("/admin/login", [("user", "root"), ("password", "rootpw")])
            #expect(noToken.status == 403)
            #expect(noToken.setCookie("gve_admin") == nil)
            fresh.cookies = [:]
        }
    }

    /// Creating a user through the form stores it (through SiteOperations), shows it on the Users page and audits it.
    @Test func createUserThroughFormStoresItInDatabase() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db) { port in
            var web = WebClient(port: port)
            #expect(try await web.logIn(user: "root", password: "rootpw").status == 303)
            let csrf = try await web.csrf()
            let created = try await web.post("/admin/users", [("csrf", csrf), ("name", "bob"), ("password", "bob pw&=?"), ("role", "user")])
            #expect(created.status == 303)
            #expect(created.header("Location") == "/admin/users?done=user-created")
            let stored = try #require(try await f.db.credentials(name: "bob"))
            #expect(stored.user.role == .user)
            // The password survives URL-encoding: bob can use SOAP with it.
            #expect(try await f.client(port, user: "bob", password: "bob pw&=?").listVMs().isEmpty)
            let page = try await web.get("/admin/users?done=user-created")
            #expect(page.body.contains("<th scope=\"row\">bob</th>"))
            #expect(page.body.contains("User created."))
            // Quota through the form, then a duplicate name is a 400 naming the field.
            #expect(try await web.post("/admin/users/quota", [("csrf", csrf), ("user", "bob"), ("vms", "3"), ("vcpus", "")]).status == 303)
            #expect(try await f.db.quota(userID: stored.user.id).limits == QuotaLimits(vms: 3))
            let duplicate = try await web.post("/admin/users", [("csrf", csrf), ("name", "bob"), ("password", "x")])
            #expect(duplicate.status == 400)
            #expect(duplicate.body.contains("name: user &#39;bob&#39; already exists") || duplicate.body.contains("already exists"))
            let bad = try await web.post("/admin/users/quota", [("csrf", csrf), ("user", "bob"), ("vms", "-1")])
            #expect(bad.status == 400)
            #expect(bad.body.contains("vms: must be a whole number"))
            let audit = try await f.db.queryAudit(actor: "root", operation: "web:CreateUser")
            #expect(audit.map(\.outcome) == ["ok", "InvalidRequest"])
        }
    }

    /// Every /admin response carries CSP default-src 'self', X-Frame-Options DENY, nosniff and no-referrer.
    @Test func securityHeadersOnAdminResponses() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db) { port in
            var web = WebClient(port: port)
            _ = try await web.logIn(user: "root", password: "rootpw")
            for path in ["/admin/login", "/admin/overview", "/admin/static/app.css", "/admin/static/app.js", "/admin/jobs/nope"] {
                let answer = try await web.get(path)
                #expect(answer.header("Content-Security-Policy")?.hasPrefix("default-src 'self'") == true, "\(path)")
                #expect(answer.header("X-Frame-Options") == "DENY", "\(path)")
                #expect(answer.header("X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(answer.header("Referrer-Policy") == "no-referrer", "\(path)")
            }
            #expect(try await web.get("/admin/jobs/nope").status == 404)
            let overview = try await web.get("/admin/overview").body
            #expect(overview.contains("<script src=\"/admin/static/app.js\" defer></script>"))
            #expect(!overview.contains("<script>"))
        }
    }

    /// A one-time login link opens a session once; used again, or for a non-admin, it is refused.
    @Test func loginLinkWorksOnceAndOnlyForAdmins() async throws {
        let f = try await Fixture.make()
        await #expect(throws: SiteError(.notAuthorized, "")) { try await f.db.createAdminLoginToken(userName: "alice") }
        try await withSite(database: f.db) { port in
            let token = try await f.db.createAdminLoginToken(userName: "root")
            let web = WebClient(port: port)
            let first = try await web.get("/admin/login/token/\(token)?next=/admin/users")
            #expect(first.status == 303)
            #expect(first.header("Location") == "/admin/users")
            #expect(first.setCookie("gve_admin")?.count == 64)
            #expect(try await web.get("/admin/login/token/\(token)").status == 403)
            let other = try await f.db.createAdminLoginToken(userName: "root")
            #expect(try await web.get("/admin/login/token/\(other)?next=//evil.example/").header("Location") == "/admin/overview")
            let expired = try await f.db.createAdminLoginToken(userName: "root", lifetime: 60, now: Date().addingTimeInterval(-120))
            #expect(try await web.get("/admin/login/token/\(expired)").status == 403)
        }
    }
}
