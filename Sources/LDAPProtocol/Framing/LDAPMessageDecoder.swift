// GVE — LDAPProtocol

public import NIOCore

/// Cuts one LDAPMessage at a time out of a byte stream and decodes it (RFC 4511 §5.1).
///
/// Reads the outer SEQUENCE tag and its definite length, waits until the whole PDU has arrived, then decodes
/// that slice. Rejects: a first byte other than 0x30, the indefinite length form, a length over
/// ``LDAPDecodingLimits/maxPDUSize`` (before buffering it), and any malformed contents.
public struct LDAPMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = LDAPMessage

    public let limits: LDAPDecodingLimits

    public init(limits: LDAPDecodingLimits = .init()) { self.limits = limits }

    /// Returns the next complete message, or nil (reader index untouched) when more bytes are needed.
    public mutating func decode(buffer: inout ByteBuffer) throws -> LDAPMessage? {
        guard let size = try Self.frameLength(buffer, limits: limits) else { return nil }
        let frame = buffer.readSlice(length: size)!
        return try LDAPMessage(ber: frame, limits: limits)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> LDAPMessage? {
        try decode(buffer: &buffer)
    }

    /// The total size (header included) of the PDU at the start of `buffer`, or nil if it is not complete.
    /// - Throws: ``LDAPProtocolError`` on a bad tag, an indefinite length or a length over the limit.
    public static func frameLength(_ buffer: ByteBuffer, limits: LDAPDecodingLimits) throws(LDAPProtocolError) -> Int? {
        guard let tag = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        guard tag == BER.sequence else {
            throw LDAPProtocolError(.unexpectedTag, "LDAPMessage must start with SEQUENCE (0x30), found \(BER.tagName(tag))")
        }
        guard let (length, size) = try BERReader.parseLength(buffer, at: buffer.readerIndex + 1, limit: limits.maxPDUSize) else {
            return nil
        }
        let total = 1 + size + length
        guard total <= limits.maxPDUSize else {
            throw LDAPProtocolError(.lengthExceedsLimit, "LDAPMessage of \(total) bytes exceeds maxPDUSize \(limits.maxPDUSize)")
        }
        return buffer.readableBytes >= total ? total : nil
    }
}

/// Writes LDAPMessages.
public struct LDAPMessageEncoder: MessageToByteEncoder {
    public typealias OutboundIn = LDAPMessage
    public init() {}
    public func encode(data: LDAPMessage, out: inout ByteBuffer) throws {
        data.serialize(into: &out)
    }
}
