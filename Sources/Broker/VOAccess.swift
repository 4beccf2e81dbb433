// GVE — Broker: what a virtual organisation may use, read from any GLUE 2 registry (ours, BDII, slapd) the way
// ginfo and DIRAC read it: policy → share → execution environment, and access policy → endpoint → service.

public import LDAPCore

/// The hosts, services and sites a virtual organisation (VO) may use, resolved from raw GLUE 2 LDAP entries.
///
/// Paths followed (GLUE 2.0 LDAP rendering, GFD.147, and the GLUE 2.1 cloud classes):
/// - A `GLUE2MappingPolicy` or `GLUE2AccessPolicy` *grants* the VO when one of its `GLUE2PolicyRule` values names
///   it (``rule(_:grants:)``) or its `GLUE2PolicyUserDomainForeignKey` is the VO's name.
/// - A granting mapping policy maps the VO to the shares in `GLUE2MappingPolicyShareForeignKey` (or, without
///   it, to the share it sits under in the DIT, as BDII publishes it).
/// - A mapped share gives the hosts it lists in `GLUE2ComputingShareExecutionEnvironmentForeignKey` or
///   `GLUE2ShareResourceForeignKey` that are published execution environments; a share that lists none of them
///   (a GLUE 2.1 `GLUE2CloudComputingShare`, whose resource keys name instance types) gives every host of its
///   service (`GLUE2ShareServiceForeignKey` or the service it sits under).
/// - A granting access policy opens the endpoints in `GLUE2AccessPolicyEndpointForeignKey` (or its parent
///   endpoint), and so their services.
/// - A host belongs to the service it sits under, or to its manager's service
///   (`GLUE2ResourceManagerForeignKey` → `GLUE2ManagerServiceForeignKey`).
///
/// A site may be used when one of its services has a mapped share or an open endpoint; a host when a mapped share
/// gives it. IDs compare case-insensitively.
public struct VOAccess: Sendable {
    /// The VO asked about, as given.
    public let vo: String
    /// IDs (lower case) of the shares mapped to the VO.
    public private(set) var shareIDs: Set<String> = []
    /// IDs (lower case) of the endpoints open to the VO.
    public private(set) var endpointIDs: Set<String> = []
    /// DNs of the services with a mapped share or an open endpoint.
    public private(set) var serviceDNs: Set<DistinguishedName> = []
    /// DNs of the execution environments (hosts) the VO's shares give.
    public private(set) var hostDNs: Set<DistinguishedName> = []

    /// Everything the resolution reads, for one subtree search (each class named, so servers that do not match
    /// superclasses in `objectClass` filters still return it).
    public static let registryFilter =
        "(|(objectClass=GLUE2AdminDomain)(objectClass=GLUE2Service)(objectClass=GLUE2ComputingService)(objectClass=GLUE2CloudComputingService)"
        + "(objectClass=GLUE2Endpoint)(objectClass=GLUE2Share)(objectClass=GLUE2ComputingShare)(objectClass=GLUE2CloudComputingShare)"
        + "(objectClass=GLUE2Manager)(objectClass=GLUE2MappingPolicy)(objectClass=GLUE2AccessPolicy)(objectClass=GLUE2ExecutionEnvironment))"

    /// Whether a policy rule grants `vo`, the way ginfo and DIRAC match them (case-insensitive):
    /// `VO:<vo>`, `VOMS:/<vo>` or `VOMS:/<vo>/…` (any group or role under the VO), or the bare VO name. When `vo`
    /// is itself a VOMS FQAN (`/atlas/Role=production`), `VOMS:<fqan>` and `VO:<its VO>` grant it.
    public static func rule(_ rule: String, grants vo: String) -> Bool {
        let value = String(rule.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()).lowercased()
        let asked = vo.lowercased()
        let askedVO = asked.hasPrefix("/") ? asked.split(separator: "/").first.map(String.init) ?? "" : asked
        guard !askedVO.isEmpty else { return false }
        if value.hasPrefix("vo:") { return value.dropFirst(3) == askedVO }
        if value.hasPrefix("voms:") {
            let fqan = value.dropFirst(5)
            if asked.hasPrefix("/") { return fqan == asked || (fqan.hasPrefix(asked + "/")) }
            return fqan.split(separator: "/").first.map(String.init) == askedVO && fqan.hasPrefix("/")
        }
        return value == askedVO
    }

    /// Resolves what `vo` may use among `entries` (any layout; entries of other classes are ignored).
    public init(vo: String, entries: [LDAPEntry]) {
        self.vo = vo
        func has(_ entry: LDAPEntry, _ objectClass: String) -> Bool {
            entry.objectClasses.contains { $0.equalsIgnoringCase(objectClass) }
        }
        func grants(_ policy: LDAPEntry) -> Bool {
            policy.strings("GLUE2PolicyRule").contains { Self.rule($0, grants: vo) }
                || policy.strings("GLUE2PolicyUserDomainForeignKey").contains { $0.equalsIgnoringCase(vo) }
        }
        var serviceByDN: [DistinguishedName: String] = [:]  // service DN → lower-case ID
        var serviceDNByID: [String: DistinguishedName] = [:]
        var managerService: [String: String] = [:]          // manager ID → service ID
        var shares: [String: LDAPEntry] = [:]
        var shareByDN: [DistinguishedName: String] = [:]
        var endpointByDN: [DistinguishedName: String] = [:]
        var endpointService: [String: String] = [:]
        var hosts: [(dn: DistinguishedName, id: String?, entry: LDAPEntry)] = []
        var policies: [LDAPEntry] = []
        for e in entries {
            if let id = e.first("GLUE2ServiceID")?.lowercased() {
                serviceByDN[e.dn] = id
                serviceDNByID[id] = e.dn
            }
        }
        /// The service an entry belongs to: the nearest service above it in the DIT, else its foreign key.
        func service(of e: LDAPEntry, foreignKeys: [String]) -> String? {
            var dn = e.dn.parent
            while let current = dn, !current.isRoot {
                if let id = serviceByDN[current] { return id }
                dn = current.parent
            }
            return foreignKeys.lazy.compactMap { e.first($0)?.lowercased() }.first
        }
        for e in entries {
            if let id = e.first("GLUE2ManagerID")?.lowercased(), let s = service(of: e, foreignKeys: ["GLUE2ManagerServiceForeignKey"]) {
                managerService[id] = s
            }
            if let id = e.first("GLUE2ShareID")?.lowercased() {
                shares[id] = e
                shareByDN[e.dn] = id
            }
            if let id = e.first("GLUE2EndpointID")?.lowercased() {
                endpointByDN[e.dn] = id
                endpointService[id] = service(of: e, foreignKeys: ["GLUE2EndpointServiceForeignKey"])
            }
            if has(e, "GLUE2ExecutionEnvironment") { hosts.append((e.dn, e.first("GLUE2ResourceID")?.lowercased(), e)) }
            if has(e, "GLUE2MappingPolicy") || has(e, "GLUE2AccessPolicy") { policies.append(e) }
        }
        // Policy → share / endpoint.
        for policy in policies where grants(policy) {
            if has(policy, "GLUE2MappingPolicy") {
                let keys = policy.strings("GLUE2MappingPolicyShareForeignKey").map { $0.lowercased() }
                if !keys.isEmpty { shareIDs.formUnion(keys) } else if let parent = policy.dn.parent, let id = shareByDN[parent] { shareIDs.insert(id) }
            } else {
                let keys = policy.strings("GLUE2AccessPolicyEndpointForeignKey").map { $0.lowercased() }
                if !keys.isEmpty { endpointIDs.formUnion(keys) } else if let parent = policy.dn.parent, let id = endpointByDN[parent] { endpointIDs.insert(id) }
            }
        }
        // Host → service, for shares that give their whole service.
        var hostsOfService: [String: [DistinguishedName]] = [:]
        var hostByID: [String: DistinguishedName] = [:]
        for host in hosts {
            if let id = host.id { hostByID[id] = host.dn }
            let owner = service(of: host.entry, foreignKeys: [])
                ?? host.entry.first("GLUE2ResourceManagerForeignKey").flatMap { managerService[$0.lowercased()] }
            if let owner { hostsOfService[owner, default: []].append(host.dn) }
        }
        // Share → execution environments (or the whole service).
        var services: Set<String> = []
        for id in shareIDs {
            guard let share = shares[id] else { continue }
            let owner = service(of: share, foreignKeys: ["GLUE2ShareServiceForeignKey", "GLUE2CloudComputingShareCloudComputingServiceForeignKey"])
            if let owner { services.insert(owner) }
            let listed = (share.strings("GLUE2ComputingShareExecutionEnvironmentForeignKey") + share.strings("GLUE2ShareResourceForeignKey"))
                .compactMap { hostByID[$0.lowercased()] }
            if !listed.isEmpty {
                hostDNs.formUnion(listed)
            } else if let owner {
                hostDNs.formUnion(hostsOfService[owner] ?? [])
            }
        }
        for id in endpointIDs { if let owner = endpointService[id] { services.insert(owner) } }
        serviceDNs = Set(services.compactMap { serviceDNByID[$0] })
    }

    /// Whether the VO may use the host published as `entry`.
    public func allowsHost(_ entry: LDAPEntry) -> Bool { hostDNs.contains(entry.dn) }

    /// Whether the VO may use the service published as `entry`.
    public func allowsService(_ entry: LDAPEntry) -> Bool { serviceDNs.contains(entry.dn) }

    /// The sites (as `siteOf` resolves them, lower case) where the VO may use a service or a host.
    public func sites(in entries: [LDAPEntry], siteOf: (LDAPEntry) -> String?) -> Set<String> {
        Set(entries.filter { allowsService($0) || allowsHost($0) }.compactMap { siteOf($0)?.lowercased() })
    }
}

extension String {
    fileprivate func equalsIgnoringCase(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
