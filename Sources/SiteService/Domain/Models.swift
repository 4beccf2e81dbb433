// GVE — SiteService
// Plain value types of the Site Service domain.
import Foundation

/// A user's role: the admin is a role, not a shared password.
public enum UserRole: String, Sendable, Hashable, Codable, CaseIterable {
    case user
    case admin
}

/// An authenticated caller.
public struct Principal: Sendable, Hashable {
    public var userID: Int64
    public var name: String
    public var role: UserRole

    public init(userID: Int64, name: String, role: UserRole) {
        self.userID = userID
        self.name = name
        self.role = role
    }
}

/// A user account as stored (without secrets).
public struct UserInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var role: UserRole
    public var disabled: Bool
    public var subjectDN: String?
}

/// Per-user limits; nil means unlimited.
public struct QuotaLimits: Sendable, Hashable, Codable {
    public var vms: Int?
    public var vcpus: Int?
    public var memoryMB: Int?
    public var diskGB: Int?

    public init(vms: Int? = nil, vcpus: Int? = nil, memoryMB: Int? = nil, diskGB: Int? = nil) {
        self.vms = vms
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
    }

    /// Everything unlimited.
    public static let unlimited = QuotaLimits()
}

/// Resources: a request, a user's use, or a remaining allowance.
public struct ResourceAmount: Sendable, Hashable, Codable {
    public var vms: Int
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int

    public init(vms: Int = 0, vcpus: Int = 0, memoryMB: Int = 0, diskGB: Int = 0) {
        self.vms = vms
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
    }

    public static func + (a: ResourceAmount, b: ResourceAmount) -> ResourceAmount {
        ResourceAmount(vms: a.vms + b.vms, vcpus: a.vcpus + b.vcpus, memoryMB: a.memoryMB + b.memoryMB, diskGB: a.diskGB + b.diskGB)
    }
}

/// The persisted job states (issue 5).
public enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    case queued, placing, cloning, starting, running, failed, releasing, released

    /// True for states that hold resources against the quota.
    public var holdsResources: Bool { self != .failed && self != .released }
    /// True when no further transition happens.
    public var isFinal: Bool { self == .failed || self == .released }
}

/// A VM request as validated.
public struct VMRequest: Sendable, Hashable {
    public var image: String
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int
    /// Lease lifetime in seconds (nil: the site default).
    public var lifetime: Int?
    public var count: Int
    public var clientRequestID: String?
    public var hints: [String: String]
    /// When no host fits now: wait up to this many seconds in the placement queue (state `placing`) instead of
    /// failing with NoCapacity. nil or 0: fail at once.
    public var queueTimeout: Int?

    public init(image: String, vcpus: Int, memoryMB: Int, diskGB: Int, lifetime: Int? = nil, count: Int = 1,
                clientRequestID: String? = nil, hints: [String: String] = [:], queueTimeout: Int? = nil) {
        self.queueTimeout = queueTimeout
        self.image = image
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
        self.lifetime = lifetime
        self.count = count
        self.clientRequestID = clientRequestID
        self.hints = hints
    }

    /// The resources the whole request takes.
    public var total: ResourceAmount {
        ResourceAmount(vms: count, vcpus: vcpus * count, memoryMB: memoryMB * count, diskGB: diskGB * count)
    }
}

/// A job: one VM's way from request to release.
public struct JobInfo: Sendable, Hashable, Codable {
    public var id: String
    public var requestID: String
    public var owner: String
    public var state: JobState
    public var image: String
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int
    public var lifetime: Int
    public var host: String?
    public var vmName: String?
    public var errorCode: String?
    public var errorMessage: String?
    public var attempts: Int
    public var created: Date
    public var updated: Date
    public var history: [JobTransition]
}

/// One state change of a job.
public struct JobTransition: Sendable, Hashable, Codable {
    public var state: JobState
    public var at: Date
    public var note: String
}

/// The result of RequestVM: the request and its jobs (one per VM); `replayed` when the client request id was seen.
public struct RequestResult: Sendable, Hashable {
    public var requestID: String
    public var jobs: [JobInfo]
    public var replayed: Bool
}

/// A VM known to the site.
public struct VMInfo: Sendable, Hashable, Codable {
    public var name: String
    public var jobID: String
    public var owner: String
    public var host: String
    public var agent: String
    public var image: String
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int
    /// running, pending, suspended, halted (GLUE 2.1 instance states as the Agent reports them), or released.
    public var state: String
    public var uuid: String?
    public var created: Date
    public var leaseEnd: Date
    /// True once `now` is within the warning time before ``leaseEnd``.
    public var leaseWarning: Bool
    /// The GLUE 2.1 CloudComputingInstance view (DescribeVM fills it; lists leave it out).
    public var instance: VMInstanceDescription? = nil
}

/// A registered Agent.
public struct AgentInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var url: String
    public var username: String
    public var vmmType: String
    public var enabled: Bool
    public var healthy: Bool
    public var lastError: String?
}

/// A host as the inventory reports it.
public struct HostRecord: Sendable, Hashable, Codable {
    public var hostname: String
    /// The Agent serving this host.
    public var agentID: Int64
    public var hypervisor: String
    public var cpus: Int
    public var memoryMB: Int
    public var freeCpus: Int
    public var freeMemoryMB: Int
    public var instances: Int
    /// `ok`, or another GLUE2 health state (only `ok` hosts get VMs).
    public var state: String

    public init(hostname: String, agentID: Int64, hypervisor: String, cpus: Int, memoryMB: Int, freeCpus: Int,
                freeMemoryMB: Int, instances: Int, state: String = "ok") {
        self.hostname = hostname
        self.agentID = agentID
        self.hypervisor = hypervisor
        self.cpus = cpus
        self.memoryMB = memoryMB
        self.freeCpus = freeCpus
        self.freeMemoryMB = freeMemoryMB
        self.instances = instances
        self.state = state
    }
}

/// An image available on a host.
public struct ImageRecord: Sendable, Hashable, Codable {
    public var name: String
    public var hostname: String
    public var osFamily: String
    public var osName: String
    public var osVersion: String
    public var format: String
    public var virtualSizeBytes: Int64
    public var minCpus: Int
    public var minMemoryMB: Int

    public init(name: String, hostname: String, osFamily: String = "", osName: String = "", osVersion: String = "",
                format: String = "", virtualSizeBytes: Int64 = 0, minCpus: Int = 0, minMemoryMB: Int = 0) {
        self.name = name
        self.hostname = hostname
        self.osFamily = osFamily
        self.osName = osName
        self.osVersion = osVersion
        self.format = format
        self.virtualSizeBytes = virtualSizeBytes
        self.minCpus = minCpus
        self.minMemoryMB = minMemoryMB
    }
}

/// One audit log entry.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var operation: String
    public var arguments: String
    public var outcome: String
}

/// Site-wide settings the admin controls.
public struct SiteSettings: Sendable, Hashable, Codable {
    /// Lease lifetime when the request gives none, seconds.
    public var defaultLifetime: Int
    /// Longest lease, seconds (also the cap for ExtendLease).
    public var maximumLifetime: Int
    /// How long before lease end DescribeVM/ListVMs flag a warning, seconds.
    public var warningTime: Int
    /// Placement weighing.
    public var placement: PlacementStrategy
    /// Quota given to new users.
    public var defaultQuota: QuotaLimits

    public init(defaultLifetime: Int = 3600, maximumLifetime: Int = 7 * 86400, warningTime: Int = 600,
                placement: PlacementStrategy = .spread, defaultQuota: QuotaLimits = QuotaLimits(memoryMB: 10240)) {
        self.defaultLifetime = defaultLifetime
        self.maximumLifetime = maximumLifetime
        self.warningTime = warningTime
        self.placement = placement
        self.defaultQuota = defaultQuota
    }
}

/// How placement weighs the hosts that fit.
public enum PlacementStrategy: String, Sendable, Hashable, Codable {
    /// Fill the fullest host first.
    case pack
    /// Prefer the emptiest host.
    case spread
}
