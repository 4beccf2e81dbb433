// GVE — `gve query` and `gve infosys`: the LDAP registry's client and server commands.

import Aggregation
import ArgumentParser
import Directory
import Foundation
import GLUEModel
import InfoProvider
import LDAPCore
import Logging
import ServiceLifecycle

/// `gve query [--url ldap://127.0.0.1:2170] [--base o=glue] [--scope sub] [--output ldif|table] FILTER [ATTR...]`
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Search an LDAP registry and print LDIF or a table."
    )

    enum Scope: String, ExpressibleByArgument, CaseIterable {
        case base, one, sub
        var searchScope: SearchScope {
            switch self {
            case .base: .baseObject
            case .one: .singleLevel
            case .sub: .wholeSubtree
            }
        }
    }

    enum Output: String, ExpressibleByArgument, CaseIterable { case ldif, table }

    @Option(help: "Server URL.") var url = "ldap://127.0.0.1:2170"
    @Option(help: "Search base DN.") var base = "o=glue"
    @Option(help: "Search scope: base, one or sub.") var scope: Scope = .sub
    @Option(help: "Output format: ldif or table.") var output: Output = .ldif
    @Option(help: "Maximum entries (0: no limit).") var sizeLimit = 0
    @Option(help: "Page size for the paged results control (0: no paging).") var pageSize = 0
    @Argument(help: "RFC 4515 filter, e.g. '(objectClass=GLUE2Service)'.") var filter: String
    @Argument(help: "Attributes to return (default: all user attributes).") var attributes: [String] = []

    func run() async throws {
        let baseDN: DistinguishedName
        let parsedFilter: LDAPFilter
        do { baseDN = try DistinguishedName(base) } catch { throw ValidationError("--base: \(error)") }
        do { parsedFilter = try LDAPFilter(filter) } catch { throw ValidationError("FILTER: \(error)") }
        let client = try await LDAPClient.connect(url: url)
        let result: LDAPSearchResult
        do {
            result = try await client.search(base: baseDN, scope: scope.searchScope, filter: parsedFilter, attributes: attributes,
                                             sizeLimit: sizeLimit, pageSize: pageSize > 0 ? pageSize : nil)
        } catch {
            await client.close()
            throw error
        }
        try? await client.unbind()
        switch output {
        case .ldif: print(QueryFormatter.ldif(result.entries), terminator: "")
        case .table: print(QueryFormatter.table(result.entries, attributes: attributes), terminator: "")
        }
        if result.result.resultCode != .success {
            FileHandle.standardError.write(Data("gve query: \(result.result.resultCode) \(result.result.diagnosticMessage)\n".utf8))
        }
    }
}

/// Renders search results for people.
enum QueryFormatter {
    /// RFC 2849 content records; values that are not SAFE-STRINGs are base64-encoded.
    static func ldif(_ entries: [LDAPEntry]) -> String {
        var out = ""
        for e in entries {
            out += line("dn", Array(e.dn.description.utf8))
            for a in e.attributes { for v in a.values { out += line(a.name, v) } }
            out += "\n"
        }
        return out
    }

    static func line(_ name: String, _ value: [UInt8]) -> String {
        let safeInit: (UInt8) -> Bool = { $0 != 0x20 && $0 != 0x3A && $0 != 0x3C && $0 < 0x80 && $0 != 0 && $0 != 0x0A && $0 != 0x0D }
        let safe = value.isEmpty || (safeInit(value[0]) && value.allSatisfy { $0 < 0x80 && $0 != 0 && $0 != 0x0A && $0 != 0x0D } && value.last != 0x20)
        if safe { return "\(name): \(String(decoding: value, as: UTF8.self))\n" }
        return "\(name):: \(Data(value).base64EncodedString())\n"
    }

    /// One row per entry, one column per requested attribute (the DN when none were requested).
    static func table(_ entries: [LDAPEntry], attributes: [String]) -> String {
        let columns = attributes.isEmpty || attributes == ["*"] ? ["dn"] : attributes
        let rows: [[String]] = entries.map { e in
            columns.map { c in c.lowercased() == "dn" ? e.dn.description : e.strings(c).joined(separator: ", ") }
        }
        var widths = columns.map(\.count)
        for r in rows { for (i, v) in r.enumerated() { widths[i] = max(widths[i], v.count) } }
        func render(_ r: [String]) -> String {
            r.enumerated().map { i, v in i == r.count - 1 ? v : v.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ") + "\n"
        }
        return render(columns) + render(widths.map { String(repeating: "-", count: $0) }) + rows.map(render).joined()
    }
}

/// `gve infosys ...`: the LDAP registry (InfoProvider).
struct InfoSysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infosys",
        abstract: "Run the LDAP registry (BDII-style InfoProvider).",
        subcommands: [InfoSysServe.self, InfoSysHashPassword.self]
    )
}

/// `gve infosys serve --listen 127.0.0.1:2170 [--ldif FILE]... [--data DIR] [--schema FILE]... [--tls-cert F --tls-key F]`
struct InfoSysServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a directory loaded from LDIF over LDAP until SIGTERM or SIGINT."
    )

    @Option(help: "Address and port to listen on (HOST:PORT, [IPv6]:PORT; default 127.0.0.1:2170, or BDII_PORT with --config).")
    var listen: String?
    @Option(help: ArgumentHelp("A bdii.conf-style file: run BDII-style update cycles from its LDIF directory, providers, plugins and remote registries (GVE_SOURCE_URLS).", valueName: "bdii.conf"))
    var config: String?
    @Option(help: "LDIF file to load at start (repeatable).") var ldif: [String] = []
    @Option(help: "Data directory: the directory's state persists here across restarts.") var data: String?
    @Option(help: "OpenLDAP .schema file (repeatable; default: Debian's core, cosine and GLUE20, and GVE's GLUE 2.1 cloud schema).") var schema: [String] = []
    @Option(help: "PEM certificate chain: enables StartTLS (and ldaps with --ldaps-port).") var tlsCert: String?
    @Option(help: "PEM private key for --tls-cert.") var tlsKey: String?
    @Option(help: "Port for ldaps:// (needs --tls-cert).") var ldapsPort: Int?
    @Option(help: "DN that may bind with --root-password-file and write anywhere.") var rootDN: String?
    @Option(help: "File holding the root DN's password: a {SSHA}/{SSHA256}/{SSHA512} hash (gve infosys hash-password) or plaintext.")
    var rootPasswordFile: String?
    @Option(help: ArgumentHelp("Publishers file: one `DN  {SCHEME}hash  SUBTREE` per line (# comments; one line per subtree). Each publisher binds with its DN and password and may write only under its subtrees; anonymous clients only read.", valueName: "file"))
    var publishers: String?
    @Flag(inversion: .prefixedNo, help: "GLUE 2 validate every write (mandatory attributes, types, closed enumerations, times).")
    var glueValidation = true
    @Option(help: "Largest request PDU in bytes.") var maxPDUSize = 1 << 20
    @Option(help: "Most open connections.") var maxConnections = 1024
    @Option(help: "Seconds of silence before a connection is closed (0: never).") var idleTimeout = 300
    @Option(help: "Server cap on entries per search.") var sizeLimit = 500_000
    @Option(help: "Server cap on seconds per search.") var timeLimit = 60
    @Option(help: "Serve GET /glue (GLUE 2 JSON/XML) and /metrics over HTTP on HOST:PORT, e.g. 127.0.0.1:8170.") var http: String?

    static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        let host: Substring, portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(after: close)...].drop { $0 == ":" }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            throw ValidationError("--listen must be HOST:PORT, got \"\(text)\"")
        }
        guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else {
            throw ValidationError("--listen must be HOST:PORT with a port 0-65535, got \"\(text)\"")
        }
        return (String(host), port)
    }

    func run() async throws {
        var bdii: BDIIConfiguration?
        if let config {
            do { bdii = try BDIIConfiguration(contentsOfFile: config) } catch { throw ValidationError("\(error)") }
        }
        let (host, port) = try Self.parseListen(listen ?? "127.0.0.1:\(bdii?.port ?? 2170)")
        var tls: LDAPServerConfiguration.TLS?
        switch (tlsCert, tlsKey) {
        case (let cert?, let key?): tls = .init(certificateChainFile: cert, privateKeyFile: key)
        case (nil, nil): tls = nil
        default: throw ValidationError("--tls-cert and --tls-key go together")
        }
        var root: DistinguishedName?
        var rootPassword: String?
        if let rootDN {
            do { root = try DistinguishedName(rootDN) } catch { throw ValidationError("--root-dn: \(error)") }
            guard let rootPasswordFile else { throw ValidationError("--root-dn needs --root-password-file") }
            rootPassword = try String(contentsOfFile: rootPasswordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        }
        var logger = Logger(label: "gve.infosys")
        logger.logLevel = .info
        let started = ContinuousClock.now
        var schemaFiles = schema.isEmpty ? GVESchemaFiles.defaults() : schema
        if bdii != nil { schemaFiles += Self.statisticsSchemaFiles() }
        let directory = try DirectoryLoader.load(schemaFiles: schemaFiles, ldifFiles: ldif, dataDirectory: data)
        logger.info("directory loaded", metadata: ["entries": "\(directory.count)", "seconds": "\(ContinuousClock.now - started)"])
        let configuration = LDAPServerConfiguration(
            host: host, port: port, ldapsPort: ldapsPort, tls: tls,
            limits: .init(maxPDUSize: maxPDUSize, maxConnections: maxConnections, idleTimeoutSeconds: idleTimeout,
                          sizeLimitCap: sizeLimit, timeLimitCapSeconds: timeLimit),
            rootDN: root, rootPassword: rootPassword)
        var serverConfiguration = configuration
        if let publishers { serverConfiguration.publishers = try Self.publishers(fromFile: publishers) }
        serverConfiguration.validatesGLUE = glueValidation
        do { _ = try serverConfiguration.accessControl() } catch { throw ValidationError("--root-password-file: \(error)") }
        var cycles: [any Service] = []
        let metrics = RegistryMetrics()
        var httpServices: [any Service] = []
        if let http {
            let (httpHost, httpPort) = try Self.parseListen(http)
            httpServices.append(RegistryHTTPServer.makeApplication(backend: directory, configuration: .init(host: httpHost, port: httpPort),
                                                                   metrics: metrics, entryCount: { directory.count }, logger: logger))
        }
        if let bdii {
            let containers = Set(Self.ensureContainers(in: directory, mode: bdii.mode, site: bdii.siteName, logger: logger))
            let aggregator = Aggregator(configuration: bdii, sink: DirectorySinkAdapter(directory: directory, containers: containers),
                                        remote: LDAPRegistrySource(),
                                        statistics: InfosysStatistics(hostname: bdii.hostname, publishesBaseEntry: false), logger: logger)
            // Adopt what earlier cycles published (kept in --data), not the containers, which no source publishes.
            await aggregator.adopt(Self.userEntries(of: directory).filter { !containers.contains($0.dn) })
            cycles.append(CycleService(aggregator: aggregator, breatheTime: bdii.breatheTime, clock: ContinuousClock(), logger: logger,
                                       onCycle: { metrics.cycle($0) }))
            logger.info("update cycles every \(bdii.breatheTime) from \(config ?? "")")
        }
        // Created last: nothing may throw between its creation and run().
        let server = LDAPServer(configuration: serverConfiguration, backend: http == nil ? directory : MeteredDirectoryBackend(directory, metrics: metrics),
                                logger: logger)
        let services: [any Service] = [server] + httpServices + cycles
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    /// The schema of the `o=infosys` statistics: BDII's own when installed, else GVE's definition of the same
    /// names; plus GVE's extension attributes.
    static func statisticsSchemaFiles() -> [String] {
        guard let ours = GVESchemaFiles.locateGLUE21().map({ URL(fileURLWithPath: $0).deletingLastPathComponent() }) else { return [] }
        let bdii = "/etc/bdii/BDII.schema"
        let base = FileManager.default.fileExists(atPath: bdii) ? bdii : ours.appendingPathComponent("GVE-updatestats.schema").path
        return [base, ours.appendingPathComponent("GVE-infosys.schema").path]
    }

    /// The entries a level's sources hang under: `o=glue`, and the site's AdminDomain (site level) or
    /// `GLUE2GroupID=grid,o=glue` (top level), as BDII's default LDIF provides them.
    @discardableResult
    static func ensureContainers(in directory: Directory, mode: AggregationMode, site: String?, logger: Logger) -> [DistinguishedName] {
        var entries = [GLUERegistryLayout.suffixEntry]
        switch mode {
        case .resource: entries += GLUERegistryLayout.resource.registryContainerEntries
        case .top: entries += GLUERegistryLayout.top.registryContainerEntries
        case .site:
            var domain = AdminDomain()
            domain.id = site ?? "unknown"
            entries.append(LDAPEntry(dn: GLUERegistryLayout.suffix.child(type: "GLUE2DomainID", value: domain.id), attributes: domain.ldapAttributes()))
        }
        for e in entries {
            let added = Result { () throws(DirectoryError) in try directory.add(e) }
            if case .failure(let error) = added, error.code != .entryAlreadyExists {
                logger.error("cannot create \(e.dn): \(error.message)")
            }
        }
        return entries.map(\.dn)
    }

    /// Every entry the directory holds (user attributes), for the aggregator to adopt after a restart.
    static func userEntries(of directory: Directory) -> [LDAPEntry] {
        var out: [LDAPEntry] = []
        for suffix in directory.namingContexts {
            // A suffix without its entry yet (noSuchObject) holds nothing to adopt.
            guard let r = try? directory.search(SearchQuery(base: suffix, scope: .wholeSubtree, filter: .present(attribute: "objectClass"),
                                                            attributes: ["*"], revealsPasswords: true)) else { continue }
            out += r.entries
        }
        return out
    }
}
