// GVE — Aggregation
// A fast canonical key for DNs, computed over UTF-8 bytes: the cycle computes one per entry, and
// DistinguishedName.normalized (Character-based) dominated cycle time.
//
// Two DNs get the same key exactly when they name the same entry under the caseIgnoreMatch rules GLUE
// uses for naming attributes: attribute types and values case-folded, runs of spaces in values
// collapsed, leading and trailing spaces dropped, multi-valued RDNs sorted.

public import LDAPCore

/// Canonical DN keys.
public enum DNKey {
    /// The canonical key of a DN.
    public static func of(_ dn: DistinguishedName) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(dn.rdns.count * 32)
        for (i, rdn) in dn.rdns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if rdn.attributes.count == 1 {
                append(rdn.attributes[0], to: &out)
            } else {
                var parts: [[UInt8]] = rdn.attributes.map { var p: [UInt8] = []; append($0, to: &p); return p }
                parts.sort { $0.lexicographicallyPrecedes($1) }
                for (j, p) in parts.enumerated() {
                    if j > 0 { out.append(UInt8(ascii: "+")) }
                    out += p
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func append(_ ava: AttributeTypeAndValue, to out: inout [UInt8]) {
        for b in ava.type.utf8 { out.append(lower(b)) }
        out.append(UInt8(ascii: "="))
        let ascii = ava.value.utf8.allSatisfy { $0 < 0x80 }
        let value = ascii ? ava.value : DistinguishedName.normalizeValue(ava.value)
        var pendingSpace = false
        var first = true
        for b in value.utf8 {
            if b == 0x20 { pendingSpace = !first; continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            switch b {
            case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"),
                 UInt8(ascii: ">"), UInt8(ascii: ";"), UInt8(ascii: "="):
                out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "#") where first:
                out.append(UInt8(ascii: "\\")); out.append(b)
            case 0:
                out += Array("\\00".utf8)
            default:
                out.append(ascii ? lower(b) : b)
            }
            first = false
        }
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    /// ASCII case-insensitive equality of two attribute names (no allocation).
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        for (x, y) in zip(a.utf8, b.utf8) where lower(x) != lower(y) { return false }
        return true
    }
}
