// GVE — SOAPTests: replays FuzzTesting/FailCases/FuzzSOAP with the FuzzSOAP target's checks.
import Foundation
import SOAP
import Testing

@Suite struct SOAPFuzzFailCasesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzTesting/FailCases/FuzzSOAP")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    }

    /// The folder holds cases (a lost folder cannot silently disable the replay).
    @Test func failCasesExist() {
        #expect(Self.cases.count >= 4, "no fail cases under \(Self.directory.path)")
    }

    /// Every case is rejected, or reads to an envelope whose serialised form reads back to the same envelope.
    @Test(arguments: cases)
    func failCaseIsRejectedOrRoundTrips(_ name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        guard let envelope = try? SOAPEnvelope(data: data) else { return }
        _ = try? envelope.fault()
        let again = try SOAPEnvelope(data: envelope.serialized())
        #expect(again.version == envelope.version)
        #expect(again.body == envelope.body, "\(envelope.xmlString())")
        #expect(again.header == envelope.header, "\(envelope.xmlString())")
    }

    /// The seeds exercise both outcomes: the DOCTYPE is refused, the envelopes read.
    @Test func seedsCoverAcceptAndReject() throws {
        let read = { (name: String) in try Data(contentsOf: Self.directory.appendingPathComponent(name)) }
        #expect(throws: (any Error).self) { try SOAPEnvelope(data: try read("seed-doctype-rejected.xml")) }
        _ = try SOAPEnvelope(data: try read("seed-soap11-request.xml"))
        _ = try SOAPEnvelope(data: try read("seed-soap12-fault.xml"))
        _ = try SOAPEnvelope(data: try read("seed-default-namespace-references.xml"))
    }
}
