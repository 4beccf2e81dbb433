// GVE — SiteService
// The hosts placement chooses among, held in memory between inventory changes: one pass over the hosts that offer
// the image, net of claims, instead of a SQL join and sort over every host per request. Pure; no I/O.

/// The inventory as placement sees it (hosts, their images, Agent health), valid for one inventory generation.
///
/// Claims are not part of the snapshot: they change with every request and are summed in the same transaction that
/// adds the next one, then passed to ``best(image:vcpus:memoryMB:strategy:excluding:claimed:)``.
public struct PlacementSnapshot: Sendable {
    /// One host with what placement needs.
    public struct Host: Sendable {
        public var record: HostRecord
        /// The inventory epoch of the host's figures (claims made visible before it are already counted in them).
        public var epoch: Int64
        /// Enabled and healthy Agent, host state `ok`.
        public var usable: Bool
    }

    /// The generation of the inventory tables this snapshot was read at.
    public let generation: Int64
    public let hosts: [Host]
    /// Image name → indexes into ``hosts`` of the hosts offering it, in hostname order.
    public let hostsByImage: [String: [Int]]
    /// Hostname → index into ``hosts``.
    public let indexByName: [String: Int]

    public init(generation: Int64, hosts: [Host], images: [(hostname: String, image: String)]) {
        self.generation = generation
        let sorted = hosts.sorted { $0.record.hostname < $1.record.hostname }
        self.hosts = sorted
        var index: [String: Int] = [:]
        for (i, h) in sorted.enumerated() { index[h.record.hostname] = i }
        indexByName = index
        var byImage: [String: [Int]] = [:]
        for (host, image) in images { if let i = index[host] { byImage[image, default: []].append(i) } }
        hostsByImage = byImage.mapValues { $0.sorted() }
    }

    /// Whether any host offers `image`.
    public func offers(_ image: String) -> Bool { hostsByImage[image]?.isEmpty == false }

    /// The best host for one VM, or nil when none fits: the same filter and weighing as
    /// ``Placement/place(hosts:image:vcpus:memoryMB:strategy:excluding:)`` (share of memory left after placing,
    /// then free vCPUs, then hostname), in one pass without sorting.
    /// - Parameter claimed: per hostname, the vCPUs and memory claimed that the snapshot does not show.
    public func best(image: String, vcpus: Int, memoryMB: Int, strategy: PlacementStrategy, excluding: Set<String> = [],
                     claimed: [String: (cpus: Int, memoryMB: Int)]) -> HostRecord? {
        guard let candidates = hostsByImage[image] else { return nil }
        var bestIndex = -1
        var bestLoad = 0.0
        var bestCpus = 0
        for i in candidates {
            let h = hosts[i]
            guard h.usable else { continue }
            let c = claimed[h.record.hostname]
            let fc = h.record.freeCpus - (c?.cpus ?? 0)
            let fm = h.record.freeMemoryMB - (c?.memoryMB ?? 0)
            guard fc >= vcpus, fm >= memoryMB, excluding.isEmpty || !excluding.contains(h.record.hostname) else { continue }
            let load = Double(fm - memoryMB) / Double(max(1, h.record.memoryMB))
            if bestIndex < 0 {
                bestIndex = i; bestLoad = load; bestCpus = fc
                continue
            }
            // Candidates come in hostname order, so on a full tie the earlier (smaller) name stays.
            let better: Bool
            switch strategy {
            case .spread: better = load != bestLoad ? load > bestLoad : fc > bestCpus
            case .pack: better = load != bestLoad ? load < bestLoad : fc < bestCpus
            }
            if better { bestIndex = i; bestLoad = load; bestCpus = fc }
        }
        return bestIndex < 0 ? nil : hosts[bestIndex].record
    }
}
