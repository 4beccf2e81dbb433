// GVE — LDAPProtocol
// BER writing straight into a ByteBuffer: contents are written in place and the length is fixed up
// afterwards, so no intermediate buffer or String is built per element.

public import NIOCore

extension ByteBuffer {
    /// Writes one element: `tag`, a definite length, then whatever `body` writes. The length uses the
    /// shortest form (X.690 §8.1.3), so output is also valid DER where the contents are.
    @inlinable
    public mutating func writeBERElement(tag: UInt8, _ body: (inout ByteBuffer) throws -> Void) rethrows {
        writeInteger(tag)
        let lengthIndex = writerIndex
        writeInteger(UInt8(0))
        let contentStart = writerIndex
        try body(&self)
        fixBERLength(at: lengthIndex, contentStart: contentStart)
    }

    @usableFromInline
    mutating func fixBERLength(at lengthIndex: Int, contentStart: Int) {
        let length = writerIndex - contentStart
        if length < 0x80 {
            setInteger(UInt8(length), at: lengthIndex)
            return
        }
        let extra = length <= 0xFF ? 1 : length <= 0xFFFF ? 2 : length <= 0xFF_FFFF ? 3 : 4
        writeRepeatingByte(0, count: extra)
        let base = readerIndex
        withUnsafeMutableReadableBytes { raw in
            let from = raw.baseAddress! + (contentStart - base)
            (from + extra).copyMemory(from: from, byteCount: length)
        }
        setInteger(UInt8(0x80 | extra), at: lengthIndex)
        for i in 0..<extra {
            setInteger(UInt8(truncatingIfNeeded: length >> (8 * (extra - 1 - i))), at: lengthIndex + 1 + i)
        }
    }

    /// Writes a tag and a definite length (shortest form).
    @inlinable
    public mutating func writeBERHeader(tag: UInt8, length: Int) {
        writeInteger(tag)
        if length < 0x80 {
            writeInteger(UInt8(length))
        } else {
            let n = length <= 0xFF ? 1 : length <= 0xFFFF ? 2 : length <= 0xFF_FFFF ? 3 : 4
            writeInteger(UInt8(0x80 | n))
            for i in 0..<n { writeInteger(UInt8(truncatingIfNeeded: length >> (8 * (n - 1 - i)))) }
        }
    }

    /// Writes an OCTET STRING (or implicitly tagged one) holding `bytes`.
    @inlinable
    public mutating func writeBEROctets(tag: UInt8 = BER.octetString, _ bytes: some Collection<UInt8>) {
        writeBERHeader(tag: tag, length: bytes.count)
        writeBytes(bytes)
    }

    /// Writes an LDAPString.
    @inlinable
    public mutating func writeBERString(tag: UInt8 = BER.octetString, _ string: String) {
        writeBERHeader(tag: tag, length: string.utf8.count)
        writeString(string)
    }

    /// Writes an INTEGER or ENUMERATED in the fewest two's-complement octets.
    @inlinable
    public mutating func writeBERInteger(tag: UInt8 = BER.integer, _ value: Int64) {
        var n = 8
        while n > 1 {
            let top = value >> (8 * (n - 1) - 1)  // the top 9 bits of the candidate encoding
            if top == 0 || top == -1 { n -= 1 } else { break }
        }
        writeInteger(tag)
        writeInteger(UInt8(n))
        for i in 0..<n { writeInteger(UInt8(truncatingIfNeeded: value >> (8 * (n - 1 - i)))) }
    }

    /// Writes a BOOLEAN (TRUE as 0xFF, as DER requires).
    @inlinable
    public mutating func writeBERBoolean(tag: UInt8 = BER.boolean, _ value: Bool) {
        writeInteger(tag)
        writeInteger(UInt8(1))
        writeInteger(value ? UInt8(0xFF) : 0)
    }
}
