// GVE — SOAP
// The one public error type of the SOAP module.

/// An error raised while reading or checking a SOAP message.
///
/// Equality compares only ``code``, so tests can match on the kind of failure.
public struct SOAPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure; an open set of static constants.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case tooLarge, forbiddenDeclaration, unsupportedEncoding, malformedXML, tooDeep
            case notAnEnvelope, versionMismatch, missingBody, emptyBody, malformedHeader, malformedFault
            case malformedSecurityToken, malformedAuthorization
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The message exceeds the configured byte limit.
        public static let tooLarge = Code(.tooLarge)
        /// The message carries a `<!DOCTYPE`, `<!ENTITY` or other markup declaration (SOAP 1.1 §3, SOAP 1.2 part 1 §5).
        public static let forbiddenDeclaration = Code(.forbiddenDeclaration)
        /// The message is not UTF-8.
        public static let unsupportedEncoding = Code(.unsupportedEncoding)
        /// The bytes are not well-formed XML.
        public static let malformedXML = Code(.malformedXML)
        /// The element nesting exceeds the configured depth.
        public static let tooDeep = Code(.tooDeep)
        /// The document element is not an `Envelope`.
        public static let notAnEnvelope = Code(.notAnEnvelope)
        /// The `Envelope` is in a namespace that is neither SOAP 1.1 nor SOAP 1.2.
        public static let versionMismatch = Code(.versionMismatch)
        /// The `Envelope` has no `Body`.
        public static let missingBody = Code(.missingBody)
        /// The `Body` has no element child.
        public static let emptyBody = Code(.emptyBody)
        /// The `Header` is misplaced or not well structured.
        public static let malformedHeader = Code(.malformedHeader)
        /// A `Fault` lacks its required parts.
        public static let malformedFault = Code(.malformedFault)
        /// A WS-Security `UsernameToken` lacks or misformats a part.
        public static let malformedSecurityToken = Code(.malformedSecurityToken)
        /// An HTTP `Authorization` header is not a valid Basic credential.
        public static let malformedAuthorization = Code(.malformedAuthorization)

        public var description: String { String(describing: value) }
    }

    /// The kind of failure.
    public let code: Code
    /// A human-readable explanation naming the element, field or limit at fault.
    public let message: String
    /// Source location that raised the error.
    public let file: String
    /// Source line that raised the error.
    public let line: Int

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public static func == (lhs: SOAPError, rhs: SOAPError) -> Bool { lhs.code == rhs.code }

    public var description: String { "SOAPError.\(code): \(message)" }
}
