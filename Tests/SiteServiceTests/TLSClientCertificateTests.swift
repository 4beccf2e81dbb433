// GVE — SiteServiceTests
// TLS with client certificates mapped to users by subject DN (the grid way), with certificates made by openssl
// and real clients (curl, zeep).
import Foundation
import Testing
@testable import SiteService

/// A scratch PKI made with the openssl command: a CA, a server certificate for 127.0.0.1, client certificates.
struct ScratchPKI {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gve-pki-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/DC=org/DC=example/CN=Test CA",
                     "-keyout", path("ca.key"), "-out", path("ca.pem"), "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("rogue"), withIntermediateDirectories: true)
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/DC=org/DC=example/CN=Rogue CA",
                     "-keyout", path("rogue/ca.key"), "-out", path("rogue/ca.pem"), "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try issue("server", subject: "/CN=127.0.0.1", extensions: "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth")
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Issues `name.pem` / `name.key` signed by the CA (or the rogue CA).
    func issue(_ name: String, subject: String, extensions: String = "extendedKeyUsage=clientAuth", rogue: Bool = false) throws {
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", path("\(name).key"), "-out", path("\(name).csr")])
        try extensions.write(toFile: path("\(name).ext"), atomically: true, encoding: .utf8)
        let ca = rogue ? "rogue/ca" : "ca"
        try openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"), "-CAcreateserial",
                     "-days", "2", "-out", path("\(name).pem"), "-extfile", path("\(name).ext")])
    }

    func openssl(_ arguments: [String]) throws {
        let result = try run("/usr/bin/openssl", arguments)
        #expect(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.output)")
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

struct ProcessResult { var status: Int32; var output: String }

/// Runs a program to completion on a thread of its own (never blocking the cooperative pool the servers under test
/// need), stdout and stderr together.
func runOffPool(_ program: String, _ arguments: [String]) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try run(program, arguments) })
        }
    }
}

/// Runs a program to completion, stdout and stderr together (blocking the calling thread).
func run(_ program: String, _ arguments: [String]) throws -> ProcessResult {
    #expect(FileManager.default.isExecutableFile(atPath: program), "\(program) is required (scripts/setup.sh installs it)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

@Suite struct CertificateSubjectTests {
    /// The grid one-line form and RFC 4514 name the same subject; types are normalised, values kept.
    @Test func oneLineAndRFC4514FormsNormaliseToTheSameSubject() throws {
        let a = try CertificateSubject("/DC=org/DC=example/CN=Alice")
        let b = try CertificateSubject("CN=Alice,DC=example,DC=org")
        let c = try CertificateSubject("cn=Alice, dc=example ,domainComponent=org")
        let d = try CertificateSubject("2.5.4.3=Alice,DC=example,DC=org")
        #expect(a.gridForm == "/DC=org/DC=example/CN=Alice")
        #expect(a == b && b == c && c == d)
        #expect(try CertificateSubject("/DC=org/CN=alice") != a)
        #expect(try CertificateSubject("CN=Smith\\, John,O=Grid").gridForm == "/O=Grid/CN=Smith, John")
        #expect(try CertificateSubject("/O=Grid/CN=host/node1.example.org").gridForm == "/O=Grid/CN=host/node1.example.org")
    }

    /// Malformed subjects are refused with InvalidRequest naming subjectDN.
    @Test func malformedSubjectsAreRefusedNamingTheField() {
        for bad in ["", "   ", "/=x", "not a dn", "CN=a,,O=b"] {
            #expect {
                _ = try CertificateSubject(bad)
            } throws: { e in (e as? SiteError)?.code == .invalidRequest && (e as? SiteError)?.details.first?.1 == "subjectDN" }
        }
    }

    /// A subject is mapped to at most one user, stored normalised, and can be changed or cleared.
    @Test func subjectMapsToOneUserInNormalisedForm() async throws {
        let db = try SiteDatabase(path: tempDatabasePath())
        let alice = try await db.createUser(name: "alice", password: "pw", subjectDN: "CN=Alice,DC=example,DC=org", cost: 4)
        #expect(alice.subjectDN == "/DC=org/DC=example/CN=Alice")
        #expect(try await db.user(subjectDN: "/DC=org/DC=example/CN=Alice")?.name == "alice")
        try await db.createUser(name: "bob", password: "pw", cost: 4)
        await #expect(throws: SiteError(.invalidRequest, "")) {
            try await db.setSubjectDN(name: "bob", subjectDN: "/DC=org/DC=example/CN=Alice")
        }
        #expect(try await db.setSubjectDN(name: "bob", subjectDN: "CN=Bob,DC=example,DC=org").subjectDN == "/DC=org/DC=example/CN=Bob")
        #expect(try await db.setSubjectDN(name: "alice", subjectDN: nil).subjectDN == nil)
        #expect(try await db.user(subjectDN: "/DC=org/DC=example/CN=Alice") == nil)
    }
}

@Suite struct TLSClientCertificateTests {
    static let getQuota = """
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetQuota xmlns="urn:gve:site:1"/></s:Body></s:Envelope>
        """

    /// Over TLS a verified client certificate authenticates as the user its subject is mapped to (curl and zeep);
    /// an unmapped subject gets AuthenticationFailed; a certificate from another CA fails the handshake; a
    /// password still works without a certificate.
    @Test func verifiedClientCertificateAuthenticatesTheMappedUser() async throws {
        let pki = try ScratchPKI()
        defer { pki.remove() }
        try pki.issue("alice", subject: "/DC=org/DC=example/CN=Alice")
        try pki.issue("mallory", subject: "/DC=org/DC=example/CN=Mallory")
        try pki.issue("rogue", subject: "/DC=org/DC=example/CN=Alice", rogue: true)
        let f = try await Fixture.make()
        try await f.db.setSubjectDN(name: "alice", subjectDN: "CN=Alice,DC=example,DC=org")
        let tls = SiteTLSConfiguration(certificatePath: pki.path("server.pem"), privateKeyPath: pki.path("server.key"), clientCAPath: pki.path("ca.pem"))
        try await withSite(database: f.db, tls: tls) { port in
            let url = "https://127.0.0.1:\(port)/soap"
            func curl(_ extra: [String]) async throws -> ProcessResult {
                try await runOffPool("/usr/bin/curl", ["-sS", "--max-time", "20", "--cacert", pki.path("ca.pem"), "-H", "Content-Type: text/xml; charset=utf-8",
                                          "--data-binary", Self.getQuota] + extra + [url])
            }
            let alice = try await curl(["--cert", pki.path("alice.pem"), "--key", pki.path("alice.key")])
            #expect(alice.status == 0, "\(alice.output)")
            #expect(alice.output.contains("GetQuotaResponse") && alice.output.contains("<user>alice</user>"), "\(alice.output)")

            let mallory = try await curl(["--cert", pki.path("mallory.pem"), "--key", pki.path("mallory.key")])
            #expect(mallory.output.contains("AuthenticationFailed") && !mallory.output.contains("GetQuotaResponse"), "\(mallory.output)")

            let rogue = try await curl(["--cert", pki.path("rogue.pem"), "--key", pki.path("rogue.key")])
            #expect(rogue.status != 0 || !rogue.output.contains("GetQuotaResponse"), "\(rogue.output)")

            let password = try await curl(["-u", "alice:alicepw"])
            #expect(password.output.contains("<user>alice</user>"), "\(password.output)")
            let anonymous = try await curl([])
            #expect(anonymous.output.contains("AuthenticationFailed"), "\(anonymous.output)")

            // zeep over HTTPS with the client certificate and no WS-Security header.
            let script = """
                import sys, requests, zeep
                from zeep.transports import Transport
                s = requests.Session(); s.trust_env = False; s.verify = sys.argv[2]; s.cert = (sys.argv[3], sys.argv[4])
                c = zeep.Client(wsdl=sys.argv[1] + "?wsdl", transport=Transport(session=s))
                q = c.service.GetQuota()
                assert q.user == "alice", q
                print("zeep tls ok", q.user)
                """
            let zeep = try await runOffPool("/usr/bin/python3", ["-c", script, url, pki.path("ca.pem"), pki.path("alice.pem"), pki.path("alice.key")])
            #expect(zeep.status == 0 && zeep.output.contains("zeep tls ok alice"), "\(zeep.output)")
        }
        let audit = try await f.db.queryAudit(actor: "/DC=org/DC=example/CN=Mallory", operation: nil, since: nil, until: nil, limit: 10)
        #expect(audit.first?.outcome == "AuthenticationFailed")
    }
}
