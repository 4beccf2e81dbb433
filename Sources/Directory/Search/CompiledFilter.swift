// GVE — Directory
// A search filter resolved against the schema once per search: attribute types and subtypes
// looked up, assertion values normalized by the matching rule. Parts that can never be TRUE are
// folded to constants the way slapd's filter.c does (OL:servers/slapd/filter.c).
import LDAPCore
import LDAPSchema

/// Three-valued filter result (RFC 4511 §4.5.1.7).
enum FilterResult: Sendable {
    case isTrue, isFalse, undefined

    var negated: FilterResult {
        switch self {
        case .isTrue: return .isFalse
        case .isFalse: return .isTrue
        case .undefined: return .undefined
        }
    }
}

/// Which attributes of an entry a filter item looks at: a type with its subtypes, and the
/// options the values must carry.
struct AttributeSelector: Sendable {
    var typeIDs: [Int]
    var options: [String]

    @inline(__always) func matches(_ a: StoredAttribute, _ e: StoredEntry, _ schema: Schema) -> Bool {
        let t = a.typeID
        guard typeIDs.count == 1 ? t == typeIDs[0] : typeIDs.contains(t) else { return false }
        if options.isEmpty { return true }
        guard a.hasOptions else { return false }
        let have = e.options(a, schema: schema)
        return options.allSatisfy { have.contains($0) }
    }
}

/// The filter tree after resolution.
indirect enum CompiledFilter: Sendable {
    case constant(FilterResult)
    case and([CompiledFilter])
    case or([CompiledFilter])
    case not(CompiledFilter)
    /// Equality (and approximate, which slapd evaluates with the equality rule without an approx index).
    case equality(AttributeSelector, key: [UInt8])
    /// `>=` (greater) or `<=`; `kind` is the ordering rule; `usesKeys` when it equals the equality rule.
    case ordering(AttributeSelector, key: [UInt8], greater: Bool, kind: MatchingRuleKind, usesKeys: Bool)
    case substrings(AttributeSelector, initial: [UInt8]?, any: [[UInt8]], final: [UInt8]?, kind: MatchingRuleKind, usesKeys: Bool)
    case present(AttributeSelector)
    /// Approximate match on a string attribute: every assertion word's code is among the value's.
    case approximate(AttributeSelector, words: [[UInt8]])
    case extensible(ExtensibleAssertion)
}

/// A resolved MatchingRuleAssertion (RFC 4511 §4.5.1.7.7).
struct ExtensibleAssertion: Sendable {
    /// The attribute named, if any.
    var selector: AttributeSelector?
    var rule: MatchingRule
    /// The assertion normalized by the rule.
    var key: [UInt8]
    var dnAttributes: Bool
}

/// Resolves filters against a schema.
struct FilterCompiler {
    let schema: Schema
    /// Whether items on withheld types (``Schema/isWithheld(_:)``) are evaluated; otherwise they are Undefined.
    var revealsPasswords = false

    func compile(_ f: LDAPFilter) -> CompiledFilter {
        switch f {
        case .and(let fs): return .and(fs.map(compile))
        case .or(let fs): return .or(fs.map(compile))
        case .not(let g): return .not(compile(g))
        case .present(let attr):
            guard let (sel, _) = selector(attr) else { return .constant(.undefined) }
            return .present(sel)
        case .approxMatch(let attr, let value):
            // slapd's approximate matching for string syntaxes compares words by their phonetic
            // code; we compare words by their letters only (see ``ApproximateWords``). Other
            // syntaxes have no approximate rule and use equality.
            guard let (sel, at) = selector(attr) else { return .constant(.undefined) }
            if let syntax = at.effectiveSyntaxOID, Self.stringSyntaxes.contains(syntax), at.equality != nil {
                guard String(validating: value, as: UTF8.self) != nil else { return .constant(.undefined) }
                return .approximate(sel, words: ApproximateWords.codes(value))
            }
            guard let eq = at.equality, let key = schema.normalize(value, kind: eq.kind) else { return .constant(.undefined) }
            return .equality(sel, key: key)
        case .equalityMatch(let attr, let value):
            guard let (sel, at) = selector(attr), let eq = at.equality,
                  let key = schema.normalize(value, kind: eq.kind) else { return .constant(.undefined) }
            return .equality(sel, key: key)
        case .greaterOrEqual(let attr, let value), .lessOrEqual(let attr, let value):
            let greater = if case .greaterOrEqual = f { true } else { false }
            guard let (sel, at) = selector(attr), let ord = at.ordering,
                  let key = schema.normalize(value, kind: ord.kind) else { return .constant(.undefined) }
            return .ordering(sel, key: key, greater: greater, kind: ord.kind, usesKeys: at.equality?.kind == ord.kind)
        case .substrings(let attr, let initial, let any, let final):
            guard let (sel, at) = selector(attr), let sub = at.substring else { return .constant(.undefined) }
            let k = sub.kind
            var ini: [UInt8]?, fin: [UInt8]?
            var mids: [[UInt8]] = []
            if let initial {
                guard let n = k.normalizeSubstring(initial, initial: true, final: false) else { return .constant(.undefined) }
                ini = n
            }
            for a in any {
                guard let n = k.normalizeSubstring(a, initial: false, final: false) else { return .constant(.undefined) }
                if !n.isEmpty { mids.append(n) }
            }
            if let final {
                guard let n = k.normalizeSubstring(final, initial: false, final: true) else { return .constant(.undefined) }
                fin = n
            }
            return .substrings(sel, initial: ini?.isEmpty == true ? nil : ini, any: mids, final: fin?.isEmpty == true ? nil : fin,
                               kind: k, usesKeys: at.equality?.kind == k)
        case .extensibleMatch(let ruleName, let attr, let value, let dnAttributes):
            var sel: AttributeSelector?
            var at: AttributeType?
            if let attr {
                guard let (s, t) = selector(attr) else { return .constant(.undefined) }
                sel = s
                at = t
            }
            let rule: MatchingRule
            if let ruleName {
                guard let r = schema.matchingRule(named: ruleName) else { return .constant(.undefined) }
                rule = r
                if let at, !Self.usable(r, with: at) { return .constant(.undefined) }
            } else {
                guard let eq = at?.equality else { return .constant(.undefined) }
                rule = eq
            }
            if rule.syntaxOID == "1.3.6.1.4.1.1466.115.121.1.58" { return .constant(.undefined) }
            guard let key = schema.normalize(value, kind: rule.kind) else { return .constant(.undefined) }
            return .extensible(ExtensibleAssertion(selector: sel, rule: rule, key: key, dnAttributes: dnAttributes))
        }
    }

    func selector(_ description: String) -> (AttributeSelector, AttributeType)? {
        guard let id = schema.attributeID(named: description) else { return nil }
        if !revealsPasswords && schema.isWithheld(id) { return nil }
        var options: [String] = []
        if description.utf8.contains(UInt8(ascii: ";")) {
            options = description.split(separator: ";").dropFirst().map { $0.lowercased() }
        }
        return (AttributeSelector(typeIDs: schema.subtypes(of: id), options: options), schema.attributeTypes[id])
    }

    static let stringSyntaxes: Set<String> = [
        SyntaxOID.directoryString, SyntaxOID.ia5String, SyntaxOID.printableString, SyntaxOID.countryString,
        SyntaxOID.numericString, SyntaxOID.telephoneNumber, "1.3.6.1.4.1.1466.115.121.1.41",
    ]

    /// Whether a matching rule can be applied to an attribute's values (slapd's mr_usable_with_at, simplified).
    static func usable(_ rule: MatchingRule, with at: AttributeType) -> Bool {
        guard let syntax = at.effectiveSyntaxOID else { return false }
        if rule.syntaxOID == syntax { return true }
        if [at.equality, at.ordering, at.substring].contains(where: { $0?.oid == rule.oid }) { return true }
        switch rule.kind {
        case .caseIgnore, .caseExact, .caseIgnoreIA5, .caseExactIA5:
            return stringSyntaxes.contains(syntax)
        default:
            return false
        }
    }
}

/// Word codes for approximate matching: each space-separated word reduced to its letters,
/// case-folded. slapd reduces words to a phonetic code, which also ignores digits and
/// punctuation; this is the same idea without the phonetic folding of letters.
enum ApproximateWords {
    static func codes(_ value: [UInt8]) -> [[UInt8]] {
        value.split(separator: 0x20).map { word in
            word.compactMap { b -> UInt8? in
                if b >= 0x41 && b <= 0x5A { return b | 0x20 }
                if (b >= 0x61 && b <= 0x7A) || b >= 0x80 { return b }
                return nil
            }
        }
    }
}
