// GVE — LDAPCore
// RFC 4515 string representation of search filters.

extension LDAPFilter {
    /// Parses an RFC 4515 filter string. A bare `attr=value` without parentheses is accepted, as
    /// ldapsearch accepts it.
    public init(_ string: String, maxDepth: Int = 64) throws(LDAPFilterSyntaxError) {
        var p = FilterParser(input: string, maxDepth: maxDepth)
        let trimmed = string.utf8.first == UInt8(ascii: "(")
        let f = trimmed ? try p.parseFilter(depth: 1) : try p.parseItem()
        guard p.i == p.bytes.count else { throw p.fail("trailing characters after filter") }
        self = f
    }

    /// RFC 4515 string form.
    public var stringValue: String {
        switch self {
        case .and(let fs): return "(&" + fs.map(\.stringValue).joined() + ")"
        case .or(let fs): return "(|" + fs.map(\.stringValue).joined() + ")"
        case .not(let f): return "(!" + f.stringValue + ")"
        case .equalityMatch(let a, let v): return "(\(a)=\(Self.escape(v)))"
        case .greaterOrEqual(let a, let v): return "(\(a)>=\(Self.escape(v)))"
        case .lessOrEqual(let a, let v): return "(\(a)<=\(Self.escape(v)))"
        case .approxMatch(let a, let v): return "(\(a)~=\(Self.escape(v)))"
        case .present(let a): return "(\(a)=*)"
        case .substrings(let a, let ini, let any, let fin):
            var s = "(\(a)="
            if let ini { s += Self.escape(ini) }
            s += "*"
            for x in any { s += Self.escape(x) + "*" }
            if let fin { s += Self.escape(fin) }
            return s + ")"
        case .extensibleMatch(let rule, let attr, let v, let dn):
            var s = "("
            if let attr { s += attr }
            if dn { s += ":dn" }
            if let rule { s += ":" + rule }
            return s + ":=" + Self.escape(v) + ")"
        }
    }

    /// Escapes `*`, `(`, `)`, `\`, NUL, and every byte of a value that is not valid UTF-8, as `\XX`.
    public static func escape(_ value: [UInt8]) -> String {
        let hex: [Character] = Array("0123456789abcdef")
        let valid = String(validating: value, as: UTF8.self) != nil
        var out = ""
        var run: [UInt8] = []
        for b in value {
            if b == 0x2A || b == 0x28 || b == 0x29 || b == 0x5C || b == 0 || (!valid && b >= 0x80) {
                out += String(decoding: run, as: UTF8.self)
                run.removeAll(keepingCapacity: true)
                out.append("\\"); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
            } else {
                run.append(b)
            }
        }
        return out + String(decoding: run, as: UTF8.self)
    }
}

struct FilterParser {
    let input: String
    let bytes: [UInt8]
    let maxDepth: Int
    var i = 0

    init(input: String, maxDepth: Int) {
        self.input = input
        self.bytes = Array(input.utf8)
        self.maxDepth = maxDepth
    }

    func fail(_ reason: String) -> LDAPFilterSyntaxError { .init(input: input, offset: i, reason: reason) }

    mutating func expect(_ c: Character) throws(LDAPFilterSyntaxError) {
        guard i < bytes.count, bytes[i] == c.asciiValue! else { throw fail("expected '\(c)'") }
        i += 1
    }

    mutating func parseFilter(depth: Int) throws(LDAPFilterSyntaxError) -> LDAPFilter {
        guard depth <= maxDepth else { throw fail("filter nested deeper than \(maxDepth)") }
        try expect("(")
        guard i < bytes.count else { throw fail("unexpected end of filter") }
        let f: LDAPFilter
        switch bytes[i] {
        case UInt8(ascii: "&"):
            i += 1; f = .and(try parseList(depth: depth))
        case UInt8(ascii: "|"):
            i += 1; f = .or(try parseList(depth: depth))
        case UInt8(ascii: "!"):
            i += 1; f = .not(try parseFilter(depth: depth + 1))
        default:
            f = try parseItem()
        }
        try expect(")")
        return f
    }

    mutating func parseList(depth: Int) throws(LDAPFilterSyntaxError) -> [LDAPFilter] {
        var out: [LDAPFilter] = []
        while i < bytes.count, bytes[i] == UInt8(ascii: "(") { out.append(try parseFilter(depth: depth + 1)) }
        return out
    }

    mutating func parseItem() throws(LDAPFilterSyntaxError) -> LDAPFilter {
        // attr [":dn"] [":" rule] op value
        let start = i
        while i < bytes.count, !"=~<>:()".utf8.contains(bytes[i]) { i += 1 }
        let attr = String(decoding: bytes[start..<i], as: UTF8.self)
        guard i < bytes.count else { throw fail("missing operator") }
        if bytes[i] == UInt8(ascii: ":") {
            var dn = false
            var rule: String?
            while i < bytes.count, bytes[i] == UInt8(ascii: ":") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "=") { i += 1
                    guard !(attr.isEmpty && rule == nil) else { throw fail("extensible match needs an attribute or a matching rule") }
                    try checkAttr(attr, allowEmpty: true, at: start)
                    return .extensibleMatch(matchingRule: rule, attribute: attr.isEmpty ? nil : attr, value: try parseValue(), dnAttributes: dn)
                }
                let s = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ":"), bytes[i] != UInt8(ascii: "=") { i += 1 }
                let word = String(decoding: bytes[s..<i], as: UTF8.self)
                if word.lowercased() == "dn" && rule == nil && !dn { dn = true } else if rule == nil, !word.isEmpty { rule = word } else { throw fail("malformed extensible match") }
            }
            throw fail("extensible match needs ':='")
        }
        try checkAttr(attr, allowEmpty: false, at: start)
        let op = bytes[i]
        switch op {
        case UInt8(ascii: "="):
            i += 1
            return try parseEqualityOrSubstring(attr)
        case UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "<"):
            i += 1
            guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw fail("expected '=' after '\(Character(Unicode.Scalar(op)))'") }
            i += 1
            let v = try parseValue()
            switch op {
            case UInt8(ascii: "~"): return .approxMatch(attribute: attr, value: v)
            case UInt8(ascii: ">"): return .greaterOrEqual(attribute: attr, value: v)
            default: return .lessOrEqual(attribute: attr, value: v)
            }
        default:
            throw fail("unexpected character")
        }
    }

    func checkAttr(_ attr: String, allowEmpty: Bool, at start: Int) throws(LDAPFilterSyntaxError) {
        if attr.isEmpty && !allowEmpty { throw LDAPFilterSyntaxError(input: input, offset: start, reason: "missing attribute description") }
        for b in attr.utf8 {
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: ";") || b == UInt8(ascii: "_")
            if !ok { throw LDAPFilterSyntaxError(input: input, offset: start, reason: "invalid character in attribute description \"\(attr)\"") }
        }
    }

    mutating func parseEqualityOrSubstring(_ attr: String) throws(LDAPFilterSyntaxError) -> LDAPFilter {
        var parts: [[UInt8]] = [[]]
        while i < bytes.count, bytes[i] != UInt8(ascii: ")") {
            let b = bytes[i]
            if b == UInt8(ascii: "*") { parts.append([]); i += 1; continue }
            if b == UInt8(ascii: "(") { throw fail("unescaped '(' in value") }
            parts[parts.count - 1].append(try parseValueByte())
        }
        if parts.count == 1 { return .equalityMatch(attribute: attr, value: parts[0]) }
        if parts.count == 2 && parts[0].isEmpty && parts[1].isEmpty { return .present(attribute: attr) }
        let initial = parts.first!.isEmpty ? nil : parts.first!
        let final = parts.last!.isEmpty ? nil : parts.last!
        let any = parts.dropFirst().dropLast()
        if any.contains(where: \.isEmpty) { throw fail("empty substring between '*'") }
        return .substrings(attribute: attr, initial: initial, any: Array(any), final: final)
    }

    mutating func parseValue() throws(LDAPFilterSyntaxError) -> [UInt8] {
        var out: [UInt8] = []
        while i < bytes.count, bytes[i] != UInt8(ascii: ")") {
            if bytes[i] == UInt8(ascii: "*") || bytes[i] == UInt8(ascii: "(") { throw fail("unescaped '\(Character(Unicode.Scalar(bytes[i])))' in value") }
            out.append(try parseValueByte())
        }
        return out
    }

    mutating func parseValueByte() throws(LDAPFilterSyntaxError) -> UInt8 {
        let b = bytes[i]
        if b != UInt8(ascii: "\\") { i += 1; return b }
        guard i + 2 < bytes.count else { throw fail("truncated escape") }
        guard let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) else { throw fail("escape must be '\\' and two hex digits") }
        i += 3
        return h << 4 | l
    }

    func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
