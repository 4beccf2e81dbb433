// GVE — Aggregation
// The value-type core of a cycle: what each source last contributed, what is published, which entries
// vanished and when, and the reconciliation that turns new readings into a minimal list of changes.

import Foundation
public import LDAPCore

/// Everything the aggregator remembers between cycles. Pure: no I/O, time passed in.
public struct AggregationState: Sendable {
    struct SourceState: Sendable {
        var digest: SourceDigest?
        /// Entries keyed by normalised DN.
        var entries: [String: AcceptedEntry]
    }

    var sources: [SourceID: SourceState] = [:]
    /// Normalised DN → the sources that publish it (any order; the highest-priority one wins).
    var owners: [String: [SourceID]] = [:]
    /// Last good change records per plugin.
    var plugins: [SourceID: [LDAPChange]] = [:]
    /// What the sink holds (content entries), keyed by normalised DN.
    var published: [String: AcceptedEntry] = [:]
    /// Entries kept after vanishing, with the time they vanished.
    var vanished: [String: Date] = [:]
    /// CreationTime + Validity of published GLUE 2 entries that carry both.
    var expiry: [String: Date] = [:]
    /// DNs the next cycle must compare even if no source changed: adopted entries (see ``adopt(_:)``)
    /// and entries whose change the sink refused.
    var recheck: Set<String> = []

    public init() {}

    /// Takes entries the sink already holds (e.g. a persistent directory after a restart) as published,
    /// so the first cycle updates them with minimal modifies instead of re-adding them, and treats those
    /// no source publishes any more as vanished (kept for the delete delay, then deleted).
    /// - Parameter entries: the sink's entries with user attributes only (no operational attributes).
    public mutating func adopt(_ entries: [LDAPEntry]) {
        for e in entries {
            let accepted = AcceptedEntry(e)
            let key = accepted.key
            published[key] = accepted
            expiry[key] = GLUETime.expiry(of: e)
            recheck.insert(key)
        }
    }

    /// The digest of each source's last accepted output.
    public var digests: [SourceID: SourceDigest] { sources.compactMapValues(\.digest) }
    /// The number of published content entries.
    public var publishedCount: Int { published.count }
    /// Published entries, in no particular order.
    public var publishedEntries: [LDAPEntry] { published.values.map(\.entry) }
    /// The number of entries currently kept after vanishing.
    public var vanishedCount: Int { vanished.count }
}

/// The outcome of reconciling one cycle's readings with the state.
public struct Reconciliation: Sendable {
    /// The changes to apply, in a safe order: adds (parents first), modifies, deletes (children first).
    public var changes: [LDAPChange]
    /// The normalised DN of each change (parallel to ``changes``).
    public var changeKeys: [String] = []
    /// Published state of every compared DN before this reconciliation, for ``AggregationState/revert(_:of:)``.
    var previous: [String: (published: AcceptedEntry?, vanished: Date?, expiry: Date?)] = [:]
    public var added = 0
    public var modified = 0
    public var deleted = 0
    /// Modifies that set the status of newly vanished entries (included in ``modified``).
    public var markedVanished = 0
    /// DNs published by more than one source, or twice by one source (the first wins).
    public var duplicateDNs = 0
    public var failures: [SourceFailure] = []
    /// Restores the state as it was before ``AggregationState/reconcile(readings:plugins:now:deleteDelay:policy:)``.
    var undo: [@Sendable (inout AggregationState) -> Void] = []
}

extension AggregationState {
    /// Reconciles one cycle's readings with the state, mutating it to the new published view.
    ///
    /// Only DNs that a changed source, a changed plugin or an expiring delete delay touches are compared,
    /// and they are compared by content hash first: an unchanged cycle does no per-entry work.
    ///
    /// - Parameters:
    ///   - readings: every configured content source, in priority order (earlier wins on duplicate DNs).
    ///     Sources in the state but absent here were removed from the configuration: their entries vanish.
    ///   - plugins: every configured plugin's changes or failure (a failed plugin keeps its last changes).
    ///   - now: the cycle's wall time.
    ///   - deleteDelay: how long vanished entries are kept; zero deletes them at once.
    ///   - policy: the status attributes set on kept vanished entries.
    /// - Returns: the changes and counts; call ``rollback(_:)`` to undo all of it, or ``revert(_:of:)`` for
    ///   the DNs whose change the sink refused.
    public mutating func reconcile(
        readings: [SourceReading],
        plugins pluginResults: [(SourceID, Result<[LDAPChange], SourceFailure>)] = [],
        now: Date,
        deleteDelay: Duration,
        policy: VanishedStatusPolicy = .glue
    ) -> Reconciliation {
        var result = Reconciliation(changes: [])
        var touched = Set<String>()
        var priority: [SourceID: Int] = [:]
        for (i, r) in readings.enumerated() { priority[r.source] = i }

        // 1. Sources: replace the state of each changed source; collect the DNs whose content may differ.
        var replacements: [(SourceID, SourceState?)] = []
        var patches: [(SourceID, [AcceptedEntry], [String])] = []
        for reading in readings {
            switch reading.outcome {
            case .unchanged: continue
            case .failed(let failure): result.failures.append(failure)
            case .patched(let upserts, let deletes): patches.append((reading.source, upserts, deletes))
            case .entries(let entries):
                var map: [String: AcceptedEntry] = [:]
                map.reserveCapacity(entries.count)
                for e in entries {
                    let key = e.key
                    if map[key] == nil { map[key] = e } else { result.duplicateDNs += 1 }
                }
                replacements.append((reading.source, SourceState(digest: reading.digest, entries: map)))
            }
        }
        for removed in sources.keys where priority[removed] == nil { replacements.append((removed, nil)) }
        for (id, newState) in replacements {
            let oldState = sources[id]
            let oldEntries = oldState?.entries ?? [:]
            let newEntries = newState?.entries ?? [:]
            for (key, e) in newEntries {
                if let old = oldEntries[key] {
                    if old.contentHash != e.contentHash { touched.insert(key) }
                } else {
                    touched.insert(key)
                    addOwner(id, for: key, undo: &result.undo)
                }
            }
            for key in oldEntries.keys where newEntries[key] == nil {
                touched.insert(key)
                removeOwner(id, for: key, undo: &result.undo)
            }
            sources[id] = newState
            result.undo.append { $0.sources[id] = oldState }
        }
        // Pushed changes: only the DNs they name are compared. The digest is forgotten, so the next poll
        // of the source (after push stops) compares everything.
        for (id, upserts, deletes) in patches {
            let oldState = sources[id]
            var state = oldState ?? SourceState(digest: nil, entries: [:])
            state.digest = nil
            for e in upserts {
                let key = e.key
                if let old = state.entries[key] {
                    if old.contentHash != e.contentHash { touched.insert(key) }
                } else {
                    touched.insert(key)
                    addOwner(id, for: key, undo: &result.undo)
                }
                state.entries[key] = e
            }
            for key in deletes where state.entries.removeValue(forKey: key) != nil {
                touched.insert(key)
                removeOwner(id, for: key, undo: &result.undo)
            }
            sources[id] = state
            result.undo.append { $0.sources[id] = oldState }
        }
        for key in touched where (owners[key]?.count ?? 0) > 1 { result.duplicateDNs += 1 }

        // 2. Plugins: a plugin whose changes differ touches the DNs of its old and new changes.
        for (id, outcome) in pluginResults {
            switch outcome {
            case .failure(let failure): result.failures.append(failure)
            case .success(let changes):
                let old = self.plugins[id]
                guard old != changes else { continue }
                for c in (old ?? []) + changes { touched.insert(DNKey.of(c.dn)) }
                self.plugins[id] = changes
                result.undo.append { $0.plugins[id] = old }
            }
        }
        let configuredPlugins = Set(pluginResults.map { $0.0 })
        for id in self.plugins.keys where !configuredPlugins.contains(id) {
            let old = self.plugins.removeValue(forKey: id)
            for c in old ?? [] { touched.insert(DNKey.of(c.dn)) }
            result.undo.append { $0.plugins[id] = old }
        }
        var pluginIndex: [String: [LDAPChange]] = [:]
        if !self.plugins.isEmpty {
            for id in self.plugins.keys.sorted() {
                for c in self.plugins[id]! { pluginIndex[DNKey.of(c.dn), default: []].append(c) }
            }
        }

        // 3. Adopted entries are compared once; kept vanished entries whose delay ran out.
        if !recheck.isEmpty {
            touched.formUnion(recheck)
            let old = recheck
            recheck = []
            result.undo.append { $0.recheck = old }
        }
        for (key, since) in vanished where since.addingTimeInterval(deleteDelay.seconds) <= now { touched.insert(key) }

        // 4. Compare the desired and the published version of every touched DN.
        var adds: [(key: String, change: LDAPChange)] = []
        var modifies: [(key: String, change: LDAPChange)] = []
        var deletes: [(key: String, change: LDAPChange)] = []
        result.previous.reserveCapacity(touched.count)
        for key in touched {
            result.previous[key] = (published[key], vanished[key], expiry[key])
            var desired: AcceptedEntry?
            if let owner = owners[key]?.min(by: { (priority[$0] ?? .max) < (priority[$1] ?? .max) }) {
                desired = sources[owner]?.entries[key]
            }
            var deletedByPlugin = false
            if let ops = pluginIndex[key] {
                var entry = desired?.entry
                for op in ops {
                    switch op {
                    case .add(let e): entry = e
                    case .delete: entry = nil; deletedByPlugin = true
                    case .modify(_, let mods): if let e = entry { entry = EntryDiff.applying(mods, to: e) }
                    case .modifyDN: continue
                    }
                }
                desired = entry.map(AcceptedEntry.init)
            }
            let current = published[key]
            switch (desired, current) {
            case (nil, nil):
                setVanished(key, nil, undo: &result.undo)
            case (nil, let current?):
                if let since = vanished[key] {
                    guard since.addingTimeInterval(deleteDelay.seconds) <= now else { continue }
                } else if deleteDelay > .zero, !deletedByPlugin {
                    setVanished(key, now, undo: &result.undo)
                    let marked = AcceptedEntry(policy.marked(current.entry, since: now))
                    if marked.contentHash != current.contentHash {
                        modifies.append((key, .modify(current.entry.dn, EntryDiff.modifications(from: current.entry, to: marked.entry))))
                        result.markedVanished += 1
                        setPublished(key, marked, undo: &result.undo)
                    }
                    continue
                }
                deletes.append((key, .delete(current.entry.dn)))
                setVanished(key, nil, undo: &result.undo)
                setPublished(key, nil, undo: &result.undo)
            case (let desired?, nil):
                adds.append((key, .add(desired.entry)))
                setVanished(key, nil, undo: &result.undo)
                setPublished(key, desired, undo: &result.undo)
            case (let desired?, let current?):
                setVanished(key, nil, undo: &result.undo)
                guard desired.contentHash != current.contentHash else { continue }
                let mods = EntryDiff.modifications(from: current.entry, to: desired.entry)
                if !mods.isEmpty { modifies.append((key, .modify(current.entry.dn, mods))) }
                var kept = desired
                kept.entry.dn = current.entry.dn  // the published spelling of the DN stays
                setPublished(key, kept, undo: &result.undo)
            }
        }
        // Parents before children for adds, children before parents for deletes; by key within a depth.
        adds.sort { ($0.change.dn.rdns.count, $0.key) < ($1.change.dn.rdns.count, $1.key) }
        modifies.sort { $0.key < $1.key }
        deletes.sort { ($0.change.dn.rdns.count, $1.key) > ($1.change.dn.rdns.count, $0.key) }
        result.added = adds.count
        result.modified = modifies.count
        result.deleted = deletes.count
        result.changes.reserveCapacity(adds.count + modifies.count + deletes.count)
        result.changes += adds.lazy.map(\.change)
        result.changes += modifies.lazy.map(\.change)
        result.changes += deletes.lazy.map(\.change)
        result.changeKeys.reserveCapacity(result.changes.count)
        result.changeKeys += adds.lazy.map(\.key)
        result.changeKeys += modifies.lazy.map(\.key)
        result.changeKeys += deletes.lazy.map(\.key)
        return result
    }

    /// Undoes a reconciliation whose changes the sink rejected.
    public mutating func rollback(_ reconciliation: Reconciliation) {
        for step in reconciliation.undo.reversed() { step(&self) }
    }

    /// Undoes the part of a reconciliation whose changes the sink refused, one DN at a time: those DNs
    /// get their previous published state back and are compared again next cycle (so the change is
    /// retried, and reported again if it still fails).
    public mutating func revert(_ keys: Set<String>, of reconciliation: Reconciliation) {
        for key in keys {
            guard let before = reconciliation.previous[key] else { continue }
            published[key] = before.published
            vanished[key] = before.vanished
            expiry[key] = before.expiry
            recheck.insert(key)
        }
    }

    /// Published entries whose CreationTime + Validity lies before `now`.
    /// - Parameter limit: how many DNs to return at most (the count is always exact).
    public func expiredEntries(at now: Date, limit: Int = 100) -> (count: Int, sample: [DistinguishedName]) {
        var count = 0
        var sample: [DistinguishedName] = []
        for (key, date) in expiry where date < now {
            count += 1
            if sample.count < limit, let e = published[key] { sample.append(e.entry.dn) }
        }
        return (count, sample.sorted())
    }

    private mutating func addOwner(_ id: SourceID, for key: String, undo: inout [@Sendable (inout AggregationState) -> Void]) {
        owners[key, default: []].append(id)
        undo.append { $0.owners[key]?.removeAll { $0 == id }; if $0.owners[key]?.isEmpty == true { $0.owners[key] = nil } }
    }

    private mutating func removeOwner(_ id: SourceID, for key: String, undo: inout [@Sendable (inout AggregationState) -> Void]) {
        owners[key]?.removeAll { $0 == id }
        if owners[key]?.isEmpty == true { owners[key] = nil }
        undo.append { $0.owners[key, default: []].append(id) }
    }

    private mutating func setPublished(_ key: String, _ entry: AcceptedEntry?, undo: inout [@Sendable (inout AggregationState) -> Void]) {
        let old = published[key]
        let oldExpiry = expiry[key]
        published[key] = entry
        expiry[key] = entry.flatMap { GLUETime.expiry(of: $0.entry) }
        undo.append { $0.published[key] = old; $0.expiry[key] = oldExpiry }
    }

    private mutating func setVanished(_ key: String, _ date: Date?, undo: inout [@Sendable (inout AggregationState) -> Void]) {
        let old = vanished[key]
        guard old != date else { return }
        vanished[key] = date
        undo.append { $0.vanished[key] = old }
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
