// GVE — InfoProvider
// What the server needs from a directory engine, in the `Directory` module's own types. `Directory`
// conforms as it is; tests may plug in their own engine.

public import Directory
public import LDAPCore

/// The directory engine behind an ``LDAPServer``: snapshot-consistent reads, serialized writes.
public protocol DirectoryBackend: Sendable {
    func search(_ query: SearchQuery) throws(DirectoryError) -> SearchResults
    func add(_ entry: LDAPEntry) throws(DirectoryError)
    func modify(_ dn: DistinguishedName, _ changes: [LDAPModification]) throws(DirectoryError)
    func delete(_ dn: DistinguishedName) throws(DirectoryError)
    func modifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool,
                  newSuperior: DistinguishedName?) throws(DirectoryError)
    func compare(_ dn: DistinguishedName, attribute: String, value: [UInt8]) throws(DirectoryError) -> Bool
    /// The suffixes held (published as the rootDSE's namingContexts).
    var namingContexts: [DistinguishedName] { get }
    /// `cn=Subschema` with attributeTypes, objectClasses, matchingRules, ldapSyntaxes.
    func subschemaEntry() -> LDAPEntry
    /// Whether ``changeSubscription(bufferLimit:)`` works (the root DSE then lists the persistent search control).
    var supportsChangeFeed: Bool { get }
    /// Subscribes to committed changes (for persistent searches); nil when the engine has no change feed.
    func changeSubscription(bufferLimit: Int) -> DirectoryChangeSubscription?
    /// The entry a change shows to a search (scope, filter, attribute selection), or nil.
    func visibleEntry(_ event: DirectoryChangeEvent, for query: SearchQuery) -> LDAPEntry?
}

extension DirectoryBackend {
    public var supportsChangeFeed: Bool { false }
    public func changeSubscription(bufferLimit: Int) -> DirectoryChangeSubscription? { nil }
    public func visibleEntry(_ event: DirectoryChangeEvent, for query: SearchQuery) -> LDAPEntry? { nil }
}

extension Directory: DirectoryBackend {
    public var supportsChangeFeed: Bool { true }
    public func changeSubscription(bufferLimit: Int) -> DirectoryChangeSubscription? { subscribeChanges(bufferLimit: bufferLimit) }
}
