// GVE — DirectoryTests
// Writes: add, modify, delete, modifyDN, compare, batches; timestamps; snapshot isolation.
import Directory
import LDAPCore
import LDAPSchema
import Synchronization
import Testing

@Suite struct DirectoryWriteTests {
    func location(_ id: String, under site: String = "GLUE2DomainID=SITE-A,o=glue") -> LDAPEntry {
        entry("GLUE2LocationID=\(id),\(site)", [
            ("objectClass", ["GLUE2Location"]), ("GLUE2LocationID", [id]), ("GLUE2LocationCountry", ["Sweden"]),
            ("GLUE2LocationLatitude", ["55.7"]), ("GLUE2LocationLongitude", ["13.2"]),
        ])
    }

    let site = entry("GLUE2DomainID=SITE-A,o=glue", [
        ("objectClass", ["GLUE2Domain", "GLUE2AdminDomain"]), ("GLUE2DomainID", ["SITE-A"]),
    ])

    /// Adding below a missing o= suffix creates the suffix; adding below a missing parent is noSuchObject.
    @Test func addCreatesSuffixButNeedsParent() throws {
        let d = try TestData.freshDirectory()
        #expect(throws: DirectoryError.self) { try d.add(location("L1")) }
        try d.add(site)
        #expect(d.entry(.dn("o=glue")) != nil)
        try d.add(location("L1"))
        do { try d.add(location("L1")); Issue.record("duplicate accepted") } catch { #expect(error.code == .entryAlreadyExists) }
        do { try d.add(location("L2", under: "o=elsewhere")); Issue.record("outside suffix accepted") } catch { #expect(error.code == .noSuchObject) }
    }

    /// Adds are schema-checked; the error names the entry and the attribute.
    @Test func addIsSchemaChecked() throws {
        let d = try TestData.freshDirectory()
        try d.add(site)
        var bad = location("L1")
        bad.attributes.append(LDAPAttribute(name: "GLUE2LocationBogus", strings: ["x"]))
        do { try d.add(bad); Issue.record("accepted") } catch {
            #expect(error.code == .undefinedAttributeType)
            #expect(error.message.contains("GLUE2LocationID=L1,GLUE2DomainID=SITE-A,o=glue") && error.message.contains("GLUE2LocationBogus"))
        }
        var op = location("L2")
        op.attributes.append(LDAPAttribute(name: "createTimestamp", strings: ["20200101000000Z"]))
        do { try d.add(op); Issue.record("accepted") } catch { #expect(error.code == .constraintViolation) }
    }

    /// Modify add/delete/replace/increment; a no-op modify keeps modifyTimestamp; errors per RFC 4511.
    @Test func modifyOperationsAndTimestamps() throws {
        let now = Mutex<Int64>(1_790_000_000)
        let d = try TestData.freshDirectory(clock: { now.withLock { $0 } })
        try d.add(site)
        try d.add(location("L1"))
        let dn = DistinguishedName.dn("GLUE2LocationID=L1,GLUE2DomainID=SITE-A,o=glue")
        func stamp() throws -> String? {
            try d.search(SearchQuery(base: dn, scope: .baseObject, attributes: ["modifyTimestamp"])).entries.first?.first("modifyTimestamp")
        }
        let created = try stamp()
        now.withLock { $0 += 100 }
        try d.modify(dn, [LDAPModification(.replace, LDAPAttribute(name: "GLUE2LocationCountry", strings: ["Sweden"]))])
        #expect(try stamp() == created)
        try d.modify(dn, [LDAPModification(.replace, LDAPAttribute(name: "glue2locationcountry", strings: ["Norway"]))])
        #expect(try stamp() != created)
        #expect(try d.dns("(GLUE2LocationCountry=Norway)").count == 1)
        #expect(try d.dns("(GLUE2LocationCountry=Sweden)").isEmpty)
        try d.modify(dn, [LDAPModification(.add, LDAPAttribute(name: "GLUE2LocationPlace", strings: ["Lund"]))])
        #expect(d.entry(dn)?.first("GLUE2LocationPlace") == "Lund")
        do { try d.modify(dn, [LDAPModification(.add, LDAPAttribute(name: "GLUE2LocationPlace", strings: ["Lund"]))]); Issue.record("accepted") }
        catch { #expect(error.code == .constraintViolation || error.code == .attributeOrValueExists) }
        do { try d.modify(dn, [LDAPModification(.delete, LDAPAttribute(name: "GLUE2LocationAddress", values: []))]); Issue.record("accepted") }
        catch { #expect(error.code == .noSuchAttribute) }
        do { try d.modify(dn, [LDAPModification(.delete, LDAPAttribute(name: "GLUE2LocationID", values: []))]); Issue.record("accepted") }
        catch { #expect(error.code == .notAllowedOnRDN) }
        do { try d.modify(dn, [LDAPModification(.delete, LDAPAttribute(name: "GLUE2LocationCountry", values: [])),
                               LDAPModification(.add, LDAPAttribute(name: "GLUE2ServiceType", strings: ["x"]))]); Issue.record("accepted") }
        catch { #expect(error.code == .objectClassViolation) }
        #expect(d.entry(dn)?.first("GLUE2LocationCountry") == "Norway")  // failed modify left no trace
    }

    @Test func incrementAddsToIntegers() throws {
        let d = try TestData.loadedDirectory(sites: 1)
        let svc = try #require(try d.search(SearchQuery(base: .dn("o=glue"), filter: try LDAPFilter("(objectClass=GLUE2ComputingService)"))).entries.first)
        let before = try #require(Int(svc.first("GLUE2ComputingServiceRunningJobs") ?? ""))
        try d.modify(svc.dn, [LDAPModification(.increment, LDAPAttribute(name: "GLUE2ComputingServiceRunningJobs", strings: ["5"]))])
        #expect(d.entry(svc.dn)?.first("GLUE2ComputingServiceRunningJobs") == String(before + 5))
        #expect(try d.dns("(GLUE2ComputingServiceRunningJobs>=\(before + 5))").contains(svc.dn.normalized))
    }

    /// Delete refuses non-leaves; modifyDN renames and moves subtrees, updating indexes.
    @Test func deleteAndModifyDN() throws {
        let d = try TestData.freshDirectory()
        try d.add(site)
        try d.add(location("L1"))
        do { try d.delete(.dn("GLUE2DomainID=SITE-A,o=glue")); Issue.record("accepted") } catch { #expect(error.code == .notAllowedOnNonLeaf) }
        try d.modifyDN(.dn("GLUE2DomainID=SITE-A,o=glue"), newRDN: RelativeDistinguishedName(type: "GLUE2DomainID", value: "SITE-B"),
                       deleteOldRDN: true, newSuperior: nil)
        #expect(d.entry(.dn("GLUE2LocationID=L1,GLUE2DomainID=SITE-B,o=glue")) != nil)
        #expect(d.entry(.dn("GLUE2LocationID=L1,GLUE2DomainID=SITE-A,o=glue")) == nil)
        #expect(try d.dns("(GLUE2DomainID=SITE-B)").count == 1)
        #expect(try d.dns("(GLUE2DomainID=SITE-A)").isEmpty)
        #expect(try d.dns("(objectClass=GLUE2Location)", base: "GLUE2DomainID=SITE-B,o=glue").count == 1)
        try d.add(entry("GLUE2DomainID=SITE-C,o=glue", [("objectClass", ["GLUE2AdminDomain"]), ("GLUE2DomainID", ["SITE-C"])]))
        try d.modifyDN(.dn("GLUE2LocationID=L1,GLUE2DomainID=SITE-B,o=glue"), newRDN: RelativeDistinguishedName(type: "GLUE2LocationID", value: "L1"),
                       deleteOldRDN: false, newSuperior: .dn("GLUE2DomainID=SITE-C,o=glue"))
        #expect(try d.dns("(objectClass=GLUE2Location)", base: "GLUE2DomainID=SITE-C,o=glue", scope: .singleLevel).count == 1)
        do {
            try d.modifyDN(.dn("GLUE2DomainID=SITE-C,o=glue"), newRDN: RelativeDistinguishedName(type: "GLUE2DomainID", value: "SITE-C"),
                           deleteOldRDN: false, newSuperior: .dn("GLUE2LocationID=L1,GLUE2DomainID=SITE-C,o=glue"))
            Issue.record("moved below itself")
        } catch { #expect(error.code == .unwillingToPerform) }
        try d.delete(.dn("GLUE2LocationID=L1,GLUE2DomainID=SITE-C,o=glue"))
        #expect(try d.dns("(objectClass=GLUE2Location)").isEmpty)
    }

    /// Compare uses the equality rule and reports missing attributes.
    @Test func compare() throws {
        let d = try TestData.freshDirectory()
        try d.add(site)
        let dn = DistinguishedName.dn("GLUE2DomainID=SITE-A,o=glue")
        #expect(try d.compare(dn, attribute: "glue2domainid", value: Array("SITE-A".utf8)))
        #expect(try !d.compare(dn, attribute: "GLUE2DomainID", value: Array("site-a".utf8)))
        #expect(try d.compare(dn, attribute: "objectClass", value: Array("glue2domain".utf8)))
        do { _ = try d.compare(dn, attribute: "GLUE2EntityName", value: [0x61]); Issue.record("no error") } catch { #expect(error.code == .noSuchAttribute) }
        do { _ = try d.compare(dn, attribute: "nope", value: [0x61]); Issue.record("no error") } catch { #expect(error.code == .undefinedAttributeType) }
    }

    /// A batch is all or nothing; the error names the failing change.
    @Test func batchesAreAtomic() throws {
        let d = try TestData.freshDirectory()
        try d.add(site)
        var bad = location("L3"); bad.attributes.append(LDAPAttribute(name: "GLUE2ServiceType", strings: ["x"]))
        do {
            try d.apply([.add(location("L1")), .add(location("L2")), .add(bad)])
            Issue.record("accepted")
        } catch {
            #expect(error.code == .objectClassViolation)
            #expect(error.message.hasPrefix("change #3"))
        }
        #expect(try d.dns("(objectClass=GLUE2Location)").isEmpty)
        try d.apply([.add(location("L1")), .modify(.dn("GLUE2LocationID=L1,GLUE2DomainID=SITE-A,o=glue"),
                                                   [LDAPModification(.replace, LDAPAttribute(name: "GLUE2LocationPlace", strings: ["x"]))])])
        #expect(try d.dns("(GLUE2LocationPlace=x)").count == 1)
    }

    /// A reader's snapshot is unaffected by later writes.
    @Test func readersSeeConsistentSnapshots() async throws {
        let d = try TestData.loadedDirectory(sites: 5)
        let before = try d.dns("(objectClass=GLUE2ComputingShare)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<50 {
                    let dn = DistinguishedName.dn("GLUE2DomainID=EXTRA-\(i),o=glue")
                    try d.add(LDAPEntry(dn: dn, attributes: [LDAPAttribute(name: "objectClass", strings: ["GLUE2AdminDomain"]),
                                                             LDAPAttribute(name: "GLUE2DomainID", strings: ["EXTRA-\(i)"])]))
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<50 {
                        let n = try d.dns("(objectClass=GLUE2AdminDomain)").count
                        #expect(n >= 5 && n <= 55)
                        #expect(try d.dns("(objectClass=GLUE2ComputingShare)") == before)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try d.dns("(objectClass=GLUE2AdminDomain)").count == 55)
    }
}
