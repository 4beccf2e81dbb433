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
