// GVE — BrokerTests: VO filtering over raw GLUE 2 entries (policy → share → host, access policy → endpoint).
import GLUEModel
import LDAPCore
import Testing
@testable import Broker

/// A grid site (ComputingService) with three hosts: share-atlas gives ee-1 to `VOMS:/atlas/Role=production`
/// (policy under the share, no foreign key), share-cms gives ee-2 and ee-3 to `vo:cms` (by foreign key), and an
/// endpoint access policy opens the service to `VO:dteam`.
func gridSite(_ id: String) -> [LDAPEntry] {
    var domain = AdminDomain(); domain.id = id
    var service = ComputingService(); service.id = "urn:\(id):ce"; service.adminDomainID = id
    var endpoint = ComputingEndpoint(); endpoint.id = "\(service.id):ep"; endpoint.serviceID = service.id; endpoint.url = "https://\(id).example.org:8443"
    var access = AccessPolicy(); access.id = "\(service.id):ap"; access.endpointID = endpoint.id; access.rules = ["VO:dteam"]
    var manager = ComputingManager(); manager.id = "\(service.id):mgr"; manager.serviceID = service.id; manager.productName = "slurm"
    let ees = (1...3).map { i in
        var ee = ExecutionEnvironment(); ee.id = "\(service.id):ee-\(i)"; ee.managerID = manager.id; ee.mainMemorySize = 4096 * i
        ee.logicalCPUs = 4 * i; ee.totalInstances = 1
        return ee
    }
    var atlas = ComputingShare(); atlas.id = "\(service.id):share-atlas"; atlas.serviceID = service.id; atlas.executionEnvironmentIDs = [ees[0].id]
    var cms = ComputingShare(); cms.id = "\(service.id):share-cms"; cms.serviceID = service.id; cms.executionEnvironmentIDs = [ees[1].id, ees[2].id]
    var atlasPolicy = MappingPolicy(); atlasPolicy.id = "\(service.id):mp-atlas"; atlasPolicy.shareID = atlas.id; atlasPolicy.rules = ["VOMS:/atlas/Role=production"]
    var cmsPolicy = MappingPolicy(); cmsPolicy.id = "\(service.id):mp-cms"; cmsPolicy.shareID = cms.id; cmsPolicy.rules = ["vo:cms"]
    let tree = ComputingServiceTree(
        service: service, endpoints: [endpoint], accessPolicies: [access], shares: [atlas, cms], mappingPolicies: [atlasPolicy, cmsPolicy],
        managers: [manager], executionEnvironments: ees)
    var entries = GLUESite(domain: domain, computingServices: [tree]).ldapEntries(layout: .top)
    // BDII publishes policies under their share with the foreign key; drop atlas' key to exercise the DIT path.
    if let i = entries.firstIndex(where: { $0.first("GLUE2PolicyID") == atlasPolicy.id }) {
        entries[i] = LDAPEntry(dn: entries[i].dn, attributes: entries[i].attributes.filter { $0.name.lowercased() != "glue2mappingpolicyshareforeignkey" })
    }
    return entries
}

@Suite struct VOAccessTests {
    /// Rules grant a VO as ginfo and DIRAC read them: VO:, vo:, VOMS: FQANs under the VO, bare names; never a
    /// VO whose name merely starts the same.
    @Test func policyRulesGrantTheirVO() {
        for rule in ["VO:atlas", "vo:atlas", " VO:ATLAS ", "VOMS:/atlas", "VOMS:/atlas/Role=production", "voms:/atlas/higgs", "atlas"] {
            #expect(VOAccess.rule(rule, grants: "atlas"), "\(rule)")
        }
        for rule in ["VO:atlasx", "VOMS:/atlasx/Role=lcgadmin", "VO:cms", "VOMS:atlas", "atlas2", "", "VO:"] {
            #expect(!VOAccess.rule(rule, grants: "atlas"), "\(rule)")
        }
        #expect(VOAccess.rule("VOMS:/atlas/Role=production", grants: "/atlas/Role=production"))
        #expect(VOAccess.rule("VO:atlas", grants: "/atlas/Role=production"))
        #expect(!VOAccess.rule("VOMS:/atlas/Role=pilot", grants: "/atlas/Role=production"))
    }

    /// Mapping policy → share → the execution environments the share lists: atlas gets ee-1, cms ee-2 and ee-3,
    /// whether the policy names its share by foreign key or sits under it.
    @Test func mappingPolicyLeadsThroughShareToItsHosts() {
        let entries = gridSite("GRID-B")
        func hosts(_ vo: String) -> [String] {
            let access = VOAccess(vo: vo, entries: entries)
            return entries.filter(access.allowsHost).compactMap { $0.first("GLUE2ResourceID") }.sorted()
        }
        #expect(hosts("atlas") == ["urn:GRID-B:ce:ee-1"])
        #expect(hosts("cms") == ["urn:GRID-B:ce:ee-2", "urn:GRID-B:ce:ee-3"])
        #expect(hosts("ATLAS") == ["urn:GRID-B:ce:ee-1"])
        #expect(hosts("dteam").isEmpty && hosts("lhcb").isEmpty)
        #expect(entries.contains { $0.first("GLUE2PolicyID") == "urn:GRID-B:ce:mp-atlas" && $0.first("GLUE2MappingPolicyShareForeignKey") == nil })
    }

    /// A cloud share (whose resource keys name no host) gives every host of its service; an access policy opens
    /// the site but no host; a VO no policy names gets nothing.
    @Test func cloudShareGivesItsServiceHostsAndAccessPolicyOpensTheSite() {
        let entries = site("CLOUD-A", hosts: [(8, 16384, 0), (4, 8192, 1)], vos: ["atlas"]) + gridSite("GRID-B")
            + site("OPEN-C", hosts: [(2, 2048, 0)])
        let siteOf = Broker.siteResolver(for: entries)
        let atlas = VOAccess(vo: "atlas", entries: entries)
        #expect(entries.filter(atlas.allowsHost).count == 3)
        #expect(atlas.sites(in: entries, siteOf: siteOf) == ["cloud-a", "grid-b"])
        let dteam = VOAccess(vo: "dteam", entries: entries)
        #expect(dteam.sites(in: entries, siteOf: siteOf) == ["grid-b"])
        #expect(entries.filter(dteam.allowsHost).isEmpty)
        #expect(VOAccess(vo: "alice", entries: entries).sites(in: entries, siteOf: siteOf).isEmpty)
    }
}
