// GVE — fuzz target: the LDAPMessage framing decoder and BER codec.
// Every input must either be rejected with an LDAPProtocolError or decode to a message that re-encodes
// and decodes to itself; nothing may crash, hang or read out of bounds.
import LDAPProtocol
import NIOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBER(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var buffer = ByteBuffer(bytes: UnsafeRawBufferPointer(start: start, count: count))
    var decoder = LDAPMessageDecoder(limits: .init(maxPDUSize: 1 << 16, maxNestingDepth: 40, maxFilterDepth: 32))
    while true {
        let message: LDAPMessage
        do {
            guard let m = try decoder.decode(buffer: &buffer) else { break }
            message = m
        } catch {
            break
        }
        var out = ByteBuffer()
        message.serialize(into: &out)
        let again = try! LDAPMessage(ber: out, limits: .init(maxPDUSize: 1 << 20, maxNestingDepth: 40, maxFilterDepth: 32))
        precondition(again == message, "round trip changed \(message)")
    }
    return 0
}
