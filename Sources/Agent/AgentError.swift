// GVE — Agent: the module's error.

/// An Agent failure with a code a program can act on; SOAP faults carry ``Code/rawValue`` as `<code>`.
///
/// Equality compares only ``code``.
public struct AgentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The fault codes of the Agent contract (`urn:gve:agent:1`).
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The host (or the Site Service's grant) has not enough free CPUs, memory or disk.
        public static let noCapacity = Code(rawValue: "NoCapacity")
        /// No image by that name in the catalogue.
        public static let unknownImage = Code(rawValue: "UnknownImage")
        /// The VM or image is not in a state that allows the operation.
        public static let invalidState = Code(rawValue: "InvalidState")
        /// The hypervisor or the storage tools failed.
        public static let libvirtError = Code(rawValue: "LibvirtError")
        /// The registry could not be reached or refused a publication.
        public static let registryError = Code(rawValue: "RegistryError")
        /// Missing or wrong credentials.
        public static let authenticationFailed = Code(rawValue: "AuthenticationFailed")
        /// The request is malformed or names an impossible value.
        public static let invalidRequest = Code(rawValue: "InvalidRequest")
        /// No VM (or Site Service) by that name.
        public static let notFound = Code(rawValue: "NotFound")

        public var description: String { rawValue }

        /// Whether the caller is at fault (SOAP `soap:Client`) rather than the Agent (`soap:Server`).
        public var isClientFault: Bool { self != .libvirtError && self != .registryError }
    }

    public var code: Code
    public var message: String
    /// The underlying failure, if any (a ``HypervisorError``, a database error…).
    public var cause: (any Error & Sendable)?
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.cause = cause
        self.file = file
        self.line = line
    }

    public var description: String { "\(code): \(message)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Wraps a hypervisor failure, keeping libvirt's message.
    public init(hypervisor error: HypervisorError, file: String = #fileID, line: Int = #line) {
        let code: Code =
            switch error.code {
            case .domainNotFound: .notFound
            case .invalidState: .invalidState
            default: .libvirtError
            }
        self.init(code, error.description, cause: error, file: file, line: line)
    }
}
