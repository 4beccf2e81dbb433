// GVE — LDIFTests
// Replays every input in FuzzTesting/FailCases with the checks the FuzzLDIF target makes: no crash,
// whole and chunked reading agree, and every record read survives write-then-read.

import Foundation
import LDAPCore
@testable import LDIF
import Testing

@Suite struct FuzzFailCaseTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTesting/FailCases/FuzzLDIF")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The FailCases folder is there and not empty (so the replay below really runs).
    @Test func failCasesExist() {
        #expect(Self.cases.count >= 5, "no fail cases under \(Self.directory.path)")
    }

    /// Each fail case reads the same whole and in chunks, the streaming visitor API reports the same
    /// records and errors, and its records round-trip.
    @Test(arguments: cases)
    func failCaseReplays(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let whole = LDIFStreamingTests.chunked(bytes, size: max(1, bytes.count))
        for size in [1, 2, 3, 7, 16] {
            #expect(LDIFStreamingTests.chunked(bytes, size: size) == whole, "chunk \(size)")
        }
        #expect(LDIFVisitorTests.streamed(bytes: bytes).results == LDIFVisitorTests.materialised(bytes: bytes))
        for result in LDIFReader(bytes: bytes).results() {
            guard case .success(let record) = result else { continue }
            #expect(try LDIFReader.parse(bytes: LDIFWriter().bytes(for: [record])) == [record])
        }
    }
}
