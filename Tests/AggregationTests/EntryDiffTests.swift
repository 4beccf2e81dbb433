// GVE — AggregationTests
import Aggregation
import LDAPCore
import Testing

func entry(_ dn: String, _ attributes: [(String, [String])]) -> LDAPEntry {
    LDAPEntry(dn: try! DistinguishedName(dn), attributes: attributes.map { LDAPAttribute(name: $0.0, strings: $0.1) })
}

@Suite struct EntryDiffTests {
    /// Attribute order, attribute-name case and value order do not change the content hash.
    @Test func hashIgnoresOrderAndNameCase() {
        let a = entry("GLUE2ServiceID=s1,o=glue", [("objectClass", ["GLUE2Entity", "GLUE2Service"]), ("GLUE2ServiceID", ["s1"])])
        let b = entry("glue2serviceid=S1,O=GLUE", [("glue2serviceid", ["s1"]), ("OBJECTCLASS", ["GLUE2Service", "GLUE2Entity"])])
        #expect(EntryDiff.contentHash(a) == EntryDiff.contentHash(b))
        #expect(EntryDiff.modifications(from: a, to: b).isEmpty)
        let c = entry("GLUE2ServiceID=s1,o=glue", [("objectClass", ["GLUE2Entity", "GLUE2Service"]), ("GLUE2ServiceID", ["S1"])])
        #expect(EntryDiff.contentHash(a) != EntryDiff.contentHash(c))
    }

    /// Only changed attributes appear: single values are replaced, new ones added, missing ones deleted,
    /// and a large multi-valued attribute gets delete/add of just the difference.
    @Test func modificationsAreMinimal() {
        let many = (1...10).map { "VO:vo\($0)" }
        let old = entry("GLUE2ShareID=x,o=glue", [("GLUE2EntityName", ["x"]), ("GLUE2ShareRunningJobs", ["5"]),
                                                 ("GLUE2PolicyRule", many), ("GLUE2EntityOtherInfo", ["a"])])
        let new = entry("GLUE2ShareID=x,o=glue", [("GLUE2EntityName", ["x"]), ("GLUE2ShareRunningJobs", ["6"]),
                                                 ("GLUE2PolicyRule", Array(many.dropLast()) + ["VO:new"]), ("GLUE2ShareWaitingJobs", ["0"])])
        let mods = EntryDiff.modifications(from: old, to: new)
        #expect(mods == [
            LDAPModification(.replace, LDAPAttribute(name: "GLUE2ShareRunningJobs", strings: ["6"])),
            LDAPModification(.delete, LDAPAttribute(name: "GLUE2PolicyRule", strings: ["VO:vo10"])),
            LDAPModification(.add, LDAPAttribute(name: "GLUE2PolicyRule", strings: ["VO:new"])),
            LDAPModification(.add, LDAPAttribute(name: "GLUE2ShareWaitingJobs", strings: ["0"])),
            LDAPModification(.delete, LDAPAttribute(name: "GLUE2EntityOtherInfo", values: [])),
        ])
        #expect(EntryDiff.contentHash(EntryDiff.applying(mods, to: old)) == EntryDiff.contentHash(new))
    }

    /// DN keys equate exactly the DNs DistinguishedName's normalised form equates.
    @Test(arguments: [
        ("GLUE2ServiceID=S1,GLUE2GroupID=resource,o=glue", "glue2serviceid=s1, glue2groupid=RESOURCE ,O=Glue", true),
        ("cn=a  b+sn=x,o=glue", "SN=X+CN=A B,o=glue", true),
        ("GLUE2ShareID=a\\,b,o=glue", "GLUE2ShareID=a\\2Cb,o=glue", true),
        ("GLUE2DomainID=Zürich,o=glue", "glue2domainid=ZÜRICH,o=glue", true),
        ("GLUE2ServiceID=s1,o=glue", "GLUE2ServiceID=s2,o=glue", false),
        ("GLUE2ServiceID=a+cn=b,o=glue", "GLUE2ServiceID=a\\+cn=b,o=glue", false),
    ])
    func dnKeysMatchDistinguishedNameEquality(a: String, b: String, same: Bool) throws {
        let x = try DistinguishedName(a), y = try DistinguishedName(b)
        #expect((x == y) == same)
        #expect((DNKey.of(x) == DNKey.of(y)) == same)
    }
}
