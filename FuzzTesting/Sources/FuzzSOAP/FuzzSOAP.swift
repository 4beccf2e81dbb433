// GVE — fuzz target: the SOAP envelope reader (XML safety checks, then the XML tree builder).
// Every input must either be rejected with an error or give an envelope whose serialised form reads
// back to the same envelope. Replayed by Tests/SOAPTests/SOAPFuzzFailCasesTests.swift.
import CLibFuzzer
import Foundation
import SOAP

/// SwiftPM links executables on ELF with `--defsym main=FuzzSOAP_main`, a symbol that
/// `-parse-as-library` does not emit; define it and hand control to libFuzzer's driver.
@_cdecl("FuzzSOAP_main")
public func fuzzSOAPMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzSOAP(UnsafeRawPointer(data), size)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSOAP(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let envelope = try? SOAPEnvelope(data: data) else { return 0 }
    _ = try? envelope.fault()
    let again: SOAPEnvelope
    do {
        again = try SOAPEnvelope(data: envelope.serialized())
    } catch {
        preconditionFailure("serialised envelope does not read back: \(error)\n\(envelope.xmlString())")
    }
    precondition(again.version == envelope.version, "round trip changed the SOAP version")
    precondition(again.body == envelope.body, "round trip changed the body:\n\(envelope.xmlString())")
    precondition(again.header == envelope.header, "round trip changed the header:\n\(envelope.xmlString())")
    return 0
}
