// GVE — SiteService
// The operations of the Site Service, independent of SOAP (the JSON API can sit on the same type).
import Foundation

/// A VM management action (ManageVM).
public enum VMAction: String, Sendable, CaseIterable {
    case start, stop, suspend, resume, reboot

    var agentOperation: String {
        switch self {
        case .start: return "Start"
        case .stop: return "Stop"
        case .suspend: return "Suspend"
        case .resume: return "Resume"
        case .reboot: return "Reboot"
        }
    }
}

/// Every Site Service operation, taking an authenticated principal and typed arguments.
public struct SiteOperations: Sendable {
    public let database: SiteDatabase
    public let now: @Sendable () -> Date
    /// bcrypt cost for new users.
    public var bcryptCost: UInt8

    public init(database: SiteDatabase, bcryptCost: UInt8 = 10, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.bcryptCost = bcryptCost
        self.now = now
    }

    func requireAdmin(_ p: Principal) throws {
        if p.role != .admin { throw SiteError(.notAuthorized, "operation requires the admin role") }
    }

    /// RequestVM: validates, then checks quota, places and claims in one transaction; returns at once.
    /// - Parameter audit: the audit row to commit with the request when it succeeds (see ``SiteDatabase/requestVMs(principal:request:settings:now:audit:)``).
    public func requestVM(_ p: Principal, _ r: VMRequest, audit: AuditRecord? = nil) async throws -> RequestResult {
        if r.image.isEmpty { throw SiteError.invalid("image", "must not be empty") }
        if r.vcpus < 1 || r.vcpus > 1024 { throw SiteError.invalid("vcpus", "must be 1…1024, got \(r.vcpus)") }
        if r.memoryMB < 1 || r.memoryMB > 16 << 20 { throw SiteError.invalid("memoryMB", "must be positive, got \(r.memoryMB)") }
        if r.diskGB < 0 || r.diskGB > 1 << 20 { throw SiteError.invalid("diskGB", "must not be negative, got \(r.diskGB)") }
        if r.count < 1 || r.count > 100 { throw SiteError.invalid("count", "must be 1…100, got \(r.count)") }
        if let q = r.queueTimeout, q < 0 || q > 7 * 86400 { throw SiteError.invalid("queueTimeout", "must be 0…604800 seconds, got \(q)") }
        if let id = r.clientRequestID, id.isEmpty || id.count > 256 { throw SiteError.invalid("clientRequestId", "must be 1…256 characters") }
        let settings = try await database.settings()
        return try await database.requestVMs(principal: p, request: r, settings: settings, now: now(), audit: audit)
    }

    public func getJob(_ p: Principal, id: String) async throws -> JobInfo { try await database.job(id: id, principal: p) }

    public func listJobs(_ p: Principal, state: JobState?) async throws -> [JobInfo] { try await database.listJobs(principal: p, state: state) }

    public func listVMs(_ p: Principal, includeReleased: Bool) async throws -> [VMInfo] {
        try await database.listVMs(principal: p, includeReleased: includeReleased, now: now())
    }

    /// DescribeVM: the VM with its GLUE 2.1 CloudComputingInstance description.
    public func describeVM(_ p: Principal, name: String) async throws -> VMInfo { try await database.describeVM(name: name, principal: p, now: now()) }

    /// ManageVM: calls the VM's Agent and records the state it reports.
    public func manageVM(_ p: Principal, name: String, action: VMAction) async throws -> VMInfo {
        let vm = try await database.vm(name: name, principal: p, now: now())
        guard vm.state != "released" else { throw SiteError(.invalidState, "VM \(name) is released", details: [("vm", name)]) }
        guard let job = try await database.runnableJob(id: vm.jobID), job.job.state == .running, let agentID = job.agentID,
              let endpoint = try await database.agentEndpoints(id: agentID).first else {
            throw SiteError(.invalidState, "VM \(name) is not running under an agent", details: [("vm", name)])
        }
        do {
            let result = try await AgentClient(endpoint: endpoint).vmOperation(action.agentOperation, name: name)
            try await database.setVMState(name: name, state: result.state)
        } catch let e as AgentCallError {
            switch e.code {
            case "InvalidState": throw SiteError(.invalidState, "cannot \(action.rawValue) \(name): \(e.message)", details: [("vm", name)])
            case "NotFound": throw SiteError(.notFound, "VM \(name) not found on its agent: \(e.message)", details: [("vm", name)])
            default: throw SiteError(.agentError, "agent failed to \(action.rawValue) \(name): \(e)", details: [("vm", name)])
            }
        }
        return try await database.vm(name: name, principal: p, now: now())
    }

    public func extendLease(_ p: Principal, name: String, seconds: Int) async throws -> VMInfo {
        _ = try await database.extendLease(principal: p, vmName: name, seconds: seconds, now: now())
        return try await database.vm(name: name, principal: p, now: now())
    }

    /// ReleaseVM: marks the job releasing; the runner destroys the VM and frees the claim.
    public func releaseVM(_ p: Principal, name: String) async throws -> JobInfo {
        let vm = try await database.vm(name: name, principal: p, now: now())
        let moved = try await database.transition(jobID: vm.jobID, from: [.running], to: .releasing, note: "released by \(p.name)", now: now())
        let job = try await database.job(id: vm.jobID, principal: p)
        if !moved && job.state != .releasing && job.state != .released {
            throw SiteError(.invalidState, "VM \(name) is \(job.state.rawValue)", details: [("vm", name)])
        }
        return job
    }

    public func listImages(_ p: Principal) async throws -> [ImageRecord] { try await database.images() }

    /// GetQuota for the caller (an admin may name another user).
    public func getQuota(_ p: Principal, user: String?) async throws -> (user: String, limits: QuotaLimits, used: ResourceAmount) {
        var id = p.userID
        var name = p.name
        if let user, user != p.name {
            try requireAdmin(p)
            guard let creds = try await database.credentials(name: user) else { throw SiteError(.notFound, "no user '\(user)'", details: [("user", user)]) }
            id = creds.user.id
            name = user
        }
        let q = try await database.quota(userID: id)
        return (name, q.limits, q.used)
    }

    public func createUser(_ p: Principal, name: String, password: String, role: UserRole, allowDigest: Bool, subjectDN: String?) async throws -> UserInfo {
        try requireAdmin(p)
        return try await database.createUser(name: name, password: password, role: role, allowDigest: allowDigest,
                                             subjectDN: subjectDN, cost: bcryptCost, now: now())
    }

    public func setQuota(_ p: Principal, user: String, limits: QuotaLimits) async throws -> (user: String, limits: QuotaLimits, used: ResourceAmount) {
        try requireAdmin(p)
        try await database.setQuota(name: user, limits: limits)
        return try await getQuota(p, user: user)
    }

    public func disableUser(_ p: Principal, name: String, disabled: Bool) async throws -> UserInfo {
        try requireAdmin(p)
        try await database.setDisabled(name: name, disabled: disabled)
        guard let creds = try await database.credentials(name: name) else { throw SiteError(.notFound, "no user '\(name)'") }
        return creds.user
    }

    public func registerAgent(_ p: Principal, name: String, url: String, username: String, password: String, vmmType: String) async throws -> AgentInfo {
        try requireAdmin(p)
        return try await database.registerAgent(name: name, url: url, username: username, password: password, vmmType: vmmType)
    }

    public func removeAgent(_ p: Principal, name: String) async throws {
        try requireAdmin(p)
        try await database.removeAgent(name: name)
    }

    public func listAgents(_ p: Principal) async throws -> [AgentInfo] {
        try requireAdmin(p)
        return try await database.listAgents()
    }

    public func queryAudit(_ p: Principal, actor: String?, operation: String?, since: Date?, until: Date?, limit: Int) async throws -> [AuditEntry] {
        try requireAdmin(p)
        return try await database.queryAudit(actor: actor, operation: operation, since: since, until: until, limit: limit)
    }
}
