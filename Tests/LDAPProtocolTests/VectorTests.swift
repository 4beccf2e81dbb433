// GVE — LDAPProtocolTests
// Byte-exact vectors. The first group was derived by hand from the ASN.1 of RFC 4511; the second was
// captured from OpenLDAP's ldapsearch 2.5 (Debian 12) talking to a socket listener, on this project's machine:
//   ldapsearch -x -H ldap://127.0.0.1:PORT -b o=glue -s sub -z 5 -E pr=10/noprompt \
//     '(&(objectClass=GLUE2Service)(|(GLUE2ServiceType=org.glite.ce.*)(!(GLUE2ServiceID~=foo)))(GLUE2ServiceCapability:caseExactMatch:=x)(GLUE2EntityCreationTime>=2020))' \
//     GLUE2ServiceID cn
import LDAPCore
import LDAPProtocol
import NIOCore
import Testing

@Suite struct VectorTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var hex: String
        var message: LDAPMessage
        var testDescription: String { name }
    }

    static let handDerived: [Vector] = [
        // 30 0c | 02 01 01 | 60 07 { 02 01 03 | 04 00 | 80 00 }
        Vector(name: "anonymous bind", hex: "300c020101600702010304008000", message: LDAPMessage(messageID: 1, .bindRequest(.anonymous))),
        // 61 07 { 0a 01 00 | 04 00 | 04 00 }
        Vector(name: "bind success", hex: "300c02010161070a010004000400", message: LDAPMessage(messageID: 1, .bindResponse(BindResponse(.success)))),
        // 42 00: [APPLICATION 2] NULL
        Vector(name: "unbind", hex: "30050201034200", message: LDAPMessage(messageID: 3, .unbindRequest)),
        // 63 26 { 04 06 "o=glue" | 0a 01 02 | 0a 01 00 | 02 01 00 | 02 01 00 | 01 01 00 | 87 0b "objectClass" | 30 00 }
        Vector(name: "subtree search (objectClass=*)",
               hex: "302b020102632604066f3d676c75650a01020a0100020100020100010100870b6f626a656374436c6173733000",
               message: LDAPMessage(messageID: 2, .searchRequest(SearchRequest(baseObject: "o=glue", scope: .wholeSubtree)))),
        // 78 1f { 0a 01 02 | 04 00 | 04 00 | 8a 16 "1.3.6.1.4.1.1466.20036" }
        Vector(name: "notice of disconnection",
               hex: "3024020100781f0a0102040004008a16312e332e362e312e342e312e313436362e3230303336",
               message: LDAPMessage(messageID: 0, .extendedResponse(.noticeOfDisconnection(.init(.protocolError))))),
        // 4a 04 "cn=x": DelRequest is a primitive LDAPDN
        Vector(name: "delete", hex: "3009020105 4a04636e3d78", message: LDAPMessage(messageID: 5, .delRequest(DelRequest(entry: "cn=x")))),
        // 50 01 03: AbandonRequest is a primitive MessageID
        Vector(name: "abandon", hex: "3006020106500103", message: LDAPMessage(messageID: 6, .abandonRequest(AbandonRequest(messageID: 3)))),
        // 77 19 { 80 17 "1.3.6.1.4.1.4203.1.11.3" } (23 characters)
        Vector(name: "who am I", hex: "301e020107 7719 8017 312e332e362e312e342e312e343230332e312e31312e33",
               message: LDAPMessage(messageID: 7, .extendedRequest(ExtendedRequest(name: LDAPOID.whoAmI)))),
    ]

    /// Hand-derived encodings decode to the expected value and the value encodes to the same bytes.
    @Test(arguments: handDerived)
    func handDerivedVectorsMatchBothWays(_ v: Vector) throws {
        #expect(try LDAPMessage(ber: bytes(v.hex)) == v.message)
        #expect(hex(encode(v.message)) == v.hex.filter { !$0.isWhitespace })
    }

    /// A filter vector derived by hand: (&(cn=a)(!(sn=b*))).
    @Test func handDerivedFilterVector() throws {
        // a0 16 { a3 07 {04 02 "cn" 04 01 "a"} | a2 0b { a4 09 { 04 02 "sn" 30 03 { 80 01 "b" } } } }
        let v = "a016" + "a3070402636e040161" + "a20b" + "a4090402736e3003800162"
        let f: LDAPFilter = .and([.equalityMatch(attribute: "cn", value: .init("a")),
                                  .not(.substrings(attribute: "sn", initial: .init("b"), any: [], final: nil))])
        #expect(try LDAPFilter(ber: bytes(v)) == f)
        var b = ByteBuffer()
        f.serialize(into: &b)
        #expect(hex(b) == v)
        // Extensible match (cn:caseExactMatch:=Fred): a9 1a { 81 0e "caseExactMatch" 82 02 "cn" 83 04 "Fred" }
        let x = "a91a810e636173654578616374 4d61746368 8202636e 830446726564".filter { !$0.isWhitespace }
        let fx: LDAPFilter = .extensibleMatch(matchingRule: "caseExactMatch", attribute: "cn", value: .init("Fred"), dnAttributes: false)
        #expect(try LDAPFilter(ber: bytes(x)) == fx)
    }

    static let capturedBind = "300c020101600702010304008000"
    static let capturedSearch = """
        308201060201026381db04066f3d676c75650a01020a0100020105020100010100a081aba31b040b6f626a656374436c617373040c474c554532536572\
        76696365a13ea4230410474c5545325365727669636554797065300f800d6f72672e676c6974652e63652ea217a815040e474c55453253657276696365\
        49440403666f6fa92b810e6361736545786163744d617463688216474c554532536572766963654361706162696c697479830178a51f0417474c554532\
        456e746974794372656174696f6e54696d650404323032303014040e474c5545325365727669636549440402636ea02330210416312e322e3834302e31\
        31333535362e312e342e3331390407300502010a0400
        """

    /// ldapsearch's bind and search, byte for byte, decode to the request it was asked to send.
    @Test func capturedLdapsearchRequestsDecode() throws {
        #expect(try LDAPMessage(ber: bytes(Self.capturedBind)) == LDAPMessage(messageID: 1, .bindRequest(.anonymous)))
        let m = try LDAPMessage(ber: bytes(Self.capturedSearch))
        let expected = SearchRequest(
            baseObject: "o=glue", scope: .wholeSubtree, sizeLimit: 5,
            filter: try LDAPFilter("(&(objectClass=GLUE2Service)(|(GLUE2ServiceType=org.glite.ce.*)(!(GLUE2ServiceID~=foo)))(GLUE2ServiceCapability:caseExactMatch:=x)(GLUE2EntityCreationTime>=2020))"),
            attributes: ["GLUE2ServiceID", "cn"])
        #expect(m.messageID == 2)
        #expect(m.protocolOp == .searchRequest(expected))
        #expect(m.pagedResults == PagedResultsControl(size: 10, cookie: []))
        #expect(m.controls.first?.criticality == false)
        // Our encoder reproduces ldapsearch's bytes exactly (both use minimal lengths).
        #expect(hex(encode(m)) == Self.capturedSearch)
    }
}
