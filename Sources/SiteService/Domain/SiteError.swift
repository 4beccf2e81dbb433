// GVE — SiteService
// The one public error type of the Site Service; each code becomes a SOAP fault code.

/// A Site Service error with a machine-readable code, a human message and structured details.
///
/// Equality compares only ``code``.
public struct SiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An open set of fault codes, spelled as on the wire.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let authenticationFailed = Code(rawValue: "AuthenticationFailed")
        public static let notAuthorized = Code(rawValue: "NotAuthorized")
        public static let quotaExceeded = Code(rawValue: "QuotaExceeded")
        public static let noCapacity = Code(rawValue: "NoCapacity")
        public static let unknownImage = Code(rawValue: "UnknownImage")
        public static let invalidState = Code(rawValue: "InvalidState")
        public static let invalidRequest = Code(rawValue: "InvalidRequest")
        public static let notFound = Code(rawValue: "NotFound")
        public static let agentError = Code(rawValue: "AgentError")
        public static let internalError = Code(rawValue: "InternalError")

        public var description: String { rawValue }
    }

    /// The fault code.
    public let code: Code
    /// A human-readable message.
    public let message: String
    /// Named values for the fault detail (e.g. `field`, `limit`, `used`, `requested`).
    public let details: [(String, String)]
    /// Per-host reasons for a NoCapacity fault.
    public let hostReasons: [HostRejection]

    /// Creates an error.
    public init(_ code: Code, _ message: String, details: [(String, String)] = [], hostReasons: [HostRejection] = []) {
        self.code = code
        self.message = message
        self.details = details
        self.hostReasons = hostReasons
    }

    /// An InvalidRequest naming the field at fault.
    public static func invalid(_ field: String, _ message: String) -> SiteError {
        SiteError(.invalidRequest, "\(field): \(message)", details: [("field", field)])
    }

    /// A sender fault (the caller is at fault), as opposed to a receiver fault.
    public var isSenderFault: Bool {
        code != .internalError && code != .agentError && code != .noCapacity
    }

    public static func == (lhs: SiteError, rhs: SiteError) -> Bool { lhs.code == rhs.code }

    public var description: String { "\(code): \(message)" }
}

/// Why one host could not take a VM.
public struct HostRejection: Sendable, Hashable, Codable {
    /// The host name.
    public var host: String
    /// The constraint that failed, e.g. `freeCpus 1 < 2`.
    public var reason: String

    public init(host: String, reason: String) {
        self.host = host
        self.reason = reason
    }
}
