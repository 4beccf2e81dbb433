// GVE — `gve` user commands: where the site is and who the user is.
//
// Precedence: flags, then environment (GVE_SITE, GVE_USER, GVE_PASSWORD, GVE_PASSWORD_FILE, GVE_REGISTRY),
// then the config file ($GVE_CONFIG or ~/.config/gve/config.toml), whose lines are `key = "value"`
// with keys site, user, password, password-file, registry.
import ArgumentParser
import Foundation
import Broker
import SiteService

struct ClientOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The site: its Site Service URL (http://127.0.0.1:8080), a site name (GLUE2DomainID) looked up in the registry, or auto to let the broker choose (env GVE_SITE).", valueName: "url|name|auto"))
    var site: String?
    @Option(help: "Registry to find sites in, for --site NAME or auto (env GVE_REGISTRY).") var registry: String?
    @Option(help: "User name (env GVE_USER).") var user: String?
    @Option(help: "File holding the password (env GVE_PASSWORD_FILE).") var passwordFile: String?
    @Option(help: "Client config file (env GVE_CONFIG; default ~/.config/gve/config.toml).") var config: String?
    @Option(help: "Output format: table or json.") var output: OutputFormat = .table

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    /// The configuration file's key/value pairs.
    func fileSettings() throws -> [String: String] {
        let env = ProcessInfo.processInfo.environment
        let path = config ?? env["GVE_CONFIG"] ?? (env["HOME"].map { "\($0)/.config/gve/config.toml" } ?? "")
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path) else {
            if config != nil { throw ValidationError("--config: no file at \(path)") }
            return [:]
        }
        var out: [String: String] = [:]
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("[") { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw ValidationError("\(path):\(n + 1): expected key = \"value\"")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            out[key] = value
        }
        return out
    }

    /// Resolves a value through flag, environment and file.
    func resolve(_ flag: String?, env key: String, file fileKey: String, _ file: [String: String]) -> String? {
        flag ?? ProcessInfo.processInfo.environment[key] ?? file[fileKey]
    }

    /// The `--site` value as given (flag, environment or file).
    func siteValue() throws -> String? { resolve(site, env: "GVE_SITE", file: "site", try fileSettings()) }

    /// The registry URL (flag, environment, file, or the local default).
    func registryURL() throws -> String {
        resolve(registry, env: "GVE_REGISTRY", file: "registry", try fileSettings()) ?? "ldap://127.0.0.1:2170"
    }

    /// Whether `--site` names a site (or `auto`) rather than giving a URL.
    static func isURL(_ site: String) -> Bool { site.hasPrefix("http://") || site.hasPrefix("https://") }

    /// A client for the Site Service at `endpoint` (or the one `--site` gives as a URL).
    func client(endpoint: String? = nil) throws -> SiteClient {
        let file = try fileSettings()
        guard let siteText = endpoint ?? resolve(site, env: "GVE_SITE", file: "site", file) else {
            throw ValidationError("no site: pass --site URL, set GVE_SITE, or put site = \"http://...\" in ~/.config/gve/config.toml")
        }
        guard Self.isURL(siteText), let url = URL(string: siteText) else {
            throw ValidationError("site: \"\(siteText)\" is not an http(s) URL (site names and auto are resolved by `gve vm request`)")
        }
        guard let user = resolve(user, env: "GVE_USER", file: "user", file) else {
            throw ValidationError("no user: pass --user NAME, set GVE_USER, or put user = \"...\" in the config file")
        }
        var password = ProcessInfo.processInfo.environment["GVE_PASSWORD"]
        if let pf = resolve(passwordFile, env: "GVE_PASSWORD_FILE", file: "password-file", file) {
            guard let p = try? String(contentsOfFile: pf, encoding: .utf8) else { throw ValidationError("password file \(pf) cannot be read") }
            password = p.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        password = password ?? file["password"]
        guard let password else {
            throw ValidationError("no password: pass --password-file F, set GVE_PASSWORD_FILE or GVE_PASSWORD, or password-file in the config file")
        }
        let endpoint = url.path.hasSuffix("/soap") ? url : url.appendingPathComponent("soap")
        return SiteClient(url: endpoint, username: user, password: password)
    }
}

/// Prints rows as an aligned table.
func printTable(_ header: [String], _ rows: [[String]]) {
    var widths = header.map(\.count)
    for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  ")
    }
    print(line(header))
    for r in rows { print(line(r)) }
}

/// Prints a value as pretty JSON.
func printJSON<T: Encodable>(_ value: T) throws {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys]
    e.dateEncodingStrategy = .iso8601
    print(String(decoding: try e.encode(value), as: UTF8.self))
}

/// Turns a site fault into a clear message and a failing exit status.
func reportingSiteErrors<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let e as SiteError {
        var msg = "error: \(e.code): \(e.message)"
        for (k, v) in e.details where !e.message.contains(v) { msg += "\n  \(k): \(v)" }
        for h in e.hostReasons { msg += "\n  host \(h.host): \(h.reason)" }
        FileHandle.standardError.write(Data((msg + "\n").utf8))
        throw ExitCode(1)
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
enum Timestamp {
    static func string(from date: Date) -> String { date.formatted(.iso8601) }
}

/// Runs a quantity parse, turning its error into a usage error that names the option.
func validated<T>(_ parse: () throws(QuantityError) -> T) throws -> T {
    do { return try parse() } catch { throw ValidationError(error.description) }
}
