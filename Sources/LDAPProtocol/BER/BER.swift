// GVE — LDAPProtocol
// A small BER reader over ByteBuffer, restricted to what RFC 4511 §5.1 allows: definite lengths only,
// single-byte tags, explicit limits on lengths and nesting depth.

public import NIOCore

/// Namespace for the BER tags LDAP uses (X.690 §8, RFC 4511 §5.1).
public enum BER {
    /// Universal tags.
    public static let boolean: UInt8 = 0x01
    public static let integer: UInt8 = 0x02
    public static let octetString: UInt8 = 0x04
    public static let null: UInt8 = 0x05
    public static let enumerated: UInt8 = 0x0A
    public static let sequence: UInt8 = 0x30
    public static let set: UInt8 = 0x31

    /// `[APPLICATION n]` primitive.
    public static func application(_ n: UInt8) -> UInt8 { 0x40 | n }
    /// `[APPLICATION n]` constructed.
    public static func applicationConstructed(_ n: UInt8) -> UInt8 { 0x60 | n }
    /// `[n]` context-specific primitive.
    public static func context(_ n: UInt8) -> UInt8 { 0x80 | n }
    /// `[n]` context-specific constructed.
    public static func contextConstructed(_ n: UInt8) -> UInt8 { 0xA0 | n }

    static func tagName(_ tag: UInt8) -> String {
        "0x" + String(tag, radix: 16, uppercase: true)
    }
}

/// Limits applied while decoding. Every one is explicit, with a safe default.
public struct LDAPDecodingLimits: Sendable, Hashable {
    /// Largest LDAPMessage accepted, in bytes (tag and length included). Default 1 MiB.
    public var maxPDUSize: Int
    /// Deepest nesting of constructed elements. Default 100.
    public var maxNestingDepth: Int
    /// Deepest search filter (a leaf filter is depth 1). Default 64.
    public var maxFilterDepth: Int

    public init(maxPDUSize: Int = 1 << 20, maxNestingDepth: Int = 100, maxFilterDepth: Int = 64) {
        self.maxPDUSize = maxPDUSize
        self.maxNestingDepth = maxNestingDepth
        self.maxFilterDepth = maxFilterDepth
    }
}

/// Reads BER elements out of one buffer that holds the contents of a constructed element (or a whole PDU).
///
/// Each constructed element read with ``readConstructed(_:)`` gives a child reader one level deeper; the
/// reader rejects nesting beyond ``LDAPDecodingLimits/maxNestingDepth``.
public struct BERReader {
    /// The bytes not yet read.
    public private(set) var buffer: ByteBuffer
    /// Nesting depth of this reader (the PDU contents are depth 1).
    public let depth: Int
    /// Limits in force.
    public let limits: LDAPDecodingLimits

    /// Creates a reader over `buffer` at the given depth.
    public init(_ buffer: ByteBuffer, limits: LDAPDecodingLimits = .init(), depth: Int = 0) {
        self.buffer = buffer
        self.limits = limits
        self.depth = depth
    }

    /// True when every byte has been consumed.
    public var isAtEnd: Bool { buffer.readableBytes == 0 }

    /// The tag of the next element, if any.
    public func peekTag() -> UInt8? { buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) }

    /// Throws ``LDAPProtocolError/Code/trailingBytes`` unless every byte was consumed.
    public func finish(_ what: @autoclosure () -> String) throws(LDAPProtocolError) {
        guard isAtEnd else {
            throw LDAPProtocolError(.trailingBytes, "\(buffer.readableBytes) trailing bytes after \(what())")
        }
    }

    /// Reads a length (X.690 §8.1.3) starting at `index` of `buffer`.
    /// - Returns: the length and the number of length bytes, or nil when more bytes are needed.
    static func parseLength(_ buffer: ByteBuffer, at index: Int, limit: Int) throws(LDAPProtocolError) -> (length: Int, size: Int)? {
        guard let first = buffer.getInteger(at: index, as: UInt8.self) else { return nil }
        if first < 0x80 { return (Int(first), 1) }
        if first == 0x80 { throw LDAPProtocolError(.indefiniteLength, "indefinite length form is not allowed (RFC 4511 §5.1)") }
        let count = Int(first & 0x7F)
        guard count <= 4 else {
            throw LDAPProtocolError(.lengthExceedsLimit, "length of \(count) octets exceeds the limit of \(limit) bytes")
        }
        guard buffer.readableBytes - (index - buffer.readerIndex) >= 1 + count else { return nil }
        var length = 0
        for i in 0..<count { length = length << 8 | Int(buffer.getInteger(at: index + 1 + i, as: UInt8.self)!) }
        guard length <= limit else {
            throw LDAPProtocolError(.lengthExceedsLimit, "element length \(length) exceeds the limit of \(limit) bytes")
        }
        return (length, 1 + count)
    }

    /// Reads the next element whatever its tag.
    /// - Returns: the tag and a buffer over the contents.
    public mutating func readAny() throws(LDAPProtocolError) -> (tag: UInt8, contents: ByteBuffer) {
        guard let tag = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else {
            throw LDAPProtocolError(.truncated, "expected an element, found the end of the enclosing element")
        }
        guard tag & 0x1F != 0x1F else {
            throw LDAPProtocolError(.highTagNumber, "multi-byte tag \(BER.tagName(tag)) is not used by LDAP")
        }
        guard let (length, size) = try Self.parseLength(buffer, at: buffer.readerIndex + 1, limit: limits.maxPDUSize) else {
            throw LDAPProtocolError(.truncated, "length of element \(BER.tagName(tag)) is truncated")
        }
        let available = buffer.readableBytes - 1 - size
        guard length <= available else {
            throw LDAPProtocolError(.truncated, "element \(BER.tagName(tag)) claims \(length) bytes but only \(available) remain")
        }
        buffer.moveReaderIndex(forwardBy: 1 + size)
        let contents = buffer.readSlice(length: length)!
        return (tag, contents)
    }

    /// Reads the next element, which must carry `tag`.
    public mutating func readElement(_ tag: UInt8, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> ByteBuffer {
        if let found = peekTag(), found != tag {
            throw LDAPProtocolError(.unexpectedTag, "expected \(what()) with tag \(BER.tagName(tag)), found \(BER.tagName(found))")
        }
        return try readAny().contents
    }

    /// Reads a constructed element with `tag` and returns a reader over its contents, one level deeper.
    public mutating func readConstructed(_ tag: UInt8, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> BERReader {
        let contents = try readElement(tag, what())
        return try child(contents, what())
    }

    /// A reader one level deeper over `contents`.
    public func child(_ contents: ByteBuffer, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> BERReader {
        guard depth + 1 <= limits.maxNestingDepth else {
            throw LDAPProtocolError(.nestingTooDeep, "\(what()) is nested deeper than \(limits.maxNestingDepth) levels")
        }
        return BERReader(contents, limits: limits, depth: depth + 1)
    }

    /// Reads an OCTET STRING (or an implicitly tagged one) as bytes.
    public mutating func readOctets(_ tag: UInt8, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> [UInt8] {
        var contents = try readElement(tag, what())
        return contents.readBytes(length: contents.readableBytes)!
    }

    /// Reads an LDAPString (UTF-8 OCTET STRING, RFC 4511 §4.1.2).
    public mutating func readString(_ tag: UInt8, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> String {
        let contents = try readElement(tag, what())
        return try Self.string(contents, what())
    }

    static func string(_ contents: ByteBuffer, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> String {
        let s: String? = contents.withUnsafeReadableBytes { String(validating: $0, as: UTF8.self) }
        guard let s else { throw LDAPProtocolError(.invalidValue, "\(what()) is not valid UTF-8") }
        return s
    }

    /// Reads an INTEGER or ENUMERATED as a signed 64-bit value.
    public mutating func readInteger(_ tag: UInt8, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> Int64 {
        let contents = try readElement(tag, what())
        return try Self.integer(contents, what())
    }

    static func integer(_ contents: ByteBuffer, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> Int64 {
        let n = contents.readableBytes
        guard n >= 1 else { throw LDAPProtocolError(.invalidValue, "\(what()) is an empty INTEGER") }
        guard n <= 8 else { throw LDAPProtocolError(.invalidValue, "\(what()) is an INTEGER of \(n) octets, more than 8") }
        var value: Int64 = Int64(Int8(bitPattern: contents.getInteger(at: contents.readerIndex, as: UInt8.self)!))
        for i in 1..<n { value = value << 8 | Int64(contents.getInteger(at: contents.readerIndex + i, as: UInt8.self)!) }
        return value
    }

    /// Reads an INTEGER that must lie in `range`.
    public mutating func readInt(_ tag: UInt8, in range: ClosedRange<Int64>, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> Int {
        let v = try readInteger(tag, what())
        guard range.contains(v) else { throw LDAPProtocolError(.invalidValue, "\(what()) \(v) is outside \(range)") }
        return Int(v)
    }

    /// Reads a BOOLEAN (any non-zero octet is TRUE, X.690 §8.2.2).
    public mutating func readBoolean(_ tag: UInt8, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> Bool {
        let contents = try readElement(tag, what())
        guard contents.readableBytes == 1 else {
            throw LDAPProtocolError(.invalidValue, "\(what()) is a BOOLEAN of \(contents.readableBytes) octets, not 1")
        }
        return contents.getInteger(at: contents.readerIndex, as: UInt8.self)! != 0
    }

    /// ``readOctets(_:_:)`` with the universal tag.
    public mutating func readOctets(_ what: @autoclosure () -> String) throws(LDAPProtocolError) -> [UInt8] {
        try readOctets(BER.octetString, what())
    }

    /// ``readString(_:_:)`` with the universal tag.
    public mutating func readString(_ what: @autoclosure () -> String) throws(LDAPProtocolError) -> String {
        try readString(BER.octetString, what())
    }

    /// ``readInteger(_:_:)`` with the universal tag.
    public mutating func readInteger(_ what: @autoclosure () -> String) throws(LDAPProtocolError) -> Int64 {
        try readInteger(BER.integer, what())
    }

    /// ``readBoolean(_:_:)`` with the universal tag.
    public mutating func readBoolean(_ what: @autoclosure () -> String) throws(LDAPProtocolError) -> Bool {
        try readBoolean(BER.boolean, what())
    }

    /// ``readInt(_:in:_:)`` with the INTEGER tag.
    public mutating func readInt(in range: ClosedRange<Int64>, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> Int {
        try readInt(BER.integer, in: range, what())
    }

    /// Reads an optional element: returns nil when the next tag is not `tag`.
    public mutating func readOptional(_ tag: UInt8, _ what: @autoclosure () -> String) throws(LDAPProtocolError) -> ByteBuffer? {
        guard peekTag() == tag else { return nil }
        return try readAny().contents
    }
}

/// `maxInt INTEGER ::= 2147483647 -- (2^^31 - 1) --` (RFC 4511 §4.1.1).
public let ldapMaxInt: Int64 = 2_147_483_647
