// GVE — SiteService
// A Swift client for the Site Service SOAP interface: one async method per operation.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SOAP

/// Calls a Site Service over SOAP (1.1 by default, or 1.2).
///
/// Errors: faults come back as ``SiteError`` with the fault's code (QuotaExceeded, NoCapacity, ...) and details;
/// transport problems as ``SiteError`` `.internalError`.
///
/// ```swift
/// let site = SiteClient(url: URL(string: "http://127.0.0.1:8080/soap")!, username: "alice", password: "pw")
/// let request = try await site.requestVM(VMRequest(image: "debian-12", vcpus: 1, memoryMB: 512, diskGB: 4))
/// let job = try await site.getJob(request.jobs[0].id)
/// ```
public struct SiteClient: Sendable {
    /// How the client proves who it is.
    public enum Authentication: Sendable {
        /// HTTP Basic.
        case basic
        /// WS-Security UsernameToken with the password in clear (use over TLS).
        case usernameTokenText
        /// WS-Security UsernameToken with PasswordDigest, a fresh nonce per call.
        case usernameTokenDigest
    }

    public var url: URL
    public var username: String
    public var password: String
    public var authentication: Authentication
    public var version: SOAPVersion
    public var timeout: TimeInterval

    /// - Parameter url: the service's SOAP endpoint, e.g. `http://127.0.0.1:8080/soap`.
    public init(url: URL, username: String, password: String, authentication: Authentication = .basic,
                version: SOAPVersion = .soap11, timeout: TimeInterval = 60) {
        self.url = url
        self.username = username
        self.password = password
        self.authentication = authentication
        self.version = version
        self.timeout = timeout
    }

    static let ns = SiteWSDL.namespace
    static func el(_ n: String, _ t: String) -> SOAPElement { SOAPElement(n, namespace: ns, text: t) }
    static func opt(_ n: String, _ v: String?) -> [SOAPElement] { v.map { [el(n, $0)] } ?? [] }
    static func opt(_ n: String, _ v: Int?) -> [SOAPElement] { v.map { [el(n, "\($0)")] } ?? [] }

    /// Sends one operation and returns the response element.
    /// - Throws: ``SiteError``.
    public func call(_ operation: String, _ children: [SOAPElement] = []) async throws -> SOAPElement {
        var headers: [SOAPElement] = []
        var request = URLRequest(url: url)
        switch authentication {
        case .basic:
            request.setValue(HTTPBasicCredential(username: username, password: password).authorizationHeader, forHTTPHeaderField: "Authorization")
        case .usernameTokenText:
            headers.append(UsernameToken(username: username, password: password, passwordType: .text).securityHeader())
        case .usernameTokenDigest:
            var nonce = [UInt8](repeating: 0, count: 16)
            for i in nonce.indices { nonce[i] = UInt8.random(in: 0...255) }
            headers.append(UsernameToken.digest(username: username, password: password, nonce: Data(nonce), created: Date()).securityHeader())
        }
        let envelope = SOAPEnvelope(version: version, headerBlocks: headers, body: SOAPElement(operation, namespace: Self.ns, children: children))
        request.httpMethod = "POST"
        request.timeoutInterval = timeout
        request.httpBody = envelope.serialized()
        let action = "\(Self.ns)#\(operation)"
        request.setValue(version.contentType(action: version == .soap12 ? action : nil), forHTTPHeaderField: "Content-Type")
        if version == .soap11 { request.setValue("\"\(action)\"", forHTTPHeaderField: "SOAPAction") }
        let data: Data
        do {
            (data, _) = try await URLSession.shared.data(for: request)
        } catch {
            throw SiteError(.internalError, "site service unreachable at \(url): \(error.localizedDescription)")
        }
        let reply: SOAPEnvelope
        do { reply = try SOAPEnvelope(data: data, configuration: .init(maximumSize: 64 << 20)) } catch {
            throw SiteError(.internalError, "site service answered without a SOAP envelope: \(error)")
        }
        if let fault = try? reply.fault() { throw SiteSOAPCodec.error(from: fault) }
        return reply.body
    }

    // MARK: user operations

    /// RequestVM: returns at once with the request id and one job per VM.
    public func requestVM(_ r: VMRequest) async throws -> RequestResult {
        var c = [Self.el("image", r.image), Self.el("vcpus", "\(r.vcpus)"), Self.el("memoryMB", "\(r.memoryMB)"), Self.el("diskGB", "\(r.diskGB)")]
        c += Self.opt("lifetime", r.lifetime) + [Self.el("count", "\(r.count)")] + Self.opt("clientRequestId", r.clientRequestID)
        c += r.hints.sorted { $0.key < $1.key }.map { SOAPElement("hint", namespace: Self.ns, children: [Self.el("name", $0.key), Self.el("value", $0.value)]) }
        c += Self.opt("queueTimeout", r.queueTimeout)
        let body = try await call("RequestVM", c)
        return RequestResult(requestID: body.childText("requestId") ?? "", jobs: body.children("job").map(SiteSOAPCodec.decodeJob),
                             replayed: body.childText("replayed") == "true")
    }

    public func getJob(_ id: String) async throws -> JobInfo {
        SiteSOAPCodec.decodeJob(try await call("GetJob", [Self.el("jobId", id)]).child("job") ?? SOAPElement("job"))
    }

    public func listJobs(state: JobState? = nil) async throws -> [JobInfo] {
        try await call("ListJobs", Self.opt("state", state?.rawValue)).children("job").map(SiteSOAPCodec.decodeJob)
    }

    public func listVMs(includeReleased: Bool = false) async throws -> [VMInfo] {
        try await call("ListVMs", [Self.el("includeReleased", includeReleased ? "true" : "false")]).children("vm").map(SiteSOAPCodec.decodeVM)
    }

    public func describeVM(_ name: String) async throws -> VMInfo {
        SiteSOAPCodec.decodeVM(try await call("DescribeVM", [Self.el("name", name)]).child("vm") ?? SOAPElement("vm"))
    }

    public func manageVM(_ name: String, action: VMAction) async throws -> VMInfo {
        SiteSOAPCodec.decodeVM(try await call("ManageVM", [Self.el("name", name), Self.el("action", action.rawValue)]).child("vm") ?? SOAPElement("vm"))
    }

    /// ExtendLease by `seconds`.
    public func extendLease(_ name: String, seconds: Int) async throws -> VMInfo {
        SiteSOAPCodec.decodeVM(try await call("ExtendLease", [Self.el("name", name), Self.el("extension", "\(seconds)")]).child("vm") ?? SOAPElement("vm"))
    }

    public func releaseVM(_ name: String) async throws -> JobInfo {
        SiteSOAPCodec.decodeJob(try await call("ReleaseVM", [Self.el("name", name)]).child("job") ?? SOAPElement("job"))
    }

    public func listImages() async throws -> [ImageRecord] {
        try await call("ListImages").children("image").map(SiteSOAPCodec.decodeImage)
    }

    public func getQuota(user: String? = nil) async throws -> QuotaReport {
        SiteSOAPCodec.decodeQuota(try await call("GetQuota", Self.opt("user", user)))
    }

    // MARK: admin operations

    public func createUser(name: String, password: String, role: UserRole = .user, allowDigest: Bool = false, subjectDN: String? = nil) async throws -> UserInfo {
        let body = try await call("CreateUser", [Self.el("name", name), Self.el("password", password), Self.el("role", role.rawValue),
                                                 Self.el("allowDigest", allowDigest ? "true" : "false")] + Self.opt("subjectDN", subjectDN))
        return SiteSOAPCodec.decodeUser(body.child("user") ?? SOAPElement("user"))
    }

    public func setQuota(user: String, limits: QuotaLimits) async throws -> QuotaReport {
        SiteSOAPCodec.decodeQuota(try await call("SetQuota", [Self.el("user", user)] + Self.opt("vms", limits.vms) + Self.opt("vcpus", limits.vcpus)
                                                 + Self.opt("memoryMB", limits.memoryMB) + Self.opt("diskGB", limits.diskGB)))
    }

    public func disableUser(_ name: String, disabled: Bool = true) async throws -> UserInfo {
        SiteSOAPCodec.decodeUser(try await call("DisableUser", [Self.el("name", name), Self.el("disabled", disabled ? "true" : "false")]).child("user") ?? SOAPElement("user"))
    }

    public func registerAgent(name: String, url: String, username: String, password: String, vmmType: String) async throws -> AgentInfo {
        SiteSOAPCodec.decodeAgent(try await call("RegisterAgent", [Self.el("name", name), Self.el("url", url), Self.el("username", username),
                                                                   Self.el("password", password), Self.el("vmmType", vmmType)]).child("agent") ?? SOAPElement("agent"))
    }

    public func removeAgent(_ name: String) async throws {
        _ = try await call("RemoveAgent", [Self.el("name", name)])
    }

    public func listAgents() async throws -> [AgentInfo] {
        try await call("ListAgents").children("agent").map(SiteSOAPCodec.decodeAgent)
    }

    public func queryAudit(actor: String? = nil, operation: String? = nil, since: Date? = nil, until: Date? = nil, limit: Int? = nil) async throws -> [AuditEntry] {
        try await call("QueryAudit", Self.opt("actor", actor) + Self.opt("operation", operation) + Self.opt("since", since.map(SiteSOAPCodec.dateTime))
                                    + Self.opt("until", until.map(SiteSOAPCodec.dateTime)) + Self.opt("limit", limit)).children("entry").map(SiteSOAPCodec.decodeAudit)
    }
}
