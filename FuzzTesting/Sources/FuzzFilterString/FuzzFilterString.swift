// GVE — fuzz target: the RFC 4515 search filter string parser (LDAPCore's `LDAPFilter(_:)`).
// Every input must either be rejected with an LDAPFilterSyntaxError or parse to a filter whose string
// form parses back to the same filter. Replayed by Tests/LDAPCoreTests/FilterStringFuzzFailCasesTests.swift.
import CLibFuzzer
import LDAPCore

/// SwiftPM links executables on ELF with `--defsym main=FuzzFilterString_main`, a symbol that
/// `-parse-as-library` does not emit; define it and hand control to libFuzzer's driver.
@_cdecl("FuzzFilterString_main")
public func fuzzFilterStringMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzFilterString(UnsafeRawPointer(data), size)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFilterString(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let filter = try? LDAPFilter(text, maxDepth: 32) else { return 0 }
    let printed = filter.stringValue
    let again: LDAPFilter
    do {
        again = try LDAPFilter(printed, maxDepth: 64)
    } catch {
        preconditionFailure("printed filter \(printed) does not parse: \(error)")
    }
    precondition(again == filter, "round trip changed \(text) -> \(printed)")
    return 0
}
