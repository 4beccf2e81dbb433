// GVE — GLUEModelTests
import Foundation
import GLUEModel
import LDAPCore
import LDIF
import Testing

@Suite struct TimestampTests {
    /// Formatting and parsing agree, including leap days and dates before 1970.
    @Test(arguments: [0.0, 951_782_400.0, 1_764_061_200.0, -31_536_000.0, 4_102_444_799.0] as [Double])
    func formatThenParseIsIdentity(seconds: Double) throws {
        let d = Date(timeIntervalSince1970: seconds)
        let s = GLUETimestamp.format(d)
        #expect(s.count == 20 && s.hasSuffix("Z"))
        #expect(GLUETimestamp.parse(s) == d)
    }

    /// Only YYYY-MM-DDTHH:MM:SSZ with in-range fields parses.
    @Test(arguments: ["2025-11-25 09:00:00Z", "2025-11-25T09:00:00", "2025-11-25T09:00:00.5Z", "2025-02-29T00:00:00Z",
                      "2025-13-01T00:00:00Z", "2025-11-25T24:00:00Z", "2025-11-25T09:60:00Z", "", "2025-11-25T09:00:00+00:00"])
    func malformedTimesDoNotParse(text: String) {
        #expect(GLUETimestamp.parse(text) == nil)
    }

    @Test func knownInstant() {
        #expect(GLUETimestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(GLUETimestamp.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
    }
}

@Suite struct GeneratedLDIFTests {
    /// Generated entries written with LDIFWriter read back with LDIFReader unchanged, and parse into the model.
    @Test func generatedEntriesRoundTripThroughLDIF() throws {
        var c = GLUESyntheticGenerator.Configuration(sites: 5, seed: 77, layout: .top)
        c.policies = true
        c.benchmarks = true
        let entries = Array(GLUESyntheticGenerator(configuration: c))
        let writer = LDIFWriter()
        var bytes = writer.header()
        for e in entries { writer.write(e, into: &bytes) }
        var reader = LDIFReader(bytes: bytes)
        var back: [LDAPEntry] = []
        while let record = try reader.next() { if case .content(let e) = record { back.append(e) } }
        #expect(back == entries)
        let document = try GLUEDocument(ldapEntries: back)
        #expect(document.cloudComputingInstances.count == 5)
        #expect(document.executionEnvironments.count == 15)
        #expect(document.count == entries.count - 1 - 5)  // minus the grid group and the sites' resource groups
    }
}
