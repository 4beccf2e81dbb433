// GVE — SiteService
// Placement: filter hosts by the constraints, then weigh the survivors. Pure; no I/O.

/// A host as placement sees it: the inventory snapshot minus capacity claimed but not yet visible there.
public struct HostCandidate: Sendable, Hashable {
    public var host: HostRecord
    /// vCPUs claimed on this host that the snapshot does not show yet.
    public var claimedCpus: Int
    /// Memory claimed on this host that the snapshot does not show yet.
    public var claimedMemoryMB: Int
    /// Images present on this host.
    public var images: Set<String>
    /// Whether the host's Agent is enabled and answered its last health check.
    public var agentHealthy: Bool

    public init(host: HostRecord, claimedCpus: Int = 0, claimedMemoryMB: Int = 0, images: Set<String>, agentHealthy: Bool) {
        self.host = host
        self.claimedCpus = claimedCpus
        self.claimedMemoryMB = claimedMemoryMB
        self.images = images
        self.agentHealthy = agentHealthy
    }

    /// Free vCPUs net of claims.
    public var freeCpus: Int { host.freeCpus - claimedCpus }
    /// Free memory net of claims.
    public var freeMemoryMB: Int { host.freeMemoryMB - claimedMemoryMB }
}

/// The placement decision.
public enum PlacementDecision: Sendable, Hashable {
    /// Hosts that fit, best first.
    case candidates([HostCandidate])
    /// Nothing fits; why, per host.
    case noCapacity([HostRejection])
}

/// Placement rules.
public enum Placement {
    /// Filters and weighs hosts for one VM.
    /// - Parameters:
    ///   - hosts: the candidates.
    ///   - image: the image the VM boots.
    ///   - vcpus: vCPUs wanted.
    ///   - memoryMB: memory wanted.
    ///   - strategy: pack (fullest first) or spread (emptiest first).
    ///   - excluding: hosts already tried for this job.
    /// - Returns: the fitting hosts in order of preference, or per-host reasons.
    public static func place(hosts: [HostCandidate], image: String, vcpus: Int, memoryMB: Int,
                             strategy: PlacementStrategy, excluding: Set<String> = []) -> PlacementDecision {
        var fits: [HostCandidate] = []
        var reasons: [HostRejection] = []
        for candidate in hosts {
            let name = candidate.host.hostname
            if excluding.contains(name) {
                reasons.append(HostRejection(host: name, reason: "already tried for this job"))
            } else if !candidate.agentHealthy {
                reasons.append(HostRejection(host: name, reason: "agent unavailable"))
            } else if candidate.host.state != "ok" {
                reasons.append(HostRejection(host: name, reason: "host state \(candidate.host.state)"))
            } else if !candidate.images.contains(image) {
                reasons.append(HostRejection(host: name, reason: "image \(image) not present"))
            } else if candidate.freeCpus < vcpus {
                reasons.append(HostRejection(host: name, reason: "free vCPUs \(candidate.freeCpus) < \(vcpus)"))
            } else if candidate.freeMemoryMB < memoryMB {
                reasons.append(HostRejection(host: name, reason: "free memory \(candidate.freeMemoryMB) MB < \(memoryMB) MB"))
            } else {
                fits.append(candidate)
            }
        }
        if fits.isEmpty {
            if hosts.isEmpty { reasons.append(HostRejection(host: "*", reason: "no hosts registered")) }
            return .noCapacity(reasons)
        }
        // Weigh by the share of memory left after placing (ties: CPUs, then name, so the order is stable).
        func load(_ c: HostCandidate) -> (Double, Int, String) {
            let total = max(1, c.host.memoryMB)
            return (Double(c.freeMemoryMB - memoryMB) / Double(total), c.freeCpus, c.host.hostname)
        }
        fits.sort { a, b in
            let (la, ca, na) = load(a)
            let (lb, cb, nb) = load(b)
            switch strategy {
            case .spread: return la != lb ? la > lb : (ca != cb ? ca > cb : na < nb)
            case .pack: return la != lb ? la < lb : (ca != cb ? ca < cb : na < nb)
            }
        }
        return .candidates(fits)
    }
}
