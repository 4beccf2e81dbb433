// GVE — SiteService
// Admin log-in: user name and password (bcrypt through the shared Authenticator, with its backoff), or a one-time
// login link. The log-in form carries its own CSRF token (double-submit cookie), since no session exists yet.
import Foundation
import Hummingbird
import NIOCore

extension AdminWeb {
    /// GET /admin/login: the form, with a fresh pre-session CSRF token in a cookie and a hidden field.
    func loginPage(request: Request, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        if error == nil, session(of: request) != nil { return AdminResponse.redirect("/admin/overview") }
        let token = AdminSessionStore.randomToken()
        var response = render("login", title: "Log in", context: ["loginCsrf": token], session: nil, error: error, status: status)
        response.headers.append(AdminResponse.setCookie(Self.loginCookie, token, maxAge: 900, secure: configuration.secureCookie))
        return response
    }

    /// POST /admin/login.
    func login(request: Request, clientAddress: String?) async throws -> Response {
        var request = request
        let form: AdminForm
        do {
            form = try AdminForm(urlEncoded: String(buffer: try await request.collectBody(upTo: configuration.maximumFormSize)))
        } catch {
            return loginPage(request: request, error: "The log-in form could not be read.", status: .badRequest)
        }
        guard let cookie = request.cookies[Self.loginCookie]?.value, !cookie.isEmpty, let field = form["csrf"],
              AdminResponse.constantTimeEqual(cookie, field) else {
            return loginPage(request: request, error: "The form's CSRF token is missing or wrong; try again.", status: .forbidden)
        }
        let user = form["user"] ?? ""
        let password = form["password"] ?? ""
        guard !user.isEmpty, !password.isEmpty, !user.contains(":") else {
            return loginPage(request: request, error: "Enter a user name and a password.", status: .badRequest)
        }
        let basic = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        let principal: Principal
        do {
            principal = try await authenticator.authenticate(header: nil, authorization: basic, clientAddress: clientAddress)
        } catch let e as SiteError where e.code == .authenticationFailed {
            try? await database.audit(actor: user, operation: "web:Login", arguments: "", outcome: e.code.rawValue, now: operations.now())
            return loginPage(request: request, error: "Wrong user name or password.", status: .unauthorized)
        }
        guard principal.role == .admin else {
            try? await database.audit(actor: user, operation: "web:Login", arguments: "", outcome: SiteError.Code.notAuthorized.rawValue,
                                      now: operations.now())
            return loginPage(request: request, error: "Only admins may use this interface.", status: .forbidden)
        }
        return await openSession(for: principal, how: "password")
    }

    /// GET /admin/login/token/<token>: a one-time link made by ``SiteDatabase/createAdminLoginToken(userName:lifetime:now:)``.
    /// - Parameter next: where to go afterwards: an `/admin/` path (anything else means the overview).
    func loginWithLink(token: String, next: String? = nil) async throws -> Response {
        let invalid = render("message", title: "Log-in link not valid", context: [:], session: nil,
                             error: "This log-in link is unknown, used or expired.", status: .forbidden)
        guard let name = try await database.consumeAdminLoginToken(token, now: operations.now()),
              let creds = try await database.credentials(name: name), creds.user.role == .admin, !creds.user.disabled else {
            return invalid
        }
        return await openSession(for: Principal(userID: creds.user.id, name: creds.user.name, role: creds.user.role), how: "link",
                                 next: next.flatMap(Self.safeNext))
    }

    /// A local admin path (no scheme, no `//`, no `\\`), or nil.
    static func safeNext(_ path: String) -> String? {
        guard path.hasPrefix("/admin/"), !path.contains("//"), !path.contains("\\"), !path.contains(":"),
              path.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        return path
    }

    func openSession(for principal: Principal, how: String, next: String? = nil) async -> Response {
        let session = sessions.open(for: principal)
        var response = AdminResponse.redirect(next ?? "/admin/overview")
        response.headers.append(AdminResponse.setCookie(Self.sessionCookie, session.id, maxAge: Int(configuration.absoluteLifetime),
                                                        secure: configuration.secureCookie))
        response.headers.append(AdminResponse.setCookie(Self.loginCookie, "", maxAge: 0, secure: configuration.secureCookie))
        try? await database.audit(actor: principal.name, operation: "web:Login", arguments: "via=\(how)", outcome: "ok", now: operations.now())
        return response
    }
}
