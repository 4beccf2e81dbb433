// GVE — LDAPSchema
// Matching rules (RFC 4512 §4.1.3) and LDAP syntaxes (RFC 4512 §4.1.5).

/// A matching rule known to the server, with the implementation that evaluates it.
public struct MatchingRule: Sendable, Hashable {
    public var oid: String
    public var names: [String]
    /// The assertion syntax OID.
    public var syntaxOID: String
    /// How values are compared.
    public var kind: MatchingRuleKind

    public init(oid: String, names: [String], syntaxOID: String, kind: MatchingRuleKind) {
        self.oid = oid
        self.names = names
        self.syntaxOID = syntaxOID
        self.kind = kind
    }

    public var name: String { names.first ?? oid }

    /// RFC 4512 §4.1.3 `MatchingRuleDescription`, as published in `matchingRules`.
    public var definition: String { "( \(oid)\(SchemaText.names(names)) SYNTAX \(syntaxOID) )" }
}

/// An LDAP syntax known to the server.
public struct LDAPSyntax: Sendable, Hashable {
    public var oid: String
    public var description: String

    public init(oid: String, description: String) {
        self.oid = oid
        self.description = description
    }

    /// RFC 4512 §4.1.5 `SyntaxDescription`, as published in `ldapSyntaxes`.
    public var definition: String { "( \(oid) DESC \(SchemaText.qdstring(description)) )" }
}

/// Well-known syntax OIDs (RFC 4517 §3.3).
public enum SyntaxOID {
    static let prefix = "1.3.6.1.4.1.1466.115.121.1."
    public static let bitString = prefix + "6"
    public static let boolean = prefix + "7"
    public static let countryString = prefix + "11"
    public static let distinguishedName = prefix + "12"
    public static let directoryString = prefix + "15"
    public static let generalizedTime = prefix + "24"
    public static let ia5String = prefix + "26"
    public static let integer = prefix + "27"
    public static let numericString = prefix + "36"
    public static let oid = prefix + "38"
    public static let octetString = prefix + "40"
    public static let printableString = prefix + "44"
    public static let telephoneNumber = prefix + "50"
    public static let nameAndOptionalUID = prefix + "34"
    public static let uuid = "1.3.6.1.1.16.1"
}
