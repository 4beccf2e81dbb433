// GVE — LDAPProtocol
// The wire form of a distinguished name: kept as sent, parsed on demand, so that a syntactically bad DN
// becomes an `invalidDNSyntax` result for that operation rather than a protocol error.

public import LDAPCore

/// `LDAPDN ::= LDAPString -- Constrained to <distinguishedName> [RFC4514]` (RFC 4511 §4.1.3).
///
/// Holds the string exactly as sent. ``distinguishedName()`` parses it.
public struct LDAPDN: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The RFC 4514 string as sent.
    public var string: String

    /// Wraps a string as sent on the wire.
    public init(string: String) { self.string = string }
    /// The string form of a typed DN.
    public init(_ dn: DistinguishedName) { self.string = dn.description }
    public init(stringLiteral value: String) { self.string = value }

    /// Parses the string.
    /// - Throws: `DistinguishedNameError` naming the offset of the first bad character.
    public func distinguishedName() throws(DistinguishedNameError) -> DistinguishedName {
        try DistinguishedName(string)
    }

    public var description: String { string }
}
