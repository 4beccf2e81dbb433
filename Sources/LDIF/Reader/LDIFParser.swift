// GVE — LDIF
// The push parser: feed bytes in chunks of any size, pull records one at a time. Pure: no I/O.

/// An incremental RFC 2849 parser.
///
/// Feed input with ``append(_:)`` in chunks of any size (a record may straddle chunks), call
/// ``finish()`` after the last chunk, and pull records with ``next()``. The parser keeps only the
/// unconsumed tail of the input and the record being built, so memory is bounded by the longest
/// line and record, not by the input size.
///
/// ```swift
/// var parser = LDIFParser()
/// parser.append(chunk)
/// while let record = try parser.next() { ... }   // nil: feed more (or, after finish(), done)
/// ```
///
/// After an error ``next()`` may be called again: the parser skips the rest of the bad record and
/// carries on with the next one, so a validator can report every bad record of a file.
public struct LDIFParser {
    /// The options in force.
    public let configuration: Configuration
    var scanner: LineScanner
    var assembler: RecordAssembler
    var failed = false

    /// Creates a parser.
    /// - Parameter configuration: URL policy and limits.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.scanner = LineScanner(maxLineLength: configuration.maxLineLength)
        self.assembler = RecordAssembler(configuration: configuration)
    }

    /// Appends input bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        scanner.append(bytes)
    }

    /// Appends input bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { scanner.append(UnsafeRawBufferPointer($0)) }
        if done == nil {
            let array = Array(bytes)
            array.withUnsafeBytes { scanner.append($0) }
        }
    }

    /// Marks the end of input: the last line may lack its line feed and the last record its empty line.
    public mutating func finish() {
        scanner.isFinished = true
    }

    /// The physical line of the `dn:` of the record most recently returned (or being read).
    public var recordLine: Int { assembler.recordLine }

    /// True once ``finish()`` was called and every record has been returned.
    public var isAtEnd: Bool { scanner.isFinished && scanner.start >= scanner.buffer.count && assembler.phase == .idle }

    /// The next complete record.
    /// - Returns: A record, or nil when more input is needed (before ``finish()``) or the input is exhausted.
    /// - Throws: ``LDIFError`` for the first problem in a record; the next call resumes after that record.
    public mutating func next() throws(LDIFError) -> LDIFRecord? {
        if failed { return nil }
        while true {
            let token: LineScanner.Token
            do {
                token = try scanner.next()
            } catch {
                failed = true  // a limit on a line: the rest of the input cannot be framed safely
                throw error
            }
            switch token {
            case .needMore:
                return nil
            case .end:
                return try finishRecord(line: scanner.line)
            case .blank(let line):
                if let record = try finishRecord(line: line) { return record }
            case .orphanContinuation(let line):
                if assembler.skipping { continue }
                assembler.reset()
                assembler.skipping = true
                assembler.seenFirstLine = true
                throw LDIFError(.folding, line: line, column: 1, "continuation line before any attribute")
            case .line(let range, let line):
                try scanner.buffer.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(LDIFError) in
                    try consume(LogicalLine(bytes: UnsafeBufferPointer(rebasing: p[range]), line: line, folds: []))
                }
            case .folded(let line):
                try scanner.scratch.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(LDIFError) in
                    try consume(LogicalLine(bytes: p, line: line, folds: scanner.folds))
                }
            }
        }
    }

    private mutating func consume(_ line: LogicalLine) throws(LDIFError) {
        do {
            try assembler.consume(line)
        } catch {
            assembler.reset()
            assembler.skipping = true
            throw error
        }
    }

    private mutating func finishRecord(line: Int) throws(LDIFError) -> LDIFRecord? {
        do {
            return try assembler.finishRecord(line: line)
        } catch {
            assembler.reset()
            assembler.skipping = false
            throw error
        }
    }
}
