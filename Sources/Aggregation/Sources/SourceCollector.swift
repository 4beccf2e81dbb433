// GVE — Aggregation
// One cycle's reading of every source: LDIF files, providers and remote registries in parallel, then
// plugins. Output identical to the last accepted output is recognised by its digest and not parsed.

import Foundation
public import LDAPCore

/// Reads the sources named by a ``BDIIConfiguration``.
public struct SourceCollector: Sendable {
    public var configuration: BDIIConfiguration
    public var remote: (any RemoteDirectorySource)?
    let rewriter: DNRewriter

    /// - Parameters:
    ///   - configuration: directories, timeouts, limits, mode and remote URLs.
    ///   - remote: the client for `GVE_SOURCE_URLS`; when nil, remote sources fail with a clear report.
    public init(configuration: BDIIConfiguration, remote: (any RemoteDirectorySource)?) {
        self.configuration = configuration
        self.remote = remote
        self.rewriter = DNRewriter(mode: configuration.mode, siteName: configuration.siteName)
    }

    /// The content sources configured now, in priority order (LDIF files, providers, remote sources; by
    /// name within a kind). An earlier source wins when two publish the same DN.
    /// - Returns: the sources, and the kinds whose directory could not be listed (with the path).
    public func contentSources() -> (sources: [SourceID], unlistable: [SourceKind: String]) {
        var unlistable: [SourceKind: String] = [:]
        var ids: [SourceID] = []
        if let names = Self.files(in: configuration.ldifDirectory, executable: false) {
            ids += names.filter { $0.hasSuffix(".ldif") }.map { SourceID(.ldifFile, $0) }
        } else {
            unlistable[.ldifFile] = configuration.ldifDirectory
        }
        if let names = Self.files(in: configuration.providerDirectory, executable: true) {
            ids += names.map { SourceID(.provider, $0) }
        } else {
            unlistable[.provider] = configuration.providerDirectory
        }
        ids += configuration.remoteSources.map { SourceID(.remote, $0.name) }
        return (ids, unlistable)
    }

    /// The plugins configured now, by name; nil when `BDII_PLUGIN_DIR` cannot be listed.
    public func plugins() -> [SourceID]? {
        Self.files(in: configuration.pluginDirectory, executable: true)?.map { SourceID(.plugin, $0) }
    }

    /// The regular files of a directory (executable ones only, if asked), skipping hidden and `~` files;
    /// nil when the directory cannot be listed.
    static func files(in directory: String, executable: Bool) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.filter { name in
            guard !name.hasPrefix("."), !name.hasSuffix("~") else { return false }
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return false }
            return !executable || FileManager.default.isExecutableFile(atPath: path)
        }.sorted()
    }

    /// Reads every content source concurrently.
    /// - Parameter state: what each source last contributed. A source whose output has the same digest
    ///   is reported `.unchanged` without being parsed; in changed output, entries equal to the previous
    ///   ones reuse the stored values (so unchanged entries are not held twice).
    ///   If `BDII_LDIF_DIR` or `BDII_PROVIDER_DIR` cannot be listed (unmounted, permissions), every
    ///   source of that kind that published before fails with `.unreadable`, so its data stays published
    ///   instead of vanishing.
    /// - Returns: one reading per source, in ``contentSources()`` order.
    /// - Parameter skipping: sources not to read (remote sources followed by push): reported unchanged.
    public func readContentSources(state: AggregationState, skipping: Set<SourceID> = []) async -> [SourceReading] {
        let (ids, unlistable) = contentSources()
        var unreadable: [SourceReading] = []
        for (kind, directory) in unlistable.sorted(by: { $0.key < $1.key }) {
            for id in state.sources.keys.filter({ $0.kind == kind }).sorted() {
                unreadable.append(SourceReading(
                    source: id, outcome: .failed(SourceFailure(source: id, reason: .unreadable("directory \(directory) cannot be listed"))),
                    digest: state.sources[id]?.digest))
            }
        }
        let readings: [SourceReading] = await withTaskGroup(of: (Int, SourceReading).self) { group in
            for (index, id) in ids.enumerated() {
                let previous = state.sources[id]
                if skipping.contains(id) {
                    group.addTask { (index, SourceReading(source: id, outcome: .unchanged, digest: previous?.digest)) }
                    continue
                }
                group.addTask { (index, await self.read(id, lastDigest: previous?.digest, previous: previous?.entries ?? [:])) }
            }
            var readings = [SourceReading?](repeating: nil, count: ids.count)
            for await (index, reading) in group { readings[index] = reading }
            return readings.map { $0! }
        }
        // An unlistable directory lists no sources of its kind: put its failures where they belong.
        return SourceKind.allCases.flatMap { kind in
            unreadable.filter { $0.source.kind == kind } + readings.filter { $0.source.kind == kind }
        }
    }

    /// Runs every plugin concurrently and parses its change records.
    /// - Parameter known: the plugins that contributed before; if `BDII_PLUGIN_DIR` cannot be listed,
    ///   each fails with `.unreadable` (so its last changes stay applied).
    /// - Returns: per plugin, its changes or its failure, in name order.
    public func runPlugins(known: [SourceID] = []) async -> [(SourceID, Result<[LDAPChange], SourceFailure>)] {
        guard let ids = plugins() else {
            let reason = SourceFailure.Reason.unreadable("directory \(configuration.pluginDirectory) cannot be listed")
            return known.sorted().map { ($0, .failure(SourceFailure(source: $0, reason: reason))) }
        }
        return await withTaskGroup(of: (Int, Result<[LDAPChange], SourceFailure>).self) { group in
            for (index, id) in ids.enumerated() {
                group.addTask {
                    let limits = configuration.limits(for: id.name)
                    let result = await ProgramRunner.run(
                        path: configuration.pluginDirectory + "/" + id.name,
                        timeout: limits.timeout ?? configuration.readTimeout, maxOutputBytes: limits.maxBytes)
                    guard result.succeeded else {
                        return (index, .failure(SourceFailure(source: id, reason: .program(result.termination), stderrTail: result.stderrTail)))
                    }
                    do throws(AggregationError) {
                        return (index, .success(try LDIFInput.changes(from: result.stdout, source: id.description)))
                    } catch {
                        return (index, .failure(SourceFailure(source: id, reason: .invalidOutput(error.message), stderrTail: result.stderrTail)))
                    }
                }
            }
            var results = [Result<[LDAPChange], SourceFailure>?](repeating: nil, count: ids.count)
            for await (index, r) in group { results[index] = r }
            return zip(ids, results.map { $0! }).map { ($0, $1) }
        }
    }

    /// Reads one content source.
    /// - Parameters:
    ///   - id: the source.
    ///   - lastDigest: the digest of its last accepted output.
    ///   - previous: its last accepted entries by normalised DN (reused where unchanged).
    public func read(_ id: SourceID, lastDigest: SourceDigest?, previous: [String: AcceptedEntry] = [:]) async -> SourceReading {
        func accept(_ entries: [LDAPEntry]) -> [AcceptedEntry] {
            entries.map { e in
                let a = AcceptedEntry(e)
                if let old = previous[a.key], old.contentHash == a.contentHash { return old }
                return a
            }
        }
        let start = ContinuousClock.now
        let limits = configuration.limits(for: id.name)
        func failed(_ reason: SourceFailure.Reason, stderr: String = "", digest: SourceDigest? = nil) -> SourceReading {
            SourceReading(source: id, outcome: .failed(SourceFailure(source: id, reason: reason, stderrTail: stderr)),
                          digest: digest, duration: ContinuousClock.now - start)
        }
        switch id.kind {
        case .ldifFile, .provider:
            let bytes: [UInt8]
            var stderr = ""
            if id.kind == .ldifFile {
                let path = configuration.ldifDirectory + "/" + id.name
                guard let data = FileManager.default.contents(atPath: path) else { return failed(.unreadable(path)) }
                guard data.count <= limits.maxBytes else { return failed(.tooManyBytes(count: data.count, limit: limits.maxBytes)) }
                bytes = [UInt8](data)
            } else {
                let result = await ProgramRunner.run(
                    path: configuration.providerDirectory + "/" + id.name,
                    timeout: limits.timeout ?? configuration.readTimeout, maxOutputBytes: limits.maxBytes)
                guard result.succeeded else { return failed(.program(result.termination), stderr: result.stderrTail) }
                bytes = result.stdout
                stderr = result.stderrTail
            }
            let digest = SourceDigest(bytes: bytes)
            if digest == lastDigest {
                return SourceReading(source: id, outcome: .unchanged, digest: digest, duration: ContinuousClock.now - start)
            }
            let entries: [LDAPEntry]
            do { entries = try LDIFInput.entries(from: bytes, source: id.description) } catch {
                return failed(.invalidOutput(error.message), stderr: stderr)
            }
            guard entries.count <= limits.maxEntries else { return failed(.tooManyEntries(count: entries.count, limit: limits.maxEntries)) }
            return SourceReading(source: id, outcome: .entries(accept(entries)), digest: digest,
                                 duration: ContinuousClock.now - start)
        case .remote:
            guard let config = configuration.remoteSources.first(where: { $0.name == id.name }) else {
                return failed(.fetchFailed("not configured"))
            }
            guard let remote else { return failed(.fetchFailed("no LDAP client is configured for remote sources")) }
            let timeout = limits.timeout ?? configuration.readTimeout
            let fetched: [LDAPEntry]
            do {
                fetched = try await Self.withTimeout(timeout) {
                    try await remote.fetch(url: config.url, timeout: timeout, sizeLimit: limits.maxEntries)
                }
            } catch {
                return failed(.fetchFailed("\(config.url): \(error)"))
            }
            guard fetched.count <= limits.maxEntries else { return failed(.tooManyEntries(count: fetched.count, limit: limits.maxEntries)) }
            let digest = SourceDigest(entries: fetched)
            if digest == lastDigest {
                return SourceReading(source: id, outcome: .unchanged, digest: digest, duration: ContinuousClock.now - start)
            }
            let (entries, dropped) = rewriter.rewrite(fetched)
            return SourceReading(source: id, outcome: .entries(accept(entries)), digest: digest,
                                 droppedEntries: dropped, duration: ContinuousClock.now - start)
        case .plugin:
            return failed(.unreadable("plugins are not content sources"))
        }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var timeout: Duration
        var description: String { "no answer within \(timeout)" }
    }

    static func withTimeout<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TimedOut(timeout: timeout)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
