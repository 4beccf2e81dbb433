// GVE — SiteService
// One route of the JSON API: what the router serves and what /openapi.json says about it, in one value.
import Hummingbird

/// A query parameter of a route.
public struct SiteAPIParameter: Sendable, Hashable {
    public var name: String
    /// OpenAPI schema type: `string`, `integer` or `boolean`.
    public var type: String
    public var description: String
}

/// One operation's call: who, which path parameters, which query, which body.
struct SiteAPICall: Sendable {
    let principal: Principal
    let operations: SiteOperations
    let pathParameters: [String: String]
    let query: SiteJSONReader
    /// The body read against the route's request schema (empty when the route takes none).
    let body: SiteJSONReader
    let onJobsCreated: @Sendable () -> Void
    /// The "ok" audit row of this call, for operations that commit it in their own transaction.
    let okAudit: AuditRecord

    func path(_ name: String) -> String { pathParameters[name] ?? "" }
}

/// What an operation answers: a status (nil: the route's success status) and a JSON value (`.null`: no body).
struct SiteAPIAnswer: Sendable {
    var status: Int?
    var body: SiteJSONValue
    /// True when the operation already wrote its "ok" audit row (``SiteAPICall/okAudit``).
    var audited = false
}

/// A route of the JSON API.
public struct SiteAPIRoute: Sendable {
    /// HTTP method.
    public var method: HTTPRequest.Method
    /// Path with `{name}` captures, as OpenAPI and Hummingbird both spell it.
    public var path: String
    /// The SOAP operation this route performs (also the OpenAPI operationId).
    public var operation: String
    public var summary: String
    /// True for admin-only operations.
    public var admin: Bool
    public var query: [SiteAPIParameter]
    /// The component schema of the request body, if any.
    public var requestSchema: String?
    /// Success status.
    public var status: Int
    /// The component schema of the success body (nil: no body, e.g. 204).
    public var responseSchema: String?
    /// Fault codes this operation may answer besides AuthenticationFailed, InvalidRequest and InternalError.
    public var faults: [SiteError.Code]
    let run: @Sendable (SiteAPICall) async throws -> SiteAPIAnswer

    /// The names of the path's `{captures}`.
    public var pathParameterNames: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}
