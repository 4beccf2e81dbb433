// GVE — LDIF
// Reuses one String per distinct attribute description, so that a file of 100k entries with the same
// twenty attribute names allocates twenty names, not two million.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

struct NameInterner: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64
        var bytes: [UInt8]
        var name: String
    }
    private var slots: [Slot?] = Array(repeating: nil, count: 1024)
    private var count = 0

    /// A hash that is equal for attribute descriptions that differ only in case: built from the
    /// length and the first and last eight bytes with bit 0x20 set (which lower-cases letters and
    /// leaves digits, '-', '.' and ';' alone). Cheap on purpose: callers compare names on a match.
    @inline(__always)
    static func foldedHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8, let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let first = raw.loadUnaligned(as: UInt64.self) | 0x2020_2020_2020_2020
            let last = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) | 0x2020_2020_2020_2020
            h ^= first &* 0xBF58_476D_1CE4_E5B9
            h = (h ^ (h >> 29)) ^ (last &* 0x94D0_49BB_1331_11EB)
        } else {
            for b in bytes { h = (h ^ UInt64(b | 0x20)) &* 0x0000_0100_0000_01B3 }
        }
        return h ^ (h >> 31)
    }

    /// The String for `bytes` (exact spelling), created once.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> String {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while let slot = slots[i] {
            if slot.hash == hash && slot.bytes.count == bytes.count
                && slot.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                return slot.name
            }
            i = (i + 1) & mask
        }
        let name = String(decoding: bytes, as: UTF8.self)
        // Bounded: past half full, stop remembering (hostile input with many names stays cheap).
        if count < slots.count / 2 {
            slots[i] = Slot(hash: hash, bytes: Array(bytes), name: name)
            count += 1
        }
        return name
    }
}

/// ASCII case-insensitive comparison of a byte slice with a lower-case keyword.
@inline(__always)
func matchesKeyword(_ bytes: UnsafeBufferPointer<UInt8>, _ keyword: StaticString) -> Bool {
    guard bytes.count == keyword.utf8CodeUnitCount else { return false }
    let k = keyword.utf8Start
    for i in 0..<bytes.count {
        let b = bytes[i]
        let l = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
        if l != k[i] { return false }
    }
    return true
}

/// ASCII case-insensitive equality of a String and a byte slice.
@inline(__always)
func equalsIgnoringCase(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var name = name
    return name.withUTF8 { u in
        guard u.count == bytes.count else { return false }
        for i in 0..<u.count {
            let c = u[i], b = bytes[i]
            if c == b { continue }
            let l1 = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
            let l2 = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if l1 != l2 { return false }
        }
        return true
    }
}

/// ASCII case-insensitive equality of two byte slices.
@inline(__always)
func equalsIgnoringCase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count {
        let c = a[i], d = b[i]
        if c == d { continue }
        let l1 = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
        let l2 = (d >= 0x41 && d <= 0x5A) ? d | 0x20 : d
        if l1 != l2 { return false }
    }
    return true
}
