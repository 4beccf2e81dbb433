// GVE — Directory
// Copy-on-write containers split into shards, so that a writer working on a copy of a snapshot
// copies one shard (a fraction of the data) instead of the whole container.

/// A dictionary split into 64 shard dictionaries by hash. Value semantics: copying is O(64);
/// mutating a copy copies only the touched shard.
struct ShardedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private var shards: [[Key: Value]]
    private(set) var count = 0

    init() { shards = Array(repeating: [:], count: 64) }

    @inline(__always) private func shard(_ key: Key) -> Int { key.hashValue & 63 }

    subscript(key: Key) -> Value? {
        get { shards[shard(key)][key] }
        set {
            let s = shard(key)
            if let newValue {
                if shards[s].updateValue(newValue, forKey: key) == nil { count += 1 }
            } else if shards[s].removeValue(forKey: key) != nil {
                count -= 1
            }
        }
    }

    /// Mutates the value for `key` in place (inserting `defaultValue` first when absent).
    mutating func modify<R>(_ key: Key, default defaultValue: @autoclosure () -> Value, _ body: (inout Value) -> R) -> R {
        let s = shard(key)
        if shards[s][key] == nil { count += 1 }
        return body(&shards[s][key, default: defaultValue()])
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        let v = shards[shard(key)].removeValue(forKey: key)
        if v != nil { count -= 1 }
        return v
    }

    /// Every key and value, in no particular order.
    func forEach(_ body: (Key, Value) -> Void) {
        for s in shards { for (k, v) in s { body(k, v) } }
    }

    var keys: [Key] {
        var out: [Key] = []
        out.reserveCapacity(count)
        for s in shards { out.append(contentsOf: s.keys) }
        return out
    }
}

/// An array of optional elements stored in chunks of 512; copying is O(n/512) and mutating a copy
/// copies one chunk.
struct ChunkedStore<Element: Sendable>: Sendable {
    private var chunks: [[Element?]] = []
    /// One past the highest index ever set.
    private(set) var endIndex = 0

    @inline(__always) subscript(index: Int) -> Element? {
        get {
            let c = index >> 9
            return c < chunks.count ? chunks[c][index & 511] : nil
        }
        set {
            let c = index >> 9
            while chunks.count <= c { chunks.append(Array(repeating: nil, count: 512)) }
            chunks[c][index & 511] = newValue
            if newValue != nil && index >= endIndex { endIndex = index + 1 }
        }
    }
}

/// A normalized value as an index key, hashed as one block of bytes (Array<UInt8> hashes byte by byte).
struct IndexKey: Hashable, Sendable {
    let bytes: [UInt8]

    @inline(__always) init(_ bytes: [UInt8]) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: IndexKey, b: IndexKey) -> Bool { a.bytes == b.bytes }
}
