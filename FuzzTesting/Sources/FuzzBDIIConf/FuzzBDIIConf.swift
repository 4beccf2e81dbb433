// GVE — fuzz target: the bdii.conf reader (Aggregation's `BDIIConfiguration(parsing:)`).
// Every input must either be rejected with an AggregationError or parse, and a comment line in front
// changes nothing but line numbers (same configuration, or an error with the same code). Replayed by
// Tests/AggregationTests/BDIIConfFuzzFailCasesTests.swift.
import Aggregation
import CLibFuzzer

/// SwiftPM links executables on ELF with `--defsym main=FuzzBDIIConf_main`, a symbol that
/// `-parse-as-library` does not emit; define it and hand control to libFuzzer's driver.
@_cdecl("FuzzBDIIConf_main")
public func fuzzBDIIConfMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzBDIIConf(UnsafeRawPointer(data), size)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBDIIConf(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let first: Result<BDIIConfiguration, AggregationError>
    do { first = .success(try BDIIConfiguration(parsing: text, fileName: "fuzz.conf")) } catch { first = .failure(error) }
    let shifted: Result<BDIIConfiguration, AggregationError>
    do { shifted = .success(try BDIIConfiguration(parsing: "# fuzz\n" + text, fileName: "fuzz.conf")) } catch { shifted = .failure(error) }
    switch (first, shifted) {
    case (.success(let a), .success(let b)):
        precondition(a == b, "a leading comment changed the configuration")
    case (.failure(let a), .failure(let b)):
        precondition(a.code == b.code, "a leading comment changed the error: \(a) vs \(b)")
    default:
        preconditionFailure("a leading comment changed whether the file parses: \(first) vs \(shifted)")
    }
    return 0
}
