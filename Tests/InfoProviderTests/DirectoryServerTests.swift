// GVE — InfoProviderTests: the server in front of the real Directory engine, loaded from LDIF and the
// Debian schema files, queried by ldapsearch and by our client.
import Directory
import Foundation
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import Testing

@Suite struct DirectoryServerTests {
    /// o=glue, one domain and `services` GLUE2ComputingService entries with TotalJobs = 10 × index.
    static func ldif(services: Int) -> String {
        var s = """
            dn: o=glue
            objectClass: organization
            o: glue

            dn: GLUE2DomainID=SITE-1,o=glue
            objectClass: GLUE2Domain
            objectClass: GLUE2AdminDomain
            GLUE2DomainID: SITE-1
            GLUE2EntityName: SITE-1
            GLUE2AdminDomainDistributed: FALSE

            dn: GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue
            objectClass: GLUE2Group
            GLUE2GroupID: resource


            """
        for i in 0..<services {
            s += """
                dn: GLUE2ServiceID=urn:svc:\(i),GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue
                objectClass: GLUE2Service
                objectClass: GLUE2ComputingService
                GLUE2ServiceID: urn:svc:\(i)
                GLUE2EntityName: CE \(i)
                GLUE2ServiceType: \(i % 2 == 0 ? "org.glite.ce.CREAM" : "org.nordugrid.arex")
                GLUE2ServiceQualityLevel: production
                GLUE2ServiceCapability: executionmanagement.jobexecution
                GLUE2ServiceAdminDomainForeignKey: SITE-1
                GLUE2ComputingServiceTotalJobs: \(i * 10)


                """
        }
        return s
    }

    static func directory(services: Int) throws -> Directory {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-ip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("data.ldif").path
        try ldif(services: services).write(toFile: file, atomically: true, encoding: .utf8)
        return try DirectoryLoader.load(ldifFiles: [file])
    }

    func ldapsearch(_ port: Int, _ args: [String]) async throws -> (status: Int32, out: String, err: String) {
        try await runProgram("/usr/bin/ldapsearch", ["-x", "-LLL", "-o", "ldif-wrap=no", "-H", "ldap://127.0.0.1:\(port)"] + args)
    }

    func dnCount(_ ldif: String) -> Int { ldif.split(separator: "\n").filter { $0.hasPrefix("dn: ") }.count }

    /// ldapsearch gets the directory's answers: equality, integer ordering, substrings, presence, paging.
    @Test func ldapsearchAgainstLoadedDirectory() async throws {
        let directory = try Self.directory(services: 40)
        try await withServer(directory) { _, port in
            let cases: [(String, Int)] = [
                ("(objectClass=GLUE2ComputingService)", 40),
                ("(GLUE2ServiceID=urn:svc:7)", 1),
                ("(glue2serviceid=urn:svc:7)", 1),
                ("(GLUE2ServiceID=URN:SVC:7)", 0),  // caseExactMatch in GLUE20.schema
                ("(GLUE2ComputingServiceTotalJobs>=200)", 20),
                ("(&(GLUE2ServiceType=org.glite*)(GLUE2ComputingServiceTotalJobs<=90))", 5),
                ("(GLUE2EntityName=CE 1*)", 11),
                ("(!(objectClass=GLUE2Service))", 3),
                ("(undefinedAttribute=x)", 0),
            ]
            for (filter, expected) in cases {
                let r = try await ldapsearch(port, ["-b", "o=glue", filter, "1.1"])
                #expect(r.status == 0, "\(filter): \(r.err)")
                #expect(dnCount(r.out) == expected, "\(filter)")
            }
            let paged = try await ldapsearch(port, ["-E", "pr=7/noprompt", "-b", "o=glue", "(objectClass=*)", "1.1"])
            #expect(dnCount(paged.out) == 43)
            let limited = try await ldapsearch(port, ["-z", "4", "-b", "o=glue", "(objectClass=GLUE2Service)"])
            #expect(limited.status == 4)
            #expect(dnCount(limited.out) == 4)
            let missing = try await ldapsearch(port, ["-b", "o=missing,o=glue", "(objectClass=*)"])
            #expect(missing.status == 32)
        }
    }

    /// The root DSE names the directory's suffixes, and the subschema subentry comes from the schema files.
    @Test func rootDSEAndSubschemaComeFromDirectory() async throws {
        let directory = try Self.directory(services: 1)
        try await withServer(directory) { _, port in
            let dse = try await ldapsearch(port, ["-b", "", "-s", "base", "+"])
            #expect(dse.out.contains("namingContexts: o=glue"))
            #expect(!dse.out.contains("namingContexts: o=grid"))  // suffixes without data are not published
            let schema = try await ldapsearch(port, ["-b", "cn=Subschema", "-s", "base", "(objectClass=subschema)", "attributeTypes", "objectClasses"])
            #expect(schema.status == 0, "\(schema.err)")
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let sub = try await client.search(base: try DistinguishedName("cn=Subschema"), scope: .baseObject,
                                              attributes: ["attributeTypes", "objectClasses"])
            let entry = try #require(sub.entries.first)
            #expect(entry.strings("attributeTypes").contains { $0.contains("NAME 'GLUE2ServiceID'") })
            #expect(entry.strings("objectClasses").contains { $0.contains("NAME 'GLUE2ComputingService'") })
            await client.close()
        }
    }

    /// A bound root DN writes through to the directory; schema violations come back as result codes.
    @Test func writesPassThroughToDirectory() async throws {
        let directory = try Self.directory(services: 1)
        let root = try DistinguishedName("cn=admin,o=glue")
        try await withServer(directory, configure: { $0.rootDN = root; $0.rootPassword = "pw" }) { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            try await client.simpleBind(dn: root, password: "pw")
            let dn = try DistinguishedName("GLUE2ServiceID=urn:new,GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue")
            try await client.add(LDAPEntry(dn: dn, attributes: [
                LDAPAttribute(name: "objectClass", strings: ["GLUE2Service"]),
                LDAPAttribute(name: "GLUE2ServiceID", strings: ["urn:new"]),
                LDAPAttribute(name: "GLUE2ServiceType", strings: ["x"]),
                LDAPAttribute(name: "GLUE2ServiceQualityLevel", strings: ["testing"]),
                LDAPAttribute(name: "GLUE2ServiceCapability", strings: ["information.discovery"]),
                LDAPAttribute(name: "GLUE2ServiceAdminDomainForeignKey", strings: ["SITE-1"]),
            ]))
            #expect(try await client.compare(dn, attribute: "GLUE2ServiceType", value: Array("x".utf8)))
            let found = try await client.search(base: try DistinguishedName("o=glue"), filter: try LDAPFilter("(GLUE2ServiceID=urn:new)"))
            #expect(found.entries.map(\.dn) == [dn])
            await #expect(throws: LDAPClientError(.result, resultCode: .objectClassViolation, message: "")) {
                try await client.add(LDAPEntry(dn: try DistinguishedName("GLUE2ServiceID=bad,o=glue"), attributes: [
                    LDAPAttribute(name: "objectClass", strings: ["GLUE2Service"]),
                    LDAPAttribute(name: "GLUE2ServiceID", strings: ["bad"]),
                ]))
            }
            try await client.delete(dn)
            await client.close()
        }
    }
}
