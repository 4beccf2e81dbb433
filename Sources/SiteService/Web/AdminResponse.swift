// GVE — SiteService
// Response helpers and the security headers every /admin response carries.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds admin responses.
enum AdminResponse {
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func file(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 See Other: after a POST the browser GETs the target.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A `Set-Cookie` field: HttpOnly, SameSite=Strict, scoped to /admin (RFC 6265 §4.1).
    static func setCookie(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> HTTPField {
        HTTPField(name: .setCookie, value: "\(name)=\(value); Path=/admin; Max-Age=\(maxAge); HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")")
    }

    /// Compares secrets without an early exit on the first differing byte.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// The HTTP status for a domain error.
    static func status(for error: SiteError) -> HTTPResponse.Status {
        switch error.code {
        case .authenticationFailed: return .unauthorized
        case .notAuthorized: return .forbidden
        case .notFound, .unknownImage: return .notFound
        case .invalidState, .quotaExceeded: return .conflict
        case .invalidRequest: return .badRequest
        case .noCapacity: return .serviceUnavailable
        case .agentError: return .badGateway
        default: return .internalServerError
        }
    }

    /// The headers every admin response carries.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ]
}

/// Adds the security headers to every response of the group it is attached to.
struct AdminSecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        for (name, value) in AdminResponse.securityHeaders {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }
}
