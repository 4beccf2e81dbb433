// GVE — InfoProvider
// The error of the access configuration: password hashes and publisher declarations.

/// A password hash or publisher declaration the server cannot use. Equality compares only the code.
public struct AccessConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong (open set).
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A hash without a known `{SCHEME}` prefix, or whose base64 or length is wrong.
        public static let invalidHash = Self(rawValue: "invalidHash")
        /// A publishers-file line that is not `DN HASH SUBTREE`, or names a bad DN.
        public static let invalidPublisher = Self(rawValue: "invalidPublisher")
        /// A file that cannot be read.
        public static let unreadable = Self(rawValue: "unreadable")
    }

    public var code: Code
    public var message: String
    /// 1-based line of a publishers file, when the error comes from one.
    public var line: Int?

    public init(_ code: Code, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public var description: String { (line.map { "line \($0): " } ?? "") + message }

    public static func == (a: Self, b: Self) -> Bool { a.code == b.code }
}
