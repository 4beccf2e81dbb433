// GVE — Directory
// Extra per-entry rules for one write (e.g. GLUE validation of what a publisher writes), run inside the
// write lock on the entries as they will be stored, so a refused write changes nothing.
public import LDAPCore

/// Judges an entry as a write would store it: nil accepts, an error refuses the whole write.
public typealias EntryCheck = @Sendable (LDAPEntry) -> DirectoryError?

extension Directory {
    /// Applies changes atomically, like ``apply(_:)``, and also runs `entryCheck` on every entry the changes
    /// add, modify or rename — the resulting entry, after the schema check. Entries whose content does not
    /// change (a Modify that changes nothing, the descendants a ModifyDN moves) are not checked.
    /// - Throws: ``DirectoryError``: the schema's or the directory's own error, or the first error
    ///   `entryCheck` returns; nothing is written then.
    public func apply(_ changes: [DirectoryChange], entryCheck: @escaping EntryCheck) throws(DirectoryError) {
        try write(changes, trusted: false, entryCheck: entryCheck)
    }

    /// Runs the check on the entries the changes target: `put`s of an added or modified DN, the renamed entry itself.
    static func checkEntries(_ check: EntryCheck, in mutations: [StateMutation], of changes: [DirectoryChange]) throws(DirectoryError) {
        var targets = Set<String>()
        for c in changes {
            switch c {
            case .add(let e): targets.insert(e.dn.key)
            case .modify(let dn, _): targets.insert(dn.key)
            case .modifyDN(let dn, let rdn, _, let superior):
                if let parent = superior ?? dn.parent { targets.insert(parent.child(rdn).key) }
            case .delete: break
            }
        }
        for m in mutations {
            let record: EntryRecord
            switch m {
            case .put(let r), .rename(_, let r): record = r
            case .delete: continue
            }
            guard targets.contains(record.dn.key) else { continue }
            if let error = check(LDAPEntry(dn: record.dn, attributes: record.attributes)) { throw error }
        }
    }
}
