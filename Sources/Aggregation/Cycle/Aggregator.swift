// GVE — Aggregation
// One registry's aggregation: reads its sources, reconciles them with what it published, applies the
// minimal changes to the sink in one atomic call, then publishes its statistics.

import Foundation
import LDAPCore
public import Logging

/// Runs aggregation cycles against a ``DirectorySink``. One per registry; ``CycleService`` drives it.
public actor Aggregator {
    public let configuration: BDIIConfiguration
    let collector: SourceCollector
    let sink: any DirectorySink
    let policy: VanishedStatusPolicy
    let statistics: InfosysStatistics?
    let logger: Logger
    /// What the aggregator has published and what each source last contributed.
    public internal(set) var state = AggregationState()
    private var publishedStatistics: [String: LDAPEntry] = [:]
    /// The last cycle's report.
    public private(set) var lastReport: CycleReport?
    /// Remote sources followed by push now (not polled by cycles), with the changes applied from each.
    var following: [SourceID: Int] = [:]

    /// - Parameters:
    ///   - configuration: sources, timeouts, limits, delete delay, mode.
    ///   - sink: where changes go (the registry's Directory).
    ///   - remote: the LDAP client for `GVE_SOURCE_URLS` (nil: remote sources fail with a clear report).
    ///   - policy: the status attributes set on vanished entries kept for the delete delay.
    ///   - statistics: how to publish the `o=infosys` entries; nil publishes none.
    ///   - logger: receives one line per cycle and one per failed source.
    public init(
        configuration: BDIIConfiguration,
        sink: any DirectorySink,
        remote: (any RemoteDirectorySource)? = nil,
        policy: VanishedStatusPolicy = .glue,
        statistics: InfosysStatistics? = nil,
        logger: Logger = Logger(label: "gve.aggregation")
    ) {
        self.configuration = configuration
        self.collector = SourceCollector(configuration: configuration, remote: remote)
        self.sink = sink
        self.policy = policy
        self.statistics = statistics
        self.logger = logger
    }

    /// Takes the entries the sink already holds as published (call before the first cycle when the
    /// directory kept its data across a restart). Entries under the statistics base become the published
    /// statistics; the others are reconciled by the next cycle (see ``AggregationState/adopt(_:)``).
    /// - Parameter entries: the sink's entries, user attributes only.
    public func adopt(_ entries: [LDAPEntry]) {
        var content: [LDAPEntry] = []
        for e in entries {
            if let statistics, e.dn.isDescendant(of: statistics.base) {
                publishedStatistics[DNKey.of(e.dn)] = e
            } else {
                content.append(e)
            }
        }
        state.adopt(content)
    }

    /// Runs one cycle.
    ///
    /// Reads every source (LDIF files, providers and remote sources in parallel), then runs the plugins,
    /// reconciles, and applies the changes with one atomic ``DirectorySink/apply(_:)`` call (none when
    /// nothing changed). If the sink refuses the batch, each change is applied on its own; refused ones
    /// are counted (FailedAdds/Modifies/Deletes), named in ``CycleReport/sinkError``, reverted in the
    /// state and retried next cycle. Then the statistics entries are updated (a second
    /// `apply`, only with the attributes that changed).
    ///
    /// - Parameter now: the cycle's wall time (delete delay and validity are measured against it).
    /// - Returns: the cycle's report. A cancelled cycle applies nothing and says so.
    public func runCycle(now: Date) async -> CycleReport {
        let clock = ContinuousClock()
        let start = clock.now
        var report = CycleReport(startedAt: now)

        let readings = await collector.readContentSources(state: state, skipping: Set(following.keys))
        for r in readings {
            let status: SourceStatus.State
            switch r.outcome {
            case .unchanged: status = .unchanged
            case .entries(let e): status = .updated(entries: e.count)
            case .patched(let u, let d): status = .updated(entries: u.count + d.count)
            case .failed(let f): status = .failed(f)
            }
            report.sources.append(SourceStatus(source: r.source, state: status, duration: r.duration))
            report.droppedEntries += r.droppedEntries
            if r.source.kind == .ldifFile { report.readTime = max(report.readTime, r.duration) } else {
                report.providersTime = max(report.providersTime, r.duration)
            }
        }
        let pluginStart = clock.now
        let plugins = await collector.runPlugins(known: Array(state.plugins.keys))
        report.pluginsTime = clock.now - pluginStart
        for (id, result) in plugins {
            switch result {
            case .success(let changes): report.sources.append(SourceStatus(source: id, state: .updated(entries: changes.count), duration: .zero))
            case .failure(let f): report.sources.append(SourceStatus(source: id, state: .failed(f), duration: .zero))
            }
        }
        guard !Task.isCancelled else {
            report.cancelled = true
            report.duration = clock.now - start
            lastReport = report
            return report
        }

        let dbStart = clock.now
        let reconciliation = state.reconcile(
            readings: readings, plugins: plugins, now: now, deleteDelay: configuration.deleteDelay, policy: policy)
        report.duplicateDNs = reconciliation.duplicateDNs
        if !reconciliation.changes.isEmpty {
            do {
                try sink.apply(reconciliation.changes)
                report.added = reconciliation.added
                report.modified = reconciliation.modified
                report.deleted = reconciliation.deleted
                report.markedVanished = reconciliation.markedVanished
            } catch {
                applyOneByOne(reconciliation, batchError: error, into: &report)
            }
        }
        report.dbUpdateTime = clock.now - dbStart
        report.pushedSources = following.keys.map(\.name).sorted()
        report.totalEntries = state.publishedCount
        report.keptVanishedEntries = state.vanishedCount
        (report.expiredEntries, report.expiredSample) = state.expiredEntries(at: now)
        report.duration = clock.now - start

        for failure in report.failures {
            logger.warning("source failed", metadata: ["source": "\(failure.source)", "reason": "\(failure)"])
        }
        logger.info("cycle done", metadata: [
            "added": "\(report.added)", "modified": "\(report.modified)", "deleted": "\(report.deleted)",
            "total": "\(report.totalEntries)", "failedSources": "\(report.failures.count)",
            "ms": "\(Int(report.duration.seconds * 1000))",
        ])
        publishStatistics(report)
        lastReport = report
        return report
    }

    /// The sink refused the cycle's batch. One bad entry (a provider's schema violation, an orphan)
    /// must not freeze the registry, so each change is applied on its own (as BDII's `ldapadd -c`
    /// does); refused ones are reverted in the state, counted as failed, and retried next cycle.
    func applyOneByOne(_ reconciliation: Reconciliation, batchError: any Error, into report: inout CycleReport) {
        var failedKeys = Set<String>()
        var firstErrors: [String] = []
        for (key, change) in zip(reconciliation.changeKeys, reconciliation.changes) {
            do {
                try sink.apply([change])
                switch change {
                case .add: report.added += 1
                case .delete: report.deleted += 1
                case .modify, .modifyDN: report.modified += 1
                }
            } catch {
                failedKeys.insert(key)
                switch change {
                case .add: report.failedAdds += 1
                case .delete: report.failedDeletes += 1
                case .modify, .modifyDN: report.failedModifies += 1
                }
                if firstErrors.count < 5 { firstErrors.append("\(change.dn): \(error)") }
            }
        }
        state.revert(failedKeys, of: reconciliation)
        if failedKeys.isEmpty { report.markedVanished = reconciliation.markedVanished }
        let failed = report.failedAdds + report.failedModifies + report.failedDeletes
        guard failed > 0 else { return }
        report.sinkError = AggregationError(
            .sinkRejected,
            "the directory refused \(failed) of \(reconciliation.changes.count) changes (applied one by one after the batch failed); "
                + "they are retried next cycle. First: " + firstErrors.joined(separator: "; "),
            cause: batchError)
        logger.error("changes refused", metadata: ["failed": "\(failed)", "first": "\(firstErrors.first ?? "")"])
    }

    private func publishStatistics(_ report: CycleReport) {
        guard let statistics else { return }
        var changes: [LDAPChange] = []
        var next = publishedStatistics
        for entry in statistics.entries(for: report) {
            let key = DNKey.of(entry.dn)
            if let old = publishedStatistics[key] {
                let mods = EntryDiff.modifications(from: old, to: entry)
                if !mods.isEmpty { changes.append(.modify(old.dn, mods)) }
            } else {
                changes.append(.add(entry))
            }
            next[key] = entry
        }
        guard !changes.isEmpty else { return }
        do {
            try sink.apply(changes)
            publishedStatistics = next
        } catch {
            logger.error("statistics not published", metadata: ["error": "\(error)"])
        }
    }
}
