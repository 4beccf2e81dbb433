// GVE — Aggregation
// bdii.conf: BDII's own keys, plus GVE's keys for remote sources and the aggregation level.

public import LDAPCore

/// The aggregation level of a registry (where it sits in BDII's resource → site → top hierarchy).
public enum AggregationMode: String, Sendable, Hashable, CaseIterable {
    /// A resource-level registry: publishes its own providers' data under `GLUE2GroupID=resource,o=glue`.
    case resource
    /// A site registry: aggregates resource registries under `GLUE2DomainID=<site>,o=glue`.
    case site
    /// A top-level registry: aggregates site registries under `...,GLUE2GroupID=grid,o=glue`.
    case top
}

/// The configuration of an aggregation cycle, read from a `bdii.conf`-style file.
///
/// BDII's keys (Debian `bdii` 6.0.0 semantics; times in seconds):
///
/// | Key | Type | Default |
/// |---|---|---|
/// | `BDII_LDIF_DIR` | path: every `*.ldif` in it is a static source | `/var/lib/bdii/gip/ldif` |
/// | `BDII_PROVIDER_DIR` | path: every executable in it is a provider | `/var/lib/bdii/gip/provider` |
/// | `BDII_PLUGIN_DIR` | path: every executable in it is a plugin | `/var/lib/bdii/gip/plugin` |
/// | `BDII_BREATHE_TIME` | seconds between cycles | 120 |
/// | `BDII_READ_TIMEOUT` | seconds a provider or plugin may run | 300 |
/// | `BDII_DELETE_DELAY` | seconds a vanished entry is kept (status Unknown) | 0 |
/// | `BDII_PORT` | TCP port of the LDAP server | 2170 |
/// | `BDII_HOSTNAME` | names the statistics entry `Hostname=<h>,o=infosys` | `localhost` |
///
/// GVE's keys:
///
/// | Key | Type | Default |
/// |---|---|---|
/// | `GVE_MODE` | `resource`, `site` or `top` | `resource` |
/// | `GVE_SITE_NAME` | the site's `GLUE2DomainID` (required in `site` mode) | none |
/// | `GVE_SOURCE_URLS` | space-separated `name=ldap://host:port/base` | none |
/// | `GVE_SOURCE_TIMEOUT` | seconds a remote fetch may take | `BDII_READ_TIMEOUT` |
/// | `GVE_SOURCE_MAX_ENTRIES` | entries one source may contribute | 1,000,000 |
/// | `GVE_SOURCE_MAX_BYTES` | bytes of LDIF one source may print | 1 GiB |
/// | `GVE_SOURCE_TIMEOUT_<name>`, `GVE_SOURCE_MAX_ENTRIES_<name>`, `GVE_SOURCE_MAX_BYTES_<name>` | per-source overrides; `<name>` is a remote source name, a provider or plugin file name, or an LDIF file name | |
///
/// Every other key is kept in ``otherKeys`` (BDII's `BDII_LOG_FILE`, `SLAPD_CONF`, …).
public struct BDIIConfiguration: Sendable, Equatable {
    public var ldifDirectory: String
    public var providerDirectory: String
    public var pluginDirectory: String
    /// Seconds between the end of one cycle and the start of the next.
    public var breatheTime: Duration
    /// How long one provider or plugin may run before it is killed.
    public var readTimeout: Duration
    /// How long a vanished entry stays published (with its status set to Unknown) before it is deleted.
    public var deleteDelay: Duration
    public var port: Int
    public var hostname: String
    public var mode: AggregationMode
    public var siteName: String?
    public var remoteSources: [RemoteSourceConfiguration]
    /// Limits applied to every source unless a per-source override names it.
    public var defaultLimits: SourceLimits
    /// Per-source overrides, keyed by source name.
    public var limitOverrides: [String: SourceLimits]
    /// Keys this type does not interpret, with their (unquoted) values.
    public var otherKeys: [String: String]

    /// Creates a configuration with BDII's defaults.
    public init(
        ldifDirectory: String = "/var/lib/bdii/gip/ldif",
        providerDirectory: String = "/var/lib/bdii/gip/provider",
        pluginDirectory: String = "/var/lib/bdii/gip/plugin",
        breatheTime: Duration = .seconds(120),
        readTimeout: Duration = .seconds(300),
        deleteDelay: Duration = .zero,
        port: Int = 2170,
        hostname: String = "localhost",
        mode: AggregationMode = .resource,
        siteName: String? = nil,
        remoteSources: [RemoteSourceConfiguration] = [],
        defaultLimits: SourceLimits = SourceLimits(),
        limitOverrides: [String: SourceLimits] = [:],
        otherKeys: [String: String] = [:]
    ) {
        self.ldifDirectory = ldifDirectory
        self.providerDirectory = providerDirectory
        self.pluginDirectory = pluginDirectory
        self.breatheTime = breatheTime
        self.readTimeout = readTimeout
        self.deleteDelay = deleteDelay
        self.port = port
        self.hostname = hostname
        self.mode = mode
        self.siteName = siteName
        self.remoteSources = remoteSources
        self.defaultLimits = defaultLimits
        self.limitOverrides = limitOverrides
        self.otherKeys = otherKeys
    }

    /// The limits that apply to the source called `name`.
    public func limits(for name: String) -> SourceLimits { limitOverrides[name] ?? defaultLimits }
}

/// Per-source limits: how long a source may take and how much it may contribute. Exceeding one fails
/// the source for the cycle (its last good data stays published) and is reported naming the limit.
public struct SourceLimits: Sendable, Hashable {
    /// How long a provider may run or a remote fetch may take; nil means `BDII_READ_TIMEOUT`.
    public var timeout: Duration?
    /// Entries one source may contribute.
    public var maxEntries: Int
    /// Bytes of LDIF one source may print or one file may hold.
    public var maxBytes: Int

    public init(timeout: Duration? = nil, maxEntries: Int = 1_000_000, maxBytes: Int = 1 << 30) {
        self.timeout = timeout
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }
}

/// One remote LDAP source from `GVE_SOURCE_URLS` (`name=ldap://host:port/o=glue`).
public struct RemoteSourceConfiguration: Sendable, Hashable {
    /// The source's name (used in reports and per-source keys; in `top` mode, the default site name).
    public var name: String
    /// The LDAP URL as written.
    public var url: String
    /// The search base from the URL's path (`o=glue` when the path is empty).
    public var base: DistinguishedName

    public init(name: String, url: String, base: DistinguishedName) {
        self.name = name
        self.url = url
        self.base = base
    }
}
