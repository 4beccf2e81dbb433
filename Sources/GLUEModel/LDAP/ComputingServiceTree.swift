// GVE — GLUEModel
public import LDAPCore

/// A computing service with everything published under its DN.
///
/// Placement (ARC's and BDII's layout, which clients such as ARC's rebuild from DNs): endpoints,
/// shares and managers under the service; an AccessPolicy under its endpoint, a MappingPolicy under
/// its share; ExecutionEnvironments and ApplicationEnvironments under their manager; a Benchmark
/// under its ExecutionEnvironment (or its manager). Entities whose parent is not in the tree go
/// directly under the service.
public struct ComputingServiceTree: Sendable, Hashable {
    public var service: ComputingService
    public var endpoints: [ComputingEndpoint]
    public var accessPolicies: [AccessPolicy]
    public var shares: [ComputingShare]
    public var mappingPolicies: [MappingPolicy]
    public var managers: [ComputingManager]
    public var executionEnvironments: [ExecutionEnvironment]
    public var applicationEnvironments: [ApplicationEnvironment]
    public var benchmarks: [Benchmark]

    public init(service: ComputingService, endpoints: [ComputingEndpoint] = [], accessPolicies: [AccessPolicy] = [],
                shares: [ComputingShare] = [], mappingPolicies: [MappingPolicy] = [], managers: [ComputingManager] = [],
                executionEnvironments: [ExecutionEnvironment] = [], applicationEnvironments: [ApplicationEnvironment] = [],
                benchmarks: [Benchmark] = []) {
        self.service = service
        self.endpoints = endpoints
        self.accessPolicies = accessPolicies
        self.shares = shares
        self.mappingPolicies = mappingPolicies
        self.managers = managers
        self.executionEnvironments = executionEnvironments
        self.applicationEnvironments = applicationEnvironments
        self.benchmarks = benchmarks
    }

    /// The entries, parents before children, with the service directly under `base`.
    public func ldapEntries(under base: DistinguishedName) -> [LDAPEntry] {
        var out: [LDAPEntry] = []
        let serviceDN = base.child(service.relativeDistinguishedName)
        out.append(LDAPEntry(dn: serviceDN, attributes: service.ldapAttributes()))
        var endpointDNs: [String: DistinguishedName] = [:]
        for e in endpoints {
            let entry = e.ldapEntry(under: serviceDN)
            endpointDNs[e.id] = entry.dn
            out.append(entry)
        }
        for p in accessPolicies { out.append(p.ldapEntry(under: endpointDNs[p.endpointID] ?? serviceDN)) }
        var shareDNs: [String: DistinguishedName] = [:]
        for s in shares {
            let entry = s.ldapEntry(under: serviceDN)
            shareDNs[s.id] = entry.dn
            out.append(entry)
        }
        for p in mappingPolicies { out.append(p.ldapEntry(under: shareDNs[p.shareID] ?? serviceDN)) }
        var managerDNs: [String: DistinguishedName] = [:]
        for m in managers {
            let entry = m.ldapEntry(under: serviceDN)
            managerDNs[m.id] = entry.dn
            out.append(entry)
        }
        var environmentDNs: [String: DistinguishedName] = [:]
        for ee in executionEnvironments {
            let entry = ee.ldapEntry(under: managerDNs[ee.managerID] ?? serviceDN)
            environmentDNs[ee.id] = entry.dn
            out.append(entry)
        }
        for a in applicationEnvironments { out.append(a.ldapEntry(under: managerDNs[a.managerID] ?? serviceDN)) }
        for b in benchmarks {
            let parent = b.executionEnvironmentID.flatMap { environmentDNs[$0] }
                ?? b.managerID.flatMap { managerDNs[$0] } ?? serviceDN
            out.append(b.ldapEntry(under: parent))
        }
        return out
    }
}
