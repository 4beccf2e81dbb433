import GLUEModel
import LDAPCore
import Testing
@testable import Broker

/// Builds a top-level registry's entries for a site with one cloud service.
func site(_ id: String, hosts: [(cpus: Int, memMB: Int, used: Int)], images: [String] = ["ubuntu-22.04"],
          health: EndpointHealthState = .ok, serving: ServingState = .production,
          maxVM: Int? = nil, runningVM: Int? = nil, vos: [String]? = nil) -> [LDAPEntry] {
    var domain = AdminDomain(); domain.id = id
    var service = CloudComputingService(); service.id = "urn:gve:\(id):cloud"; service.adminDomainID = id
    var endpoint = CloudComputingEndpoint(); endpoint.id = "\(service.id):soap"; endpoint.serviceID = service.id
    endpoint.url = "http://\(id.lowercased()).example.org:8080/soap"; endpoint.healthState = health; endpoint.servingState = serving
    var manager = CloudComputingManager(); manager.id = "\(service.id):manager"; manager.serviceID = service.id
    let ees = hosts.enumerated().map { i, h in
        var ee = ExecutionEnvironment(); ee.id = "\(service.id):host\(i)"; ee.managerID = manager.id
        ee.logicalCPUs = h.cpus; ee.mainMemorySize = h.memMB; ee.usedInstances = h.used
        ee.otherInfo = [i % 2 == 0 ? "FreeCPUs=\(h.cpus)" : "FreeLogicalCPUs=\(h.cpus)", "FreeMainMemorySize=\(h.memMB)"]
        return ee
    }
    let imgs = images.map { name in
        var img = CloudComputingImage(); img.id = "\(service.id):image:\(name)"; img.name = name; img.managerID = manager.id
        img.minCPU = 1; img.minRAM = 512; img.templateID = name; img.diskSize = 10; img.shareIDs = ["\(service.id):share"]
        return img
    }
    var share = CloudComputingShare(); share.id = "\(service.id):share"; share.serviceID = service.id
    share.maxVM = maxVM; share.runningVM = runningVM
    let tree = CloudComputingServiceTree(service: service, endpoints: [endpoint], shares: [share], managers: [manager], hosts: ees, images: imgs)
    var entries = GLUESite(domain: domain, cloudServices: [tree]).ldapEntries(layout: .top)
    if let vos, let shareEntry = entries.first(where: { CloudComputingShare.isRepresented(by: $0) }) {
        var policy = MappingPolicy(); policy.id = "\(service.id):policy"; policy.shareID = share.id; policy.rules = vos.map { "vo:\($0)" }
        entries.append(policy.ldapEntry(under: shareEntry.dn))
    }
    return entries
}

@Suite struct BrokerTests {
    /// The site with the most free memory on a fitting host wins under the default ranking.
    @Test func ranksByFreeMemory() {
        let entries = site("SITE-A", hosts: [(8, 16384, 0)]) + site("SITE-B", hosts: [(8, 65536, 1), (2, 2048, 0)])
        let d = Broker().select(BrokerRequest(vcpus: 4, memoryMB: 8192, image: "ubuntu-22.04"), from: entries)
        #expect(d.choice?.site == "SITE-B")
        #expect(d.choice?.endpointURL == "http://site-b.example.org:8080/soap")
        #expect(d.offers.map(\.site) == ["SITE-B", "SITE-A"])
        #expect(d.rejections.isEmpty)
    }

    /// Ranking by fewest instances prefers the idle site.
    @Test func ranksByFewestInstances() {
        let entries = site("SITE-A", hosts: [(8, 16384, 0)]) + site("SITE-B", hosts: [(8, 65536, 3)])
        let d = Broker().select(BrokerRequest(vcpus: 1, memoryMB: 1024, image: "ubuntu-22.04"), from: entries, rank: .fewestInstances)
        #expect(d.choice?.site == "SITE-A")
    }

    /// Every rejected site says which constraint failed.
    @Test func explainsRejections() {
        let entries = site("SMALL", hosts: [(2, 2048, 0)])
            + site("NOIMAGE", hosts: [(16, 65536, 0)], images: ["centos-7"])
            + site("DOWN", hosts: [(16, 65536, 0)], health: .critical)
            + site("DRAIN", hosts: [(16, 65536, 0)], serving: .draining)
        let d = Broker().select(BrokerRequest(vcpus: 4, memoryMB: 8192, image: "ubuntu-22.04"), from: entries)
        #expect(d.choice == nil)
        let why = Dictionary(uniqueKeysWithValues: d.rejections.map { ($0.site, $0.reasons.joined(separator: " | ")) })
        #expect(why["SMALL"]?.contains("no host with 4 free vCPUs and 8192 MB free memory") == true)
        #expect(why["NOIMAGE"]?.contains("image ubuntu-22.04 not offered") == true)
        #expect(why["DOWN"]?.contains("health=critical") == true)
        #expect(why["DRAIN"]?.contains("serving=draining") == true)
    }

    /// A full share rejects the site, naming the share and its count.
    @Test func fullShareRejectsSite() {
        let entries = site("FULL", hosts: [(16, 65536, 0)], maxVM: 10, runningVM: 10) + site("ROOM", hosts: [(4, 8192, 0)], maxVM: 10, runningVM: 2)
        let d = Broker().select(BrokerRequest(vcpus: 1, memoryMB: 1024, image: "ubuntu-22.04"), from: entries)
        #expect(d.choice?.site == "ROOM")
        #expect(d.rejections.first { $0.site == "FULL" }?.reasons.joined().contains("is full (10/10 VMs)") == true)
    }

    /// A VO request only counts shares a MappingPolicy maps to that VO (policy → share → hosts).
    @Test func voRequestFollowsMappingPolicies() {
        let entries = site("ATLAS-ONLY", hosts: [(16, 65536, 0)], vos: ["atlas"]) + site("CMS", hosts: [(4, 8192, 0)], vos: ["cms", "ops"])
        let cms = Broker().select(BrokerRequest(vcpus: 1, memoryMB: 1024, image: "ubuntu-22.04", vo: "cms"), from: entries)
        #expect(cms.offers.map(\.site) == ["CMS"])
        #expect(cms.rejections.first?.reasons.joined().contains("does not map VO cms") == true)
        let atlas = Broker().select(BrokerRequest(vcpus: 1, memoryMB: 1024, image: "ubuntu-22.04", vo: "atlas"), from: entries)
        #expect(atlas.choice?.site == "ATLAS-ONLY")
        let none = Broker().select(BrokerRequest(vcpus: 1, memoryMB: 1024, image: "ubuntu-22.04"), from: entries)
        #expect(none.offers.count == 2)
    }

    /// An image's minimum RAM is enforced.
    @Test func enforcesImageMinimum() {
        let d = Broker().select(BrokerRequest(vcpus: 1, memoryMB: 256, image: "ubuntu-22.04"), from: site("A", hosts: [(4, 4096, 0)]))
        #expect(d.choice == nil)
        #expect(d.rejections.first?.reasons.first?.contains("at least 512 MB") == true)
    }

    /// Sites that publish no cloud service are listed as rejected, not silently dropped.
    @Test func reportsSitesWithoutCloudService() {
        var domain = AdminDomain(); domain.id = "HPC-ONLY"
        let entries = GLUESite(domain: domain).ldapEntries(layout: .top) + site("A", hosts: [(4, 4096, 0)])
        let d = Broker().select(BrokerRequest(vcpus: 1, memoryMB: 1024, image: "ubuntu-22.04"), from: entries)
        #expect(d.choice?.site == "A")
        #expect(d.rejections.map(\.site) == ["HPC-ONLY"])
    }
}
