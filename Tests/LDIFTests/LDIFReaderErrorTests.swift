// GVE — LDIFTests
// Bad input: every error names its code, physical line and column.

import Foundation
import LDAPCore
@testable import LDIF
import Testing

@Suite struct LDIFReaderErrorTests {
    func expectError(_ text: String, _ code: LDIFError.Code, line: Int, column: Int,
                     _ configuration: LDIFParser.Configuration = .init(),
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = parseError(text, configuration, sourceLocation: sourceLocation) else { return }
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
        #expect(error.column == column, "\(error)", sourceLocation: sourceLocation)
    }

    /// A continuation line after an empty line has nothing to continue.
    @Test func continuationAfterEmptyLineIsRejected() {
        expectError("dn: cn=a\ncn: a\n\n continued\n", .folding, line: 4, column: 1)
    }

    /// The message reads `line L, column C: ...`.
    @Test func errorDescriptionNamesLineAndColumn() throws {
        let error = try #require(parseError("version: 1\n\n\n\n\n\n\n\n\n\n\n more\n"))
        #expect(error.description == "line 12, column 1: continuation line before any attribute")
    }

    /// A file may not start with a continuation line.
    @Test func continuationAtStartOfFileIsRejected() {
        expectError(" dn: cn=a\n", .folding, line: 1, column: 1)
    }

    /// A bad base64 character is reported at its own column.
    @Test func badBase64CharacterIsLocated() {
        expectError("dn: cn=a\ncn:: YWJj*GVm\n", .base64, line: 2, column: 10)
    }

    /// A bad base64 character in a continuation line is reported on that physical line.
    @Test func badBase64InFoldedLineIsLocatedOnItsPhysicalLine() {
        expectError("dn: cn=a\ndescription:: YWJjZGVm\n YWJj!A==\n", .base64, line: 3, column: 6)
    }

    /// Base64 whose length is not a multiple of four is rejected.
    @Test func truncatedBase64IsRejected() {
        expectError("dn: cn=a\ncn:: YWJ\n", .base64, line: 2, column: 9)
    }

    /// Padding in the middle of base64 is rejected.
    @Test func paddingInsideBase64IsRejected() {
        expectError("dn: cn=a\ncn:: YQ==YWJj\n", .base64, line: 2, column: 8)
    }

    /// A record must start with dn:.
    @Test func recordWithoutDNIsRejected() {
        expectError("cn: x\nsn: y\n", .missingDN, line: 1, column: 1)
    }

    /// An attribute line between the version line and the first dn: is rejected.
    @Test func attributeBeforeDNIsRejected() {
        expectError("version: 1\ncn: x\n", .missingDN, line: 2, column: 1)
    }

    /// A second dn: without an empty line in between is rejected.
    @Test func dnInsideRecordIsRejected() {
        expectError("dn: cn=a\ncn: a\ndn: cn=b\n", .syntax, line: 3, column: 1)
    }

    /// An unknown changetype is rejected at its value.
    @Test func unknownChangeTypeIsRejected() {
        expectError("dn: cn=a\nchangetype: rename\n", .changeType, line: 2, column: 13)
    }

    /// changetype: after attributes is not a change record.
    @Test func changeTypeAfterAttributesIsRejected() {
        expectError("dn: cn=a\ncn: a\nchangetype: add\n", .changeType, line: 3, column: 1)
    }

    /// Nothing may follow changetype: delete.
    @Test func linesAfterDeleteAreRejected() {
        expectError("dn: cn=a\nchangetype: delete\ncn: a\n", .changeType, line: 3, column: 1)
    }

    /// changetype: add needs attributes.
    @Test func emptyAddIsRejected() {
        expectError("dn: cn=a\nchangetype: add\n\n", .changeType, line: 1, column: 1)
    }

    /// A '-' line outside a modify record is rejected.
    @Test func separatorInContentRecordIsRejected() {
        expectError("dn: cn=a\ncn: a\n-\n", .modification, line: 3, column: 1)
    }

    /// A '-' line must close an add:/delete:/replace:/increment: block.
    @Test func separatorWithoutModificationIsRejected() {
        expectError("dn: cn=a\nchangetype: modify\n-\n", .modification, line: 3, column: 1)
    }

    /// A new modification without the '-' that ends the previous one is rejected.
    @Test func missingSeparatorIsRejected() {
        expectError("dn: cn=a\nchangetype: modify\nadd: cn\ncn: x\nreplace: sn\nsn: y\n-\n", .modification, line: 5, column: 1)
    }

    /// A value of another attribute inside a modification block is rejected.
    @Test func valueOfOtherAttributeInModificationIsRejected() {
        expectError("dn: cn=a\nchangetype: modify\nadd: cn\nsn: x\n-\n", .modification, line: 4, column: 1)
    }

    /// An unknown modification operation is rejected.
    @Test func unknownModificationOperationIsRejected() {
        expectError("dn: cn=a\nchangetype: modify\nmerge: cn\n-\n", .modification, line: 3, column: 1)
    }

    /// modrdn needs newrdn: and deleteoldrdn:.
    @Test func incompleteModRDNIsRejected() {
        expectError("dn: cn=a,o=x\nchangetype: modrdn\nnewrdn: cn=b\n\n", .modifyDN, line: 1, column: 1)
        expectError("dn: cn=a,o=x\nchangetype: moddn\ndeleteoldrdn: 1\n", .modifyDN, line: 3, column: 1)
        expectError("dn: cn=a,o=x\nchangetype: modrdn\nnewrdn: cn=b\ndeleteoldrdn: yes\n", .modifyDN, line: 4, column: 15)
    }

    /// newrdn: must be a single RDN.
    @Test func multiRDNNewRDNIsRejected() {
        expectError("dn: cn=a,o=x\nchangetype: modrdn\nnewrdn: cn=b,o=y\ndeleteoldrdn: 1\n", .invalidDN, line: 3, column: 8)
    }

    /// An invalid DN is located at the offending character.
    @Test func invalidDNIsLocated() {
        expectError("dn: cn=a,,b\ncn: a\n", .invalidDN, line: 1, column: 10)
        expectError("dn: cn=a\\zz\n", .invalidDN, line: 1, column: 10)
    }

    /// A base64 DN that is not UTF-8 is rejected.
    @Test func nonUTF8DNIsRejected() {
        expectError("dn:: /w==\ncn: a\n", .encoding, line: 1, column: 4)
    }

    /// An attribute description with a bad character is rejected at that character.
    @Test func badAttributeDescriptionIsLocated() {
        expectError("dn: cn=a\nc n: x\n", .invalidAttributeDescription, line: 2, column: 2)
        expectError("dn: cn=a\ncn;: x\n", .invalidAttributeDescription, line: 2, column: 4)
        expectError("dn: cn=a\n_cn: x\n", .invalidAttributeDescription, line: 2, column: 1)
    }

    /// A line without a colon is rejected at its end.
    @Test func missingColonIsRejected() {
        expectError("dn: cn=a\ncnx\n", .syntax, line: 2, column: 4)
        expectError("dn: cn=a\n: x\n", .syntax, line: 2, column: 1)
    }

    /// Only version 1 exists, and only on the first line.
    @Test func versionIsChecked() {
        expectError("version: 2\ndn: cn=a\ncn: a\n", .version, line: 1, column: 9)
        expectError("dn: cn=a\ncn: a\n\nversion: 1\n", .version, line: 4, column: 1)
    }

    /// A carriage return or NUL inside a plain value must be written base64.
    @Test func controlCharactersInPlainValuesAreRejected() {
        expectError("dn: cn=a\ncn: a\rb\n", .syntax, line: 2, column: 6)
        expectError("dn: cn=a\ncn: a\u{0}b\n", .syntax, line: 2, column: 6)
    }

    /// control: lines must precede changetype:, with a numeric OID.
    @Test func controlsAreChecked() {
        expectError("dn: cn=a\ncontrol: 1.2.3\ncn: a\n", .control, line: 3, column: 1)
        expectError("dn: cn=a\ncontrol: 1.2.3\n\n", .control, line: 1, column: 1)
        expectError("dn: cn=a\ncontrol: manageDSAit\nchangetype: delete\n", .control, line: 2, column: 10)
        expectError("dn: cn=a\ncontrol: 1.2.3 maybe\nchangetype: delete\n", .control, line: 2, column: 16)
    }

    /// URL values: refused by default, other schemes refused, missing files reported.
    @Test func urlValuesAreRefusedUnlessAllowed() {
        expectError("dn: cn=a\njpegphoto:< file:///etc/hostname\n", .url, line: 2, column: 13)
        expectError("dn: cn=a\njpegphoto:< http://example.org/x\n", .url, line: 2, column: 13, .init(urlPolicy: .allowFile))
        expectError("dn: cn=a\njpegphoto:<file:///nonexistent/gve-x\n", .url, line: 2, column: 12, .init(urlPolicy: .allowFile))
    }

    /// A file:// URL is read when allowed, %-escapes decoded.
    @Test func fileURLIsReadWhenAllowed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-ldif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a photo.bin")
        try Data([0, 1, 2, 255]).write(to: file)
        let path = file.path.replacingOccurrences(of: " ", with: "%20")
        let r = try records("dn: cn=a\njpegphoto:< file://\(path)\n", .init(urlPolicy: .allowFile))
        #expect(r == [.content(LDAPEntry(dn: dn("cn=a"), attributes: [LDAPAttribute(name: "jpegphoto", values: [[0, 1, 2, 255]])]))])
        expectError("dn: cn=a\njpegphoto:< file://\(path)\n", .url, line: 2, column: 13, .init(urlPolicy: .allowFile, maxURLValueSize: 3))
    }

    /// Lines and records beyond the configured limits are rejected.
    @Test func limitsAreEnforced() {
        expectError("dn: cn=a\ncn: " + String(repeating: "x", count: 200) + "\n", .limit, line: 2, column: 1,
                    .init(maxLineLength: 100))
        expectError("dn: cn=a\ncn: " + String(repeating: "x", count: 100) + "\n " + String(repeating: "y", count: 100) + "\n",
                    .limit, line: 2, column: 1, .init(maxLineLength: 150))
        expectError("dn: cn=a\ncn: 1\ncn: 2\ncn: 3\n", .limit, line: 4, column: 1, .init(maxValuesPerRecord: 2))
    }

    /// After a bad record the reader carries on with the next one.
    @Test func readerRecoversAfterBadRecord() {
        let text = "dn: cn=a\ncn: a\n\ndn: cn=b\ncn:: ***\nsn: x\n\n more\n\ndn: cn=c\ncn: c\n"
        let results = Array(LDIFReader(string: text).results())
        #expect(results.count == 4)
        guard results.count == 4 else { return }
        #expect((try? results[0].get())?.dn == dn("cn=a"))
        if case .failure(let e) = results[1] { #expect(e.code == .base64 && e.line == 5) } else { Issue.record("expected failure") }
        if case .failure(let e) = results[2] { #expect(e.code == .folding && e.line == 8) } else { Issue.record("expected failure") }
        #expect((try? results[3].get())?.dn == dn("cn=c"))
    }
}
