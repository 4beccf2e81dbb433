// GVE — Directory
// Configuration, queries, results and changes: the plain values of the Directory API.
public import LDAPCore

/// How a ``Directory`` is set up.
public struct DirectoryConfiguration: Sendable {
    /// Naming contexts. A suffix entry with an `o=` RDN is created on first use when missing.
    public var suffixes: [DistinguishedName]
    /// Where the write-ahead log and snapshots live; nil keeps everything in memory.
    public var dataDirectory: String?
    public var limits: Limits
    /// Seconds since the Unix epoch; injected so tests control timestamps.
    public var clock: @Sendable () -> Int64

    /// Explicit limits (documented defaults).
    public struct Limits: Sendable {
        /// Upper bound applied to every search's sizeLimit (0 = no server cap).
        public var maxSearchResults: Int
        /// Write a new snapshot (and start a fresh log) after this many logged bytes.
        public var snapshotAfterLogBytes: Int
        /// Filters nested deeper than this are answered with an error (RFC 4511 leaves it to servers).
        public var maxFilterDepth: Int

        public init(maxSearchResults: Int = 0, snapshotAfterLogBytes: Int = 64 << 20, maxFilterDepth: Int = 64) {
            self.maxSearchResults = maxSearchResults
            self.snapshotAfterLogBytes = snapshotAfterLogBytes
            self.maxFilterDepth = maxFilterDepth
        }
    }

    /// `o=glue`, `o=grid` and `o=infosys`, as BDII serves.
    public static let defaultSuffixes: [DistinguishedName] = ["glue", "grid", "infosys"].map {
        DistinguishedName([RelativeDistinguishedName(type: "o", value: $0)])
    }

    public init(suffixes: [DistinguishedName] = DirectoryConfiguration.defaultSuffixes, dataDirectory: String? = nil,
                limits: Limits = Limits(), clock: @escaping @Sendable () -> Int64 = DirectoryConfiguration.systemClock) {
        self.suffixes = suffixes
        self.dataDirectory = dataDirectory
        self.limits = limits
        self.clock = clock
    }

    /// Wall-clock seconds.
    public static let systemClock: @Sendable () -> Int64 = { wallSeconds() }
}

/// A search request (RFC 4511 §4.5.1) as the directory sees it.
public struct SearchQuery: Sendable {
    public var base: DistinguishedName
    public var scope: SearchScope
    public var filter: LDAPFilter
    /// Requested attributes: names, `*`, `+`, `1.1`; empty means all user attributes.
    public var attributes: [String]
    public var typesOnly: Bool
    /// 0 means no limit.
    public var sizeLimit: Int
    public var deadline: ContinuousClock.Instant?
    /// Whether `userPassword` (and its subtypes) may be returned and filtered on: for bind verification
    /// and the root DN. Otherwise such values are never returned and a filter item on them is Undefined.
    public var revealsPasswords: Bool

    public init(base: DistinguishedName, scope: SearchScope = .wholeSubtree,
                filter: LDAPFilter = .present(attribute: "objectClass"), attributes: [String] = [],
                typesOnly: Bool = false, sizeLimit: Int = 0, deadline: ContinuousClock.Instant? = nil,
                revealsPasswords: Bool = false) {
        self.revealsPasswords = revealsPasswords
        self.base = base
        self.scope = scope
        self.filter = filter
        self.attributes = attributes
        self.typesOnly = typesOnly
        self.sizeLimit = sizeLimit
        self.deadline = deadline
    }
}

/// What a search returns: the projected entries and success, sizeLimitExceeded or timeLimitExceeded.
public struct SearchResults: Sendable {
    public var entries: [LDAPEntry]
    public var code: LDAPResultCode

    public init(entries: [LDAPEntry], code: LDAPResultCode) {
        self.entries = entries
        self.code = code
    }
}

/// One write, for ``Directory/apply(_:)`` batches: the change type every LDAP-speaking module shares.
public typealias DirectoryChange = LDAPChange
