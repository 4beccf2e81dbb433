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
    var builder = RecordBuilder()
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
    public var isAtEnd: Bool { scanner.isFinished && scanner.start >= scanner.end && assembler.phase == .idle }

    /// The next complete record, materialised.
    /// - Returns: A record, or nil when more input is needed (before ``finish()``) or the input is exhausted.
    /// - Throws: ``LDIFError`` for the first problem in a record; the next call resumes after that record.
    public mutating func next() throws(LDIFError) -> LDIFRecord? {
        guard try Self.advance(&scanner, &assembler, &failed, &builder) else { return nil }
        return builder.take()
    }

    /// Reports the next complete record to a visitor, building no values (see ``LDIFVisitor``).
    ///
    /// The same grammar and errors as ``next()``, which is this method with a materialising visitor.
    /// - Parameter visitor: Receives the record's events; on an error it gets
    ///   ``LDIFVisitor/abandonRecord()`` for a record it had seen begin.
    /// - Returns: True when a record was reported; false when more input is needed (before
    ///   ``finish()``) or the input is exhausted.
    /// - Throws: ``LDIFError`` for the first problem in a record; the next call resumes after that record.
    public mutating func nextRecord<V: LDIFVisitor>(into visitor: inout V) throws(LDIFError) -> Bool {
        try Self.advance(&scanner, &assembler, &failed, &visitor)
    }

    /// The driver shared by ``next()`` and ``nextRecord(into:)``: lines from the scanner into the
    /// grammar until a record ends. Static so that the parser's own builder can be the visitor.
    static func advance<V: LDIFVisitor>(_ scanner: inout LineScanner, _ assembler: inout RecordAssembler,
                                        _ failed: inout Bool, _ visitor: inout V) throws(LDIFError) -> Bool {
        if failed { return false }
        while true {
            let token: LineScanner.Token
            do {
                token = try scanner.next()
            } catch {
                failed = true  // a limit on a line: the rest of the input cannot be framed safely
                assembler.abandon(&visitor)
                throw error
            }
            switch token {
            case .needMore:
                return false
            case .end:
                return try finishRecord(line: scanner.line, &assembler, &visitor)
            case .blank(let line):
                if try finishRecord(line: line, &assembler, &visitor) { return true }
            case .orphanContinuation(let line):
                if assembler.skipping { continue }
                assembler.abandon(&visitor)
                assembler.skipping = true
                assembler.seenFirstLine = true
                throw LDIFError(.folding, line: line, column: 1, "continuation line before any attribute")
            case .line(let range, let line):
                try scanner.buffer.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(LDIFError) in
                    try consume(LogicalLine(bytes: UnsafeBufferPointer(rebasing: p[range]), line: line, folds: []),
                                &assembler, &visitor)
                }
            case .folded(let line):
                try scanner.scratch.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(LDIFError) in
                    try consume(LogicalLine(bytes: p, line: line, folds: scanner.folds), &assembler, &visitor)
                }
            }
        }
    }

    private static func consume<V: LDIFVisitor>(_ line: LogicalLine, _ assembler: inout RecordAssembler,
                                                _ visitor: inout V) throws(LDIFError) {
        do {
            try assembler.consume(line, into: &visitor)
        } catch {
            assembler.abandon(&visitor)
            assembler.skipping = true
            throw error
        }
    }

    private static func finishRecord<V: LDIFVisitor>(line: Int, _ assembler: inout RecordAssembler,
                                                     _ visitor: inout V) throws(LDIFError) -> Bool {
        do {
            return try assembler.finishRecord(line: line, into: &visitor)
        } catch {
            assembler.abandon(&visitor)
            assembler.skipping = false
            throw error
        }
    }
}
