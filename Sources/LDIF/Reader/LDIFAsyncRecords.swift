// GVE — LDIF
// Records from an AsyncSequence of byte chunks (a socket, a NIO channel, an HTTP body).

/// An `AsyncSequence` of LDIF records parsed from an `AsyncSequence` of byte chunks.
///
/// ```swift
/// for try await record in chunks.ldifRecords() { ... }
/// ```
/// Only the unconsumed tail of the chunks seen so far is kept, so memory stays bounded.
public struct LDIFAsyncRecords<Base: AsyncSequence>: AsyncSequence where Base.Element: Sequence<UInt8> {
    public typealias Element = LDIFRecord
    let base: Base
    let configuration: LDIFParser.Configuration

    /// Wraps a sequence of chunks.
    public init(_ base: Base, configuration: LDIFParser.Configuration = .init()) {
        self.base = base
        self.configuration = configuration
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), parser: LDIFParser(configuration: configuration))
    }

    /// The iterator: pulls chunks until the parser has a record.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var parser: LDIFParser
        var baseDone = false

        /// The next record; nil at the end.
        /// - Throws: ``LDIFError`` for a bad record (iteration may continue) or the base sequence's error.
        public mutating func next() async throws -> LDIFRecord? {
            while true {
                if let record = try parser.next() { return record }
                if baseDone { return nil }
                if let chunk = try await base.next() {
                    parser.append(chunk)
                } else {
                    baseDone = true
                    parser.finish()
                }
            }
        }
    }
}

extension AsyncSequence where Element: Sequence<UInt8> {
    /// The LDIF records in this sequence of byte chunks.
    public func ldifRecords(configuration: LDIFParser.Configuration = .init()) -> LDIFAsyncRecords<Self> {
        LDIFAsyncRecords(self, configuration: configuration)
    }
}
