// GVE — SiteService
// Domain values ↔ JSON of the Site Service JSON API. Member names follow the SOAP elements of urn:gve:site:1
// (`requestId`, `jobId`, `memoryMB`, …) so both interfaces describe the same things with the same words.
import Foundation
import SOAP

/// Encoders between domain values and the JSON API's objects, and the one mapping of ``SiteError`` to HTTP.
public enum SiteJSONCodec {
    static func date(_ d: Date) -> SiteJSONValue { .string(SiteSOAPCodec.dateTime(d)) }
    static func opt(_ s: String?) -> SiteJSONValue { s.map { .string($0) } ?? .null }
    static func opt(_ i: Int?) -> SiteJSONValue { i.map { .integer($0) } ?? .null }

    static func job(_ j: JobInfo) -> SiteJSONValue {
        ["id": .string(j.id), "requestId": .string(j.requestID), "owner": .string(j.owner), "state": .string(j.state.rawValue),
         "image": .string(j.image), "vcpus": .integer(j.vcpus), "memoryMB": .integer(j.memoryMB), "diskGB": .integer(j.diskGB),
         "lifetime": .integer(j.lifetime), "host": opt(j.host), "vmName": opt(j.vmName), "errorCode": opt(j.errorCode),
         "errorMessage": opt(j.errorMessage), "attempts": .integer(j.attempts), "created": date(j.created), "updated": date(j.updated),
         "history": .array(j.history.map { ["state": .string($0.state.rawValue), "at": date($0.at), "note": .string($0.note)] })]
    }

    static func vm(_ v: VMInfo) -> SiteJSONValue {
        var o: [String: SiteJSONValue] = ["name": .string(v.name), "jobId": .string(v.jobID), "owner": .string(v.owner), "host": .string(v.host), "agent": .string(v.agent),
         "image": .string(v.image), "vcpus": .integer(v.vcpus), "memoryMB": .integer(v.memoryMB), "diskGB": .integer(v.diskGB),
         "state": .string(v.state), "uuid": opt(v.uuid), "created": date(v.created), "leaseEnd": date(v.leaseEnd),
         "leaseWarning": .bool(v.leaseWarning)]
        if let i = v.instance { o["instance"] = instance(i) }
        return .object(o)
    }

    /// The GLUE 2.1 CloudComputingInstance view (DescribeVM), named as SOAP's `<instance>` names it.
    static func instance(_ i: VMInstanceDescription) -> SiteJSONValue {
        ["ID": .string(i.id), "Name": .string(i.name), "CreationTime": date(i.creationTime), "Validity": .integer(i.validity),
         "State": .string(i.state), "VMID": opt(i.vmID), "LocalID": .string(i.localID), "Owner": .string(i.owner),
         "ExecutionNode": .string(i.executionNode), "ComputingManagerSubmissionTime": date(i.submissionTime),
         "StartTime": i.startTime.map(date) ?? .null, "EndTime": i.endTime.map(date) ?? .null, "ImageID": .string(i.imageID),
         "InstanceType": ["ID": .string(i.instanceTypeID), "VCPU": .integer(i.vcpus), "RAM": .integer(i.memoryMB), "Disk": .integer(i.diskGB)],
         "LeaseEnd": date(i.leaseEnd), "IPAddress": .array(i.ipAddresses.map { .string($0) }), "AccessProtocol": .string(i.accessProtocol)]
    }

    static func image(_ i: ImageRecord) -> SiteJSONValue {
        ["name": .string(i.name), "host": .string(i.hostname), "osFamily": .string(i.osFamily), "osName": .string(i.osName),
         "osVersion": .string(i.osVersion), "format": .string(i.format), "virtualSizeBytes": .integer(Int(i.virtualSizeBytes)),
         "minCpus": .integer(i.minCpus), "minMemoryMB": .integer(i.minMemoryMB)]
    }

    static func limits(_ l: QuotaLimits) -> SiteJSONValue {
        ["vms": opt(l.vms), "vcpus": opt(l.vcpus), "memoryMB": opt(l.memoryMB), "diskGB": opt(l.diskGB)]
    }

    static func quota(_ q: (user: String, limits: QuotaLimits, used: ResourceAmount)) -> SiteJSONValue {
        ["user": .string(q.user), "limits": limits(q.limits),
         "used": ["vms": .integer(q.used.vms), "vcpus": .integer(q.used.vcpus), "memoryMB": .integer(q.used.memoryMB), "diskGB": .integer(q.used.diskGB)],
         "remaining": limits(QuotaPolicy.remaining(limits: q.limits, used: q.used))]
    }

    static func user(_ u: UserInfo) -> SiteJSONValue {
        ["id": .integer(Int(u.id)), "name": .string(u.name), "role": .string(u.role.rawValue), "disabled": .bool(u.disabled),
         "subjectDN": opt(u.subjectDN)]
    }

    static func agent(_ a: AgentInfo) -> SiteJSONValue {
        ["id": .integer(Int(a.id)), "name": .string(a.name), "url": .string(a.url), "username": .string(a.username),
         "vmmType": .string(a.vmmType), "enabled": .bool(a.enabled), "healthy": .bool(a.healthy), "lastError": opt(a.lastError)]
    }

    static func audit(_ e: AuditEntry) -> SiteJSONValue {
        ["id": .integer(Int(e.id)), "at": date(e.at), "actor": .string(e.actor), "operation": .string(e.operation),
         "arguments": .string(e.arguments), "outcome": .string(e.outcome)]
    }

    /// The HTTP status of a fault code (the one place this mapping lives).
    public static func httpStatus(_ code: SiteError.Code) -> Int {
        switch code {
        case .authenticationFailed: 401
        case .notAuthorized, .quotaExceeded: 403
        case .notFound: 404
        case .invalidState: 409
        case .unknownImage: 422
        case .invalidRequest: 400
        case .agentError: 502
        case .noCapacity: 503
        default: 500
        }
    }

    /// The error object: `{"code", "message", …details}`; numeric details (`limit`, `used`, `requested`) as numbers,
    /// NoCapacity's per-host reasons as `hostReasons`.
    public static func error(_ e: SiteError) -> SiteJSONValue {
        var o: [String: SiteJSONValue] = ["code": .string(e.code.rawValue), "message": .string(e.message)]
        for (key, value) in e.details where o[key] == nil {
            o[key] = Int(value).map { .integer($0) } ?? .string(value)
        }
        if !e.hostReasons.isEmpty {
            o["hostReasons"] = .array(e.hostReasons.map { ["host": .string($0.host), "reason": .string($0.reason)] })
        }
        return .object(o)
    }
}

/// Reads typed fields from a JSON request body or a query string; every failure names the field.
struct SiteJSONReader {
    let object: [String: SiteJSONValue]

    /// - Throws: `InvalidRequest` when the body is not an object, or has a member not in `allowed`.
    init(_ value: SiteJSONValue, allowed: [String]) throws {
        guard case .object(let o) = value else { throw SiteError.invalid("body", "must be a JSON object, got \(value.typeName)") }
        if let unknown = o.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw SiteError.invalid(unknown, "is not a member of this request (expected \(allowed.joined(separator: ", ")))")
        }
        object = o
    }

    /// Query parameters as string members.
    init(query: [String: String]) { object = query.mapValues { .string($0) } }

    func present(_ name: String) -> SiteJSONValue? {
        guard let v = object[name], v != .null else { return nil }
        return v
    }

    func string(_ name: String) throws -> String {
        guard let s = try optionalString(name), !s.isEmpty else { throw SiteError.invalid(name, "is required") }
        return s
    }

    func optionalString(_ name: String) throws -> String? {
        guard let v = present(name) else { return nil }
        guard case .string(let s) = v else { throw SiteError.invalid(name, "must be a string, got \(v.typeName)") }
        return s
    }

    /// A string that must not be empty when given.
    func nonEmptyString(_ name: String) throws -> String? {
        guard let s = try optionalString(name), !s.isEmpty else { return nil }
        return s
    }

    func int(_ name: String) throws -> Int {
        guard let v = try optionalInt(name) else { throw SiteError.invalid(name, "is required") }
        return v
    }

    /// An integer: a JSON integer, or (from a query string) its decimal text.
    func optionalInt(_ name: String) throws -> Int? {
        guard let v = present(name) else { return nil }
        switch v {
        case .integer(let i): return i
        case .string(let s):
            if s.isEmpty { return nil }
            guard let i = Int(s) else { throw SiteError.invalid(name, "'\(s)' is not an integer") }
            return i
        case .number(let d): throw SiteError.invalid(name, "\(d) is not an integer")
        default: throw SiteError.invalid(name, "must be an integer, got \(v.typeName)")
        }
    }

    func optionalBool(_ name: String) throws -> Bool? {
        guard let v = present(name) else { return nil }
        switch v {
        case .bool(let b): return b
        case .string("true"), .string("1"): return true
        case .string("false"), .string("0"): return false
        case .string(""): return nil
        default: throw SiteError.invalid(name, "must be a boolean, got \(v)")
        }
    }

    /// Seconds as an integer, or an xs:duration string such as `PT2H` (as SOAP accepts).
    func duration(_ name: String, required: Bool) throws -> Int? {
        guard let v = present(name) else {
            if required { throw SiteError.invalid(name, "is required") }
            return nil
        }
        switch v {
        case .integer(let i): return i
        case .string(let s):
            guard let seconds = LeasePolicy.parseLifetime(s) else { throw SiteError.invalid(name, "'\(s)' is neither seconds nor an xs:duration") }
            return seconds
        default: throw SiteError.invalid(name, "must be seconds or an xs:duration string, got \(v.typeName)")
        }
    }

    func optionalDate(_ name: String) throws -> Date? {
        guard let s = try nonEmptyString(name) else { return nil }
        guard let d = UsernameToken.parseTimestamp(s) else { throw SiteError.invalid(name, "'\(s)' is not an xs:dateTime in UTC") }
        return d
    }

    /// Placement hints: an object of strings.
    func hints(_ name: String) throws -> [String: String] {
        guard let v = present(name) else { return [:] }
        guard case .object(let o) = v else { throw SiteError.invalid(name, "must be an object of strings, got \(v.typeName)") }
        var out: [String: String] = [:]
        for (k, value) in o {
            guard case .string(let s) = value else { throw SiteError.invalid("\(name).\(k)", "must be a string, got \(value.typeName)") }
            out[k] = s
        }
        return out
    }
}
