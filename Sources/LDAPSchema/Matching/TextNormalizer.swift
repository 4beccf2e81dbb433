// GVE — LDAPSchema
// String preparation for the directory-string matching rules (RFC 4518, simplified:
// insignificant space handling and case folding; Unicode case folding via String.lowercased()).
public import LDAPCore

enum TextNormalizer {
    /// Removes leading and trailing spaces, collapses inner runs of spaces to one, and folds case
    /// when asked. Returns the input itself (sharing its storage) when nothing changes.
    /// - Returns: nil for invalid UTF-8 or an empty value.
    static func directoryString(_ value: [UInt8], foldCase: Bool) -> [UInt8]? {
        guard !value.isEmpty else { return nil }
        var ascii = true
        var clean = true
        var prevSpace = true
        for b in value {
            if b >= 0x80 { ascii = false }
            if b == 0x20 {
                if prevSpace { clean = false }
                prevSpace = true
            } else {
                prevSpace = false
                if foldCase && b >= 0x41 && b <= 0x5A { clean = false }
            }
        }
        if prevSpace { clean = false }  // trailing space (or all spaces)
        if !ascii {
            guard String(validating: value, as: UTF8.self) != nil else { return nil }
        }
        if clean && ascii { return value }
        return collapse(value, foldCase: foldCase, trimLeading: true, trimTrailing: true)
    }

    /// Collapses runs of spaces, optionally trimming the ends and folding case.
    static func collapse(_ value: [UInt8], foldCase: Bool, trimLeading: Bool, trimTrailing: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var pendingSpace = false
        var started = false
        for b in value {
            if b == 0x20 {
                pendingSpace = true
                continue
            }
            if pendingSpace && (started || !trimLeading) { out.append(0x20) }
            pendingSpace = false
            started = true
            out.append(b)
        }
        if pendingSpace && (!trimTrailing || (!started && !trimLeading)) { out.append(0x20) }
        guard foldCase else { return out }
        if out.allSatisfy({ $0 < 0x80 }) { return foldASCII(out) }
        return Array(String(decoding: out, as: UTF8.self).lowercased().utf8)
    }

    /// ASCII lower-casing (bytes ≥ 0x80 untouched).
    static func foldASCII(_ value: [UInt8]) -> [UInt8] {
        guard value.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return value }
        return value.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }
}

/// DN normalization through LDAPCore's RFC 4514 parser.
enum DistinguishedNameParser {
    static func normalized(_ s: String) throws -> String {
        try DistinguishedName(s).normalized
    }
}
