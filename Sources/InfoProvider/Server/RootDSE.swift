// GVE — InfoProvider

import LDAPCore
import LDAPProtocol

/// The root DSE (RFC 4512 §5.1) this server publishes.
enum RootDSE {
    /// `cn=Subschema`, where the subschema subentry lives.
    static let subschemaDN = DistinguishedName([RelativeDistinguishedName(type: "cn", value: "Subschema")])
    static let supportedControls = [LDAPOID.pagedResults, LDAPOID.manageDsaIT, LDAPOID.persistentSearch]
    static let supportedExtensions = [LDAPOID.whoAmI, LDAPOID.startTLS]

    /// Operational attributes of the root DSE (returned for `+` or by name).
    static let operational: Set<String> = [
        "namingcontexts", "supportedldapversion", "supportedcontrol", "supportedextension",
        "subschemasubentry", "supportedfeatures", "supportedsaslmechanisms", "vendorname", "vendorversion",
    ]

    /// Operational attributes of the subschema subentry (RFC 4512 §4.2).
    static let subschemaOperational: Set<String> = [
        "attributetypes", "objectclasses", "matchingrules", "ldapsyntaxes", "matchingruleuse", "ditcontentrules",
        "ditstructurerules", "nameforms", "createtimestamp", "modifytimestamp", "subschemasubentry", "entrydn",
    ]

    static func entry(namingContexts: [DistinguishedName], startTLS: Bool, persistentSearch: Bool = true) -> LDAPEntry {
        LDAPEntry(dn: .root, attributes: [
            LDAPAttribute(name: "objectClass", strings: ["top", "extensibleObject"]),
            LDAPAttribute(name: "namingContexts", strings: namingContexts.map(\.description)),
            LDAPAttribute(name: "supportedLDAPVersion", strings: ["3"]),
            LDAPAttribute(name: "supportedControl", strings: persistentSearch ? supportedControls : supportedControls.filter { $0 != LDAPOID.persistentSearch }),
            LDAPAttribute(name: "supportedExtension", strings: startTLS ? supportedExtensions : [LDAPOID.whoAmI]),
            // RFC 4526 absolute true and false filters.
            LDAPAttribute(name: "supportedFeatures", strings: ["1.3.6.1.4.1.4203.1.5.3"]),
            LDAPAttribute(name: "subschemaSubentry", strings: [subschemaDN.description]),
            LDAPAttribute(name: "vendorName", strings: ["GVE"]),
        ].filter { !$0.values.isEmpty })
    }
}
