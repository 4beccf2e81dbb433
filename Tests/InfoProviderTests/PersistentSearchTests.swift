// GVE — InfoProviderTests: the persistent search control (draft-ietf-ldapext-psearch-03) and the
// Directory's change feed it is built on, observed with python-ldap, ldapmodify and our client.
import Directory
import Foundation
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import Testing

@Suite struct PersistentSearchTests {
    static let root = try! DistinguishedName("cn=admin,o=glue")

    static func service(_ id: String, name: String = "pushed") -> LDAPEntry {
        LDAPEntry(dn: try! DistinguishedName("GLUE2ServiceID=\(id),GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue"), attributes: [
            LDAPAttribute(name: "objectClass", strings: ["GLUE2Service"]),
            LDAPAttribute(name: "GLUE2ServiceID", strings: [id]),
            LDAPAttribute(name: "GLUE2EntityName", strings: [name]),
            LDAPAttribute(name: "GLUE2ServiceType", strings: ["x"]),
            LDAPAttribute(name: "GLUE2ServiceQualityLevel", strings: ["testing"]),
            LDAPAttribute(name: "GLUE2ServiceCapability", strings: ["information.discovery"]),
            LDAPAttribute(name: "GLUE2ServiceAdminDomainForeignKey", strings: ["SITE-1"]),
        ])
    }

    /// The root DSE lists the persistent search control among supportedControl.
    @Test func rootDSEAdvertisesPersistentSearch() async throws {
        let directory = try DirectoryServerTests.directory(services: 1)
        try await withServer(directory) { _, port in
            let r = try await runProgram("/usr/bin/ldapsearch", ["-x", "-LLL", "-H", "ldap://127.0.0.1:\(port)", "-s", "base", "-b", "", "supportedControl"])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.out.contains("supportedControl: \(LDAPOID.persistentSearch)"))
        }
    }

    /// python-ldap's PersistentSearchControl sees the add, modify and delete that ldapmodify makes, each
    /// with its Entry Change Notification; after Abandon the same connection still answers searches.
    @Test func pythonLdapObservesLdapmodifyChanges() async throws {
        let directory = try DirectoryServerTests.directory(services: 1)
        try await withServer(directory, configure: { $0.rootDN = Self.root; $0.rootPassword = "pw" }) { _, port in
            let uri = "ldap://127.0.0.1:\(port)"
            let dn = "GLUE2ServiceID=urn:psearch,GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue"
            let ldif = """
                dn: \(dn)
                changetype: add
                objectClass: GLUE2Service
                GLUE2ServiceID: urn:psearch
                GLUE2EntityName: before
                GLUE2ServiceType: x
                GLUE2ServiceQualityLevel: testing
                GLUE2ServiceCapability: information.discovery
                GLUE2ServiceAdminDomainForeignKey: SITE-1

                dn: \(dn)
                changetype: modify
                replace: GLUE2EntityName
                GLUE2EntityName: after
                -

                dn: \(dn)
                changetype: delete

                """
            let script = #"""
                import ldap, subprocess, sys
                from ldap.controls.psearch import PersistentSearchControl, EntryChangeNotificationControl
                uri, ldif = sys.argv[1], sys.argv[2]
                l = ldap.initialize(uri)
                l.protocol_version = 3
                psc = PersistentSearchControl(criticality=True, changeTypes=['add', 'delete', 'modify', 'modDN'],
                                              changesOnly=False, returnECs=True)
                msgid = l.search_ext('o=glue', ldap.SCOPE_SUBTREE, '(objectClass=GLUE2Service)',
                                     attrlist=['GLUE2EntityName'], serverctrls=[psc])
                classes = {EntryChangeNotificationControl.controlType: EntryChangeNotificationControl}
                initial, changes, modified = 0, [], False
                while len(changes) < 3:
                    rtype, rdata = l.result4(msgid, all=0, timeout=20, add_ctrls=1, resp_ctrl_classes=classes)[:2]
                    if rtype == ldap.RES_SEARCH_RESULT:
                        print('search ended early'); sys.exit(1)
                    for dn, entry, ctrls in rdata:
                        ecn = [c for c in ctrls if c.controlType == EntryChangeNotificationControl.controlType]
                        if not ecn:
                            initial += 1
                        else:
                            name = entry.get('GLUE2EntityName', [b''])[0].decode()
                            changes.append('%s %s %s' % (ecn[0].changeType, dn, name))
                    if initial and not modified:
                        modified = True
                        p = subprocess.run(['/usr/bin/ldapmodify', '-x', '-H', uri, '-D', 'cn=admin,o=glue', '-w', 'pw'],
                                           input=ldif.encode(), capture_output=True)
                        print('ldapmodify', p.returncode, p.stderr.decode().strip())
                print('initial', initial)
                for c in changes:
                    print('change', c)
                l.abandon(msgid)
                print('alive', len(l.search_s('o=glue', ldap.SCOPE_BASE, '(objectClass=*)', ['o'])))
                """#
            let r = try await runProgram("/usr/bin/python3", ["-c", script, uri, ldif])
            #expect(r.status == 0, "\(r.out)\n\(r.err)")
            let lines = r.out.split(separator: "\n").map(String.init)
            #expect(lines.contains("ldapmodify 0 "))
            #expect(lines.contains("initial 1"))
            // changeType: add 1, modify 4, delete 2 (the deleted entry shows its last content).
            #expect(lines.filter { $0.hasPrefix("change ") } == ["change 1 \(dn) before", "change 4 \(dn) after", "change 2 \(dn) after"])
            #expect(lines.contains("alive 1"))
        }
    }

    /// A subscriber that reads nothing never blocks writers: past its buffer its stream ends with the
    /// overflow error, after the changes it had buffered.
    @Test func slowSubscriberIsCutOffWithoutBlockingWriters() async throws {
        let directory = try DirectoryServerTests.directory(services: 1)
        let subscription = directory.subscribeChanges(bufferLimit: 3)
        for i in 0..<10 { try directory.add(Self.service("urn:slow:\(i)")) }
        #expect(directory.entry(Self.service("urn:slow:9").dn) != nil)
        var received: [DistinguishedName] = []
        await #expect(throws: DirectoryChangeFeedOverflow.self) {
            for try await event in subscription.events { received.append(event.dn) }
        }
        #expect(received == (0..<3).map { Self.service("urn:slow:\($0)").dn })
    }

    /// Events arrive in commit order with increasing sequence numbers, one per entry a modifyDN moves.
    @Test func changeFeedReportsEachEntryInCommitOrder() async throws {
        let directory = try DirectoryServerTests.directory(services: 0)
        let subscription = directory.subscribeChanges()
        let e = Self.service("urn:a")
        try directory.add(e)
        try directory.modify(e.dn, [LDAPModification(.replace, LDAPAttribute(name: "GLUE2EntityName", strings: ["renamed"]))])
        let group = try DistinguishedName("GLUE2GroupID=resource,GLUE2DomainID=SITE-1,o=glue")
        try directory.modifyDN(group, newRDN: RelativeDistinguishedName(type: "GLUE2GroupID", value: "moved"), deleteOldRDN: true, newSuperior: nil)
        var events: [DirectoryChangeEvent] = []
        for try await event in subscription.events {
            events.append(event)
            if events.count == 4 { break }
        }
        #expect(events.map(\.kind) == [.add, .modify, .modifyDN, .modifyDN])
        #expect(events.map(\.sequence) == events.map(\.sequence).sorted())
        #expect(events[1].entry["GLUE2EntityName"] == [Array("renamed".utf8)])
        #expect(events[3].previousDN == e.dn)
        #expect(events[3].dn == (try DistinguishedName("GLUE2ServiceID=urn:a,GLUE2GroupID=moved,GLUE2DomainID=SITE-1,o=glue")))
        subscription.cancel()
    }
}
