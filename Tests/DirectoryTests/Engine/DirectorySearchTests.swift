// GVE — DirectoryTests
// Search semantics: scopes, every filter kind, three-valued logic, projection, limits.
import Directory
import LDAPCore
import LDAPSchema
import Testing

@Suite struct DirectorySearchTests {
    let d: Directory
    init() throws { d = try TestData.loadedDirectory(sites: 3) }

    /// Equality on a GLUE ID (caseExact) is case-sensitive; objectClass matching is case-insensitive.
    @Test func equalityFollowsTheMatchingRule() throws {
        #expect(try d.dns("(objectClass=GLUE2ComputingService)").count == 3)
        #expect(try d.dns("(objectclass=glue2computingservice)").count == 3)
        #expect(try d.dns("(GLUE2DomainID=SITE-00001)").count == 1)
        #expect(try d.dns("(GLUE2DomainID=site-00001)").isEmpty)
        #expect(try d.dns("(o=GLUE)").count == 1)  // caseIgnoreMatch
    }

    /// objectClass equality matches superclasses too (slapd's objectSubClassMatch).
    @Test func objectClassMatchesSuperclasses() throws {
        let services = try d.dns("(objectClass=GLUE2Service)")
        #expect(services == (try d.dns("(objectClass=GLUE2ComputingService)")))
        // For slapd, top's subclasses are the classes naming it as SUP and non-abstract classes without
        // SUP (here organization and GLUE2Group), not the GLUE2Entity tree (abstract, no SUP).
        #expect(try d.dns("(objectClass=top)").count == 4)
    }

    /// Integer ordering compares numbers, not strings.
    @Test func integerOrderingIsNumeric() throws {
        let big = try d.dns("(GLUE2ExecutionEnvironmentMainMemorySize>=131072)")
        let small = try d.dns("(GLUE2ExecutionEnvironmentMainMemorySize<=131071)")
        let all = try d.dns("(objectClass=GLUE2ExecutionEnvironment)")
        #expect(big.union(small) == all && big.isDisjoint(with: small))
        #expect(try d.dns("(GLUE2ExecutionEnvironmentMainMemorySize>=9)").count == all.count)
    }

    /// Unknown attributes are Undefined, presence included, and NOT Undefined is Undefined.
    @Test func undefinedAttributesFollowSlapd() throws {
        #expect(try d.dns("(GLUE2NoSuchAttr=x)").isEmpty)
        #expect(try d.dns("(!(GLUE2NoSuchAttr=x))").isEmpty)
        #expect(try d.dns("(GLUE2NoSuchAttr=*)").isEmpty)
        #expect(try d.dns("(!(GLUE2NoSuchAttr=*))").isEmpty)
        #expect(try d.dns("(|(GLUE2NoSuchAttr=x)(objectClass=GLUE2Location))").count == 3)
        // Substring on an INTEGER attribute (no SUBSTR rule) and ordering without ORDERING are Undefined.
        #expect(try d.dns("(!(GLUE2ExecutionEnvironmentMainMemorySize=*65*))").isEmpty)
        #expect(try d.dns("(!(GLUE2EntityName>=a))").isEmpty)
        // An invalid assertion value is Undefined too.
        #expect(try d.dns("(!(GLUE2ExecutionEnvironmentMainMemorySize>=abc))").isEmpty)
    }

    /// Substrings: initial, any, final on case-exact names.
    @Test func substringsMatchInOrder() throws {
        let ids = try d.dns("(GLUE2ServiceID=urn:ogf:ComputingService:*)")
        #expect(ids.count == 3)
        #expect(try d.dns("(GLUE2ServiceID=*site-00001*arex)").count == 1)
        #expect(try d.dns("(GLUE2ServiceID=*SITE-00001*)").isEmpty)
    }

    /// Scopes: base returns the base, one its children, sub the subtree.
    @Test func scopes() throws {
        let base = "GLUE2DomainID=SITE-00000,o=glue"
        #expect(try d.dns("(objectClass=*)", base: base, scope: .baseObject).count == 1)
        let one = try d.dns("(objectClass=*)", base: base, scope: .singleLevel)
        #expect(!one.isEmpty && !one.contains(DistinguishedName.dn(base).normalized))
        let sub = try d.dns("(objectClass=*)", base: base, scope: .wholeSubtree)
        #expect(sub.isSuperset(of: one) && sub.count > one.count)
        #expect(try d.dns("(objectClass=GLUE2Location)", base: base, scope: .singleLevel).count == 1)
        #expect(throws: DirectoryError.self) { try d.dns("(objectClass=*)", base: "GLUE2DomainID=nope,o=glue") }
    }

    /// A missing base gives noSuchObject with the deepest existing ancestor as matchedDN.
    @Test func missingBaseReportsMatchedDN() {
        do {
            _ = try d.search(SearchQuery(base: .dn("GLUE2GroupID=x,GLUE2DomainID=SITE-00000,o=glue")))
            Issue.record("expected noSuchObject")
        } catch {
            #expect(error.code == .noSuchObject)
            #expect(error.matchedDN == .dn("GLUE2DomainID=SITE-00000,o=glue"))
        }
    }

    /// Projection: names in any case, `1.1`, `+`, typesOnly, supertype names.
    @Test func projection() throws {
        let q = SearchQuery(base: .dn("o=glue"), filter: try LDAPFilter("(objectClass=GLUE2ComputingService)"),
                            attributes: ["glue2entityname", "GLUE2ServiceID"])
        let r = try d.search(q)
        #expect(r.entries.count == 3)
        #expect(Set(r.entries[0].attributes.map(\.name)) == ["GLUE2EntityName", "GLUE2ServiceID"])
        var none = q; none.attributes = ["1.1"]
        #expect(try d.search(none).entries.allSatisfy { $0.attributes.isEmpty })
        var ops = q; ops.attributes = ["+"]
        let opNames = Set(try d.search(ops).entries[0].attributes.map(\.name))
        #expect(opNames == ["structuralObjectClass", "entryUUID", "createTimestamp", "modifyTimestamp", "entryDN", "subschemaSubentry", "hasSubordinates"])
        #expect(try d.search(ops).entries[0].first("hasSubordinates") == "TRUE")
        #expect(try d.search(ops).entries[0].first("structuralObjectClass") == "GLUE2ComputingService")
        var types = q; types.typesOnly = true; types.attributes = ["*"]
        #expect(try d.search(types).entries[0].attributes.allSatisfy { $0.values.isEmpty })
        let base = SearchQuery(base: .dn("o=glue"), scope: .baseObject, attributes: ["name"])
        #expect(try d.search(base).entries[0].attributes.map(\.name) == ["o"])  // o is a subtype of name
    }

    /// sizeLimit returns that many entries and sizeLimitExceeded; a past deadline stops with timeLimitExceeded.
    @Test func limits() throws {
        let r = try d.search(SearchQuery(base: .dn("o=glue"), sizeLimit: 5))
        #expect(r.entries.count == 5 && r.code == .sizeLimitExceeded)
        let exact = try d.search(SearchQuery(base: .dn("o=glue"), filter: try LDAPFilter("(objectClass=GLUE2ComputingService)"), sizeLimit: 3))
        #expect(exact.entries.count == 3 && exact.code == .success)
        let late = try d.search(SearchQuery(base: .dn("o=glue"), deadline: .now - .seconds(1)))
        #expect(late.code == .timeLimitExceeded && late.entries.count < d.count)
    }

    /// Approximate match uses the equality rule; extensible match applies the named rule.
    @Test func approxAndExtensible() throws {
        // Approximate matching compares words by letters, as slapd's phonetic codes ignore digits.
        #expect(try d.dns("(GLUE2DomainID~=SITE-00001)").count == 3)
        #expect(try d.dns("(GLUE2DomainID~=site)").count == 3)
        #expect(try d.dns("(GLUE2DomainID~=other)").isEmpty)
        #expect(try d.dns("(GLUE2DomainID:caseIgnoreMatch:=site-00001)").count == 1)
        #expect(try d.dns("(GLUE2DomainID:=site-00001)").isEmpty)
        #expect(try d.dns("(GLUE2ExecutionEnvironmentMainMemorySize:caseIgnoreMatch:=1)").isEmpty)
        // dnAttributes: match RDN values of the DN.
        let under = try d.dns("(GLUE2DomainID:dn:=SITE-00001)")
        #expect(under.count == (try d.dns("(objectClass=*)", base: "GLUE2DomainID=SITE-00001,o=glue")).count)
        #expect(try d.dns("(:caseIgnoreMatch:=site-00002)").contains(DistinguishedName.dn("GLUE2DomainID=SITE-00002,o=glue").normalized))
        #expect(try d.dns("(GLUE2DomainID:noSuchRule:=x)").isEmpty)
    }

    /// The subschema entry is searchable at cn=Subschema and carries the loaded definitions.
    @Test func subschemaEntry() throws {
        let r = try d.search(SearchQuery(base: .dn("cn=Subschema"), scope: .baseObject,
                                         filter: try LDAPFilter("(objectClass=subschema)"), attributes: ["attributeTypes", "objectClasses"]))
        #expect(r.entries.count == 1)
        #expect(r.entries[0].strings("attributeTypes").contains { $0.contains("'GLUE2ExecutionEnvironmentMainMemorySize'") })
        #expect(d.subschemaEntry().strings("ldapSyntaxes").count > 30)
    }

    /// userPassword is withheld from searches (both paths, `*`, named, typesOnly) and Undefined in filters unless
    /// the query reveals passwords; Compare in process still sees it (the server decides who may).
    @Test func userPasswordIsWithheldUnlessRevealed() throws {
        let secret = "{SSHA}c2VjcmV0LWhhc2gtYnl0ZXM="
        try d.modify(DistinguishedName.dn("o=glue"), [LDAPModification(.add, LDAPAttribute(name: "userPassword", strings: [secret]))])
        let base = DistinguishedName.dn("o=glue")
        for attributes in [[], ["*"], ["userPassword"], ["2.5.4.35", "o"], ["*", "+"]] {
            for typesOnly in [false, true] {
                let q = SearchQuery(base: base, scope: .baseObject, attributes: attributes, typesOnly: typesOnly)
                let entry = try #require(try d.search(q).entries.first)
                #expect(entry["userPassword"].isEmpty && !entry.attributes.contains { $0.name.lowercased() == "userpassword" })
                let encoded = try d.searchEncoded(q)
                var bytes: [UInt8] = []
                encoded.encodeMessage(0, messageID: 1, into: &bytes)
                var scratch: [UInt8] = []
                var written: [UInt8] = []
                encoded.writeMessage(0, messageID: 1, scratch: &scratch) { written += $0 }
                #expect(written == bytes)
                #expect(!String(decoding: bytes, as: UTF8.self).lowercased().contains("userpassword"), "\(attributes) typesOnly \(typesOnly)")
            }
        }
        for filter in ["(userPassword=*)", "(!(userPassword=x))", "(userPassword=\(secret))"] {
            #expect(try d.dns(filter, scope: .baseObject).isEmpty, "\(filter)")
        }
        let revealed = SearchQuery(base: base, scope: .baseObject, filter: try LDAPFilter("(userPassword=*)"), attributes: ["*"], revealsPasswords: true)
        #expect(try d.search(revealed).entries.first?.strings("userPassword") == [secret])
        let encoded = try d.searchEncoded(revealed)
        var bytes: [UInt8] = []
        encoded.encodeMessage(0, messageID: 1, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self).contains(secret))
        #expect(try d.compare(base, attribute: "userPassword", value: Array(secret.utf8)))
        #expect(d.isWithheld(attribute: "userpassword;x") && d.isWithheld(attribute: "2.5.4.35") && !d.isWithheld(attribute: "o"))
    }
}
