// GVE — LDAPCore
// The search filter as a typed tree (RFC 4511 §4.5.1.7), shared by the BER codec, the directory
// engine, the client and the CLI. String form (RFC 4515) parsing and printing live in LDAPFilter+String.swift.

/// An LDAP search filter.
public indirect enum LDAPFilter: Sendable, Hashable {
    case and([LDAPFilter])
    case or([LDAPFilter])
    case not(LDAPFilter)
    case equalityMatch(attribute: String, value: [UInt8])
    case substrings(attribute: String, initial: [UInt8]?, any: [[UInt8]], final: [UInt8]?)
    case greaterOrEqual(attribute: String, value: [UInt8])
    case lessOrEqual(attribute: String, value: [UInt8])
    case present(attribute: String)
    case approxMatch(attribute: String, value: [UInt8])
    /// MatchingRuleAssertion: `(attr:dn:rule:=value)`.
    case extensibleMatch(matchingRule: String?, attribute: String?, value: [UInt8], dnAttributes: Bool)

    /// Nesting depth (a leaf is 1). Servers cap it.
    public var depth: Int {
        switch self {
        case .and(let fs), .or(let fs): return 1 + (fs.map(\.depth).max() ?? 0)
        case .not(let f): return 1 + f.depth
        default: return 1
        }
    }
}

/// A filter string that does not follow RFC 4515.
public struct LDAPFilterSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var input: String
    public var offset: Int
    public var reason: String
    public init(input: String, offset: Int, reason: String) {
        self.input = input; self.offset = offset; self.reason = reason
    }
    public var description: String { "invalid filter \"\(input)\" at offset \(offset): \(reason)" }
}
