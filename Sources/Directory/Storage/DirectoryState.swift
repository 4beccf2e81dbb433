// GVE — Directory
// One snapshot of the DIT and its indexes: a value. Readers copy it (O(1) plus retains) and
// search without locks; the writer applies mutations to its own copy or in place.
import LDAPCore
import LDAPSchema

/// The DIT: entries by id, DN → id, children by parent, and an equality index (normalized key →
/// sorted entry ids) for every attribute type that a search has needed. An attribute's index is
/// built on first use (so start-up builds none, and types never searched cost no memory), then
/// adopted by the next write and maintained by every write after it. Ordering, substring and
/// presence lookups use sorted views of the equality keys that ``DerivedIndexCache`` builds on
/// first use.
struct DirectoryState: Sendable {
    var entries = ChunkedStore<StoredEntry>()
    var byDN = ShardedDictionary<String, EntryID>()
    var children = ShardedDictionary<EntryID, [EntryID]>()
    /// Indexed by attribute type id; nil until a search needs the index.
    var indexes: [EqualityIndex?]
    var nextID: EntryID = 0
    /// The number of entries without a parent (suffix entries).
    private(set) var rootCount = 0
    /// Sorted key views, valid for this state only.
    var cache = DerivedIndexCache()
    /// Attribute ids whose index changed since `cache` was made.
    private var dirty = Set<Int>()

    init(attributeCount: Int) {
        indexes = Array(repeating: nil, count: attributeCount)
    }

    /// The equality index of an attribute type, built from the entries on first use.
    func equalityIndex(_ type: Int) -> EqualityIndex {
        if let i = indexes[type] { return i }
        return cache.equalityIndex(type) { buildIndex(type) }
    }

    private func buildIndex(_ type: Int) -> EqualityIndex {
        var index = EqualityIndex()
        for i in 0..<entries.endIndex {
            guard let e = entries[i] else { continue }
            for a in e.attributes where a.typeID == type {
                _ = e.anyKey(a) { k in
                    index.modify(IndexKey(Array(k)), default: []) { Self.insertSorted(&$0, e.id) }
                    return false
                }
            }
        }
        return index
    }

    /// Takes over the indexes searches built for this state, so writes keep them current.
    private mutating func adoptBuiltIndexes() {
        for (t, index) in cache.builtEqualityIndexes where indexes[t] == nil { indexes[t] = index }
    }

    var count: Int { byDN.count }

    func entry(_ id: EntryID) -> StoredEntry? { entries[Int(id)] }

    func id(ofNormalizedDN dn: String) -> EntryID? { byDN[dn] }

    func childIDs(_ id: EntryID) -> [EntryID] { children[id] ?? [] }

    // MARK: Mutations

    /// Applies logged mutations (no validation: they were validated before being logged).
    mutating func apply(_ mutations: [StateMutation], builder: EntryBuilder) {
        guard !mutations.isEmpty else { return }
        adoptBuiltIndexes()
        for m in mutations { apply(m, builder: builder) }
        finishBatch()
    }

    /// Replaces the derived cache after a batch, keeping the sorted views that are still valid.
    /// Always a new cache: equality indexes built later for the old state must not reach this one.
    mutating func finishBatch() {
        cache = cache.invalidating(dirty)
        dirty.removeAll()
    }

    mutating func apply(_ m: StateMutation, builder: EntryBuilder) {
        switch m {
        case .put(let record):
            let norm = record.dn.key
            if let old = byDN[norm], let existing = entries[Int(old)] {
                unindex(existing)
                let e = builder.stored(record, id: old, parent: existing.parent)
                entries[Int(old)] = e
                index(e)
            } else {
                let parent = record.dn.parent.flatMap { byDN[$0.key] }
                let id = nextID
                nextID += 1
                let e = builder.stored(Self.sharingParentRDNs(record, parent.flatMap { entries[Int($0)] }), id: id, parent: parent)
                entries[Int(id)] = e
                byDN[norm] = id
                if let parent { children.modify(parent, default: []) { Self.insertSorted(&$0, id) } } else { rootCount += 1 }
                index(e)
            }
        case .delete(let norm):
            guard let id = byDN[norm], let e = entries[Int(id)] else { return }
            unindex(e)
            byDN.removeValue(forKey: norm)
            entries[Int(id)] = nil
            if let p = e.parent { removeChild(p, id) } else { rootCount -= 1 }
            children.removeValue(forKey: id)
        case .rename(let from, let record):
            guard let id = byDN[from], let old = entries[Int(id)] else { return }
            unindex(old)
            byDN.removeValue(forKey: from)
            if let p = old.parent { removeChild(p, id) } else { rootCount -= 1 }
            let parent = record.dn.parent.flatMap { byDN[$0.key] }
            let e = builder.stored(record, id: id, parent: parent)
            entries[Int(id)] = e
            byDN[e.normalizedDN] = id
            if let parent { children.modify(parent, default: []) { Self.insertSorted(&$0, id) } } else { rootCount += 1 }
            index(e)
        }
    }

    /// The record with its DN built from the parent entry's stored RDNs plus its own leaf, so the
    /// parent's RDN values are shared instead of held once per descendant.
    static func sharingParentRDNs(_ r: EntryRecord, _ parent: StoredEntry?) -> EntryRecord {
        guard let parent, let leaf = r.dn.rdns.first, parent.dn.rdns.count == r.dn.rdns.count - 1 else { return r }
        var shared = r
        shared.dn = DistinguishedName([leaf] + parent.dn.rdns)
        return shared
    }

    private mutating func removeChild(_ parent: EntryID, _ id: EntryID) {
        let empty = children.modify(parent, default: []) { list -> Bool in
            Self.removeSorted(&list, id)
            return list.isEmpty
        }
        if empty { children.removeValue(forKey: parent) }
    }

    private mutating func index(_ e: StoredEntry) {
        for a in e.attributes {
            dirty.insert(a.typeID)
            guard indexes[a.typeID] != nil else { continue }
            _ = e.anyKey(a) { k in
                indexes[a.typeID]!.modify(IndexKey(Array(k)), default: []) { Self.insertSorted(&$0, e.id) }
                return false
            }
        }
    }

    private mutating func unindex(_ e: StoredEntry) {
        for a in e.attributes {
            dirty.insert(a.typeID)
            guard indexes[a.typeID] != nil else { continue }
            for k in e.keys(a) {
                let empty = indexes[a.typeID]!.modify(IndexKey(k), default: []) { list -> Bool in
                    Self.removeSorted(&list, e.id)
                    return list.isEmpty
                }
                if empty { indexes[a.typeID]!.removeValue(forKey: IndexKey(k)) }
            }
        }
    }

    static func insertSorted(_ list: inout [EntryID], _ id: EntryID) {
        if let last = list.last, last >= id {
            let i = lowerBound(list, id)
            if i < list.count && list[i] == id { return }
            list.insert(id, at: i)
        } else {
            list.append(id)
        }
    }

    static func removeSorted(_ list: inout [EntryID], _ id: EntryID) {
        let i = lowerBound(list, id)
        if i < list.count && list[i] == id { list.remove(at: i) }
    }

    static func lowerBound(_ list: [EntryID], _ id: EntryID) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Every entry, parents before children (for snapshots).
    func allEntries() -> [StoredEntry] {
        var out: [StoredEntry] = []
        out.reserveCapacity(count)
        for i in 0..<entries.endIndex {
            guard let e = entries[i] else { continue }
            out.append(e)
        }
        // Renames can put a parent after its child in id order; order by depth to be safe.
        return out.enumerated().sorted { a, b in
            a.element.dn.rdns.count != b.element.dn.rdns.count ? a.element.dn.rdns.count < b.element.dn.rdns.count : a.offset < b.offset
        }.map(\.element)
    }

    /// Inserts an entry read from a snapshot (parents come before children). With `sameSchema`
    /// the stored form is taken as is; otherwise the entry is rebuilt from its values. Only for
    /// start-up: no index exists yet, so none is updated.
    mutating func insert(_ s: SnapshotEntry, sameSchema: Bool, builder: EntryBuilder) {
        var parent: EntryID?
        var dn: DistinguishedName
        if let leaf = s.leaf {
            guard let key = s.parentKey, let p = byDN[String(key)], let pe = entries[Int(p)] else { return }
            parent = p
            dn = DistinguishedName([leaf] + pe.dn.rdns)
        } else {
            dn = s.fullDN ?? .root
            parent = dn.parent.flatMap { byDN[$0.key] }
        }
        guard sameSchema else {
            apply(.put(s.record(dn: dn)), builder: builder)
            return
        }
        let id = nextID
        nextID += 1
        let e = StoredEntry(id: id, dn: dn, parent: parent, attributes: s.attributes, data: s.data, attributeListEnd: s.attributeListEnd,
                            dnStringStart: s.dnStringStart,
                            onlyUserAttributes: s.attributes.allSatisfy { builder.isPlainUser($0.typeID) },
                            metadata: s.metadata, structuralObjectClass: s.structuralObjectClass)
        entries[Int(id)] = e
        byDN[s.normalizedDN] = id
        if let parent { children.modify(parent, default: []) { Self.insertSorted(&$0, id) } } else { rootCount += 1 }
    }
}
