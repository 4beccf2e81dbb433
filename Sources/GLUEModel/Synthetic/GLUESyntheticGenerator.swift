// GVE — GLUEModel
// Deterministic synthetic GLUE 2 data of a registry, for tests and benchmarks (`gve ldif generate`).
public import Foundation
public import LDAPCore

/// Generates sites with a computing service and a cloud service each, and streams their LDAP entries.
///
/// Each site depends only on the seed and its index, so a site can be rebuilt on its own
/// (``site(_:)``) and iteration keeps one site's entries in memory at a time. With the default
/// configuration a site has 18 entries: AdminDomain, Location, Contact, the site's resource group;
/// a ComputingService with one endpoint, share, manager and ExecutionEnvironment; a
/// CloudComputingService with one endpoint, share and manager, two hosts (ExecutionEnvironments),
/// one image, one instance type and one instance. `--sites 5556` therefore gives about 100 000
/// entries. ExecutionEnvironment memory sizes are drawn from 16 GB to 512 GB so that
/// `(GLUE2ExecutionEnvironmentMainMemorySize>=131072)` matches about half of them.
public struct GLUESyntheticGenerator: Sequence, Sendable {
    /// What to generate.
    public struct Configuration: Sendable, Hashable {
        public var sites: Int
        public var seed: UInt64
        public var layout: GLUERegistryLayout
        /// Index of the first site (site names are `SITE-<index>`).
        public var firstSite = 0
        /// Also emit the `o=glue` suffix entry first.
        public var includeSuffixEntry = false
        public var computingEndpoints = 1
        public var computingShares = 1
        public var executionEnvironments = 1
        public var cloudHosts = 2
        public var images = 1
        public var instanceTypes = 1
        public var instances = 1
        /// Add an AccessPolicy per endpoint and a MappingPolicy per share.
        public var policies = false
        /// ApplicationEnvironments per computing manager.
        public var applicationEnvironments = 0
        /// Add a Benchmark per computing ExecutionEnvironment.
        public var benchmarks = false
        /// GLUE2EntityCreationTime of every entity.
        public var creationTime = Date(timeIntervalSince1970: 1_764_061_200)  // 2025-11-25T09:00:00Z
        /// GLUE2EntityValidity of every entity (nil: not published, never expires).
        public var validity: Int?

        public init(sites: Int, seed: UInt64 = 1, layout: GLUERegistryLayout = .top) {
            self.sites = sites
            self.seed = seed
            self.layout = layout
        }

        /// Entries per site with this configuration.
        public var entriesPerSite: Int {
            var n = 4 + 2 + computingEndpoints + computingShares + executionEnvironments
            n += 4 + cloudHosts + images + instanceTypes + instances
            if layout == .resource { n -= 1 }
            if policies { n += computingEndpoints + computingShares }
            n += applicationEnvironments + (benchmarks ? executionEnvironments : 0)
            return n
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration) { self.configuration = configuration }

    /// `sites` sites from `seed` in `layout`.
    public init(sites: Int, seed: UInt64 = 1, layout: GLUERegistryLayout = .top) {
        self.configuration = Configuration(sites: sites, seed: seed, layout: layout)
    }

    /// Entries the sequence yields in total.
    public var entryCount: Int {
        (configuration.includeSuffixEntry ? 1 : 0) + configuration.layout.registryContainerEntries.count
            + configuration.sites * configuration.entriesPerSite
    }

    /// Entries before the first site: the suffix (if asked for) and the registry's containers.
    public var headerEntries: [LDAPEntry] {
        (configuration.includeSuffixEntry ? [GLUERegistryLayout.suffixEntry] : [])
            + configuration.layout.registryContainerEntries
    }

    public func makeIterator() -> Iterator { Iterator(generator: self) }

    /// Streams the header entries, then each site's entries; holds one site at a time.
    public struct Iterator: IteratorProtocol {
        let generator: GLUESyntheticGenerator
        var buffer: [LDAPEntry]
        var position = 0
        var nextSite: Int

        init(generator: GLUESyntheticGenerator) {
            self.generator = generator
            self.buffer = generator.headerEntries
            self.nextSite = generator.configuration.firstSite
        }

        public mutating func next() -> LDAPEntry? {
            while position == buffer.count {
                let c = generator.configuration
                guard nextSite < c.firstSite + c.sites else { return nil }
                buffer = generator.site(nextSite).ldapEntries(layout: c.layout)
                position = 0
                nextSite += 1
            }
            defer { position += 1 }
            return buffer[position]
        }
    }

    /// The site with this index: the same value for the same seed and index, whatever else is generated.
    public func site(_ index: Int) -> GLUESite {
        var builder = SyntheticSiteBuilder(configuration: configuration, index: index)
        return builder.site()
    }
}
