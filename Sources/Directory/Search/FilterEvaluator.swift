// GVE — Directory
// Three-valued evaluation of a compiled filter against one entry, as slapd's filterentry.c does
// (OL:servers/slapd/filterentry.c): AND is FALSE if any part is FALSE, else Undefined if any is
// Undefined; OR is TRUE if any part is TRUE, else Undefined if any is Undefined; NOT swaps TRUE
// and FALSE and keeps Undefined.
import LDAPCore
import LDAPSchema

struct FilterEvaluator {
    let schema: Schema

    func evaluate(_ f: CompiledFilter, _ e: StoredEntry) -> FilterResult {
        switch f {
        case .constant(let r): return r
        case .and(let fs):
            var result = FilterResult.isTrue
            for g in fs {
                switch evaluate(g, e) {
                case .isFalse: return .isFalse
                case .undefined: result = .undefined
                case .isTrue: break
                }
            }
            return result
        case .or(let fs):
            var result = FilterResult.isFalse
            for g in fs {
                switch evaluate(g, e) {
                case .isTrue: return .isTrue
                case .undefined: result = .undefined
                case .isFalse: break
                }
            }
            return result
        case .not(let g):
            return evaluate(g, e).negated
        case .present(let sel):
            let attrs = e.attributes
            for i in attrs.indices where sel.matches(attrs[i]) { return .isTrue }
            return .isFalse
        case .equality(let sel, let key):
            let attrs = e.attributes
            for i in attrs.indices where sel.matches(attrs[i]) {
                if attrs[i].keys.contains(key) { return .isTrue }
            }
            return .isFalse
        case .ordering(let sel, let key, let greater, let kind, let usesKeys):
            let attrs = e.attributes
            for i in attrs.indices where sel.matches(attrs[i]) {
                let keys = usesKeys ? attrs[i].keys : attrs[i].values.compactMap { schema.normalize($0, kind: kind) }
                for k in keys {
                    let less = k.lexicographicallyPrecedes(key)
                    if greater ? !less : (less || k == key) { return .isTrue }
                }
            }
            return .isFalse
        case .substrings(let sel, let initial, let any, let final, let kind, let usesKeys):
            for a in e.attributes where sel.matches(a) {
                let keys = usesKeys ? a.keys : a.values.compactMap { kind.normalize($0) }
                for k in keys where Self.substringMatch(k, initial: initial, any: any, final: final) { return .isTrue }
            }
            return .isFalse
        case .extensible(let x):
            return extensible(x, e)
        case .approximate(let sel, let words):
            for a in e.attributes where sel.matches(a) {
                for v in a.values {
                    let have = ApproximateWords.codes(v)
                    if words.allSatisfy({ have.contains($0) }) { return .isTrue }
                }
            }
            return .isFalse
        }
    }

    /// Matches normalized substrings in order: initial at the start, each `any` after the previous
    /// match, final at the end without overlapping what matched before (RFC 4511 §4.5.1.7.2).
    static func substringMatch(_ v: [UInt8], initial: [UInt8]?, any: [[UInt8]], final: [UInt8]?) -> Bool {
        var start = 0
        var end = v.count
        if let initial {
            guard v.count >= initial.count, v[0..<initial.count].elementsEqual(initial) else { return false }
            start = initial.count
        }
        if let final {
            guard end - start >= final.count, v[(end - final.count)..<end].elementsEqual(final) else { return false }
            end -= final.count
        }
        for piece in any {
            guard let r = find(piece, in: v, from: start, to: end) else { return false }
            start = r
        }
        return true
    }

    /// Index just past the first occurrence of `needle` in `hay[from..<to]`.
    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int, to: Int) -> Int? {
        guard !needle.isEmpty else { return from }
        guard to - from >= needle.count else { return nil }
        let first = needle[0]
        var i = from
        while i <= to - needle.count {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i + needle.count }
            }
            i += 1
        }
        return nil
    }

    func extensible(_ x: ExtensibleAssertion, _ e: StoredEntry) -> FilterResult {
        var result = FilterResult.isFalse
        for a in e.attributes {
            if let sel = x.selector {
                guard sel.matches(a) else { continue }
            } else {
                guard FilterCompiler.usable(x.rule, with: schema.attributeTypes[a.typeID]) else { continue }
            }
            for v in a.values {
                guard let n = schema.normalize(v, kind: x.rule.kind) else { result = .undefined; continue }
                if n == x.key { return .isTrue }
            }
        }
        if x.dnAttributes {
            for rdn in e.dn.rdns {
                for ava in rdn.attributes {
                    guard let at = schema.attributeType(named: ava.type) else { continue }
                    if let sel = x.selector {
                        guard sel.typeIDs.contains(at.id) else { continue }
                    } else {
                        guard FilterCompiler.usable(x.rule, with: at) else { continue }
                    }
                    if schema.normalize(Array(ava.value.utf8), kind: x.rule.kind) == x.key { return .isTrue }
                }
            }
        }
        return result
    }
}
