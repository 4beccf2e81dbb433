// GVE — GLUEModel
// LDAP rendering of one entity (GLUE 2.0 LDAP rendering, OGF GLUE-WG; Debian's GLUE20.schema) and
// the parser back from an LDAPEntry.
public import LDAPCore

extension GLUEEntity {
    /// The entry's RDN: `<idAttribute>=<id>` (e.g. `GLUE2EndpointID=urn:ogf:...`).
    public var relativeDistinguishedName: RelativeDistinguishedName {
        RelativeDistinguishedName(type: Self.glueClass.idAttribute, value: id)
    }

    /// objectClass values followed by every non-empty field, in field-table order. Booleans are
    /// `TRUE`/`FALSE`, times `YYYY-MM-DDTHH:MM:SSZ`; both the base-class and the subclass foreign
    /// keys are written where the schema has both.
    public func ldapAttributes() -> [LDAPAttribute] {
        var out = [LDAPAttribute(name: "objectClass", strings: Self.glueClass.objectClasses)]
        var seen: Set<String> = []
        for field in Self.fields where seen.insert(field.descriptor.ldapAttribute).inserted {
            let values = field.get(self)
            if values.isEmpty { continue }
            out.append(LDAPAttribute(name: field.descriptor.ldapAttribute, strings: values))
        }
        return out
    }

    /// The entry of this entity as a child of `parent`.
    public func ldapEntry(under parent: DistinguishedName) -> LDAPEntry {
        LDAPEntry(dn: parent.child(relativeDistinguishedName), attributes: ldapAttributes())
    }

    /// True when the entry carries this type's most specific object class.
    public static func isRepresented(by entry: LDAPEntry) -> Bool {
        let wanted = glueClass.structuralObjectClass.lowercased()
        return entry.objectClasses.contains { $0.lowercased() == wanted }
    }

    /// Reads an entity from an entry (e.g. a search result from a registry).
    ///
    /// Unknown attributes are ignored; both spellings of a duplicated foreign key are accepted.
    /// - Throws: ``GLUEModelError`` with code `wrongObjectClass` when the entry lacks
    ///   ``GLUEClass/structuralObjectClass``, `missingAttribute` for an absent mandatory attribute,
    ///   `invalidValue` for a value of the wrong type (naming the entry and the attribute).
    public init(ldapEntry entry: LDAPEntry) throws(GLUEModelError) {
        guard Self.isRepresented(by: entry) else {
            throw GLUEModelError(.wrongObjectClass,
                                 "entry is not a \(Self.glueClass.structuralObjectClass) (objectClass: \(entry.objectClasses.joined(separator: ", ")))",
                                 entry: entry.dn.description)
        }
        var byType: [String: [String]] = [:]
        for attribute in entry.attributes { byType[attribute.typeKey, default: []] += attribute.stringValues }
        var value = Self()
        for field in Self.fields {
            let d = field.descriptor
            let values = byType[d.ldapAttribute.lowercased()] ?? []
            if values.isEmpty {
                if d.isRequired {
                    throw GLUEModelError(.missingAttribute, "mandatory attribute \(d.ldapAttribute) is missing",
                                         entry: entry.dn.description, attribute: d.ldapAttribute)
                }
                continue
            }
            do {
                try field.set(&value, values)
            } catch {
                throw GLUEModelError(.invalidValue, "value \"\(error.value)\" of \(d.ldapAttribute) is not \(error.expected)",
                                     entry: entry.dn.description, attribute: d.ldapAttribute)
            }
        }
        if value.id.isEmpty, let rdnValue = entry.dn.rdn?.attributes.first?.value { value.id = rdnValue }
        self = value
    }
}
