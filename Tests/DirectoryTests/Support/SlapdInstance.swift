// GVE — DirectoryTests
// A private OpenLDAP slapd for differential tests: own temp directory, random loopback port,
// mdb (maxsize 1 GiB), schemas core + cosine + GLUE20. Stopped by `stop()`.
import Foundation

final class SlapdInstance {
    let directory: String
    let port: Int
    let process: Process
    var uri: String { "ldap://127.0.0.1:\(port)" }

    struct Failure: Error, CustomStringConvertible { var description: String }

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/slapd") else {
            throw Failure(description: "/usr/sbin/slapd is missing (Debian package slapd)")
        }
        directory = TestData.tempDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/db", withIntermediateDirectories: true)
        let conf = """
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/GLUE20.schema
        modulepath /usr/lib/ldap
        moduleload back_mdb
        pidfile \(directory)/slapd.pid
        sizelimit unlimited
        access to dn.base="" by * read
        access to dn.base="cn=Subschema" by * read
        access to * by * read
        database mdb
        suffix "o=glue"
        rootdn "o=glue"
        rootpw secret
        directory \(directory)/db
        maxsize 1073741824
        dbnosync
        index objectClass eq,pres
        index GLUE2ServiceID,GLUE2DomainID,GLUE2ShareID eq

        """
        try conf.write(toFile: directory + "/slapd.conf", atomically: true, encoding: .utf8)
        var lastError = ""
        for _ in 0..<5 {
            let port = Int.random(in: 20000...60000)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/sbin/slapd")
            p.arguments = ["-f", directory + "/slapd.conf", "-h", "ldap://127.0.0.1:\(port)/", "-d", "0"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try p.run()
            for _ in 0..<100 {
                if !p.isRunning { break }
                if (try? Self.run("/usr/bin/ldapsearch", ["-x", "-LLL", "-H", "ldap://127.0.0.1:\(port)", "-b", "", "-s", "base", "namingContexts"]))?.status == 0 {
                    self.port = port
                    self.process = p
                    return
                }
                usleep(100_000)
            }
            lastError = "slapd did not answer on port \(port)"
            if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        }
        throw Failure(description: lastError)
    }

    func stop() {
        if process.isRunning {
            // The test runner's threads block SIGTERM and the child inherits that mask, so slapd
            // would ignore terminate(); its data is throw-away, so SIGKILL it.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// ldapadd -c of a file as the rootdn; returns the exit status (non-zero when some entries failed).
    @discardableResult
    func add(file: String) throws -> Int32 {
        try Self.run("/usr/bin/ldapadd", ["-x", "-c", "-H", uri, "-D", "o=glue", "-w", "secret", "-f", file]).status
    }

    /// ldapsearch -LLL; returns entries as (dn, [attribute: values]) parsed from LDIF.
    func search(base: String, scope: String, filter: String, attributes: [String]) throws -> (status: Int32, entries: [(String, [String: [String]])]) {
        let r = try Self.run("/usr/bin/ldapsearch", ["-x", "-LLL", "-o", "ldif-wrap=no", "-H", uri, "-b", base, "-s", scope, filter] + attributes)
        var entries: [(String, [String: [String]])] = []
        var dn: String?
        var attrs: [String: [String]] = [:]
        for line in r.output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if let d = dn { entries.append((d, attrs)) }
                dn = nil; attrs = [:]
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            var rest = line[line.index(after: colon)...]
            let value: String
            if rest.hasPrefix(":") {
                rest = rest.dropFirst()
                value = String(decoding: Data(base64Encoded: rest.trimmingCharacters(in: .whitespaces)) ?? Data(), as: UTF8.self)
            } else {
                value = String(rest.drop { $0 == " " })
            }
            if name == "dn" { dn = value } else { attrs[name.lowercased(), default: []].append(value) }
        }
        if let d = dn { entries.append((d, attrs)) }
        return (r.status, entries)
    }

    static func run(_ tool: String, _ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
