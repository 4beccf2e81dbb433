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
}

extension Directory: DirectoryBackend {}
