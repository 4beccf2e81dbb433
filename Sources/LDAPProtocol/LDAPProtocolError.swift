// GVE — LDAPProtocol
// The module's one error type: every way a PDU can fail to decode.

/// A PDU that cannot be decoded (RFC 4511 §4.1.1: the server answers with a Notice of Disconnection
/// carrying `protocolError` and closes the session).
///
/// Equality compares only ``code`` so tests can match the kind of failure.
public struct LDAPProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. Open: new kinds may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Kind: Sendable, Hashable {
            case indefiniteLength, truncated, lengthExceedsLimit, unexpectedTag, trailingBytes
            case nestingTooDeep, filterTooDeep, invalidValue, highTagNumber
        }
        let kind: Kind
        /// The indefinite length form (0x80), which RFC 4511 §5.1 forbids.
        public static let indefiniteLength = Code(kind: .indefiniteLength)
        /// An element's length runs past the end of its enclosing element.
        public static let truncated = Code(kind: .truncated)
        /// A length larger than the configured limit (or not representable).
        public static let lengthExceedsLimit = Code(kind: .lengthExceedsLimit)
        /// A tag other than the one the grammar requires at this position.
        public static let unexpectedTag = Code(kind: .unexpectedTag)
        /// Bytes left over after the last element of a SEQUENCE or PDU.
        public static let trailingBytes = Code(kind: .trailingBytes)
        /// Constructed elements nested deeper than the configured limit.
        public static let nestingTooDeep = Code(kind: .nestingTooDeep)
        /// A search filter nested deeper than the configured limit.
        public static let filterTooDeep = Code(kind: .filterTooDeep)
        /// A primitive value that breaks its type's rules (bad BOOLEAN, INTEGER out of range, invalid UTF-8...).
        public static let invalidValue = Code(kind: .invalidValue)
        /// A tag number ≥ 31 (multi-byte tag); LDAP never uses one.
        public static let highTagNumber = Code(kind: .highTagNumber)

        public var description: String { "\(kind)" }
    }

    /// What went wrong.
    public var code: Code
    /// Which element or limit, in words.
    public var message: String
    /// Source location that raised the error.
    public var file: String
    public var line: Int

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String { "LDAPProtocolError.\(code): \(message)" }
}
