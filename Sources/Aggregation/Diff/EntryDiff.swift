// GVE — Aggregation
// Content hashes and minimal modifications between two versions of an entry.
//
// Comparison rules: attribute descriptions (type plus options) compare case-insensitively; the values of
// an attribute are a set (order and duplicates ignored) compared byte for byte, because GLUE 2's
// attributes use caseExactMatch. DNs compare by their normalised form (DistinguishedName ==).

public import LDAPCore

/// Diffing and hashing of entries.
public enum EntryDiff {
    /// A hash of an entry's normalised content: equal for entries that differ only in attribute order,
    /// attribute-name case or value order. Seeded per process (never persist it). A value given twice
    /// counts twice (LDAP forbids duplicate values).
    public static func contentHash(_ entry: LDAPEntry) -> Int {
        contentHash(entry, normalizedDN: DNKey.of(entry.dn))
    }

    /// Sums one hash per (lower-cased attribute name, value) pair, so attribute order, value order and
    /// how values are grouped into attributes do not matter, and nothing is allocated.
    static func contentHash(_ entry: LDAPEntry, normalizedDN: String) -> Int {
        var sum: UInt = 0
        for a in entry.attributes {
            var nameHasher = Hasher()
            for b in a.name.utf8 { nameHasher.combine(DNKey.lower(b)) }
            let name = nameHasher.finalize()
            for v in a.values {
                var h = Hasher()
                h.combine(name)
                v.withUnsafeBytes { h.combine(bytes: $0) }
                sum &+= UInt(bitPattern: h.finalize())
            }
        }
        var hasher = Hasher()
        hasher.combine(normalizedDN)
        hasher.combine(sum)
        return hasher.finalize()
    }

    static func sortedUnique(_ values: [[UInt8]]) -> [[UInt8]] {
        if values.count < 2 { return values }
        var sorted = values.sorted { $0.lexicographicallyPrecedes($1) }
        var w = 1
        for r in 1..<sorted.count where sorted[r] != sorted[w - 1] {
            sorted[w] = sorted[r]
            w += 1
        }
        sorted.removeSubrange(w...)
        return sorted
    }

    /// The smallest list of modifications that turns `old` into `new` (same DN).
    ///
    /// Per attribute: present only in `new` → `add`; only in `old` → `delete` (whole attribute); in both
    /// with different value sets → `replace` when either side has one value or when replacing sends
    /// fewer values than `delete` + `add` of the difference, else `delete` of the removed values and
    /// `add` of the added ones. Unchanged attributes produce nothing.
    ///
    /// - Returns: an empty array when the entries have the same content.
    public static func modifications(from old: LDAPEntry, to new: LDAPEntry) -> [LDAPModification] {
        var oldByKey: [String: [[UInt8]]] = [:]
        for a in old.attributes { oldByKey[a.name.lowercased(), default: []].append(contentsOf: a.values) }
        var newNames: [String: String] = [:]
        var newOrder: [String] = []
        var newByKey: [String: [[UInt8]]] = [:]
        for a in new.attributes {
            let key = a.name.lowercased()
            if newByKey[key] == nil { newOrder.append(key); newNames[key] = a.name }
            newByKey[key, default: []].append(contentsOf: a.values)
        }
        var mods: [LDAPModification] = []
        for key in newOrder {
            let newValues = sortedUnique(newByKey[key]!)
            let name = newNames[key]!
            guard let oldRaw = oldByKey[key] else {
                mods.append(LDAPModification(.add, LDAPAttribute(name: name, values: newValues)))
                continue
            }
            let oldValues = sortedUnique(oldRaw)
            if oldValues == newValues { continue }
            if oldValues.count == 1 || newValues.count == 1 {
                mods.append(LDAPModification(.replace, LDAPAttribute(name: name, values: newValues)))
                continue
            }
            let oldSet = Set(oldValues)
            let newSet = Set(newValues)
            let removed = oldValues.filter { !newSet.contains($0) }
            let added = newValues.filter { !oldSet.contains($0) }
            if removed.count + added.count >= newValues.count {
                mods.append(LDAPModification(.replace, LDAPAttribute(name: name, values: newValues)))
            } else {
                if !removed.isEmpty { mods.append(LDAPModification(.delete, LDAPAttribute(name: name, values: removed))) }
                if !added.isEmpty { mods.append(LDAPModification(.add, LDAPAttribute(name: name, values: added))) }
            }
        }
        for a in old.attributes {
            let key = a.name.lowercased()
            if newByKey[key] == nil, oldByKey.removeValue(forKey: key) != nil {
                mods.append(LDAPModification(.delete, LDAPAttribute(name: a.name, values: [])))
            }
        }
        return mods
    }

    /// Applies modifications to an entry the way a directory would (used for plugin changes and for
    /// marking vanished entries). Unknown operations (`increment` on a non-number) leave the value as is.
    public static func applying(_ mods: [LDAPModification], to entry: LDAPEntry) -> LDAPEntry {
        var e = entry
        for m in mods {
            let i = e.attributes.firstIndex { DNKey.sameName($0.name, m.attribute.name) }
            switch m.operation {
            case .add:
                if let i { e.attributes[i].values = sortedUniqueKeepingOrder(e.attributes[i].values + m.attribute.values) } else if !m.attribute.values.isEmpty {
                    e.attributes.append(m.attribute)
                }
            case .replace:
                if let i {
                    if m.attribute.values.isEmpty { e.attributes.remove(at: i) } else { e.attributes[i] = m.attribute }
                } else if !m.attribute.values.isEmpty {
                    e.attributes.append(m.attribute)
                }
            case .delete:
                guard let i else { continue }
                if m.attribute.values.isEmpty { e.attributes.remove(at: i); continue }
                let gone = Set(m.attribute.values)
                e.attributes[i].values.removeAll { gone.contains($0) }
                if e.attributes[i].values.isEmpty { e.attributes.remove(at: i) }
            case .increment:
                guard let i, let by = Int(String(decoding: m.attribute.values.first ?? [], as: UTF8.self)) else { continue }
                e.attributes[i].values = e.attributes[i].values.map { v in
                    guard let n = Int(String(decoding: v, as: UTF8.self)) else { return v }
                    return Array(String(n + by).utf8)
                }
            }
        }
        return e
    }

    private static func sortedUniqueKeepingOrder(_ values: [[UInt8]]) -> [[UInt8]] {
        var seen = Set<[UInt8]>()
        return values.filter { seen.insert($0).inserted }
    }
}
