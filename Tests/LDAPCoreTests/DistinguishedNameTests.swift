import Testing
@testable import LDAPCore

@Suite struct DistinguishedNameTests {
    /// RFC 4514 escapes survive a parse/print round trip.
    @Test func roundTripsEscapedValues() throws {
        let dn = try DistinguishedName(#"GLUE2ServiceID=urn:a\,b\+c,GLUE2GroupID=resource,o=glue"#)
        #expect(dn.rdns.count == 3)
        #expect(dn.rdns[0].attributes[0].value == "urn:a,b+c")
        #expect(try DistinguishedName(dn.description) == dn)
    }

    /// DN comparison folds case and surrounding spaces, as caseIgnoreMatch does.
    @Test func comparesCaseInsensitively() throws {
        #expect(try DistinguishedName("GLUE2GroupID=Resource, o=GLUE") == DistinguishedName("glue2groupid=resource,o=glue"))
        #expect(try DistinguishedName("a=1,o=glue").isDescendant(of: DistinguishedName("O=Glue")))
        #expect(try !DistinguishedName("o=glue").isDescendant(of: DistinguishedName("a=1,o=glue")))
    }

    /// Rebasing rewrites the suffix, as a site registry does for a resource tree.
    @Test func rebasesSuffix() throws {
        let dn = try DistinguishedName("GLUE2ServiceID=s1,GLUE2GroupID=resource,o=glue")
        let site = try DistinguishedName("GLUE2DomainID=SITE-A,o=glue")
        let r = dn.rebased(from: try DistinguishedName("GLUE2GroupID=resource,o=glue"), to: site)
        #expect(r?.description == "GLUE2ServiceID=s1,GLUE2DomainID=SITE-A,o=glue")
    }

    /// Malformed DNs are refused with the offset of the problem.
    @Test(arguments: ["=x", "a", "a=1,", "a=1,,b=2", "a b=1", #"a=1\"#, #"a=\zz"#])
    func rejectsMalformed(_ s: String) {
        #expect(throws: DistinguishedNameError.self) { try DistinguishedName(s) }
    }
}

@Suite struct LDAPFilterStringTests {
    /// Every filter kind parses and prints back to an equivalent string.
    @Test(arguments: [
        "(objectClass=GLUE2ComputingService)",
        "(&(objectClass=*)(!(GLUE2EntityName=a*b*c)))",
        "(|(GLUE2ExecutionEnvironmentMainMemorySize>=131072)(x<=5)(cn~=foo))",
        "(cn:caseExactMatch:=Foo)", "(cn:dn:2.5.13.5:=x)", "(:dn:2.5.13.5:=x)",
        "(cn=*mid*)", "(cn=a\\2ab)", "(cn=init*)", "(cn=*fin)",
    ])
    func roundTrips(_ s: String) throws {
        let f = try LDAPFilter(s)
        #expect(try LDAPFilter(f.stringValue) == f)
    }

    /// Escaped bytes decode to the raw value.
    @Test func decodesEscapes() throws {
        #expect(try LDAPFilter("(cn=a\\28\\29\\2a\\5c)") == .equalityMatch(attribute: "cn", value: Array("a()*\\".utf8)))
        #expect(try LDAPFilter("(cn=*)") == .present(attribute: "cn"))
        #expect(try LDAPFilter("cn=x") == .equalityMatch(attribute: "cn", value: Array("x".utf8)))
    }

    /// Malformed filters are refused with an offset, and nesting is bounded.
    @Test(arguments: ["(", "(cn=x", "(cn=x))", "(&(cn=x)", "(=x)", "(cn=a**b)", "(cn=\\4)", "(cn>x)", "(c n=x)", "(:=x)"])
    func rejectsMalformed(_ s: String) {
        #expect(throws: LDAPFilterSyntaxError.self) { try LDAPFilter(s) }
    }

    @Test func boundsNesting() {
        let deep = String(repeating: "(!", count: 100) + "(cn=x)" + String(repeating: ")", count: 100)
        #expect(throws: LDAPFilterSyntaxError.self) { try LDAPFilter(deep) }
    }
}
