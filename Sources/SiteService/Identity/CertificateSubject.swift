// GVE — SiteService
// A certificate subject DN in the grid's one-line form (`/DC=org/DC=example/CN=Alice`), parsed from that form, from
// RFC 4514 (`CN=Alice,DC=example,DC=org`) or from an X.509 certificate, and normalised so the three compare equal.
import Foundation
import LDAPCore

/// A certificate subject distinguished name, normalised for mapping certificates to users.
///
/// The canonical text is the OpenSSL one-line form grid middleware uses in grid-mapfiles: the most significant RDN
/// first, each RDN introduced by `/` (`/DC=org/DC=example/CN=Alice`). Attribute types are written with their usual
/// short names whatever case or OID they were given in (`cn`, `2.5.4.3` → `CN`); values are compared exactly, after
/// RFC 4514 unescaping and trimming of surrounding spaces.
public struct CertificateSubject: Sendable, Hashable, CustomStringConvertible {
    /// The RDNs, most significant first; each RDN is one or more (type, value) pairs.
    public let rdns: [[(type: String, value: String)]]

    /// The normalised one-line form, e.g. `/DC=org/DC=example/CN=Alice`.
    public let gridForm: String

    public var description: String { gridForm }

    public static func == (a: CertificateSubject, b: CertificateSubject) -> Bool { a.gridForm == b.gridForm }
    public func hash(into hasher: inout Hasher) { hasher.combine(gridForm) }

    /// Short names for the attribute types certificates use (RFC 4519, RFC 4514 §3, PKCS #9), by OID and by
    /// lower-cased name.
    static let shortNames: [String: String] = {
        var m: [String: String] = [:]
        for (oid, names) in [
            ("2.5.4.3", ["CN", "commonName"]), ("2.5.4.6", ["C", "countryName"]), ("2.5.4.7", ["L", "localityName"]),
            ("2.5.4.8", ["ST", "stateOrProvinceName"]), ("2.5.4.10", ["O", "organizationName"]),
            ("2.5.4.11", ["OU", "organizationalUnitName"]), ("2.5.4.9", ["STREET", "streetAddress"]),
            ("0.9.2342.19200300.100.1.25", ["DC", "domainComponent"]), ("0.9.2342.19200300.100.1.1", ["UID", "userid"]),
            ("1.2.840.113549.1.9.1", ["emailAddress", "E", "email"]), ("2.5.4.5", ["serialNumber"]),
            ("2.5.4.4", ["SN", "surname"]), ("2.5.4.42", ["GN", "givenName"]), ("2.5.4.12", ["title"]),
        ] {
            m[oid] = names[0]
            for n in names { m[n.lowercased()] = names[0] }
        }
        return m
    }()

    /// The canonical name of an attribute type given as a name or a dotted OID (an unknown one is kept as given,
    /// an OID without its `OID.` prefix).
    static func canonicalType(_ type: String) -> String {
        var t = type.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasPrefix("oid.") { t = String(t.dropFirst(4)) }
        return shortNames[t.lowercased()] ?? shortNames[t] ?? t
    }

    init(rdns: [[(type: String, value: String)]]) {
        let normalised = rdns.map { rdn in
            rdn.map { (type: Self.canonicalType($0.type), value: $0.value.trimmingCharacters(in: .whitespaces)) }
        }
        self.rdns = normalised
        gridForm = normalised.map { "/" + $0.map { "\($0.type)=\($0.value)" }.joined(separator: "+") }.joined()
    }

    /// Parses a subject given in the one-line form (`/DC=org/CN=Alice`, starting with `/`) or in RFC 4514 form
    /// (`CN=Alice,DC=org`, least significant first).
    /// - Throws: SiteError `.invalidRequest` naming `subjectDN` and what is wrong.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SiteError.invalid("subjectDN", "must not be empty") }
        guard trimmed.utf8.count <= 4096 else { throw SiteError.invalid("subjectDN", "is longer than 4096 bytes") }
        var rdns: [[(type: String, value: String)]] = []
        if trimmed.hasPrefix("/") {
            // One-line form. A '/' inside a value cannot be told from a separator unless the next part has no '=',
            // so such a part is joined to the value before it (as OpenSSL prints `CN=host/name`).
            for part in trimmed.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
                if !part.contains("="), var last = rdns.popLast(), !last.isEmpty {
                    last[last.count - 1].value += "/" + part
                    rdns.append(last)
                    continue
                }
                var rdn: [(type: String, value: String)] = []
                for ava in part.split(separator: "+", omittingEmptySubsequences: false) {
                    guard let eq = ava.firstIndex(of: "="), eq != ava.startIndex else {
                        throw SiteError.invalid("subjectDN", "'\(ava)' in \(trimmed) is not TYPE=VALUE")
                    }
                    rdn.append((String(ava[..<eq]), String(ava[ava.index(after: eq)...])))
                }
                rdns.append(rdn)
            }
        } else {
            let dn: DistinguishedName
            do {
                dn = try DistinguishedName(trimmed)
            } catch {
                throw SiteError.invalid("subjectDN", "\(error) (give /DC=org/CN=Name or RFC 4514 CN=Name,DC=org)")
            }
            rdns = dn.rdns.reversed().map { $0.attributes.map { (type: $0.type, value: $0.value) } }
        }
        guard !rdns.isEmpty, rdns.allSatisfy({ $0.allSatisfy { !$0.type.isEmpty } }) else {
            throw SiteError.invalid("subjectDN", "'\(trimmed)' has no attribute")
        }
        self.init(rdns: rdns)
    }

    /// The subject of an X.509 certificate.
    /// - Parameter certificateDER: the DER bytes of the certificate.
    /// - Throws: SiteError `.authenticationFailed` when the bytes are not a certificate.
    public init(certificateDER: [UInt8]) throws {
        guard let rdns = CertificateSubjectDecoder.subject(of: certificateDER) else {
            throw SiteError(.authenticationFailed, "client certificate cannot be parsed")
        }
        self.init(rdns: rdns)
    }
}

/// Reads the subject Name out of a DER certificate (RFC 5280 §4.1; X.690 DER). Only the TLV framing down to the
/// subject is walked; everything else is skipped. Returns nil on anything malformed.
enum CertificateSubjectDecoder {
    struct TLV { var tag: UInt8; var body: ArraySlice<UInt8>; var end: Int }

    /// One DER TLV at `offset` (definite lengths of at most 4 bytes, as DER requires).
    static func tlv(_ bytes: ArraySlice<UInt8>, at offset: Int) -> TLV? {
        guard offset + 2 <= bytes.endIndex else { return nil }
        let tag = bytes[offset]
        var length = Int(bytes[offset + 1])
        var start = offset + 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard (1...4).contains(count), start + count <= bytes.endIndex else { return nil }
            length = bytes[start..<(start + count)].reduce(0) { $0 << 8 | Int($1) }
            start += count
        }
        guard length >= 0, start + length <= bytes.endIndex else { return nil }
        return TLV(tag: tag, body: bytes[start..<(start + length)], end: start + length)
    }

    /// The TLVs directly inside a constructed value.
    static func children(_ body: ArraySlice<UInt8>) -> [TLV]? {
        var out: [TLV] = []
        var offset = body.startIndex
        while offset < body.endIndex {
            guard let t = tlv(body, at: offset) else { return nil }
            out.append(t)
            offset = t.end
        }
        return out
    }

    /// Dotted form of an OBJECT IDENTIFIER body (X.690 §8.19).
    static func oid(_ body: ArraySlice<UInt8>) -> String? {
        var arcs: [UInt64] = []
        var value: UInt64 = 0
        for byte in body {
            guard value < (1 << 56) else { return nil }
            value = value << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { arcs.append(value); value = 0 }
        }
        guard let first = arcs.first, body.last.map({ $0 & 0x80 == 0 }) == true else { return nil }
        let head: [UInt64] = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80]
        return (head + arcs.dropFirst()).map(String.init).joined(separator: ".")
    }

    /// Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer,
    /// validity, subject, … }, … } — the subject's RDNs, most significant first.
    static func subject(of der: [UInt8]) -> [[(type: String, value: String)]]? {
        guard let certificate = tlv(der[...], at: 0), certificate.tag == 0x30, let parts = children(certificate.body),
              let tbs = parts.first, tbs.tag == 0x30, var fields = children(tbs.body) else { return nil }
        if fields.first?.tag == 0xA0 { fields.removeFirst() }  // explicit [0] version
        guard fields.count >= 5, fields[4].tag == 0x30, let rdnSets = children(fields[4].body) else { return nil }
        var rdns: [[(type: String, value: String)]] = []
        for set in rdnSets {
            guard set.tag == 0x31, let attributes = children(set.body) else { return nil }
            var rdn: [(type: String, value: String)] = []
            for attribute in attributes {
                guard attribute.tag == 0x30, let pair = children(attribute.body), pair.count == 2, pair[0].tag == 0x06,
                      let type = oid(pair[0].body) else { return nil }
                let value: String
                switch pair[1].tag {
                case 0x0C, 0x13, 0x16, 0x14, 0x1A:  // UTF8String, PrintableString, IA5String, TeletexString, VisibleString
                    value = String(decoding: pair[1].body, as: UTF8.self)
                case 0x1E:  // BMPString: UTF-16BE
                    let units = stride(from: pair[1].body.startIndex, to: pair[1].body.endIndex - 1, by: 2).map {
                        UInt16(pair[1].body[$0]) << 8 | UInt16(pair[1].body[$0 + 1])
                    }
                    value = String(decoding: units, as: UTF16.self)
                default:
                    value = "#" + pair[1].body.map { String(format: "%02x", $0) }.joined()
                }
                rdn.append((CertificateSubject.canonicalType(type), value))
            }
            rdns.append(rdn)
        }
        return rdns
    }
}
