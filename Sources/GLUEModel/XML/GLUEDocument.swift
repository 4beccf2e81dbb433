// GVE — GLUEModel
// A set of entities of every class: what the XML and JSON renderings carry and what a registry
// search result parses into.
public import LDAPCore

/// Entities grouped by class, in GLUE 2.0 document order (glue2.xsd `GLUE2_t`), the GLUE 2.1 cloud
/// classes last.
public struct GLUEDocument: Sendable, Hashable {
    public var locations: [Location] = []
    public var contacts: [Contact] = []
    public var adminDomains: [AdminDomain] = []
    public var computingServices: [ComputingService] = []
    public var computingEndpoints: [ComputingEndpoint] = []
    public var computingShares: [ComputingShare] = []
    public var computingManagers: [ComputingManager] = []
    /// Worker-node classes and cloud hosts.
    public var executionEnvironments: [ExecutionEnvironment] = []
    public var accessPolicies: [AccessPolicy] = []
    public var mappingPolicies: [MappingPolicy] = []
    public var benchmarks: [Benchmark] = []
    public var applicationEnvironments: [ApplicationEnvironment] = []
    public var cloudComputingServices: [CloudComputingService] = []
    public var cloudComputingEndpoints: [CloudComputingEndpoint] = []
    public var cloudComputingShares: [CloudComputingShare] = []
    public var cloudComputingManagers: [CloudComputingManager] = []
    public var cloudComputingInstanceTypes: [CloudComputingInstanceType] = []
    public var cloudComputingImages: [CloudComputingImage] = []
    public var cloudComputingInstances: [CloudComputingInstance] = []

    public init() {}

    /// Parses entries by their most specific modelled object class (e.g. a registry search result).
    /// Entries of other classes (groups, `o=glue`, storage entities) are skipped.
    /// - Throws: ``GLUEModelError`` for an entry of a modelled class that does not parse.
    public init<S: Sequence<LDAPEntry>>(ldapEntries: S) throws(GLUEModelError) {
        for entry in ldapEntries { try add(entry) }
    }

    /// Every entity of a site.
    public init(site: GLUESite) {
        adminDomains = [site.domain]
        locations = site.location.map { [$0] } ?? []
        contacts = site.contacts
        for t in site.computingServices {
            computingServices.append(t.service)
            computingEndpoints += t.endpoints
            computingShares += t.shares
            computingManagers += t.managers
            executionEnvironments += t.executionEnvironments
            accessPolicies += t.accessPolicies
            mappingPolicies += t.mappingPolicies
            benchmarks += t.benchmarks
            applicationEnvironments += t.applicationEnvironments
        }
        for t in site.cloudServices {
            cloudComputingServices.append(t.service)
            cloudComputingEndpoints += t.endpoints
            cloudComputingShares += t.shares
            cloudComputingManagers += t.managers
            executionEnvironments += t.hosts
            cloudComputingImages += t.images
            cloudComputingInstanceTypes += t.instanceTypes
            cloudComputingInstances += t.instances
        }
    }

    /// Adds the entity an entry holds; returns false when the entry is of no modelled class.
    @discardableResult
    public mutating func add(_ entry: LDAPEntry) throws(GLUEModelError) -> Bool {
        let classes = Set(entry.objectClasses.map { $0.lowercased() })
        func has<E: GLUEEntity>(_ type: E.Type) -> Bool { classes.contains(E.glueClass.structuralObjectClass.lowercased()) }
        if has(ExecutionEnvironment.self) { executionEnvironments.append(try .init(ldapEntry: entry)) }
        else if has(ComputingEndpoint.self) { computingEndpoints.append(try .init(ldapEntry: entry)) }
        else if has(ComputingShare.self) { computingShares.append(try .init(ldapEntry: entry)) }
        else if has(ComputingManager.self) { computingManagers.append(try .init(ldapEntry: entry)) }
        else if has(ComputingService.self) { computingServices.append(try .init(ldapEntry: entry)) }
        else if has(CloudComputingInstance.self) { cloudComputingInstances.append(try .init(ldapEntry: entry)) }
        else if has(CloudComputingImage.self) { cloudComputingImages.append(try .init(ldapEntry: entry)) }
        else if has(CloudComputingInstanceType.self) { cloudComputingInstanceTypes.append(try .init(ldapEntry: entry)) }
        else if has(CloudComputingEndpoint.self) { cloudComputingEndpoints.append(try .init(ldapEntry: entry)) }
        else if has(CloudComputingShare.self) { cloudComputingShares.append(try .init(ldapEntry: entry)) }
        else if has(CloudComputingManager.self) { cloudComputingManagers.append(try .init(ldapEntry: entry)) }
        else if has(CloudComputingService.self) { cloudComputingServices.append(try .init(ldapEntry: entry)) }
        else if has(AccessPolicy.self) { accessPolicies.append(try .init(ldapEntry: entry)) }
        else if has(MappingPolicy.self) { mappingPolicies.append(try .init(ldapEntry: entry)) }
        else if has(Benchmark.self) { benchmarks.append(try .init(ldapEntry: entry)) }
        else if has(ApplicationEnvironment.self) { applicationEnvironments.append(try .init(ldapEntry: entry)) }
        else if has(AdminDomain.self) { adminDomains.append(try .init(ldapEntry: entry)) }
        else if has(Location.self) { locations.append(try .init(ldapEntry: entry)) }
        else if has(Contact.self) { contacts.append(try .init(ldapEntry: entry)) }
        else { return false }
        return true
    }

    /// The entities grouped by class, in document order.
    public var entityGroups: [[any GLUEEntity]] {
        [locations, contacts, adminDomains, computingServices, computingEndpoints, computingShares, computingManagers,
         executionEnvironments, accessPolicies, mappingPolicies, benchmarks, applicationEnvironments,
         cloudComputingServices, cloudComputingEndpoints, cloudComputingShares, cloudComputingManagers,
         cloudComputingInstanceTypes, cloudComputingImages, cloudComputingInstances]
    }

    /// The number of entities.
    public var count: Int { entityGroups.reduce(0) { $0 + $1.count } }
}
