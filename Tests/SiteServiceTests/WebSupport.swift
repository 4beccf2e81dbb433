// GVE — SiteServiceTests
// A plain HTTP client for the admin web tests: no redirects followed, cookies kept by hand, forms URL-encoded.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Refuses redirects so tests see the 303 and its Set-Cookie.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// One HTTP answer.
struct WebAnswer {
    var status: Int
    var headers: [String: String]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// The value of a cookie set by this answer.
    func setCookie(_ name: String) -> String? {
        guard let field = header("Set-Cookie") else { return nil }
        // Several Set-Cookie fields may be folded with ", " by URLSession; split on the cookie name.
        guard let range = field.range(of: "\(name)=") else { return nil }
        return String(field[range.upperBound...].prefix { $0 != ";" && $0 != "," })
    }

    /// The value of the first hidden input named `name`.
    func hidden(_ name: String) -> String? {
        guard let r = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(body[r.upperBound...].prefix { $0 != "\"" })
    }
}

/// A browser-like client of one site: carries cookies it was given.
struct WebClient {
    let base: String
    var cookies: [String: String] = [:]
    let session = URLSession(configuration: {
        let c = URLSessionConfiguration.ephemeral
        c.httpShouldSetCookies = false
        c.httpCookieAcceptPolicy = .never
        return c
    }(), delegate: NoRedirects(), delegateQueue: nil)

    init(port: Int) { base = "http://127.0.0.1:\(port)" }

    func request(_ method: String, _ path: String, form: [(String, String)]? = nil) async throws -> WebAnswer {
        var r = URLRequest(url: URL(string: base + path)!)
        r.httpMethod = method
        if !cookies.isEmpty { r.setValue(cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie") }
        if let form {
            r.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            r.httpBody = Data(form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&").utf8)
        }
        let (data, response) = try await session.data(for: r)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields { headers["\(k)"] = "\(v)" }
        return WebAnswer(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
    }

    func get(_ path: String) async throws -> WebAnswer { try await request("GET", path) }
    func post(_ path: String, _ form: [(String, String)]) async throws -> WebAnswer { try await request("POST", path, form: form) }

    /// Logs in through the form; returns the POST's answer and keeps the session cookie when one was set.
    mutating func logIn(user: String, password: String) async throws -> WebAnswer {
        let page = try await get("/admin/login")
        if let pre = page.setCookie("gve_admin_login") { cookies["gve_admin_login"] = pre }
        let answer = try await post("/admin/login", [("csrf", page.hidden("csrf") ?? ""), ("user", user), ("password", password)])
        if let id = answer.setCookie("gve_admin"), !id.isEmpty { cookies["gve_admin"] = id }
        return answer
    }

    /// The CSRF token of the session, read from a page's forms.
    func csrf() async throws -> String {
        try await get("/admin/users").hidden("csrf") ?? ""
    }
}
