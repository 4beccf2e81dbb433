// GVE — InfoProvider
// The registry's figures: LDAP operations by type and result, search latency, entries, aggregation cycles and HTTP
// requests, kept in a swift-prometheus registry that `/metrics` on the registry's HTTP port serves.
public import Aggregation
public import Directory
import LDAPCore
public import Prometheus

/// The registry daemon's metrics.
public final class RegistryMetrics: Sendable {
    // The metric families: full name and help text, in one place (computed: the descriptor type is not Sendable).
    static var ldapSearchDurationSeconds: MetricNameDescriptor {
        .gve("gve_ldap_search_duration_seconds", help: "Time the directory took to answer a search.")
    }
    static var registryCycleDurationSeconds: MetricNameDescriptor {
        .gve("gve_registry_cycle_duration_seconds", help: "Wall time of an aggregation cycle.")
    }
    static var registryEntries: MetricNameDescriptor {
        .gve("gve_registry_entries", help: "Entries the directory holds.")
    }
    static var ldapOperationsTotal: MetricNameDescriptor {
        .gve("gve_ldap_operations_total", help: "Directory operations by type and LDAP result.")
    }
    static var registryCycleChangesTotal: MetricNameDescriptor {
        .gve("gve_registry_cycle_changes_total", help: "Entries changed by aggregation cycles.")
    }
    static var registryCyclesTotal: MetricNameDescriptor {
        .gve("gve_registry_cycles_total", help: "Aggregation cycles by outcome (failed: the directory refused the cycle's changes).")
    }
    static var registryHttpRequestsTotal: MetricNameDescriptor {
        .gve("gve_registry_http_requests_total", help: "GET /glue requests by representation and HTTP status.")
    }

    /// The registry `/metrics` emits.
    public let registry: PrometheusCollectorRegistry
    let searchDuration: DurationHistogram
    let cycleDuration: DurationHistogram
    let entries: Gauge

    /// Buckets of the search latency histogram.
    public static let searchBuckets: [Duration] = [.microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10),
                                                   .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5)]
    /// Buckets of the aggregation cycle histogram.
    public static let cycleBuckets: [Duration] = [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1),
                                                  .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300)]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        searchDuration = registry.makeDurationHistogram(descriptor: Self.ldapSearchDurationSeconds, buckets: Self.searchBuckets)
        cycleDuration = registry.makeDurationHistogram(descriptor: Self.registryCycleDurationSeconds, buckets: Self.cycleBuckets)
        entries = registry.makeGauge(descriptor: Self.registryEntries)
    }

    /// Counts one directory operation (`search`, `add`, `modify`, `delete`, `modifyDN`, `compare`) and its result.
    public func operation(_ type: String, result: LDAPResultCode) {
        registry.makeCounter(descriptor: Self.ldapOperationsTotal, labels: [("operation", type), ("result", Self.resultName(result))]).increment()
    }

    /// Records a search's duration.
    public func search(took duration: Duration) { searchDuration.record(duration) }

    /// Sets the entries gauge.
    public func setEntries(_ n: Int) { entries.set(Int64(n)) }

    /// Records an aggregation cycle: its time, its changes and its failed sources.
    public func cycle(_ report: CycleReport) {
        cycleDuration.record(report.duration)
        for (kind, n) in [("added", report.added), ("modified", report.modified), ("deleted", report.deleted)] {
            registry.makeCounter(descriptor: Self.registryCycleChangesTotal, labels: [("change", kind)]).increment(by: Int64(n))
        }
        registry.makeCounter(descriptor: Self.registryCyclesTotal, labels: [("outcome", report.sinkError == nil ? "ok" : "failed")]).increment()
    }

    /// Counts one HTTP request of `/glue` by representation and status.
    public func httpRequest(representation: String, status: Int) {
        registry.makeCounter(descriptor: Self.registryHttpRequestsTotal, labels: [("representation", representation), ("status", String(status))]).increment()
    }

    /// The RFC 4511 name of a result code (`success`, `noSuchObject`, …), or its number.
    static func resultName(_ code: LDAPResultCode) -> String {
        let text = "\(code)"
        let name = text.range(of: " (").map { String(text[..<$0.lowerBound]) } ?? text
        return name.isEmpty || name == "resultCode" ? "\(code.rawValue)" : name
    }
}

/// A ``DirectoryBackend`` that counts what passes through it into ``RegistryMetrics``.
public struct MeteredDirectoryBackend: DirectoryBackend {
    public let base: any DirectoryBackend
    public let metrics: RegistryMetrics

    public init(_ base: any DirectoryBackend, metrics: RegistryMetrics) {
        self.base = base
        self.metrics = metrics
    }

    func counted<T>(_ type: String, _ body: () throws(DirectoryError) -> T) throws(DirectoryError) -> T {
        do {
            let value = try body()
            metrics.operation(type, result: .success)
            return value
        } catch {
            metrics.operation(type, result: error.code)
            throw error
        }
    }

    public func search(_ query: SearchQuery) throws(DirectoryError) -> SearchResults {
        let start = ContinuousClock.now
        defer { metrics.search(took: ContinuousClock.now - start) }
        do {
            let results = try base.search(query)
            metrics.operation("search", result: results.code)
            return results
        } catch {
            metrics.operation("search", result: error.code)
            throw error
        }
    }

    public func encodedSearch(_ query: SearchQuery) throws(DirectoryError) -> EncodedSearchResults? {
        let start = ContinuousClock.now
        defer { metrics.search(took: ContinuousClock.now - start) }
        do {
            let results = try base.encodedSearch(query)
            if let results { metrics.operation("search", result: results.code) }
            return results
        } catch {
            metrics.operation("search", result: error.code)
            throw error
        }
    }

    public func answered(_ operation: String, result: LDAPResultCode) { metrics.operation(operation, result: result) }

    public func isWithheld(attribute description: String) -> Bool { base.isWithheld(attribute: description) }

    public func add(_ entry: LDAPEntry) throws(DirectoryError) { try counted("add") { () throws(DirectoryError) in try base.add(entry) } }

    public func modify(_ dn: DistinguishedName, _ changes: [LDAPModification]) throws(DirectoryError) {
        try counted("modify") { () throws(DirectoryError) in try base.modify(dn, changes) }
    }

    public func delete(_ dn: DistinguishedName) throws(DirectoryError) { try counted("delete") { () throws(DirectoryError) in try base.delete(dn) } }

    public func modifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool,
                         newSuperior: DistinguishedName?) throws(DirectoryError) {
        try counted("modifyDN") { () throws(DirectoryError) in
            try base.modifyDN(dn, newRDN: newRDN, deleteOldRDN: deleteOldRDN, newSuperior: newSuperior)
        }
    }

    public func compare(_ dn: DistinguishedName, attribute: String, value: [UInt8]) throws(DirectoryError) -> Bool {
        try counted("compare") { () throws(DirectoryError) in try base.compare(dn, attribute: attribute, value: value) }
    }

    /// Forwards to the base's own `apply`, so a `Directory` still checks the stored entry inside its write lock.
    public func apply(_ change: DirectoryChange, entryCheck: @escaping EntryCheck) throws(DirectoryError) {
        let type: String = switch change {
        case .add: "add"
        case .modify: "modify"
        case .delete: "delete"
        case .modifyDN: "modifyDN"
        }
        try counted(type) { () throws(DirectoryError) in try base.apply(change, entryCheck: entryCheck) }
    }

    public var namingContexts: [DistinguishedName] { base.namingContexts }

    public func subschemaEntry() -> LDAPEntry { base.subschemaEntry() }

    // The change feed passes through, so persistent searches work on a metered registry too.
    public var supportsChangeFeed: Bool { base.supportsChangeFeed }
    public func changeSubscription(bufferLimit: Int) -> DirectoryChangeSubscription? { base.changeSubscription(bufferLimit: bufferLimit) }
    public func visibleEntry(_ event: DirectoryChangeEvent, for query: SearchQuery) -> LDAPEntry? { base.visibleEntry(event, for: query) }
}
