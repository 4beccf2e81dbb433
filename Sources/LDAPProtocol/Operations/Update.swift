// GVE — LDAPProtocol
// The update operations: Modify, Add, Delete, ModifyDN, and Compare (RFC 4511 §4.6–4.10).

public import LDAPCore
public import NIOCore

/// RFC 4511 §4.6.
///
/// ```
/// ModifyRequest ::= [APPLICATION 6] SEQUENCE {
///      object          LDAPDN,
///      changes         SEQUENCE OF change SEQUENCE {
///           operation       ENUMERATED { add (0), delete (1), replace (2), ...  },
///           modification    PartialAttribute } }
/// ```
/// `increment (3)` of RFC 4525 is accepted too.
public struct ModifyRequest: LDAPOperation {
    public static let tag = BER.applicationConstructed(6)
    public var object: LDAPDN
    public var changes: [LDAPModification]

    public init(object: LDAPDN, changes: [LDAPModification]) {
        self.object = object
        self.changes = changes
    }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        object = LDAPDN(string: try r.readString("modify object"))
        var list = try r.readConstructed(BER.sequence, "changes")
        try r.finish("ModifyRequest")
        var out: [LDAPModification] = []
        while !list.isAtEnd {
            var change = try list.readConstructed(BER.sequence, "change")
            let op = try change.readInteger(BER.enumerated, "modify operation")
            guard let operation = LDAPModification.Operation(rawValue: Int(truncatingIfNeeded: op)), Int64(operation.rawValue) == op else {
                throw LDAPProtocolError(.invalidValue, "modify operation \(op) is not add, delete, replace or increment")
            }
            let (name, values) = try change.readAttribute("modification")
            try change.finish("change")
            out.append(LDAPModification(operation, LDAPAttribute(name: name, values: values)))
        }
        changes = out
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        buffer.writeBERString(object.string)
        buffer.writeBERElement(tag: BER.sequence) { b in
            for c in changes {
                b.writeBERElement(tag: BER.sequence) { b in
                    b.writeBERInteger(tag: BER.enumerated, Int64(c.operation.rawValue))
                    b.writeLDAPAttribute(name: c.attribute.name, values: c.attribute.values)
                }
            }
        }
    }
}

/// RFC 4511 §4.6: `ModifyResponse ::= [APPLICATION 7] LDAPResult`.
public struct ModifyResponse: LDAPResultOperation {
    public static let tag = BER.applicationConstructed(7)
    public var result: LDAPResult
    public init(_ result: LDAPResult) { self.result = result }
}

/// RFC 4511 §4.7.
///
/// ```
/// AddRequest ::= [APPLICATION 8] SEQUENCE {
///      entry           LDAPDN,
///      attributes      AttributeList }
/// AttributeList ::= SEQUENCE OF attribute Attribute
/// ```
public struct AddRequest: LDAPOperation {
    public static let tag = BER.applicationConstructed(8)
    public var entry: LDAPDN
    public var attributes: [LDAPAttribute]

    public init(entry: LDAPDN, attributes: [LDAPAttribute]) {
        self.entry = entry
        self.attributes = attributes
    }

    /// An AddRequest for a whole entry.
    public init(_ entry: LDAPEntry) { self.init(entry: LDAPDN(entry.dn), attributes: entry.attributes) }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        entry = LDAPDN(string: try r.readString("add entry"))
        var list = try r.readConstructed(BER.sequence, "AttributeList")
        try r.finish("AddRequest")
        var attrs: [LDAPAttribute] = []
        while !list.isAtEnd {
            let (name, values) = try list.readAttribute("Attribute")
            attrs.append(LDAPAttribute(name: name, values: values))
        }
        attributes = attrs
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        buffer.writeBERString(entry.string)
        buffer.writeBERElement(tag: BER.sequence) { b in
            for a in attributes { b.writeLDAPAttribute(name: a.name, values: a.values) }
        }
    }
}

/// RFC 4511 §4.7: `AddResponse ::= [APPLICATION 9] LDAPResult`.
public struct AddResponse: LDAPResultOperation {
    public static let tag = BER.applicationConstructed(9)
    public var result: LDAPResult
    public init(_ result: LDAPResult) { self.result = result }
}

/// RFC 4511 §4.8: `DelRequest ::= [APPLICATION 10] LDAPDN`.
public struct DelRequest: LDAPOperation {
    public static let tag = BER.application(10)
    public var entry: LDAPDN
    public init(entry: LDAPDN) { self.entry = entry }
    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        entry = LDAPDN(string: try BERReader.string(contents.buffer, "DelRequest"))
    }
    public func serializeContents(into buffer: inout ByteBuffer) { buffer.writeString(entry.string) }
}

/// RFC 4511 §4.8: `DelResponse ::= [APPLICATION 11] LDAPResult`.
public struct DelResponse: LDAPResultOperation {
    public static let tag = BER.applicationConstructed(11)
    public var result: LDAPResult
    public init(_ result: LDAPResult) { self.result = result }
}

/// RFC 4511 §4.9.
///
/// ```
/// ModifyDNRequest ::= [APPLICATION 12] SEQUENCE {
///      entry           LDAPDN,
///      newrdn          RelativeLDAPDN,
///      deleteoldrdn    BOOLEAN,
///      newSuperior     [0] LDAPDN OPTIONAL }
/// ```
public struct ModifyDNRequest: LDAPOperation {
    public static let tag = BER.applicationConstructed(12)
    public var entry: LDAPDN
    /// `RelativeLDAPDN ::= LDAPString -- Constrained to <name-component> [RFC4514]`.
    public var newRDN: String
    public var deleteOldRDN: Bool
    public var newSuperior: LDAPDN?

    public init(entry: LDAPDN, newRDN: String, deleteOldRDN: Bool, newSuperior: LDAPDN? = nil) {
        self.entry = entry
        self.newRDN = newRDN
        self.deleteOldRDN = deleteOldRDN
        self.newSuperior = newSuperior
    }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        entry = LDAPDN(string: try r.readString("modifyDN entry"))
        newRDN = try r.readString("newrdn")
        deleteOldRDN = try r.readBoolean("deleteoldrdn")
        newSuperior = try r.readOptional(BER.context(0), "newSuperior").map { (b) throws(LDAPProtocolError) in
            LDAPDN(string: try BERReader.string(b, "newSuperior"))
        }
        try r.finish("ModifyDNRequest")
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        buffer.writeBERString(entry.string)
        buffer.writeBERString(newRDN)
        buffer.writeBERBoolean(deleteOldRDN)
        if let newSuperior { buffer.writeBERString(tag: BER.context(0), newSuperior.string) }
    }
}

/// RFC 4511 §4.9: `ModifyDNResponse ::= [APPLICATION 13] LDAPResult`.
public struct ModifyDNResponse: LDAPResultOperation {
    public static let tag = BER.applicationConstructed(13)
    public var result: LDAPResult
    public init(_ result: LDAPResult) { self.result = result }
}

/// RFC 4511 §4.10.
///
/// ```
/// CompareRequest ::= [APPLICATION 14] SEQUENCE {
///      entry           LDAPDN,
///      ava             AttributeValueAssertion }
/// AttributeValueAssertion ::= SEQUENCE {
///      attributeDesc   AttributeDescription,
///      assertionValue  AssertionValue }
/// ```
public struct CompareRequest: LDAPOperation {
    public static let tag = BER.applicationConstructed(14)
    public var entry: LDAPDN
    public var attribute: String
    public var value: [UInt8]

    public init(entry: LDAPDN, attribute: String, value: [UInt8]) {
        self.entry = entry
        self.attribute = attribute
        self.value = value
    }

    public init(ber contents: BERReader) throws(LDAPProtocolError) {
        var r = contents
        entry = LDAPDN(string: try r.readString("compare entry"))
        var ava = try r.readConstructed(BER.sequence, "AttributeValueAssertion")
        try r.finish("CompareRequest")
        attribute = try ava.readString("attributeDesc")
        value = try ava.readOctets("assertionValue")
        try ava.finish("AttributeValueAssertion")
    }

    public func serializeContents(into buffer: inout ByteBuffer) {
        buffer.writeBERString(entry.string)
        buffer.writeBERElement(tag: BER.sequence) { b in
            b.writeBERString(attribute)
            b.writeBEROctets(value)
        }
    }
}

/// RFC 4511 §4.10: `CompareResponse ::= [APPLICATION 15] LDAPResult`.
public struct CompareResponse: LDAPResultOperation {
    public static let tag = BER.applicationConstructed(15)
    public var result: LDAPResult
    public init(_ result: LDAPResult) { self.result = result }
}
