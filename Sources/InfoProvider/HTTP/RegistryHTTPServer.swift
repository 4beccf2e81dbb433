// GVE — InfoProvider
// The registry over HTTP (Hummingbird 2): `GET /glue/...` renders a search's entries as GLUE 2 JSON, GLUE 2 XML or
// LDAP-shaped JSON by content negotiation; `GET /metrics` serves the registry's Prometheus figures.
import Foundation
import Directory
import GLUEModel
import HTTPTypes
public import Hummingbird
import LDAPCore
public import Logging
import NIOCore

/// One answer of `/glue`, before HTTP.
public struct GLUEHTTPAnswer: Sendable {
    public var status: Int
    public var contentType: String
    public var body: Data
    /// The LDAP result of the search (`success`, `sizeLimitExceeded`, `timeLimitExceeded`), when one ran.
    public var result: LDAPResultCode?
    /// The representation label for metrics.
    public var representation: String
}

/// Builds the registry's HTTP application.
public enum RegistryHTTPServer {
    /// Answers one `/glue` request: the pure part, testable without sockets.
    /// - Parameters:
    ///   - segments: path segments after `/glue`.
    ///   - parameters: query parameters.
    ///   - accept: the Accept field.
    public static func answer(segments: [String], parameters: [String: String], accept: String?,
                              backend: any DirectoryBackend, configuration: RegistryHTTPConfiguration) -> GLUEHTTPAnswer {
        let query: GLUEHTTPQuery
        do {
            query = try GLUEHTTPQuery(segments: segments, parameters: parameters, accept: accept, configuration: configuration)
        } catch {
            return errorAnswer(error, representation: "none")
        }
        let results: SearchResults
        do {
            results = try backend.search(SearchQuery(base: query.base, scope: query.scope, filter: query.filter, attributes: [],
                                                     sizeLimit: configuration.sizeLimit,
                                                     deadline: .now + .seconds(configuration.timeLimitSeconds)))
        } catch {
            let code: GLUEHTTPError.Code = error.code == .noSuchObject ? .noSuchObject : (error.code == .unwillingToPerform ? .badFilter : .directoryError)
            return errorAnswer(GLUEHTTPError(code, error.message), representation: query.representation.rawValue)
        }
        let body: Data
        switch query.representation {
        case .json, .xml:
            let document: GLUEDocument
            do { document = try GLUEDocument(ldapEntries: results.entries) } catch {
                return errorAnswer(GLUEHTTPError(.notGLUE, "an entry does not parse as GLUE 2: \(error)"), representation: query.representation.rawValue)
            }
            if query.representation == .xml {
                body = Data(document.xmlString().utf8)
            } else {
                do { body = try document.jsonData() } catch {
                    return errorAnswer(GLUEHTTPError(.notGLUE, "cannot render JSON: \(error)"), representation: query.representation.rawValue)
                }
            }
        case .ldapJSON:
            body = ldapJSON(results.entries)
        }
        return GLUEHTTPAnswer(status: 200, contentType: query.representation.mediaType + (query.representation == .xml ? "; charset=utf-8" : ""),
                              body: body, result: results.code, representation: query.representation.rawValue)
    }

    /// `{"code", "message", "offset"?}` as JSON with the error's status.
    static func errorAnswer(_ e: GLUEHTTPError, representation: String) -> GLUEHTTPAnswer {
        let object: [String: String] = ["code": e.code.rawValue, "message": e.message]
        var json = "{" + object.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ",")
        if let offset = e.offset { json += ",\"offset\":\(offset)" }
        json += "}"
        return GLUEHTTPAnswer(status: e.status, contentType: "application/json", body: Data(json.utf8), result: nil, representation: representation)
    }

    /// Entries as LDAP has them: values that are UTF-8 as strings, others as `{"base64": …}`.
    static func ldapJSON(_ entries: [LDAPEntry]) -> Data {
        var out = "["
        for (i, e) in entries.enumerated() {
            if i > 0 { out += "," }
            out += "{\"dn\":\(jsonString(e.dn.description)),\"attributes\":{"
            out += e.attributes.enumerated().map { j, a in
                let values = a.values.map { v -> String in
                    if let s = String(validating: v, as: UTF8.self) { return jsonString(s) }
                    return "{\"base64\":\(jsonString(Data(v).base64EncodedString()))}"
                }
                return "\(jsonString(a.name)):[\(values.joined(separator: ","))]"
            }.joined(separator: ",")
            out += "}}"
        }
        return Data((out + "]").utf8)
    }

    /// A JSON string literal (RFC 8259 §7).
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// The router: `GET /glue`, `GET /glue/**` and, with metrics, `GET /metrics`.
    public static func router(backend: any DirectoryBackend, configuration: RegistryHTTPConfiguration,
                              metrics: RegistryMetrics?, entryCount: @escaping @Sendable () -> Int) -> Router<BasicRequestContext> {
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let path = request.uri.path
            let rest = path.hasPrefix("/glue") ? path.dropFirst("/glue".count) : Substring("")
            let segments = rest.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            var parameters: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { parameters[String(k)] = String(v) }
            let a = answer(segments: segments, parameters: parameters, accept: request.headers[.accept], backend: backend, configuration: configuration)
            metrics?.httpRequest(representation: a.representation, status: a.status)
            var headers: HTTPFields = [.contentType: a.contentType, .vary: "Accept"]
            if let r = a.result { headers[HTTPField.Name("GVE-Result")!] = "\(r)" }
            return Response(status: .init(code: a.status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: a.body)))
        }
        router.get("/glue", use: handler)
        router.get("/glue/**", use: handler)
        if let metrics {
            PrometheusEndpoint.mount(on: router, registry: metrics.registry) { metrics.setEntries(entryCount()) }
        }
        return router
    }

    /// The application, a ServiceLifecycle `Service`.
    /// - Parameters:
    ///   - backend: the directory searched (pass the unmetered directory; HTTP requests are counted on their own).
    ///   - entryCount: the entries gauge's source, read at each scrape.
    ///   - onServerRunning: called with the bound port once listening.
    public static func makeApplication(backend: any DirectoryBackend, configuration: RegistryHTTPConfiguration,
                                       metrics: RegistryMetrics? = nil, entryCount: @escaping @Sendable () -> Int = { 0 },
                                       logger: Logger = Logger(label: "gve.infosys.http"),
                                       onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(backend: backend, configuration: configuration, metrics: metrics, entryCount: entryCount),
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "gve-infosys"),
                    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                    logger: logger)
    }
}
