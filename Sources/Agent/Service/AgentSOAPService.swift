// GVE — Agent: the SOAP operations of `urn:gve:agent:1` over a HostAgent, independent of HTTP.
import Foundation
import Logging
import SOAP

/// Turns SOAP requests into HostAgent calls and results or errors into SOAP responses.
///
/// One place maps errors to the wire: ``AgentError`` becomes a SOAP 1.1 Fault (`soap:Client`, or `soap:Server`
/// for ``AgentError/Code/libvirtError``) with `<detail><AgentFault><code/><message/></AgentFault></detail>`; a
/// message that is not a safe, well-formed envelope is an `InvalidRequest` client fault; anything else is a
/// server fault whose details go only to the log.
public struct AgentSOAPService: Sendable {
    /// The service namespace.
    public static let namespace = "urn:gve:agent:1"
    /// The `AgentFault` detail element's name.
    public static let faultElement = "AgentFault"

    /// An HTTP-independent response.
    public struct Response: Sendable, Hashable {
        public var status: Int
        public var contentType: String
        public var body: String
        /// Whether the response asks for credentials (`WWW-Authenticate: Basic`).
        public var challenge: Bool
    }

    public let agent: HostAgent
    public let parserConfiguration: SOAPParserConfiguration
    /// Where calls are counted (and what `/metrics` serves); nil: not counted, no `/metrics`.
    public let metrics: AgentMetrics?
    let logger: Logger

    public init(agent: HostAgent, parserConfiguration: SOAPParserConfiguration = .init(), metrics: AgentMetrics? = nil,
                logger: Logger = Logger(label: "gve.agent.soap")) {
        self.agent = agent
        self.parserConfiguration = parserConfiguration
        self.metrics = metrics
        self.logger = logger
    }

    /// Handles one `POST /soap`.
    /// - Parameters:
    ///   - body: the request body.
    ///   - authorization: the `Authorization` header, if any.
    public func handle(body: Data, authorization: String?) async -> Response {
        let (response, operation, outcome) = await answer(body: body, authorization: authorization)
        metrics?.soapCall(operation: operation, outcome: outcome)
        return response
    }

    /// The response, with the operation (`-` when not read) and outcome (`ok` or the fault code) for metrics.
    func answer(body: Data, authorization: String?) async -> (Response, String, String) {
        // Authenticate before parsing: unauthenticated callers get no parser time.
        let siteService: String
        do {
            guard let header = authorization, let credential = try HTTPBasicCredential(authorization: header) else {
                throw AgentError(.authenticationFailed, "HTTP Basic credentials of a registered site service are required")
            }
            siteService = try await agent.siteServices.authenticate(name: credential.username, password: credential.password).name
        } catch {
            let agentError = (error as? AgentError) ?? AgentError(.authenticationFailed, "malformed Authorization header: \(error)")
            var response = fault(agentError, version: .soap11)
            response.status = 401
            response.challenge = true
            return (response, "-", agentError.code.rawValue)
        }

        let envelope: SOAPEnvelope
        do {
            envelope = try SOAPEnvelope(data: body, configuration: parserConfiguration)
        } catch let error as SOAPError {
            return (fault(AgentError(.invalidRequest, "malformed SOAP message: \(error.message)"), version: .soap11), "-", AgentError.Code.invalidRequest.rawValue)
        } catch {
            return (fault(AgentError(.invalidRequest, "malformed SOAP message: \(error)"), version: .soap11), "-", AgentError.Code.invalidRequest.rawValue)
        }
        let operation = envelope.body.name
        do {
            let result = try await dispatch(envelope.body, siteService: siteService)
            let response = SOAPEnvelope(version: envelope.version, body: result)
            return (Response(status: 200, contentType: envelope.version.contentType(), body: response.xmlString(), challenge: false), operation, "ok")
        } catch let error as AgentError {
            return (fault(error, version: envelope.version), operation, error.code.rawValue)
        } catch {
            logger.error("\(envelope.body.name) failed: \(error)")
            return (fault(AgentError(.libvirtError, "internal error while handling \(envelope.body.name)"), version: envelope.version),
                    operation, AgentError.Code.libvirtError.rawValue)
        }
    }

    /// Renders an error as a fault response.
    func fault(_ error: AgentError, version: SOAPVersion) -> Response {
        let fault = SOAPFault(
            code: error.code.isClientFault ? .sender : .receiver, applicationCode: error.code.rawValue, reason: error.message,
            element: Self.faultElement, namespace: Self.namespace)
        return Response(
            status: fault.httpStatus(version: version), contentType: version.contentType(),
            body: fault.envelope(version: version).xmlString(), challenge: false)
    }

    // MARK: Operations

    func dispatch(_ request: SOAPElement, siteService: String) async throws -> SOAPElement {
        guard request.namespace == Self.namespace else {
            throw AgentError(.invalidRequest, "operation <\(request.name)> is not in namespace \(Self.namespace)")
        }
        switch request.name {
        case "GetHostInfo":
            let host = try await agent.job("GetHostInfo", vm: nil, siteService: siteService) { try await agent.hostInfo() }
            return response("GetHostInfoResponse", [Self.element(host)])
        case "ListImages":
            let images = try await agent.job("ListImages", vm: nil, siteService: siteService) { try await agent.images.list() }
            return response("ListImagesResponse", images.map(Self.element))
        case "ListVMs":
            let vms = try await agent.job("ListVMs", vm: nil, siteService: siteService) { try await agent.listVMs(siteService: siteService) }
            return response("ListVMsResponse", vms.map(Self.element))
        case "GetVM":
            let vm = try await agent.vm(named: try Self.text(request, "name"), siteService: siteService)
            return response("GetVMResponse", [Self.element(vm)])
        case "Clone":
            let clone = CloneRequest(
                image: try Self.text(request, "image"), name: try Self.text(request, "name"),
                vcpus: try Self.integer(request, "vcpus"), memoryMB: try Self.integer(request, "memoryMB"),
                diskGB: try Self.integer(request, "diskGB", default: 0), requestId: try Self.text(request, "requestId"),
                owner: try Self.text(request, "owner"))
            let vm = try await agent.clone(clone, siteService: siteService)
            return response("CloneResponse", [Self.element(vm)])
        default:
            guard let operation = VMOperation(rawValue: request.name) else {
                throw AgentError(.invalidRequest, "unknown operation <\(request.name)>")
            }
            let vm = try await agent.perform(operation, on: try Self.text(request, "name"), siteService: siteService)
            return response("\(operation.rawValue)Response", [Self.element(vm)])
        }
    }

    private func response(_ name: String, _ children: [SOAPElement]) -> SOAPElement {
        SOAPElement(name, namespace: Self.namespace, children: children)
    }

    // MARK: Reading requests

    static func text(_ request: SOAPElement, _ name: String) throws -> String {
        guard let child = request.child(name, namespace: namespace) ?? request.child(name, namespace: nil) else {
            throw AgentError(.invalidRequest, "\(request.name): missing <\(name)>")
        }
        let value = child.trimmedText
        guard !value.isEmpty else { throw AgentError(.invalidRequest, "\(request.name): <\(name)> is empty") }
        return value
    }

    static func integer(_ request: SOAPElement, _ name: String, default fallback: Int? = nil) throws -> Int {
        let present = request.child(name, namespace: namespace) ?? request.child(name, namespace: nil)
        if present == nil, let fallback { return fallback }
        let value = try text(request, name)
        guard let number = Int(value), number >= 0, number <= 1 << 30 else {
            throw AgentError(.invalidRequest, "\(request.name): <\(name)> '\(value)' is not an integer between 0 and \(1 << 30)")
        }
        return number
    }

    // MARK: Writing responses

    static func field(_ name: String, _ value: String) -> SOAPElement {
        SOAPElement(name, namespace: namespace, text: value)
    }

    static func element(_ vm: VMInfo) -> SOAPElement {
        SOAPElement(
            "vm", namespace: namespace,
            children: [
                field("name", vm.name), field("uuid", vm.uuid), field("state", vm.state.rawValue),
                field("libvirtState", vm.libvirtState), field("image", vm.image), field("vcpus", String(vm.vcpus)),
                field("memoryMB", String(vm.memoryMB)), field("diskGB", String(vm.diskGB)), field("owner", vm.owner),
                field("created", timestamp(vm.created)),
            ])
    }

    static func element(_ host: HostInfo) -> SOAPElement {
        SOAPElement(
            "host", namespace: namespace,
            children: [
                field("hostname", host.hostname), field("hypervisor", host.hypervisor),
                field("hypervisorVersion", host.hypervisorVersion), field("cpus", String(host.cpus)),
                field("memoryMB", String(host.memoryMB)), field("freeCpus", String(host.freeCpus)),
                field("freeMemoryMB", String(host.freeMemoryMB)), field("instances", String(host.instances)),
            ])
    }

    static func element(_ image: ImageRecord) -> SOAPElement {
        SOAPElement(
            "image", namespace: namespace,
            children: [
                field("name", image.name), field("osFamily", image.osFamily), field("osName", image.osName),
                field("osVersion", image.osVersion), field("format", image.format),
                field("virtualSizeBytes", String(image.virtualSizeBytes)), field("minCpus", String(image.minCpus)),
                field("minMemoryMB", String(image.minMemoryMB)),
            ])
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
