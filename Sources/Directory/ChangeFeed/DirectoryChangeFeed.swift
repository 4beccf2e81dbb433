// GVE — Directory
// The change feed: committed changes, one event per entry changed, in commit order, to every
// subscriber. Delivery never blocks a writer: each subscriber has a bounded buffer, and one that
// falls further behind is ended with ``DirectoryChangeFeedOverflow`` (it must re-read and resubscribe).

public import LDAPCore
import Synchronization

/// One committed change to one entry.
public struct DirectoryChangeEvent: Sendable {
    /// What happened to the entry. The raw values are the `changeTypes` bits of the persistent search
    /// control (draft-ietf-ldapext-psearch-03 §4).
    public enum Kind: Int, Sendable, Hashable, CaseIterable {
        case add = 1
        case delete = 2
        case modify = 4
        case modifyDN = 8
    }

    public var kind: Kind
    /// Position in commit order: strictly increasing over the directory's lifetime (process-local).
    public var sequence: UInt64
    /// The entry after the change (for a delete, its last content), with its operational metadata.
    let record: EntryRecord
    /// The DN before a modifyDN (for the renamed entry and each moved descendant).
    public var previousDN: DistinguishedName?

    /// The entry's DN after the change (for a delete, the deleted DN).
    public var dn: DistinguishedName { record.dn }
    /// The entry's user attributes after the change (for a delete, its last content).
    public var entry: LDAPEntry { LDAPEntry(dn: record.dn, attributes: record.attributes) }
}

/// Ends a subscription that fell more than its buffer behind (the writer did not wait for it).
public struct DirectoryChangeFeedOverflow: Error, Sendable, CustomStringConvertible {
    /// The buffer size the subscriber was given.
    public var bufferLimit: Int
    public var description: String {
        "the subscriber fell more than \(bufferLimit) changes behind; re-read the directory and subscribe again"
    }
}

/// A live subscription to a directory's committed changes. Iterate ``events``; the stream throws
/// ``DirectoryChangeFeedOverflow`` when the subscriber falls behind, and finishes after ``cancel()``.
public struct DirectoryChangeSubscription: Sendable {
    /// The events, in commit order.
    public let events: AsyncThrowingStream<DirectoryChangeEvent, any Error>
    /// The sequence number of the last change committed before the subscription started; every later
    /// change is delivered.
    public let startSequence: UInt64
    let id: UInt64
    let feed: ChangeFeed

    /// Ends the subscription: the stream finishes after the events already buffered.
    public func cancel() { feed.finish(id) }
}

/// The subscribers of one directory. Written under the directory's writer lock, so events are
/// delivered in commit order.
final class ChangeFeed: Sendable {
    private struct Subscribers {
        var nextID: UInt64 = 1
        var sequence: UInt64 = 0
        var continuations: [UInt64: (AsyncThrowingStream<DirectoryChangeEvent, any Error>.Continuation, Int)] = [:]
    }
    private let subscribers = Mutex(Subscribers())
    private let active = Atomic<Int>(0)

    /// Whether anyone listens (writers skip building events otherwise).
    var isActive: Bool { active.load(ordering: .relaxed) > 0 }

    func subscribe(bufferLimit: Int) -> DirectoryChangeSubscription {
        let limit = max(1, bufferLimit)
        let (stream, continuation) = AsyncThrowingStream<DirectoryChangeEvent, any Error>.makeStream(bufferingPolicy: .bufferingOldest(limit))
        let (id, start) = subscribers.withLock { s in
            let id = s.nextID
            s.nextID += 1
            s.continuations[id] = (continuation, limit)
            return (id, s.sequence)
        }
        active.add(1, ordering: .relaxed)
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return DirectoryChangeSubscription(events: stream, startSequence: start, id: id, feed: self)
    }

    private func remove(_ id: UInt64) {
        let removed = subscribers.withLock { $0.continuations.removeValue(forKey: id) != nil }
        if removed { active.subtract(1, ordering: .relaxed) }
    }

    func finish(_ id: UInt64) {
        let c = subscribers.withLock { $0.continuations[id]?.0 }
        c?.finish()
    }

    /// Numbers the events and hands them to every subscriber; a full buffer ends that subscriber.
    func publish(_ pending: [(DirectoryChangeEvent.Kind, EntryRecord, DistinguishedName?)]) {
        guard !pending.isEmpty else { return }
        let (events, targets) = subscribers.withLock { s -> ([DirectoryChangeEvent], [(AsyncThrowingStream<DirectoryChangeEvent, any Error>.Continuation, Int)]) in
            var events: [DirectoryChangeEvent] = []
            events.reserveCapacity(pending.count)
            for (kind, record, previous) in pending {
                s.sequence += 1
                events.append(DirectoryChangeEvent(kind: kind, sequence: s.sequence, record: record, previousDN: previous))
            }
            return (events, Array(s.continuations.values))
        }
        for (continuation, limit) in targets {
            for e in events {
                if case .dropped = continuation.yield(e) {
                    continuation.finish(throwing: DirectoryChangeFeedOverflow(bufferLimit: limit))
                    break
                }
            }
        }
    }
}

extension Directory {
    /// Subscribes to the changes committed from now on (RFC-less: the server's persistent search and
    /// the aggregation of lower levels are built on it).
    ///
    /// Events come in commit order, one per entry changed: an add, a modify, a delete, and for a
    /// modifyDN one event for the entry and one for each moved descendant. Writers never wait for a
    /// subscriber: when one has `bufferLimit` events unread, its stream ends with
    /// ``DirectoryChangeFeedOverflow``.
    /// - Parameter bufferLimit: how many unread events the subscriber may hold.
    /// - Returns: the subscription; cancel it (or stop iterating) to unsubscribe.
    public func subscribeChanges(bufferLimit: Int = 4096) -> DirectoryChangeSubscription {
        changeFeed.subscribe(bufferLimit: bufferLimit)
    }

    /// The entry an event shows to a search, or nil when the entry is outside the search's scope or does
    /// not match its filter (evaluated with the schema's matching rules, as a search would).
    /// - Parameters:
    ///   - event: a change from ``subscribeChanges(bufferLimit:)``.
    ///   - query: base, scope, filter, attribute selection and typesOnly of the search.
    /// - Returns: the entry projected to the query's attribute selection.
    public func visibleEntry(_ event: DirectoryChangeEvent, for query: SearchQuery) -> LDAPEntry? {
        let dn = event.record.dn
        switch query.scope {
        case .baseObject: guard dn == query.base else { return nil }
        case .singleLevel: guard dn.parent == query.base else { return nil }
        default: guard dn.isDescendant(of: query.base) else { return nil }
        }
        let stored = builder.stored(event.record, id: 0, parent: nil)
        let filter = FilterCompiler(schema: schema, revealsPasswords: query.revealsPasswords).compile(query.filter)
        guard FilterEvaluator(schema: schema).evaluate(filter, stored) == .isTrue else { return nil }
        return Projection(query.attributes, typesOnly: query.typesOnly, revealsPasswords: query.revealsPasswords, schema: schema)
            .project(stored, hasChildren: false, schema: schema)
    }

    /// The events a batch of mutations makes, read against the state before the mutations.
    func changeEvents(_ mutations: [StateMutation], before state: DirectoryState) -> [(DirectoryChangeEvent.Kind, EntryRecord, DistinguishedName?)] {
        mutations.compactMap { m in
            switch m {
            case .put(let r):
                return (state.id(ofNormalizedDN: r.dn.key) == nil ? .add : .modify, r, nil)
            case .delete(let key):
                guard let id = state.id(ofNormalizedDN: key), let e = state.entry(id) else { return nil }
                return (.delete, EntryRecord(dn: e.dn, attributes: e.userEntry(schema: schema).attributes, metadata: e.metadata), nil)
            case .rename(let from, let r):
                let old = state.id(ofNormalizedDN: from).flatMap { state.entry($0)?.dn }
                return (.modifyDN, r, old)
            }
        }
    }
}
