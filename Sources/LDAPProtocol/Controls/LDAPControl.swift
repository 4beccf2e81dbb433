// GVE — LDAPProtocol

public import NIOCore

/// The generic control envelope (RFC 4511 §4.1.11); typed controls convert to and from it.
///
/// ```
/// Controls ::= SEQUENCE OF control Control
/// Control ::= SEQUENCE {
///      controlType             LDAPOID,
///      criticality             BOOLEAN DEFAULT FALSE,
///      controlValue            OCTET STRING OPTIONAL }
/// ```
public struct LDAPControl: Sendable, Hashable {
    public var type: String
    public var criticality: Bool
    public var value: [UInt8]?

    public init(type: String, criticality: Bool = false, value: [UInt8]? = nil) {
        self.type = type
        self.criticality = criticality
        self.value = value
    }

    /// Decodes one Control from a reader positioned at it.
    public init(reading reader: inout BERReader) throws(LDAPProtocolError) {
        var r = try reader.readConstructed(BER.sequence, "Control")
        type = try r.readString("controlType")
        criticality = r.peekTag() == BER.boolean ? try r.readBoolean("criticality") : false
        value = try r.readOptional(BER.octetString, "controlValue").map { Array($0.readableBytesView) }
        try r.finish("Control \(type)")
    }

    /// Writes the Control SEQUENCE. A false criticality is omitted (DEFAULT FALSE).
    public func serialize(into buffer: inout ByteBuffer) {
        buffer.writeBERElement(tag: BER.sequence) { b in
            b.writeBERString(type)
            if criticality { b.writeBERBoolean(true) }
            if let value { b.writeBEROctets(value) }
        }
    }
}

/// The Simple Paged Results control (RFC 2696).
///
/// ```
/// realSearchControlValue ::= SEQUENCE {
///      size            INTEGER (0..maxInt),
///                              -- requested page size from client
///                              -- result set size estimate from server
///      cookie          OCTET STRING }
/// ```
public struct PagedResultsControl: Sendable, Hashable {
    public var size: Int
    public var cookie: [UInt8]

    public init(size: Int, cookie: [UInt8] = []) {
        self.size = size
        self.cookie = cookie
    }

    /// Decodes the control value of an envelope whose type is ``LDAPOID/pagedResults``.
    /// - Throws: ``LDAPProtocolError`` when the type differs or the value is malformed.
    public init(_ control: LDAPControl, limits: LDAPDecodingLimits = .init()) throws(LDAPProtocolError) {
        guard control.type == LDAPOID.pagedResults else {
            throw LDAPProtocolError(.invalidValue, "control \(control.type) is not the paged results control")
        }
        guard let value = control.value else { throw LDAPProtocolError(.invalidValue, "paged results control has no value") }
        var outer = BERReader(ByteBuffer(bytes: value), limits: limits, depth: 3)
        var r = try outer.readConstructed(BER.sequence, "paged results value")
        try outer.finish("paged results value")
        size = try r.readInt(in: 0...ldapMaxInt, "page size")
        cookie = try r.readOctets("cookie")
        try r.finish("paged results value")
    }

    /// The envelope carrying this value.
    public func control(criticality: Bool = false) -> LDAPControl {
        var b = ByteBuffer()
        b.writeBERElement(tag: BER.sequence) { b in
            b.writeBERInteger(Int64(size))
            b.writeBEROctets(cookie)
        }
        return LDAPControl(type: LDAPOID.pagedResults, criticality: criticality, value: Array(b.readableBytesView))
    }
}
