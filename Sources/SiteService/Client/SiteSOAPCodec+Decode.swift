// GVE — SiteService
// Decoding response elements back into domain values (for SiteClient).
import Foundation
import SOAP

extension SiteSOAPCodec {
    static func date(_ e: SOAPElement, _ n: String) -> Date { e.childText(n).flatMap(UsernameToken.parseTimestamp) ?? Date(timeIntervalSince1970: 0) }
    static func intValue(_ e: SOAPElement, _ n: String) -> Int { Int(e.childText(n) ?? "") ?? 0 }
    static func boolValue(_ e: SOAPElement, _ n: String) -> Bool { e.childText(n) == "true" || e.childText(n) == "1" }

    static func decodeJob(_ e: SOAPElement) -> JobInfo {
        JobInfo(id: e.childText("id") ?? "", requestID: e.childText("requestId") ?? "", owner: e.childText("owner") ?? "",
                state: JobState(rawValue: e.childText("state") ?? "") ?? .failed, image: e.childText("image") ?? "",
                vcpus: intValue(e, "vcpus"), memoryMB: intValue(e, "memoryMB"), diskGB: intValue(e, "diskGB"), lifetime: intValue(e, "lifetime"),
                host: e.childText("host"), vmName: e.childText("vmName"), errorCode: e.childText("errorCode"), errorMessage: e.childText("errorMessage"),
                attempts: intValue(e, "attempts"), created: date(e, "created"), updated: date(e, "updated"),
                history: e.children("transition").map {
                    JobTransition(state: JobState(rawValue: $0.childText("state") ?? "") ?? .failed, at: date($0, "at"), note: $0.childText("note") ?? "")
                })
    }

    static func decodeVM(_ e: SOAPElement) -> VMInfo {
        VMInfo(name: e.childText("name") ?? "", jobID: e.childText("jobId") ?? "", owner: e.childText("owner") ?? "", host: e.childText("host") ?? "",
               agent: e.childText("agent") ?? "", image: e.childText("image") ?? "", vcpus: intValue(e, "vcpus"), memoryMB: intValue(e, "memoryMB"),
               diskGB: intValue(e, "diskGB"), state: e.childText("state") ?? "", uuid: e.childText("uuid"), created: date(e, "created"),
               leaseEnd: date(e, "leaseEnd"), leaseWarning: boolValue(e, "leaseWarning"), instance: e.child("instance").map(decodeInstance))
    }

    static func decodeInstance(_ e: SOAPElement) -> VMInstanceDescription {
        let t = e.child("InstanceType")
        return VMInstanceDescription(
            id: e.childText("ID") ?? "", name: e.childText("Name") ?? "", creationTime: date(e, "CreationTime"),
            validity: intValue(e, "Validity"), state: e.childText("State") ?? "", vmID: e.childText("VMID"), localID: e.childText("LocalID") ?? "",
            owner: e.childText("Owner") ?? "", executionNode: e.childText("ExecutionNode") ?? "", imageID: e.childText("ImageID") ?? "",
            instanceTypeID: t?.childText("ID") ?? "", vcpus: t.map { intValue($0, "VCPU") } ?? 0, memoryMB: t.map { intValue($0, "RAM") } ?? 0,
            diskGB: t.map { intValue($0, "Disk") } ?? 0, submissionTime: date(e, "ComputingManagerSubmissionTime"),
            startTime: e.childText("StartTime").flatMap(UsernameToken.parseTimestamp), endTime: e.childText("EndTime").flatMap(UsernameToken.parseTimestamp),
            leaseEnd: date(e, "LeaseEnd"), ipAddresses: e.children("IPAddress").map(\.trimmedText), accessProtocol: e.childText("AccessProtocol") ?? "")
    }

    static func decodeImage(_ e: SOAPElement) -> ImageRecord {
        ImageRecord(name: e.childText("name") ?? "", hostname: e.childText("host") ?? "", osFamily: e.childText("osFamily") ?? "",
                    osName: e.childText("osName") ?? "", osVersion: e.childText("osVersion") ?? "", format: e.childText("format") ?? "",
                    virtualSizeBytes: Int64(e.childText("virtualSizeBytes") ?? "") ?? 0, minCpus: intValue(e, "minCpus"),
                    minMemoryMB: intValue(e, "minMemoryMB"))
    }

    static func decodeLimits(_ e: SOAPElement?) -> QuotaLimits {
        guard let e else { return .unlimited }
        return QuotaLimits(vms: e.childText("vms").flatMap { Int($0) }, vcpus: e.childText("vcpus").flatMap { Int($0) },
                           memoryMB: e.childText("memoryMB").flatMap { Int($0) }, diskGB: e.childText("diskGB").flatMap { Int($0) })
    }

    static func decodeQuota(_ body: SOAPElement) -> QuotaReport {
        let used = body.child("used")
        return QuotaReport(user: body.childText("user") ?? "", limits: decodeLimits(body.child("limits")),
                           used: ResourceAmount(vms: used.map { intValue($0, "vms") } ?? 0, vcpus: used.map { intValue($0, "vcpus") } ?? 0,
                                                memoryMB: used.map { intValue($0, "memoryMB") } ?? 0, diskGB: used.map { intValue($0, "diskGB") } ?? 0),
                           remaining: decodeLimits(body.child("remaining")))
    }

    static func decodeUser(_ e: SOAPElement) -> UserInfo {
        UserInfo(id: Int64(e.childText("id") ?? "") ?? 0, name: e.childText("name") ?? "", role: UserRole(rawValue: e.childText("role") ?? "") ?? .user,
                 disabled: boolValue(e, "disabled"), subjectDN: e.childText("subjectDN"))
    }

    static func decodeAgent(_ e: SOAPElement) -> AgentInfo {
        AgentInfo(id: Int64(e.childText("id") ?? "") ?? 0, name: e.childText("name") ?? "", url: e.childText("url") ?? "",
                  username: e.childText("username") ?? "", vmmType: e.childText("vmmType") ?? "", enabled: boolValue(e, "enabled"),
                  healthy: boolValue(e, "healthy"), lastError: e.childText("lastError"))
    }

    static func decodeAudit(_ e: SOAPElement) -> AuditEntry {
        AuditEntry(id: Int64(e.childText("id") ?? "") ?? 0, at: date(e, "at"), actor: e.childText("actor") ?? "",
                   operation: e.childText("operation") ?? "", arguments: e.childText("arguments") ?? "", outcome: e.childText("outcome") ?? "")
    }
}

/// GetQuota / SetQuota answer.
public struct QuotaReport: Sendable, Hashable {
    public var user: String
    public var limits: QuotaLimits
    public var used: ResourceAmount
    public var remaining: QuotaLimits
}
