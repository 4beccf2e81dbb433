// GVE — SiteService
// The Site Service's client for the Agent SOAP contract (urn:gve:agent:1, SOAP 1.1 document/literal, HTTP Basic).
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SOAP

/// A VM as an Agent describes it.
public struct AgentVM: Sendable, Hashable {
    public var name: String
    public var uuid: String
    /// running, pending, suspended or halted.
    public var state: String
    public var libvirtState: String
    public var image: String
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int
    public var owner: String
    public var created: String

    init(_ e: SOAPElement) {
        name = e.childText("name") ?? ""
        uuid = e.childText("uuid") ?? ""
        state = e.childText("state") ?? ""
        libvirtState = e.childText("libvirtState") ?? ""
        image = e.childText("image") ?? ""
        vcpus = Int(e.childText("vcpus") ?? "") ?? 0
        memoryMB = Int(e.childText("memoryMB") ?? "") ?? 0
        diskGB = Int(e.childText("diskGB") ?? "") ?? 0
        owner = e.childText("owner") ?? ""
        created = e.childText("created") ?? ""
    }
}

/// An Agent call that failed: an AgentFault code (NoCapacity, UnknownImage, InvalidState, LibvirtError,
/// AuthenticationFailed, InvalidRequest, NotFound) or `Transport` when the Agent could not be reached or answered badly.
public struct AgentCallError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var description: String { "\(code): \(message)" }
    /// The transport code (unreachable Agent, bad HTTP, unreadable answer).
    public static let transport = "Transport"
}

/// Calls one Agent over SOAP.
public struct AgentClient: Sendable {
    /// The Agent's namespace.
    public static let namespace = "urn:gve:agent:1"

    public let endpoint: AgentEndpoint
    /// Per-call timeout, seconds.
    public var timeout: TimeInterval

    public init(endpoint: AgentEndpoint, timeout: TimeInterval = 30) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    /// Sends an operation and returns the response body element.
    /// - Throws: ``AgentCallError``.
    public func call(_ operation: String, _ children: [SOAPElement] = []) async throws -> SOAPElement {
        let ns = Self.namespace
        let envelope = SOAPEnvelope(version: .soap11, body: SOAPElement(operation, namespace: ns, children: children))
        guard let url = URL(string: endpoint.url.hasSuffix("/") ? endpoint.url + "soap" : endpoint.url + "/soap") else {
            throw AgentCallError(code: AgentCallError.transport, message: "bad agent URL \(endpoint.url)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = timeout
        request.httpBody = envelope.serialized()
        request.setValue(SOAPVersion.soap11.contentType(), forHTTPHeaderField: "Content-Type")
        request.setValue("\"urn:gve:agent:1#\(operation)\"", forHTTPHeaderField: "SOAPAction")
        request.setValue(HTTPBasicCredential(username: endpoint.username, password: endpoint.password).authorizationHeader,
                         forHTTPHeaderField: "Authorization")
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw AgentCallError(code: AgentCallError.transport, message: "agent \(endpoint.name) unreachable: \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let reply: SOAPEnvelope
        do {
            reply = try SOAPEnvelope(data: data, configuration: .init(maximumSize: 16 << 20))
        } catch {
            throw AgentCallError(code: AgentCallError.transport, message: "agent \(endpoint.name) answered HTTP \(status) without a SOAP envelope: \(error)")
        }
        if let fault = try? reply.fault() {
            let code = fault.applicationCode(namespace: ns) ?? (status == 401 ? "AuthenticationFailed" : "AgentFault")
            let message = fault.applicationDetail(namespace: ns)?.childText("message") ?? fault.reason
            throw AgentCallError(code: code, message: message)
        }
        guard reply.body.name == operation + "Response" else {
            throw AgentCallError(code: AgentCallError.transport, message: "agent \(endpoint.name) answered <\(reply.body.name)> to \(operation)")
        }
        return reply.body
    }

    /// GetHostInfo → the host record.
    public func hostInfo() async throws -> HostRecord {
        let body = try await call("GetHostInfo")
        guard let h = body.child("host") else { throw AgentCallError(code: AgentCallError.transport, message: "GetHostInfoResponse has no host") }
        func int(_ n: String) -> Int { Int(h.childText(n) ?? "") ?? 0 }
        return HostRecord(hostname: h.childText("hostname") ?? endpoint.name, agentID: endpoint.id, hypervisor: h.childText("hypervisor") ?? "",
                          cpus: int("cpus"), memoryMB: int("memoryMB"), freeCpus: int("freeCpus"), freeMemoryMB: int("freeMemoryMB"),
                          instances: int("instances"))
    }

    /// ListImages → image records on `hostname`.
    public func images(hostname: String) async throws -> [ImageRecord] {
        try await call("ListImages").children("image").map { i in
            ImageRecord(name: i.childText("name") ?? "", hostname: hostname, osFamily: i.childText("osFamily") ?? "",
                        osName: i.childText("osName") ?? "", osVersion: i.childText("osVersion") ?? "", format: i.childText("format") ?? "",
                        virtualSizeBytes: Int64(i.childText("virtualSizeBytes") ?? "") ?? 0, minCpus: Int(i.childText("minCpus") ?? "") ?? 0,
                        minMemoryMB: Int(i.childText("minMemoryMB") ?? "") ?? 0)
        }
    }

    /// Clone: defines a VM from an image.
    public func clone(image: String, name: String, vcpus: Int, memoryMB: Int, diskGB: Int, requestID: String, owner: String) async throws -> AgentVM {
        let ns = Self.namespace
        let body = try await call("Clone", [
            SOAPElement("image", namespace: ns, text: image), SOAPElement("name", namespace: ns, text: name),
            SOAPElement("vcpus", namespace: ns, text: "\(vcpus)"), SOAPElement("memoryMB", namespace: ns, text: "\(memoryMB)"),
            SOAPElement("diskGB", namespace: ns, text: "\(diskGB)"), SOAPElement("requestId", namespace: ns, text: requestID),
            SOAPElement("owner", namespace: ns, text: owner),
        ])
        return try Self.vm(body)
    }

    /// Start, Stop, Suspend, Resume, Reboot, Destroy or GetVM on a named VM.
    public func vmOperation(_ operation: String, name: String) async throws -> AgentVM {
        try Self.vm(try await call(operation, [SOAPElement("name", namespace: Self.namespace, text: name)]))
    }

    /// ListVMs.
    public func listVMs() async throws -> [AgentVM] {
        try await call("ListVMs").children("vm").map(AgentVM.init)
    }

    static func vm(_ body: SOAPElement) throws -> AgentVM {
        guard let vm = body.child("vm") else { throw AgentCallError(code: AgentCallError.transport, message: "\(body.name) has no vm") }
        return AgentVM(vm)
    }
}
