// GVE — LDIF
// RFC 4648 base64 over bytes, as RFC 2849 uses it for `::` values. Strict: padding required, no whitespace.

enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0...63 for alphabet bytes, 0xFF otherwise.
    static let decodeTable: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    /// Why a decode failed: the byte offset in the input and a reason.
    struct Failure: Error {
        var offset: Int
        var reason: String
    }

    /// Decodes `input`, appending to `out`.
    /// - Throws: ``Failure`` naming the offset of the first bad byte.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) throws(Failure) {
        let n = input.count
        if n == 0 { return }
        guard n % 4 == 0 else {
            // Find a bad character first: it is the more useful message.
            for i in 0..<n where decodeTable[Int(input[i])] == 0xFF && input[i] != UInt8(ascii: "=") {
                throw Failure(offset: i, reason: "invalid base64 character \(describe(input[i]))")
            }
            throw Failure(offset: n, reason: "base64 length \(n) is not a multiple of 4")
        }
        out.reserveCapacity(out.count + n / 4 * 3)
        try decodeTable.withUnsafeBufferPointer { (table: UnsafeBufferPointer<UInt8>) throws(Failure) in
            var i = 0
            while i < n {
                let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                let c = table[Int(input[i + 2])], d = table[Int(input[i + 3])]
                if (a | b | c | d) & 0xC0 == 0 {
                    out.append(a << 2 | b >> 4)
                    out.append(b << 4 | c >> 2)
                    out.append(c << 6 | d)
                    i += 4
                    continue
                }
                // Slow path: padding or a bad character in this quantum.
                let isLast = i + 4 == n
                for k in 0..<4 where table[Int(input[i + k])] == 0xFF {
                    let byte = input[i + k]
                    if byte != UInt8(ascii: "=") || !isLast || k < 2 {
                        throw Failure(offset: i + k, reason: "invalid base64 character \(describe(byte))")
                    }
                }
                if c == 0xFF {  // "xx=="
                    guard d == 0xFF else { throw Failure(offset: i + 2, reason: "misplaced base64 padding") }
                    guard b & 0x0F == 0 else { throw Failure(offset: i + 1, reason: "non-zero bits before base64 padding") }
                    out.append(a << 2 | b >> 4)
                } else {  // "xxx="
                    guard c & 0x03 == 0 else { throw Failure(offset: i + 2, reason: "non-zero bits before base64 padding") }
                    out.append(a << 2 | b >> 4)
                    out.append(b << 4 | c >> 2)
                }
                i += 4
            }
        }
    }

    /// Encodes `input` with padding, appending ASCII to `out`.
    static func encode(_ input: some Collection<UInt8>, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + (input.count + 2) / 3 * 4)
        var it = input.makeIterator()
        while let a = it.next() {
            let b = it.next(), c = it.next()
            out.append(alphabet[Int(a >> 2)])
            out.append(alphabet[Int((a & 0x03) << 4 | (b ?? 0) >> 4)])
            if let b {
                out.append(alphabet[Int((b & 0x0F) << 2 | (c ?? 0) >> 6)])
            } else {
                out.append(UInt8(ascii: "="))
            }
            if let c { out.append(alphabet[Int(c & 0x3F)]) } else { out.append(UInt8(ascii: "=")) }
        }
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }
}
