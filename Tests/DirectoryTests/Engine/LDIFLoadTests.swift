// GVE — DirectoryTests
// Directory.load(ldifFiles:): generated GLUE data loads; errors name the file, line, entry and attribute.
import Directory
import Foundation
import LDAPCore
import LDAPSchema
import Testing

@Suite struct LDIFLoadTests {
    /// A generated 5-site file loads completely; loading it again changes nothing (no timestamp bump).
    @Test func generatedDataLoadsAndReloadsIdempotently() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/sites.ldif"
        try TestData.generatedLDIF(sites: 5, extra: ["--policies", "--base-entry"]).write(toFile: file, atomically: true, encoding: .utf8)
        let d = try TestData.freshDirectory()
        let n = try d.load(ldifFiles: [file])
        #expect(n == d.count)
        #expect(try d.dns("(objectClass=GLUE2ComputingService)").count == 5)
        let before = try d.search(SearchQuery(base: .dn("o=glue"), attributes: ["modifyTimestamp", "entryUUID"])).entries
        try d.load(ldifFiles: [file])
        let after = try d.search(SearchQuery(base: .dn("o=glue"), attributes: ["modifyTimestamp", "entryUUID"])).entries
        #expect(before == after)
    }

    /// A schema violation names the file, the record's line, the entry and the attribute; nothing is loaded.
    @Test func schemaErrorNamesFileLineEntryAndAttribute() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/bad.ldif"
        try """
        dn: GLUE2DomainID=S1,o=glue
        objectClass: GLUE2AdminDomain
        GLUE2DomainID: S1

        dn: GLUE2LocationID=L1,GLUE2DomainID=S1,o=glue
        objectClass: GLUE2Location
        GLUE2LocationID: L1
        GLUE2LocationAltitude: 5

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let d = try TestData.freshDirectory()
        do {
            try d.load(ldifFiles: [file])
            Issue.record("accepted")
        } catch {
            #expect(error.code == .undefinedAttributeType || error.code == .invalidAttributeSyntax || error.code == .objectClassViolation)
            #expect(error.message.contains("\(file):5"))
            #expect(error.message.contains("GLUE2LocationID=L1,GLUE2DomainID=S1,o=glue"))
            #expect(error.message.contains("GLUE2LocationAltitude"))
        }
        #expect(d.count == 0)
    }

    /// A malformed file is reported with its name and line.
    @Test func malformedLDIFIsReported() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/broken.ldif"
        try "dn: o=glue\nobjectClass organization\n".write(toFile: file, atomically: true, encoding: .utf8)
        let d = try TestData.freshDirectory()
        do {
            try d.load(ldifFiles: [file])
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains(file) && error.message.contains("line 2"))
        }
        #expect(throws: DirectoryError.self) { try TestData.freshDirectory().load(ldifFiles: [dir + "/missing.ldif"]) }
    }
}
