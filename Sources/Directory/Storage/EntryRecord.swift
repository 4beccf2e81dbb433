// GVE — Directory
// The unit of change: an entry's full state by DN. Write-ahead log records and snapshots hold
// these, so replaying a log is idempotent and needs no schema decisions.
public import LDAPCore
import LDAPSchema

/// An entry's complete state: DN, user attributes and operational metadata.
struct EntryRecord: Sendable, Hashable {
    var dn: DistinguishedName
    var attributes: [LDAPAttribute]
    var metadata: EntryMetadata
}

/// A state change, as logged.
enum StateMutation: Sendable, Hashable {
    /// Inserts the entry, or replaces the entry with the same DN.
    case put(EntryRecord)
    /// Removes the entry with this normalized DN.
    case delete(normalizedDN: String)
    /// Moves the entry with this normalized DN to the record's DN, keeping its id and children.
    case rename(fromNormalizedDN: String, to: EntryRecord)
}

/// Turns records into stored entries: the PartialAttributeList encoded once, normalized keys per
/// the equality rule, options noted, objectClass keys extended with superclass OIDs.
struct EntryBuilder: Sendable {
    let schema: Schema
    let objectClassID: Int
    /// ``schemaDigest(_:)`` of `schema`, recorded in snapshots.
    let schemaDigest: UInt64
    /// Per attribute type id: withheld from searches (``Schema/isWithheld(_:)``).
    let withheld: [Bool]

    init(schema: Schema) {
        self.schema = schema
        withheld = schema.withheldTypes()
        objectClassID = schema.attributeID(named: "objectClass") ?? 0
        schemaDigest = Self.schemaDigest(schema)
    }

    /// The normalized keys of an attribute's values (the raw value when there is no equality rule
    /// or the value is invalid for it); for objectClass, the OIDs of every superclass follow.
    func keys(_ a: LDAPAttribute, type id: Int) -> [[UInt8]] {
        let at = schema.attributeTypes[id]
        var keys: [[UInt8]]
        if let eq = at.equality {
            keys = a.values.map { schema.normalize($0, kind: eq.kind) ?? $0 }
        } else {
            keys = a.values
        }
        if id == objectClassID {
            var extra: [[UInt8]] = []
            for v in a.values {
                guard let oc = schema.objectClass(named: String(decoding: v, as: UTF8.self)) else { continue }
                for anc in oc.ancestorIDs {
                    let oid = Array(schema.objectClasses[anc].oid.utf8)
                    if !keys.contains(oid) && !extra.contains(oid) { extra.append(oid) }
                }
            }
            keys += extra
        }
        return keys
    }

    func stored(_ r: EntryRecord, id: EntryID, parent: EntryID?) -> StoredEntry {
        // Attributes the schema knows, with their keys when they differ from the values.
        var known: [(type: Int, attribute: LDAPAttribute, keys: [[UInt8]]?)] = []
        known.reserveCapacity(r.attributes.count)
        var oc: [String] = []
        for a in r.attributes {
            guard let t = schema.attributeID(named: a.name) else { continue }
            let k = keys(a, type: t)
            known.append((t, a, k == a.values ? nil : k))
            if t == objectClassID { oc += a.stringValues }
        }
        // Sizes first, so every length is written once in its final form.
        var listLength = 0
        var keysLength = 0
        for item in known {
            var setLength = 0
            for v in item.attribute.values { setLength += BERBytes.elementSize(v.count) }
            listLength += BERBytes.elementSize(BERBytes.elementSize(item.attribute.name.utf8.count) + BERBytes.elementSize(setLength))
            for k in item.keys ?? [] { keysLength += BERBytes.elementSize(k.count) }
        }
        var data: [UInt8] = []
        var dnString: [UInt8] = []
        dnString.reserveCapacity(256)
        EncodedSearchResults.appendDNString(r.dn, to: &dnString)
        data.reserveCapacity(BERBytes.elementSize(listLength) + keysLength + dnString.count)
        BERBytes.appendHeader(BERBytes.sequence, listLength, to: &data)
        var places: [(start: Int, values: Int, end: Int)] = []
        places.reserveCapacity(known.count)
        for item in known {
            var setLength = 0
            for v in item.attribute.values { setLength += BERBytes.elementSize(v.count) }
            let name = item.attribute.name.utf8
            let start = data.count
            BERBytes.appendHeader(BERBytes.sequence, BERBytes.elementSize(name.count) + BERBytes.elementSize(setLength), to: &data)
            BERBytes.appendOctetString(name, to: &data)
            BERBytes.appendHeader(BERBytes.set, setLength, to: &data)
            let values = data.count
            for v in item.attribute.values { BERBytes.appendOctetString(v, to: &data) }
            places.append((start, values, data.count))
        }
        let listEnd = data.count
        var attributes: [StoredAttribute] = []
        attributes.reserveCapacity(known.count)
        for (item, place) in zip(known, places) {
            var keysStart = StoredAttribute.sameAsValues, keysEnd = StoredAttribute.sameAsValues
            if let keys = item.keys {
                keysStart = UInt32(data.count)
                for k in keys { BERBytes.appendOctetString(k, to: &data) }
                keysEnd = UInt32(data.count)
            }
            let name = item.attribute.name
            let names = schema.attributeTypes[item.type].names
            let nameIndex = names.firstIndex(of: name).flatMap { $0 < 255 ? UInt8($0) : nil } ?? StoredAttribute.customName
            attributes.append(StoredAttribute(type: UInt16(item.type), nameIndex: nameIndex, hasOptions: name.utf8.contains(UInt8(ascii: ";")),
                                              start: UInt32(place.start), valuesStart: UInt32(place.values), end: UInt32(place.end),
                                              keysStart: keysStart, keysEnd: keysEnd))
        }
        let dnStringStart = data.count
        data.append(contentsOf: dnString)
        return StoredEntry(id: id, dn: r.dn, parent: parent, attributes: attributes, data: data,
                           attributeListEnd: listEnd, dnStringStart: dnStringStart,
                           onlyUserAttributes: known.allSatisfy { isPlainUser($0.type) }, metadata: r.metadata, structuralObjectClass: schema.structuralObjectClass(of: oc)?.name)
    }
}

extension EntryBuilder {
    /// Whether attributes of type `id` go out with `*` to every session: user attributes that are not withheld.
    @inline(__always) func isPlainUser(_ id: Int) -> Bool {
        !schema.attributeTypes[id].isOperational && !withheld[id]
    }
}
