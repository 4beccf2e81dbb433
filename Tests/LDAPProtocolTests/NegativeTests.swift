// GVE — LDAPProtocolTests
import LDAPCore
import LDAPProtocol
import NIOCore
import Testing

@Suite struct NegativeTests {
    func decodeError(_ hexString: String, limits: LDAPDecodingLimits = .init()) -> LDAPProtocolError.Code? {
        do {
            _ = try LDAPMessage(ber: bytes(hexString), limits: limits)
            return nil
        } catch {
            return error.code
        }
    }

    /// The indefinite length form (0x80) is rejected, at the top and inside (RFC 4511 §5.1).
    @Test func rejectsIndefiniteLength() throws {
        #expect(decodeError("308002010142000000") == .indefiniteLength)
        #expect(decodeError("3009020101638004000000") == .indefiniteLength)
        var d = LDAPMessageDecoder()
        var b = bytes("3080020101420000 00")
        #expect(throws: LDAPProtocolError(.indefiniteLength, "")) { try d.decode(buffer: &b) }
    }

    /// An element whose length runs past its enclosing element is truncated.
    @Test func rejectsTruncatedElements() throws {
        #expect(decodeError("300c0201016007020103040080") == .truncated)     // PDU one byte short
        #expect(decodeError("3007020101420500") != nil)                          // inner length 5, nothing follows
        #expect(decodeError("300702010142 05 0000".filter { $0 != " " }) == .truncated)
        #expect(decodeError("3003020101") == .truncated)                     // no protocolOp
        #expect(decodeError("30020201") == .truncated)                       // INTEGER length past the end
        #expect(decodeError("") == .unexpectedTag)
    }

    /// A length over the limit is rejected before the bytes are buffered.
    @Test func rejectsOversizedLengths() throws {
        var d = LDAPMessageDecoder(limits: .init(maxPDUSize: 1000))
        var b = bytes("3084 7fffffff 02")
        #expect(throws: LDAPProtocolError(.lengthExceedsLimit, "")) { try d.decode(buffer: &b) }
        var c = bytes("308203e8")  // 1000 content bytes + 4 header bytes > 1000
        #expect(throws: LDAPProtocolError(.lengthExceedsLimit, "")) { try d.decode(buffer: &c) }
        var e = bytes("3085 0000000001")  // five length octets
        #expect(throws: LDAPProtocolError(.lengthExceedsLimit, "")) { try d.decode(buffer: &e) }
        // An inner element cannot claim more than the limit either.
        #expect(decodeError("300a020101 4a84 7fffffff 00".filter { $0 != " " }, limits: .init(maxPDUSize: 100)) == .lengthExceedsLimit)
    }

    /// Wrong tags: not a SEQUENCE, unknown protocolOp, wrong universal type, unknown filter, high tag number.
    @Test func rejectsWrongTags() throws {
        #expect(decodeError("310c020101600702010304008000") == .unexpectedTag)
        #expect(decodeError("30050201015a00") == .unexpectedTag)               // [APPLICATION 26]
        #expect(decodeError("300c0401016007020103040080 00".filter { $0 != " " }) == .unexpectedTag)  // messageID as OCTET STRING
        #expect(decodeError("300c020101600702010304008500") == .unexpectedTag) // AuthenticationChoice [5]
        #expect(decodeError("30060201015f0100") == .highTagNumber)
        var d = LDAPMessageDecoder()
        var b = bytes("0400")
        #expect(throws: LDAPProtocolError(.unexpectedTag, "")) { try d.decode(buffer: &b) }
        // Filter [10] is not a filter.
        #expect(throws: LDAPProtocolError(.unexpectedTag, "")) { try LDAPFilter(ber: bytes("aa00")) }
    }

    /// Bytes after the last component of a SEQUENCE or after the PDU are rejected.
    @Test func rejectsTrailingBytes() throws {
        #expect(decodeError("30060201034200 00".filter { $0 != " " }) == .trailingBytes)
        #expect(decodeError("300c02010160070201030400800000") == .trailingBytes)  // after the PDU
        #expect(decodeError("300e020101600902010304008000 0101".filter { $0 != " " }) == .trailingBytes)  // inside BindRequest
        #expect(throws: LDAPProtocolError(.trailingBytes, "")) { try LDAPFilter(ber: bytes("870161 00")) }
    }

    /// Values that break their type's rules.
    @Test func rejectsInvalidValues() throws {
        #expect(decodeError("3006020100420100") == .invalidValue)           // NULL with contents
        #expect(decodeError("300402004200") == .invalidValue)                                     // empty INTEGER
        #expect(decodeError("30050201ff4200") == .invalidValue) // messageID -1
        #expect(decodeError("300c020101600702018004008000") == .invalidValue)                    // bind version 128 > 127
        // scope 3; a BOOLEAN of two octets; invalid UTF-8 in an LDAPDN.
        #expect(decodeError("302b020102632604066f3d676c75650a01030a0100020100020100010100870b6f626a656374436c6173733000") == .invalidValue)
        #expect(decodeError("302c020102632704066f3d676c75650a01020a01000201000201000102 0000 870b6f626a656374436c617373 3000".filter { $0 != " " }) == .invalidValue)
        #expect(decodeError("30060201014a01ff") == .invalidValue)
        // Substring filter with final before any, or no substrings at all.
        #expect(throws: LDAPProtocolError(.invalidValue, "")) { try LDAPFilter(ber: bytes("a40b0401613006820162810163")) }
        #expect(throws: LDAPProtocolError(.invalidValue, "")) { try LDAPFilter(ber: bytes("a405 0401 61 3000".filter { $0 != " " })) }
        // Extensible match with neither rule nor type.
        #expect(throws: LDAPProtocolError(.invalidValue, "")) { try LDAPFilter(ber: bytes("a903830161")) }
    }

    /// A search whose filter is `depth - 1` NOTs around a present filter, built without recursion.
    func nestedNot(_ depth: Int) -> ByteBuffer {
        var f = ByteBuffer(bytes: [0x87, 0x02, 0x63, 0x6E])
        for _ in 1..<depth {
            var outer = ByteBuffer()
            outer.writeBERHeader(tag: 0xA2, length: f.readableBytes)
            outer.writeBuffer(&f)
            f = outer
        }
        var b = ByteBuffer()
        b.writeBERElement(tag: BER.sequence) { b in
            b.writeBERInteger(1)
            b.writeBERElement(tag: SearchRequest.tag) { b in
                b.writeBERString("")
                b.writeBERInteger(tag: BER.enumerated, 0)
                b.writeBERInteger(tag: BER.enumerated, 0)
                b.writeBERInteger(0)
                b.writeBERInteger(0)
                b.writeBERBoolean(false)
                b.writeBuffer(&f)
                b.writeBERElement(tag: BER.sequence) { _ in }
            }
        }
        return b
    }

    /// Filters deeper than maxFilterDepth are rejected; exactly at the limit they decode.
    @Test func rejectsTooDeepFilter() throws {
        let limits = LDAPDecodingLimits(maxFilterDepth: 10)
        _ = try LDAPMessage(ber: nestedNot(10), limits: limits)
        #expect(throws: LDAPProtocolError(.filterTooDeep, "")) { try LDAPMessage(ber: nestedNot(11), limits: limits) }
        // 10,000 levels with the default limits: an error, not a stack overflow.
        #expect(throws: LDAPProtocolError(.filterTooDeep, "")) { try LDAPMessage(ber: nestedNot(10_000)) }
    }

    /// BER nesting deeper than maxNestingDepth is rejected even where the filter limit allows it.
    @Test func rejectsTooDeepNesting() throws {
        #expect(throws: LDAPProtocolError(.nestingTooDeep, "")) {
            try LDAPMessage(ber: nestedNot(20), limits: .init(maxNestingDepth: 8, maxFilterDepth: 64))
        }
    }

    /// Fed one byte at a time, the decoder waits, then yields exactly the messages sent, in order.
    @Test func decoderHandlesEveryChunking() throws {
        var all = ByteBuffer()
        for m in RoundTripTests.messages { m.serialize(into: &all) }
        for chunk in [1, 2, 3, 7, 64, 100_000] {
            var d = LDAPMessageDecoder()
            var pending = ByteBuffer()
            var out: [LDAPMessage] = []
            var view = all
            while view.readableBytes > 0 {
                var piece = view.readSlice(length: min(chunk, view.readableBytes))!
                pending.writeBuffer(&piece)
                while let m = try d.decode(buffer: &pending) { out.append(m) }
            }
            #expect(out == RoundTripTests.messages, "chunk size \(chunk)")
            #expect(pending.readableBytes == 0)
        }
    }

    /// The error message names the element and the limit.
    @Test func errorsNameTheElementAndLimit() throws {
        var d = LDAPMessageDecoder(limits: .init(maxPDUSize: 64))
        var b = bytes("30820100")
        do { _ = try d.decode(buffer: &b); Issue.record("no error") } catch let e as LDAPProtocolError {
            #expect(e.message.contains("64"))
        }
        do { _ = try LDAPMessage(ber: nestedNot(100)) } catch { #expect(error.message.contains("64")) }
    }
}
