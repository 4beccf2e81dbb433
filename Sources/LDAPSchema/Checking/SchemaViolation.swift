// GVE — LDAPSchema
// The result of checking an entry against the schema: a list of violations, not a thrown error
// (an entry that breaks the schema is an expected "no").
public import LDAPCore

/// One way an entry breaks the schema, with the LDAP result code a server returns for it
/// (RFC 4511 Appendix A) and the entry and attribute it concerns.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// undefinedAttributeType (17), objectClassViolation (65), invalidAttributeSyntax (21),
    /// constraintViolation (19), namingViolation (64) or attributeOrValueExists (20).
    public var code: LDAPResultCode
    public var dn: DistinguishedName
    /// The attribute (or object class value) concerned, as written in the entry.
    public var attribute: String?
    public var message: String

    public init(code: LDAPResultCode, dn: DistinguishedName, attribute: String?, message: String) {
        self.code = code
        self.dn = dn
        self.attribute = attribute
        self.message = message
    }

    public var description: String {
        "entry \"\(dn)\"" + (attribute.map { ", attribute '\($0)'" } ?? "") + ": \(message) [\(code)]"
    }
}
