// GVE — LDAPProtocol

public import NIOCore

/// A protocolOp of an LDAPMessage: decoded from the contents of its `[APPLICATION n]` element and
/// serialized with its tag.
public protocol LDAPOperation: Sendable, Hashable {
    /// The `[APPLICATION n]` tag (with the constructed bit when the production is a SEQUENCE).
    static var tag: UInt8 { get }
    /// Decodes from a reader over the element's contents; every byte must be consumed.
    init(ber contents: BERReader) throws(LDAPProtocolError)
    /// Writes the element's contents (without tag and length).
    func serializeContents(into buffer: inout ByteBuffer)
}

extension LDAPOperation {
    /// Writes the whole element: tag, length, contents.
    public func serialize(into buffer: inout ByteBuffer) {
        buffer.writeBERElement(tag: Self.tag) { self.serializeContents(into: &$0) }
    }
}

/// An operation whose contents are exactly an LDAPResult (RFC 4511 §4.1.9).
public protocol LDAPResultOperation: LDAPOperation {
    var result: LDAPResult { get set }
    init(_ result: LDAPResult)
}

extension LDAPResultOperation {
    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        let result = try LDAPResult(components: &r)
        try r.finish("\(Self.self)")
        self.init(result)
    }

    public func serializeContents(into buffer: inout ByteBuffer) { result.serializeComponents(into: &buffer) }
}

extension BERReader {
    /// Reads `AttributeDescription` values of `SEQUENCE OF` until the end.
    mutating func readStringList(_ what: String) throws(LDAPProtocolError) -> [String] {
        var out: [String] = []
        while !isAtEnd { out.append(try readString(what)) }
        return out
    }

    /// Reads a PartialAttribute / Attribute `SEQUENCE { type AttributeDescription, vals SET OF value }`.
    mutating func readAttribute(_ what: String) throws(LDAPProtocolError) -> (String, [[UInt8]]) {
        var r = try readConstructed(BER.sequence, what)
        let name = try r.readString("attribute type")
        var vals = try r.readConstructed(BER.set, "attribute values of \(name)")
        try r.finish(what)
        var values: [[UInt8]] = []
        while !vals.isAtEnd { values.append(try vals.readOctets("value of \(name)")) }
        return (name, values)
    }
}

extension ByteBuffer {
    /// Writes `PartialAttribute ::= SEQUENCE { type AttributeDescription, vals SET OF value AttributeValue }`.
    @inlinable
    public mutating func writeLDAPAttribute(name: String, values: [[UInt8]]) {
        writeBERElement(tag: BER.sequence) { b in
            b.writeBERString(name)
            b.writeBERElement(tag: BER.set) { b in
                for v in values { b.writeBEROctets(v) }
            }
        }
    }
}
