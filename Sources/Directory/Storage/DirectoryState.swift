// GVE — Directory
// One snapshot of the DIT and its indexes: a value. Readers copy it (O(1) plus retains) and
// search without locks; the writer applies mutations to its own copy or in place.
import LDAPCore
import LDAPSchema

/// The DIT: entries by id, DN → id, children by parent, and an equality index (normalized key →
/// sorted entry ids) for every attribute type. Ordering, substring and presence lookups use
/// sorted views of the equality keys that ``DerivedIndexCache`` builds on first use.
struct DirectoryState: Sendable {
    var entries = ChunkedStore<StoredEntry>()
    var byDN = ShardedDictionary<String, EntryID>()
    var children = ShardedDictionary<EntryID, [EntryID]>()
    /// Indexed by attribute type id.
    var indexes: [ShardedDictionary<IndexKey, [EntryID]>]
    var nextID: EntryID = 0
    /// Sorted key views, valid for this state only.
    var cache = DerivedIndexCache()
    /// Attribute ids whose index changed since `cache` was made.
    private var dirty = Set<Int>()

    init(attributeCount: Int) {
        indexes = Array(repeating: ShardedDictionary(), count: attributeCount)
    }

    var count: Int { byDN.count }

    func entry(_ id: EntryID) -> StoredEntry? { entries[Int(id)] }

    func id(ofNormalizedDN dn: String) -> EntryID? { byDN[dn] }

    func childIDs(_ id: EntryID) -> [EntryID] { children[id] ?? [] }

    // MARK: Mutations

    /// Applies logged mutations (no validation: they were validated before being logged).
    mutating func apply(_ mutations: [StateMutation], builder: EntryBuilder) {
        for m in mutations { apply(m, builder: builder) }
        finishBatch()
    }

    /// Replaces the derived cache after a batch, keeping what is still valid.
    mutating func finishBatch() {
        if !dirty.isEmpty {
            cache = cache.invalidating(dirty)
            dirty.removeAll()
        }
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
                if let parent { children.modify(parent, default: []) { Self.insertSorted(&$0, id) } }
                index(e)
            }
        case .delete(let norm):
            guard let id = byDN[norm], let e = entries[Int(id)] else { return }
            unindex(e)
            byDN.removeValue(forKey: norm)
            entries[Int(id)] = nil
            if let p = e.parent { removeChild(p, id) }
            children.removeValue(forKey: id)
        case .rename(let from, let record):
            guard let id = byDN[from], let old = entries[Int(id)] else { return }
            unindex(old)
            byDN.removeValue(forKey: from)
            if let p = old.parent { removeChild(p, id) }
            let parent = record.dn.parent.flatMap { byDN[$0.key] }
            let e = builder.stored(record, id: id, parent: parent)
            entries[Int(id)] = e
            byDN[e.normalizedDN] = id
            if let parent { children.modify(parent, default: []) { Self.insertSorted(&$0, id) } }
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
            for k in a.keys { indexes[a.typeID].modify(IndexKey(k), default: []) { Self.insertSorted(&$0, e.id) } }
        }
    }

    private mutating func unindex(_ e: StoredEntry) {
        for a in e.attributes {
            dirty.insert(a.typeID)
            for k in a.keys {
                let empty = indexes[a.typeID].modify(IndexKey(k), default: []) { list -> Bool in
                    Self.removeSorted(&list, e.id)
                    return list.isEmpty
                }
                if empty { indexes[a.typeID].removeValue(forKey: IndexKey(k)) }
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

    /// Every entry's record, parents before children (for snapshots).
    func allRecords() -> [EntryRecord] {
        var out: [EntryRecord] = []
        out.reserveCapacity(count)
        for i in 0..<entries.endIndex {
            guard let e = entries[i] else { continue }
            out.append(EntryRecord(dn: e.dn, attributes: e.userEntry.attributes, metadata: e.metadata))
        }
        // Renames can put a parent after its child in id order; order by depth to be safe.
        return out.enumerated().sorted { a, b in
            a.element.dn.rdns.count != b.element.dn.rdns.count ? a.element.dn.rdns.count < b.element.dn.rdns.count : a.offset < b.offset
        }.map(\.element)
    }
}
