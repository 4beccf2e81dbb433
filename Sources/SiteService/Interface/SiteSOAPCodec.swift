// GVE — SiteService
// Domain values ↔ SOAP elements of urn:gve:site:1, in the order the XSD of SiteWSDL declares.
import Foundation
import SOAP

/// Encoders and decoders between domain values and `urn:gve:site:1` elements.
public enum SiteSOAPCodec {
    static let ns = SiteWSDL.namespace

    static func el(_ name: String, _ text: String) -> SOAPElement { SOAPElement(name, namespace: ns, text: text) }
    static func el(_ name: String, _ children: [SOAPElement]) -> SOAPElement { SOAPElement(name, namespace: ns, children: children) }
    static func opt(_ name: String, _ value: String?) -> [SOAPElement] { value.map { [el(name, $0)] } ?? [] }
    static func opt(_ name: String, _ value: Int?) -> [SOAPElement] { value.map { [el(name, "\($0)")] } ?? [] }

    /// xs:dateTime in UTC with milliseconds.
    public static func dateTime(_ d: Date) -> String { UsernameToken.formatTimestamp(d) }

    static func job(_ j: JobInfo, name: String = "job") -> SOAPElement {
        var c = [el("id", j.id), el("requestId", j.requestID), el("owner", j.owner), el("state", j.state.rawValue), el("image", j.image),
                 el("vcpus", "\(j.vcpus)"), el("memoryMB", "\(j.memoryMB)"), el("diskGB", "\(j.diskGB)"), el("lifetime", "\(j.lifetime)")]
        c += opt("host", j.host) + opt("vmName", j.vmName) + opt("errorCode", j.errorCode) + opt("errorMessage", j.errorMessage)
        c += [el("attempts", "\(j.attempts)"), el("created", dateTime(j.created)), el("updated", dateTime(j.updated))]
        c += j.history.map { el("transition", [el("state", $0.state.rawValue), el("at", dateTime($0.at)), el("note", $0.note)]) }
        return el(name, c)
    }

    static func vm(_ v: VMInfo) -> SOAPElement {
        el("vm", [el("name", v.name), el("jobId", v.jobID), el("owner", v.owner), el("host", v.host), el("agent", v.agent),
                  el("image", v.image), el("vcpus", "\(v.vcpus)"), el("memoryMB", "\(v.memoryMB)"), el("diskGB", "\(v.diskGB)"),
                  el("state", v.state)] + opt("uuid", v.uuid)
                 + [el("created", dateTime(v.created)), el("leaseEnd", dateTime(v.leaseEnd)), el("leaseWarning", v.leaseWarning ? "true" : "false")]
                 + (v.instance.map { [instance($0)] } ?? []))
    }

    /// The GLUE 2.1 CloudComputingInstance element (names as the GLUE 2.1 XML rendering spells them).
    static func instance(_ i: VMInstanceDescription) -> SOAPElement {
        el("instance", [el("ID", i.id), el("Name", i.name), el("CreationTime", dateTime(i.creationTime)), el("Validity", "\(i.validity)"),
                        el("State", i.state)] + opt("VMID", i.vmID)
           + [el("LocalID", i.localID), el("Owner", i.owner), el("ExecutionNode", i.executionNode),
              el("ComputingManagerSubmissionTime", dateTime(i.submissionTime))]
           + opt("StartTime", i.startTime.map(dateTime)) + opt("EndTime", i.endTime.map(dateTime))
           + [el("ImageID", i.imageID),
              el("InstanceType", [el("ID", i.instanceTypeID), el("VCPU", "\(i.vcpus)"), el("RAM", "\(i.memoryMB)"), el("Disk", "\(i.diskGB)")]),
              el("LeaseEnd", dateTime(i.leaseEnd))]
           + i.ipAddresses.map { el("IPAddress", $0) } + [el("AccessProtocol", i.accessProtocol)])
    }

    static func image(_ i: ImageRecord) -> SOAPElement {
        el("image", [el("name", i.name), el("host", i.hostname), el("osFamily", i.osFamily), el("osName", i.osName), el("osVersion", i.osVersion),
                     el("format", i.format), el("virtualSizeBytes", "\(i.virtualSizeBytes)"), el("minCpus", "\(i.minCpus)"),
                     el("minMemoryMB", "\(i.minMemoryMB)")])
    }

    static func limits(_ name: String, _ l: QuotaLimits) -> SOAPElement {
        el(name, opt("vms", l.vms) + opt("vcpus", l.vcpus) + opt("memoryMB", l.memoryMB) + opt("diskGB", l.diskGB))
    }

    static func quota(_ q: (user: String, limits: QuotaLimits, used: ResourceAmount)) -> [SOAPElement] {
        [el("user", q.user), limits("limits", q.limits),
         el("used", [el("vms", "\(q.used.vms)"), el("vcpus", "\(q.used.vcpus)"), el("memoryMB", "\(q.used.memoryMB)"), el("diskGB", "\(q.used.diskGB)")]),
         limits("remaining", QuotaPolicy.remaining(limits: q.limits, used: q.used))]
    }

    static func user(_ u: UserInfo) -> SOAPElement {
        el("user", [el("id", "\(u.id)"), el("name", u.name), el("role", u.role.rawValue), el("disabled", u.disabled ? "true" : "false")]
               + opt("subjectDN", u.subjectDN))
    }

    static func agent(_ a: AgentInfo) -> SOAPElement {
        el("agent", [el("id", "\(a.id)"), el("name", a.name), el("url", a.url), el("username", a.username), el("vmmType", a.vmmType),
                     el("enabled", a.enabled ? "true" : "false"), el("healthy", a.healthy ? "true" : "false")] + opt("lastError", a.lastError))
    }

    static func audit(_ e: AuditEntry) -> SOAPElement {
        el("entry", [el("id", "\(e.id)"), el("at", dateTime(e.at)), el("actor", e.actor), el("operation", e.operation),
                     el("arguments", e.arguments), el("outcome", e.outcome)])
    }

    /// The SOAP fault for a SiteError: detail `<SiteFault><code/><message/>…</SiteFault>` (the one place errors map to the wire).
    public static func fault(_ e: SiteError) -> SOAPFault {
        var extra: [SOAPElement] = []
        let d = Dictionary(e.details, uniquingKeysWith: { a, _ in a })
        for key in ["field", "resource", "limit", "used", "requested"] { if let v = d[key] { extra.append(el(key, v)) } }
        extra += e.hostReasons.map { el("hostReason", [el("host", $0.host), el("reason", $0.reason)]) }
        return SOAPFault(code: e.isSenderFault ? .sender : .receiver, applicationCode: e.code.rawValue, reason: e.message,
                         element: "SiteFault", namespace: ns, extra: extra)
    }

    /// Reads a SiteError back from a fault (for clients).
    public static func error(from fault: SOAPFault) -> SiteError {
        guard let detail = fault.applicationDetail(namespace: ns), let code = detail.childText("code") else {
            return SiteError(.internalError, fault.reason)
        }
        var details: [(String, String)] = []
        for key in ["field", "resource", "limit", "used", "requested"] { if let v = detail.childText(key) { details.append((key, v)) } }
        let reasons = detail.children("hostReason").map { HostRejection(host: $0.childText("host") ?? "", reason: $0.childText("reason") ?? "") }
        return SiteError(SiteError.Code(rawValue: code), detail.childText("message") ?? fault.reason, details: details, hostReasons: reasons)
    }

    // MARK: decoding requests

    static func string(_ op: SOAPElement, _ name: String) throws -> String {
        guard let v = op.childText(name), !v.isEmpty else { throw SiteError.invalid(name, "is required") }
        return v
    }

    static func int(_ op: SOAPElement, _ name: String) throws -> Int {
        let s = try string(op, name)
        guard let v = Int(s) else { throw SiteError.invalid(name, "'\(s)' is not an integer") }
        return v
    }

    static func optionalInt(_ op: SOAPElement, _ name: String) throws -> Int? {
        guard let s = op.childText(name), !s.isEmpty else { return nil }
        guard let v = Int(s) else { throw SiteError.invalid(name, "'\(s)' is not an integer") }
        return v
    }

    static func optionalBool(_ op: SOAPElement, _ name: String) throws -> Bool? {
        guard let s = op.childText(name), !s.isEmpty else { return nil }
        switch s {
        case "true", "1": return true
        case "false", "0": return false
        default: throw SiteError.invalid(name, "'\(s)' is not a boolean")
        }
    }

    static func optionalDate(_ op: SOAPElement, _ name: String) throws -> Date? {
        guard let s = op.childText(name), !s.isEmpty else { return nil }
        guard let d = UsernameToken.parseTimestamp(s) else { throw SiteError.invalid(name, "'\(s)' is not an xs:dateTime in UTC") }
        return d
    }

    static func duration(_ op: SOAPElement, _ name: String, required: Bool) throws -> Int? {
        guard let s = op.childText(name), !s.isEmpty else {
            if required { throw SiteError.invalid(name, "is required") }
            return nil
        }
        guard let v = LeasePolicy.parseLifetime(s) else { throw SiteError.invalid(name, "'\(s)' is neither seconds nor an xs:duration") }
        return v
    }

    static func vmRequest(_ op: SOAPElement) throws -> VMRequest {
        var hints: [String: String] = [:]
        for h in op.children("hint") {
            guard let n = h.childText("name"), !n.isEmpty else { throw SiteError.invalid("hint", "a hint has no name") }
            hints[n] = h.childText("value") ?? ""
        }
        return VMRequest(image: try string(op, "image"), vcpus: try int(op, "vcpus"), memoryMB: try int(op, "memoryMB"),
                         diskGB: try int(op, "diskGB"), lifetime: try duration(op, "lifetime", required: false),
                         count: try optionalInt(op, "count") ?? 1, clientRequestID: op.childText("clientRequestId").flatMap { $0.isEmpty ? nil : $0 },
                         hints: hints, queueTimeout: try optionalInt(op, "queueTimeout"))
    }
}
