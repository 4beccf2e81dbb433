// GVE — AggregationTests: replays FuzzTesting/FailCases/FuzzBDIIConf with the FuzzBDIIConf target's checks.
import Aggregation
import Foundation
import Testing

@Suite struct BDIIConfFuzzFailCasesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzTesting/FailCases/FuzzBDIIConf")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    }

    /// The folder holds cases (a lost folder cannot silently disable the replay).
    @Test func failCasesExist() {
        #expect(Self.cases.count >= 3, "no fail cases under \(Self.directory.path)")
    }

    /// Every case parses or fails the same way with a comment line in front (only line numbers move).
    @Test(arguments: cases)
    func leadingCommentChangesNothing(_ name: String) throws {
        let text = String(decoding: try Data(contentsOf: Self.directory.appendingPathComponent(name)), as: UTF8.self)
        let first = Result { () throws(AggregationError) in try BDIIConfiguration(parsing: text, fileName: "fuzz.conf") }
        let shifted = Result { () throws(AggregationError) in try BDIIConfiguration(parsing: "# fuzz\n" + text, fileName: "fuzz.conf") }
        switch (first, shifted) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a.code == b.code, "\(a) vs \(b)")
        default: Issue.record("a leading comment changed whether \(name) parses: \(first) vs \(shifted)")
        }
    }

    /// The seeds exercise both outcomes: the sample configuration reads, the bad ones name file and line.
    @Test func seedsCoverAcceptAndReject() throws {
        let read = { (name: String) in String(decoding: try Data(contentsOf: Self.directory.appendingPathComponent(name)), as: UTF8.self) }
        _ = try BDIIConfiguration(parsing: try read("seed-bdii.conf"))
        for bad in ["seed-bad-values", "seed-no-key"] {
            let text = try read(bad)
            do throws(AggregationError) {
                _ = try BDIIConfiguration(parsing: text, fileName: "fuzz.conf")
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.message.contains("fuzz.conf:1"), "\(error)")
            }
        }
    }
}
