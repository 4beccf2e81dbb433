// GVE — Agent: errors from the hypervisor layer.

/// A hypervisor failure, carrying libvirt's own error code, domain and message when libvirt reported one.
///
/// Equality compares only ``code``.
public struct HypervisorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in terms the Agent acts on.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The connection could not be opened.
        public static let connectionFailed = Code(rawValue: "connectionFailed")
        /// The connection has been closed.
        public static let connectionClosed = Code(rawValue: "connectionClosed")
        /// No domain by that name (libvirt `VIR_ERR_NO_DOMAIN`).
        public static let domainNotFound = Code(rawValue: "domainNotFound")
        /// The operation does not apply in the domain's current state (libvirt `VIR_ERR_OPERATION_INVALID`).
        public static let invalidState = Code(rawValue: "invalidState")
        /// The XML description was refused (libvirt `VIR_ERR_XML_ERROR` and friends).
        public static let invalidDefinition = Code(rawValue: "invalidDefinition")
        /// A domain with that name or UUID already exists (libvirt `VIR_ERR_DOM_EXIST`…).
        public static let alreadyExists = Code(rawValue: "alreadyExists")
        /// Any other libvirt failure.
        public static let libvirt = Code(rawValue: "libvirt")

        public var description: String { rawValue }
    }

    public var code: Code
    /// libvirt's `virErrorNumber`, when libvirt reported the error.
    public var libvirtCode: Int32?
    /// libvirt's `virErrorDomain` (the subsystem), when libvirt reported the error.
    public var libvirtDomain: Int32?
    /// libvirt's message, or ours.
    public var message: String
    /// The libvirt function that failed.
    public var operation: String

    public init(code: Code, libvirtCode: Int32? = nil, libvirtDomain: Int32? = nil, message: String, operation: String) {
        self.code = code
        self.libvirtCode = libvirtCode
        self.libvirtDomain = libvirtDomain
        self.message = message
        self.operation = operation
    }

    public var description: String {
        if let libvirtCode { "\(operation): \(message) (libvirt error \(libvirtCode))" } else { "\(operation): \(message)" }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

}
