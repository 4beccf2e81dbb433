// GVE — LDAPProtocolTests: replays the inputs the fuzzers once crashed on (FuzzTesting/FailCases).
import Foundation
import LDAPCore
import LDAPProtocol
import NIOCore
import Testing

@Suite struct FuzzFailCasesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzTesting/FailCases")

    static func cases(_ target: String) -> [String] {
        let dir = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { dir.appendingPathComponent($0).path }
    }

    /// Every recorded LDAPMessage fail case is rejected or round-trips, without crashing.
    @Test(arguments: cases("FuzzBER"))
    func berFailCaseNoLongerCrashes(_ path: String) throws {
        var buffer = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: path)))
        var decoder = LDAPMessageDecoder(limits: .init(maxPDUSize: 1 << 16, maxNestingDepth: 40, maxFilterDepth: 32))
        while let m = try? decoder.decode(buffer: &buffer) {
            var out = ByteBuffer()
            m.serialize(into: &out)
            #expect(try LDAPMessage(ber: out, limits: .init(maxPDUSize: 1 << 20, maxNestingDepth: 40, maxFilterDepth: 32)) == m)
        }
    }

    /// Every recorded filter fail case is rejected or round-trips, without crashing.
    @Test(arguments: cases("FuzzBERFilter"))
    func filterFailCaseNoLongerCrashes(_ path: String) throws {
        let limits = LDAPDecodingLimits(maxPDUSize: 1 << 16, maxNestingDepth: 40, maxFilterDepth: 32)
        guard let f = try? LDAPFilter(ber: ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: path))), limits: limits) else { return }
        var out = ByteBuffer()
        f.serialize(into: &out)
        #expect(try LDAPFilter(ber: out, limits: limits) == f)
    }

    /// The fail-case folders exist (so a lost folder cannot silently disable the replay).
    @Test func failCaseFoldersExist() {
        for t in ["FuzzBER", "FuzzBERFilter"] {
            var isDir: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(t).path, isDirectory: &isDir) && isDir.boolValue)
        }
    }
}
