// GVE — Directory
// Attributes that searches never show: `userPassword` and its subtypes, as slapd's usual
// `access to attrs=userPassword by self write by anonymous auth by * none`. Such values are
// not returned (not even as types under typesOnly), and a filter item on them is Undefined, so
// a search cannot serve as an oracle either. Callers that verify binds (or the root DN) ask for
// them with ``SearchQuery/revealsPasswords``.
import LDAPSchema

extension Schema {
    /// The withheld attribute type: `userPassword` (2.5.4.35).
    static let withheldAttributeName = "userPassword"

    /// Whether attribute type `id` is withheld from searches (`userPassword` or a subtype).
    func isWithheld(_ id: Int) -> Bool {
        guard let password = attributeID(named: Self.withheldAttributeName) else { return false }
        return isSubtype(id, of: password)
    }

    /// ``isWithheld(_:)`` for every attribute type id, computed once.
    func withheldTypes() -> [Bool] {
        guard let password = attributeID(named: Self.withheldAttributeName) else {
            return Array(repeating: false, count: attributeTypes.count)
        }
        return attributeTypes.map { isSubtype($0.id, of: password) }
    }

}

extension Directory {
    /// Whether an attribute description (`userPassword`, `2.5.4.35`, `userPassword;x`) names a type that
    /// searches withhold unless ``SearchQuery/revealsPasswords`` is set; the server refuses Compare on it
    /// to all but the root DN.
    public func isWithheld(attribute description: String) -> Bool {
        schema.attributeID(named: description).map(schema.isWithheld) ?? false
    }
}
