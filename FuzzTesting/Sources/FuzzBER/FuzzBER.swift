// GVE — fuzz target: the LDAPMessage framing decoder and BER codec.
// Every input must either be rejected with an LDAPProtocolError or decode to a message that re-encodes
// and decodes to itself; nothing may crash, hang or read out of bounds.
import CLibFuzzer
import LDAPProtocol
import NIOCore

/// SwiftPM links executables on ELF with `--defsym main=FuzzBER_main`, a symbol that `-parse-as-library`
/// does not emit; define it and hand control to libFuzzer's driver.
@_cdecl("FuzzBER_main")
public func fuzzBERMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzBER(UnsafeRawPointer(data), size)
    }
}

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
