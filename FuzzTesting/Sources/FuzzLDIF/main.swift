// GVE — FuzzLDIF: libFuzzer entry point for the LDIF reader and writer.
//
// For any input: reading must not crash, must give the same records and errors whether the input
// comes whole or in chunks, and every record read must survive write-then-read unchanged.

import CLibFuzzer
import LDIF

/// SwiftPM links executables on ELF with `--defsym main=FuzzLDIF_main`, a symbol that
/// `-parse-as-library` does not emit; define it and hand control to libFuzzer's driver.
@_cdecl("FuzzLDIF_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzLDIF(data, size)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLDIF(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let whole = readAll(bytes, chunk: max(1, bytes.count))
    // The chunk size comes from the input so the fuzzer explores boundaries.
    let chunk = bytes.isEmpty ? 1 : Int(bytes[0] % 17) + 1
    let pieces = readAll(bytes, chunk: chunk)
    precondition(whole.descriptions == pieces.descriptions, "chunked reading differs (chunk \(chunk))")

    // The streaming (LDIFVisitor) API reports the same records and errors, with balanced events.
    let streamed = stream(bytes)
    let expected = whole.descriptions.map { $0.hasPrefix("content(") || $0.hasPrefix("change(") ? "record" : $0 }
    precondition(streamed == expected, "streaming differs: \(streamed) vs \(expected)")

    let writer = LDIFWriter()
    for record in whole.records {
        let text = writer.bytes(for: [record])
        do {
            let back = try LDIFReader.parse(bytes: text)
            precondition(back == [record], "round trip changed \(record)")
        } catch {
            preconditionFailure("writer output unreadable: \(error) for \(record)")
        }
    }
    return 0
}

/// Checks that every begun record ends or is abandoned exactly once.
struct BalanceVisitor: LDIFVisitor {
    var open = false
    var values = 0
    mutating func beginRecord(dn: Span<UInt8>, line: Int) {
        precondition(!open, "record begun twice")
        open = true
    }
    mutating func attribute(_ description: Span<UInt8>, value: Span<UInt8>) {
        precondition(open && description.count > 0, "attribute outside a record")
        values += 1
    }
    mutating func endRecord() {
        precondition(open, "end without begin")
        open = false
    }
    mutating func abandonRecord() {
        precondition(open, "abandon without begin")
        open = false
    }
}

func stream(_ bytes: [UInt8]) -> [String] {
    var reader = LDIFReader(bytes: bytes, configuration: .init(maxLineLength: 1 << 16, maxValuesPerRecord: 4096))
    var visitor = BalanceVisitor()
    var out: [String] = []
    while true {
        do {
            guard try reader.nextRecord(into: &visitor) else { break }
            out.append("record")
        } catch {
            out.append("\(error.code) \(error.line):\(error.column)")
        }
    }
    precondition(!visitor.open, "record left open at the end")
    return out
}

struct Outcome {
    var records: [LDIFRecord] = []
    var descriptions: [String] = []
}

func readAll(_ bytes: [UInt8], chunk: Int) -> Outcome {
    var parser = LDIFParser(configuration: .init(maxLineLength: 1 << 16, maxValuesPerRecord: 4096))
    var outcome = Outcome()
    func drain() {
        while true {
            do {
                guard let record = try parser.next() else { return }
                outcome.records.append(record)
                outcome.descriptions.append("\(record)")
            } catch {
                outcome.descriptions.append("\(error.code) \(error.line):\(error.column)")
            }
        }
    }
    var i = 0
    while i < bytes.count {
        parser.append(bytes[i..<min(bytes.count, i + chunk)])
        i += chunk
        drain()
    }
    parser.finish()
    drain()
    return outcome
}
