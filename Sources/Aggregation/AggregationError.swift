// GVE — Aggregation
// The module's one error type.

/// An error from the aggregation module: a bad configuration file, unreadable source output, or a sink
/// that refused a cycle's changes. Equality compares only ``code``, so tests can match it easily.
public struct AggregationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case invalidConfiguration, unreadableFile, invalidLDIF, sinkRejected
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A configuration line is malformed or a value has the wrong type.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A configuration file or source file could not be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// Source output is not valid LDIF.
        public static let invalidLDIF = Code(.invalidLDIF)
        /// The ``DirectorySink`` refused a cycle's changes (nothing was applied).
        public static let sinkRejected = Code(.sinkRejected)

        public var description: String { kind.rawValue }
    }

    /// The error's code.
    public var code: Code
    /// A message naming the file, line, key or limit concerned.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.cause = cause
        self.file = file
        self.line = line
    }

    public static func == (lhs: AggregationError, rhs: AggregationError) -> Bool { lhs.code == rhs.code }

    public var description: String {
        if let cause { return "\(code): \(message) (\(cause))" }
        return "\(code): \(message)"
    }
}
