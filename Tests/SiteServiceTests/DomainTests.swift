// GVE — SiteServiceTests
import Foundation
import Testing
@testable import SiteService

@Suite struct DomainTests {
    /// Quota: nil limits are unlimited; the first exceeded limit is reported with limit, used and requested.
    @Test func quotaDecisionNamesTheExceededLimit() {
        let limits = QuotaLimits(vms: 2, vcpus: nil, memoryMB: 10240)
        #expect(QuotaPolicy.decide(limits: limits, used: ResourceAmount(vms: 1, vcpus: 50, memoryMB: 0), requested: ResourceAmount(vms: 1, vcpus: 64, memoryMB: 1024)) == .allowed)
        #expect(QuotaPolicy.decide(limits: limits, used: ResourceAmount(vms: 2), requested: ResourceAmount(vms: 1))
            == .exceeded(resource: "vms", limit: 2, used: 2, requested: 1))
        let mem = QuotaPolicy.decide(limits: limits, used: ResourceAmount(memoryMB: 9000), requested: ResourceAmount(vms: 1, memoryMB: 2048))
        #expect(mem == .exceeded(resource: "memoryMB", limit: 10240, used: 9000, requested: 2048))
        #expect(mem.error?.code == .quotaExceeded)
        #expect(QuotaPolicy.remaining(limits: limits, used: ResourceAmount(vms: 5)) == QuotaLimits(vms: 0, memoryMB: 10240))
    }

    static func candidate(_ name: String, free: Int, mem: Int, images: Set<String> = ["debian"], healthy: Bool = true, state: String = "ok") -> HostCandidate {
        HostCandidate(host: HostRecord(hostname: name, agentID: 1, hypervisor: "test", cpus: 16, memoryMB: 16384, freeCpus: free,
                                       freeMemoryMB: mem, instances: 0, state: state), images: images, agentHealthy: healthy)
    }

    /// Placement filters on health, state, image, CPUs and memory, and says why per host.
    @Test func placementGivesPerHostReasons() {
        let hosts = [Self.candidate("a", free: 1, mem: 8000), Self.candidate("b", free: 8, mem: 100), Self.candidate("c", free: 8, mem: 8000, images: []),
                     Self.candidate("d", free: 8, mem: 8000, healthy: false), Self.candidate("e", free: 8, mem: 8000, state: "critical")]
        guard case let .noCapacity(reasons) = Placement.place(hosts: hosts, image: "debian", vcpus: 2, memoryMB: 1024, strategy: .spread) else {
            Issue.record("placed"); return
        }
        #expect(reasons.map(\.host) == ["a", "b", "c", "d", "e"])
        #expect(reasons[0].reason.contains("vCPUs"))
        #expect(reasons[1].reason.contains("memory"))
        #expect(reasons[2].reason.contains("image"))
        #expect(reasons[3].reason.contains("agent"))
        #expect(reasons[4].reason.contains("critical"))
    }

    /// Claims not yet visible in the snapshot reduce free capacity.
    @Test func placementCountsClaims() {
        var c = Self.candidate("a", free: 4, mem: 8000)
        c.claimedCpus = 3
        guard case .noCapacity = Placement.place(hosts: [c], image: "debian", vcpus: 2, memoryMB: 10, strategy: .pack) else {
            Issue.record("claims ignored"); return
        }
    }

    /// Spread prefers the emptiest host, pack the fullest.
    @Test func packAndSpreadOrderHostsOppositely() {
        let hosts = [Self.candidate("full", free: 4, mem: 2000), Self.candidate("empty", free: 16, mem: 16000)]
        guard case let .candidates(spread) = Placement.place(hosts: hosts, image: "debian", vcpus: 1, memoryMB: 512, strategy: .spread),
              case let .candidates(pack) = Placement.place(hosts: hosts, image: "debian", vcpus: 1, memoryMB: 512, strategy: .pack) else {
            Issue.record("no fit"); return
        }
        #expect(spread.map(\.host.hostname) == ["empty", "full"])
        #expect(pack.map(\.host.hostname) == ["full", "empty"])
    }

    /// Lifetimes are seconds or xs:duration; above the maximum they are refused naming the field.
    @Test func leaseLifetimeParsingAndBounds() throws {
        #expect(LeasePolicy.parseLifetime("3600") == 3600)
        #expect(LeasePolicy.parseLifetime("PT1H30M") == 5400)
        #expect(LeasePolicy.parseLifetime("P1DT2S") == 86402)
        #expect(LeasePolicy.parseLifetime("P1Y") == nil)
        #expect(LeasePolicy.parseLifetime("PT") == nil)
        #expect(LeasePolicy.parseLifetime("soon") == nil)
        let s = SiteSettings(defaultLifetime: 60, maximumLifetime: 120)
        #expect(try LeasePolicy.lifetime(requested: nil, settings: s).get() == 60)
        #expect(throws: SiteError(.invalidRequest, "")) { try LeasePolicy.lifetime(requested: 121, settings: s).get() }
    }

    /// ExtendLease stays within the maximum counted from creation.
    @Test func leaseExtensionIsCappedByMaximum() {
        let s = SiteSettings(defaultLifetime: 60, maximumLifetime: 120, warningTime: 10)
        let t0 = Date(timeIntervalSince1970: 1000)
        #expect(LeasePolicy.extend(created: t0, currentEnd: t0 + 60, by: 60, now: t0 + 30, settings: s) == .extended(newEnd: t0 + 120))
        if case .extended = LeasePolicy.extend(created: t0, currentEnd: t0 + 60, by: 61, now: t0 + 30, settings: s) { Issue.record("over max") }
        if case .extended = LeasePolicy.extend(created: t0, currentEnd: t0 + 60, by: 10, now: t0 + 61, settings: s) { Issue.record("after end") }
        #expect(LeasePolicy.warning(end: t0 + 60, now: t0 + 50, settings: s))
        #expect(!LeasePolicy.warning(end: t0 + 60, now: t0 + 49, settings: s))
    }
}
