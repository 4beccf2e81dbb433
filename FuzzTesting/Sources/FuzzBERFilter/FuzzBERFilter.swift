// GVE — fuzz target: the search filter decoder (RFC 4511 §4.5.1.7).
// Every input must either be rejected with an LDAPProtocolError or decode to a filter whose encoding
// decodes to the same filter.
import LDAPCore
import CLibFuzzer
import LDAPProtocol
import NIOCore

/// SwiftPM links executables on ELF with `--defsym main=FuzzBERFilter_main`, a symbol that `-parse-as-library`
/// does not emit; define it and hand control to libFuzzer's driver.
@_cdecl("FuzzBERFilter_main")
public func fuzzFilterMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzFilter(UnsafeRawPointer(data), size)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFilter(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let limits = LDAPDecodingLimits(maxPDUSize: 1 << 16, maxNestingDepth: 40, maxFilterDepth: 32)
    guard let filter = try? LDAPFilter(ber: ByteBuffer(bytes: UnsafeRawBufferPointer(start: start, count: count)), limits: limits) else {
        return 0
    }
    var out = ByteBuffer()
    filter.serialize(into: &out)
    let again = try! LDAPFilter(ber: out, limits: limits)
    precondition(again == filter, "round trip changed \(filter)")
    _ = filter.stringValue
    return 0
}
