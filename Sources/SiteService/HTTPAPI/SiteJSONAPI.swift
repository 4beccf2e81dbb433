// GVE — SiteService
// The JSON API's HTTP side: authenticate (HTTP Basic, as SOAP accepts), read the body against the route's schema,
// run the operation, audit the call, and answer JSON or the error object.
import Foundation
import Hummingbird
import NIOCore
import SOAP

/// Serves ``SiteAPIRoute/all`` and `/openapi.json`.
public struct SiteJSONAPI: Sendable {
    public let operations: SiteOperations
    public let authenticator: Authenticator
    /// Largest accepted request body, bytes.
    public var maximumRequestSize: Int
    /// Called after a request creates or releases jobs, so the runner can start at once.
    public var onJobsCreated: @Sendable () -> Void
    /// True when served over TLS: a verified client certificate then authenticates, as for SOAP.
    public var tls: Bool

    public init(operations: SiteOperations, authenticator: Authenticator, maximumRequestSize: Int = 1 << 20, tls: Bool = false,
                onJobsCreated: @escaping @Sendable () -> Void = {}) {
        self.operations = operations
        self.authenticator = authenticator
        self.maximumRequestSize = maximumRequestSize
        self.tls = tls
        self.onJobsCreated = onJobsCreated
    }

    /// The audit log's operation name of a JSON API call (`api:` keeps them apart from SOAP calls in the metrics).
    public static func auditOperation(_ operation: String) -> String { "api:" + operation }

    /// Adds every route and `GET /openapi.json` to `router`.
    public func mount(on router: Router<SiteRequestContext>) {
        for route in SiteAPIRoute.all {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                await self.serve(route, request: request, context: context)
            }
        }
        router.get("/openapi.json") { request, _ -> Response in
            let host = request.head.authority.map { "http://\($0)" } ?? "/"
            return Self.json(200, SiteOpenAPI.document(serverURL: host))
        }
    }

    /// Runs one route for one request.
    func serve(_ route: SiteAPIRoute, request: Request, context: SiteRequestContext) async -> Response {
        var request = request
        var actor = "-"
        var arguments: [String] = []
        do {
            let bodyBuffer: ByteBuffer
            do { bodyBuffer = try await request.collectBody(upTo: maximumRequestSize) } catch {
                throw SiteError.invalid("body", "larger than \(maximumRequestSize) bytes")
            }
            var query: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
            var pathParameters: [String: String] = [:]
            for name in route.pathParameterNames { pathParameters[name] = context.parameters.get(name) ?? "" }
            arguments = pathParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }

            let subject = tls ? await CertificateSubject.peer(of: context.channel) : nil
            let principal = try await authenticator.authenticate(header: nil, authorization: request.headers[.authorization],
                                                                 clientAddress: context.remoteAddress, clientSubject: subject)
            actor = principal.name
            let body: SiteJSONReader
            if let schema = route.requestSchema {
                guard bodyBuffer.readableBytes > 0 else { throw SiteError.invalid("body", "a JSON \(schema) object is required") }
                if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
                    throw SiteError.invalid("Content-Type", "must be application/json, got \(type)")
                }
                body = try SiteJSONReader(try SiteJSONValue(body: Data(buffer: bodyBuffer)), allowed: SiteOpenAPI.members(ofSchema: schema))
                arguments += body.object.keys.sorted().map { k in
                    k == "password" ? "\(k)=***" : "\(k)=\(body.object[k].map { Self.auditText($0) } ?? "")"
                }
            } else {
                guard bodyBuffer.readableBytes == 0 else { throw SiteError.invalid("body", "\(route.operation) takes no request body") }
                body = SiteJSONReader(query: [:])
            }
            for name in route.pathParameterNames where pathParameters[name, default: ""].isEmpty {
                throw SiteError.invalid(name, "is required")
            }
            let call = SiteAPICall(principal: principal, operations: operations, pathParameters: pathParameters,
                                   query: SiteJSONReader(query: query), body: body, onJobsCreated: onJobsCreated,
                                   okAudit: auditRecord(actor: actor, route: route, arguments: arguments, outcome: "ok"))
            let answer = try await route.run(call)
            if !answer.audited { await audit(actor: actor, route: route, arguments: arguments, outcome: "ok") }
            let status = answer.status ?? route.status
            if answer.body == .null { return Response(status: .init(code: status)) }
            return Self.json(status, answer.body)
        } catch let e as SiteError {
            if actor == "-" {
                actor = ((try? request.headers[.authorization].flatMap { try HTTPBasicCredential(authorization: $0) }) ?? nil)?.username ?? "-"
            }
            await audit(actor: actor, route: route, arguments: arguments, outcome: e.code.rawValue)
            return Self.errorResponse(e)
        } catch {
            await audit(actor: actor, route: route, arguments: arguments, outcome: SiteError.Code.internalError.rawValue)
            return Self.errorResponse(SiteError(.internalError, "internal error"))
        }
    }

    static func auditText(_ v: SiteJSONValue) -> String {
        switch v {
        case .string(let s): s
        case .integer(let i): "\(i)"
        case .bool(let b): "\(b)"
        case .null: "null"
        case .number(let d): "\(d)"
        case .array, .object: "…"
        }
    }

    func audit(actor: String, route: SiteAPIRoute, arguments: [String], outcome: String) async {
        let r = auditRecord(actor: actor, route: route, arguments: arguments, outcome: outcome)
        try? await operations.database.audit(actor: r.actor, operation: r.operation, arguments: r.arguments, outcome: r.outcome,
                                             now: operations.now())
    }

    func auditRecord(actor: String, route: SiteAPIRoute, arguments: [String], outcome: String) -> AuditRecord {
        AuditRecord(actor: actor, operation: Self.auditOperation(route.operation),
                    arguments: String(arguments.joined(separator: " ").prefix(2000)), outcome: outcome)
    }

    /// A JSON response.
    static func json(_ status: Int, _ value: SiteJSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: value.data)))
    }

    /// The error object with its HTTP status (401 carries a Basic challenge).
    public static func errorResponse(_ e: SiteError) -> Response {
        var response = json(SiteJSONCodec.httpStatus(e.code), SiteJSONCodec.error(e))
        if e.code == .authenticationFailed { response.headers[.wwwAuthenticate] = "Basic realm=\"gve-site\", charset=\"UTF-8\"" }
        return response
    }
}
