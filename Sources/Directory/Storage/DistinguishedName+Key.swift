// GVE — Directory
// A fast normalized form of DNs, used as the key of the DN index: types lower-cased, values
// case-folded with insignificant spaces removed and escaped canonically, multi-valued RDNs sorted
// (the same rules as LDAPCore's `normalized`, computed on bytes with an ASCII fast path).
import LDAPCore

extension DistinguishedName {
    /// The DN index key.
    var key: String {
        var out: [UInt8] = []
        out.reserveCapacity(96)
        for (i, rdn) in rdns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            rdn.appendKey(to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension RelativeDistinguishedName {
    func appendKey(to out: inout [UInt8]) {
        if attributes.count == 1 {
            Self.appendAVA(attributes[0], to: &out)
            return
        }
        var parts: [[UInt8]] = attributes.map { ava in
            var p: [UInt8] = []
            Self.appendAVA(ava, to: &p)
            return p
        }
        parts.sort { $0.lexicographicallyPrecedes($1) }
        for (i, p) in parts.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "+")) }
            out.append(contentsOf: p)
        }
    }

    static func appendAVA(_ ava: AttributeTypeAndValue, to out: inout [UInt8]) {
        for b in ava.type.utf8 { out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        out.append(UInt8(ascii: "="))
        let value = ava.value.utf8
        guard value.allSatisfy({ $0 < 0x80 }) else {
            out.append(contentsOf: DistinguishedName.escape(DistinguishedName.normalizeValue(ava.value)).utf8)
            return
        }
        // Trim, collapse spaces, fold case, escape (RFC 4514 §2.4).
        var pendingSpace = false
        var first = true
        for b in value {
            if b == 0x20 { pendingSpace = !first; continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            switch b {
            case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"),
                 UInt8(ascii: ">"), UInt8(ascii: ";"), UInt8(ascii: "="):
                out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "#") where first:
                out.append(UInt8(ascii: "\\")); out.append(b)
            case 0:
                out.append(contentsOf: Array("\\00".utf8))
            default:
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            }
            first = false
        }
    }
}
