// GVE — LDAPProtocol

public import LDAPCore
public import NIOCore

/// The result carried by every response (RFC 4511 §4.1.9).
///
/// ```
/// LDAPResult ::= SEQUENCE {
///      resultCode         ENUMERATED { success (0), ... },
///      matchedDN          LDAPDN,
///      diagnosticMessage  LDAPString,
///      referral           [3] Referral OPTIONAL }
/// Referral ::= SEQUENCE SIZE (1..MAX) OF uri URI
/// ```
public struct LDAPResult: Sendable, Hashable {
    public var resultCode: LDAPResultCode
    public var matchedDN: LDAPDN
    public var diagnosticMessage: String
    /// Referral URIs; nil when absent.
    public var referral: [String]?

    public init(_ resultCode: LDAPResultCode, matchedDN: LDAPDN = "", diagnosticMessage: String = "", referral: [String]? = nil) {
        self.resultCode = resultCode
        self.matchedDN = matchedDN
        self.diagnosticMessage = diagnosticMessage
        self.referral = referral
    }

    /// A plain success.
    public static let success = LDAPResult(.success)

    /// Decodes the LDAPResult components from the contents of a response; the reader may hold more
    /// components after them (BindResponse, ExtendedResponse).
    public init(components reader: inout BERReader) throws(LDAPProtocolError) {
        let code = try reader.readInteger(BER.enumerated, "resultCode")
        guard code >= 0, code <= ldapMaxInt else { throw LDAPProtocolError(.invalidValue, "resultCode \(code) is out of range") }
        resultCode = LDAPResultCode(rawValue: Int(code))
        matchedDN = LDAPDN(string: try reader.readString("matchedDN"))
        diagnosticMessage = try reader.readString("diagnosticMessage")
        if let refs = try reader.readOptional(BER.contextConstructed(3), "referral") {
            var r = try reader.child(refs, "referral")
            var uris: [String] = []
            while !r.isAtEnd { uris.append(try r.readString("referral URI")) }
            referral = uris
        } else {
            referral = nil
        }
    }

    /// Decodes a response that is exactly an LDAPResult with the given contents.
    public init(ber contents: ByteBuffer, limits: LDAPDecodingLimits = .init()) throws(LDAPProtocolError) {
        var reader = BERReader(contents, limits: limits, depth: 2)
        try self.init(components: &reader)
        try reader.finish("LDAPResult")
    }

    /// Writes the components (without an enclosing tag).
    public func serializeComponents(into buffer: inout ByteBuffer) {
        buffer.writeBERInteger(tag: BER.enumerated, Int64(resultCode.rawValue))
        buffer.writeBERString(matchedDN.string)
        buffer.writeBERString(diagnosticMessage)
        if let referral {
            buffer.writeBERElement(tag: BER.contextConstructed(3)) { b in
                for uri in referral { b.writeBERString(uri) }
            }
        }
    }
}
