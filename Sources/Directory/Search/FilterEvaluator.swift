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
            for a in e.attributes where sel.matches(a, e, schema) { return .isTrue }
            return .isFalse
        case .equality(let sel, let key):
            for a in e.attributes where sel.matches(a, e, schema) {
                if e.hasKey(a, key) { return .isTrue }
            }
            return .isFalse
        case .ordering(let sel, let key, let greater, let kind, let usesKeys):
            func test(_ k: UnsafeBufferPointer<UInt8>) -> Bool {
                let less = k.lexicographicallyPrecedes(key)
                return greater ? !less : (less || k.elementsEqual(key))
            }
            for a in e.attributes where sel.matches(a, e, schema) {
                if usesKeys {
                    if e.anyKey(a, test) { return .isTrue }
                } else {
                    let found = e.anyValue(a) { v in
                        guard let k = schema.normalize(Array(v), kind: kind) else { return false }
                        return k.withUnsafeBufferPointer(test)
                    }
                    if found { return .isTrue }
                }
            }
            return .isFalse
        case .substrings(let sel, let initial, let any, let final, let kind, let usesKeys):
            for a in e.attributes where sel.matches(a, e, schema) {
                let found = usesKeys
                    ? e.anyKey(a) { Self.substringMatch($0, initial: initial, any: any, final: final) }
                    : e.anyValue(a) { v in kind.normalize(Array(v)).map { Self.substringMatch($0, initial: initial, any: any, final: final) } ?? false }
                if found { return .isTrue }
            }
            return .isFalse
        case .extensible(let x):
            return extensible(x, e)
        case .approximate(let sel, let words):
            for a in e.attributes where sel.matches(a, e, schema) {
                let found = e.anyValue(a) { v in
                    let have = ApproximateWords.codes(Array(v))
                    return words.allSatisfy { have.contains($0) }
                }
                if found { return .isTrue }
            }
            return .isFalse
        }
    }

    /// Matches normalized substrings in order: initial at the start, each `any` after the previous
    /// match, final at the end without overlapping what matched before (RFC 4511 §4.5.1.7.2).
    static func substringMatch<C: RandomAccessCollection<UInt8>>(_ v: C, initial: [UInt8]?, any: [[UInt8]], final: [UInt8]?) -> Bool
    where C.Index == Int {
        var start = v.startIndex
        var end = v.endIndex
        if let initial {
            guard v.count >= initial.count, v[v.startIndex..<(v.startIndex + initial.count)].elementsEqual(initial) else { return false }
            start += initial.count
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
    static func find<C: RandomAccessCollection<UInt8>>(_ needle: [UInt8], in hay: C, from: Int, to: Int) -> Int? where C.Index == Int {
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
                guard sel.matches(a, e, schema) else { continue }
            } else {
                guard FilterCompiler.usable(x.rule, with: schema.attributeTypes[a.typeID]) else { continue }
            }
            let found = e.anyValue(a) { v in
                guard let n = schema.normalize(Array(v), kind: x.rule.kind) else { result = .undefined; return false }
                return n == x.key
            }
            if found { return .isTrue }
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
