// GVE — LDIFTests
// Interoperability with OpenLDAP: LDIF written by LDIFWriter is loaded with ldapadd/ldapmodify into a
// real slapd (own temp dir, random loopback port, core + cosine schema), read back with
// `ldapsearch -LLL` and parsed with LDIFReader; the values must come back byte for byte.

import Foundation
import LDAPCore
@testable import LDIF
import Testing

/// A throwaway slapd on 127.0.0.1 with one mdb database `o=gve`.
final class ScratchSlapd {
    let dir: URL
    let port: Int
    let process: Process
    let uri: String
    static let rootDN = "cn=admin,o=gve"
    static let password = "secret"

    init() throws {
        let fm = FileManager.default
        dir = fm.temporaryDirectory.appendingPathComponent("gve-ldif-slapd-\(UUID().uuidString)")
        try fm.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        let conf = """
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            modulepath /usr/lib/ldap
            moduleload back_mdb
            pidfile \(dir.path)/slapd.pid
            database mdb
            suffix "o=gve"
            rootdn "\(Self.rootDN)"
            rootpw \(Self.password)
            directory \(dir.path)/db
            maxsize 104857600

            """
        try conf.write(to: dir.appendingPathComponent("slapd.conf"), atomically: true, encoding: .utf8)
        var lastError = ""
        for _ in 0..<5 {
            let port = Int.random(in: 20000...60000)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/sbin/slapd")
            p.arguments = ["-f", dir.appendingPathComponent("slapd.conf").path, "-h", "ldap://127.0.0.1:\(port)/", "-d", "0"]
            p.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            p.standardError = err
            try p.run()
            let uri = "ldap://127.0.0.1:\(port)"
            for _ in 0..<100 where p.isRunning {
                if (try? Self.run("/usr/bin/ldapsearch", ["-x", "-LLL", "-H", uri, "-b", "", "-s", "base", "1.1"]))?.status == 0 {
                    self.port = port; self.process = p; self.uri = uri
                    return
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
            lastError = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        try? fm.removeItem(at: dir)
        throw TestFailure("slapd did not start: \(lastError)")
    }

    deinit {
        // SIGKILL, not terminate(): slapd inherits the test process's signal mask, in which SIGTERM
        // is blocked, so it would never see SIGTERM. The database is scratch; nothing is lost.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: dir)
    }

    struct Output { var status: Int32; var stdout: Data; var stderr: String }

    static func run(_ tool: String, _ args: [String], stdin: Data? = nil) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: o, stderr: String(decoding: e, as: UTF8.self))
    }

    func load(_ tool: String, _ ldif: [UInt8]) throws {
        let r = try Self.run(tool, ["-x", "-H", uri, "-D", Self.rootDN, "-w", Self.password], stdin: Data(ldif))
        guard r.status == 0 else { throw TestFailure("\(tool) failed (\(r.status)): \(r.stderr)") }
    }

    func search(_ base: String = "o=gve") throws -> Data {
        let r = try Self.run("/usr/bin/ldapsearch", ["-x", "-LLL", "-H", uri, "-b", base, "(objectClass=*)", "*"])
        guard r.status == 0 else { throw TestFailure("ldapsearch failed (\(r.status)): \(r.stderr)") }
        return r.stdout
    }
}

@Suite(.serialized) struct OpenLDAPInteropTests {
    static let tricky: [[UInt8]] = [
        " leading space", "trailing space ", ":starts with colon", "<starts with angle", "caf\u{E9} 営業部 😀",
        "line one\nline two", "tab\there", String(repeating: "long value ", count: 30), "#hash", "-", "a: b",
    ].map { Array($0.utf8) }

    static func entries() -> [LDAPEntry] {
        var out = [LDAPEntry(dn: dn("o=gve"), attributes: [
            LDAPAttribute(name: "objectClass", strings: ["organization"]), LDAPAttribute(name: "o", strings: ["gve"]),
        ])]
        out.append(LDAPEntry(dn: dn("ou=people,o=gve"), attributes: [
            LDAPAttribute(name: "objectClass", strings: ["organizationalUnit"]), LDAPAttribute(name: "ou", strings: ["people"]),
            LDAPAttribute(name: "description", values: tricky),
        ]))
        let names = ["Smith, John", " Spacey ", "#Hash", "O'Brien+Co", "Ünïcødé 営業部", "semi;colon", "quote\"d", "back\\slash", "eq=ual"]
        for (i, name) in names.enumerated() {
            out.append(LDAPEntry(dn: DistinguishedName([RelativeDistinguishedName(type: "cn", value: name)]).rebased(from: .root, to: dn("ou=people,o=gve"))!,
                                 attributes: [
                LDAPAttribute(name: "objectClass", strings: ["person"]),
                LDAPAttribute(name: "cn", strings: [name]),
                LDAPAttribute(name: "sn", values: [tricky[i % tricky.count]]),
                LDAPAttribute(name: "description;lang-en", values: [tricky[(i + 3) % tricky.count]]),
                LDAPAttribute(name: "userPassword", values: [[0, 1, 2, 0xFF, 0x0A, 0x20]]),
            ]))
        }
        return out
    }

    /// Compares entries as sets of (lower-cased attribute description, value).
    static func index(_ entries: [LDAPEntry]) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for e in entries {
            out[e.dn.normalized] = Set(e.attributes.flatMap { a in a.values.map { a.name.lowercased() + "=" + $0.map { String($0) }.joined(separator: ".") } })
        }
        return out
    }

    /// Entries written by LDIFWriter are added by ldapadd and come back from ldapsearch unchanged.
    @Test func writtenEntriesSurviveLdapaddAndLdapsearch() throws {
        let slapd = try ScratchSlapd()
        let written = Self.entries()
        try slapd.load("/usr/bin/ldapadd", LDIFWriter().bytes(for: written.map { .content($0) }))
        var reader = LDIFReader(bytes: try slapd.search())
        let read = try reader.readAll().map { record -> LDAPEntry in
            guard case .content(let e) = record else { throw TestFailure("unexpected \(record)") }
            return e
        }
        #expect(read.count == written.count)
        let a = Self.index(written), b = Self.index(read)
        #expect(Set(a.keys) == Set(b.keys))
        for (key, values) in a { #expect(b[key] == values, "\(key)") }
    }

    /// Change records written by LDIFWriter (modify with tricky values, modrdn, delete) are applied by
    /// ldapmodify as intended.
    @Test func writtenChangeRecordsApplyWithLdapmodify() throws {
        let slapd = try ScratchSlapd()
        try slapd.load("/usr/bin/ldapadd", LDIFWriter().bytes(for: Self.entries().map { .content($0) }))
        let people = dn("ou=people,o=gve")
        let changes: [LDIFRecord] = [
            .change(LDIFChange(dn: people, operation: .modify([
                LDAPModification(.replace, LDAPAttribute(name: "description", values: [Self.tricky[0], Self.tricky[4]])),
                LDAPModification(.add, LDAPAttribute(name: "seeAlso", strings: ["cn=x,o=gve"])),
            ]))),
            .change(LDIFChange(dn: people.child(type: "cn", value: "Smith, John"), operation: .modifyDN(
                newRDN: RelativeDistinguishedName(type: "cn", value: " Spacey, Jr "), deleteOldRDN: false, newSuperior: nil))),
            .change(LDIFChange(dn: people.child(type: "cn", value: "#Hash"), operation: .delete)),
            .change(LDIFChange(dn: people.child(type: "cn", value: "new 営業部"), operation: .add([
                LDAPAttribute(name: "objectClass", strings: ["person"]),
                LDAPAttribute(name: "cn", strings: ["new 営業部"]), LDAPAttribute(name: "sn", values: [Self.tricky[5]]),
            ]))),
        ]
        try slapd.load("/usr/bin/ldapmodify", LDIFWriter().bytes(for: changes))
        var reader = LDIFReader(bytes: try slapd.search())
        var byDN: [DistinguishedName: LDAPEntry] = [:]
        for record in try reader.readAll() { if case .content(let e) = record { byDN[e.dn] = e } }
        #expect(byDN[people]?["description"] == [Self.tricky[0], Self.tricky[4]])
        #expect(byDN[people]?.strings("seeAlso") == ["cn=x,o=gve"])
        let renamed = try #require(byDN[people.child(type: "cn", value: " Spacey, Jr ")])
        #expect(Set(renamed.strings("cn")) == ["Smith, John", " Spacey, Jr "])
        #expect(byDN[people.child(type: "cn", value: "#Hash")] == nil)
        #expect(byDN[people.child(type: "cn", value: "new 営業部")]?["sn"] == [Self.tricky[5]])
    }
}
