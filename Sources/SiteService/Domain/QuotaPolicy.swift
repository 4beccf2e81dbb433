// GVE — SiteService
// The quota decision: a plain function of limits, use and request.

/// The answer to "may this user take these resources?".
public enum QuotaDecision: Sendable, Hashable {
    /// Allowed.
    case allowed
    /// Refused: the first limit that would be exceeded.
    case exceeded(resource: String, limit: Int, used: Int, requested: Int)

    /// The SiteError for a refusal (nil when allowed).
    public var error: SiteError? {
        guard case let .exceeded(resource, limit, used, requested) = self else { return nil }
        return SiteError(.quotaExceeded, "quota for \(resource) exceeded: limit \(limit), used \(used), requested \(requested)",
                         details: [("resource", resource), ("limit", "\(limit)"), ("used", "\(used)"), ("requested", "\(requested)")])
    }
}

/// Quota rules.
public enum QuotaPolicy {
    /// Decides whether `requested` fits in `limits` given `used`; nil limits are unlimited.
    /// - Returns: `.allowed`, or `.exceeded` naming the first resource (VMs, vCPUs, memory, disk) over its limit.
    public static func decide(limits: QuotaLimits, used: ResourceAmount, requested: ResourceAmount) -> QuotaDecision {
        let checks: [(String, Int?, Int, Int)] = [
            ("vms", limits.vms, used.vms, requested.vms),
            ("vcpus", limits.vcpus, used.vcpus, requested.vcpus),
            ("memoryMB", limits.memoryMB, used.memoryMB, requested.memoryMB),
            ("diskGB", limits.diskGB, used.diskGB, requested.diskGB),
        ]
        for (name, limit, u, r) in checks {
            if let limit, u + r > limit { return .exceeded(resource: name, limit: limit, used: u, requested: r) }
        }
        return .allowed
    }

    /// What remains of each limit (nil where unlimited), never negative.
    public static func remaining(limits: QuotaLimits, used: ResourceAmount) -> QuotaLimits {
        QuotaLimits(vms: limits.vms.map { max(0, $0 - used.vms) }, vcpus: limits.vcpus.map { max(0, $0 - used.vcpus) },
                    memoryMB: limits.memoryMB.map { max(0, $0 - used.memoryMB) }, diskGB: limits.diskGB.map { max(0, $0 - used.diskGB) })
    }
}
