// GVE — LDAPSchema
// The implementations behind matching rules: how assertion and attribute values are normalized
// so that equality is byte equality and ordering is byte order of the normalized form.

/// The comparison a matching rule performs. Values are normalized once (at write time for
/// stored values, once per search for assertion values); equality is then byte equality of
/// the normalized forms and ordering is their byte order.
public enum MatchingRuleKind: String, Sendable, Hashable {
    /// caseIgnoreMatch and friends (RFC 4517 §4.2.11): insignificant spaces removed, case folded.
    case caseIgnore
    /// caseExactMatch (RFC 4517 §4.2.4): insignificant spaces removed, case kept.
    case caseExact
    case caseIgnoreIA5
    case caseExactIA5
    /// numericStringMatch: spaces removed.
    case numericString
    /// telephoneNumberMatch: spaces and hyphens removed, case folded.
    case telephoneNumber
    /// integerMatch / integerOrderingMatch: compared as (arbitrary size) integers.
    case integer
    /// booleanMatch: `TRUE` or `FALSE`.
    case boolean
    /// generalizedTimeMatch / OrderingMatch: compared as instants in UTC.
    case generalizedTime
    /// distinguishedNameMatch: compared as normalized DNs.
    case distinguishedName
    /// uniqueMemberMatch: a DN with an optional `#'bits'B` suffix.
    case uniqueMember
    /// objectIdentifierMatch: names resolve to their OID (schema-aware, see ``Schema/normalize(_:kind:)``).
    case objectIdentifier
    /// octetStringMatch, bitStringMatch and every rule we compare byte for byte.
    case octetString
    /// UUIDMatch: case-insensitive hex form.
    case uuid

    /// Normalizes a value for this rule; `nil` when the value is not valid for the rule's syntax
    /// (an assertion with such a value evaluates to Undefined, RFC 4511 §4.5.1.7).
    public func normalize(_ value: [UInt8]) -> [UInt8]? {
        switch self {
        case .caseIgnore: return TextNormalizer.directoryString(value, foldCase: true)
        case .caseExact: return TextNormalizer.directoryString(value, foldCase: false)
        case .caseIgnoreIA5:
            guard value.allSatisfy({ $0 < 0x80 }) else { return nil }
            return TextNormalizer.directoryString(value, foldCase: true)
        case .caseExactIA5:
            guard value.allSatisfy({ $0 < 0x80 }) else { return nil }
            return TextNormalizer.directoryString(value, foldCase: false)
        case .numericString:
            guard !value.isEmpty, value.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 }) else { return nil }
            return value.filter { $0 != 0x20 }
        case .telephoneNumber:
            guard !value.isEmpty, String(validating: value, as: UTF8.self) != nil else { return nil }
            return TextNormalizer.foldASCII(value.filter { $0 != 0x20 && $0 != UInt8(ascii: "-") })
        case .integer: return IntegerKey.encode(value)
        case .boolean:
            return value == Array("TRUE".utf8) || value == Array("FALSE".utf8) ? value : nil
        case .generalizedTime: return GeneralizedTime.normalize(value)
        case .distinguishedName:
            guard let s = String(validating: value, as: UTF8.self), let dn = try? DistinguishedNameParser.normalized(s) else { return nil }
            return Array(dn.utf8)
        case .uniqueMember:
            guard let s = String(validating: value, as: UTF8.self) else { return nil }
            if let dn = try? DistinguishedNameParser.normalized(s) { return Array(dn.utf8) }
            if let hash = s.lastIndex(of: "#"), let dn = try? DistinguishedNameParser.normalized(String(s[..<hash])) {
                return Array((dn + String(s[hash...])).utf8)
            }
            return nil
        case .objectIdentifier:
            guard !value.isEmpty else { return nil }
            return TextNormalizer.foldASCII(value)
        case .octetString: return value
        case .uuid: return TextNormalizer.foldASCII(value)
        }
    }

    /// Normalizes one piece of a substring assertion (RFC 4511 §4.5.1.7.2). Spaces inside the
    /// piece collapse as in the value; leading spaces of `initial` and trailing ones of `final`
    /// are insignificant.
    public func normalizeSubstring(_ piece: [UInt8], initial: Bool, final: Bool) -> [UInt8]? {
        switch self {
        case .caseIgnore, .caseExact, .caseIgnoreIA5, .caseExactIA5:
            guard String(validating: piece, as: UTF8.self) != nil else { return nil }
            if (self == .caseIgnoreIA5 || self == .caseExactIA5) && !piece.allSatisfy({ $0 < 0x80 }) { return nil }
            let fold = self == .caseIgnore || self == .caseIgnoreIA5
            return TextNormalizer.collapse(piece, foldCase: fold, trimLeading: initial, trimTrailing: final)
        case .numericString: return piece.filter { $0 != 0x20 }
        case .telephoneNumber: return TextNormalizer.foldASCII(piece.filter { $0 != 0x20 && $0 != UInt8(ascii: "-") })
        default: return normalize(piece)
        }
    }
}

