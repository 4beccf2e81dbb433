// GVE — LDIFTests
// Writer output: SAFE-STRING detection, base64, folding, version line, change record layout.

import LDAPCore
@testable import LDIF
import Testing

@Suite struct LDIFWriterTests {
    /// Values that are not SAFE-STRINGs are written base64; safe ones as they are.
    @Test(arguments: [
        (" leading space", false), (":colon", false), ("<angle", false), ("trailing space ", false),
        ("é", false), ("a\nb", false), ("a\rb", false), ("a\u{0}b", false),
        ("plain text", true), ("", true), ("a:b<c", true), ("#hash", true), ("-", true),
    ])
    func safeStringDetection(value: String, safe: Bool) {
        #expect(LDIFWriter.isSafeString(Array(value.utf8)) == safe)
        let entry = LDAPEntry(dn: dn("cn=a"), attributes: [LDAPAttribute(name: "description", strings: [value])])
        let text = LDIFWriter(configuration: .init(writesVersion: false)).string(for: [.content(entry)])
        #expect(text.contains("description::") == !safe, "\(text)")
    }

    /// Lines are folded at the configured width and every physical line fits.
    @Test(arguments: [76, 40, 2])
    func foldingKeepsLinesWithinWidth(width: Int) throws {
        let long = String(repeating: "0123456789", count: 30)
        let entry = LDAPEntry(dn: dn("cn=\(long)"), attributes: [
            LDAPAttribute(name: "description", strings: [long]),
            LDAPAttribute(name: "jpegPhoto", values: [Array(0...255)]),
        ])
        let text = LDIFWriter(configuration: .init(foldWidth: width)).string(for: [.content(entry)])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.utf8.count <= width })
        #expect(lines.contains { $0.hasPrefix(" ") })
        #expect(try records(text) == [.content(entry)])
    }

    /// With folding off every logical line is one physical line.
    @Test func foldingOff() {
        let long = String(repeating: "x", count: 300)
        let entry = LDAPEntry(dn: dn("cn=a"), attributes: [LDAPAttribute(name: "description", strings: [long])])
        let text = LDIFWriter(configuration: .init(foldWidth: nil, writesVersion: false)).string(for: [.content(entry)])
        #expect(text == "dn: cn=a\ndescription: \(long)\n\n")
    }

    /// The exact layout of content and change records.
    @Test func recordLayout() {
        let records: [LDIFRecord] = [
            .content(LDAPEntry(dn: dn("cn=a,o=glue"), attributes: [
                LDAPAttribute(name: "objectClass", strings: ["top", "person"]),
                LDAPAttribute(name: "description;lang-en", strings: [" padded"]),
            ])),
            .change(LDIFChange(dn: dn("cn=a,o=glue"), controls: [LDIFControl(oid: "1.2.3", isCritical: true, value: Array("v".utf8))],
                               operation: .modify([
                                   LDAPModification(.replace, LDAPAttribute(name: "sn", strings: ["x"])),
                                   LDAPModification(.delete, LDAPAttribute(name: "cn", values: [])),
                               ]))),
            .change(LDIFChange(dn: dn("cn=a,o=glue"), operation: .modifyDN(
                newRDN: RelativeDistinguishedName(type: "cn", value: "b"), deleteOldRDN: true, newSuperior: dn("o=grid")))),
            .change(LDIFChange(dn: dn("cn=b,o=grid"), operation: .delete)),
        ]
        let text = LDIFWriter().string(for: records)
        #expect(text == """
            version: 1

            dn: cn=a,o=glue
            objectClass: top
            objectClass: person
            description;lang-en:: IHBhZGRlZA==

            dn: cn=a,o=glue
            control: 1.2.3 true: v
            changetype: modify
            replace: sn
            sn: x
            -
            delete: cn
            -

            dn: cn=a,o=glue
            changetype: modrdn
            newrdn: cn=b
            deleteoldrdn: 1
            newsuperior: o=grid

            dn: cn=b,o=grid
            changetype: delete


            """)
    }
}
