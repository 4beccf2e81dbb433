// GVE — GLUEModel
// The module's one error type.

/// An entry or document that cannot be read as a GLUE entity. Equality compares only ``code``.
public struct GLUEModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong (open set).
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        /// The entry lacks the object class of the requested entity type.
        public static let wrongObjectClass = Self(rawValue: "wrongObjectClass")
        /// A mandatory attribute is absent.
        public static let missingAttribute = Self(rawValue: "missingAttribute")
        /// A value does not parse as its attribute's type.
        public static let invalidValue = Self(rawValue: "invalidValue")
        /// XML or JSON input that is not a GLUE 2 document.
        public static let invalidDocument = Self(rawValue: "invalidDocument")
    }

    public var code: Code
    public var message: String
    /// The entry (LDAP DN or entity ID) concerned, when known.
    public var entry: String?
    /// The attribute concerned, when known.
    public var attribute: String?
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, entry: String? = nil, attribute: String? = nil,
                file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.entry = entry
        self.attribute = attribute
        self.file = file
        self.line = line
    }

    public var description: String {
        var s = "GLUEModelError.\(code): \(message)"
        if let entry { s += " (entry \(entry)" + (attribute.map { ", attribute \($0)" } ?? "") + ")" }
        return s
    }

    public static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    public func hash(into h: inout Hasher) { h.combine(code) }
}
