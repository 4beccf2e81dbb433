// GVE — LDIF
// Entries of an LDIF file mostly follow their parent or a sibling, so consecutive DNs share a suffix of
// RDNs. This cache keeps the last fast-path DN and rebuilds only the RDNs in front of the shared suffix:
// a GLUE 2 DN of six RDNs costs two or three allocations instead of a dozen.

import LDAPCore

struct DNSuffixCache {
    /// The last DN's bytes, its RDNs and the byte offset where each RDN starts (0, then after each ',').
    private var bytes: [UInt8] = []
    private var rdns: [RelativeDistinguishedName] = []
    private var starts: [Int] = []

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        rdns.removeAll()
        starts.removeAll(keepingCapacity: true)
    }

    /// The DN ``DNFastPath/parse(_:interner:)`` would build for `b`, or nil when `b` needs the full parser.
    mutating func parse(_ b: UnsafeBufferPointer<UInt8>, interner: inout NameInterner) -> DistinguishedName? {
        let n = b.count, m = bytes.count
        // Longest common byte suffix, then the first cached RDN wholly inside it that starts on an RDN
        // boundary of `b` too. Fast-path DNs have no escapes, so every ',' separates RDNs and each RDN
        // parses the same wherever it stands.
        var common = 0
        bytes.withUnsafeBufferPointer { last in
            while common < n && common < m && b[n - 1 - common] == last[m - 1 - common] { common += 1 }
        }
        var shared = starts.count
        var position = 0
        for (k, s) in starts.enumerated() where m - s <= common {
            let p = n - (m - s)
            if p == 0 || b[p - 1] == UInt8(ascii: ",") {
                shared = k
                position = p
                break
            }
        }
        let result: DistinguishedName
        if shared == starts.count {
            guard let full = DNFastPath.parse(b, interner: &interner) else {
                reset()
                return nil
            }
            result = full
        } else if position == 0 {
            if shared == 0 { return DistinguishedName(rdns) }  // the same DN again
            result = DistinguishedName(Array(rdns[shared...]))  // an ancestor of the last DN
        } else {
            let prefix = UnsafeBufferPointer(rebasing: b[0..<(position - 1)])
            guard let front = DNFastPath.parse(prefix, interner: &interner), !front.rdns.isEmpty else {
                reset()
                return nil
            }
            var all = front.rdns
            all.append(contentsOf: rdns[shared...])
            result = DistinguishedName(all)
        }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: b)
        rdns = result.rdns
        starts.removeAll(keepingCapacity: true)
        if !result.rdns.isEmpty {
            starts.append(0)
            for i in 0..<n where b[i] == UInt8(ascii: ",") { starts.append(i + 1) }
        }
        return result
    }
}
