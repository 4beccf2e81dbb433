// GVE — AgentTests: a throwaway slapd on a loopback port with the GLUE 2.0 and GLUE 2.1 cloud schemas.
import Foundation
import GLUEModel
import LDAPCore

@testable import Agent

/// slapd (Debian `slapd`) on 127.0.0.1 with `o=glue`, rootdn `o=glue`, and the resource group entry.
final class TestSlapd {
    let directory: URL
    let port: Int
    let process: Process
    static let rootDN = "o=glue"
    static let password = "test-secret"
    var url: String { "ldap://127.0.0.1:\(port)" }

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gve-slapd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("db"), withIntermediateDirectories: true)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let config = """
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/GLUE20.schema
            include \(repository.appendingPathComponent("glue-schema/GLUE21-cloud.schema").path)
            pidfile \(directory.path)/slapd.pid
            modulepath /usr/lib/ldap
            moduleload back_mdb
            database mdb
            maxsize 104857600
            suffix "o=glue"
            rootdn "o=glue"
            rootpw \(Self.password)
            directory \(directory.path)/db
            """
        try config.write(to: directory.appendingPathComponent("slapd.conf"), atomically: true, encoding: .utf8)
        // A random high port; on a clash (another test's server) try another.
        var started: (Int, Process)?
        for _ in 0..<5 {
            let candidate = Int.random(in: 30_000...60_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/slapd")
            process.arguments = ["-d", "0", "-h", "ldap://127.0.0.1:\(candidate)/", "-f", directory.appendingPathComponent("slapd.conf").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            var ready = false
            for _ in 0..<100 where process.isRunning {
                let probe = try await ProcessRunner.run(
                    "ldapsearch", ["-x", "-LLL", "-H", "ldap://127.0.0.1:\(candidate)", "-s", "base", "-b", "", "(objectClass=*)"])
                if probe.status == 0 { ready = true; break }
                try await Task.sleep(for: .milliseconds(50))
            }
            if ready { started = (candidate, process); break }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        guard let started else {
            try? FileManager.default.removeItem(at: directory)
            throw AgentError(.libvirtError, "slapd did not start (is the slapd package installed?)")
        }
        port = started.0
        process = started.1
        var ldif = ""
        for entry in [GLUERegistryLayout.suffixEntry] + GLUERegistryLayout.resource.registryContainerEntries {
            ldif += LDAPToolsRegistryPublisher.line("dn", entry.dn.description)
            for attribute in entry.attributes { for value in attribute.values { ldif += LDAPToolsRegistryPublisher.line(attribute.name, value) } }
            ldif += "\n"
        }
        let add = try await ProcessRunner.run(
            "ldapadd", ["-x", "-H", url, "-D", Self.rootDN, "-w", Self.password], input: Data(ldif.utf8))
        guard add.status == 0 else { stop(); throw AgentError(.libvirtError, "ldapadd: \(add.standardErrorText)") }
    }

    /// `ldapsearch -LLL` as the root DN.
    func search(base: String, scope: String = "sub", filter: String = "(objectClass=*)", attributes: [String] = []) async throws -> ProcessOutput {
        try await ProcessRunner.run(
            "ldapsearch", ["-x", "-LLL", "-H", url, "-D", Self.rootDN, "-w", Self.password, "-s", scope, "-b", base, filter] + attributes)
    }

    func stop() {
        // SIGKILL: the test process may pass a blocked SIGTERM mask on to its children. The database is thrown away.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
