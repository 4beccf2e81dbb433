// GVE — Directory
// Compact binary encoding of entry records and mutations for the log and snapshots, and the
// CRC-32 (IEEE 802.3) that guards each record.
import LDAPCore

struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func blob(_ v: [UInt8]) { u32(UInt32(v.count)); bytes.append(contentsOf: v) }
    mutating func string(_ s: String) { blob(Array(s.utf8)) }

    mutating func record(_ r: EntryRecord) {
        u32(UInt32(r.dn.rdns.count))
        for rdn in r.dn.rdns {
            u32(UInt32(rdn.attributes.count))
            for ava in rdn.attributes { string(ava.type); string(ava.value) }
        }
        string(r.metadata.createTimestamp)
        string(r.metadata.modifyTimestamp)
        string(r.metadata.entryUUID)
        u32(UInt32(r.attributes.count))
        for a in r.attributes {
            string(a.name)
            u32(UInt32(a.values.count))
            for v in a.values { blob(v) }
        }
    }

    mutating func mutation(_ m: StateMutation) {
        switch m {
        case .put(let r): u8(1); record(r)
        case .delete(let dn): u8(2); string(dn)
        case .rename(let from, let r): u8(3); string(from); record(r)
        }
    }
}

/// A malformed record (only possible through corruption, since CRCs are checked first).
struct BinaryFormatError: Error, CustomStringConvertible {
    var offset: Int
    var reason: String
    var description: String { "malformed record at byte \(offset): \(reason)" }
}

struct BinaryReader {
    let bytes: [UInt8]
    var i: Int
    let end: Int

    init(_ bytes: [UInt8], from: Int = 0, to: Int? = nil) {
        self.bytes = bytes
        i = from
        end = to ?? bytes.count
    }

    var atEnd: Bool { i >= end }

    mutating func u8() throws(BinaryFormatError) -> UInt8 {
        guard i < end else { throw BinaryFormatError(offset: i, reason: "truncated") }
        defer { i += 1 }
        return bytes[i]
    }

    mutating func u32() throws(BinaryFormatError) -> UInt32 {
        guard end - i >= 4 else { throw BinaryFormatError(offset: i, reason: "truncated") }
        let v = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
        i += 4
        return v
    }

    mutating func u64() throws(BinaryFormatError) -> UInt64 {
        let lo = UInt64(try u32())
        let hi = UInt64(try u32())
        return lo | hi << 32
    }

    mutating func blob() throws(BinaryFormatError) -> [UInt8] {
        let n = Int(try u32())
        guard end - i >= n else { throw BinaryFormatError(offset: i, reason: "truncated value") }
        defer { i += n }
        return Array(bytes[i..<(i + n)])
    }

    mutating func string() throws(BinaryFormatError) -> String {
        let n = Int(try u32())
        guard end - i >= n else { throw BinaryFormatError(offset: i, reason: "truncated string") }
        defer { i += n }
        return String(decoding: bytes[i..<(i + n)], as: UTF8.self)
    }

    mutating func record() throws(BinaryFormatError) -> EntryRecord {
        let rdnCount = Int(try u32())
        guard rdnCount <= end - i else { throw BinaryFormatError(offset: i, reason: "bad RDN count") }
        var rdns: [RelativeDistinguishedName] = []
        rdns.reserveCapacity(rdnCount)
        for _ in 0..<rdnCount {
            let n = Int(try u32())
            guard n >= 1, n <= end - i else { throw BinaryFormatError(offset: i, reason: "bad AVA count") }
            var avas: [AttributeTypeAndValue] = []
            for _ in 0..<n { avas.append(AttributeTypeAndValue(type: try string(), value: try string())) }
            rdns.append(RelativeDistinguishedName(avas))
        }
        let dn = DistinguishedName(rdns)
        let meta = EntryMetadata(createTimestamp: try string(), modifyTimestamp: try string(), entryUUID: try string())
        let n = Int(try u32())
        var attrs: [LDAPAttribute] = []
        attrs.reserveCapacity(n)
        for _ in 0..<n {
            let name = try string()
            let c = Int(try u32())
            var values: [[UInt8]] = []
            values.reserveCapacity(c)
            for _ in 0..<c { values.append(try blob()) }
            attrs.append(LDAPAttribute(name: name, values: values))
        }
        return EntryRecord(dn: dn, attributes: attrs, metadata: meta)
    }

    mutating func mutation() throws(BinaryFormatError) -> StateMutation {
        switch try u8() {
        case 1: return .put(try record())
        case 2: return .delete(normalizedDN: try string())
        case 3: return .rename(fromNormalizedDN: try string(), to: try record())
        case let t: throw BinaryFormatError(offset: i - 1, reason: "unknown mutation tag \(t)")
        }
    }
}

/// CRC-32 (IEEE 802.3 polynomial, reflected), as used by zlib and Ethernet; eight bytes per step
/// with eight tables ("slicing-by-8").
enum CRC32 {
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[n] = c
        }
        for n in 0..<256 {
            for k in 1..<8 { t[k * 256 + n] = (t[(k - 1) * 256 + n] >> 8) ^ t[Int(t[(k - 1) * 256 + n] & 0xFF)] }
        }
        return t
    }()

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        tables.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { p in
                var i = 0
                let n = p.count
                while n - i >= 8 {
                    let lo = c ^ (UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24)
                    let hi = UInt32(p[i + 4]) | UInt32(p[i + 5]) << 8 | UInt32(p[i + 6]) << 16 | UInt32(p[i + 7]) << 24
                    c = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                        ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                        ^ t[256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                    i += 8
                }
                while i < n {
                    c = t[Int((c ^ UInt32(p[i])) & 0xFF)] ^ (c >> 8)
                    i += 1
                }
            }
        }
        return c ^ 0xFFFF_FFFF
    }
}
