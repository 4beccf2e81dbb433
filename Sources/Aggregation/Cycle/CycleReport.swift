// GVE — Aggregation
// What one cycle did, with true counts: what the sink actually applied, what it refused, which sources
// failed and why.

import Foundation
public import LDAPCore

/// The status of one source in one cycle.
public struct SourceStatus: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// New output was accepted (this many entries).
        case updated(entries: Int)
        /// The output was byte-identical to the last accepted output.
        case unchanged
        /// The source failed; its last good data stays published.
        case failed(SourceFailure)
    }
    public var source: SourceID
    public var state: State
    public var duration: Duration
}

/// The result of one aggregation cycle.
public struct CycleReport: Sendable {
    /// The cycle's wall time (passed in by the caller).
    public var startedAt: Date
    /// Whole cycle, monotonic.
    public var duration: Duration = .zero
    /// Reading `BDII_LDIF_DIR` (the slowest file; files are read in parallel).
    public var readTime: Duration = .zero
    /// Running providers and fetching remote sources (the slowest one; they run in parallel).
    public var providersTime: Duration = .zero
    public var pluginsTime: Duration = .zero
    /// Reconciling and applying the changes.
    public var dbUpdateTime: Duration = .zero

    /// Entries added, modified and deleted in the sink (zero when the sink refused the cycle).
    public var added = 0
    public var modified = 0
    public var deleted = 0
    /// Modifies that set the status of newly vanished entries to unknown (included in ``modified``).
    public var markedVanished = 0
    /// Changes the sink refused (the whole cycle's changes when it throws: it applies all or nothing).
    public var failedAdds = 0
    public var failedModifies = 0
    public var failedDeletes = 0
    public var sinkError: AggregationError?

    /// Content entries published after the cycle.
    public var totalEntries = 0
    /// Entries kept after vanishing (status unknown), waiting for the delete delay.
    public var keptVanishedEntries = 0
    /// Published entries past GLUE2EntityCreationTime + GLUE2EntityValidity (flagged, not deleted).
    public var expiredEntries = 0
    /// Up to 100 of the expired entries' DNs.
    public var expiredSample: [DistinguishedName] = []
    /// DNs published by more than one source (the earliest source wins).
    public var duplicateDNs = 0
    /// Remote entries dropped by DN rewriting (outside `o=glue` / `o=grid`, or the remote's suffixes).
    public var droppedEntries = 0
    /// Every source, in priority order, then the plugins.
    public var sources: [SourceStatus] = []
    /// Remote sources followed by push at the end of the cycle (not polled), by name.
    public var pushedSources: [String] = []
    /// True when the cycle was cancelled (shutdown) before applying anything.
    public var cancelled = false

    /// The sources that failed this cycle.
    public var failures: [SourceFailure] {
        sources.compactMap { if case .failed(let f) = $0.state { return f } else { return nil } }
    }

    public init(startedAt: Date) { self.startedAt = startedAt }
}
