// GVE — Directory
// Loading LDIF files at start-up (content records, and change records as BDII plugins emit them).
public import LDAPCore
import LDIF

extension Directory {
    /// Loads LDIF files as one atomic batch, in file order. Content records add entries (or
    /// replace the entry with the same DN, leaving timestamps alone when nothing changed); change
    /// records are applied as written. Operational attributes in the files (`createTimestamp`,
    /// `modifyTimestamp`, `entryUUID`, as slapcat writes them) are kept.
    /// - Parameter ldifFiles: paths of LDIF files.
    /// - Returns: the number of records applied.
    /// - Throws: ``DirectoryError``: for a malformed file, `other` naming the file, line and column;
    ///   for an entry the schema rejects, the violation's code, naming the file, the record's line,
    ///   the entry and the attribute. Nothing is applied when any record fails.
    @discardableResult
    public func load(ldifFiles: [String]) throws(DirectoryError) -> Int {
        var changes: [DirectoryChange] = []
        var origins: [(file: String, line: Int)] = []
        let state = snapshot()
        var seen = Set<String>()
        for file in ldifFiles {
            do throws(LDIFError) {
                var reader = try LDIFReader(path: file)
                while let record = try reader.next() {
                    origins.append((file, reader.recordLine))
                    switch record {
                    case .content(let e):
                        let norm = e.dn.key
                        if !seen.contains(norm), let id = state.id(ofNormalizedDN: norm), let old = state.entry(id) {
                            changes.append(.modify(e.dn, Self.replacement(old: old.userEntry(schema: schema), new: e)))
                        } else {
                            changes.append(.add(e))
                        }
                        seen.insert(norm)
                    case .change(let c):
                        switch c.operation {
                        case .add(let attrs): changes.append(.add(LDAPEntry(dn: c.dn, attributes: attrs)))
                        case .delete: changes.append(.delete(c.dn))
                        case .modify(let mods): changes.append(.modify(c.dn, mods))
                        case .modifyDN(let rdn, let del, let sup): changes.append(.modifyDN(c.dn, newRDN: rdn, deleteOldRDN: del, newSuperior: sup))
                        }
                    }
                }
            } catch {
                throw DirectoryError(code: .other, message: "\(file): \(error)")
            }
        }
        do {
            try write(changes, trusted: true)
        } catch {
            guard let i = error.changeIndex ?? (changes.count == 1 ? 0 : nil), i < origins.count else { throw error }
            var e = DirectoryError(code: error.code, message: "\(origins[i].file):\(origins[i].line): \(error.message)", matchedDN: error.matchedDN)
            e.changeIndex = i
            throw e
        }
        return changes.count
    }

    /// Modifications that turn `old` into `new` (user attributes only).
    static func replacement(old: LDAPEntry, new: LDAPEntry) -> [LDAPModification] {
        let newAttrs = merged(new.attributes.filter { !computedOperational.contains($0.typeKey) })
        var mods = newAttrs.map { LDAPModification(.replace, $0) }
        let kept = Set(newAttrs.map { $0.name.lowercased() })
        for a in old.attributes where !kept.contains(a.name.lowercased()) {
            mods.append(LDAPModification(.replace, LDAPAttribute(name: a.name, values: [])))
        }
        return mods
    }
}
