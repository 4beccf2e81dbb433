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

/// Turns records into stored entries: normalized keys per the equality rule, options split off,
/// objectClass keys extended with superclass OIDs.
struct EntryBuilder: Sendable {
    let schema: Schema
    let objectClassID: Int

    init(schema: Schema) {
        self.schema = schema
        objectClassID = schema.attributeID(named: "objectClass") ?? 0
    }

    func attribute(_ a: LDAPAttribute) -> StoredAttribute? {
        guard let id = schema.attributeID(named: a.name) else { return nil }
        let at = schema.attributeTypes[id]
        var options: [String] = []
        if a.name.utf8.contains(UInt8(ascii: ";")) {
            options = a.name.split(separator: ";").dropFirst().map { $0.lowercased() }.sorted()
        }
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
        // Share the schema's spelling of the name when it is the same (one string for all entries).
        let name = at.names.first(where: { $0 == a.name }) ?? a.name
        return StoredAttribute(typeID: id, name: name, options: options, values: a.values, keys: keys)
    }

    func stored(_ r: EntryRecord, id: EntryID, parent: EntryID?) -> StoredEntry {
        let attrs = r.attributes.compactMap(attribute)
        let oc = r.attributes.filter { schema.attributeID(named: $0.name) == objectClassID }.flatMap(\.stringValues)
        return StoredEntry(id: id, dn: r.dn, normalizedDN: r.dn.key, parent: parent, attributes: attrs,
                           metadata: r.metadata, structuralObjectClass: schema.structuralObjectClass(of: oc)?.name)
    }
}
