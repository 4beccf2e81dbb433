// GVE — LDIFTests
// Helpers shared by the LDIF suites.

import LDAPCore
@testable import LDIF
import Testing

func records(_ text: String, _ configuration: LDIFParser.Configuration = .init()) throws -> [LDIFRecord] {
    try LDIFReader.parse(text, configuration: configuration)
}

func entries(_ text: String) throws -> [LDAPEntry] {
    try records(text).map { record in
        guard case .content(let entry) = record else { throw TestFailure("expected a content record, got \(record)") }
        return entry
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses `text`, expects an error and returns it.
func parseError(_ text: String, _ configuration: LDIFParser.Configuration = .init(),
                sourceLocation: SourceLocation = #_sourceLocation) -> LDIFError? {
    do {
        let result = try LDIFReader.parse(text, configuration: configuration)
        Issue.record("expected an LDIF error, parsed \(result)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

func dn(_ s: String) -> DistinguishedName { try! DistinguishedName(s) }

extension LDAPEntry {
    func values(_ name: String) -> [String] {
        attributes.first { $0.name.lowercased() == name.lowercased() }?.stringValues ?? []
    }
}

/// A small deterministic PRNG (SplitMix64) so that property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
