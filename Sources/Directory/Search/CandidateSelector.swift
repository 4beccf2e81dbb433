// GVE — Directory
// Candidate sets from the indexes, as back-mdb's filterindex.c builds them
// (OL:servers/slapd/back-mdb/filterindex.c): a superset of the entries that can match. NOT and
// anything unindexed mean "all"; every candidate is re-tested by FilterEvaluator.
import LDAPSchema

/// Sorted entry ids that may match, or every entry.
enum Candidates: Sendable {
    case all
    case some([EntryID])

    static let none = Candidates.some([])
}

struct CandidateSelector {
    let state: DirectoryState

    func candidates(_ f: CompiledFilter) -> Candidates {
        switch f {
        case .constant(let r):
            return r == .isTrue ? .all : .none
        case .not, .extensible:
            return .all
        case .and(let fs):
            var lists: [[EntryID]] = []
            for g in fs {
                switch candidates(g) {
                case .all: continue
                case .some(let ids):
                    if ids.isEmpty { return .none }
                    lists.append(ids)
                }
            }
            guard !lists.isEmpty else { return .all }
            lists.sort { $0.count < $1.count }
            var acc = lists[0]
            for l in lists.dropFirst() {
                acc = Self.intersect(acc, l)
                if acc.isEmpty { break }
            }
            return .some(acc)
        case .or(let fs):
            var lists: [[EntryID]] = []
            for g in fs {
                switch candidates(g) {
                case .all: return .all
                case .some(let ids): lists.append(ids)
                }
            }
            return .some(Self.union(lists))
        case .present(let sel), .approximate(let sel, _):
            return .some(Self.union(sel.typeIDs.map { state.cache.sortedKeys($0, index: state.equalityIndex($0)).present }))
        case .equality(let sel, let key):
            return .some(Self.union(sel.typeIDs.compactMap { state.equalityIndex($0)[IndexKey(key)] }))
        case .ordering(let sel, let key, let greater, _, let usesKeys):
            guard usesKeys else { return .all }
            var lists: [[EntryID]] = []
            for t in sel.typeIDs {
                let index = state.equalityIndex(t)
                let view = state.cache.sortedKeys(t, index: index)
                let lb = Self.lowerBound(view.keys, key)
                let range: Range<Int>
                if greater {
                    range = lb..<view.keys.count
                } else {
                    let ub = lb < view.keys.count && view.keys[lb] == key ? lb + 1 : lb
                    range = 0..<ub
                }
                for k in view.keys[range] { if let ids = index[IndexKey(k)] { lists.append(ids) } }
            }
            return .some(Self.union(lists))
        case .substrings(let sel, let initial, let any, let final, _, let usesKeys):
            guard usesKeys else { return .all }
            var lists: [[EntryID]] = []
            for t in sel.typeIDs {
                let index = state.equalityIndex(t)
                let view = state.cache.sortedKeys(t, index: index)
                var slice = view.keys[...]
                if let initial {
                    let lb = Self.lowerBound(view.keys, initial)
                    var ub = lb
                    while ub < view.keys.count && view.keys[ub].starts(with: initial) { ub += 1 }
                    slice = view.keys[lb..<ub]
                }
                for k in slice where FilterEvaluator.substringMatch(k, initial: initial, any: any, final: final) {
                    if let ids = index[IndexKey(k)] { lists.append(ids) }
                }
            }
            return .some(Self.union(lists))
        }
    }

    static func lowerBound(_ keys: [[UInt8]], _ key: [UInt8]) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid].lexicographicallyPrecedes(key) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func intersect(_ a: [EntryID], _ b: [EntryID]) -> [EntryID] {
        var out: [EntryID] = []
        out.reserveCapacity(min(a.count, b.count))
        if a.count * 16 < b.count {
            for x in a {
                let i = DirectoryState.lowerBound(b, x)
                if i < b.count && b[i] == x { out.append(x) }
            }
            return out
        }
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { i += 1 } else if a[i] > b[j] { j += 1 } else { out.append(a[i]); i += 1; j += 1 }
        }
        return out
    }

    static func union(_ lists: [[EntryID]]) -> [EntryID] {
        switch lists.count {
        case 0: return []
        case 1: return lists[0]
        default:
            var all: [EntryID] = []
            all.reserveCapacity(lists.reduce(0) { $0 + $1.count })
            for l in lists { all.append(contentsOf: l) }
            all.sort()
            var out: [EntryID] = []
            out.reserveCapacity(all.count)
            for x in all where out.last != x { out.append(x) }
            return out
        }
    }
}
