// GVE — LDAPSchema
// Parser for OpenLDAP `.schema` files (the slapd.conf(5) `attributetype`, `objectclass` and
// `objectidentifier` directives, whose bodies are RFC 4512 §4.1 descriptions).

/// Where a definition was read.
struct SourceLocation: Sendable, Hashable {
    var file: String
    var line: Int
}

/// One definition read from a schema file.
enum ParsedDefinition: Sendable {
    case attributeType(AttributeType, SourceLocation)
    case objectClass(ObjectClass, SourceLocation)
}

/// Reads slapd.conf-style schema text: `#` comment lines, continuation lines starting with white
/// space, one directive per logical line. OID macros (`objectidentifier GLUE2 1.3.6…`, then
/// `GLUE2:1.2`) persist across files, as in slapd.
struct SchemaFileParser {
    /// OID macros defined so far, lower-cased name → numeric OID.
    var macros: [String: String] = [:]
    var definitions: [ParsedDefinition] = []

    /// Parses one file's text.
    /// - Throws: ``SchemaError`` naming the file, the statement's first line and the element.
    mutating func parse(_ text: String, file: String) throws(SchemaError) {
        for (line, statement) in Self.statements(text) {
            var tokens = SchemaTokenizer(statement)
            guard case .word(let keyword)? = try tokens.next(file: file, line: line, element: nil) else { continue }
            let location = SourceLocation(file: file, line: line)
            switch keyword.lowercased() {
            case "attributetype", "attributetypes":
                definitions.append(.attributeType(try parseAttributeType(&tokens, location), location))
            case "objectclass", "objectclasses":
                definitions.append(.objectClass(try parseObjectClass(&tokens, location), location))
            case "objectidentifier":
                try parseMacro(&tokens, location)
            case "ditcontentrule", "ldapsyntax":
                continue  // accepted by slapd; not used by this server
            default:
                throw SchemaError(.syntax, file: file, line: line, element: nil, message: "unknown directive '\(keyword)'")
            }
        }
    }

    /// Splits text into logical statements with the line number where each starts.
    static func statements(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var current: String?
        var start = 0
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            if line.first == "#" { continue }
            if let first = line.first, first == " " || first == "\t" {
                if current != nil { current! += " " + line } else if !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                    current = String(line); start = lineNumber
                }
                continue
            }
            if let c = current { out.append((start, c)) }
            current = line.isEmpty ? nil : String(line)
            start = lineNumber
        }
        if let c = current { out.append((start, c)) }
        return out
    }

    mutating func parseMacro(_ t: inout SchemaTokenizer, _ loc: SourceLocation) throws(SchemaError) {
        guard case .word(let name)? = try t.next(file: loc.file, line: loc.line, element: "objectidentifier"),
              case .word(let value)? = try t.next(file: loc.file, line: loc.line, element: "objectidentifier \(name)")
        else { throw SchemaError(.syntax, file: loc.file, line: loc.line, element: "objectidentifier", message: "expected 'objectidentifier NAME OID'") }
        let oid = try expandOID(value, loc, element: "objectidentifier \(name)")
        macros[name.lowercased()] = oid
    }

    /// Expands `macro`, `macro:suffix` or a numeric OID to a numeric OID.
    func expandOID(_ s: String, _ loc: SourceLocation, element: String) throws(SchemaError) -> String {
        if Self.isNumericOID(s) { return s }
        let parts = s.split(separator: ":", maxSplits: 1)
        if let base = macros[parts[0].lowercased()] {
            if parts.count == 1 { return base }
            let suffix = String(parts[1])
            guard Self.isNumericOID(suffix) else {
                throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "bad OID suffix in '\(s)'")
            }
            return base + "." + suffix
        }
        throw SchemaError(.unknownReference, file: loc.file, line: loc.line, element: element,
                          message: parts.count == 2 ? "unknown OID macro '\(parts[0])' in '\(s)'" : "'\(s)' is neither a numeric OID nor an OID macro")
    }

    static func isNumericOID(_ s: String) -> Bool {
        guard !s.isEmpty, s.first != ".", s.last != "." else { return false }
        var prevDot = false
        for b in s.utf8 {
            if b == UInt8(ascii: ".") {
                if prevDot { return false }
                prevDot = true
            } else if b >= 0x30 && b <= 0x39 {
                prevDot = false
            } else {
                return false
            }
        }
        return true
    }

    mutating func parseAttributeType(_ t: inout SchemaTokenizer, _ loc: SourceLocation) throws(SchemaError) -> AttributeType {
        var element = "attributetype"
        let oid = try openAndOID(&t, loc, element: &element)
        var at = AttributeType(oid: oid, names: [])
        while true {
            guard let token = try t.next(file: loc.file, line: loc.line, element: element) else {
                throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "missing ')' at end of definition")
            }
            guard case .word(let keyword) = token else {
                if token == .close { break }
                throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "unexpected \(token)")
            }
            switch keyword.uppercased() {
            case "NAME":
                at.names = try qdescrs(&t, loc, element)
                element = "attributetype '\(at.name)'"
            case "DESC": at.description = try qdstring(&t, loc, element)
            case "OBSOLETE": at.isObsolete = true
            case "SUP": at.superiorName = try readOID(&t, loc, element)
            case "EQUALITY": at.equalityName = try readOID(&t, loc, element)
            case "ORDERING": at.orderingName = try readOID(&t, loc, element)
            case "SUBSTR": at.substringName = try readOID(&t, loc, element)
            case "SYNTAX":
                var s = try readOID(&t, loc, element)
                if let brace = s.firstIndex(of: "{") {
                    guard s.last == "}", let n = Int(s[s.index(after: brace)..<s.index(before: s.endIndex)]) else {
                        throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "bad syntax length in '\(s)'")
                    }
                    at.syntaxLength = n
                    s = String(s[..<brace])
                }
                at.syntaxOID = try expandOID(s, loc, element: element)
            case "SINGLE-VALUE": at.isSingleValued = true
            case "COLLECTIVE": at.isCollective = true
            case "NO-USER-MODIFICATION": at.isNoUserModification = true
            case "USAGE":
                let u = try readOID(&t, loc, element)
                guard let usage = AttributeUsage(rawValue: u) ?? AttributeUsage.allCases.first(where: { $0.rawValue.lowercased() == u.lowercased() }) else {
                    throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "unknown USAGE '\(u)'")
                }
                at.usage = usage
            default:
                if keyword.uppercased().hasPrefix("X-") { try skipExtension(&t, loc, element); continue }
                throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "unknown keyword '\(keyword)'")
            }
        }
        try expectEnd(&t, loc, element)
        return at
    }

    mutating func parseObjectClass(_ t: inout SchemaTokenizer, _ loc: SourceLocation) throws(SchemaError) -> ObjectClass {
        var element = "objectclass"
        let oid = try openAndOID(&t, loc, element: &element)
        var oc = ObjectClass(oid: oid, names: [])
        while true {
            guard let token = try t.next(file: loc.file, line: loc.line, element: element) else {
                throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "missing ')' at end of definition")
            }
            guard case .word(let keyword) = token else {
                if token == .close { break }
                throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "unexpected \(token)")
            }
            switch keyword.uppercased() {
            case "NAME":
                oc.names = try qdescrs(&t, loc, element)
                element = "objectclass '\(oc.name)'"
            case "DESC": oc.description = try qdstring(&t, loc, element)
            case "OBSOLETE": oc.isObsolete = true
            case "SUP": oc.superiorNames = try oids(&t, loc, element)
            case "ABSTRACT": oc.kind = .abstract
            case "STRUCTURAL": oc.kind = .structural
            case "AUXILIARY": oc.kind = .auxiliary
            case "MUST": oc.mustNames = try oids(&t, loc, element)
            case "MAY": oc.mayNames = try oids(&t, loc, element)
            default:
                if keyword.uppercased().hasPrefix("X-") { try skipExtension(&t, loc, element); continue }
                throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "unknown keyword '\(keyword)'")
            }
        }
        try expectEnd(&t, loc, element)
        return oc
    }

    func openAndOID(_ t: inout SchemaTokenizer, _ loc: SourceLocation, element: inout String) throws(SchemaError) -> String {
        guard try t.next(file: loc.file, line: loc.line, element: element) == .open else {
            throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "expected '(' after the directive")
        }
        let raw = try readOID(&t, loc, element)
        let expanded = try expandOID(raw, loc, element: element)
        element += " \(raw)"
        return expanded
    }

    func expectEnd(_ t: inout SchemaTokenizer, _ loc: SourceLocation, _ element: String) throws(SchemaError) {
        if let extra = try t.next(file: loc.file, line: loc.line, element: element) {
            throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "unexpected \(extra) after ')'")
        }
    }

    /// `oid`: a bare word or (leniently, as slapd accepts) a quoted one.
    func readOID(_ t: inout SchemaTokenizer, _ loc: SourceLocation, _ element: String) throws(SchemaError) -> String {
        switch try t.next(file: loc.file, line: loc.line, element: element) {
        case .word(let w)?, .quoted(let w)?: return w
        case let other:
            throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "expected an OID or name, found \(other.map { "\($0)" } ?? "end of definition")")
        }
    }

    /// `oids = oid / ( LPAREN WSP oidlist WSP RPAREN )`, `oidlist = oid *( WSP DOLLAR WSP oid )`.
    func oids(_ t: inout SchemaTokenizer, _ loc: SourceLocation, _ element: String) throws(SchemaError) -> [String] {
        guard try t.peek(file: loc.file, line: loc.line, element: element) == .open else { return [try readOID(&t, loc, element)] }
        _ = try t.next(file: loc.file, line: loc.line, element: element)
        var out: [String] = []
        while true {
            switch try t.next(file: loc.file, line: loc.line, element: element) {
            case .close?:
                guard !out.isEmpty else { throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "empty OID list") }
                return out
            case .dollar?: continue
            case .word(let w)?, .quoted(let w)?: out.append(w)
            case let other:
                throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "unexpected \(other.map { "\($0)" } ?? "end of definition") in OID list")
            }
        }
    }

    /// `qdescrs = qdescr / ( LPAREN WSP qdescrlist WSP RPAREN )`.
    func qdescrs(_ t: inout SchemaTokenizer, _ loc: SourceLocation, _ element: String) throws(SchemaError) -> [String] {
        switch try t.next(file: loc.file, line: loc.line, element: element) {
        case .quoted(let s)?: return [s]
        case .open?:
            var out: [String] = []
            while true {
                switch try t.next(file: loc.file, line: loc.line, element: element) {
                case .quoted(let s)?: out.append(s)
                case .close? where !out.isEmpty: return out
                case let other:
                    throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "unexpected \(other.map { "\($0)" } ?? "end of definition") in NAME list")
                }
            }
        case let other:
            throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "NAME needs a quoted name or a list, found \(other.map { "\($0)" } ?? "end of definition")")
        }
    }

    func qdstring(_ t: inout SchemaTokenizer, _ loc: SourceLocation, _ element: String) throws(SchemaError) -> String {
        guard case .quoted(let s)? = try t.next(file: loc.file, line: loc.line, element: element) else {
            throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "DESC needs a quoted string")
        }
        return s
    }

    /// `X-NAME qdstrings`.
    func skipExtension(_ t: inout SchemaTokenizer, _ loc: SourceLocation, _ element: String) throws(SchemaError) {
        switch try t.next(file: loc.file, line: loc.line, element: element) {
        case .quoted?: return
        case .open?:
            while let tok = try t.next(file: loc.file, line: loc.line, element: element), tok != .close {}
        default:
            throw SchemaError(.syntax, file: loc.file, line: loc.line, element: element, message: "extension needs a quoted value")
        }
    }
}

/// Tokens of an RFC 4512 description.
enum SchemaToken: Equatable, CustomStringConvertible {
    case open, close, dollar
    case word(String)
    case quoted(String)

    var description: String {
        switch self {
        case .open: return "'('"
        case .close: return "')'"
        case .dollar: return "'$'"
        case .word(let w): return "'\(w)'"
        case .quoted(let q): return "quoted string '\(q)'"
        }
    }
}

struct SchemaTokenizer {
    let bytes: [UInt8]
    var i = 0
    var peeked: SchemaToken??

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func peek(file: String, line: Int, element: String?) throws(SchemaError) -> SchemaToken? {
        if let p = peeked { return p }
        let t = try scan(file: file, line: line, element: element)
        peeked = .some(t)
        return t
    }

    mutating func next(file: String, line: Int, element: String?) throws(SchemaError) -> SchemaToken? {
        if let p = peeked { peeked = nil; return p }
        return try scan(file: file, line: line, element: element)
    }

    private mutating func scan(file: String, line: Int, element: String?) throws(SchemaError) -> SchemaToken? {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        guard i < bytes.count else { return nil }
        let b = bytes[i]
        switch b {
        case UInt8(ascii: "("): i += 1; return .open
        case UInt8(ascii: ")"): i += 1; return .close
        case UInt8(ascii: "$"): i += 1; return .dollar
        case UInt8(ascii: "'"):
            i += 1
            var out: [UInt8] = []
            while i < bytes.count, bytes[i] != UInt8(ascii: "'") {
                if bytes[i] == UInt8(ascii: "\\"), i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                    out.append(h << 4 | l); i += 3; continue
                }
                out.append(bytes[i]); i += 1
            }
            guard i < bytes.count else {
                throw SchemaError(.syntax, file: file, line: line, element: element, message: "unterminated quoted string")
            }
            i += 1
            return .quoted(String(decoding: out, as: UTF8.self))
        default:
            let start = i
            while i < bytes.count, !" \t()$'".utf8.contains(bytes[i]) { i += 1 }
            return .word(String(decoding: bytes[start..<i], as: UTF8.self))
        }
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

