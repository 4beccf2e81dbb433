// GVE — InfoProviderTests: publishers writing over the wire with OpenLDAP's ldapadd, ldapmodify, ldapdelete
// and ldapmodrdn and with python-ldap — confined to their subtrees, schema-checked and GLUE-validated.
import Directory
import Foundation
import GLUEModel
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import LDAPSchema
import Synchronization
import Testing

@Suite struct WriteAccessTests {
    static let rootDN = "cn=admin,o=glue"
    static let rootPassword = "root-pw"
    static let publisherDN = "cn=publisher-a,ou=publishers,o=gve"
    static let publisherPassword = "pa-secret"
    static let subtreeA = "GLUE2ServiceID=urn:svc:a,GLUE2GroupID=resource,o=glue"
    static let serviceB = "GLUE2ServiceID=urn:svc:b,GLUE2GroupID=resource,o=glue"

    static func service(_ id: String) throws -> LDAPEntry {
        LDAPEntry(dn: try DistinguishedName("GLUE2ServiceID=\(id),GLUE2GroupID=resource,o=glue"), attributes: [
            LDAPAttribute(name: "objectClass", strings: ["GLUE2Service"]),
            LDAPAttribute(name: "GLUE2ServiceID", strings: [id]),
            LDAPAttribute(name: "GLUE2EntityName", strings: ["service \(id)"]),
            LDAPAttribute(name: "GLUE2ServiceType", strings: ["org.glite.ce.CREAM"]),
            LDAPAttribute(name: "GLUE2ServiceQualityLevel", strings: ["production"]),
            LDAPAttribute(name: "GLUE2ServiceCapability", strings: ["executionmanagement.jobexecution"]),
            LDAPAttribute(name: "GLUE2ServiceAdminDomainForeignKey", strings: ["SITE-1"]),
        ])
    }

    /// o=glue, the resource group and two GLUE-valid services, urn:svc:a (the publisher's) and urn:svc:b.
    static func directory(clock: @escaping @Sendable () -> Int64 = DirectoryConfiguration.systemClock) throws -> Directory {
        let d = try Directory(schema: try Schema.load(files: DirectoryLoader.defaultSchemaFiles), configuration: DirectoryConfiguration(clock: clock))
        try d.add(GLUERegistryLayout.suffixEntry)
        try d.add(GLUERegistryLayout.groupEntry("resource", under: GLUERegistryLayout.suffix))
        for id in ["urn:svc:a", "urn:svc:b"] {
            let e = try service(id)
            #expect(GLUEValidator().validate([e], now: Date()).filter { $0.severity == .error }.isEmpty)
            try d.add(e)
        }
        return d
    }

    static func configure(_ c: inout LDAPServerConfiguration) {
        c.rootDN = try! DistinguishedName(rootDN)
        c.rootPassword = PasswordHash(hashing: Array(rootPassword.utf8), scheme: .ssha).description
        c.publishers = [Publisher(dn: try! DistinguishedName(publisherDN), password: PasswordHash(hashing: Array(publisherPassword.utf8)),
                                  subtrees: [try! DistinguishedName(subtreeA)])]
        c.failedBindDelay = .milliseconds(1)
        c.failedBindMaxDelay = .milliseconds(5)
    }

    /// Runs an OpenLDAP tool against the server, bound as `bind` (DN, password) or anonymously, with `ldif` as its input file.
    static func tool(_ name: String, _ port: Int, bind: (String, String)?, _ args: [String] = [], ldif: String? = nil) async throws
        -> (status: Int32, out: String, err: String) {
        var all = ["-x", "-H", "ldap://127.0.0.1:\(port)"]
        if let bind { all += ["-D", bind.0, "-w", bind.1] }
        var file: URL?
        if let ldif {
            let f = FileManager.default.temporaryDirectory.appendingPathComponent("gve-write-\(UUID().uuidString).ldif")
            try ldif.write(to: f, atomically: true, encoding: .utf8)
            file = f
            all += ["-f", f.path]
        }
        defer { if let file { try? FileManager.default.removeItem(at: file) } }
        return try await runProgram("/usr/bin/\(name)", all + args)
    }

    static let publisher = (publisherDN, publisherPassword)
    static let root = (rootDN, rootPassword)

    /// Every entry with its operational attributes: the directory's whole visible state.
    static func state(_ d: Directory) throws -> [LDAPEntry] {
        try d.search(SearchQuery(base: GLUERegistryLayout.suffix, attributes: ["*", "+"])).entries.sorted { $0.dn < $1.dn }
    }

    static func location(_ id: String, under parent: String, extra: String = "") -> String {
        """
        dn: GLUE2LocationID=\(id),\(parent)
        objectClass: GLUE2Location
        GLUE2LocationID: \(id)
        GLUE2LocationCountry: Italy
        \(extra)
        """
    }

    /// ldapadd, ldapmodify, ldapmodrdn and ldapdelete as a publisher succeed in its subtree and exit 50
    /// (insufficientAccessRights) elsewhere, naming the bound DN and its subtree; the root DN writes anywhere.
    @Test func publisherWritesOnlyUnderItsOwnSubtreeWithLdapUtils() async throws {
        let d = try Self.directory()
        try await withServer(d, configure: Self.configure) { _, port in
            let add = try await Self.tool("ldapadd", port, bind: Self.publisher, ldif: Self.location("loc-1", under: Self.subtreeA))
            #expect(add.status == 0, "\(add.err)")
            let modify = try await Self.tool("ldapmodify", port, bind: Self.publisher, ldif: """
                dn: GLUE2LocationID=loc-1,\(Self.subtreeA)
                changetype: modify
                replace: GLUE2LocationPlace
                GLUE2LocationPlace: Bologna
                """)
            #expect(modify.status == 0, "\(modify.err)")
            let rename = try await Self.tool("ldapmodrdn", port, bind: Self.publisher, ["-r", "GLUE2LocationID=loc-1,\(Self.subtreeA)", "GLUE2LocationID=loc-2"])
            #expect(rename.status == 0, "\(rename.err)")
            #expect(try d.search(SearchQuery(base: try DistinguishedName("GLUE2LocationID=loc-2,\(Self.subtreeA)"), scope: .baseObject)).entries.count == 1)

            let before = try Self.state(d)
            // Outside the subtree: every kind of write exits 50 and changes nothing.
            let outsideAdd = try await Self.tool("ldapadd", port, bind: Self.publisher, ldif: Self.location("loc-x", under: Self.serviceB))
            #expect(outsideAdd.status == 50)
            #expect(outsideAdd.err.contains(Self.publisherDN) && outsideAdd.err.contains("may write only under \(Self.subtreeA)"), "\(outsideAdd.err)")
            let outsideModify = try await Self.tool("ldapmodify", port, bind: Self.publisher, ldif: """
                dn: \(Self.serviceB)
                changetype: modify
                replace: GLUE2EntityName
                GLUE2EntityName: hijacked
                """)
            #expect(outsideModify.status == 50, "\(outsideModify.err)")
            let outsideDelete = try await Self.tool("ldapdelete", port, bind: Self.publisher, [Self.serviceB])
            #expect(outsideDelete.status == 50, "\(outsideDelete.err)")
            let parentDelete = try await Self.tool("ldapdelete", port, bind: Self.publisher, ["GLUE2GroupID=resource,o=glue"])
            #expect(parentDelete.status == 50, "\(parentDelete.err)")
            // A rename must stay inside at both ends: moving out of the subtree is refused.
            let moveOut = try await Self.tool("ldapmodrdn", port, bind: Self.publisher,
                                              ["-s", Self.serviceB, "GLUE2LocationID=loc-2,\(Self.subtreeA)", "GLUE2LocationID=loc-2"])
            #expect(moveOut.status == 50, "\(moveOut.err)")
            #expect((moveOut.out + moveOut.err).contains(Self.serviceB), "\(moveOut.out) \(moveOut.err)")
            #expect(try Self.state(d) == before)

            // The root DN (its password stored hashed) writes anywhere.
            let rootModify = try await Self.tool("ldapmodify", port, bind: Self.root, ldif: """
                dn: \(Self.serviceB)
                changetype: modify
                replace: GLUE2EntityName
                GLUE2EntityName: renamed by the admin
                """)
            #expect(rootModify.status == 0, "\(rootModify.err)")
            let own = try await Self.tool("ldapdelete", port, bind: Self.publisher, ["GLUE2LocationID=loc-2,\(Self.subtreeA)"])
            #expect(own.status == 0, "\(own.err)")
        }
    }

    /// Anonymous writes exit 8 (strongerAuthRequired, "modifications require authentication", as slapd
    /// answers); a wrong password exits 49 and leaves the session anonymous; reads stay open to everyone.
    @Test func anonymousAndWrongPasswordWritesAreRefused() async throws {
        let d = try Self.directory()
        try await withServer(d, configure: Self.configure) { _, port in
            let before = try Self.state(d)
            let anonymous = try await Self.tool("ldapadd", port, bind: nil, ldif: Self.location("loc-1", under: Self.subtreeA))
            #expect(anonymous.status == 8)
            #expect(anonymous.err.contains("modifications require authentication"), "\(anonymous.err)")
            let wrong = try await Self.tool("ldapadd", port, bind: (Self.publisherDN, "guess"), ldif: Self.location("loc-1", under: Self.subtreeA))
            #expect(wrong.status == 49, "\(wrong.err)")
            let unknown = try await Self.tool("ldapdelete", port, bind: ("cn=nobody,o=gve", Self.publisherPassword), [Self.serviceB])
            #expect(unknown.status == 49, "\(unknown.err)")
            let wrongRoot = try await Self.tool("ldapdelete", port, bind: (Self.rootDN, "{SSHA}x"), [Self.serviceB])
            #expect(wrongRoot.status == 49, "\(wrongRoot.err)")
            let read = try await runProgram("/usr/bin/ldapsearch", ["-x", "-LLL", "-H", "ldap://127.0.0.1:\(port)", "-b", Self.serviceB, "-s", "base", "1.1"])
            #expect(read.status == 0 && read.out.contains("dn: \(Self.serviceB)"), "\(read.err)")
            #expect(try Self.state(d) == before)
        }
    }

    /// Against a real slapd (default ACL: everyone reads) and against ours, the same ldapadd gets the same exit
    /// status: 8 with "modifications require authentication" anonymously, 50 bound as an entry that is not
    /// allowed to write, 49 with a wrong password.
    @Test func refusalsMatchSlapd() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-slapd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            modulepath /usr/lib/ldap
            moduleload back_mdb
            include /etc/ldap/schema/core.schema
            pidfile \(dir.path)/slapd.pid
            database mdb
            suffix "o=glue"
            rootdn "o=glue"
            rootpw secret
            directory \(dir.path)/db

            """.write(to: dir.appendingPathComponent("slapd.conf"), atomically: true, encoding: .utf8)
        let slapd = Process()
        slapd.executableURL = URL(fileURLWithPath: "/usr/sbin/slapd")
        let slapdPort = Int.random(in: 40000..<60000)
        slapd.arguments = ["-d", "0", "-f", dir.appendingPathComponent("slapd.conf").path, "-h", "ldap://127.0.0.1:\(slapdPort)/"]
        slapd.standardOutput = FileHandle.nullDevice
        slapd.standardError = FileHandle.nullDevice
        try slapd.run()
        // slapd may take long to honour SIGTERM; its data is throw-away.
        defer { kill(slapd.processIdentifier, SIGKILL); slapd.waitUntilExit() }
        let seed = """
            dn: o=glue
            objectClass: organization
            o: glue

            dn: cn=admin,o=glue
            objectClass: person
            cn: admin
            sn: admin
            userPassword: s3cret
            """
        var seeded: (status: Int32, out: String, err: String) = (-1, "", "")
        for _ in 0..<100 {
            seeded = try await Self.tool("ldapadd", slapdPort, bind: ("o=glue", "secret"), ldif: seed)
            if seeded.status != 255 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(seeded.status == 0, "slapd did not start or take the seed: \(seeded.err)")
        let newEntry = "dn: cn=new,o=glue\nobjectClass: person\ncn: new\nsn: new\n"
        try await withServer { _, ourPort in
            for bind in [nil, ("cn=admin,o=glue", "s3cret"), ("cn=admin,o=glue", "wrong")] as [(String, String)?] {
                let theirs = try await Self.tool("ldapadd", slapdPort, bind: bind, ldif: newEntry)
                let ours = try await Self.tool("ldapadd", ourPort, bind: bind, ldif: newEntry)
                #expect(ours.status == theirs.status, "bind \(bind?.0 ?? "anonymous"): slapd \(theirs.err) / ours \(ours.err)")
                #expect([8, 49, 50].contains(theirs.status))
                if bind == nil { #expect(ours.err.contains("modifications require authentication") && theirs.err.contains("modifications require authentication")) }
            }
        }
    }

    /// A schema-bad write (an undefined attribute, removing a MUST attribute) is refused with the schema's
    /// code, naming the entry and attribute, and changes nothing.
    @Test func schemaBadWritesAreRefusedNamingTheAttribute() async throws {
        let d = try Self.directory()
        try await withServer(d, configure: Self.configure) { _, port in
            let before = try Self.state(d)
            let undefined = try await Self.tool("ldapadd", port, bind: Self.publisher,
                                                ldif: Self.location("loc-1", under: Self.subtreeA, extra: "GLUE2LocationAltitude: 100"))
            #expect(undefined.status == 17, "\(undefined.err)")
            #expect(undefined.err.contains("GLUE2LocationAltitude") && undefined.err.contains("loc-1"), "\(undefined.err)")
            let syntax = try await Self.tool("ldapmodify", port, bind: Self.root, ldif: """
                dn: \(Self.serviceB)
                changetype: modify
                replace: GLUE2ServiceAdminDomainForeignKey
                -
                """)
            #expect(syntax.status == 65, "\(syntax.err)")
            #expect(syntax.err.contains("GLUE2ServiceAdminDomainForeignKey") || syntax.err.contains("objectClass"), "\(syntax.err)")
            #expect(try Self.state(d) == before)
        }
    }

    /// A GLUE-bad write (a real number that is not one, a value outside a closed enumeration, a time not in
    /// GLUE's format) is refused with invalidAttributeSyntax or constraintViolation naming the attribute and
    /// changes nothing; an expired Validity is only a warning and is accepted.
    @Test func glueBadWritesAreRefusedNamingTheAttribute() async throws {
        let d = try Self.directory()
        try await withServer(d, configure: Self.configure) { _, port in
            let before = try Self.state(d)
            let latitude = try await Self.tool("ldapadd", port, bind: Self.publisher,
                                               ldif: Self.location("loc-1", under: Self.subtreeA, extra: "GLUE2LocationLatitude: north"))
            #expect(latitude.status == 21, "\(latitude.err)")
            #expect(latitude.err.contains("GLUE2LocationLatitude") && latitude.err.contains("GLUE2LocationID=loc-1"), "\(latitude.err)")
            let quality = try await Self.tool("ldapmodify", port, bind: Self.publisher, ldif: """
                dn: \(Self.subtreeA)
                changetype: modify
                replace: GLUE2ServiceQualityLevel
                GLUE2ServiceQualityLevel: excellent
                """)
            #expect(quality.status == 19, "\(quality.err)")
            #expect(quality.err.contains("GLUE2ServiceQualityLevel") && quality.err.contains("production"), "\(quality.err)")
            let time = try await Self.tool("ldapmodify", port, bind: Self.root, ldif: """
                dn: \(Self.serviceB)
                changetype: modify
                replace: GLUE2EntityCreationTime
                GLUE2EntityCreationTime: 20240101000000Z
                """)
            #expect(time.status == 21, "\(time.err)")
            #expect(time.err.contains("GLUE2EntityCreationTime"), "\(time.err)")
            #expect(try Self.state(d) == before)
            let expired = try await Self.tool("ldapmodify", port, bind: Self.publisher, ldif: """
                dn: \(Self.subtreeA)
                changetype: modify
                replace: GLUE2EntityCreationTime
                GLUE2EntityCreationTime: 2001-01-01T00:00:00Z
                -
                replace: GLUE2EntityValidity
                GLUE2EntityValidity: 60
                """)
            #expect(expired.status == 0, "\(expired.err)")
        }
    }

    /// modifyTimestamp moves only when content changes: replacing a value by itself leaves it.
    @Test func modifyTimestampChangesOnlyWhenContentChanges() async throws {
        let clock = Mutex<Int64>(1_700_000_000)
        let d = try Self.directory(clock: { clock.withLock { $0 } })
        try await withServer(d, configure: Self.configure) { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            try await client.simpleBind(dn: try DistinguishedName(Self.publisherDN), password: Self.publisherPassword)
            let dn = try DistinguishedName(Self.subtreeA)
            func stamp() async throws -> String? {
                try await client.search(base: dn, scope: .baseObject, attributes: ["modifyTimestamp"]).entries.first?.strings("modifyTimestamp").first
            }
            let original = try #require(try await stamp())
            clock.withLock { $0 += 3600 }
            try await client.modify(dn, [LDAPModification(.replace, LDAPAttribute(name: "GLUE2EntityName", strings: ["service urn:svc:a"]))])
            #expect(try await stamp() == original, "the same value again is no change")
            try await client.modify(dn, [LDAPModification(.replace, LDAPAttribute(name: "GLUE2EntityName", strings: ["renamed"]))])
            let changed = try #require(try await stamp())
            #expect(changed != original)
            await client.close()
        }
    }

    /// python-ldap bound as a publisher adds in its subtree and gets INSUFFICIENT_ACCESS outside it.
    @Test func pythonLdapPublisherIsConfinedToItsSubtree() async throws {
        let d = try Self.directory()
        try await withServer(d, configure: Self.configure) { _, port in
            let script = """
                import ldap, ldap.modlist, sys
                c = ldap.initialize("ldap://127.0.0.1:\(port)")
                c.simple_bind_s(sys.argv[1], sys.argv[2])
                entry = {"objectClass": [b"GLUE2Location"], "GLUE2LocationID": [b"py"], "GLUE2LocationCountry": [b"CH"]}
                c.add_s("GLUE2LocationID=py," + sys.argv[3], ldap.modlist.addModlist(entry))
                try:
                    c.add_s("GLUE2LocationID=py," + sys.argv[4], ldap.modlist.addModlist(entry))
                    print("outside: accepted")
                except ldap.INSUFFICIENT_ACCESS as e:
                    print("outside: insufficient access:", e.args[0].get("info", ""))
                """
            let r = try await runProgram("/usr/bin/python3", ["-c", script, Self.publisherDN, Self.publisherPassword, Self.subtreeA, Self.serviceB])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.out.contains("outside: insufficient access:") && r.out.contains(Self.publisherDN), "\(r.out)")
            #expect(try d.search(SearchQuery(base: try DistinguishedName("GLUE2LocationID=py,\(Self.subtreeA)"), scope: .baseObject)).entries.count == 1)
            #expect(throws: DirectoryError.self) {
                _ = try d.search(SearchQuery(base: try DistinguishedName("GLUE2LocationID=py,\(Self.serviceB)"), scope: .baseObject))
            }
        }
    }
}
