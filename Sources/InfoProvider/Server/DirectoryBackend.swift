// GVE — InfoProvider
// What the server needs from a directory engine, in the `Directory` module's own types. `Directory`
// conforms as it is; tests may plug in their own engine.

public import Directory
public import LDAPCore

/// The directory engine behind an ``LDAPServer``: snapshot-consistent reads, serialized writes.
public protocol DirectoryBackend: Sendable {
    func search(_ query: SearchQuery) throws(DirectoryError) -> SearchResults
    /// The same search with every entry already encoded for the wire (all attributes or a selection), or nil
    /// when the engine cannot encode (the server then encodes ``search(_:)``'s entries itself).
    func encodedSearch(_ query: SearchQuery) throws(DirectoryError) -> EncodedSearchResults?
    /// Told of each operation the server answers without the directory (bind, extended operations), so a
    /// metering backend counts every operation.
    func answered(_ operation: String, result: LDAPResultCode)
    func add(_ entry: LDAPEntry) throws(DirectoryError)
    func modify(_ dn: DistinguishedName, _ changes: [LDAPModification]) throws(DirectoryError)
    func delete(_ dn: DistinguishedName) throws(DirectoryError)
    func modifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool,
                  newSuperior: DistinguishedName?) throws(DirectoryError)
    func compare(_ dn: DistinguishedName, attribute: String, value: [UInt8]) throws(DirectoryError) -> Bool
    /// Whether an attribute description names `userPassword` (or a subtype): searches withhold it unless
    /// ``SearchQuery/revealsPasswords`` is set, and the server refuses Compare on it to all but the root DN.
    func isWithheld(attribute description: String) -> Bool
    /// The suffixes held (published as the rootDSE's namingContexts).
    var namingContexts: [DistinguishedName] { get }
    /// `cn=Subschema` with attributeTypes, objectClasses, matchingRules, ldapSyntaxes.
    func subschemaEntry() -> LDAPEntry
    /// Applies one write, running `entryCheck` on the entry as it would be stored; an error refuses the write
    /// and changes nothing. The default checks an Add's entry before adding and applies other changes unchecked
    /// (a backend that cannot see the resulting entry); `Directory` checks every kind inside its write lock.
    func apply(_ change: DirectoryChange, entryCheck: @escaping EntryCheck) throws(DirectoryError)
    /// Whether ``changeSubscription(bufferLimit:)`` works (the root DSE then lists the persistent search control).
    var supportsChangeFeed: Bool { get }
    /// Subscribes to committed changes (for persistent searches); nil when the engine has no change feed.
    func changeSubscription(bufferLimit: Int) -> DirectoryChangeSubscription?
    /// The entry a change shows to a search (scope, filter, attribute selection), or nil.
    func visibleEntry(_ event: DirectoryChangeEvent, for query: SearchQuery) -> LDAPEntry?
}

extension DirectoryBackend {
    public func apply(_ change: DirectoryChange, entryCheck: @escaping EntryCheck) throws(DirectoryError) {
        switch change {
        case .add(let e):
            if let error = entryCheck(e) { throw error }
            try add(e)
        case .modify(let dn, let changes): try modify(dn, changes)
        case .delete(let dn): try delete(dn)
        case .modifyDN(let dn, let rdn, let deleteOld, let superior):
            try modifyDN(dn, newRDN: rdn, deleteOldRDN: deleteOld, newSuperior: superior)
        }
    }
    public func encodedSearch(_ query: SearchQuery) throws(DirectoryError) -> EncodedSearchResults? { nil }
    public func answered(_ operation: String, result: LDAPResultCode) {}
    public var supportsChangeFeed: Bool { false }
    /// By name: `userPassword` or its OID, in any case, with any options.
    public func isWithheld(attribute description: String) -> Bool {
        let type = description.prefix { $0 != ";" }.lowercased()
        return type == "userpassword" || type == "2.5.4.35"
    }
    public func changeSubscription(bufferLimit: Int) -> DirectoryChangeSubscription? { nil }
    public func visibleEntry(_ event: DirectoryChangeEvent, for query: SearchQuery) -> LDAPEntry? { nil }
}

extension Directory: DirectoryBackend {
    public func apply(_ change: DirectoryChange, entryCheck: @escaping EntryCheck) throws(DirectoryError) {
        try apply([change], entryCheck: entryCheck)
    }
    public func encodedSearch(_ query: SearchQuery) throws(DirectoryError) -> EncodedSearchResults? {
        try searchEncoded(query)
    }
    public var supportsChangeFeed: Bool { true }
    public func changeSubscription(bufferLimit: Int) -> DirectoryChangeSubscription? { subscribeChanges(bufferLimit: bufferLimit) }
}
