// GVE — LDAPProtocolTests
import LDAPCore
import LDAPProtocol
import NIOCore

func bytes(_ hex: String) -> ByteBuffer {
    let clean = hex.filter { !$0.isWhitespace }
    var out: [UInt8] = []
    var i = clean.startIndex
    while i < clean.endIndex {
        let j = clean.index(i, offsetBy: 2)
        out.append(UInt8(clean[i..<j], radix: 16)!)
        i = j
    }
    return ByteBuffer(bytes: out)
}

func hex(_ buffer: ByteBuffer) -> String {
    buffer.readableBytesView.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

func encode(_ message: LDAPMessage) -> ByteBuffer {
    var b = ByteBuffer()
    message.serialize(into: &b)
    return b
}

/// decode(encode(x)) == x.
func roundTrip(_ message: LDAPMessage) throws -> LDAPMessage {
    try LDAPMessage(ber: encode(message))
}

extension Array where Element == UInt8 {
    init(_ s: String) { self = Array(s.utf8) }
}
