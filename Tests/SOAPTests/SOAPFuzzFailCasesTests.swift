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

    /// A processing instruction without data (which crashes FoundationXML's parser) and any other
    /// processing instruction are refused before parsing, naming line and column.
    @Test func processingInstructionsAreRefused() throws {
        for name in ["crash-empty-processing-instruction", "seed-processing-instruction-rejected.xml"] {
            let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
            do {
                _ = try SOAPEnvelope(data: data)
                Issue.record("\(name) was accepted")
            } catch let error as SOAPError {
                #expect(error.code == .forbiddenDeclaration, "\(error)")
                #expect(error.message.contains("processing instruction at line 1"), "\(error)")
            }
        }
    }

    /// A relative namespace name is refused whether declared with a prefix or as the default (libxml2
    /// refuses only the default form, so a prefixed one read but did not read back once written).
    @Test func relativeNamespacesAreRefused() throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("crash-relative-namespace-round-trip.xml"))
        #expect(throws: SOAPError(.malformedXML, "")) { try SOAPEnvelope(data: data) }
        let prefixed = #"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><p:x xmlns:p="relative"/></e:Body></e:Envelope>"#
        #expect(throws: SOAPError(.malformedXML, "")) { try SOAPEnvelope(data: Data(prefixed.utf8)) }
        let absolute = #"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><p:x xmlns:p="urn:gve:x"/></e:Body></e:Envelope>"#
        #expect(throws: Never.self) { try SOAPEnvelope(data: Data(absolute.utf8)) }
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
