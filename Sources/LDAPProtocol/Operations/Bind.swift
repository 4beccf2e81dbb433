// GVE — LDAPProtocol

public import NIOCore

/// RFC 4511 §4.2.
///
/// ```
/// BindRequest ::= [APPLICATION 0] SEQUENCE {
///      version                 INTEGER (1 ..  127),
///      name                    LDAPDN,
///      authentication          AuthenticationChoice }
/// AuthenticationChoice ::= CHOICE {
///      simple                  [0] OCTET STRING,
///      sasl                    [3] SaslCredentials,
///      ...  }
/// SaslCredentials ::= SEQUENCE {
///      mechanism               LDAPString,
///      credentials             OCTET STRING OPTIONAL }
/// ```
public struct BindRequest: LDAPOperation {
    public static let tag = BER.applicationConstructed(0)

    /// The authentication choice.
    public enum Authentication: Sendable, Hashable {
        /// Simple bind with a password (empty for anonymous or unauthenticated binds).
        case simple(password: [UInt8])
        /// SASL bind.
        case sasl(mechanism: String, credentials: [UInt8]?)
    }

    public var version: Int
    public var name: LDAPDN
    public var authentication: Authentication

    public init(version: Int = 3, name: LDAPDN, authentication: Authentication) {
        self.version = version
        self.name = name
        self.authentication = authentication
    }

    /// An anonymous simple bind.
    public static let anonymous = BindRequest(name: "", authentication: .simple(password: []))

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        version = try r.readInt(in: 1...127, "bind version")
        name = LDAPDN(string: try r.readString("bind name"))
        let (tag, c) = try r.readAny()
        switch tag {
        case BER.context(0):
            authentication = .simple(password: Array(c.readableBytesView))
        case BER.contextConstructed(3):
            var s = try r.child(c, "SaslCredentials")
            let mechanism = try s.readString("SASL mechanism")
            let credentials = s.isAtEnd ? nil : try s.readOctets("SASL credentials")
            try s.finish("SaslCredentials")
            authentication = .sasl(mechanism: mechanism, credentials: credentials)
        default:
            throw LDAPProtocolError(.unexpectedTag, "AuthenticationChoice has tag \(BER.tagName(tag))")
        }
        try r.finish("BindRequest")
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        buffer.writeBERInteger(Int64(version))
        buffer.writeBERString(name.string)
        switch authentication {
        case .simple(let password):
            buffer.writeBEROctets(tag: BER.context(0), password)
        case .sasl(let mechanism, let credentials):
            buffer.writeBERElement(tag: BER.contextConstructed(3)) { b in
                b.writeBERString(mechanism)
                if let credentials { b.writeBEROctets(credentials) }
            }
        }
    }
}

/// RFC 4511 §4.2.2.
///
/// ```
/// BindResponse ::= [APPLICATION 1] SEQUENCE {
///      COMPONENTS OF LDAPResult,
///      serverSaslCreds    [7] OCTET STRING OPTIONAL }
/// ```
public struct BindResponse: LDAPOperation {
    public static let tag = BER.applicationConstructed(1)
    public var result: LDAPResult
    public var serverSASLCredentials: [UInt8]?

    public init(_ result: LDAPResult, serverSASLCredentials: [UInt8]? = nil) {
        self.result = result
        self.serverSASLCredentials = serverSASLCredentials
    }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        result = try LDAPResult(components: &r)
        serverSASLCredentials = try r.readOptional(BER.context(7), "serverSaslCreds").map { Array($0.readableBytesView) }
        try r.finish("BindResponse")
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        result.serializeComponents(into: &buffer)
        if let serverSASLCredentials { buffer.writeBEROctets(tag: BER.context(7), serverSASLCredentials) }
    }
}

/// RFC 4511 §4.3: `UnbindRequest ::= [APPLICATION 2] NULL`.
public struct UnbindRequest: LDAPOperation {
    public static let tag = BER.application(2)
    public init() {}
    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        guard contents.isAtEnd else { throw LDAPProtocolError(.invalidValue, "UnbindRequest NULL has contents") }
    }
    public func serializeContents(into buffer: inout ByteBuffer) {}
}

/// RFC 4511 §4.11: `AbandonRequest ::= [APPLICATION 16] MessageID`.
public struct AbandonRequest: LDAPOperation {
    public static let tag = BER.application(16)
    public var messageID: Int
    public init(messageID: Int) { self.messageID = messageID }
    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        let v = try BERReader.integer(contents.buffer, "abandoned messageID")
        guard (0...ldapMaxInt).contains(v) else { throw LDAPProtocolError(.invalidValue, "abandoned messageID \(v) is out of range") }
        messageID = Int(v)
    }
    public func serializeContents(into buffer: inout ByteBuffer) {
        // Contents of an INTEGER without its tag: write one and strip the header.
        var tmp = ByteBuffer()
        tmp.writeBERInteger(Int64(messageID))
        tmp.moveReaderIndex(forwardBy: 2)
        buffer.writeBuffer(&tmp)
    }
}
