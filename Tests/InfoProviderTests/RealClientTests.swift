// GVE — InfoProviderTests: unchanged LDAP clients (OpenLDAP's ldapsearch, python-ldap, libldap) against
// our server. Missing binaries make these tests fail, not skip.
import CLDAP
import Foundation
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import Testing

@Suite struct RealClientTests {
    func ldapsearch(_ port: Int, _ args: [String]) async throws -> (status: Int32, out: String, err: String) {
        try await runProgram("/usr/bin/ldapsearch", ["-x", "-LLL", "-o", "ldif-wrap=no", "-H", "ldap://127.0.0.1:\(port)"] + args)
    }

    func dns(_ ldif: String) -> [String] {
        ldif.split(separator: "\n").filter { $0.hasPrefix("dn: ") }.map { String($0.dropFirst(4)) }
    }

    /// ldapsearch reads the root DSE.
    @Test func ldapsearchReadsRootDSE() async throws {
        try await withServer { _, port in
            let r = try await ldapsearch(port, ["-b", "", "-s", "base", "+"])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.out.contains("namingContexts: o=glue"))
            #expect(r.out.contains("supportedLDAPVersion: 3"))
            #expect(r.out.contains("supportedControl: 1.2.840.113556.1.4.319"))
            let nc = try await ldapsearch(port, ["-b", "", "-s", "base", "namingContexts"])
            #expect(nc.out.contains("namingContexts: o=glue"))
        }
    }

    /// ldapsearch subtree searches with several filter kinds return the expected entries.
    @Test(arguments: [
        ("(objectClass=GLUE2Service)", 25),
        ("(&(objectClass=GLUE2Service)(GLUE2ServiceType=org.nordugrid.arex))", 12),
        ("(|(GLUE2ServiceID=urn:svc:1)(GLUE2ServiceID=urn:svc:2))", 2),
        ("(GLUE2EntityName=Service 1*)", 11),
        ("(&(objectClass=GLUE2Service)(!(GLUE2ServiceID=urn:svc:0)))", 24),
        ("(GLUE2GroupID=*)", 1),
        ("(objectClass=nothing)", 0),
    ])
    func ldapsearchSubtreeFilters(_ filter: String, _ expected: Int) async throws {
        try await withServer { _, port in
            let r = try await ldapsearch(port, ["-b", "o=glue", "-s", "sub", filter, "GLUE2ServiceID"])
            #expect(r.status == 0, "\(r.err)")
            #expect(dns(r.out).count == expected)
        }
    }

    /// ldapsearch's paged results (-E pr=10/noprompt) return every entry.
    @Test func ldapsearchPagedResults() async throws {
        try await withServer { _, port in
            let r = try await ldapsearch(port, ["-E", "pr=10/noprompt", "-b", "o=glue", "(objectClass=GLUE2Service)", "1.1"])
            #expect(r.status == 0, "\(r.err)")
            #expect(Set(dns(r.out)).count == 25)
        }
    }

    /// ldapsearch -z 5 gets 5 entries and exit status 4 (sizeLimitExceeded).
    @Test func ldapsearchSizeLimit() async throws {
        try await withServer { _, port in
            let r = try await ldapsearch(port, ["-z", "5", "-b", "o=glue", "(objectClass=GLUE2Service)"])
            #expect(r.status == 4)
            #expect(dns(r.out).count == 5)
        }
    }

    /// ldapwhoami reports anonymous, then the bound DN.
    @Test func ldapwhoamiReportsIdentity() async throws {
        try await withServer { _, port in
            let a = try await runProgram("/usr/bin/ldapwhoami", ["-x", "-H", "ldap://127.0.0.1:\(port)"])
            #expect(a.status == 0, "\(a.err)")
            #expect(a.out.contains("anonymous"))
            let b = try await runProgram("/usr/bin/ldapwhoami", ["-x", "-H", "ldap://127.0.0.1:\(port)", "-D", "cn=admin,o=glue", "-w", "s3cret"])
            #expect(b.out.contains("dn:cn=admin,o=glue"), "\(b.err)")
            let c = try await runProgram("/usr/bin/ldapwhoami", ["-x", "-H", "ldap://127.0.0.1:\(port)", "-D", "cn=admin,o=glue", "-w", "bad"])
            #expect(c.status == 49)
        }
    }

    /// python-ldap binds, searches, pages and compares.
    @Test func pythonLdapQueriesServer() async throws {
        try await withServer { _, port in
            let script = """
            import ldap
            from ldap.controls import SimplePagedResultsControl
            l = ldap.initialize('ldap://127.0.0.1:\(port)')
            l.simple_bind_s('', '')
            r = l.search_s('o=glue', ldap.SCOPE_SUBTREE, '(objectClass=GLUE2Service)', ['GLUE2ServiceID'])
            print('entries', len(r))
            page = SimplePagedResultsControl(True, size=7, cookie='')
            total = 0
            while True:
                msgid = l.search_ext('o=glue', ldap.SCOPE_SUBTREE, '(objectClass=GLUE2Service)', ['1.1'], serverctrls=[page])
                rtype, rdata, rmsgid, sctrls = l.result3(msgid)
                total += len(rdata)
                c = [x for x in sctrls if x.controlType == SimplePagedResultsControl.controlType]
                if not c or not c[0].cookie: break
                page.cookie = c[0].cookie
            print('paged', total)
            print('compare', l.compare_s('GLUE2ServiceID=urn:svc:3,GLUE2GroupID=resource,o=glue', 'GLUE2ServiceID', b'urn:svc:3'))
            try:
                l.search_s('o=missing', ldap.SCOPE_BASE)
            except ldap.NO_SUCH_OBJECT:
                print('nosuch ok')
            l.unbind_s()
            """
            let r = try await runProgram("/usr/bin/python3", ["-c", script])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.out.contains("entries 25"))
            #expect(r.out.contains("paged 25"))
            #expect(r.out.contains("compare True"))
            #expect(r.out.contains("nosuch ok"))
        }
    }

    /// libldap (through the CLDAP system library) binds and searches.
    @Test func libldapBindsAndSearches() async throws {
        try await withServer { _, port in
            let (rc, count, firstDN) = try await onThread { () -> (Int32, Int32, String) in
                var ld: OpaquePointer?
                guard ldap_initialize(&ld, "ldap://127.0.0.1:\(port)") == LDAP_SUCCESS, let ld else { return (-1, 0, "") }
                defer { ldap_unbind_ext_s(ld, nil, nil) }
                var version: Int32 = 3
                ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version)
                var cred = berval(bv_len: 0, bv_val: nil)
                let bindRC = ldap_sasl_bind_s(ld, "", nil, &cred, nil, nil, nil)
                guard bindRC == LDAP_SUCCESS else { return (bindRC, 0, "") }
                var res: OpaquePointer?
                let src = ldap_search_ext_s(ld, "o=glue", LDAP_SCOPE_SUBTREE, "(GLUE2ServiceType=org.glite.ce.CREAM)", nil, 0, nil, nil, nil, 0, &res)
                defer { ldap_msgfree(res) }
                let n = ldap_count_entries(ld, res)
                var dn = ""
                if let first = ldap_first_entry(ld, res), let cdn = ldap_get_dn(ld, first) {
                    dn = String(cString: cdn)
                    ldap_memfree(cdn)
                }
                return (src, n, dn)
            }
            #expect(rc == LDAP_SUCCESS)
            #expect(count == 13)
            #expect(firstDN == "GLUE2ServiceID=urn:svc:0,GLUE2GroupID=resource,o=glue")
        }
    }
}
