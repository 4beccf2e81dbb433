// GVE — LDAPCore
// Distinguished names per RFC 4514: parsing, printing and a normalised form for comparison.

/// One attribute type and value of a relative distinguished name (`GLUE2ServiceID=urn:...`).
public struct AttributeTypeAndValue: Sendable, Hashable, CustomStringConvertible {
    /// The attribute type as written (`GLUE2ServiceID`), or a dotted OID.
    public var type: String
    /// The unescaped value.
    public var value: String

    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }

    /// RFC 4514 string form with the value escaped.
    public var description: String { "\(type)=\(DistinguishedName.escape(value))" }
}

/// A relative distinguished name: one or more `type=value` pairs joined by `+`.
public struct RelativeDistinguishedName: Sendable, Hashable, CustomStringConvertible {
    public var attributes: [AttributeTypeAndValue]

    public init(_ attributes: [AttributeTypeAndValue]) { self.attributes = attributes }
    public init(type: String, value: String) { self.attributes = [.init(type: type, value: value)] }

    public var description: String { attributes.map(\.description).joined(separator: "+") }

    /// Lower-cased type and value, sorted: the key under which two RDNs compare equal
    /// for the case-insensitive matching rules GLUE uses for naming attributes.
    public var normalized: String {
        attributes.map { "\($0.type.lowercased())=\(DistinguishedName.escape(DistinguishedName.normalizeValue($0.value)))" }
            .sorted().joined(separator: "+")
    }
}

/// A distinguished name, most specific RDN first (`GLUE2ServiceID=x,GLUE2GroupID=resource,o=glue`).
public struct DistinguishedName: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// RDNs, leaf first. The empty array is the root DSE's DN ("").
    public var rdns: [RelativeDistinguishedName]

    public init(_ rdns: [RelativeDistinguishedName]) { self.rdns = rdns }

    /// The root ("") DN.
    public static let root = DistinguishedName([])

    /// Parses an RFC 4514 string.
    /// - Throws: ``DistinguishedNameError`` naming the offset of the first bad character.
    public init(_ string: String) throws(DistinguishedNameError) {
        var parser = DNParser(string)
        self.rdns = try parser.parse()
    }

    public var description: String { rdns.map(\.description).joined(separator: ",") }

    /// Normalised form: case-folded, whitespace-trimmed, escaped canonically. Two DNs name the same
    /// entry when their normalised forms are equal.
    public var normalized: String { rdns.map(\.normalized).joined(separator: ",") }

    public var isRoot: Bool { rdns.isEmpty }
    /// The leaf RDN.
    public var rdn: RelativeDistinguishedName? { rdns.first }
    /// The parent DN (root's parent is nil).
    public var parent: DistinguishedName? { rdns.isEmpty ? nil : DistinguishedName(Array(rdns.dropFirst())) }

    /// A child of this DN.
    public func child(_ rdn: RelativeDistinguishedName) -> DistinguishedName { DistinguishedName([rdn] + rdns) }
    public func child(type: String, value: String) -> DistinguishedName { child(RelativeDistinguishedName(type: type, value: value)) }

    /// True when `self` equals `other` or lies below it.
    public func isDescendant(of other: DistinguishedName) -> Bool {
        guard rdns.count >= other.rdns.count else { return false }
        return zip(rdns.suffix(other.rdns.count), other.rdns).allSatisfy { $0.normalized == $1.normalized }
    }

    /// Replaces the suffix `old` by `new` (used to rewrite `o=glue` trees into site and top-level layouts).
    public func rebased(from old: DistinguishedName, to new: DistinguishedName) -> DistinguishedName? {
        guard isDescendant(of: old) else { return nil }
        return DistinguishedName(Array(rdns.prefix(rdns.count - old.rdns.count)) + new.rdns)
    }

    public static func == (lhs: DistinguishedName, rhs: DistinguishedName) -> Bool { lhs.normalized == rhs.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }
    public static func < (lhs: DistinguishedName, rhs: DistinguishedName) -> Bool { lhs.normalized < rhs.normalized }

    /// Escapes a value for RFC 4514 string form.
    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        let chars = Array(value)
        for (i, c) in chars.enumerated() {
            switch c {
            case ",", "+", "\"", "\\", "<", ">", ";", "=":
                out.append("\\"); out.append(c)
            case "#" where i == 0, " " where i == 0 || i == chars.count - 1:
                out.append("\\"); out.append(c)
            case "\0":
                out.append("\\00")
            default:
                out.append(c)
            }
        }
        return out
    }

    /// Case-folds and collapses inner whitespace, as caseIgnoreMatch does.
    public static func normalizeValue(_ value: String) -> String {
        var out = ""
        var pendingSpace = false
        for c in value.lowercased() {
            if c == " " { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(c)
        }
        return out
    }
}

/// A DN string that does not follow RFC 4514.
public struct DistinguishedNameError: Error, Sendable, Equatable, CustomStringConvertible {
    public var input: String
    public var offset: Int
    public var reason: String
    public var description: String { "invalid DN \"\(input)\" at offset \(offset): \(reason)" }
}

struct DNParser {
    let input: String
    let bytes: [UInt8]
    var i = 0

    init(_ input: String) {
        self.input = input
        self.bytes = Array(input.utf8)
    }

    func fail(_ reason: String) -> DistinguishedNameError { .init(input: input, offset: i, reason: reason) }

    mutating func skipSpaces() { while i < bytes.count, bytes[i] == 0x20 { i += 1 } }

    mutating func parse() throws(DistinguishedNameError) -> [RelativeDistinguishedName] {
        skipSpaces()
        if i == bytes.count { return [] }
        var rdns: [RelativeDistinguishedName] = []
        while true {
            var avas: [AttributeTypeAndValue] = []
            while true {
                avas.append(try parseAVA())
                skipSpaces()
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") { i += 1; continue }
                break
            }
            rdns.append(RelativeDistinguishedName(avas))
            if i == bytes.count { return rdns }
            if bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: ";") { i += 1; continue }
            throw fail("expected ',' or '+'")
        }
    }

    mutating func parseAVA() throws(DistinguishedNameError) -> AttributeTypeAndValue {
        skipSpaces()
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "="), bytes[i] != 0x20 {
            let b = bytes[i]
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
            guard ok else { throw fail("invalid character in attribute type") }
            i += 1
        }
        guard i > start else { throw fail("missing attribute type") }
        let type = String(decoding: bytes[start..<i], as: UTF8.self)
        skipSpaces()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw fail("expected '=' after attribute type") }
        i += 1
        skipSpaces()
        if i < bytes.count, bytes[i] == UInt8(ascii: "#") {
            // hexstring form: keep it literally (BER-encoded value).
            let s = i
            i += 1
            while i < bytes.count, isHex(bytes[i]) { i += 1 }
            return .init(type: type, value: String(decoding: bytes[s..<i], as: UTF8.self))
        }
        var value: [UInt8] = []
        var lastNonSpace = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "+") || b == UInt8(ascii: ";") { break }
            if b == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { throw fail("dangling escape") }
                if isHex(bytes[i]) {
                    guard i + 1 < bytes.count, isHex(bytes[i + 1]) else { throw fail("bad hex escape") }
                    value.append(hexValue(bytes[i]) << 4 | hexValue(bytes[i + 1]))
                    i += 2
                } else if " \"#+,;<=>\\".utf8.contains(bytes[i]) {
                    value.append(bytes[i]); i += 1
                } else {
                    throw fail("'\\' must precede a special character or two hex digits")
                }
                lastNonSpace = value.count
                continue
            }
            if b == UInt8(ascii: "\"") { throw fail("unescaped '\"' in value") }
            value.append(b)
            i += 1
            if b != 0x20 { lastNonSpace = value.count }
        }
        value.removeSubrange(lastNonSpace...)
        return .init(type: type, value: String(decoding: value, as: UTF8.self))
    }

    func isHex(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66) }
    func hexValue(_ b: UInt8) -> UInt8 { b <= 0x39 ? b - 0x30 : (b | 0x20) - 0x61 + 10 }
}
