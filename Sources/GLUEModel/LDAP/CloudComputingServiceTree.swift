// GVE — GLUEModel
public import LDAPCore

/// A cloud service with everything published under its DN: endpoints, shares and managers under the
/// service; hosts (ExecutionEnvironments), images and instance types under their manager; instances
/// (VMs) under the service. Entities whose manager is not in the tree go directly under the service.
public struct CloudComputingServiceTree: Sendable, Hashable {
    public var service: CloudComputingService
    public var endpoints: [CloudComputingEndpoint]
    public var shares: [CloudComputingShare]
    public var managers: [CloudComputingManager]
    /// Hypervisor hosts.
    public var hosts: [ExecutionEnvironment]
    public var images: [CloudComputingImage]
    public var instanceTypes: [CloudComputingInstanceType]
    public var instances: [CloudComputingInstance]

    public init(service: CloudComputingService, endpoints: [CloudComputingEndpoint] = [], shares: [CloudComputingShare] = [],
                managers: [CloudComputingManager] = [], hosts: [ExecutionEnvironment] = [], images: [CloudComputingImage] = [],
                instanceTypes: [CloudComputingInstanceType] = [], instances: [CloudComputingInstance] = []) {
        self.service = service
        self.endpoints = endpoints
        self.shares = shares
        self.managers = managers
        self.hosts = hosts
        self.images = images
        self.instanceTypes = instanceTypes
        self.instances = instances
    }

    /// The entries, parents before children, with the service directly under `base`.
    public func ldapEntries(under base: DistinguishedName) -> [LDAPEntry] {
        var out: [LDAPEntry] = []
        let serviceDN = base.child(service.relativeDistinguishedName)
        out.append(LDAPEntry(dn: serviceDN, attributes: service.ldapAttributes()))
        for e in endpoints { out.append(e.ldapEntry(under: serviceDN)) }
        for s in shares { out.append(s.ldapEntry(under: serviceDN)) }
        var managerDNs: [String: DistinguishedName] = [:]
        for m in managers {
            let entry = m.ldapEntry(under: serviceDN)
            managerDNs[m.id] = entry.dn
            out.append(entry)
        }
        for h in hosts { out.append(h.ldapEntry(under: managerDNs[h.managerID] ?? serviceDN)) }
        for i in images { out.append(i.ldapEntry(under: managerDNs[i.managerID] ?? serviceDN)) }
        for t in instanceTypes { out.append(t.ldapEntry(under: managerDNs[t.managerID] ?? serviceDN)) }
        for v in instances { out.append(v.ldapEntry(under: serviceDN)) }
        return out
    }
}
