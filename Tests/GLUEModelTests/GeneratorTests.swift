// GVE — GLUEModelTests
import Foundation
import GLUEModel
import LDAPCore
import Testing

@Suite struct GeneratorTests {
    /// The same seed gives the same entries; another seed gives other values.
    @Test func generationIsDeterministicForASeed() {
        let a = Array(GLUESyntheticGenerator(sites: 3, seed: 9))
        let b = Array(GLUESyntheticGenerator(sites: 3, seed: 9))
        let c = Array(GLUESyntheticGenerator(sites: 3, seed: 10))
        #expect(a == b)
        #expect(a != c)
        #expect(a.map(\.dn) == c.map(\.dn))
    }

    /// A site is the same whether generated alone or among others.
    @Test func aSiteDependsOnlyOnTheSeedAndItsIndex() {
        let g = GLUESyntheticGenerator(sites: 10, seed: 5, layout: .site)
        var alone = GLUESyntheticGenerator.Configuration(sites: 1, seed: 5, layout: .site)
        alone.firstSite = 6
        #expect(Array(GLUESyntheticGenerator(configuration: alone)) == g.site(6).ldapEntries(layout: .site))
    }

    /// The default top-level layout has 18 entries per site plus the grid group, and ~100k for 5556 sites.
    @Test func defaultConfigurationHas18EntriesPerSite() {
        let g = GLUESyntheticGenerator(sites: 4, seed: 1)
        let entries = Array(g)
        #expect(g.configuration.entriesPerSite == 18)
        #expect(entries.count == 4 * 18 + 1)
        #expect(entries.count == g.entryCount)
        #expect(entries[0].dn.description == "GLUE2GroupID=grid,o=glue")
        #expect(GLUESyntheticGenerator(sites: 5556).entryCount == 100_009)
        for layout in GLUERegistryLayout.allCases {
            var c = GLUESyntheticGenerator.Configuration(sites: 2, seed: 1, layout: layout)
            c.policies = true
            c.benchmarks = true
            c.applicationEnvironments = 1
            c.includeSuffixEntry = true
            let g = GLUESyntheticGenerator(configuration: c)
            #expect(Array(g).count == g.entryCount, "layout \(layout)")
        }
    }

    /// DNs are unique and every parent DN is emitted before its children.
    @Test func entriesHaveUniqueDNsAndParentsFirst() {
        var c = GLUESyntheticGenerator.Configuration(sites: 20, seed: 3, layout: .top)
        c.includeSuffixEntry = true
        var seen: Set<DistinguishedName> = []
        for e in GLUESyntheticGenerator(configuration: c) {
            #expect(seen.insert(e.dn).inserted, "duplicate \(e.dn)")
            if let p = e.dn.parent, !p.isRoot { #expect(seen.contains(p), "\(e.dn) before its parent") }
        }
    }

    /// About half of the ExecutionEnvironments have MainMemorySize >= 131072 MB.
    @Test func memorySizesSplitAroundHalfAt131072() {
        let sizes = GLUESyntheticGenerator(sites: 400, seed: 2)
            .filter { $0.objectClasses.contains("GLUE2ExecutionEnvironment") }
            .compactMap { $0.first("GLUE2ExecutionEnvironmentMainMemorySize").flatMap(Int.init) }
        #expect(sizes.count == 1200)
        let big = sizes.filter { $0 >= 131_072 }.count
        #expect(big > 480 && big < 720, "\(big) of \(sizes.count)")
    }

    /// Every cloud instance is in one of the four states and the service's counts add up.
    @Test func cloudServiceCountsMatchItsInstances() throws {
        var c = GLUESyntheticGenerator.Configuration(sites: 1, seed: 8)
        c.instances = 12
        let tree = GLUESyntheticGenerator(configuration: c).site(0).cloudServices[0]
        let s = tree.service
        #expect(s.totalVM == 12)
        #expect((s.runningVM ?? 0) + (s.pendingVM ?? 0) + (s.suspendedVM ?? 0) + (s.haltedVM ?? 0) == 12)
        #expect(tree.instances.filter { $0.state == .running }.count == s.runningVM)
    }
}
