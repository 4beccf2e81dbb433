// GVE — Directory
// Indexes built on first use per snapshot: the equality index of an attribute type that no search
// has needed yet (start-up builds none), and sorted views of the equality keys, so ordering and
// substring filters binary-search or scan distinct keys instead of entries, and presence unions
// postings.
import Synchronization

/// The distinct normalized keys of one attribute type, in byte order, and the ids of every entry
/// holding the type.
struct SortedKeys: Sendable {
    var keys: [[UInt8]]
    var present: [EntryID]
}

/// An equality index: normalized key → sorted ids of the entries holding it.
typealias EqualityIndex = ShardedDictionary<IndexKey, [EntryID]>

/// Lazily built, per-snapshot cache. The snapshot is immutable, so an index or view once built
/// stays valid for it; a writer adopts the equality indexes built for the snapshot it starts from
/// (and maintains them from then on) and makes the next snapshot's cache from this one minus the
/// views of the attributes it changed.
final class DerivedIndexCache: Sendable {
    private let views: Mutex<[Int: SortedKeys]>
    private let equality: Mutex<[Int: EqualityIndex]>

    init(_ views: [Int: SortedKeys] = [:]) {
        self.views = Mutex(views)
        equality = Mutex([:])
    }

    /// A cache for the next snapshot, without the views of `dirty` attributes.
    func invalidating(_ dirty: Set<Int>) -> DerivedIndexCache {
        let kept = views.withLock { v in v.filter { !dirty.contains($0.key) } }
        return DerivedIndexCache(kept)
    }

    /// The equality indexes built for this snapshot so far.
    var builtEqualityIndexes: [Int: EqualityIndex] { equality.withLock { $0 } }

    /// The equality index of an attribute, building it with `build` when missing. The build runs
    /// without the lock held; two readers may build the same index once each.
    func equalityIndex(_ attribute: Int, build: () -> EqualityIndex) -> EqualityIndex {
        if let i = equality.withLock({ $0[attribute] }) { return i }
        let built = build()
        equality.withLock { $0[attribute] = built }
        return built
    }

    /// The view for an attribute, building it from `index` when missing. The build runs without
    /// the lock held; two readers may build the same view once each.
    func sortedKeys(_ attribute: Int, index: EqualityIndex) -> SortedKeys {
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
