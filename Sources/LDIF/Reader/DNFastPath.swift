// GVE — LDIF
// A fast path for the common DN: `type=value,type=value…` with no escapes, quotes, multi-valued RDNs or
// non-ASCII bytes. It builds the same DistinguishedName that LDAPCore's RFC 4514 parser would, straight
// from the line's bytes; anything else returns nil and goes through DistinguishedName(String).

import LDAPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum DNFastPath {
    /// Bit 0: a byte that needs the full parser (NUL, '"', '#', '+', ';', '\\', >= 0x80); bit 1: ','.
    static let table: [UInt8] = (0..<256).map { (c: Int) -> UInt8 in
        if c == 0x2C { return 2 }
        return c == 0 || c == 0x22 || c == 0x23 || c == 0x2B || c == 0x3B || c == 0x5C || c >= 0x80 ? 1 : 0
    }

    @inline(__always)
    static func isTypeChar(_ c: UInt8) -> Bool {
        RecordAssembler.isKeyChar(c) || c == UInt8(ascii: "_")
    }

    /// The number of RDNs when the bytes are a DN that ``parse(_:interner:)`` accepts, without
    /// building it; nil when they need the full parser (or are invalid).
    static func rdnCount(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        let special: UInt8 = table.withUnsafeBufferPointer { t -> UInt8 in
            var special: UInt8 = 0
            for c in b { special |= t[Int(c)] & 1 }
            return special
        }
        if special != 0 { return nil }
        var i = 0
        while i < n && b[i] == 0x20 { i += 1 }
        if i == n { return 0 }
        var count = 0
        while true {
            while i < n && b[i] == 0x20 { i += 1 }
            let typeStart = i
            while i < n && isTypeChar(b[i]) { i += 1 }
            guard i > typeStart else { return nil }
            while i < n && b[i] == 0x20 { i += 1 }
            guard i < n && b[i] == UInt8(ascii: "=") else { return nil }
            i += 1
            if let base = b.baseAddress, i < n, let p = memchr(base + i, 0x2C, n - i) {
                i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(p))
            } else {
                i = n
            }
            count += 1
            if i == n { return count }
            i += 1
            if i == n { return nil }
        }
    }

    /// The DN, or nil when the bytes need the full parser (or are invalid).
    static func parse(_ b: UnsafeBufferPointer<UInt8>, interner: inout NameInterner) -> DistinguishedName? {
        let n = b.count
        let (special, commas) = table.withUnsafeBufferPointer { t -> (UInt8, Int) in
            var special: UInt8 = 0
            var commas = 0
            for c in b {
                let k = t[Int(c)]
                special |= k & 1
                commas &+= Int(k >> 1)
            }
            return (special, commas)
        }
        if special != 0 { return nil }
        var i = 0
        while i < n && b[i] == 0x20 { i += 1 }
        if i == n { return .root }
        var rdns: [RelativeDistinguishedName] = []
        rdns.reserveCapacity(commas + 1)
        while true {
            while i < n && b[i] == 0x20 { i += 1 }
            let typeStart = i
            while i < n && isTypeChar(b[i]) { i += 1 }
            let typeEnd = i
            guard typeEnd > typeStart else { return nil }
            while i < n && b[i] == 0x20 { i += 1 }
            guard i < n && b[i] == UInt8(ascii: "=") else { return nil }
            i += 1
            while i < n && b[i] == 0x20 { i += 1 }
            let valueStart = i
            while i < n && b[i] != UInt8(ascii: ",") { i += 1 }
            var valueEnd = i
            while valueEnd > valueStart && b[valueEnd - 1] == 0x20 { valueEnd -= 1 }
            let typeBytes = UnsafeBufferPointer(rebasing: b[typeStart..<typeEnd])
            let type = interner.intern(typeBytes, hash: NameInterner.foldedHash(typeBytes))
            let value = String(decoding: UnsafeBufferPointer(rebasing: b[valueStart..<valueEnd]), as: UTF8.self)
            rdns.append(RelativeDistinguishedName(type: type, value: value))
            if i == n { return DistinguishedName(rdns) }
            i += 1
            if i == n { return nil }
        }
    }
}
