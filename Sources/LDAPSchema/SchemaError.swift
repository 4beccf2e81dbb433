// GVE — LDAPSchema
// The module's one error type.

/// A schema file that cannot be read or does not follow the OpenLDAP schema syntax, or a
/// definition that refers to something unknown. The message names the file, the line and the
/// element (`attributetype 'GLUE2EntityName'`).
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String { case io, syntax, unknownReference, duplicate }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The file could not be read.
        public static let io = Code(.io)
        /// The text does not follow RFC 4512 / slapd.conf schema syntax.
        public static let syntax = Code(.syntax)
        /// A definition names a matching rule, syntax, supertype, superclass, attribute or OID macro that is not defined.
        public static let unknownReference = Code(.unknownReference)
        /// Two definitions share an OID or a name.
        public static let duplicate = Code(.duplicate)
        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The file (as given to ``Schema/load(files:)``), or `<builtin>`.
    public var file: String
    /// 1-based line where the statement starts (0 for file-level errors).
    public var line: Int
    /// The element, e.g. `attributetype 'GLUE2EntityName'`, when known.
    public var element: String?
    public var message: String

    public init(_ code: Code, file: String, line: Int, element: String?, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.element = element
        self.message = message
    }

    public var description: String {
        "\(file):\(line): " + (element.map { "\($0): " } ?? "") + message
    }

    /// Errors compare by code only, so tests can match them.
    public static func == (lhs: SchemaError, rhs: SchemaError) -> Bool { lhs.code == rhs.code }
}
