// GVE — SiteService
// POST /soap: parse, authenticate, dispatch, audit, answer (or fault).
import Foundation
import SOAP

/// A SOAP answer ready for HTTP.
public struct SOAPHTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: Data
}

/// Handles SOAP 1.1 and 1.2 requests for every Site Service operation.
public struct SiteSOAPHandler: Sendable {
    public let operations: SiteOperations
    public let authenticator: Authenticator
    public var parserConfiguration: SOAPParserConfiguration
    /// Called after a request creates jobs, so the runner can start at once.
    public var onJobsCreated: @Sendable () -> Void

    public init(operations: SiteOperations, authenticator: Authenticator, parserConfiguration: SOAPParserConfiguration = .init(),
                onJobsCreated: @escaping @Sendable () -> Void = {}) {
        self.operations = operations
        self.authenticator = authenticator
        self.parserConfiguration = parserConfiguration
        self.onJobsCreated = onJobsCreated
    }

    /// Handles one request body.
    /// - Parameter clientSubject: the subject of the client certificate the TLS handshake verified, if any.
    public func handle(body: Data, contentType: String?, authorization: String?, clientAddress: String?,
                       clientSubject: CertificateSubject? = nil) async -> SOAPHTTPResponse {
        let guessed = contentType.flatMap(SOAPVersion.init(contentType:)) ?? .soap11
        let envelope: SOAPEnvelope
        do {
            envelope = try SOAPEnvelope(data: body, configuration: parserConfiguration)
        } catch let e as SOAPError {
            let code: SOAPFault.Code = e.code == .versionMismatch ? .versionMismatch : .sender
            let fault = SOAPFault(code: code, applicationCode: SiteError.Code.invalidRequest.rawValue, reason: e.message,
                                  element: "SiteFault", namespace: SiteWSDL.namespace)
            return respond(fault.envelope(version: guessed), status: fault.httpStatus(version: guessed), version: guessed)
        } catch {
            return respond(SOAPFault(code: .receiver, reason: "internal error").envelope(version: guessed), status: 500, version: guessed)
        }
        let version = envelope.version
        let op = envelope.body
        // SOAP 1.1 §4.2.3 / SOAP 1.2 part 1 §5.2.3: a mandatory header block we do not understand is a MustUnderstand fault.
        for block in envelope.header?.children ?? [] {
            let flag = block.attribute("mustUnderstand", namespace: version.envelopeNamespace)
            let understood = block.namespace == SOAPNamespace.wsse && block.name == "Security"
            if (flag == "1" || flag == "true") && !understood {
                let fault = SOAPFault(code: .mustUnderstand, reason: "header block {\(block.namespace ?? "")}\(block.name) is not understood")
                return respond(fault.envelope(version: version), status: fault.httpStatus(version: version), version: version)
            }
        }
        var actor = "-"
        do {
            guard op.namespace == SiteWSDL.namespace else {
                throw SiteError.invalid("Body", "operation <\(op.name)> is not in namespace \(SiteWSDL.namespace)")
            }
            let principal = try await authenticator.authenticate(header: envelope.header, authorization: authorization,
                                                                 clientAddress: clientAddress, clientSubject: clientSubject)
            actor = principal.name
            let (result, audited) = try await dispatch(op, principal)
            if !audited { await audit(actor: actor, op: op, outcome: "ok") }
            return respond(SOAPEnvelope(version: version, body: SOAPElement(op.name + "Response", namespace: SiteWSDL.namespace, children: result)),
                           status: 200, version: version)
        } catch let e as SiteError {
            if actor == "-" {
                // Record who the caller claimed to be, even when authentication failed.
                actor = ((try? UsernameToken(header: envelope.header)) ?? nil)?.username
                    ?? ((try? authorization.flatMap { try HTTPBasicCredential(authorization: $0) }) ?? nil)?.username
                    ?? clientSubject?.gridForm ?? "-"
            }
            await audit(actor: actor, op: op, outcome: e.code.rawValue)
            let fault = SiteSOAPCodec.fault(e)
            return respond(fault.envelope(version: version), status: fault.httpStatus(version: version), version: version)
        } catch {
            await audit(actor: actor, op: op, outcome: "InternalError")
            let fault = SiteSOAPCodec.fault(SiteError(.internalError, "internal error"))
            return respond(fault.envelope(version: version), status: 500, version: version)
        }
    }

    func respond(_ envelope: SOAPEnvelope, status: Int, version: SOAPVersion) -> SOAPHTTPResponse {
        SOAPHTTPResponse(status: status, contentType: version.contentType(), body: envelope.serialized())
    }

    func audit(actor: String, op: SOAPElement, outcome: String) async {
        let r = auditRecord(actor: actor, op: op, outcome: outcome)
        try? await operations.database.audit(actor: r.actor, operation: r.operation, arguments: r.arguments, outcome: r.outcome,
                                             now: operations.now())
    }

    /// The audit row for `op`, with secrets masked and arguments cut at 2,000 characters.
    func auditRecord(actor: String, op: SOAPElement, outcome: String) -> AuditRecord {
        let secret: Set<String> = ["password"]
        let args = op.children.map { c -> String in
            secret.contains(c.name) ? "\(c.name)=***" : (c.children.isEmpty ? "\(c.name)=\(c.trimmedText)" : "\(c.name)=…")
        }.joined(separator: " ")
        return AuditRecord(actor: actor, operation: op.name, arguments: String(args.prefix(2000)), outcome: outcome)
    }

    /// Runs one operation.
    /// - Returns: the response children, and whether the operation already wrote its "ok" audit row (RequestVM writes it
    ///   in its own transaction).
    func dispatch(_ op: SOAPElement, _ p: Principal) async throws -> ([SOAPElement], audited: Bool) {
        typealias C = SiteSOAPCodec
        guard op.name == "RequestVM" else { return (try await dispatchOther(op, p), false) }
        let r = try await operations.requestVM(p, try C.vmRequest(op), audit: auditRecord(actor: p.name, op: op, outcome: "ok"))
        if !r.replayed { onJobsCreated() }
        return ([C.el("requestId", r.requestID), C.el("replayed", r.replayed ? "true" : "false")] + r.jobs.map { C.job($0) }, true)
    }

    func dispatchOther(_ op: SOAPElement, _ p: Principal) async throws -> [SOAPElement] {
        typealias C = SiteSOAPCodec
        let o = operations
        switch op.name {
        case "GetJob":
            return [C.job(try await o.getJob(p, id: try C.string(op, "jobId")))]
        case "ListJobs":
            var state: JobState?
            if let s = op.childText("state"), !s.isEmpty {
                guard let st = JobState(rawValue: s) else { throw SiteError.invalid("state", "'\(s)' is not a job state") }
                state = st
            }
            return try await o.listJobs(p, state: state).map { C.job($0) }
        case "ListVMs":
            return try await o.listVMs(p, includeReleased: try C.optionalBool(op, "includeReleased") ?? false).map(C.vm)
        case "DescribeVM":
            return [C.vm(try await o.describeVM(p, name: try C.string(op, "name")))]
        case "ManageVM":
            let a = try C.string(op, "action")
            guard let action = VMAction(rawValue: a) else { throw SiteError.invalid("action", "'\(a)' is not start, stop, suspend, resume or reboot") }
            return [C.vm(try await o.manageVM(p, name: try C.string(op, "name"), action: action))]
        case "ExtendLease":
            let seconds = try C.duration(op, "extension", required: true) ?? 0
            return [C.vm(try await o.extendLease(p, name: try C.string(op, "name"), seconds: seconds))]
        case "ReleaseVM":
            let job = try await o.releaseVM(p, name: try C.string(op, "name"))
            onJobsCreated()
            return [C.job(job)]
        case "ListImages":
            return try await o.listImages(p).map(C.image)
        case "GetQuota":
            return C.quota(try await o.getQuota(p, user: op.childText("user").flatMap { $0.isEmpty ? nil : $0 }))
        case "CreateUser":
            var role = UserRole.user
            if let r = op.childText("role"), !r.isEmpty {
                guard let rr = UserRole(rawValue: r) else { throw SiteError.invalid("role", "'\(r)' is not user or admin") }
                role = rr
            }
            guard let password = op.child("password")?.text, !password.isEmpty else { throw SiteError.invalid("password", "is required") }
            return [C.user(try await o.createUser(p, name: try C.string(op, "name"), password: password, role: role,
                                                  allowDigest: try C.optionalBool(op, "allowDigest") ?? false,
                                                  subjectDN: op.childText("subjectDN").flatMap { $0.isEmpty ? nil : $0 }))]
        case "SetQuota":
            let limits = QuotaLimits(vms: try C.optionalInt(op, "vms"), vcpus: try C.optionalInt(op, "vcpus"),
                                     memoryMB: try C.optionalInt(op, "memoryMB"), diskGB: try C.optionalInt(op, "diskGB"))
            return C.quota(try await o.setQuota(p, user: try C.string(op, "user"), limits: limits))
        case "DisableUser":
            return [C.user(try await o.disableUser(p, name: try C.string(op, "name"), disabled: try C.optionalBool(op, "disabled") ?? true))]
        case "RegisterAgent":
            guard let password = op.child("password")?.text else { throw SiteError.invalid("password", "is required") }
            return [C.agent(try await o.registerAgent(p, name: try C.string(op, "name"), url: try C.string(op, "url"),
                                                      username: try C.string(op, "username"), password: password,
                                                      vmmType: try C.string(op, "vmmType")))]
        case "RemoveAgent":
            try await o.removeAgent(p, name: try C.string(op, "name"))
            return [C.el("removed", "true")]
        case "ListAgents":
            return try await o.listAgents(p).map(C.agent)
        case "QueryAudit":
            return try await o.queryAudit(p, actor: op.childText("actor").flatMap { $0.isEmpty ? nil : $0 },
                                          operation: op.childText("operation").flatMap { $0.isEmpty ? nil : $0 },
                                          since: try C.optionalDate(op, "since"), until: try C.optionalDate(op, "until"),
                                          limit: try C.optionalInt(op, "limit") ?? 1000).map(C.audit)
        default:
            throw SiteError.invalid("Body", "unknown operation <\(op.name)>")
        }
    }
}
