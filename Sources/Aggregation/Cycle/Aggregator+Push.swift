// GVE — Aggregation
// Push between levels: a remote source whose peer can push (an LDAP persistent search) is followed
// instead of polled. Its first message is a full read; each later change is rewritten into this level's
// namespace and applied to the sink at once. When the feed breaks, cycles poll the source again until
// it is re-established (with a new full read).

import Foundation
public import LDAPCore
import Logging

/// What a pushing peer reports, in its own namespace (DNs not yet rewritten).
public enum RemoteChange: Sendable, Hashable {
    /// Everything the peer publishes now (the start of a feed, and after each reconnect).
    case snapshot([LDAPEntry])
    /// An entry added or modified: its full content after the change.
    case upsert(LDAPEntry)
    /// An entry deleted.
    case delete(DistinguishedName)
    /// An entry renamed or moved: its DN before, and its full content after.
    case rename(from: DistinguishedName, to: LDAPEntry)
}

/// A remote source client that can also follow a peer's changes.
public protocol PushingRemoteSource: RemoteDirectorySource {
    /// Opens the peer's change feed.
    /// - Parameters:
    ///   - url: the source's LDAP URL from `GVE_SOURCE_URLS`.
    ///   - timeout: how long the initial full read may take.
    ///   - sizeLimit: the source's entry cap.
    /// - Returns: nil when the peer cannot push (it is then polled); otherwise the changes, starting with
    ///   one ``RemoteChange/snapshot(_:)``. The stream throws or finishes when the feed breaks.
    /// - Throws: when the peer cannot be reached.
    func follow(url: String, timeout: Duration, sizeLimit: Int) async throws -> AsyncThrowingStream<RemoteChange, any Error>?
}

/// What applying one pushed change did.
public struct PushReport: Sendable, Hashable {
    public var source: SourceID
    public var added = 0
    public var modified = 0
    public var deleted = 0
    /// Changes the sink refused (retried by the next cycle's comparison).
    public var failed = 0
    /// Entries dropped by DN rewriting.
    public var dropped = 0
}

extension Aggregator {
    /// The remote sources followed by push now.
    public var pushedSources: Set<SourceID> { Set(following.keys) }

    /// Applies one change pushed by a remote source, at once (no cycle): rewrites its DNs as a poll
    /// would, reconciles only the DNs it names, and applies the result to the sink atomically. A
    /// ``RemoteChange/snapshot(_:)`` replaces the source's entries and marks the source as followed, so
    /// cycles stop polling it until ``stopFollowing(_:)``.
    /// - Parameters:
    ///   - change: the change, in the peer's namespace.
    ///   - source: the remote source (kind `.remote`).
    ///   - now: wall time (delete delay of entries that vanish with a snapshot).
    /// - Returns: the counts.
    @discardableResult
    public func applyPushed(_ change: RemoteChange, from source: SourceID, now: Date) -> PushReport {
        var push = PushReport(source: source)
        let rewriter = collector.rewriter
        let outcome: SourceReading.Outcome
        switch change {
        case .snapshot(let entries):
            let (kept, dropped) = rewriter.rewrite(entries)
            push.dropped = dropped
            let previous = state.sources[source]?.entries ?? [:]
            outcome = .entries(kept.map { e in
                let a = AcceptedEntry(e)
                if let old = previous[a.key], old.contentHash == a.contentHash { return old }
                return a
            })
            following[source] = following[source] ?? 0
        case .upsert(let entry):
            let (kept, dropped) = rewriter.rewrite([entry])
            push.dropped = dropped
            outcome = .patched(upserts: kept.map(AcceptedEntry.init), deletes: [])
        case .delete(let dn):
            outcome = .patched(upserts: [], deletes: rewriter.rewrite(dn).map { [DNKey.of($0)] } ?? [])
        case .rename(let from, let entry):
            let (kept, dropped) = rewriter.rewrite([entry])
            push.dropped = dropped
            outcome = .patched(upserts: kept.map(AcceptedEntry.init), deletes: rewriter.rewrite(from).map { [DNKey.of($0)] } ?? [])
        }
        // Every other source as it stands (so none is taken for removed), in priority order.
        var order = collector.contentSources().sources
        for id in state.sources.keys.sorted() where !order.contains(id) { order.append(id) }
        if !order.contains(source) { order.append(source) }
        let readings = order.map { id in
            id == source ? SourceReading(source: id, outcome: outcome, digest: nil)
                : SourceReading(source: id, outcome: .unchanged, digest: state.sources[id]?.digest)
        }
        let plugins = state.plugins.map { ($0.key, Result<[LDAPChange], SourceFailure>.success($0.value)) }
        let reconciliation = state.reconcile(readings: readings, plugins: plugins, now: now,
                                             deleteDelay: configuration.deleteDelay, policy: policy)
        guard !reconciliation.changes.isEmpty else { return push }
        do {
            try sink.apply(reconciliation.changes)
            push.added = reconciliation.added
            push.modified = reconciliation.modified
            push.deleted = reconciliation.deleted
        } catch {
            var report = CycleReport(startedAt: now)
            applyOneByOne(reconciliation, batchError: error, into: &report)
            push.added = report.added
            push.modified = report.modified
            push.deleted = report.deleted
            push.failed = report.failedAdds + report.failedModifies + report.failedDeletes
        }
        following[source, default: 0] += push.added + push.modified + push.deleted
        return push
    }

    /// Stops treating a source as followed: cycles poll it again (its feed broke).
    public func stopFollowing(_ source: SourceID) {
        following[source] = nil
    }

    /// Follows one remote source's pushed changes for as long as the task runs: connects, applies the
    /// initial full read and then each change; when the feed breaks, lets cycles poll the source and
    /// tries again after `retry`. Returns at once when the peer cannot push (it stays polled).
    /// - Parameters:
    ///   - remote: the source's configuration.
    ///   - client: the LDAP client that can follow.
    ///   - retry: the wait before reconnecting after the feed broke.
    ///   - wallClock: the time passed with each change.
    ///   - sleep: waits (inject a test clock).
    public nonisolated func follow(
        _ remote: RemoteSourceConfiguration, client: any PushingRemoteSource, retry: Duration,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) async {
        let id = SourceID(.remote, remote.name)
        let limits = configuration.limits(for: remote.name)
        let timeout = limits.timeout ?? configuration.readTimeout
        // Reconnects back off from `retry` to the breathe time while the peer stays unreachable.
        var wait = retry
        while !Task.isCancelled {
            do {
                guard let changes = try await client.follow(url: remote.url, timeout: timeout, sizeLimit: limits.maxEntries) else {
                    logger.info("peer cannot push; polling it every cycle", metadata: ["source": "\(id)"])
                    return
                }
                logger.info("following pushed changes", metadata: ["source": "\(id)"])
                wait = retry
                for try await change in changes {
                    await applyPushed(change, from: id, now: wallClock())
                }
                logger.warning("push feed ended; polling until it is back", metadata: ["source": "\(id)"])
            } catch {
                if Task.isCancelled { break }
                let level: Logger.Level = wait == retry ? .warning : .debug
                logger.log(level: level, "push feed failed; polling until it is back", metadata: ["source": "\(id)", "error": "\(error)"])
            }
            await stopFollowing(id)
            do { try await sleep(wait) } catch { break }
            wait = min(wait * 2, max(retry, configuration.breatheTime))
        }
        await stopFollowing(id)
    }
}
