// GVE — LDAPProtocolTests
import LDAPCore
import LDAPProtocol
import NIOCore
import Testing

@Suite struct RoundTripTests {
    static let result = LDAPResult(.noSuchObject, matchedDN: "o=glue", diagnosticMessage: "no such entry", referral: nil)
    static let referralResult = LDAPResult(.referral, matchedDN: "", diagnosticMessage: "", referral: ["ldap://a.example/o=glue", "ldap://b.example/o=glue"])
    static let filter: LDAPFilter = .and([
        .equalityMatch(attribute: "objectClass", value: .init("GLUE2Service")),
        .or([.substrings(attribute: "cn", initial: .init("a"), any: [.init("b"), .init("c")], final: .init("d")),
             .not(.present(attribute: "description"))]),
        .greaterOrEqual(attribute: "GLUE2ExecutionEnvironmentMainMemorySize", value: .init("131072")),
        .lessOrEqual(attribute: "x", value: [0, 1, 255]),
        .approxMatch(attribute: "sn", value: .init("smith")),
        .extensibleMatch(matchingRule: "2.5.13.5", attribute: "cn", value: .init("Fred"), dnAttributes: true),
        .extensibleMatch(matchingRule: nil, attribute: "cn", value: .init("x"), dnAttributes: false),
        .substrings(attribute: "cn", initial: nil, any: [.init("mid")], final: nil),
        .or([]),
    ])
    static let entry = LDAPEntry(dn: try! DistinguishedName("GLUE2ServiceID=urn:ogf:x\\,y,GLUE2GroupID=resource,o=glue"), attributes: [
        LDAPAttribute(name: "objectClass", strings: ["GLUE2Entity", "GLUE2Service"]),
        LDAPAttribute(name: "GLUE2ServiceID", strings: ["urn:ogf:x,y"]),
        LDAPAttribute(name: "description;lang-en", values: [Array(repeating: 0x41, count: 300)]),
    ])

    static let messages: [LDAPMessage] = [
        LDAPMessage(messageID: 1, .bindRequest(.anonymous)),
        LDAPMessage(messageID: 2, .bindRequest(BindRequest(name: "cn=admin,o=glue", authentication: .simple(password: .init("secret"))))),
        LDAPMessage(messageID: 3, .bindRequest(BindRequest(name: "", authentication: .sasl(mechanism: "EXTERNAL", credentials: nil)))),
        LDAPMessage(messageID: 4, .bindRequest(BindRequest(name: "", authentication: .sasl(mechanism: "PLAIN", credentials: [0, 1, 2])))),
        LDAPMessage(messageID: 5, .bindResponse(BindResponse(.success))),
        LDAPMessage(messageID: 6, .bindResponse(BindResponse(result, serverSASLCredentials: [9, 9]))),
        LDAPMessage(messageID: 7, .unbindRequest),
        LDAPMessage(messageID: 8, .searchRequest(SearchRequest(baseObject: "o=glue", scope: .wholeSubtree, derefAliases: .always,
                                                               sizeLimit: 10, timeLimit: 30, typesOnly: true, filter: filter,
                                                               attributes: ["*", "+", "GLUE2ServiceID"])),
                    controls: [PagedResultsControl(size: 100, cookie: [1, 2, 3]).control(criticality: true)]),
        LDAPMessage(messageID: 9, .searchResultEntry(SearchResultEntry(objectName: LDAPDN(entry.dn), attributes: entry.attributes))),
        LDAPMessage(messageID: 9, .searchResultEntry(SearchResultEntry(objectName: "", attributes: []))),
        LDAPMessage(messageID: 9, .searchResultDone(SearchResultDone(referralResult))),
        LDAPMessage(messageID: 9, .searchResultReference(SearchResultReference(uris: ["ldap://other/o=glue??sub"]))),
        LDAPMessage(messageID: 10, .modifyRequest(ModifyRequest(object: "cn=x,o=glue", changes: [
            LDAPModification(.add, LDAPAttribute(name: "description", strings: ["a", "b"])),
            LDAPModification(.delete, LDAPAttribute(name: "seeAlso", values: [])),
            LDAPModification(.replace, LDAPAttribute(name: "cn", strings: ["y"])),
            LDAPModification(.increment, LDAPAttribute(name: "uidNumber", strings: ["1"])),
        ]))),
        LDAPMessage(messageID: 11, .modifyResponse(ModifyResponse(result))),
        LDAPMessage(messageID: 12, .addRequest(AddRequest(entry))),
        LDAPMessage(messageID: 13, .addResponse(AddResponse(.success))),
        LDAPMessage(messageID: 14, .delRequest(DelRequest(entry: "cn=x,o=glue"))),
        LDAPMessage(messageID: 15, .delResponse(DelResponse(result))),
        LDAPMessage(messageID: 16, .modifyDNRequest(ModifyDNRequest(entry: "cn=x,o=glue", newRDN: "cn=y", deleteOldRDN: true))),
        LDAPMessage(messageID: 17, .modifyDNRequest(ModifyDNRequest(entry: "cn=x,o=glue", newRDN: "cn=y", deleteOldRDN: false, newSuperior: "o=grid"))),
        LDAPMessage(messageID: 18, .modifyDNResponse(ModifyDNResponse(result))),
        LDAPMessage(messageID: 19, .compareRequest(CompareRequest(entry: "cn=x,o=glue", attribute: "cn", value: .init("x")))),
        LDAPMessage(messageID: 20, .compareResponse(CompareResponse(.init(.compareTrue)))),
        LDAPMessage(messageID: 21, .abandonRequest(AbandonRequest(messageID: 20))),
        LDAPMessage(messageID: 22, .abandonRequest(AbandonRequest(messageID: 2_147_483_647))),
        LDAPMessage(messageID: 23, .extendedRequest(ExtendedRequest(name: LDAPOID.whoAmI))),
        LDAPMessage(messageID: 24, .extendedRequest(ExtendedRequest(name: "1.2.3", value: [1, 2]))),
        LDAPMessage(messageID: 25, .extendedResponse(ExtendedResponse(.success, name: nil, value: .init("dn:cn=x")))),
        LDAPMessage(messageID: 0, .extendedResponse(.noticeOfDisconnection(.init(.protocolError, diagnosticMessage: "bad")))),
        LDAPMessage(messageID: 26, .intermediateResponse(IntermediateResponse(name: "1.2.3", value: [0]))),
        LDAPMessage(messageID: 27, .intermediateResponse(IntermediateResponse())),
        LDAPMessage(messageID: 2_147_483_647, .delRequest(DelRequest(entry: "")),
                    controls: [LDAPControl(type: LDAPOID.manageDsaIT), LDAPControl(type: "1.2.3", criticality: true, value: [])]),
    ]

    /// Every PDU decodes to the value it was encoded from.
    @Test(arguments: messages)
    func everyPDURoundTrips(_ message: LDAPMessage) throws {
        #expect(try roundTrip(message) == message)
    }

    /// The fast SearchResultEntry writer produces the same bytes as the value type.
    @Test func fastEntryWriterMatchesValueEncoding() throws {
        var fast = ByteBuffer()
        SearchResultEntry.serializeMessage(messageID: 9, entry: Self.entry, into: &fast)
        let viaValue = encode(LDAPMessage(messageID: 9, .searchResultEntry(SearchResultEntry(objectName: LDAPDN(Self.entry.dn), attributes: Self.entry.attributes))))
        #expect(hex(fast) == hex(viaValue))
        let decoded = try LDAPMessage(ber: fast)
        guard case .searchResultEntry(let e) = decoded.protocolOp else { Issue.record("not an entry"); return }
        #expect(try e.entry() == Self.entry)
    }

    /// typesOnly entries carry attribute names with empty value sets.
    @Test func typesOnlyEntryHasNoValues() throws {
        var b = ByteBuffer()
        SearchResultEntry.serializeMessage(messageID: 1, entry: Self.entry, typesOnly: true, into: &b)
        guard case .searchResultEntry(let e) = try LDAPMessage(ber: b).protocolOp else { Issue.record("not an entry"); return }
        #expect(e.attributes.map(\.name) == Self.entry.attributes.map(\.name))
        #expect(e.attributes.allSatisfy { $0.values.isEmpty })
    }

    /// Lengths from 0 to 70000 use the shortest definite form and decode back.
    @Test(arguments: [0, 1, 127, 128, 255, 256, 65535, 65536, 70000])
    func lengthsOfEverySizeRoundTrip(_ n: Int) throws {
        let m = LDAPMessage(messageID: 1, .addRequest(AddRequest(entry: "cn=x", attributes: [LDAPAttribute(name: "a", values: [Array(repeating: 7, count: n)])])))
        #expect(try roundTrip(m) == m)
    }

    /// INTEGERs use the fewest octets, sign included.
    @Test(arguments: [(0, "020100"), (127, "02017f"), (128, "02020080"), (256, "02020100"), (-1, "0201ff"), (-128, "020180"),
                      (-129, "0202ff7f"), (2_147_483_647, "02047fffffff")])
    func integersUseMinimalEncoding(_ value: Int, _ expected: String) throws {
        var b = ByteBuffer()
        b.writeBERInteger(Int64(value))
        #expect(hex(b) == expected)
        var r = BERReader(b)
        #expect(try r.readInteger("x") == Int64(value))
    }

    /// The paged results control value round-trips through its envelope.
    @Test func pagedResultsControlRoundTrips() throws {
        let p = PagedResultsControl(size: 500, cookie: [0xde, 0xad])
        #expect(try PagedResultsControl(p.control()) == p)
        #expect(throws: LDAPProtocolError(.invalidValue, "")) { try PagedResultsControl(LDAPControl(type: "1.2.3")) }
    }

    /// Filters round-trip on their own (the filter decoder's entry point).
    @Test func filterRoundTripsAlone() throws {
        var b = ByteBuffer()
        Self.filter.serialize(into: &b)
        #expect(try LDAPFilter(ber: b) == Self.filter)
        // And its RFC 4515 string form parses back to the same tree.
        #expect(try LDAPFilter(Self.filter.stringValue) == Self.filter)
    }
}
