// GVE — LDIFTests
// LDIFFileValidator: parse errors become findings, entries reach the rule sets, files that cannot be
// opened are reported.

import Foundation
import LDAPCore
@testable import LDIF
import Testing

/// A rule set that flags entries without objectClass and counts what it saw.
struct NeedsObjectClass: LDIFEntryValidator {
    var seen = 0
    mutating func check(_ entry: LDAPEntry, line: Int, source: String) -> [LDIFFinding] {
        seen += 1
        guard entry.objectClasses.isEmpty else { return [] }
        return [LDIFFinding(source: source, line: line, code: "test.objectClass", dn: entry.dn, message: "no objectClass")]
    }
    mutating func finish(source: String) -> [LDIFFinding] {
        [LDIFFinding(source: source, line: 0, code: "test.seen", message: "\(seen) entries")]
    }
}

@Suite struct LDIFFileValidatorTests {
    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gve-ldif-\(UUID().uuidString).ldif")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Parse errors and rule findings are reported with line numbers; good records still reach the rules.
    @Test func findingsCombineParseErrorsAndRules() throws {
        let path = try write("dn: cn=a\nobjectClass: top\n\ndn: cn=b\ncn: b\n\ndn: cn=c\ncn:: ###\n\ndn: cn=d\nchangetype: add\ncn: d\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rules: [any LDIFEntryValidator] = [NeedsObjectClass(), LDIFEntryCollector()]
        let summary = LDIFFileValidator().validate(path: path, validators: &rules)
        #expect(summary.records == 3)
        #expect(summary.findings.map(\.code) == ["test.objectClass", "ldif.base64", "test.objectClass", "test.seen"])
        #expect(summary.findings.map(\.line) == [4, 8, 10, 0])
        #expect(summary.findings[0].dn == dn("cn=b"))
        #expect(summary.findings[3].message == "3 entries")
        let collector = try #require(rules[1] as? LDIFEntryCollector)
        #expect(collector.entries.map(\.dn) == [dn("cn=a"), dn("cn=b"), dn("cn=d")])
    }

    /// A missing file is one io finding, not a crash.
    @Test func missingFileIsAFinding() {
        var rules: [any LDIFEntryValidator] = []
        let summary = LDIFFileValidator().validate(path: "/nonexistent/gve.ldif", validators: &rules)
        #expect(summary.findings.map(\.code) == ["ldif.io"])
        #expect(summary.findings[0].description.hasPrefix("/nonexistent/gve.ldif:0:0: ldif.io: cannot open"))
    }
}
