// GVE — Directory
// Entries as stored: one contiguous byte buffer per entry holding the user attributes already
// encoded as an RFC 4511 PartialAttributeList (so a search returning all attributes copies bytes
// instead of encoding), followed by the values' normalized keys where they differ from the values.
// A small table locates each attribute in the buffer. Keys are computed once at write time, so
// searches do no string work.
public import LDAPCore
import LDAPSchema

/// A dense entry number. Ids grow with insertion, so id order is insertion order (as mdb's).
typealias EntryID = UInt32

/// Where one attribute of a stored entry lives in the entry's ``StoredEntry/data``.
struct StoredAttribute: Sendable {
    /// The schema attribute type id.
    var typeID: Int { Int(type) }
    let type: UInt16
    /// Index of the description in the type's schema names, or ``StoredAttribute/customName``
    /// when it is spelled otherwise (options, OID, other case): then it is read from the BER.
    let nameIndex: UInt8
    /// Whether the description carries options (`description;lang-en`).
    let hasOptions: Bool
    /// Offset of the PartialAttribute element.
    let start: UInt32
    /// Offset of the first value's element (inside the SET), and the end of the attribute.
    let valuesStart: UInt32
    let end: UInt32
    /// The range of the normalized keys (OCTET STRING elements), or an empty range at
    /// ``StoredAttribute/sameAsValues`` when the keys are the values.
    let keysStart: UInt32
    let keysEnd: UInt32

    static let customName: UInt8 = 255
    static let sameAsValues = UInt32.max
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
    /// The parent's id, nil for suffix entries.
    let parent: EntryID?
    let attributes: [StoredAttribute]
    /// `PartialAttributeList` BER (`0..<attributeListEnd`), then the keys that differ from values,
    /// then the DN's RFC 4514 string (`dnStringStart...`) as it goes on the wire.
    let data: [UInt8]
    let attributeListEnd: Int
    let dnStringStart: Int
    /// Whether every stored attribute is a user attribute that no session is denied (so `*` selects the
    /// whole list): no operational attribute, no `userPassword`.
    let onlyUserAttributes: Bool
    let metadata: EntryMetadata
    /// Name of the structural object class (computed at write time).
    let structuralObjectClass: String?

    init(id: EntryID, dn: DistinguishedName, parent: EntryID?, attributes: [StoredAttribute],
         data: [UInt8], attributeListEnd: Int, dnStringStart: Int, onlyUserAttributes: Bool, metadata: EntryMetadata,
         structuralObjectClass: String?) {
        self.id = id
        self.dn = dn
        self.parent = parent
        self.attributes = attributes
        self.data = data
        self.attributeListEnd = attributeListEnd
        self.dnStringStart = dnStringStart
        self.onlyUserAttributes = onlyUserAttributes
        self.metadata = metadata
        self.structuralObjectClass = structuralObjectClass
    }

    /// The DN index key.
    var normalizedDN: String { dn.key }

    // MARK: Reading values

    /// Calls `body` with each value of `a` until it returns true; returns whether it did.
    @inline(__always)
    func anyValue(_ a: StoredAttribute, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        Self.anyElement(data, from: Int(a.valuesStart), to: Int(a.end), body)
    }

    /// Calls `body` with each normalized key of `a` until it returns true; returns whether it did.
    @inline(__always)
    func anyKey(_ a: StoredAttribute, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        if a.keysStart == StoredAttribute.sameAsValues { return anyValue(a, body) }
        return Self.anyElement(data, from: Int(a.keysStart), to: Int(a.keysEnd), body)
    }

    /// Whether a key of `a` equals `key`.
    func hasKey(_ a: StoredAttribute, _ key: [UInt8]) -> Bool {
        key.withUnsafeBufferPointer { k in anyKey(a) { v in v.count == k.count && (k.isEmpty || memcmp(v.baseAddress!, k.baseAddress!, k.count) == 0) } }
    }

    /// The values of `a`, copied.
    func values(_ a: StoredAttribute) -> [[UInt8]] {
        var out: [[UInt8]] = []
        _ = anyValue(a) { out.append(Array($0)); return false }
        return out
    }

    /// The keys of `a`, copied.
    func keys(_ a: StoredAttribute) -> [[UInt8]] {
        var out: [[UInt8]] = []
        _ = anyKey(a) { out.append(Array($0)); return false }
        return out
    }

    /// The attribute description as written (`GLUE2EntityName`, `description;lang-en`).
    func name(_ a: StoredAttribute, schema: Schema) -> String {
        if a.nameIndex != StoredAttribute.customName { return schema.attributeTypes[a.typeID].names[Int(a.nameIndex)] }
        var name = ""
        _ = Self.anyElement(data, from: Int(a.start) + BERBytes.headerLength(data, at: Int(a.start)), to: Int(a.valuesStart)) { n in
            name = String(decoding: n, as: UTF8.self)
            return true
        }
        return name
    }

    /// Lower-cased options of `a` (`lang-en`), empty for most attributes.
    func options(_ a: StoredAttribute, schema: Schema) -> [String] {
        guard a.hasOptions else { return [] }
        return name(a, schema: schema).split(separator: ";").dropFirst().map { $0.lowercased() }.sorted()
    }

    /// The user attributes as an LDAPEntry (what was written).
    func userEntry(schema: Schema) -> LDAPEntry {
        LDAPEntry(dn: dn, attributes: attributes.map { LDAPAttribute(name: name($0, schema: schema), values: values($0)) })
    }

    /// Iterates the OCTET STRING elements in `data[from..<to]`.
    @inline(__always)
    static func anyElement(_ data: [UInt8], from: Int, to: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        data.withUnsafeBufferPointer { p in
            var i = from
            while i < to {
                let (length, header) = BERBytes.length(p, at: i)
                let start = i + header
                if body(UnsafeBufferPointer(rebasing: p[start..<(start + length)])) { return true }
                i = start + length
            }
            return false
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
