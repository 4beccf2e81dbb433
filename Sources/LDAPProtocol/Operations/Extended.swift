// GVE — LDAPProtocol

public import NIOCore

/// RFC 4511 §4.12.
///
/// ```
/// ExtendedRequest ::= [APPLICATION 23] SEQUENCE {
///      requestName      [0] LDAPOID,
///      requestValue     [1] OCTET STRING OPTIONAL }
/// ```
public struct ExtendedRequest: LDAPOperation {
    public static let tag = BER.applicationConstructed(23)
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]? = nil) {
        self.name = name
        self.value = value
    }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        name = try r.readString(BER.context(0), "requestName")
        value = try r.readOptional(BER.context(1), "requestValue").map { Array($0.readableBytesView) }
        try r.finish("ExtendedRequest")
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        buffer.writeBERString(tag: BER.context(0), name)
        if let value { buffer.writeBEROctets(tag: BER.context(1), value) }
    }
}

/// RFC 4511 §4.12.
///
/// ```
/// ExtendedResponse ::= [APPLICATION 24] SEQUENCE {
///      COMPONENTS OF LDAPResult,
///      responseName     [10] LDAPOID OPTIONAL,
///      responseValue    [11] OCTET STRING OPTIONAL }
/// ```
public struct ExtendedResponse: LDAPOperation {
    public static let tag = BER.applicationConstructed(24)
    public var result: LDAPResult
    public var name: String?
    public var value: [UInt8]?

    public init(_ result: LDAPResult, name: String? = nil, value: [UInt8]? = nil) {
        self.result = result
        self.name = name
        self.value = value
    }

    /// The Notice of Disconnection (RFC 4511 §4.4.1), sent with messageID 0.
    public static func noticeOfDisconnection(_ code: LDAPResult) -> ExtendedResponse {
        ExtendedResponse(code, name: LDAPOID.noticeOfDisconnection)
    }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        result = try LDAPResult(components: &r)
        name = try r.readOptional(BER.context(10), "responseName").map { (b) throws(LDAPProtocolError) in try BERReader.string(b, "responseName") }
        value = try r.readOptional(BER.context(11), "responseValue").map { Array($0.readableBytesView) }
        try r.finish("ExtendedResponse")
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        result.serializeComponents(into: &buffer)
        if let name { buffer.writeBERString(tag: BER.context(10), name) }
        if let value { buffer.writeBEROctets(tag: BER.context(11), value) }
    }
}

/// RFC 4511 §4.13.
///
/// ```
/// IntermediateResponse ::= [APPLICATION 25] SEQUENCE {
///      responseName     [0] LDAPOID OPTIONAL,
///      responseValue    [1] OCTET STRING OPTIONAL }
/// ```
public struct IntermediateResponse: LDAPOperation {
    public static let tag = BER.applicationConstructed(25)
    public var name: String?
    public var value: [UInt8]?

    public init(name: String? = nil, value: [UInt8]? = nil) {
        self.name = name
        self.value = value
    }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        name = try r.readOptional(BER.context(0), "responseName").map { (b) throws(LDAPProtocolError) in try BERReader.string(b, "responseName") }
        value = try r.readOptional(BER.context(1), "responseValue").map { Array($0.readableBytesView) }
        try r.finish("IntermediateResponse")
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        if let name { buffer.writeBERString(tag: BER.context(0), name) }
        if let value { buffer.writeBEROctets(tag: BER.context(1), value) }
    }
}
