// GVE — LDAPCoreTests: replays FuzzTesting/FailCases/FuzzFilterString with the FuzzFilterString target's checks.
import Foundation
import LDAPCore
import Testing

@Suite struct FilterStringFuzzFailCasesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzTesting/FailCases/FuzzFilterString")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    }

    /// The folder holds cases (a lost folder cannot silently disable the replay).
    @Test func failCasesExist() {
        #expect(Self.cases.count >= 4, "no fail cases under \(Self.directory.path)")
    }

    /// Every case is rejected with a syntax error, or parses to a filter whose string form parses back to it.
    @Test(arguments: cases)
    func failCaseIsRejectedOrRoundTrips(_ name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        let text = String(decoding: data, as: UTF8.self)
        guard let filter = try? LDAPFilter(text, maxDepth: 32) else { return }
        #expect(try LDAPFilter(filter.stringValue, maxDepth: 64) == filter, "\(text) -> \(filter.stringValue)")
    }

    /// The seeds exercise both outcomes: a bad escape and excessive nesting are rejected, the rest parse.
    @Test func seedsCoverAcceptAndReject() throws {
        let read = { (name: String) in String(decoding: try Data(contentsOf: Self.directory.appendingPathComponent(name)), as: UTF8.self) }
        #expect(throws: LDAPFilterSyntaxError.self) { try LDAPFilter(try read("seed-bad-escape"), maxDepth: 32) }
        #expect(throws: LDAPFilterSyntaxError.self) { try LDAPFilter(try read("seed-too-deep"), maxDepth: 32) }
        _ = try LDAPFilter(try read("seed-nested-and-or-not"), maxDepth: 32)
        _ = try LDAPFilter(try read("seed-approx-extensible-escapes"), maxDepth: 32)
    }
}
