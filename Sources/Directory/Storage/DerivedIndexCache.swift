// GVE — Directory
// Sorted views of the equality index, built on first use per snapshot: ordering and substring
// filters binary-search or scan distinct keys instead of entries; presence unions postings.
import Synchronization

/// The distinct normalized keys of one attribute type, in byte order, and the ids of every entry
/// holding the type.
struct SortedKeys: Sendable {
    var keys: [[UInt8]]
    var present: [EntryID]
}

/// Lazily built, per-snapshot cache. The snapshot is immutable, so a view once built stays valid
/// for it; a writer makes the next snapshot's cache from this one minus the attributes it changed.
final class DerivedIndexCache: Sendable {
    private let views: Mutex<[Int: SortedKeys]>

    init(_ views: [Int: SortedKeys] = [:]) { self.views = Mutex(views) }

    /// A cache for the next snapshot, without the views of `dirty` attributes.
    func invalidating(_ dirty: Set<Int>) -> DerivedIndexCache {
        let kept = views.withLock { v in v.filter { !dirty.contains($0.key) } }
        return DerivedIndexCache(kept)
    }

    /// The view for an attribute, building it from `index` when missing. The build runs without
    /// the lock held; two readers may build the same view once each.
    func sortedKeys(_ attribute: Int, index: ShardedDictionary<IndexKey, [EntryID]>) -> SortedKeys {
        if let v = views.withLock({ $0[attribute] }) { return v }
        var keys: [[UInt8]] = []
        keys.reserveCapacity(index.count)
        var present: [EntryID] = []
        index.forEach { k, ids in
            keys.append(k.bytes)
            present.append(contentsOf: ids)
        }
        keys.sort { $0.lexicographicallyPrecedes($1) }
        present.sort()
        var unique: [EntryID] = []
        unique.reserveCapacity(present.count)
        for id in present where unique.last != id { unique.append(id) }
        let view = SortedKeys(keys: keys, present: unique)
        views.withLock { $0[attribute] = view }
        return view
    }
}
