// GVE — InfoProvider
// Attribute selection and a small filter evaluator for the entries the server synthesizes itself (the root
// DSE and the subschema subentry); directory entries are selected and filtered by the directory.

import LDAPCore

enum AttributeSelection {
    /// Projects `entry` per RFC 4511 §4.5.1.8: empty or `*` selects user attributes, `+` operational ones,
    /// `1.1` none; names select themselves. `operational` lists the lower-cased operational types.
    static func project(_ entry: LDAPEntry, _ requested: [String], operational: Set<String>) -> LDAPEntry {
        let names = Set(requested.map { $0.lowercased() })
        let all = names.isEmpty || names.contains("*")
        let allOperational = names.contains("+")
        let attributes = entry.attributes.filter { a in
            let key = a.typeKey
            if names.contains(key) { return true }
            return operational.contains(key) ? allOperational : all
        }
        return LDAPEntry(dn: entry.dn, attributes: attributes)
    }

    /// Three-valued evaluation reduced to true/false, enough for the synthesized entries: equality and
    /// substrings compare case-insensitively, ordering and extensible matches are false.
    static func matches(_ filter: LDAPFilter, _ entry: LDAPEntry) -> Bool {
        func values(_ a: String) -> [String] { entry.strings(a.split(separator: ";").first.map(String.init) ?? a).map { $0.lowercased() } }
        func str(_ v: [UInt8]) -> String { String(decoding: v, as: UTF8.self).lowercased() }
        switch filter {
        case .and(let fs): return fs.allSatisfy { matches($0, entry) }
        case .or(let fs): return fs.contains { matches($0, entry) }
        case .not(let f): return !matches(f, entry)
        case .present(let a): return a.lowercased() == "objectclass" || !values(a).isEmpty
        case .equalityMatch(let a, let v), .approxMatch(let a, let v): return values(a).contains(str(v))
        case .substrings(let a, let ini, let any, let fin):
            return values(a).contains { (s: String) -> Bool in
                var rest = Substring(s)
                if let ini { guard rest.hasPrefix(str(ini)) else { return false }; rest = rest.dropFirst(str(ini).count) }
                for x in any {
                    guard let r = rest.firstRange(of: str(x)) else { return false }
                    rest = rest[r.upperBound...]
                }
                if let fin { return rest.hasSuffix(str(fin)) }
                return true
            }
        case .greaterOrEqual, .lessOrEqual, .extensibleMatch: return false
        }
    }
}
