// GVE — InfoProvider
// What the server needs from a directory engine. The `Directory` module's engine conforms (see
// Directory+DirectoryBackend.swift); tests may plug in their own.

public import LDAPCore

/// A search as the server hands it to the directory.
public struct BackendSearchQuery: Sendable, Hashable {
    public var base: DistinguishedName
    public var scope: SearchScope
    public var filter: LDAPFilter
    /// Attribute selection as requested: `*`, `+`, `1.1` and names; empty means all user attributes.
    public var attributes: [String]
    public var typesOnly: Bool
    /// 0 means no limit.
    public var sizeLimit: Int
    /// When the search must stop with timeLimitExceeded.
    public var deadline: ContinuousClock.Instant?

    public init(base: DistinguishedName, scope: SearchScope, filter: LDAPFilter, attributes: [String] = [],
                typesOnly: Bool = false, sizeLimit: Int = 0, deadline: ContinuousClock.Instant? = nil) {
        self.base = base
        self.scope = scope
        self.filter = filter
        self.attributes = attributes
        self.typesOnly = typesOnly
        self.sizeLimit = sizeLimit
        self.deadline = deadline
    }
}

/// Entries found (already projected) and how the search ended: success, sizeLimitExceeded or
/// timeLimitExceeded.
public struct BackendSearchResults: Sendable {
    public var entries: [LDAPEntry]
    public var code: LDAPResultCode

    public init(entries: [LDAPEntry], code: LDAPResultCode = .success) {
        self.entries = entries
        self.code = code
    }
}

/// A directory operation that failed with an LDAP result code.
public struct BackendError: Error, Sendable, Hashable {
    public var code: LDAPResultCode
    public var message: String
    public var matchedDN: DistinguishedName?

    public init(code: LDAPResultCode, message: String, matchedDN: DistinguishedName? = nil) {
        self.code = code
        self.message = message
        self.matchedDN = matchedDN
    }
}

/// The directory engine behind an ``LDAPServer``: snapshot-consistent reads, serialized writes.
public protocol DirectoryBackend: Sendable {
    func search(_ query: BackendSearchQuery) throws(BackendError) -> BackendSearchResults
    func add(_ entry: LDAPEntry) throws(BackendError)
    func modify(_ dn: DistinguishedName, _ changes: [LDAPModification]) throws(BackendError)
    func delete(_ dn: DistinguishedName) throws(BackendError)
    func modifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool,
                  newSuperior: DistinguishedName?) throws(BackendError)
    func compare(_ dn: DistinguishedName, attribute: String, value: [UInt8]) throws(BackendError) -> Bool
    /// The suffixes held (published as the rootDSE's namingContexts).
    var namingContexts: [DistinguishedName] { get }
    /// `cn=Subschema` with attributeTypes, objectClasses, matchingRules, ldapSyntaxes.
    func subschemaEntry() -> LDAPEntry
}
