// GVE — SOAPTests
import Foundation
import Testing
@testable import SOAP

@Suite struct EnvelopeParsingTests {
    static let soap11 = """
    <?xml version="1.0" encoding="UTF-8"?>
    <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:g="urn:gve:site:1">
      <soap:Header><g:Trace>abc</g:Trace></soap:Header>
      <soap:Body><g:RequestVM><g:image>debian-12</g:image><g:vcpus> 2 </g:vcpus><g:note>a &amp; b &lt;c&gt;</g:note></g:RequestVM></soap:Body>
    </soap:Envelope>
    """

    /// A SOAP 1.1 envelope yields its version, header blocks and the operation element with child text.
    @Test func parsesSOAP11Envelope() throws {
        let env = try SOAPEnvelope(data: Data(Self.soap11.utf8))
        #expect(env.version == .soap11)
        #expect(env.headerBlocks("Trace", namespace: "urn:gve:site:1").first?.text == "abc")
        #expect(env.body.name == "RequestVM")
        #expect(env.body.namespace == "urn:gve:site:1")
        #expect(env.body.childText("image") == "debian-12")
        #expect(env.body.childText("vcpus") == "2")
        #expect(env.body.childText("note") == "a & b <c>")
        #expect(env.body.childText("missing") == nil)
    }

    /// A SOAP 1.2 envelope is recognised by its namespace; default namespaces and CDATA are read.
    @Test func parsesSOAP12EnvelopeWithDefaultNamespaceAndCDATA() throws {
        let xml = """
        <Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body>\
        <GetJob xmlns="urn:gve:site:1"><jobId><![CDATA[j<1>]]></jobId></GetJob></Body></Envelope>
        """
        let env = try SOAPEnvelope(data: Data(xml.utf8))
        #expect(env.version == .soap12)
        #expect(env.header == nil)
        #expect(env.body.name == "GetJob")
        #expect(env.body.childText("jobId") == "j<1>")
    }

    /// An XXE attempt through an external entity is refused before the parser runs.
    @Test func rejectsExternalEntity() {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x>&xxe;</x></soap:Body></soap:Envelope>
        """
        #expect(throws: SOAPError(.forbiddenDeclaration, "")) { try SOAPEnvelope(data: Data(xml.utf8)) }
        do { _ = try SOAPEnvelope(data: Data(xml.utf8)) } catch let e as SOAPError {
            #expect(e.message.contains("<!DOCTYPE"))
            #expect(e.message.contains("line 2"))
        } catch { Issue.record("unexpected \(error)") }
    }

    /// The billion-laughs entity expansion is refused.
    @Test func rejectsBillionLaughs() {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for i in 1...9 { xml += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">" }
        xml += "]><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><x>&lol9;</x></soap:Body></soap:Envelope>"
        #expect(throws: SOAPError(.forbiddenDeclaration, "")) { try SOAPEnvelope(data: Data(xml.utf8)) }
    }

    /// A bare DOCTYPE without entities is refused too, and so is a lone ENTITY-like declaration.
    @Test func rejectsAnyDoctypeOrDeclaration() {
        let doctype = "<!DOCTYPE Envelope><Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><x/></Body></Envelope>"
        #expect(throws: SOAPError(.forbiddenDeclaration, "")) { try SOAPEnvelope(data: Data(doctype.utf8)) }
        let lower = "<!doctype Envelope><Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><x/></Body></Envelope>"
        #expect(throws: SOAPError(.forbiddenDeclaration, "")) { try SOAPEnvelope(data: Data(lower.utf8)) }
    }

    /// Comments and CDATA mentioning DOCTYPE are not declarations and are accepted.
    @Test func acceptsCommentsAndCDATAThatMentionDoctype() throws {
        let xml = "<!-- <!DOCTYPE x> --><Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><x><![CDATA[<!DOCTYPE y>]]></x></Body></Envelope>"
        let env = try SOAPEnvelope(data: Data(xml.utf8))
        #expect(env.body.text == "<!DOCTYPE y>")
    }

    /// A message above the size limit is refused with the limit in the message.
    @Test func rejectsOversizedMessage() {
        let filler = String(repeating: "a", count: 2000)
        let xml = "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><x>\(filler)</x></Body></Envelope>"
        do {
            _ = try SOAPEnvelope(data: Data(xml.utf8), configuration: .init(maximumSize: 1024))
            Issue.record("accepted")
        } catch let e as SOAPError {
            #expect(e.code == .tooLarge)
            #expect(e.message.contains("1024"))
        } catch { Issue.record("unexpected \(error)") }
    }

    /// Nesting beyond the depth limit is refused.
    @Test func rejectsTooDeepNesting() {
        let inner = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        let xml = "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body>\(inner)</Body></Envelope>"
        #expect(throws: SOAPError(.tooDeep, "")) { try SOAPEnvelope(data: Data(xml.utf8)) }
    }

    /// Malformed XML gives malformedXML, never a crash.
    @Test(arguments: [
        "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><x></Body></Envelope>",
        "<Envelope",
        "not xml at all",
        "<a:Envelope><a:Body/></a:Envelope>",
        "",
    ])
    func rejectsMalformedXML(xml: String) {
        #expect(throws: SOAPError(.malformedXML, "")) { try SOAPEnvelope(data: Data(xml.utf8)) }
    }

    /// UTF-16 and NUL-carrying input is refused as an unsupported encoding.
    @Test func rejectsNonUTF8() {
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("<Envelope/>".data(using: .utf16LittleEndian)!)
        #expect(throws: SOAPError(.unsupportedEncoding, "")) { try SOAPEnvelope(data: utf16) }
        #expect(throws: SOAPError(.unsupportedEncoding, "")) { try SOAPEnvelope(data: Data([0x3C, 0x61, 0x00, 0x3E])) }
    }

    /// An Envelope in another namespace is a version mismatch; a non-Envelope root is refused.
    @Test func rejectsWrongEnvelopeNamespace() {
        let wrong = "<Envelope xmlns=\"http://example.org/not-soap\"><Body><x/></Body></Envelope>"
        #expect(throws: SOAPError(.versionMismatch, "")) { try SOAPEnvelope(data: Data(wrong.utf8)) }
        let none = "<Envelope><Body><x/></Body></Envelope>"
        #expect(throws: SOAPError(.versionMismatch, "")) { try SOAPEnvelope(data: Data(none.utf8)) }
        let other = "<Letter xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><x/></Body></Letter>"
        #expect(throws: SOAPError(.notAnEnvelope, "")) { try SOAPEnvelope(data: Data(other.utf8)) }
    }

    /// An Envelope without Body, or with an empty Body, is refused.
    @Test func rejectsMissingOrEmptyBody() {
        let noBody = "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Header/></Envelope>"
        #expect(throws: SOAPError(.missingBody, "")) { try SOAPEnvelope(data: Data(noBody.utf8)) }
        let empty = "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body>  </Body></Envelope>"
        #expect(throws: SOAPError(.emptyBody, "")) { try SOAPEnvelope(data: Data(empty.utf8)) }
        let late = "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><x/></Body><Header/></Envelope>"
        #expect(throws: SOAPError(.malformedHeader, "")) { try SOAPEnvelope(data: Data(late.utf8)) }
    }
}
