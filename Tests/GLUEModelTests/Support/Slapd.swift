// GVE — GLUEModelTests
// Starts a real OpenLDAP slapd on a loopback port in its own temporary directory, with core, cosine,
// Debian's GLUE20.schema and GVE's glue-schema/GLUE21-cloud.schema. Tests that use it fail (not skip)
// when slapd or the schemas are missing.
import Foundation
import Testing

struct ToolResult {
    var status: Int32
    var output: String
}

/// Runs a program to completion, capturing stdout and stderr together in a temporary file (not a
/// pipe: a slapd started meanwhile by a parallel test could inherit the pipe's write end and keep
/// us waiting for EOF).
func runTool(_ path: String, _ arguments: [String]) throws -> ToolResult {
    let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("gve-tool-\(UUID().uuidString).out")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outURL) }
    let handle = try FileHandle(forWritingTo: outURL)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    p.standardOutput = handle
    p.standardError = handle
    p.standardInput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    try handle.close()
    let data = try Data(contentsOf: outURL)
    return ToolResult(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

extension ToolResult {
    /// The output without ldapadd's progress lines.
    var problems: String {
        output.split(separator: "\n").filter { !$0.hasPrefix("adding new entry") }.joined(separator: "\n")
    }
}

/// The package root (…/Tests/GLUEModelTests/Support/Slapd.swift → three levels up).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let cloudSchemaPath = packageRoot.appendingPathComponent("glue-schema/GLUE21-cloud.schema").path

final class SlapdInstance {
    static let slapd = "/usr/sbin/slapd"
    static let schemaDir = "/etc/ldap/schema"
    let directory: URL
    let port: Int
    let process: Process
    var uri: String { "ldap://127.0.0.1:\(port)" }
    let rootPassword = "secret"

    /// Writes slapd.conf for the mdb database `o=glue` (rootdn `o=glue`).
    static func configuration(directory: URL, extraSchemas: [String]) -> String {
        var conf = ""
        for s in ["core", "cosine", "GLUE20"] { conf += "include \(schemaDir)/\(s).schema\n" }
        for s in extraSchemas { conf += "include \(s)\n" }
        conf += """
            modulepath /usr/lib/ldap
            moduleload back_mdb
            pidfile \(directory.path)/slapd.pid
            database mdb
            suffix "o=glue"
            rootdn "o=glue"
            rootpw secret
            directory \(directory.path)/db
            maxsize 1073741824
            dbnosync
            index objectClass eq

            """
        return conf
    }

    init(extraSchemas: [String] = [cloudSchemaPath]) throws {
        for tool in [Self.slapd, "/usr/bin/ldapadd", "/usr/bin/ldapsearch", "/usr/sbin/slaptest", "\(Self.schemaDir)/GLUE20.schema"] {
            guard FileManager.default.fileExists(atPath: tool) else {
                throw SlapdError("\(tool) is missing: install slapd ldap-utils glue-schema (scripts/setup.sh)")
            }
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gve-slapd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("db"), withIntermediateDirectories: true)
        let conf = directory.appendingPathComponent("slapd.conf")
        try Self.configuration(directory: directory, extraSchemas: extraSchemas).write(to: conf, atomically: true, encoding: .utf8)
        let check = try runTool("/usr/sbin/slaptest", ["-u", "-f", conf.path])
        guard check.status == 0 else { throw SlapdError("slaptest rejected the configuration: \(check.output)") }

        var lastError = ""
        for _ in 0..<10 {
            let port = Int.random(in: 20_000..<60_000)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.slapd)
            p.arguments = ["-f", conf.path, "-h", "ldap://127.0.0.1:\(port)/", "-d", "0"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            try p.run()
            // ready when an anonymous search of the root DSE answers
            for _ in 0..<100 {
                if !p.isRunning { break }
                let r = try runTool("/usr/bin/ldapsearch", ["-x", "-LLL", "-o", "nettimeout=2", "-H", "ldap://127.0.0.1:\(port)",
                                                            "-b", "", "-s", "base", "namingContexts"])
                if r.status == 0 {
                    self.port = port
                    self.process = p
                    return
                }
                lastError = r.output
                usleep(50_000)
            }
            if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        }
        try? FileManager.default.removeItem(at: directory)
        throw SlapdError("slapd did not start: \(lastError)")
    }

    /// `ldapadd` as the rootdn from a file (not a pipe: ldapadd's output would fill the other pipe
    /// while we write); returns its exit status and output.
    func add(ldif: String, continueOnError: Bool = false) throws -> ToolResult {
        let file = directory.appendingPathComponent("add-\(UUID().uuidString).ldif")
        try ldif.write(to: file, atomically: true, encoding: .utf8)
        return try runTool("/usr/bin/ldapadd", ["-x", "-H", uri, "-D", "o=glue", "-w", rootPassword, "-f", file.path]
                           + (continueOnError ? ["-c"] : []))
    }

    /// DNs below `base` matching `filter`.
    func count(base: String = "o=glue", filter: String = "(objectClass=*)") throws -> Int {
        let r = try runTool("/usr/bin/ldapsearch", ["-x", "-LLL", "-H", uri, "-b", base, "-s", "sub", filter, "1.1"])
        return r.output.split(separator: "\n").filter { $0.hasPrefix("dn:") }.count
    }

    /// Stops slapd with SIGKILL: a child started by Foundation's Process inherits the blocked signal
    /// mask of the thread that spawned it, so slapd never sees SIGTERM (the database is throw-away).
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

struct SlapdError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
