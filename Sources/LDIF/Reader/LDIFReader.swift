// GVE — LDIF
// The pull reader: records one at a time from a file descriptor, a path or bytes in memory, reading in
// bounded chunks so that a file of any size never sits whole in memory.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads LDIF records one at a time (the reading half of the ``LDIFReader``/``LDIFWriter`` pair).
///
/// ```swift
/// var reader = try LDIFReader(path: "site.ldif")
/// while let record = try reader.next() {
///     if case .content(let entry) = record { print(entry.dn) }
/// }
/// ```
///
/// Memory use is bounded by the chunk size plus the longest record: input is read with `read(2)`
/// in chunks of ``chunkSize`` bytes and consumed bytes are dropped.
public struct LDIFReader {
    /// Reader options (the parser's).
    public typealias Configuration = LDIFParser.Configuration

    /// Owns a descriptor opened by the reader and closes it when the last copy goes away.
    final class OwnedDescriptor {
        let fd: Int32
        init(_ fd: Int32) { self.fd = fd }
        deinit { close(fd) }
    }

    var parser: LDIFParser
    let fd: Int32
    let owner: OwnedDescriptor?
    /// Bytes requested per `read(2)`.
    public let chunkSize: Int

    /// Reads from an open file descriptor, which stays open (the caller closes it).
    /// - Parameters:
    ///   - fileDescriptor: A readable descriptor (file, pipe, socket).
    ///   - configuration: URL policy and limits.
    ///   - chunkSize: Bytes per read; default 256 KiB.
    public init(fileDescriptor: Int32, configuration: Configuration = Configuration(), chunkSize: Int = 256 * 1024) {
        self.parser = LDIFParser(configuration: configuration)
        self.fd = fileDescriptor
        self.owner = nil
        self.chunkSize = max(1, chunkSize)
    }

    /// Opens and reads a file; the descriptor is closed when the reader is dropped.
    /// - Throws: ``LDIFError`` with code ``LDIFError/Code/io`` when the file cannot be opened.
    public init(path: String, configuration: Configuration = Configuration(), chunkSize: Int = 256 * 1024) throws(LDIFError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LDIFError(.io, line: 0, column: 0, "cannot open '\(path)': \(FileReading.errnoText())")
        }
        self.parser = LDIFParser(configuration: configuration)
        self.fd = fd
        self.owner = OwnedDescriptor(fd)
        self.chunkSize = max(1, chunkSize)
    }

    /// Reads LDIF held in memory.
    public init(bytes: some Sequence<UInt8>, configuration: Configuration = Configuration()) {
        self.parser = LDIFParser(configuration: configuration)
        self.parser.append(bytes)
        self.parser.finish()
        self.fd = -1
        self.owner = nil
        self.chunkSize = 0
    }

    /// Reads LDIF text.
    public init(string: String, configuration: Configuration = Configuration()) {
        self.init(bytes: string.utf8, configuration: configuration)
    }

    /// The physical line of the `dn:` of the record most recently returned.
    public var recordLine: Int { parser.recordLine }

    /// The next record, or nil at the end of the input.
    /// - Throws: ``LDIFError`` for a bad record (the next call continues after it) or a read failure.
    public mutating func next() throws(LDIFError) -> LDIFRecord? {
        while true {
            if let record = try parser.next() { return record }
            guard try readMore() else { return nil }
        }
    }

    /// Reports the next record to a visitor without building values: the streaming API (see
    /// ``LDIFVisitor``). Same grammar, errors and resumption as ``next()``.
    /// - Parameter visitor: Receives the record's events over borrowed bytes.
    /// - Returns: True when a record was reported, false at the end of the input.
    /// - Throws: ``LDIFError`` for a bad record (the next call continues after it) or a read failure.
    public mutating func nextRecord<V: LDIFVisitor>(into visitor: inout V) throws(LDIFError) -> Bool {
        while true {
            if try parser.nextRecord(into: &visitor) { return true }
            guard try readMore() else { return false }
        }
    }

    /// Feeds the parser one more chunk, read straight into its buffer. Returns false when the input is exhausted.
    mutating func readMore() throws(LDIFError) -> Bool {
        if parser.scanner.isFinished || fd < 0 { return false }
        let n = parser.scanner.read(from: fd, count: chunkSize)
        if n < 0 {
            parser.finish()
            throw LDIFError(.io, line: parser.scanner.line, column: 0,
                            "read failed: \(FileReading.errnoText(Int32(-n)))")
        }
        if n == 0 { parser.finish() }
        return true
    }

    /// Reads every remaining record.
    /// - Throws: The first ``LDIFError``.
    public mutating func readAll() throws(LDIFError) -> [LDIFRecord] {
        var out: [LDIFRecord] = []
        while let record = try next() { out.append(record) }
        return out
    }

    /// The remaining records as a `Sequence` of results: a bad record yields `.failure` and reading
    /// goes on with the next one.
    public consuming func results() -> Results { Results(reader: self) }

    /// A `Sequence` over a reader's records and errors.
    public struct Results: Sequence, IteratorProtocol {
        var reader: LDIFReader
        var done = false

        /// The next record or error; nil at the end.
        public mutating func next() -> Result<LDIFRecord, LDIFError>? {
            if done { return nil }
            do {
                guard let record = try reader.next() else { done = true; return nil }
                return .success(record)
            } catch {
                if error.code == .io || error.code == .limit { done = true }
                return .failure(error)
            }
        }
    }
}

extension LDIFReader {
    /// Parses LDIF text completely.
    /// - Throws: The first ``LDIFError``.
    public static func parse(_ string: String, configuration: Configuration = Configuration()) throws(LDIFError) -> [LDIFRecord] {
        var reader = LDIFReader(string: string, configuration: configuration)
        return try reader.readAll()
    }

    /// Parses LDIF bytes completely.
    /// - Throws: The first ``LDIFError``.
    public static func parse(bytes: some Sequence<UInt8>, configuration: Configuration = Configuration()) throws(LDIFError) -> [LDIFRecord] {
        var reader = LDIFReader(bytes: bytes, configuration: configuration)
        return try reader.readAll()
    }
}
