// GVE — LDIF
// Reading a large file on several cores: the input is cut at record boundaries (empty lines) into
// blocks, the blocks are parsed concurrently and their records delivered in file order, with line
// numbers as if the file had been read in one go.

import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an LDIF file with several parser threads and hands its records to a closure in file order.
///
/// Gives the same records and errors as ``LDIFReader`` (errors carry the same line and column).
/// Memory is bounded by `threads × blockSize` plus the records of one batch, whatever the file
/// size. Blocking: call it from a thread of your own (a CLI, a benchmark), not from an event loop or
/// Swift's cooperative pool.
public enum LDIFParallelReader {
    /// Reads `path` and calls `body` for each record or error, in file order.
    /// - Parameters:
    ///   - path: The file.
    ///   - configuration: Reader options.
    ///   - threads: Parser threads (default 2).
    ///   - blockSize: Bytes per block before cutting at the next empty line (default 1 MiB).
    ///   - body: Receives each record, or the error for a bad record, with the line of its `dn:`;
    ///     reading goes on after an error. Throwing from `body` stops the reading.
    /// - Throws: ``LDIFError`` with code `io` when the file cannot be read, or what `body` throws.
    public static func read(
        path: String, configuration: LDIFParser.Configuration = .init(), threads: Int = 2, blockSize: Int = 1 << 20,
        _ body: (Result<LDIFRecord, LDIFError>, _ line: Int) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LDIFError(.io, line: 0, column: 0, "cannot open '\(path)': \(FileReading.errnoText())")
        }
        defer { close(fd) }
        let threads = max(1, threads), blockSize = max(1, blockSize)
        var pending: [UInt8] = []
        var atEOF = false
        var lineOffset = 0
        var isFirstBlock = true
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)

        /// The next block: at least `blockSize` bytes (unless the file ends) up to an empty line.
        func nextBlock() throws(LDIFError) -> [UInt8]? {
            while true {
                if pending.count >= blockSize || atEOF {
                    if let cut = boundary(in: pending, from: max(0, min(blockSize, pending.count) - 2)) {
                        let block = Array(pending[0..<cut])
                        pending.removeSubrange(0..<cut)
                        return block
                    }
                    if atEOF {
                        defer { pending = [] }
                        return pending.isEmpty ? nil : pending
                    }
                }
                let n = chunk.withUnsafeMutableBytes { FileReading.readChunk(fd: fd, into: $0) }
                if n < 0 {
                    throw LDIFError(.io, line: lineOffset, column: 0, "read failed: \(FileReading.errnoText(Int32(-n)))")
                }
                if n == 0 { atEOF = true } else { pending.append(contentsOf: chunk[0..<n]) }
            }
        }

        var garbage: [ParsedBlock] = []
        while true {
            var blocks: [[UInt8]] = []
            while blocks.count < threads, let block = try nextBlock() { blocks.append(block) }
            if blocks.isEmpty { return }
            let parsed = parse(blocks, configuration: configuration, continuing: !isFirstBlock, releasing: garbage)
            garbage = []
            isFirstBlock = false
            for block in parsed {
                for (result, line) in block.results {
                    switch result {
                    case .success: try body(result, line + lineOffset)
                    case .failure(var error):
                        if error.line > 0 { error.line += lineOffset }
                        try body(.failure(error), error.line)
                    }
                }
                lineOffset += block.lines
            }
            // Freed by the workers of the next batch, in parallel with their parsing.
            garbage = parsed
            if atEOF && pending.isEmpty { return }
        }
    }

    struct ParsedBlock: Sendable {
        var results: [(Result<LDIFRecord, LDIFError>, Int)] = []
        var lines = 0
    }

    /// The index just past the first empty line that starts at or after `from` ("\n\n" or "\n\r\n").
    static func boundary(in bytes: [UInt8], from: Int) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            var i = from
            while i < b.count {
                guard let base = b.baseAddress, let p = memchr(base + i, 0x0A, b.count - i) else { return nil }
                let nl = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(p))
                if nl + 1 < b.count && b[nl + 1] == 0x0A { return nl + 2 }
                if nl + 2 < b.count && b[nl + 1] == 0x0D && b[nl + 2] == 0x0A { return nl + 3 }
                i = nl + 1
            }
            return nil
        }
    }

    static func parse(_ blocks: [[UInt8]], configuration: LDIFParser.Configuration, continuing: Bool,
                      releasing garbage: consuming [ParsedBlock]) -> [ParsedBlock] {
        let results = Mutex<[Int: ParsedBlock]>([:])
        let trash = Mutex<[ParsedBlock]>(garbage)
        DispatchQueue.concurrentPerform(iterations: blocks.count) { index in
            // Drop one block of the previous batch here rather than on the caller's thread.
            let old = trash.withLock { $0.popLast() }
            _ = consume old
            var parser = LDIFParser(configuration: configuration)
            parser.assembler.seenFirstLine = continuing || index > 0
            blocks[index].withUnsafeBytes { parser.append($0) }
            parser.finish()
            var block = ParsedBlock()
            while true {
                do throws(LDIFError) {
                    guard let record = try parser.next() else { break }
                    block.results.append((.success(record), parser.recordLine))
                } catch {
                    block.results.append((.failure(error), error.line))
                    if error.code == .limit { break }
                }
            }
            block.lines = parser.scanner.line - 1
            results.withLock { $0[index] = block }
        }
        trash.withLock { $0.removeAll() }
        return results.withLock { dict in (0..<blocks.count).map { dict[$0] ?? ParsedBlock() } }
    }
}
