// GVE — LDIFTests
// The reader's DN fast path builds exactly what LDAPCore's RFC 4514 parser builds.

import LDAPCore
@testable import LDIF
import Testing

@Suite struct DNFastPathTests {
    /// Same RDNs (types and values, not just the normalised form) as DistinguishedName(String).
    @Test(arguments: [
        "", "   ", "o=glue", "GLUE2ServiceID=urn:ogf:x,GLUE2GroupID=resource,o=glue", " cn = Barbara Jensen , ou=Product ,dc=x",
        "cn=,o=x", "cn=a=b,o=x", "2.5.4.3=x,o=y", "cn=<x>,o=y", "cn=a  b  ,o=y", "a_b=c",
    ])
    func fastPathMatchesFullParser(_ text: String) throws {
        var interner = NameInterner()
        let fast = Array(text.utf8).withUnsafeBufferPointer { DNFastPath.parse($0, interner: &interner) }
        let full = try DistinguishedName(text)
        let got = try #require(fast)
        #expect(got.rdns == full.rdns)
    }

    /// Escapes, quotes, '+', ';', '#', non-ASCII and malformed names are left to the full parser.
    @Test(arguments: ["cn=a\\,b", "cn=\"q\"", "cn=a+sn=b", "cn=a;o=b", "cn=#41", "cn=é", "cn=a,", ",cn=a", "c n=a", "=a", "cn"])
    func unusualNamesFallBack(_ text: String) {
        var interner = NameInterner()
        let fast = Array(text.utf8).withUnsafeBufferPointer { DNFastPath.parse($0, interner: &interner) }
        #expect(fast == nil)
    }
}

@Suite struct DNSuffixCacheTests {
    /// A run of DNs (parents, children, siblings, repeats, unusual names between them) parsed through
    /// the suffix cache gives, for each, exactly the RDNs of DistinguishedName(String).
    @Test func cachedParsesMatchTheFullParser() throws {
        let run = [
            "o=glue", "GLUE2GroupID=grid,o=glue", "GLUE2DomainID=site-1,GLUE2GroupID=grid,o=glue",
            "GLUE2ServiceID=urn:ogf:svc:1,GLUE2DomainID=site-1,GLUE2GroupID=grid,o=glue",
            "GLUE2EndpointID=urn:ogf:ep:1,GLUE2ServiceID=urn:ogf:svc:1,GLUE2DomainID=site-1,GLUE2GroupID=grid,o=glue",
            "GLUE2ShareID=urn:ogf:sh:1,GLUE2ServiceID=urn:ogf:svc:1,GLUE2DomainID=site-1,GLUE2GroupID=grid,o=glue",
            "GLUE2ShareID=urn:ogf:sh:1,GLUE2ServiceID=urn:ogf:svc:1,GLUE2DomainID=site-1,GLUE2GroupID=grid,o=glue",
            "GLUE2DomainID=site-2,GLUE2GroupID=grid,o=glue", "cn=x=1,o=glue", "cn=y=1,o=glue", "ou=1 ,o=glue",
            "a=b, ou=1 ,o=glue", "c=d,a=b, ou=1 ,o=glue", "c=d,x=b, ou=1 ,o=glue", "cn=a\\,b,o=glue", "cn=b,o=glue",
            "o=glue", "", "o=glue", "lue", "o=g,lue=x", "cn=lue", "x=o=glue", "x=a,o=glue",
        ]
        var cache = DNSuffixCache()
        var interner = NameInterner()
        for text in run {
            let cached = Array(text.utf8).withUnsafeBufferPointer { cache.parse($0, interner: &interner) }
            let fast = Array(text.utf8).withUnsafeBufferPointer { DNFastPath.parse($0, interner: &interner) }
            #expect(cached == fast, "\(text)")
            if let cached { #expect(cached.rdns == (try DistinguishedName(text)).rdns, "\(text)") }
        }
    }
}
