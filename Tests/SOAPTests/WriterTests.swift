// GVE — SOAPTests
import Foundation
import Testing
@testable import SOAP

@Suite struct WriterTests {
    static let sample = SOAPElement("RequestVMResponse", namespace: "urn:gve:site:1", children: [
        SOAPElement("job", namespace: "urn:gve:site:1", children: [
            SOAPElement("id", namespace: "urn:gve:site:1", text: "j-1"),
            SOAPElement("note", namespace: "urn:gve:site:1", text: "<&>\"' \r\nend"),
            SOAPElement("plain", text: "no namespace"),
            SOAPElement("tagged", namespace: "urn:gve:site:1",
                        attributes: [SOAPAttribute(name: "kind", value: "a\"b<c\t"),
                                     SOAPAttribute(name: "type", namespace: SOAPNamespace.xmlSchemaInstance, value: "x:y")],
                        children: [], text: "t"),
        ]),
    ])

    /// Writing then reading an envelope gives the same tree, in both versions.
    @Test(arguments: SOAPVersion.allCases)
    func roundTripsEnvelope(version: SOAPVersion) throws {
        let token = UsernameToken(username: "alice", password: "pw", passwordType: .text)
        let env = SOAPEnvelope(version: version, headerBlocks: [token.securityHeader()], body: Self.sample)
        let parsed = try SOAPEnvelope(data: env.serialized())
        #expect(parsed == env)
        #expect(parsed.body.child("job")?.child("note")?.text == "<&>\"' \r\nend")
        #expect(parsed.body.child("job")?.child("plain")?.namespace == nil)
        #expect(parsed.body.child("job")?.child("tagged")?.attribute("type", namespace: SOAPNamespace.xmlSchemaInstance) == "x:y")
        #expect(try UsernameToken(header: parsed.header) == token)
    }

    /// Characters XML cannot carry are replaced, so output is always well formed.
    @Test func escapesIllegalCharacters() throws {
        let body = SOAPElement("x", namespace: "urn:t", text: "bell\u{07}nul\u{00}ok")
        let env = SOAPEnvelope(version: .soap11, body: body)
        let parsed = try SOAPEnvelope(data: env.serialized())
        #expect(parsed.body.text == "bell\u{FFFD}nul\u{FFFD}ok")
    }

    /// SOAP 1.1 faults use faultcode/faultstring/detail and read back with their application code.
    @Test func roundTripsSOAP11Fault() throws {
        let fault = SOAPFault(code: .sender, applicationCode: "QuotaExceeded", reason: "too many VMs",
                              element: "SiteFault", namespace: "urn:gve:site:1",
                              extra: [SOAPElement("limit", namespace: "urn:gve:site:1", text: "2")])
        let data = fault.envelope(version: .soap11).serialized()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("<faultcode>soap:Client</faultcode>"))
        #expect(text.contains("<faultstring>too many VMs</faultstring>"))
        let back = try #require(try SOAPEnvelope(data: data).fault())
        #expect(back == fault)
        #expect(back.applicationCode(namespace: "urn:gve:site:1") == "QuotaExceeded")
        #expect(back.httpStatus(version: .soap11) == 500)
    }

    /// SOAP 1.2 faults use Code/Value, Reason/Text and Detail; a Sender fault maps to HTTP 400.
    @Test func roundTripsSOAP12Fault() throws {
        let fault = SOAPFault(code: .receiver, applicationCode: "LibvirtError", reason: "boom",
                              element: "AgentFault", namespace: "urn:gve:agent:1")
        let data = fault.envelope(version: .soap12).serialized()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("soap:Receiver"))
        #expect(text.contains("xml:lang=\"en\""))
        let back = try #require(try SOAPEnvelope(data: data).fault())
        #expect(back == fault)
        #expect(SOAPFault(code: .sender, reason: "x").httpStatus(version: .soap12) == 400)
    }

    /// A fault without its code is malformed; a non-fault body reads as no fault.
    @Test func readsFaultsStrictly() throws {
        let bad = "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><Fault><faultstring>x</faultstring></Fault></Body></Envelope>"
        #expect(throws: SOAPError(.malformedFault, "")) { try SOAPEnvelope(data: Data(bad.utf8)).fault() }
        let ok = SOAPEnvelope(version: .soap12, body: SOAPElement("Fine", namespace: "urn:t"))
        #expect(try SOAPEnvelope(data: ok.serialized()).fault() == nil)
    }

    /// Content types follow each version's HTTP binding.
    @Test func contentTypesPerVersion() {
        #expect(SOAPVersion.soap11.contentType().hasPrefix("text/xml"))
        #expect(SOAPVersion.soap12.contentType(action: "urn:a").contains("action=\"urn:a\""))
        #expect(SOAPVersion(contentType: "application/soap+xml; charset=utf-8") == .soap12)
        #expect(SOAPVersion(contentType: "Text/XML") == .soap11)
        #expect(SOAPVersion(contentType: "application/json") == nil)
    }
}
