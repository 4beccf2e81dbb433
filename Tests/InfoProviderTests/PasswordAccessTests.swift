// GVE — InfoProviderTests: userPassword is for binding only, as slapd's usual ACL
// `access to attrs=userPassword by self write by anonymous auth by * none` — checked with ldap-utils.
import Directory
import Foundation
@testable import InfoProvider
import LDAPCore
import LDAPSchema
import Testing

@Suite struct PasswordAccessTests {
    static let userDN = "cn=reader,o=glue"
    static let userPassword = "reader-pw"

    /// WriteAccessTests' directory plus a person whose userPassword is an `{SSHA}` hash.
    static func directory() throws -> (Directory, hash: String) {
        let d = try WriteAccessTests.directory()
        let hash = PasswordHash(hashing: Array(userPassword.utf8), scheme: .ssha).description
        try d.add(LDAPEntry(dn: try DistinguishedName(userDN), attributes: [
            LDAPAttribute(name: "objectClass", strings: ["person"]),
            LDAPAttribute(name: "cn", strings: ["reader"]),
            LDAPAttribute(name: "sn", strings: ["reader"]),
            LDAPAttribute(name: "userPassword", strings: [hash]),
        ]))
        return (d, hash)
    }

    /// ldapsearch output lines naming userPassword (any case; `-A` prints bare types).
    static func passwordLines(_ out: String) -> [Substring] {
        out.split(separator: "\n").filter { $0.lowercased().hasPrefix("userpassword") }
    }

    /// Anonymous and publisher searches never see userPassword (with `*`, named, by OID, typesOnly, paged) and
    /// cannot filter on it; Compare on it is refused (exit 50); binding as the entry still works (ldapwhoami).
    @Test func userPasswordServesBindsButNoSearchOrCompare() async throws {
        let (d, hash) = try Self.directory()
        try await withServer(d, configure: WriteAccessTests.configure) { _, port in
            for bind in [nil, WriteAccessTests.publisher, (Self.userDN, Self.userPassword)] as [(String, String)?] {
                let who = bind?.0 ?? "anonymous"
                for args in [["*"], ["userPassword"], ["2.5.4.35", "cn"], ["-A", "*"], ["-E", "pr=1/noprompt", "*", "userPassword"]] {
                    let r = try await WriteAccessTests.tool("ldapsearch", port, bind: bind, ["-LLL", "-b", Self.userDN, "-s", "base"] + args)
                    #expect(r.status == 0, "\(who) \(args): \(r.err)")
                    #expect(r.out.contains("dn: \(Self.userDN)"), "\(who) \(args): \(r.out)")
                    #expect(Self.passwordLines(r.out).isEmpty, "\(who) \(args) shows the password: \(r.out)")
                }
                // A filter on userPassword is Undefined: neither it nor its negation matches.
                for filter in ["(userPassword=*)", "(!(userPassword=\(hash)))", "(userPassword=\(hash))"] {
                    let r = try await WriteAccessTests.tool("ldapsearch", port, bind: bind, ["-LLL", "-b", "o=glue", filter, "1.1"])
                    #expect(r.status == 0 && r.out.isEmpty, "\(who) \(filter) matched: \(r.out)")
                }
                for value in [hash, Self.userPassword, "wrong"] {
                    let r = try await WriteAccessTests.tool("ldapcompare", port, bind: bind, [Self.userDN, "userPassword:\(value)"])
                    #expect(r.status == 50, "\(who) compare: \(r.status) \(r.out) \(r.err)")
                }
                // Other attributes still compare.
                let cn = try await WriteAccessTests.tool("ldapcompare", port, bind: bind, [Self.userDN, "cn:reader"])
                #expect(cn.status == 6, "\(who) compare cn: \(cn.err)")
            }
            let whoami = try await WriteAccessTests.tool("ldapwhoami", port, bind: (Self.userDN, Self.userPassword))
            #expect(whoami.status == 0 && whoami.out.contains("dn:\(Self.userDN)"), "\(whoami.out) \(whoami.err)")
            let wrong = try await WriteAccessTests.tool("ldapwhoami", port, bind: (Self.userDN, "wrong"))
            #expect(wrong.status == 49)
        }
    }

    /// The root DN is not subject to the rule (as slapd's rootdn): it reads, filters on and compares userPassword.
    @Test func rootDNReadsAndComparesUserPassword() async throws {
        let (d, hash) = try Self.directory()
        try await withServer(d, configure: WriteAccessTests.configure) { _, port in
            let r = try await WriteAccessTests.tool("ldapsearch", port, bind: WriteAccessTests.root,
                                                    ["-LLL", "-b", "o=glue", "(userPassword=*)", "userPassword"])
            #expect(r.status == 0 && r.out.contains("dn: \(Self.userDN)"), "\(r.out) \(r.err)")
            #expect(Self.passwordLines(r.out).count == 1, "\(r.out)")
            let same = try await WriteAccessTests.tool("ldapcompare", port, bind: WriteAccessTests.root,
                                                       [Self.userDN, "userPassword:\(hash)"])
            #expect(same.status == 6, "\(same.err)")
            let other = try await WriteAccessTests.tool("ldapcompare", port, bind: WriteAccessTests.root, [Self.userDN, "userPassword:x"])
            #expect(other.status == 5, "\(other.err)")
        }
    }
}
