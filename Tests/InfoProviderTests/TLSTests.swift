// GVE — InfoProviderTests: StartTLS and ldaps:// with a throw-away self-signed certificate, checked with
// OpenLDAP's ldapsearch.
import Foundation
@testable import InfoProvider
import LDAPCore
import Logging
import Testing

@Suite struct TLSTests {
    /// Makes a self-signed certificate and key for 127.0.0.1 in a fresh directory.
    static func certificate() async throws -> (cert: String, key: String, dir: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cert = dir.appendingPathComponent("cert.pem").path, key = dir.appendingPathComponent("key.pem").path
        let r = try await runProgram("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                                          "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                                          "-keyout", key, "-out", cert])
        #expect(r.status == 0, "\(r.err)")
        return (cert, key, dir)
    }

    static let environment = ["LDAPTLS_REQCERT": "never", "PATH": "/usr/bin:/bin"]

    /// ldapsearch -ZZ upgrades with StartTLS and then searches over TLS.
    @Test func startTLSUpgradesTheConnection() async throws {
        let (cert, key, dir) = try await Self.certificate()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await withServer(configure: { $0.tls = .init(certificateChainFile: cert, privateKeyFile: key) }) { _, port in
            let r = try await runProgram("/usr/bin/ldapsearch", ["-x", "-ZZ", "-LLL", "-H", "ldap://127.0.0.1:\(port)", "-b", "o=glue",
                                                                 "(GLUE2ServiceID=urn:svc:1)", "1.1"], environment: Self.environment)
            #expect(r.status == 0, "\(r.err)")
            #expect(r.out.contains("dn: GLUE2ServiceID=urn:svc:1,GLUE2GroupID=resource,o=glue"))
            let dse = try await runProgram("/usr/bin/ldapsearch", ["-x", "-LLL", "-H", "ldap://127.0.0.1:\(port)", "-b", "", "-s", "base", "supportedExtension"])
            #expect(dse.out.contains(LDAPOIDs.startTLS))
        }
    }

    /// With an ldaps port configured, ldaps:// works from the first byte.
    @Test func ldapsServesOverTLS() async throws {
        let (cert, key, dir) = try await Self.certificate()
        defer { try? FileManager.default.removeItem(at: dir) }
        var configuration = LDAPServerConfiguration(host: "127.0.0.1", port: 0, ldapsPort: 0, tls: .init(certificateChainFile: cert, privateKeyFile: key))
        configuration.limits.idleTimeoutSeconds = 30
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = LDAPServer(configuration: configuration, backend: MemoryBackend.sample(), logger: logger)
        let task = Task { try await server.run() }
        defer { task.cancel() }
        let ports = try await server.listeningPorts()
        #expect(ports.count == 2)
        let r = try await runProgram("/usr/bin/ldapsearch", ["-x", "-LLL", "-H", "ldaps://127.0.0.1:\(ports[1])", "-b", "o=glue",
                                                             "(objectClass=GLUE2Service)", "1.1"], environment: Self.environment)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.split(separator: "\n").filter { $0.hasPrefix("dn: ") }.count == 25)
    }
}

enum LDAPOIDs { static let startTLS = "1.3.6.1.4.1.1466.20037" }
