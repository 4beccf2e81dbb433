// GVE — GLUEModel
public import LDAPCore

/// One problem the validator found in one entry.
public struct GLUEFinding: Sendable, Hashable, CustomStringConvertible {
    /// A finding code, glue-validator style: `E-` errors, `W-` warnings (open set).
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A MUST attribute of one of the entry's object classes is absent.
        public static let missingMandatory = Self(rawValue: "E-MISSING-MANDATORY")
        /// A value is not of the attribute's type (integer, real, boolean).
        public static let invalidType = Self(rawValue: "E-INVALID-TYPE")
        /// A value outside a closed enumeration (HealthState, ServingState, QualityLevel, ...).
        public static let invalidEnumeration = Self(rawValue: "E-INVALID-ENUM")
        /// A time not in `YYYY-MM-DDTHH:MM:SSZ` form.
        public static let invalidTimestamp = Self(rawValue: "E-INVALID-TIMESTAMP")
        /// CreationTime + Validity lies in the past.
        public static let expired = Self(rawValue: "W-EXPIRED")
        /// CreationTime lies in the future.
        public static let futureCreationTime = Self(rawValue: "W-FUTURE-CREATION-TIME")
        /// A well-known "unset" placeholder value (444444, 2146660842).
        public static let placeholder = Self(rawValue: "W-PLACEHOLDER")
        /// A foreign key naming an ID that no entry of the input has.
        public static let danglingForeignKey = Self(rawValue: "W-DANGLING-FOREIGN-KEY")

        /// Error for `E-` codes, warning otherwise.
        public var severity: Severity { rawValue.hasPrefix("E-") ? .error : .warning }
    }

    public enum Severity: String, Sendable, Hashable, Comparable {
        case warning, error
        public static func < (a: Self, b: Self) -> Bool { a == .warning && b == .error }
    }

    public var dn: DistinguishedName
    public var attribute: String?
    public var code: Code
    public var message: String
    /// The line of the entry in its source, when the caller gave one.
    public var line: Int?

    public var severity: Severity { code.severity }

    public init(dn: DistinguishedName, attribute: String?, code: Code, message: String, line: Int? = nil) {
        self.dn = dn
        self.attribute = attribute
        self.code = code
        self.message = message
        self.line = line
    }

    /// `E-MISSING-MANDATORY error: message [dn] (attribute)`.
    public var description: String {
        "\(code) \(severity.rawValue): \(message) [\(dn)]" + (attribute.map { " (\($0))" } ?? "")
    }
}
