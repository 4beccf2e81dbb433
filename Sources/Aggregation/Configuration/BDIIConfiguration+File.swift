// GVE — Aggregation
// Reading bdii.conf: `KEY=value` lines, `#` comments, blank lines, optional quotes.

import Foundation
import LDAPCore

extension BDIIConfiguration {
    /// Reads a `bdii.conf`-style file.
    ///
    /// - Parameter path: the file, e.g. `/etc/bdii/bdii.conf`.
    /// - Throws: ``AggregationError`` `.unreadableFile`, or `.invalidConfiguration` naming the file, line and key.
    public init(contentsOfFile path: String) throws(AggregationError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AggregationError(.unreadableFile, "cannot read configuration file \(path)", cause: error)
        }
        try self.init(parsing: String(decoding: data, as: UTF8.self), fileName: path)
    }

    /// Parses the text of a `bdii.conf`-style file.
    ///
    /// Lines are `KEY=value` (an optional `export ` prefix is ignored); the value may be wrapped in single
    /// or double quotes; `#` starts a comment line; blank lines are skipped. A later line overrides an
    /// earlier one for the same key.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - fileName: used in error messages.
    /// - Throws: ``AggregationError`` `.invalidConfiguration` whose message names the file, line and key,
    ///   e.g. `bdii.conf:4: BDII_BREATHE_TIME: expected a whole number of seconds, got "2m"`.
    public init(parsing text: String, fileName: String = "bdii.conf") throws(AggregationError) {
        self.init()
        var values: [(key: String, value: String, line: Int)] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            line = line.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count).drop(while: { $0 == " " }) }
            guard let eq = line.firstIndex(of: "=") else {
                throw AggregationError(.invalidConfiguration, "\(fileName):\(lineNumber): expected KEY=value, got \"\(line)\"")
            }
            let key = String(line[..<eq]).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "_.-".contains($0) }) else {
                throw AggregationError(.invalidConfiguration, "\(fileName):\(lineNumber): invalid key \"\(key)\"")
            }
            var value = String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            if let first = value.first, first == "\"" || first == "'" {
                guard value.count >= 2, value.last == first else {
                    throw AggregationError(.invalidConfiguration, "\(fileName):\(lineNumber): \(key): unterminated \(first) quote")
                }
                value = String(value.dropFirst().dropLast())
            }
            values.append((key, value, lineNumber))
        }

        var sourceURLsLine: Int?
        var overrides: [String: (timeout: Duration?, maxEntries: Int?, maxBytes: Int?)] = [:]
        for (key, value, line) in values {
            func fail(_ reason: String) -> AggregationError {
                AggregationError(.invalidConfiguration, "\(fileName):\(line): \(key): \(reason)")
            }
            func seconds() throws(AggregationError) -> Duration {
                guard let n = Int(value), n >= 0 else { throw fail("expected a whole number of seconds, got \"\(value)\"") }
                return .seconds(n)
            }
            func count() throws(AggregationError) -> Int {
                guard let n = Int(value), n > 0 else { throw fail("expected a positive whole number, got \"\(value)\"") }
                return n
            }
            switch key {
            case "BDII_LDIF_DIR": ldifDirectory = value
            case "BDII_PROVIDER_DIR": providerDirectory = value
            case "BDII_PLUGIN_DIR": pluginDirectory = value
            case "BDII_BREATHE_TIME": breatheTime = try seconds()
            case "BDII_READ_TIMEOUT": readTimeout = try seconds()
            case "BDII_DELETE_DELAY": deleteDelay = try seconds()
            case "BDII_PORT":
                guard let p = Int(value), (1...65535).contains(p) else { throw fail("expected a TCP port 1-65535, got \"\(value)\"") }
                port = p
            case "BDII_HOSTNAME": hostname = value
            case "GVE_MODE":
                guard let m = AggregationMode(rawValue: value.lowercased()) else {
                    throw fail("expected resource, site or top, got \"\(value)\"")
                }
                mode = m
            case "GVE_SITE_NAME": siteName = value.isEmpty ? nil : value
            case "GVE_SOURCE_URLS":
                remoteSources = try Self.parseSourceURLs(value, fail: fail)
                sourceURLsLine = line
            case "GVE_SOURCE_TIMEOUT": defaultLimits.timeout = try seconds()
            case "GVE_SOURCE_MAX_ENTRIES": defaultLimits.maxEntries = try count()
            case "GVE_SOURCE_MAX_BYTES": defaultLimits.maxBytes = try count()
            default:
                if let name = key.dropPrefix("GVE_SOURCE_TIMEOUT_") {
                    overrides[name, default: (nil, nil, nil)].timeout = try seconds()
                } else if let name = key.dropPrefix("GVE_SOURCE_MAX_ENTRIES_") {
                    overrides[name, default: (nil, nil, nil)].maxEntries = try count()
                } else if let name = key.dropPrefix("GVE_SOURCE_MAX_BYTES_") {
                    overrides[name, default: (nil, nil, nil)].maxBytes = try count()
                } else {
                    otherKeys[key] = value
                }
            }
        }
        // An override replaces only the limits it names; the rest come from the defaults.
        for (name, o) in overrides {
            limitOverrides[name] = SourceLimits(
                timeout: o.timeout ?? defaultLimits.timeout,
                maxEntries: o.maxEntries ?? defaultLimits.maxEntries,
                maxBytes: o.maxBytes ?? defaultLimits.maxBytes)
        }
        if mode == .site, siteName == nil {
            throw AggregationError(.invalidConfiguration, "\(fileName): GVE_SITE_NAME is required when GVE_MODE=site")
        }
        if mode == .resource, !remoteSources.isEmpty {
            throw AggregationError(
                .invalidConfiguration,
                "\(fileName):\(sourceURLsLine ?? 0): GVE_SOURCE_URLS: remote sources need GVE_MODE=site or top")
        }
    }

    static func parseSourceURLs(
        _ value: String, fail: (String) -> AggregationError
    ) throws(AggregationError) -> [RemoteSourceConfiguration] {
        var sources: [RemoteSourceConfiguration] = []
        for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard let eq = token.firstIndex(of: "="), eq != token.startIndex else {
                throw fail("expected name=ldap://host:port/base, got \"\(token)\"")
            }
            let name = String(token[..<eq])
            let url = String(token[token.index(after: eq)...])
            guard sources.allSatisfy({ $0.name != name }) else { throw fail("source name \"\(name)\" given twice") }
            let rest: Substring
            if url.hasPrefix("ldap://") { rest = url.dropFirst(7) } else if url.hasPrefix("ldaps://") { rest = url.dropFirst(8) } else {
                throw fail("source \"\(name)\": expected an ldap:// or ldaps:// URL, got \"\(url)\"")
            }
            let hostPort = rest.prefix { $0 != "/" }
            guard !hostPort.isEmpty else { throw fail("source \"\(name)\": URL has no host") }
            var path = rest.dropFirst(hostPort.count).drop { $0 == "/" }
            if let q = path.firstIndex(of: "?") { path = path[..<q] }
            let basePath = path.isEmpty ? "o=glue" : (String(path).removingPercentEncoding ?? String(path))
            let base: DistinguishedName
            do { base = try DistinguishedName(basePath) } catch {
                throw fail("source \"\(name)\": invalid base DN \"\(basePath)\": \(error.reason)")
            }
            sources.append(RemoteSourceConfiguration(name: name, url: url, base: base))
        }
        return sources
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        guard hasPrefix(prefix), count > prefix.count else { return nil }
        return String(dropFirst(prefix.count))
    }
}
