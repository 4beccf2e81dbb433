// GVE — LDAPSchema
// The subschema subentry (RFC 4512 §4.2) rendered from the loaded schema.
public import LDAPCore

extension Schema {
    /// The DN under which the subschema entry is published (slapd's choice).
    public static let subschemaDN: DistinguishedName = DistinguishedName([RelativeDistinguishedName(type: "cn", value: "Subschema")])

    /// The subschema subentry: `attributeTypes`, `objectClasses`, `matchingRules` and
    /// `ldapSyntaxes` values in RFC 4512 §4.1 form, plus `createTimestamp`/`modifyTimestamp`
    /// when given.
    public func subschemaEntry(timestamp: String? = nil) -> LDAPEntry {
        var attrs = [
            LDAPAttribute(name: "objectClass", strings: ["top", "subentry", "subschema", "extensibleObject"]),
            LDAPAttribute(name: "cn", strings: ["Subschema"]),
            LDAPAttribute(name: "ldapSyntaxes", strings: syntaxes.map(\.definition)),
            LDAPAttribute(name: "matchingRules", strings: matchingRules.map(\.definition)),
            LDAPAttribute(name: "attributeTypes", strings: attributeTypes.map(\.definition)),
            LDAPAttribute(name: "objectClasses", strings: objectClasses.map(\.definition)),
        ]
        if let timestamp {
            attrs.append(LDAPAttribute(name: "createTimestamp", strings: [timestamp]))
            attrs.append(LDAPAttribute(name: "modifyTimestamp", strings: [timestamp]))
        }
        return LDAPEntry(dn: Self.subschemaDN, attributes: attrs)
    }
}
