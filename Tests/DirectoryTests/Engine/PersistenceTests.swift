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
}
