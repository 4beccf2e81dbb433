// GVE — GLUEModel
public import LDAPCore

/// Everything one site publishes: its AdminDomain, Location and Contacts, and its computing and
/// cloud service trees.
public struct GLUESite: Sendable, Hashable {
    public var domain: AdminDomain
    public var location: Location?
    public var contacts: [Contact]
    public var computingServices: [ComputingServiceTree]
    public var cloudServices: [CloudComputingServiceTree]

    public init(domain: AdminDomain, location: Location? = nil, contacts: [Contact] = [],
                computingServices: [ComputingServiceTree] = [], cloudServices: [CloudComputingServiceTree] = []) {
        self.domain = domain
        self.location = location
        self.contacts = contacts
        self.computingServices = computingServices
        self.cloudServices = cloudServices
    }

    /// The site's entries in `layout`, parents first: the domain with its location and contacts,
    /// the site's `GLUE2GroupID=resource` group (site and top layouts), then the services.
    /// Registry-wide containers (``GLUERegistryLayout/registryContainerEntries``) are not included.
    public func ldapEntries(layout: GLUERegistryLayout) -> [LDAPEntry] {
        var out: [LDAPEntry] = []
        let domainDN = layout.domainDN(siteID: domain.id)
        out.append(LDAPEntry(dn: domainDN, attributes: domain.ldapAttributes()))
        if let location { out.append(location.ldapEntry(under: domainDN)) }
        for c in contacts { out.append(c.ldapEntry(under: domainDN)) }
        let base = layout.serviceBase(siteID: domain.id)
        if layout != .resource { out.append(GLUERegistryLayout.groupEntry("resource", under: domainDN)) }
        for s in computingServices { out += s.ldapEntries(under: base) }
        for s in cloudServices { out += s.ldapEntries(under: base) }
        return out
    }
}
