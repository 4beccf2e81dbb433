// GVE — SiteService
// The admin web interface under /admin: log-in (password or one-time link), session cookie, CSRF token on every
// form, secure headers, and pages that call the same SiteOperations as the SOAP interface.
import Foundation
import Hummingbird
import NIOCore

/// The admin web interface; ``mount(on:)`` adds its routes to the Site Service router.
public struct AdminWeb: Sendable {
    /// The operations the SOAP interface calls too.
    public let operations: SiteOperations
    /// The password check (bcrypt, backoff) shared with SOAP.
    public let authenticator: Authenticator
    /// The server-side session table.
    public let sessions: AdminSessionStore
    public let configuration: AdminWebConfiguration

    static let sessionCookie = "gve_admin"
    static let loginCookie = "gve_admin_login"

    public init(operations: SiteOperations, authenticator: Authenticator, configuration: AdminWebConfiguration = .init()) {
        self.operations = operations
        self.authenticator = authenticator
        self.configuration = configuration
        sessions = AdminSessionStore(configuration: configuration, now: operations.now)
    }

    var database: SiteDatabase { operations.database }

    /// Adds `/admin/...` routes to a router.
    public func mount<Context: RequestContext>(on router: Router<Context>) {
        let web = self
        router.get("/admin") { _, _ in AdminResponse.redirect("/admin/overview") }
        let admin = router.group("/admin").add(middleware: AdminSecurityHeadersMiddleware<Context>())
        admin.get("/static/app.css") { _, _ in AdminResponse.file(AdminStaticFiles.css, type: "text/css; charset=utf-8") }
        admin.get("/static/app.js") { _, _ in AdminResponse.file(AdminStaticFiles.js, type: "text/javascript; charset=utf-8") }
        admin.get("/login") { request, _ in web.loginPage(request: request) }
        admin.post("/login") { request, context in try await web.login(request: request, clientAddress: (context as? SiteRequestContext)?.remoteAddress) }
        admin.get("/login/token/:token") { request, context in
            try await web.loginWithLink(token: context.parameters.get("token") ?? "", next: request.uri.queryParameters["next"].map(String.init))
        }
        admin.post("/logout") { request, _ in
            try await web.withForm(request) { session, _ in
                web.sessions.close(id: session.id)
                var r = AdminResponse.redirect("/admin/login")
                r.headers.append(AdminResponse.setCookie(Self.sessionCookie, "", maxAge: 0, secure: web.configuration.secureCookie))
                return r
            }
        }
        mountPages(on: admin)
        mountActions(on: admin)
    }

    // MARK: sessions and forms

    /// The session named by the request's cookie.
    func session(of request: Request) -> AdminSession? {
        guard let id = request.cookies[Self.sessionCookie]?.value, !id.isEmpty else { return nil }
        return sessions.session(id: id)
    }

    /// Renders a GET page for a logged-in admin, or redirects to the log-in page.
    func page(_ request: Request, _ body: (AdminSession) async throws -> (name: String, title: String, context: [String: Any])) async throws -> Response {
        guard let s = session(of: request) else { return AdminResponse.redirect("/admin/login") }
        let notice = request.uri.queryParameters["done"].flatMap { Self.notices[String($0)] }
        do {
            let p = try await body(s)
            return render(p.name, title: p.title, context: p.context, session: s, notice: notice)
        } catch let e as SiteError {
            return render("message", title: "Error", context: [:], session: s, error: e.message, status: AdminResponse.status(for: e))
        }
    }

    /// Reads a POSTed form of a logged-in admin and checks its CSRF token.
    func withForm(_ request: Request, _ body: (AdminSession, AdminForm) async throws -> Response) async throws -> Response {
        guard let s = session(of: request) else {
            return render("message", title: "Not logged in", context: [:], session: nil, error: "Your session has ended; log in again.",
                          status: .forbidden)
        }
        var request = request
        let form: AdminForm
        do {
            let buffer = try await request.collectBody(upTo: configuration.maximumFormSize)
            form = try AdminForm(urlEncoded: String(buffer: buffer))
        } catch let e as SiteError {
            return render("message", title: "Bad request", context: [:], session: s, error: e.message, status: .badRequest)
        } catch {
            return render("message", title: "Bad request", context: [:], session: s,
                          error: "form larger than \(configuration.maximumFormSize) bytes", status: .contentTooLarge)
        }
        guard let token = form["csrf"], AdminResponse.constantTimeEqual(token, s.csrfToken) else {
            return render("message", title: "Forbidden", context: [:], session: s,
                          error: "The form's CSRF token is missing or wrong; reload the page and try again.", status: .forbidden)
        }
        return try await body(s, form)
    }

    /// A POST action: CSRF-checked, calls the domain, audits, then redirects back (303) or shows the error.
    func action(_ request: Request, operation: String, back: String, done: String,
                _ body: @escaping (AdminSession, AdminForm) async throws -> String) async throws -> Response {
        try await perform(request, operation: operation) { s, form in
            let args = try await body(s, form)
            let sep = back.contains("?") ? "&" : "?"
            return (args, AdminResponse.redirect(back + sep + "done=" + done))
        }
    }

    /// A POST action whose body chooses the response: CSRF-checked, audited as `web:<operation>` with the arguments
    /// the body returns (or with the error code), a domain error shown as a page with its HTTP status.
    func perform(_ request: Request, operation: String,
                 _ body: @escaping (AdminSession, AdminForm) async throws -> (arguments: String, response: Response)) async throws -> Response {
        try await withForm(request) { s, form in
            do {
                let (args, response) = try await body(s, form)
                try? await database.audit(actor: s.principal.name, operation: "web:" + operation, arguments: args, outcome: "ok", now: operations.now())
                return response
            } catch let e as SiteError {
                try? await database.audit(actor: s.principal.name, operation: "web:" + operation, arguments: "", outcome: e.code.rawValue,
                                          now: operations.now())
                return render("message", title: "\(operation) failed", context: [:], session: s, error: e.message, status: AdminResponse.status(for: e))
            }
        }
    }

    /// Renders a template in the layout.
    func render(_ name: String, title: String, context: [String: Any], session: AdminSession?, error: String? = nil, notice: String? = nil,
                status: HTTPResponse.Status = .ok, refresh: Bool = false) -> Response {
        var layout: [String: Any] = ["signedIn": session != nil,
                                     "refresh": refresh || name == "overview" || context["live"] as? Bool == true]
        if let session {
            layout["csrf"] = session.csrfToken
            layout["user"] = session.principal.name
            layout["nav"] = Self.navigation.map { item -> [String: Any] in
                ["href": item.href, "label": item.label, "current": item.href == "/admin/" + name || Self.section(of: name) == item.label]
            }
        }
        if let error { layout["error"] = error }
        if let notice { layout["notice"] = notice }
        return AdminResponse.html(AdminTemplates.page(name, title: title, context: context, layout: layout), status: status)
    }

    /// The fixed confirmations a redirect may name (`?done=key`), so no caller-chosen text is shown.
    static let notices: [String: String] = [
        "agent-registered": "Agent registered.", "agent-removed": "Agent removed.", "user-created": "User created.",
        "quota-set": "Quota set.", "user-updated": "User updated.", "release-started": "Release started.", "vm-managed": "Done.",
        "password-reset": "Password reset.", "agent-updated": "Agent updated.", "vm-requested": "VM requested.",
    ]

    /// The navigation entry a detail page belongs to.
    static func section(of page: String) -> String? {
        ["job": "Jobs", "vm": "VMs"][page]
    }

    static let navigation: [(href: String, label: String)] = [
        ("/admin/overview", "Overview"), ("/admin/agents", "Agents"), ("/admin/users", "Users"), ("/admin/images", "Images"),
        ("/admin/vms", "VMs"), ("/admin/jobs", "Jobs"), ("/admin/audit", "Audit log"),
    ]
}

extension AdminWeb {
    /// Mounts the admin interface (`/admin`) and `GET /metrics` on the Site Service router; `SiteServer.router` calls it.
    public static func mountWithMetrics(on router: Router<SiteRequestContext>, handler: SiteSOAPHandler) {
        AdminWeb(operations: handler.operations, authenticator: handler.authenticator).mount(on: router)
        SiteMetricsEndpoint.mount(on: router, database: handler.operations.database)
    }
}
