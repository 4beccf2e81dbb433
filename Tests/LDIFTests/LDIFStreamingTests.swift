// GVE — LDIFTests
// The same input fed in chunks of any size gives the same records and errors; CRLF input; file,
// FileHandle and AsyncSequence sources; bounded buffering.

import Foundation
import LDAPCore
@testable import LDIF
import Testing

@Suite struct LDIFStreamingTests {
    static let sample: String = RFC2849ExampleTests.example1 + "\n" + """
        dn: cn=x
        description:: V2hhdCBhIGNhcmVmdWwgcmVhZGVyIHlvdSBhcmUhICBUaGlzIHZhbHVl
         IGlzIGJhc2UtNjQtZW5jb2RlZC4=
        # a comment
         that is folded
        cn: folded
         value
        cn:

        dn: cn=y
        changetype: modify
        increment: uidNumber
        uidNumber: 1
        -
        add: cn
        cn: broken::

        dn: cn=z
        cn:: !!!!

        dn: cn=w
        control: 1.2.3 false:: AAEC
        changetype: moddn
        newrdn: cn=v
        deleteoldrdn: 0
        """

    /// Feeds `bytes` in chunks of `size` and collects records and errors.
    static func chunked(_ bytes: [UInt8], size: Int) -> [String] {
        var parser = LDIFParser()
        var out: [String] = []
        func drain() {
            while true {
                do {
                    guard let r = try parser.next() else { return }
                    out.append("\(r)")
                } catch {
                    out.append("error \(error.code) \(error.line):\(error.column)")
                }
            }
        }
        var i = 0
        while i < bytes.count {
            parser.append(bytes[i..<min(bytes.count, i + size)])
            i += size
            drain()
        }
        parser.finish()
        drain()
        return out
    }

    /// Every chunk size from 1 to 64 bytes (and whole) yields the same records and errors.
    @Test func chunkBoundariesDoNotChangeResults() {
        let bytes = Array(Self.sample.utf8)
        let whole = Self.chunked(bytes, size: bytes.count)
        #expect(whole.count == 6)
        #expect(whole.filter { $0.hasPrefix("error") } == ["error base64 40:6"])
        for size in 1...64 {
            #expect(Self.chunked(bytes, size: size) == whole, "chunk size \(size)")
        }
    }

    /// The sample's records have the expected content (folded base64, folded comments, empty values,
    /// increment, control values, moddn).
    @Test func sampleContent() throws {
        let results = Array(LDIFReader(string: Self.sample).results())
        #expect(results.count == 6)
        guard results.count == 6 else { return }
        guard case .success(.content(let x)) = results[2] else { Issue.record("\(results[2])"); return }
        #expect(x.strings("description") == ["What a careful reader you are!  This value is base-64-encoded."])
        #expect(x.strings("cn") == ["foldedvalue", ""])
        guard case .success(.change(let y)) = results[3] else { Issue.record("\(results[3])"); return }
        #expect(y.operation == .modify([
            LDAPModification(.increment, LDAPAttribute(name: "uidNumber", strings: ["1"])),
            LDAPModification(.add, LDAPAttribute(name: "cn", strings: ["broken::"])),
        ]))
        guard case .success(.change(let w)) = results[5] else { Issue.record("\(results[5])"); return }
        #expect(w.controls == [LDIFControl(oid: "1.2.3", isCritical: false, value: [0, 1, 2])])
    }

    /// CRLF line ends read exactly like LF, folded lines included.
    @Test func crlfInputEqualsLFInput() throws {
        let lf = Self.sample
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(Self.chunked(Array(crlf.utf8), size: 3) == Self.chunked(Array(lf.utf8), size: 1000))
        #expect(try records(RFC2849ExampleTests.example2.replacingOccurrences(of: "\n", with: "\r\n"))
            == records(RFC2849ExampleTests.example2))
    }

    /// The last line may lack its line feed.
    @Test func missingFinalNewlineIsAccepted() throws {
        #expect(try records("dn: cn=a\ncn: a") == records("dn: cn=a\ncn: a\n"))
        #expect(try records("dn: cn=a\ncn: a\n b") == records("dn: cn=a\ncn: ab\n"))
    }

    /// Reading a file by path, by descriptor and through a FileHandle, in small chunks.
    @Test func fileSourcesReadTheSameRecords() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gve-ldif-\(UUID().uuidString).ldif")
        try Data(RFC2849ExampleTests.example4.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let expected = try records(RFC2849ExampleTests.example4)
        var byPath = try LDIFReader(path: url.path, chunkSize: 7)
        #expect(try byPath.readAll() == expected)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var byHandle = LDIFReader(fileHandle: handle, chunkSize: 5)
        #expect(try byHandle.readAll() == expected)
        #expect(throws: LDIFError.self) { _ = try LDIFReader(path: url.path + ".missing") }
    }

    /// An AsyncSequence of chunks yields the same records.
    @Test func asyncSequenceOfChunks() async throws {
        let bytes = Array(RFC2849ExampleTests.example6.utf8)
        let stream = AsyncStream<[UInt8]> { c in
            var i = 0
            while i < bytes.count { c.yield(Array(bytes[i..<min(bytes.count, i + 11)])); i += 11 }
            c.finish()
        }
        let config = LDIFParser.Configuration(urlPolicy: .resolve { _ in [1] })
        var got: [LDIFRecord] = []
        for try await record in stream.ldifRecords(configuration: config) { got.append(record) }
        #expect(got == (try records(RFC2849ExampleTests.example6, config)))
    }

    /// Streaming many records keeps only a bounded tail of the input buffered.
    @Test func bufferStaysBoundedWhileStreaming() throws {
        var parser = LDIFParser()
        var maxBuffered = 0
        var count = 0
        let record = Array("dn: cn=e,o=glue\nobjectClass: top\ndescription: some text to make it longer\n\n".utf8)
        var chunk: [UInt8] = []
        for _ in 0..<2000 { chunk += record }
        for _ in 0..<20 {
            parser.append(chunk)
            while let _ = try parser.next() { count += 1 }
            maxBuffered = max(maxBuffered, parser.scanner.buffer.count)
        }
        parser.finish()
        while let _ = try parser.next() { count += 1 }
        #expect(count == 40000)
        #expect(maxBuffered <= 3 * chunk.count)
    }

    /// A record with thousands of distinct attributes groups values correctly (the indexed path).
    @Test func manyDistinctAttributesGroupCorrectly() throws {
        var text = "dn: cn=wide\n"
        for i in 0..<3000 { text += "attr\(i): a\nATTR\(i): b\n" }
        let e = try #require(try entries(text).first)
        #expect(e.attributes.count == 3000)
        #expect(e.attributes[0].name == "attr0")
        #expect(e.attributes[2999].stringValues == ["a", "b"])
        #expect(e.attributes.allSatisfy { $0.values.count == 2 })
    }
}
