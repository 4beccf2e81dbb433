// GVE — Broker
// Chooses a site for a VM request from the GLUE 2 data of a top-level registry: filters the sites whose
// cloud services, endpoints, images and hosts can take the request, ranks the rest, and says for every
// rejected site why.

public import GLUEModel
public import LDAPCore

/// What the user asks for.
public struct BrokerRequest: Sendable, Hashable {
    public var vcpus: Int
    /// MB of RAM.
    public var memoryMB: Int
    /// Image name: matched against an image's name, template ID, or `<osname>-<osversion>` (`ubuntu-22.04`).
    public var image: String
    /// The virtual organisation asking: when set, only shares a `GLUE2MappingPolicy` maps it to count
    /// (rule `VO:<name>`, `VOMS:/<name>/…` or `<name>`, as ginfo and DIRAC read them; see ``VOAccess/rule(_:grants:)``).
    public var vo: String?

    public init(vcpus: Int, memoryMB: Int, image: String, vo: String? = nil) {
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.image = image
        self.vo = vo
    }
}

/// How acceptable sites are ordered (best first).
public enum BrokerRanking: String, Sendable, CaseIterable {
    /// Most free memory on the best host first.
    case freeMemory = "free-memory"
    /// Most free logical CPUs on the best host first.
    case freeCPUs = "free-cpus"
    /// Fewest running instances on the site first (spread load).
    case fewestInstances = "fewest-instances"
}

/// A site that can take the request.
public struct SiteOffer: Sendable, Hashable {
    /// The site's `GLUE2DomainID`.
    public var site: String
    /// The cloud service that can take it.
    public var serviceID: String
    /// The Site Service endpoint to talk SOAP to (a `GLUE2CloudComputingEndpoint` URL).
    public var endpointURL: String
    /// The image that matched.
    public var imageID: String
    /// Hosts able to take the request now.
    public var fittingHosts: Int
    /// Free memory (MB) and CPUs of the best fitting host.
    public var bestFreeMemoryMB: Int
    public var bestFreeCPUs: Int
    /// Instances the site runs.
    public var runningInstances: Int
}

/// A site that cannot take the request, with every reason found.
public struct SiteRejection: Sendable, Hashable {
    public var site: String
    public var reasons: [String]
}

/// The broker's answer.
public struct BrokerDecision: Sendable {
    /// Acceptable sites, best first.
    public var offers: [SiteOffer]
    public var rejections: [SiteRejection]
    /// The chosen site (the first offer).
    public var choice: SiteOffer? { offers.first }
}

/// Site selection over GLUE 2 entries (any layout: resource, site or top-level).
///
/// Host capacity: a host is a `GLUE2ExecutionEnvironment` under a cloud service. Its free capacity is read
/// from `GLUE2EntityOtherInfo` values `FreeCPUs=<n>` (or `FreeLogicalCPUs=<n>`) and `FreeMainMemorySize=<MB>` that GVE's agents
/// publish; hosts of other publishers without them count with their totals (`LogicalCPUs`,
/// `MainMemorySize`) when `UsedInstances` is 0 or absent, and as full otherwise.
public struct Broker: Sendable {
    public init() {}

    /// The LDAP filter that fetches everything the broker reads, in one subtree search of `o=glue`.
    public static let registryFilter = "(|(objectClass=GLUE2CloudComputingService)(objectClass=GLUE2CloudComputingEndpoint)(objectClass=GLUE2CloudComputingImage)(objectClass=GLUE2CloudComputingShare)(objectClass=GLUE2MappingPolicy)(objectClass=GLUE2ExecutionEnvironment)(objectClass=GLUE2AdminDomain))"

    public func select(_ request: BrokerRequest, from entries: [LDAPEntry], rank: BrokerRanking = .freeMemory) -> BrokerDecision {
        // Group every entry under the cloud service whose DN it sits below.
        var services: [DistinguishedName: CloudComputingService] = [:]
        var siteOfService: [DistinguishedName: String] = [:]
        var sites: Set<String> = []
        for e in entries {
            if let site = Self.siteID(of: e.dn) { sites.insert(site) }
            if CloudComputingService.isRepresented(by: e), let s = try? CloudComputingService(ldapEntry: e) {
                services[e.dn] = s
                siteOfService[e.dn] = Self.siteID(of: e.dn) ?? s.adminDomainID
            }
        }
        var endpoints: [DistinguishedName: [CloudComputingEndpoint]] = [:]
        var images: [DistinguishedName: [CloudComputingImage]] = [:]
        var hosts: [DistinguishedName: [ExecutionEnvironment]] = [:]
        var shares: [DistinguishedName: [CloudComputingShare]] = [:]
        var policies: [String: [MappingPolicy]] = [:]   // by share ID
        var unreadable: [DistinguishedName: [String]] = [:]
        func read<T: GLUEEntity>(_ type: T.Type, _ e: LDAPEntry, owner: DistinguishedName) -> T? {
            do { return try T(ldapEntry: e) } catch {
                unreadable[owner, default: []].append("unreadable \(T.glueClass.structuralObjectClass) \(e.dn): \(error)")
                return nil
            }
        }
        for e in entries {
            guard let owner = services.keys.first(where: { e.dn != $0 && e.dn.isDescendant(of: $0) }) else { continue }
            if CloudComputingEndpoint.isRepresented(by: e) {
                if let x = read(CloudComputingEndpoint.self, e, owner: owner) { endpoints[owner, default: []].append(x) }
            } else if CloudComputingImage.isRepresented(by: e) {
                if let x = read(CloudComputingImage.self, e, owner: owner) { images[owner, default: []].append(x) }
            } else if ExecutionEnvironment.isRepresented(by: e) {
                if let x = read(ExecutionEnvironment.self, e, owner: owner) { hosts[owner, default: []].append(x) }
            } else if CloudComputingShare.isRepresented(by: e) {
                if let x = read(CloudComputingShare.self, e, owner: owner) { shares[owner, default: []].append(x) }
            }
        }

        for e in entries where MappingPolicy.isRepresented(by: e) {
            if let p = try? MappingPolicy(ldapEntry: e) { policies[p.shareID.lowercased(), default: []].append(p) }
        }
        var offers: [SiteOffer] = []
        var reasonsBySite: [String: [String]] = [:]
        for (dn, service) in services.sorted(by: { $0.key < $1.key }) {
            let site = siteOfService[dn] ?? "?"
            let shareReasons = checkShares(request, shares: shares[dn] ?? [], policies: policies)
            switch evaluate(request, service: service, endpoints: endpoints[dn] ?? [], images: images[dn] ?? [], hosts: hosts[dn] ?? [])
                .flatMap({ shareReasons.isEmpty ? .success($0) : .failure(Rejected(reasons: shareReasons)) }) {
            case .success(var offer):
                offer.site = site
                offers.append(offer)
            case .failure(let why):
                let all = why.reasons + (unreadable[dn] ?? [])
                reasonsBySite[site, default: []].append(contentsOf: all.map { "service \(service.id): \($0)" })
            }
        }
        let offered = Set(offers.map(\.site))
        for site in sites where !offered.contains(site) && reasonsBySite[site] == nil {
            reasonsBySite[site] = ["no GLUE2CloudComputingService published"]
        }
        offers.sort { a, b in
            switch rank {
            case .freeMemory: return (a.bestFreeMemoryMB, a.bestFreeCPUs, b.site) > (b.bestFreeMemoryMB, b.bestFreeCPUs, a.site)
            case .freeCPUs: return (a.bestFreeCPUs, a.bestFreeMemoryMB, b.site) > (b.bestFreeCPUs, b.bestFreeMemoryMB, a.site)
            case .fewestInstances: return (a.runningInstances, a.site) < (b.runningInstances, b.site)
            }
        }
        let rejections = reasonsBySite.filter { !offered.contains($0.key) }
            .map { SiteRejection(site: $0.key, reasons: $0.value) }
            .sorted { $0.site < $1.site }
        return BrokerDecision(offers: offers, rejections: rejections)
    }

    struct Rejected: Error { var reasons: [String] }

    /// A service's shares must leave room for one more VM of this size (MaxVM, InstanceMaxCPU, InstanceMaxRAM)
    /// and, for a VO request, map the VO through a MappingPolicy. A service that publishes no share is not
    /// held to this (many providers publish none).
    func checkShares(_ r: BrokerRequest, shares: [CloudComputingShare], policies: [String: [MappingPolicy]]) -> [String] {
        guard !shares.isEmpty else {
            return r.vo.map { ["no share published, so no mapping policy for VO \($0)"] } ?? []
        }
        var why: [String] = []
        let usable = shares.filter { share in
            var ok = true
            if let max = share.maxVM, let running = share.runningVM, running >= max { why.append("share \(share.id) is full (\(running)/\(max) VMs)"); ok = false }
            if let max = share.instanceMaxCPU, r.vcpus > max { why.append("share \(share.id) allows at most \(max) vCPUs per VM"); ok = false }
            if let max = share.instanceMaxRAM, r.memoryMB > max { why.append("share \(share.id) allows at most \(max) MB per VM"); ok = false }
            if let vo = r.vo {
                let rules = (policies[share.id.lowercased()] ?? []).flatMap(\.rules)
                if !rules.contains(where: { VOAccess.rule($0, grants: vo) }) { why.append("share \(share.id) does not map VO \(vo)"); ok = false }
            }
            return ok
        }
        return usable.isEmpty ? why : []
    }

    func evaluate(_ r: BrokerRequest, service: CloudComputingService, endpoints: [CloudComputingEndpoint],
                  images: [CloudComputingImage], hosts: [ExecutionEnvironment]) -> Result<SiteOffer, Rejected> {
        var reasons: [String] = []
        let usable = endpoints.filter { $0.healthState == .ok && $0.servingState == .production && !$0.url.isEmpty }
        if endpoints.isEmpty {
            reasons.append("no GLUE2CloudComputingEndpoint")
        } else if usable.isEmpty {
            let states = endpoints.map { "\($0.id) health=\($0.healthState.rawValue) serving=\($0.servingState.rawValue)" }
            reasons.append("no endpoint with HealthState ok and ServingState production (\(states.joined(separator: "; ")))")
        }
        let wanted = r.image.lowercased()
        let image = images.first { img in
            [img.name, img.templateID, img.id, img.osName.map { "\($0.rawValue)-\(img.osVersion ?? "")" }]
                .compactMap { $0?.lowercased() }.contains(wanted)
        }
        if let image {
            if let min = image.minCPU, r.vcpus < min { reasons.append("image \(r.image) needs at least \(min) vCPUs, request has \(r.vcpus)") }
            if let min = image.minRAM, r.memoryMB < min { reasons.append("image \(r.image) needs at least \(min) MB, request has \(r.memoryMB) MB") }
        } else {
            reasons.append("image \(r.image) not offered (\(images.count) images published)")
        }
        let capacities = hosts.map(Self.freeCapacity)
        let fitting = capacities.filter { $0.cpus >= r.vcpus && $0.memoryMB >= r.memoryMB }
        if hosts.isEmpty {
            reasons.append("no hosts (GLUE2ExecutionEnvironment) published")
        } else if fitting.isEmpty {
            let best = capacities.max { ($0.memoryMB, $0.cpus) < ($1.memoryMB, $1.cpus) }!
            reasons.append("no host with \(r.vcpus) free vCPUs and \(r.memoryMB) MB free memory (\(hosts.count) hosts; most free: \(best.cpus) vCPUs, \(best.memoryMB) MB)")
        }
        guard reasons.isEmpty, let endpoint = usable.first, let image else { return .failure(Rejected(reasons: reasons)) }
        let best = fitting.max { ($0.memoryMB, $0.cpus) < ($1.memoryMB, $1.cpus) }!
        return .success(SiteOffer(site: "", serviceID: service.id, endpointURL: endpoint.url, imageID: image.id,
                                  fittingHosts: fitting.count, bestFreeMemoryMB: best.memoryMB, bestFreeCPUs: best.cpus,
                                  runningInstances: service.runningVM ?? hosts.reduce(0) { $0 + ($1.usedInstances ?? 0) }))
    }

    /// Free CPUs and memory of a host (see the type's documentation for the convention).
    public static func freeCapacity(of host: ExecutionEnvironment) -> (cpus: Int, memoryMB: Int) {
        var cpus: Int?
        var mem: Int?
        for info in host.otherInfo {
            let parts = info.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let v = Int(parts[1]) else { continue }
            if parts[0] == "FreeLogicalCPUs" || parts[0] == "FreeCPUs" { cpus = v }
            if parts[0] == "FreeMainMemorySize" { mem = v }
        }
        let idle = (host.usedInstances ?? 0) == 0
        return (cpus ?? (idle ? host.logicalCPUs ?? 0 : 0), mem ?? (idle ? host.mainMemorySize : 0))
    }

    /// Resolves the site of every entry of a search result: the outermost `GLUE2DomainID` of its DN (site and
    /// top-level layouts), else the AdminDomain foreign key of the service it sits under (resource layout), else
    /// its own `GLUE2DomainID` (an AdminDomain entry).
    public static func siteResolver(for entries: [LDAPEntry]) -> @Sendable (LDAPEntry) -> String? {
        var serviceSites: [(DistinguishedName, String)] = []
        for e in entries where e.first("GLUE2ServiceID") != nil {
            if let site = e.first("GLUE2ServiceAdminDomainForeignKey") { serviceSites.append((e.dn, site)) }
        }
        let services = serviceSites
        return { entry in
            if let site = siteID(of: entry.dn) { return site }
            if let match = services.first(where: { entry.dn.isDescendant(of: $0.0) }) { return match.1 }
            return entry.first("GLUE2DomainID")
        }
    }

    /// The site a DN belongs to: the value of its outermost `GLUE2DomainID` RDN.
    public static func siteID(of dn: DistinguishedName) -> String? {
        dn.rdns.last { $0.attributes.first?.type.lowercased() == "glue2domainid" }?.attributes.first?.value
    }
}
