// GVE — LDAPSchema
// INTEGER values (RFC 4517 §3.3.16) as byte strings whose byte order is numeric order.

/// Order-preserving encoding of arbitrary-size integers.
///
/// Non-negative: `0x02, digitCount, digits…`; negative: `0x01, 255 - digitCount, complemented digits…`.
/// Comparing two keys byte for byte gives the numeric order, so ordering indexes need no parsing.
public enum IntegerKey {
    /// Encodes an INTEGER value; nil when it does not follow RFC 4517's `Integer` production
    /// (optional `-`, no leading zeros, at most 254 digits).
    public static func encode(_ value: [UInt8]) -> [UInt8]? {
        var digits = value[...]
        var negative = false
        if digits.first == UInt8(ascii: "-") {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count < 255, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if digits.count > 1 && digits.first == 0x30 { return nil }
        if negative && digits == [0x30] { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + 2)
        if negative {
            out.append(0x01)
            out.append(UInt8(255 - digits.count))
            for d in digits { out.append(0x39 - d + 0x30) }
        } else {
            out.append(0x02)
            out.append(UInt8(digits.count))
            out.append(contentsOf: digits)
        }
        return out
    }

    /// Decodes a key back to an Int64 when it fits (used by integer bit matching rules).
    public static func int64(_ key: [UInt8]) -> Int64? {
        guard key.count >= 3, key.count <= 21 else { return nil }
        var n: Int64 = 0
        for d in key.dropFirst(2) {
            let digit = key[0] == 0x01 ? Int64(0x39 - d) : Int64(d - 0x30)
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            n = a
        }
        return key[0] == 0x01 ? -n : n
    }
}
