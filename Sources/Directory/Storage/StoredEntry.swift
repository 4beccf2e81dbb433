// GVE — Directory
// Entries as stored: raw values for projection plus normalized keys for matching, computed once
// at write time so that searches do no string work.
public import LDAPCore

/// A dense entry number. Ids grow with insertion, so id order is insertion order (as mdb's).
typealias EntryID = UInt32

/// One attribute of a stored entry.
struct StoredAttribute: Sendable {
    /// The schema attribute type id.
    var typeID: Int
    /// The attribute description as given (`GLUE2EntityName`, `description;lang-en`).
    var name: String
    /// Lower-cased options (`lang-en`), empty for most attributes.
    var options: [String]
    var values: [[UInt8]]
    /// Values normalized by the equality rule, when they differ from `values` (nil saves an array
    /// per attribute for the common case of values already in normal form).
    var distinctKeys: [[UInt8]]?

    /// Values normalized by the equality rule (the raw value when there is none or it is invalid).
    /// For objectClass, the OIDs of every superclass follow the values' keys (objectSubClassMatch).
    @inline(__always) var keys: [[UInt8]] { distinctKeys ?? values }

    init(typeID: Int, name: String, options: [String], values: [[UInt8]], keys: [[UInt8]]) {
        self.typeID = typeID
        self.name = name
        self.options = options
        self.values = values
        distinctKeys = keys == values ? nil : keys
    }
}

/// The operational data the directory maintains per entry.
struct EntryMetadata: Sendable, Hashable {
    var createTimestamp: String
    var modifyTimestamp: String
    var entryUUID: String
}

/// An entry as stored in a snapshot: immutable, shared by reference between snapshots (a write
/// makes a new object), so handing one out costs a single retain.
final class StoredEntry: Sendable {
    let id: EntryID
    let dn: DistinguishedName
    let normalizedDN: String
    /// The parent's id, nil for suffix entries.
    let parent: EntryID?
    let attributes: [StoredAttribute]
    let metadata: EntryMetadata
    /// Name of the structural object class (computed at write time).
    let structuralObjectClass: String?

    init(id: EntryID, dn: DistinguishedName, normalizedDN: String, parent: EntryID?, attributes: [StoredAttribute],
         metadata: EntryMetadata, structuralObjectClass: String?) {
        self.id = id
        self.dn = dn
        self.normalizedDN = normalizedDN
        self.parent = parent
        self.attributes = attributes
        self.metadata = metadata
        self.structuralObjectClass = structuralObjectClass
    }

    /// The user attributes as an LDAPEntry (what was written).
    var userEntry: LDAPEntry {
        LDAPEntry(dn: dn, attributes: attributes.map { LDAPAttribute(name: $0.name, values: $0.values) })
    }
}
