// GVE — InfoProviderTests: password hashes (FIPS 180-4 digests, RFC 2307 {SSHA} forms as slappasswd writes
// them), publishers files, the write rules and the failed-bind throttle, without sockets.
import Foundation
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import Testing

@Suite struct PasswordHashTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// The FIPS 180-4 example digests ("abc" and the two-block messages) come out exactly.
    @Test func shaDigestsMatchFIPS180Examples() {
        let abc = Array("abc".utf8)
        #expect(Self.hex(SHA.sha1(abc)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Self.hex(SHA.sha256(abc)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex(SHA.sha512(abc)) == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Self.hex(SHA.sha1(two)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(Self.hex(SHA.sha256(two)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let two512 = Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
        #expect(Self.hex(SHA.sha512(two512)) == "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
        #expect(Self.hex(SHA.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Digests agree with coreutils' sha1sum, sha256sum and sha512sum at every padding boundary.
    @Test func shaDigestsMatchCoreutilsAtPaddingBoundaries() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-sha-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lengths = [1, 55, 56, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129, 1000]
        var inputs: [(String, [UInt8])] = []
        for n in lengths {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ n) }
            let path = dir.appendingPathComponent("m\(n)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            inputs.append((path, bytes))
        }
        for (tool, digest) in [("sha1sum", SHA.sha1), ("sha256sum", SHA.sha256), ("sha512sum", SHA.sha512)] as [(String, ([UInt8]) -> [UInt8])] {
            let r = try await runProgram("/usr/bin/\(tool)", inputs.map(\.0))
            #expect(r.status == 0, "\(r.err)")
            let expected = r.out.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
            #expect(expected == inputs.map { Self.hex(digest($0.1)) }, "\(tool)")
        }
    }

    /// Hashes printed by Debian's slappasswd ({SSHA} by default, {SSHA256}/{SSHA512} with pw-sha2) verify.
    @Test func slappasswdHashesVerify() async throws {
        let module = ["-o", "module-path=/usr/lib/ldap", "-o", "module-load=pw-sha2"]
        for (scheme, extra) in [("{SSHA}", [String]()), ("{SSHA256}", module), ("{SSHA512}", module), ("{SHA512}", module)] {
            let r = try await runProgram("/usr/sbin/slappasswd", ["-h", scheme, "-s", "pub lisher-secret"] + extra)
            #expect(r.status == 0, "slappasswd \(scheme): \(r.err)")
            let text = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
            let hash = try PasswordHash(text)
            #expect(hash.description == text)
            #expect(hash.verify(Array("pub lisher-secret".utf8)), "\(text)")
            #expect(!hash.verify(Array("pub lisher-secreT".utf8)))
            #expect(!hash.verify([]))
        }
    }

    /// A stored value verifies its own password only; the same password and salt give the same hash.
    @Test func hashingRoundTripsForEverySchemeAndSaltsByDefault() throws {
        for scheme in PasswordHash.Scheme.allCases {
            let h = PasswordHash(hashing: Array("s3cret".utf8), scheme: scheme)
            let parsed = try PasswordHash(h.description)
            #expect(parsed == h)
            #expect(h.description.hasPrefix("{\(scheme.rawValue)}"))
            #expect(parsed.verify(Array("s3cret".utf8)))
            #expect(!parsed.verify(Array("s3cret ".utf8)))
        }
        let a = PasswordHash(hashing: Array("x".utf8)), b = PasswordHash(hashing: Array("x".utf8))
        #expect(a != b, "two hashes of one password differ by their random salts")
        #expect(PasswordHash(hashing: Array("x".utf8), scheme: .ssha, salt: [1, 2]) == PasswordHash(hashing: Array("x".utf8), scheme: .ssha, salt: [1, 2]))
        // Scheme names are case-insensitive, as slapd reads them.
        #expect(try PasswordHash("{ssha}" + a.description.split(separator: "}")[1].description).scheme == .ssha)
    }

    /// Plaintext, unknown schemes, bad base64 and short values are refused with a message saying why.
    @Test(arguments: [
        ("secret", "not plaintext"), ("{MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==", "unsupported password scheme {MD5}"),
        ("{SSHA}!!!", "not valid base64"), ("{SSHA}AAAA", "expected more than 20"), ("{SHA}AAAA", "expected 20"),
        ("{CLEARTEXT}secret", "unsupported"),
    ])
    func badStoredHashesAreRefused(_ text: String, _ reason: String) {
        #expect(throws: AccessConfigurationError(.invalidHash, "")) { try PasswordHash(text) }
        do { _ = try PasswordHash(text) } catch { #expect(error.message.contains(reason), "\(error.message)") }
    }

    /// Comparisons look at every byte; lengths differ at once.
    @Test func constantTimeComparisonIsExact() {
        #expect(PasswordHash.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordHash.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordHash.constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(PasswordHash.plaintextMatches(Array("pw".utf8), Array("pw".utf8)))
        #expect(!PasswordHash.plaintextMatches(Array("pw".utf8), Array("pw2".utf8)))
    }
}

@Suite struct PublisherRulesTests {
    static let hashA = PasswordHash(hashing: Array("a".utf8), scheme: .ssha, salt: [9])

    /// A publishers file maps each DN to its hash and subtrees; repeated DNs add subtrees; comments are skipped.
    @Test func publishersFileDeclaresSubtreesPerLine() throws {
        let text = """
            # publisher   hash   subtree
            cn=agent 1,ou=publishers,o=gve   \(Self.hashA)   GLUE2ResourceID=urn:gve:host:h1,GLUE2GroupID=resource,o=glue

            cn=agent 1,ou=publishers,o=gve\t\(Self.hashA)\tGLUE2DomainID=SITE,o=glue
            cn=site,ou=publishers,o=gve  {SSHA}9poBhTTssVZPGbYALPCK82tp13TxWExU  GLUE2GroupID=resource,o=glue
            """
        let publishers = try Publisher.parseFile(text)
        #expect(publishers.count == 2)
        #expect(publishers[0].dn == (try DistinguishedName("cn=agent 1,ou=publishers,o=gve")))
        #expect(publishers[0].subtrees.map(\.description) == ["GLUE2ResourceID=urn:gve:host:h1,GLUE2GroupID=resource,o=glue", "GLUE2DomainID=SITE,o=glue"])
        #expect(publishers[1].password.verify(Array("secret".utf8)))
        #expect(try Publisher.parseFile(publishers.flatMap(\.fileLines).joined(separator: "\n")) == publishers)
    }

    /// Bad lines are refused with their line number and what is wrong.
    @Test(arguments: [
        ("cn=a,o=gve secret o=glue", 1, "no {SCHEME}hash"),
        ("\n\ncn=a,o=gve {SSHA}9poBhTTssVZPGbYALPCK82tp13TxWExU", 3, "subtree is missing"),
        ("{SSHA}9poBhTTssVZPGbYALPCK82tp13TxWExU o=glue", 1, "DN is missing"),
        ("cn=a,,o=gve {SSHA}9poBhTTssVZPGbYALPCK82tp13TxWExU o=glue", 1, "publisher DN"),
        ("cn=a,o=gve {SSHA}9poBhTTssVZPGbYALPCK82tp13TxWExU o=glue\ncn=a,o=gve {SSHA512}qhRWh3RdxCr0bHrrOXyjsfJG0rToShWzs2crpIbsJo2uAkIEmhC7opiAdIG1lh24nSUYc3rZFE/tY621kwe+H/nLv2Gaj02k o=grid", 2, "different hash"),
        ("cn=a,o=gve {MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ== o=glue", 1, "unsupported"),
    ])
    func badPublisherLinesNameTheirLine(_ text: String, _ line: Int, _ reason: String) {
        do {
            _ = try Publisher.parseFile(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    /// Anonymous sessions get strongerAuthRequired; publishers write only under their subtrees (both DNs of
    /// a rename); the root DN writes anywhere; other identities nowhere.
    @Test func writeRulesFollowIdentityAndSubtree() throws {
        let root = try DistinguishedName("cn=admin,o=glue")
        let pub = try DistinguishedName("cn=p,ou=publishers,o=gve")
        let mine = try DistinguishedName("GLUE2ServiceID=a,GLUE2GroupID=resource,o=glue")
        let other = try DistinguishedName("GLUE2ServiceID=b,GLUE2GroupID=resource,o=glue")
        let rules = AccessControl(rootDN: root, rootCredential: .plaintext(Array("pw".utf8)),
                                  publishers: [Publisher(dn: pub, password: Self.hashA, subtrees: [mine])])
        #expect(rules.refusal(identity: nil, targets: [mine])?.resultCode == .strongerAuthRequired)
        #expect(rules.refusal(identity: pub, targets: [mine]) == nil)
        #expect(rules.refusal(identity: pub, targets: [mine.child(type: "GLUE2LocationID", value: "x")]) == nil)
        let refused = try #require(rules.refusal(identity: pub, targets: [mine, other]))
        #expect(refused.resultCode == .insufficientAccessRights)
        #expect(refused.diagnosticMessage.contains("cn=p,ou=publishers,o=gve") && refused.diagnosticMessage.contains("may write only under \(mine)"))
        #expect(rules.refusal(identity: pub, targets: [try DistinguishedName("GLUE2GroupID=resource,o=glue")])?.resultCode == .insufficientAccessRights)
        #expect(rules.refusal(identity: root, targets: [other]) == nil)
        #expect(rules.refusal(identity: try DistinguishedName("cn=reader,o=glue"), targets: [mine])?.resultCode == .insufficientAccessRights)
    }

    /// The root password may be given as a {SCHEME} hash; a broken hash is a configuration error.
    @Test func rootPasswordMayBeHashed() throws {
        var c = LDAPServerConfiguration(rootDN: try DistinguishedName("cn=admin,o=glue"), rootPassword: "{SSHA}9poBhTTssVZPGbYALPCK82tp13TxWExU")
        guard case .account(let verify) = try c.accessControl().bindTarget(try DistinguishedName("CN=Admin,o=glue")) else {
            Issue.record("root DN is not an account"); return
        }
        #expect(verify(Array("secret".utf8)) && !verify(Array("{SSHA}9poBhTTssVZPGbYALPCK82tp13TxWExU".utf8)))
        c.rootPassword = "{SSHA}short"
        #expect(throws: AccessConfigurationError(.invalidHash, "")) { try c.accessControl() }
    }

    /// Each failure in a row doubles the delay up to the cap; success forgets the DN.
    @Test func failedBindsAreSlowedDownExponentially() throws {
        #expect(BindThrottle.delay(afterFailures: 0, base: .milliseconds(250), cap: .seconds(8)) == .zero)
        #expect(BindThrottle.delay(afterFailures: 1, base: .milliseconds(250), cap: .seconds(8)) == .milliseconds(250))
        #expect(BindThrottle.delay(afterFailures: 3, base: .milliseconds(250), cap: .seconds(8)) == .seconds(1))
        #expect(BindThrottle.delay(afterFailures: 60, base: .milliseconds(250), cap: .seconds(8)) == .seconds(8))
        let throttle = BindThrottle(base: .milliseconds(10), cap: .seconds(1), forgetAfter: .seconds(60), maxTrackedDNs: 2)
        let dn = try DistinguishedName("cn=p,o=gve")
        let t0 = ContinuousClock.now
        #expect(throttle.failed(dn, now: t0) == .milliseconds(10))
        #expect(throttle.failed(try DistinguishedName("CN=P,o=gve"), now: t0) == .milliseconds(20))
        #expect(throttle.failed(dn, now: t0 + .seconds(120)) == .milliseconds(10), "forgotten after a quiet period")
        throttle.succeeded(dn)
        #expect(throttle.failures(dn) == 0)
        for i in 0..<5 { _ = throttle.failed(try DistinguishedName("cn=x\(i),o=gve"), now: t0 + .seconds(i)) }
        #expect(throttle.failures(try DistinguishedName("cn=x0,o=gve")) == 0, "the oldest DNs are dropped beyond maxTrackedDNs")
        #expect(throttle.failures(try DistinguishedName("cn=x4,o=gve")) == 1)
    }
}
