// GVE — LDIFTests
// The parallel reader gives the same records, errors and line numbers as the sequential one.

import Foundation
import LDAPCore
@testable import LDIF
import Testing

@Suite struct LDIFParallelReaderTests {
    static func sequential(_ path: String) throws -> [String] {
        var reader = try LDIFReader(path: path)
        var out: [String] = []
        while true {
            do {
                guard let r = try reader.next() else { break }
                out.append("\(reader.recordLine) \(r)")
            } catch {
                out.append("error \(error.code) \(error.line):\(error.column)")
            }
        }
        return out
    }

    static func parallel(_ path: String, threads: Int, blockSize: Int) throws -> [String] {
        var out: [String] = []
        try LDIFParallelReader.read(path: path, threads: threads, blockSize: blockSize) { result, line in
            switch result {
            case .success(let r): out.append("\(line) \(r)")
            case .failure(let error): out.append("error \(error.code) \(error.line):\(error.column)")
            }
        }
        return out
    }

    /// Any thread count and block size gives the sequential result, CRLF input and errors included.
    @Test func parallelMatchesSequential() throws {
        let base = RFC2849ExampleTests.example1 + "\n" + LDIFStreamingTests.sample + "\n\n" + RFC2849ExampleTests.example4
            .replacingOccurrences(of: "version: 1\n", with: "")
        for text in [base, base.replacingOccurrences(of: "\n", with: "\r\n"), String(repeating: base + "\n\n", count: 5)] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("gve-ldif-\(UUID().uuidString).ldif")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let expected = try Self.sequential(url.path)
            #expect(expected.contains { $0.hasPrefix("error") })
            for threads in [1, 2, 3] {
                for blockSize in [1, 5, 64, 300, 1 << 20] {
                    #expect(try Self.parallel(url.path, threads: threads, blockSize: blockSize) == expected,
                            "threads \(threads) block \(blockSize)")
                }
            }
        }
    }

    /// A version line inside the file is still an error when it falls at the start of a block.
    @Test func versionLineOnlyFirstInWholeFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gve-ldif-\(UUID().uuidString).ldif")
        try Data("version: 1\n\ndn: cn=a\ncn: a\n\nversion: 1\n\ndn: cn=b\ncn: b\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Self.parallel(url.path, threads: 2, blockSize: 1) == Self.sequential(url.path))
        #expect(try Self.parallel(url.path, threads: 2, blockSize: 1).contains("error version 6:1"))
    }

    /// A missing file is an io error.
    @Test func missingFileThrows() {
        #expect(throws: LDIFError.self) { try LDIFParallelReader.read(path: "/nonexistent/x.ldif") { _, _ in } }
    }
}
