// GVE — Directory
// The few BER rules (X.690 §8.1) the stored entry format needs: tag, definite length in the
// shortest form, contents. The directory writes the PartialAttributeList of every entry once, at
// write time, and reads values back from it.

/// BER element writing and reading over byte arrays.
enum BERBytes {
    static let octetString: UInt8 = 0x04
    static let sequence: UInt8 = 0x30
    static let set: UInt8 = 0x31

    /// Bytes taken by a definite length field for `length`.
    @inline(__always) static func lengthSize(_ length: Int) -> Int {
        length < 0x80 ? 1 : length <= 0xFF ? 2 : length <= 0xFFFF ? 3 : length <= 0xFF_FFFF ? 4 : 5
    }

    /// Bytes of a whole element with `length` content bytes.
    @inline(__always) static func elementSize(_ length: Int) -> Int { 1 + lengthSize(length) + length }

    /// Appends a tag and a definite length.
    @inline(__always) static func appendHeader(_ tag: UInt8, _ length: Int, to out: inout [UInt8]) {
        out.append(tag)
        if length < 0x80 {
            out.append(UInt8(length))
            return
        }
        let extra = lengthSize(length) - 1
        out.append(0x80 | UInt8(extra))
        for i in stride(from: extra - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: length >> (8 * i))) }
    }

    /// Appends an OCTET STRING.
    @inline(__always) static func appendOctetString<C: Collection>(_ bytes: C, to out: inout [UInt8]) where C.Element == UInt8 {
        appendHeader(octetString, bytes.count, to: &out)
        out.append(contentsOf: bytes)
    }

    /// The content length of the element at `i` and the size of its tag and length fields. Only
    /// reads what this module wrote (definite lengths up to four bytes).
    @inline(__always) static func length(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, header: Int) {
        let first = p[i + 1]
        if first < 0x80 { return (Int(first), 2) }
        let extra = Int(first & 0x7F)
        var n = 0
        for k in 0..<extra { n = n << 8 | Int(p[i + 2 + k]) }
        return (n, 2 + extra)
    }

    /// The size of the tag and length fields of the element at `i`.
    static func headerLength(_ data: [UInt8], at i: Int) -> Int {
        data.withUnsafeBufferPointer { length($0, at: i).header }
    }
}
