// GVE — LDAPProtocol

public import NIOCore

/// One LDAP PDU (RFC 4511 §4.1.1).
///
/// ```
/// LDAPMessage ::= SEQUENCE {
///      messageID       MessageID,
///      protocolOp      CHOICE {
///           bindRequest           BindRequest,
///           bindResponse          BindResponse,
///           unbindRequest         UnbindRequest,
///           searchRequest         SearchRequest,
///           searchResEntry        SearchResultEntry,
///           searchResDone         SearchResultDone,
///           searchResRef          SearchResultReference,
///           modifyRequest         ModifyRequest,
///           modifyResponse        ModifyResponse,
///           addRequest            AddRequest,
///           addResponse           AddResponse,
///           delRequest            DelRequest,
///           delResponse           DelResponse,
///           modDNRequest          ModifyDNRequest,
///           modDNResponse         ModifyDNResponse,
///           compareRequest        CompareRequest,
///           compareResponse       CompareResponse,
///           abandonRequest        AbandonRequest,
///           extendedReq           ExtendedRequest,
///           extendedResp          ExtendedResponse,
///           ...,
///           intermediateResponse  IntermediateResponse },
///      controls       [0] Controls OPTIONAL }
/// MessageID ::= INTEGER (0 ..  maxInt)
/// ```
public struct LDAPMessage: Sendable, Hashable {
    /// The protocolOp CHOICE.
    public enum ProtocolOp: Sendable, Hashable {
        case bindRequest(BindRequest)
        case bindResponse(BindResponse)
        case unbindRequest
        case searchRequest(SearchRequest)
        case searchResultEntry(SearchResultEntry)
        case searchResultDone(SearchResultDone)
        case searchResultReference(SearchResultReference)
        case modifyRequest(ModifyRequest)
        case modifyResponse(ModifyResponse)
        case addRequest(AddRequest)
        case addResponse(AddResponse)
        case delRequest(DelRequest)
        case delResponse(DelResponse)
        case modifyDNRequest(ModifyDNRequest)
        case modifyDNResponse(ModifyDNResponse)
        case compareRequest(CompareRequest)
        case compareResponse(CompareResponse)
        case abandonRequest(AbandonRequest)
        case extendedRequest(ExtendedRequest)
        case extendedResponse(ExtendedResponse)
        case intermediateResponse(IntermediateResponse)
    }

    public var messageID: Int
    public var protocolOp: ProtocolOp
    public var controls: [LDAPControl]

    public init(messageID: Int, _ protocolOp: ProtocolOp, controls: [LDAPControl] = []) {
        self.messageID = messageID
        self.protocolOp = protocolOp
        self.controls = controls
    }

    /// Decodes one complete LDAPMessage element (tag and length included) that fills `bytes` exactly.
    /// - Throws: ``LDAPProtocolError`` for any violation of RFC 4511 §4.1.1 or §5.1 or of `limits`.
    public init(ber bytes: ByteBuffer, limits: LDAPDecodingLimits = .init()) throws(LDAPProtocolError) {
        var outer = BERReader(bytes, limits: limits, depth: 0)
        guard let tag = outer.peekTag(), tag == BER.sequence else {
            throw LDAPProtocolError(.unexpectedTag, "LDAPMessage must start with SEQUENCE (0x30)")
        }
        let r = try outer.readConstructed(BER.sequence, "LDAPMessage")
        try outer.finish("LDAPMessage")
        try self.init(contents: r)
    }

    /// Decodes from a reader over the LDAPMessage SEQUENCE's contents.
    public init(contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        messageID = try r.readInt(in: 0...ldapMaxInt, "messageID")
        let (tag, c) = try r.readAny()
        let op = try r.child(c, "protocolOp")
        switch tag {
        case BindRequest.tag: protocolOp = .bindRequest(try .init(ber: op))
        case BindResponse.tag: protocolOp = .bindResponse(try .init(ber: op))
        case UnbindRequest.tag: _ = try UnbindRequest(ber: op); protocolOp = .unbindRequest
        case SearchRequest.tag: protocolOp = .searchRequest(try .init(ber: op))
        case SearchResultEntry.tag: protocolOp = .searchResultEntry(try .init(ber: op))
        case SearchResultDone.tag: protocolOp = .searchResultDone(try .init(ber: op))
        case SearchResultReference.tag: protocolOp = .searchResultReference(try .init(ber: op))
        case ModifyRequest.tag: protocolOp = .modifyRequest(try .init(ber: op))
        case ModifyResponse.tag: protocolOp = .modifyResponse(try .init(ber: op))
        case AddRequest.tag: protocolOp = .addRequest(try .init(ber: op))
        case AddResponse.tag: protocolOp = .addResponse(try .init(ber: op))
        case DelRequest.tag: protocolOp = .delRequest(try .init(ber: op))
        case DelResponse.tag: protocolOp = .delResponse(try .init(ber: op))
        case ModifyDNRequest.tag: protocolOp = .modifyDNRequest(try .init(ber: op))
        case ModifyDNResponse.tag: protocolOp = .modifyDNResponse(try .init(ber: op))
        case CompareRequest.tag: protocolOp = .compareRequest(try .init(ber: op))
        case CompareResponse.tag: protocolOp = .compareResponse(try .init(ber: op))
        case AbandonRequest.tag: protocolOp = .abandonRequest(try .init(ber: op))
        case ExtendedRequest.tag: protocolOp = .extendedRequest(try .init(ber: op))
        case ExtendedResponse.tag: protocolOp = .extendedResponse(try .init(ber: op))
        case IntermediateResponse.tag: protocolOp = .intermediateResponse(try .init(ber: op))
        default: throw LDAPProtocolError(.unexpectedTag, "protocolOp has unknown tag \(BER.tagName(tag))")
        }
        var controls: [LDAPControl] = []
        if let c = try r.readOptional(BER.contextConstructed(0), "controls") {
            var list = try r.child(c, "controls")
            while !list.isAtEnd { controls.append(try LDAPControl(reading: &list)) }
        }
        self.controls = controls
        try r.finish("LDAPMessage")
    }

    /// Writes the whole LDAPMessage element.
    public func serialize(into buffer: inout ByteBuffer) {
        buffer.writeBERElement(tag: BER.sequence) { b in
            b.writeBERInteger(Int64(messageID))
            switch protocolOp {
            case .bindRequest(let x): x.serialize(into: &b)
            case .bindResponse(let x): x.serialize(into: &b)
            case .unbindRequest: UnbindRequest().serialize(into: &b)
            case .searchRequest(let x): x.serialize(into: &b)
            case .searchResultEntry(let x): x.serialize(into: &b)
            case .searchResultDone(let x): x.serialize(into: &b)
            case .searchResultReference(let x): x.serialize(into: &b)
            case .modifyRequest(let x): x.serialize(into: &b)
            case .modifyResponse(let x): x.serialize(into: &b)
            case .addRequest(let x): x.serialize(into: &b)
            case .addResponse(let x): x.serialize(into: &b)
            case .delRequest(let x): x.serialize(into: &b)
            case .delResponse(let x): x.serialize(into: &b)
            case .modifyDNRequest(let x): x.serialize(into: &b)
            case .modifyDNResponse(let x): x.serialize(into: &b)
            case .compareRequest(let x): x.serialize(into: &b)
            case .compareResponse(let x): x.serialize(into: &b)
            case .abandonRequest(let x): x.serialize(into: &b)
            case .extendedRequest(let x): x.serialize(into: &b)
            case .extendedResponse(let x): x.serialize(into: &b)
            case .intermediateResponse(let x): x.serialize(into: &b)
            }
            if !controls.isEmpty {
                b.writeBERElement(tag: BER.contextConstructed(0)) { b in
                    for c in controls { c.serialize(into: &b) }
                }
            }
        }
    }

    /// The paged results control, if one is attached and well formed.
    public var pagedResults: PagedResultsControl? {
        controls.first { $0.type == LDAPOID.pagedResults }.flatMap { try? PagedResultsControl($0) }
    }

    /// The LDAPResult of a response message (nil for requests, entries and references).
    public var result: LDAPResult? {
        switch protocolOp {
        case .bindResponse(let x): x.result
        case .searchResultDone(let x): x.result
        case .modifyResponse(let x): x.result
        case .addResponse(let x): x.result
        case .delResponse(let x): x.result
        case .modifyDNResponse(let x): x.result
        case .compareResponse(let x): x.result
        case .extendedResponse(let x): x.result
        default: nil
        }
    }
}
