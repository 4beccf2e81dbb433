// GVE — LDIF
// The module's one error type: a code, the line and column where the input went wrong, and a message.

/// An LDIF input that does not follow RFC 2849, or a limit or I/O failure while reading one.
///
/// `description` reads `line 12, column 1: continuation line before any attribute`. Equality compares
/// only the ``code`` so tests can match a kind of failure; compare ``line`` and ``column`` explicitly
/// when the position matters.
public struct LDIFError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. Open: new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case syntax, folding, base64, missingDN, invalidDN, invalidAttributeDescription
            case changeType, modification, modifyDN, control, url, version, limit, io, encoding
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A line that is not `name: value` (missing colon, stray text).
        public static let syntax = Code(.syntax)
        /// A continuation line (leading space) with nothing to continue.
        public static let folding = Code(.folding)
        /// A `::` value that is not valid base64.
        public static let base64 = Code(.base64)
        /// A record that does not start with `dn:`.
        public static let missingDN = Code(.missingDN)
        /// A `dn:`, `newrdn:` or `newsuperior:` value that is not an RFC 4514 name.
        public static let invalidDN = Code(.invalidDN)
        /// An attribute description with characters outside RFC 4512 `attributedescription`.
        public static let invalidAttributeDescription = Code(.invalidAttributeDescription)
        /// An unknown `changetype:` or lines that the change type does not allow.
        public static let changeType = Code(.changeType)
        /// A malformed `changetype: modify` body (`-` misuse, value of another attribute).
        public static let modification = Code(.modification)
        /// A malformed `changetype: modrdn`/`moddn` body.
        public static let modifyDN = Code(.modifyDN)
        /// A malformed `control:` line or one without a `changetype:`.
        public static let control = Code(.control)
        /// A `:<` URL value that is refused, of an unsupported scheme, or unreadable.
        public static let url = Code(.url)
        /// A `version:` line other than `version: 1` at the start of the file.
        public static let version = Code(.version)
        /// A configured limit (line, value or record size, attribute count) was exceeded.
        public static let limit = Code(.limit)
        /// Reading the input failed.
        public static let io = Code(.io)
        /// A name or value that must be UTF-8 is not.
        public static let encoding = Code(.encoding)

        /// The code's name, e.g. `base64`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// 1-based physical line of the input (0 when no line applies, e.g. an I/O error).
    public var line: Int
    /// 1-based column (byte offset in the physical line plus one).
    public var column: Int
    /// A sentence saying what is wrong.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, line: Int, column: Int, _ message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }

    public static func == (lhs: LDIFError, rhs: LDIFError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
