// GVE — LDIF
// Turns logical lines into records: the RFC 2849 grammar as a state machine over `Phase`.
//
//   ldif-attrval-record = dn-spec SEP 1*attrval-spec
//   ldif-change-record  = dn-spec SEP *control changerecord
//   changerecord        = "changetype:" FILL (change-add / change-delete / change-modify / change-moddn)
//   mod-spec            = ("add:" / "delete:" / "replace:" / "increment:") FILL AttributeDescription SEP
//                         *attrval-spec "-" SEP                                   (RFC 4525 adds increment)
//   change-moddn        = ("modrdn" / "moddn") SEP "newrdn:" ... "deleteoldrdn:" ("0"/"1") ["newsuperior:" ...]

import LDAPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One logical line and the way back from its offsets to physical lines and columns.
struct LogicalLine {
    let bytes: UnsafeBufferPointer<UInt8>
    let line: Int
    let folds: [Fold]

    /// Physical (line, column) of an offset in the unfolded line.
    func position(_ offset: Int) -> (line: Int, column: Int) {
        var line = self.line, column = offset + 1
        for fold in folds {
            if fold.offset > offset { break }
            line = fold.line
            column = offset - fold.offset + 2
        }
        return (line, column)
    }

    func error(_ code: LDIFError.Code, at offset: Int, _ message: String) -> LDIFError {
        let (l, c) = position(offset)
        return LDIFError(code, line: l, column: c, message)
    }

    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
    func text(_ range: Range<Int>) -> String { String(decoding: slice(range), as: UTF8.self) }
}

/// A value as the line gave it: in place (plain `:` values) or decoded into the assembler's
/// reused `valueBuffer` (`::`, `:<`).
enum LineValue {
    case inPlace(Range<Int>)
    case decoded
}

/// The RFC 2849 grammar as a state machine over logical lines. It checks everything and builds
/// nothing: each record is reported to an ``LDIFVisitor`` as events over borrowed bytes (the line
/// itself, or `valueBuffer` for decoded values). `RecordBuilder` is the visitor that materialises
/// ``LDIFRecord`` values.
struct RecordAssembler {
    enum Phase { case idle, afterDN, content, add, delete, modify, modifyDN }

    let configuration: LDIFParser.Configuration
    var phase: Phase = .idle
    var skipping = false
    var seenFirstLine = false
    /// True between a visitor's `beginRecord` and its `endRecord`/`abandonRecord`.
    var inRecord = false
    var recordLine = 0
    var hasControls = false
    var valueCount = 0
    /// Decoded (`::`) and resolved (`:<`) values; reused, so decoding allocates nothing in steady state.
    var valueBuffer: [UInt8] = []
    /// The DN of the record being read (for messages about the record as a whole).
    var dnBytes: [UInt8] = []
    var inModification = false
    /// The attribute of the mod-spec being read.
    var modificationAttribute: [UInt8] = []
    var hasNewRDN = false
    var newRDN: [UInt8] = []
    var deleteOldRDN: Bool?
    var hasNewSuperior = false
    var newSuperior: [UInt8] = []

    init(configuration: LDIFParser.Configuration) { self.configuration = configuration }

    mutating func reset() {
        phase = .idle
        hasControls = false
        valueCount = 0
        inModification = false
        hasNewRDN = false
        deleteOldRDN = nil
        hasNewSuperior = false
    }

    /// Drops the record being read after an error, telling the visitor if it had seen its start.
    mutating func abandon<V: LDIFVisitor>(_ visitor: inout V) {
        reset()
        if inRecord {
            inRecord = false
            visitor.abandonRecord()
        }
    }

    /// Calls `body` with the bytes of a value.
    @inline(__always)
    func withBytes<R>(_ l: LogicalLine, _ v: LineValue, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch v {
        case .inPlace(let r): body(l.slice(r))
        case .decoded: valueBuffer.withUnsafeBufferPointer(body)
        }
    }

    // MARK: Lines

    mutating func consume<V: LDIFVisitor>(_ l: LogicalLine, into visitor: inout V) throws(LDIFError) {
        if skipping { return }
        let b = l.bytes
        if b[0] == UInt8(ascii: "#") { return }
        let isFirstLine = !seenFirstLine
        seenFirstLine = true

        if phase == .modify, b[0] == UInt8(ascii: "-"), isSeparator(b) {
            guard inModification else {
                throw l.error(.modification, at: 0, "'-' without a preceding add:, delete:, replace: or increment: line")
            }
            inModification = false
            visitor.endModification()
            return
        }

        if b[0] == UInt8(ascii: "-"), isSeparator(b) {
            throw l.error(.modification, at: 0, "'-' line outside a 'changetype: modify' record")
        }
        let colon = try scanDescription(l)
        let name = l.slice(0..<colon)

        switch phase {
        case .idle:
            if matchesKeyword(name, "dn") {
                let v = try value(l, colon: colon)
                _ = try checkDN(l, v, colon: colon, what: "dn")
                recordLine = l.line
                phase = .afterDN
                inRecord = true
                withBytes(l, v) { dn in
                    dnBytes.removeAll(keepingCapacity: true)
                    dnBytes.append(contentsOf: dn)
                }
                dnBytes.withUnsafeBufferPointer { dn in visitor.beginRecord(dn: unsafe Span(_unsafeElements: dn), line: l.line) }
            } else if matchesKeyword(name, "version") {
                guard isFirstLine else {
                    throw l.error(.version, at: 0, "'version:' is allowed only as the first line of the file")
                }
                let v = try value(l, colon: colon)
                guard case .inPlace(let r) = v, r.count == 1, b[r.lowerBound] == UInt8(ascii: "1") else {
                    throw l.error(.version, at: colon + 1, "unsupported LDIF version (only 'version: 1' is defined)")
                }
            } else {
                throw l.error(.missingDN, at: 0,
                              "expected 'dn:' at the start of a record, found '\(l.text(0..<colon)):'")
            }

        case .afterDN:
            if matchesKeyword(name, "control") {
                let control = try parseControl(l, colon: colon)
                hasControls = true
                visitor.control(control)
            } else if matchesKeyword(name, "changetype") {
                visitor.changeType(try beginChange(l, colon: colon))
            } else {
                guard !hasControls else {
                    throw l.error(.control, at: 0, "'control:' lines must be followed by 'changetype:'")
                }
                phase = .content
                try addValue(l, colon: colon, name: name, into: &visitor)
            }

        case .content, .add:
            if matchesKeyword(name, "dn") {
                throw l.error(.syntax, at: 0, "'dn:' inside a record (records are separated by an empty line)")
            }
            if matchesKeyword(name, "changetype") || matchesKeyword(name, "control") {
                throw l.error(.changeType, at: 0,
                              "'\(l.text(0..<colon)):' must come right after 'dn:' (and 'control:' lines)")
            }
            try addValue(l, colon: colon, name: name, into: &visitor)

        case .delete:
            throw l.error(.changeType, at: 0, "no lines may follow 'changetype: delete'")

        case .modify:
            try modifyLine(l, colon: colon, name: name, into: &visitor)

        case .modifyDN:
            try modifyDNLine(l, colon: colon, name: name)
        }
    }

    /// True for a line that is `-` (a mod-spec separator), trailing spaces allowed.
    func isSeparator(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 1
        while i < b.count, b[i] == 0x20 { i += 1 }
        return i == b.count
    }

    /// Bytes allowed in an attribute type or option: ALPHA, DIGIT, '-', '.' (bit n of the mask for byte n).
    static let keyCharMaskLow: UInt64 = (0x3FF << 0x30) | (1 << 0x2D) | (1 << 0x2E)
    static let keyCharMaskHigh: UInt64 = (0x3FF_FFFF << 1) | (0x3FF_FFFF << 33)

    /// 1 for the bytes of ``isKeyChar(_:)``, 0 otherwise.
    static let keyCharTable: [UInt8] = (0..<256).map { isKeyChar(UInt8($0)) ? 1 : 0 }

    @inline(__always)
    static func isKeyChar(_ c: UInt8) -> Bool {
        c < 64 ? (keyCharMaskLow >> c) & 1 == 1 : (c < 128 && (keyCharMaskHigh >> (c - 64)) & 1 == 1)
    }

    /// Checks the attribute description before the colon (RFC 4512 §2.5: descr or numericoid, then
    /// `;option`s) and returns the colon's offset.
    func scanDescription(_ l: LogicalLine) throws(LDIFError) -> Int {
        let b = l.bytes
        // Fast path: find the colon with memchr and check the name branch-free; anything unusual
        // (options, bad characters, no colon) takes the detailed scan below, which reports errors.
        if let base = b.baseAddress, let p = memchr(base, 0x3A, b.count) {
            let colon = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(p))
            let all: UInt8 = Self.keyCharTable.withUnsafeBufferPointer { table in
                var acc: UInt8 = 1
                for c in UnsafeBufferPointer(rebasing: b[0..<colon]) { acc &= table[Int(c)] }
                return acc
            }
            let first = b[0]
            if colon > 0 && all == 1 && first != UInt8(ascii: "-") && first != UInt8(ascii: ".") {
                return colon
            }
        }
        return try scanDescriptionSlowly(l)
    }

    func scanDescriptionSlowly(_ l: LogicalLine) throws(LDIFError) -> Int {
        let b = l.bytes
        var i = 0
        var optionStart = -1
        while i < b.count {
            let c = b[i]
            if Self.isKeyChar(c) {
                i += 1
                continue
            }
            if c == UInt8(ascii: ":") { break }
            if c == UInt8(ascii: ";") {
                if i == 0 || i == optionStart { break }
                optionStart = i + 1
                i += 1
                continue
            }
            if i == 0 { break }
            throw l.error(.invalidAttributeDescription, at: i,
                          "invalid character \(Base64.describe(c)) in attribute description '\(l.text(0..<i))'")
        }
        if i == b.count {
            throw l.error(.syntax, at: i, "missing ':' after '\(l.text(0..<i))'")
        }
        let first = b[0]
        if i == 0 || first == UInt8(ascii: "-") || first == UInt8(ascii: ".") {
            throw l.error(first == UInt8(ascii: ":") ? .syntax : .invalidAttributeDescription, at: 0,
                          first == UInt8(ascii: ":") ? "missing attribute description before ':'"
                                                    : "attribute description must start with a letter or digit")
        }
        if b[i] != UInt8(ascii: ":") || b[i - 1] == UInt8(ascii: ";") {
            throw l.error(.invalidAttributeDescription, at: i, "empty attribute option in '\(l.text(0..<i + 1))'")
        }
        return i
    }

    // MARK: Values

    /// The value after `colon`: `: SAFE-STRING`, `:: BASE64` or `:< URL`.
    mutating func value(_ l: LogicalLine, colon: Int) throws(LDIFError) -> LineValue {
        let b = l.bytes
        var i = colon + 1
        if i < b.count && b[i] == UInt8(ascii: ":") {
            i += 1
            while i < b.count && b[i] == 0x20 { i += 1 }
            valueBuffer.removeAll(keepingCapacity: true)
            do {
                try Base64.decode(l.slice(i..<b.count), into: &valueBuffer)
            } catch {
                throw l.error(.base64, at: i + error.offset, error.reason)
            }
            return .decoded
        }
        if i < b.count && b[i] == UInt8(ascii: "<") {
            i += 1
            while i < b.count && b[i] == 0x20 { i += 1 }
            valueBuffer = try resolveURL(l, at: i)
            return .decoded
        }
        while i < b.count && b[i] == 0x20 { i += 1 }
        let start = i
        if Self.containsNULOrCR(l.slice(start..<b.count)) {
            while i < b.count {
                let c = b[i]
                if c == 0 || c == 0x0D {
                    throw l.error(.syntax, at: i, "\(c == 0 ? "NUL" : "carriage return") in a plain value (write it base64 with '::')")
                }
                i += 1
            }
        }
        return .inPlace(start..<b.count)
    }

    /// True when `b` holds a NUL or a carriage return (not allowed in a plain value, RFC 2849
    /// SAFE-CHAR). Eight bytes at a time: a zero byte in `w` or in `w ^ 0x0D…` sets that byte's high
    /// bit in `(w - 0x01…) & ~w`, and no other word makes it set.
    @inline(__always)
    static func containsNULOrCR(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard n > 0, let base = b.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, crs: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        var acc: UInt64 = 0
        var i = 0
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let x = w ^ crs
            acc |= ((w &- ones) & ~w) | ((x &- ones) & ~x)
            i += 8
        }
        if acc & 0x8080_8080_8080_8080 != 0 { return true }
        while i < n {
            if b[i] == 0 || b[i] == 0x0D { return true }
            i += 1
        }
        return false
    }

    func bytes(_ l: LogicalLine, _ v: LineValue) -> [UInt8] {
        withBytes(l, v) { Array($0) }
    }

    func string(_ l: LogicalLine, _ v: LineValue, colon: Int, what: String) throws(LDIFError) -> String {
        guard let s = withBytes(l, v, { String(validating: $0, as: UTF8.self) }) else {
            throw l.error(.encoding, at: valueOffset(v, colon: colon), "'\(what):' value is not valid UTF-8")
        }
        return s
    }

    func valueOffset(_ v: LineValue, colon: Int) -> Int {
        if case .inPlace(let r) = v { return r.lowerBound }
        return colon + 1
    }

    func resolveURL(_ l: LogicalLine, at start: Int) throws(LDIFError) -> [UInt8] {
        let url = l.text(start..<l.bytes.count)
        switch configuration.urlPolicy {
        case .refuse:
            throw l.error(.url, at: start,
                          "URL value '\(url)' refused (':<' values are off; see LDIFParser.Configuration.urlPolicy)")
        case .allowFile:
            guard url.hasPrefix("file://") else {
                throw l.error(.url, at: start, "unsupported URL '\(url)' (only file:// URLs are read)")
            }
            var path = String(url.dropFirst("file://".count))
            if path.hasPrefix("localhost/") { path.removeFirst("localhost".count) }
            guard path.hasPrefix("/") else {
                throw l.error(.url, at: start, "file URL '\(url)' must name an absolute path")
            }
            guard let decoded = percentDecode(path) else {
                throw l.error(.url, at: start, "bad %-escape in URL '\(url)'")
            }
            do {
                return try FileReading.readAll(path: decoded, limit: configuration.maxURLValueSize)
            } catch {
                throw l.error(.url, at: start, "cannot read '\(url)': \(error.reason)")
            }
        case .resolve(let resolver):
            do {
                return try resolver(url)
            } catch {
                throw l.error(.url, at: start, "cannot resolve URL '\(url)': \(error)")
            }
        }
    }

    func percentDecode(_ s: String) -> String? {
        var out: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%") {
                guard i + 2 < u.count, let h = hex(u[i + 1]), let lo = hex(u[i + 2]) else { return nil }
                out.append(h << 4 | lo)
                i += 3
            } else {
                out.append(u[i]); i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    /// Checks a DN value (RFC 4514) without building it, unless it needs the full parser.
    /// - Returns: The number of RDNs.
    func checkDN(_ l: LogicalLine, _ v: LineValue, colon: Int, what: String) throws(LDIFError) -> Int {
        if let count = withBytes(l, v, { DNFastPath.rdnCount($0) }) { return count }
        let s = try string(l, v, colon: colon, what: what)
        do {
            return try DistinguishedName(s).rdns.count
        } catch {
            let offset: Int
            if case .inPlace(let r) = v { offset = r.lowerBound + error.offset } else { offset = colon + 1 }
            throw l.error(.invalidDN, at: offset, "invalid DN in '\(what):' at offset \(error.offset): \(error.reason)")
        }
    }

    mutating func countValue(_ l: LogicalLine) throws(LDIFError) {
        valueCount += 1
        if valueCount > configuration.maxValuesPerRecord {
            throw l.error(.limit, at: 0,
                          "record has more than \(configuration.maxValuesPerRecord) values (LDIFParser.Configuration.maxValuesPerRecord)")
        }
    }

    /// Reports an attrval-spec of a content or add record.
    mutating func addValue<V: LDIFVisitor>(_ l: LogicalLine, colon: Int, name: UnsafeBufferPointer<UInt8>,
                                           into visitor: inout V) throws(LDIFError) {
        try countValue(l)
        let v = try value(l, colon: colon)
        withBytes(l, v) { bytes in
            visitor.attribute(unsafe Span(_unsafeElements: name), value: unsafe Span(_unsafeElements: bytes))
        }
    }

    // MARK: Change records

    mutating func beginChange(_ l: LogicalLine, colon: Int) throws(LDIFError) -> LDIFChangeType {
        let v = try value(l, colon: colon)
        guard case .inPlace(let r) = v else {
            throw l.error(.changeType, at: colon + 1, "'changetype:' takes a plain value")
        }
        let t = l.slice(r)
        if matchesKeyword(t, "add") { phase = .add; return .add }
        if matchesKeyword(t, "delete") { phase = .delete; return .delete }
        if matchesKeyword(t, "modify") { phase = .modify; return .modify }
        if matchesKeyword(t, "modrdn") || matchesKeyword(t, "moddn") { phase = .modifyDN; return .modifyDN }
        throw l.error(.changeType, at: r.lowerBound,
                      "unknown changetype '\(l.text(r))' (expected add, delete, modify, modrdn or moddn)")
    }

    mutating func modifyLine<V: LDIFVisitor>(_ l: LogicalLine, colon: Int, name: UnsafeBufferPointer<UInt8>,
                                             into visitor: inout V) throws(LDIFError) {
        if inModification {
            let same = modificationAttribute.withUnsafeBufferPointer { equalsIgnoringCase($0, name) }
            guard same else {
                throw l.error(.modification, at: 0,
                              "'\(l.text(0..<colon)):' inside the modification of '\(String(decoding: modificationAttribute, as: UTF8.self))' (end it with a '-' line)")
            }
            try countValue(l)
            let v = try value(l, colon: colon)
            withBytes(l, v) { visitor.modificationValue(unsafe Span(_unsafeElements: $0)) }
            return
        }
        let op: LDAPModification.Operation
        if matchesKeyword(name, "add") { op = .add }
        else if matchesKeyword(name, "delete") { op = .delete }
        else if matchesKeyword(name, "replace") { op = .replace }
        else if matchesKeyword(name, "increment") { op = .increment }
        else {
            throw l.error(.modification, at: 0,
                          "expected 'add:', 'delete:', 'replace:' or 'increment:', found '\(l.text(0..<colon)):'")
        }
        let v = try value(l, colon: colon)
        guard case .inPlace(let r) = v, !r.isEmpty else {
            throw l.error(.modification, at: colon + 1, "'\(l.text(0..<colon)):' must name an attribute description")
        }
        // Check the named attribute with the same rules as a line's description.
        var end = r.upperBound
        while end > r.lowerBound && l.bytes[end - 1] == 0x20 { end -= 1 }
        for i in r.lowerBound..<end {
            let c = l.bytes[i]
            let ok = ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || (c >= 0x30 && c <= 0x39)
                || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: ";")
            if !ok {
                throw l.error(.invalidAttributeDescription, at: i,
                              "invalid character \(Base64.describe(c)) in attribute description '\(l.text(r))'")
            }
        }
        modificationAttribute.removeAll(keepingCapacity: true)
        modificationAttribute.append(contentsOf: l.slice(r.lowerBound..<end))
        inModification = true
        modificationAttribute.withUnsafeBufferPointer {
            visitor.beginModification(op, attribute: unsafe Span(_unsafeElements: $0))
        }
    }

    mutating func modifyDNLine(_ l: LogicalLine, colon: Int, name: UnsafeBufferPointer<UInt8>) throws(LDIFError) {
        if !hasNewRDN {
            guard matchesKeyword(name, "newrdn") else {
                throw l.error(.modifyDN, at: 0, "expected 'newrdn:', found '\(l.text(0..<colon)):'")
            }
            let v = try value(l, colon: colon)
            let count = try checkDN(l, v, colon: colon, what: "newrdn")
            guard count == 1 else {
                throw l.error(.invalidDN, at: colon + 1, "'newrdn:' must be exactly one RDN, found \(count)")
            }
            newRDN = bytes(l, v)
            hasNewRDN = true
        } else if deleteOldRDN == nil {
            guard matchesKeyword(name, "deleteoldrdn") else {
                throw l.error(.modifyDN, at: 0, "expected 'deleteoldrdn:', found '\(l.text(0..<colon)):'")
            }
            let v = try value(l, colon: colon)
            guard case .inPlace(let r) = v, r.count == 1, l.bytes[r.lowerBound] == 0x30 || l.bytes[r.lowerBound] == 0x31 else {
                throw l.error(.modifyDN, at: valueOffset(v, colon: colon), "'deleteoldrdn:' must be 0 or 1")
            }
            deleteOldRDN = l.bytes[r.lowerBound] == 0x31
        } else if !hasNewSuperior, matchesKeyword(name, "newsuperior") {
            let v = try value(l, colon: colon)
            _ = try checkDN(l, v, colon: colon, what: "newsuperior")
            newSuperior = bytes(l, v)
            hasNewSuperior = true
        } else {
            throw l.error(.modifyDN, at: 0, "unexpected '\(l.text(0..<colon)):' in a modrdn record")
        }
    }

    /// A control line's value: `ldap-oid [SPACE+ (true|false)] [value-spec]`.
    mutating func parseControl(_ l: LogicalLine, colon: Int) throws(LDIFError) -> LDIFControl {
        let b = l.bytes
        var i = colon + 1
        guard i < b.count, b[i] != UInt8(ascii: ":"), b[i] != UInt8(ascii: "<") else {
            throw l.error(.control, at: i, "'control:' takes a plain value: an OID, criticality and value")
        }
        while i < b.count && b[i] == 0x20 { i += 1 }
        let oidStart = i
        while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == UInt8(ascii: ".") { i += 1 }
        let oid = l.text(oidStart..<i)
        guard !oid.isEmpty, !oid.hasPrefix("."), !oid.hasSuffix("."), !oid.contains("..") else {
            throw l.error(.control, at: oidStart, "'control:' must start with a numeric OID")
        }
        var critical = false
        var j = i
        while j < b.count && b[j] == 0x20 { j += 1 }
        if j > i {
            let rest = l.slice(j..<b.count)
            if rest.starts(with: "true".utf8) { critical = true; j += 4; i = j }
            else if rest.starts(with: "false".utf8) { j += 5; i = j }
        }
        if i == b.count { return LDIFControl(oid: oid, isCritical: critical, value: nil) }
        guard b[i] == UInt8(ascii: ":") else {
            throw l.error(.control, at: j, "expected 'true', 'false' or a ':' value after the control OID")
        }
        let v = try value(l, colon: i)
        return LDIFControl(oid: oid, isCritical: critical, value: bytes(l, v))
    }

    // MARK: Record end

    /// Ends the record at an empty line or the end of input.
    /// - Returns: True when a record was reported to the visitor.
    mutating func finishRecord<V: LDIFVisitor>(line: Int, into visitor: inout V) throws(LDIFError) -> Bool {
        if skipping {
            skipping = false
            reset()
            return false
        }
        switch phase {
        case .idle:
            return false
        case .afterDN:
            guard !hasControls else {
                throw LDIFError(.control, line: recordLine, column: 1, "'control:' lines must be followed by 'changetype:'")
            }
        case .content, .delete:
            break
        case .add:
            guard valueCount > 0 else {
                throw LDIFError(.changeType, line: recordLine, column: 1, "'changetype: add' needs at least one attribute")
            }
        case .modify:
            if inModification {
                inModification = false
                visitor.endModification()
            }
        case .modifyDN:
            guard hasNewRDN, let deleteOldRDN else {
                throw LDIFError(.modifyDN, line: recordLine, column: 1,
                                "modrdn record for '\(String(decoding: dnBytes, as: UTF8.self))' lacks '\(hasNewRDN ? "deleteoldrdn" : "newrdn"):'")
            }
            newRDN.withUnsafeBufferPointer { rdn in
                if hasNewSuperior {
                    newSuperior.withUnsafeBufferPointer { sup in
                        visitor.modifyDN(newRDN: unsafe Span(_unsafeElements: rdn), deleteOldRDN: deleteOldRDN,
                                         newSuperior: unsafe Span(_unsafeElements: sup))
                    }
                } else {
                    visitor.modifyDN(newRDN: unsafe Span(_unsafeElements: rdn), deleteOldRDN: deleteOldRDN, newSuperior: nil)
                }
            }
        }
        inRecord = false
        reset()
        visitor.endRecord()
        return true
    }
}
