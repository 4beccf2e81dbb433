// GVE — DirectoryTests
// The data directory: state survives reopening; a torn log tail is dropped; snapshots fold the log.
import Directory
import Foundation
import LDAPCore
import LDAPSchema
import Testing

@Suite struct PersistenceTests {
    func domain(_ i: Int) -> LDAPEntry {
        entry("GLUE2DomainID=D\(i),o=glue", [("objectClass", ["GLUE2AdminDomain"]), ("GLUE2DomainID", ["D\(i)"]),
                                              ("GLUE2EntityName", ["domain \(i)"])])
    }

    /// Many writes, then reopen: the same entries, timestamps and UUIDs.
    @Test func reopenAfterManyWritesRestoresState() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var uuids: [String] = []
        do {
            let d = try TestData.freshDirectory(dataDirectory: dir)
            for i in 0..<300 { try d.add(domain(i)) }
            for i in stride(from: 0, to: 300, by: 3) { try d.delete(.dn("GLUE2DomainID=D\(i),o=glue")) }
            try d.modify(.dn("GLUE2DomainID=D1,o=glue"), [LDAPModification(.replace, LDAPAttribute(name: "GLUE2EntityName", strings: ["renamed"]))])
            try d.modifyDN(.dn("GLUE2DomainID=D2,o=glue"), newRDN: RelativeDistinguishedName(type: "GLUE2DomainID", value: "D2b"), deleteOldRDN: true, newSuperior: nil)
            uuids = try d.search(SearchQuery(base: .dn("o=glue"), attributes: ["entryUUID"])).entries.map { $0.first("entryUUID") ?? "" }.sorted()
        }
        let again = try TestData.freshDirectory(dataDirectory: dir)
        #expect(try again.dns("(objectClass=GLUE2AdminDomain)").count == 200)
        #expect(try again.dns("(GLUE2EntityName=renamed)").count == 1)
        #expect(try again.dns("(GLUE2DomainID=D2b)").count == 1)
        #expect(try again.search(SearchQuery(base: .dn("o=glue"), attributes: ["entryUUID"])).entries.map { $0.first("entryUUID") ?? "" }.sorted() == uuids)
    }

    /// A log cut in the middle of its last record loses only that record.
    @Test func tornLastLogRecordIsDropped() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let d = try TestData.freshDirectory(dataDirectory: dir)
            for i in 0..<10 { try d.add(domain(i)) }
        }
        let wal = dir + "/wal"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int)
        let h = try #require(FileHandle(forUpdatingAtPath: wal))
        try h.truncate(atOffset: UInt64(size - 7))
        try h.close()
        let d = try TestData.freshDirectory(dataDirectory: dir)
        #expect(try d.dns("(objectClass=GLUE2AdminDomain)").count == 9)
        // The log accepts new writes after the cut, and they survive.
        try d.add(domain(99))
        let again = try TestData.freshDirectory(dataDirectory: dir)
        #expect(try again.dns("(objectClass=GLUE2AdminDomain)").count == 10)
    }

    /// A corrupted byte in the last record fails its CRC and drops it.
    @Test func corruptLastRecordIsDropped() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let d = try TestData.freshDirectory(dataDirectory: dir)
            for i in 0..<3 { try d.add(domain(i)) }
        }
        var data = try Data(contentsOf: URL(fileURLWithPath: dir + "/wal"))
        data[data.count - 3] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: dir + "/wal"))
        #expect(try TestData.freshDirectory(dataDirectory: dir).dns("(objectClass=GLUE2AdminDomain)").count == 2)
    }

    /// With a small log threshold, snapshots are written and the log restarts; state survives.
    @Test func snapshotsFoldTheLog() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = DirectoryConfiguration(dataDirectory: dir, limits: .init(snapshotAfterLogBytes: 4096))
        do {
            let d = try Directory(schema: glueSchema, configuration: config)
            for i in 0..<100 { try d.add(domain(i)) }
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/snapshot"))
        let wal = try #require(try FileManager.default.attributesOfItem(atPath: dir + "/wal")[.size] as? Int)
        #expect(wal < 4096 + 1024)
        let d = try Directory(schema: glueSchema, configuration: config)
        #expect(try d.dns("(objectClass=GLUE2AdminDomain)").count == 100)
        #expect(try d.dns("(GLUE2EntityName=domain 42)").count == 1)
    }

    /// An unreadable snapshot is an error naming the data directory, not a silent empty tree.
    @Test func damagedSnapshotIsReported() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: dir + "/snapshot"))
        #expect(throws: DirectoryError.self) { try TestData.freshDirectory(dataDirectory: dir) }
    }

    /// Entries that exercise the stored form: options, a name spelled in another case, values
    /// that normalize differently, escaped DN characters, a subtree below a suffix.
    func variedEntries() -> [LDAPEntry] {
        [
            entry("GLUE2DomainID=Dom\\,One,o=glue", [("objectClass", ["GLUE2AdminDomain"]), ("GLUE2DomainID", ["Dom,One"]),
                                                   ("glue2entityname", ["  Mixed   Case  "]), ("GLUE2DomainDescription;lang-en", ["hello"])]),
            entry("GLUE2ServiceID=urn:S1,GLUE2DomainID=Dom\\,One,o=glue",
                  [("objectClass", ["GLUE2Service", "GLUE2ComputingService"]), ("GLUE2ServiceID", ["urn:S1"]),
                   ("GLUE2ServiceType", ["org.glite.ce.CREAM"]), ("GLUE2ServiceQualityLevel", ["production"]),
                   ("GLUE2ServiceCapability", ["executionmanagement.jobexecution", "information.lookup"]),
                   ("GLUE2ServiceAdminDomainForeignKey", ["Dom,One"]), ("GLUE2ComputingServiceTotalJobs", ["42"])]),
        ]
    }

    /// A checkpoint (snapshot format 2) restores every entry exactly: names as written, values,
    /// DNs, operational attributes; and searches over the restored keys match as before.
    @Test func checkpointRestoresStoredEntriesExactly() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = SearchQuery(base: .dn("o=glue"), attributes: ["*", "+"])
        let before: [LDAPEntry]
        do {
            let d = try TestData.freshDirectory(dataDirectory: dir)
            for e in variedEntries() { try d.add(e) }
            _ = try d.dns("(GLUE2EntityName=Mixed Case)")  // an index built before the checkpoint
            try d.checkpoint()
            before = try d.search(all).entries
        }
        let wal = try #require(try FileManager.default.attributesOfItem(atPath: dir + "/wal")[.size] as? Int)
        #expect(wal == 0)
        let d = try TestData.freshDirectory(dataDirectory: dir)
        let after = try d.search(all).entries
        #expect(after == before)
        #expect(after.contains { $0.attributes.contains { $0.name == "glue2entityname" } })
        #expect(after.contains { $0.attributes.contains { $0.name == "GLUE2DomainDescription;lang-en" } })
        #expect(try d.dns("(GLUE2EntityName=Mixed  Case)").count == 1)
        #expect(try d.dns("(GLUE2DomainDescription;lang-en=hello)").count == 1)
        #expect(try d.dns("(GLUE2ComputingServiceTotalJobs>=9)").count == 1)
        #expect(try d.dns("(GLUE2EntityName=*Case)").count == 1)
        #expect(try d.dns("(objectClass=GLUE2Service)").count == 1)
        #expect(try d.dns("(GLUE2DomainID=Dom,One)", scope: .singleLevel).count == 1)
        // Writes after the restart see the restored tree.
        try d.delete(.dn("GLUE2ServiceID=urn:S1,GLUE2DomainID=Dom\\,One,o=glue"))
        #expect(try d.dns("(objectClass=GLUE2Service)").isEmpty)
    }

    /// A snapshot written under one schema and read under another is rebuilt from its values:
    /// keys follow the new schema's rules, and nothing is lost.
    @Test func snapshotFromAnotherSchemaIsRebuilt() throws {
        let dir = TestData.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before: [LDAPEntry]
        let all = SearchQuery(base: .dn("o=glue"), attributes: ["*"])
        do {
            let d = try TestData.freshDirectory(dataDirectory: dir)
            for e in variedEntries() { try d.add(e) }
            try d.checkpoint()
            before = try d.search(all).entries
        }
        let extra = dir + "-extra.schema"
        defer { try? FileManager.default.removeItem(atPath: extra) }
        try Data("""
        attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'gveTestAttribute'
            EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )

        """.utf8).write(to: URL(fileURLWithPath: extra))
        let other = try Schema.load(files: ["/etc/ldap/schema/core.schema", extra, "/etc/ldap/schema/cosine.schema", "/etc/ldap/schema/GLUE20.schema"])
        let d = try Directory(schema: other, configuration: DirectoryConfiguration(dataDirectory: dir))
        #expect(try d.search(all).entries == before)
        #expect(try d.dns("(GLUE2EntityName=Mixed Case)").count == 1)
        #expect(try d.dns("(objectClass=GLUE2Service)").count == 1)
    }
}
