// GVE — Directory
// Wall-clock time and random UUIDs without Foundation.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func wallSeconds() -> Int64 { Int64(time(nil)) }

/// A random (version 4) UUID in lower-case string form (RFC 4122 §4.4).
func randomUUID() -> String {
    var g = SystemRandomNumberGenerator()
    let hi = g.next(), lo = g.next()
    var bytes = (0..<8).map { UInt8(truncatingIfNeeded: hi >> ($0 * 8)) } + (0..<8).map { UInt8(truncatingIfNeeded: lo >> ($0 * 8)) }
    bytes[6] = bytes[6] & 0x0F | 0x40
    bytes[8] = bytes[8] & 0x3F | 0x80
    let hex = Array("0123456789abcdef")
    var s = ""
    for (i, b) in bytes.enumerated() {
        if [4, 6, 8, 10].contains(i) { s.append("-") }
        s.append(hex[Int(b >> 4)]); s.append(hex[Int(b & 15)])
    }
    return s
}
