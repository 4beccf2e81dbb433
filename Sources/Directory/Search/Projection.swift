// GVE — Directory
// Attribute selection for search results (RFC 4511 §4.5.1.8): `*`, `+`, `1.1`, names (any
// case, OID, or a supertype name that selects its subtypes), typesOnly; operational attributes
// computed from entry metadata.
import LDAPCore
import LDAPSchema

/// The attribute selection of one search, resolved once.
struct Projection: Sendable {
    var allUser = false
    var allOperational = false
    /// Requested attribute type ids (each selects its subtypes too).
    var typeIDs: [Int] = []
    var operational: Set<String> = []
    let typesOnly: Bool
    /// Per attribute type id: whether stored attributes of that type are returned (resolved once per search).
    var wanted: [Bool] = []

    static let operationalNames = ["structuralObjectClass", "entryUUID", "createTimestamp", "modifyTimestamp",
                                   "entryDN", "subschemaSubentry", "hasSubordinates"]

    /// - Parameter revealsPasswords: whether withheld types (``Schema/isWithheld(_:)``) may be selected.
    init(_ requested: [String], typesOnly: Bool, revealsPasswords: Bool = false, schema: Schema) {
        self.typesOnly = typesOnly
        if requested.isEmpty { allUser = true }
        for r in requested {
            switch r {
            case "*": allUser = true
            case "+": allOperational = true
            case "1.1": continue
            default:
                guard let id = schema.attributeID(named: r) else { continue }
                let at = schema.attributeTypes[id]
                if at.isOperational, let name = Self.operationalNames.first(where: { schema.attributeID(named: $0) == id }) {
                    operational.insert(name)
                } else {
                    typeIDs.append(id)
                }
            }
        }
        if allOperational { operational = Set(Self.operationalNames) }
        let withheld = revealsPasswords ? [] : schema.withheldTypes()
        wanted = schema.attributeTypes.map { at in
            if !withheld.isEmpty && withheld[at.id] { return false }
            return (allUser && !at.isOperational) || typeIDs.contains { schema.isSubtype(at.id, of: $0) }
        }
    }

    func project(_ e: StoredEntry, hasChildren: Bool, schema: Schema) -> LDAPEntry {
        var attrs: [LDAPAttribute] = []
        attrs.reserveCapacity(e.attributes.count)
        let stored = e.attributes
        for a in stored where wanted[a.typeID] {
            attrs.append(LDAPAttribute(name: e.name(a, schema: schema), values: typesOnly ? [] : e.values(a)))
        }
        if !operational.isEmpty {
            for name in Self.operationalNames where operational.contains(name) {
                let value: String?
                switch name {
                case "structuralObjectClass": value = e.structuralObjectClass
                case "entryUUID": value = e.metadata.entryUUID
                case "createTimestamp": value = e.metadata.createTimestamp
                case "modifyTimestamp": value = e.metadata.modifyTimestamp
                case "entryDN": value = e.dn.description
                case "subschemaSubentry": value = Schema.subschemaDN.description
                default: value = hasChildren ? "TRUE" : "FALSE"
                }
                if let value { attrs.append(LDAPAttribute(name: name, values: typesOnly ? [] : [Array(value.utf8)])) }
            }
        }
        return LDAPEntry(dn: e.dn, attributes: attrs)
    }
}
