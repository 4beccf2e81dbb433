// GVE — LDIF
// Reuses one String per distinct attribute description, so that a file of 100k entries with the same
// twenty attribute names allocates twenty names, not two million.

struct NameInterner: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64
        var bytes: [UInt8]
        var name: String
    }
    private var slots: [Slot?] = Array(repeating: nil, count: 1024)
    private var count = 0

    /// FNV-1a over the ASCII-lower-cased bytes: equal for names that differ only in case.
    @inline(__always)
    static func foldedHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            let l = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            h = (h ^ UInt64(l)) &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// The String for `bytes` (exact spelling), created once.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> String {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while let slot = slots[i] {
            if slot.hash == hash && slot.bytes.elementsEqual(bytes) { return slot.name }
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
    var i = 0
    for c in name.utf8 {
        guard i < bytes.count else { return false }
        let b = bytes[i]
        let l1 = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
        let l2 = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
        if l1 != l2 { return false }
        i += 1
    }
    return i == bytes.count
}
