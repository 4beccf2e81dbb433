// GVE — LDAPProtocol

public import LDAPCore
public import NIOCore

/// RFC 4511 §4.5.1.
///
/// ```
/// SearchRequest ::= [APPLICATION 3] SEQUENCE {
///      baseObject      LDAPDN,
///      scope           ENUMERATED { baseObject (0), singleLevel (1), wholeSubtree (2), ... },
///      derefAliases    ENUMERATED { neverDerefAliases (0), derefInSearching (1),
///                                   derefFindingBaseObj (2), derefAlways (3) },
///      sizeLimit       INTEGER (0 ..  maxInt),
///      timeLimit       INTEGER (0 ..  maxInt),
///      typesOnly       BOOLEAN,
///      filter          Filter,
///      attributes      AttributeSelection }
/// AttributeSelection ::= SEQUENCE OF selector LDAPString
/// ```
public struct SearchRequest: LDAPOperation {
    public static let tag = BER.applicationConstructed(3)

    /// `derefAliases` (RFC 4511 §4.5.1.3).
    public enum DerefAliases: Int, Sendable, Hashable {
        case never = 0, inSearching = 1, findingBaseObject = 2, always = 3
    }

    public var baseObject: LDAPDN
    public var scope: SearchScope
    public var derefAliases: DerefAliases
    /// 0 means no client-requested limit.
    public var sizeLimit: Int
    /// Seconds; 0 means no client-requested limit.
    public var timeLimit: Int
    public var typesOnly: Bool
    public var filter: LDAPFilter
    public var attributes: [String]

    public init(baseObject: LDAPDN, scope: SearchScope, derefAliases: DerefAliases = .never, sizeLimit: Int = 0,
                timeLimit: Int = 0, typesOnly: Bool = false, filter: LDAPFilter = .present(attribute: "objectClass"),
                attributes: [String] = []) {
        self.baseObject = baseObject
        self.scope = scope
        self.derefAliases = derefAliases
        self.sizeLimit = sizeLimit
        self.timeLimit = timeLimit
        self.typesOnly = typesOnly
        self.filter = filter
        self.attributes = attributes
    }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        baseObject = LDAPDN(string: try r.readString("baseObject"))
        let scopeValue = try r.readInteger(BER.enumerated, "scope")
        guard let s = SearchScope(rawValue: Int(truncatingIfNeeded: scopeValue)), Int64(s.rawValue) == scopeValue else {
            throw LDAPProtocolError(.invalidValue, "scope \(scopeValue) is not baseObject, singleLevel or wholeSubtree")
        }
        scope = s
        let d = try r.readInteger(BER.enumerated, "derefAliases")
        guard let da = DerefAliases(rawValue: Int(truncatingIfNeeded: d)), Int64(da.rawValue) == d else {
            throw LDAPProtocolError(.invalidValue, "derefAliases \(d) is out of range")
        }
        derefAliases = da
        sizeLimit = try r.readInt(in: 0...ldapMaxInt, "sizeLimit")
        timeLimit = try r.readInt(in: 0...ldapMaxInt, "timeLimit")
        typesOnly = try r.readBoolean("typesOnly")
        filter = try LDAPFilter(reading: &r, filterDepth: 1)
        var a = try r.readConstructed(BER.sequence, "attributes")
        attributes = try a.readStringList("attribute selector")
        try r.finish("SearchRequest")
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        buffer.writeBERString(baseObject.string)
        buffer.writeBERInteger(tag: BER.enumerated, Int64(scope.rawValue))
        buffer.writeBERInteger(tag: BER.enumerated, Int64(derefAliases.rawValue))
        buffer.writeBERInteger(Int64(sizeLimit))
        buffer.writeBERInteger(Int64(timeLimit))
        buffer.writeBERBoolean(typesOnly)
        filter.serialize(into: &buffer)
        buffer.writeBERElement(tag: BER.sequence) { b in for a in attributes { b.writeBERString(a) } }
    }
}

/// RFC 4511 §4.5.2.
///
/// ```
/// SearchResultEntry ::= [APPLICATION 4] SEQUENCE {
///      objectName      LDAPDN,
///      attributes      PartialAttributeList }
/// PartialAttributeList ::= SEQUENCE OF partialAttribute PartialAttribute
/// PartialAttribute ::= SEQUENCE {
///      type       AttributeDescription,
///      vals       SET OF value AttributeValue }
/// ```
public struct SearchResultEntry: LDAPOperation {
    public static let tag = BER.applicationConstructed(4)
    public var objectName: LDAPDN
    public var attributes: [LDAPAttribute]

    public init(objectName: LDAPDN, attributes: [LDAPAttribute]) {
        self.objectName = objectName
        self.attributes = attributes
    }

    /// The entry as an `LDAPEntry`.
    /// - Throws: `DistinguishedNameError` when the objectName is not a valid DN.
    public func entry() throws(DistinguishedNameError) -> LDAPEntry {
        LDAPEntry(dn: try objectName.distinguishedName(), attributes: attributes)
    }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        objectName = LDAPDN(string: try r.readString("objectName"))
        var list = try r.readConstructed(BER.sequence, "PartialAttributeList")
        try r.finish("SearchResultEntry")
        var attrs: [LDAPAttribute] = []
        while !list.isAtEnd {
            let (name, values) = try list.readAttribute("PartialAttribute")
            attrs.append(LDAPAttribute(name: name, values: values))
        }
        attributes = attrs
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        buffer.writeBERString(objectName.string)
        buffer.writeBERElement(tag: BER.sequence) { b in
            for a in attributes { b.writeLDAPAttribute(name: a.name, values: a.values) }
        }
    }

    /// Writes a whole `LDAPMessage` carrying a SearchResultEntry for `entry` straight into `buffer`,
    /// with no intermediate value or per-entry String: the hot path of a server answering a search.
    /// - Parameters:
    ///   - entry: the entry, already projected to the requested attributes.
    ///   - typesOnly: when true, attribute values are omitted (RFC 4511 §4.5.1.6).
    public static func serializeMessage(messageID: Int, entry: LDAPEntry, typesOnly: Bool = false, into buffer: inout ByteBuffer) {
        buffer.writeBERElement(tag: BER.sequence) { b in
            b.writeBERInteger(Int64(messageID))
            b.writeBERElement(tag: tag) { b in
                b.writeBERElement(tag: BER.octetString) { b in b.writeDistinguishedName(entry.dn) }
                b.writeBERElement(tag: BER.sequence) { b in
                    for a in entry.attributes {
                        b.writeLDAPAttribute(name: a.name, values: typesOnly ? [] : a.values)
                    }
                }
            }
        }
    }
}

/// RFC 4511 §4.5.2: `SearchResultDone ::= [APPLICATION 5] LDAPResult`.
public struct SearchResultDone: LDAPResultOperation {
    public static let tag = BER.applicationConstructed(5)
    public var result: LDAPResult
    public init(_ result: LDAPResult) { self.result = result }
}

/// RFC 4511 §4.5.2: `SearchResultReference ::= [APPLICATION 19] SEQUENCE SIZE (1..MAX) OF uri URI`.
public struct SearchResultReference: LDAPOperation {
    public static let tag = BER.applicationConstructed(19)
    public var uris: [String]
    public init(uris: [String]) { self.uris = uris }
    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        uris = try r.readStringList("reference URI")
        guard !uris.isEmpty else { throw LDAPProtocolError(.invalidValue, "SearchResultReference has no URI") }
    }
    public func serializeContents(into buffer: inout ByteBuffer) {
        for u in uris { buffer.writeBERString(u) }
    }
}

extension ByteBuffer {
    /// Writes the RFC 4514 string form of `dn` byte by byte (same escaping as
    /// `DistinguishedName.escape`), without building a String.
    public mutating func writeDistinguishedName(_ dn: DistinguishedName) {
        var firstRDN = true
        for rdn in dn.rdns {
            if !firstRDN { writeInteger(UInt8(ascii: ",")) }
            firstRDN = false
            var firstAVA = true
            for ava in rdn.attributes {
                if !firstAVA { writeInteger(UInt8(ascii: "+")) }
                firstAVA = false
                writeString(ava.type)
                writeInteger(UInt8(ascii: "="))
                let utf8 = ava.value.utf8
                let n = utf8.count
                var i = 0
                for b in utf8 {
                    switch b {
                    case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "\""), UInt8(ascii: "\\"),
                         UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ";"), UInt8(ascii: "="):
                        writeInteger(UInt8(ascii: "\\")); writeInteger(b)
                    case UInt8(ascii: "#") where i == 0:
                        writeInteger(UInt8(ascii: "\\")); writeInteger(b)
                    case UInt8(ascii: " ") where i == 0 || i == n - 1:
                        writeInteger(UInt8(ascii: "\\")); writeInteger(b)
                    case 0:
                        writeInteger(UInt8(ascii: "\\")); writeInteger(UInt8(ascii: "0")); writeInteger(UInt8(ascii: "0"))
                    default:
                        writeInteger(b)
                    }
                    i += 1
                }
            }
        }
    }
}
