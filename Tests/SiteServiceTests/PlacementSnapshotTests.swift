// GVE — SiteServiceTests
// The in-memory placement pass chooses exactly what the reference rules (Placement.place) choose.
import Testing
@testable import SiteService

@Suite struct PlacementSnapshotTests {
    /// On random inventories, claims, exclusions and both strategies, the snapshot's one-pass choice is the first
    /// host Placement.place ranks (or nil exactly when it reports NoCapacity).
    @Test(arguments: [PlacementStrategy.spread, .pack])
    func snapshotChoiceMatchesReferencePlacement(strategy: PlacementStrategy) {
        var rng = SplitMix(seed: strategy == .spread ? 7 : 11)
        for round in 0..<200 {
            let n = Int(rng.next() % 12) + 1
            var hosts: [PlacementSnapshot.Host] = []
            var images: [(hostname: String, image: String)] = []
            var candidates: [HostCandidate] = []
            var claimed: [String: (cpus: Int, memoryMB: Int)] = [:]
            for i in 0..<n {
                let name = "h\(Int(rng.next() % 50))-\(i)"
                let cpus = Int(rng.next() % 8) + 1, mem = (Int(rng.next() % 8) + 1) * 1024
                let record = HostRecord(hostname: name, agentID: 1, hypervisor: "test", cpus: cpus, memoryMB: mem,
                                        freeCpus: Int(rng.next() % UInt64(cpus + 1)), freeMemoryMB: Int(rng.next() % UInt64(mem + 1)), instances: 0,
                                        state: rng.next() % 10 == 0 ? "critical" : "ok")
                let healthy = rng.next() % 8 != 0
                let offers = rng.next() % 4 != 0
                let c = (cpus: Int(rng.next() % 3), memoryMB: Int(rng.next() % 3) * 256)
                claimed[name] = c
                hosts.append(.init(record: record, epoch: 0, usable: healthy && record.state == "ok"))
                if offers { images.append((name, "debian")) }
                candidates.append(HostCandidate(host: record, claimedCpus: c.cpus, claimedMemoryMB: c.memoryMB,
                                                images: offers ? ["debian"] : [], agentHealthy: healthy))
            }
            let excluded: Set<String> = rng.next() % 3 == 0 ? [candidates[0].host.hostname] : []
            let vcpus = Int(rng.next() % 3) + 1, mem = Int(rng.next() % 4) * 512 + 128
            let snapshot = PlacementSnapshot(generation: 1, hosts: hosts, images: images)
            let chosen = snapshot.best(image: "debian", vcpus: vcpus, memoryMB: mem, strategy: strategy, excluding: excluded, claimed: claimed)
            switch Placement.place(hosts: candidates, image: "debian", vcpus: vcpus, memoryMB: mem, strategy: strategy, excluding: excluded) {
            case let .candidates(fits): #expect(chosen?.hostname == fits.first?.host.hostname, "round \(round)")
            case .noCapacity: #expect(chosen == nil, "round \(round)")
            }
        }
    }
}

/// A small deterministic generator for reproducible random cases.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
