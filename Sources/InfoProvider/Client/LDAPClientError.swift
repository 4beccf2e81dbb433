// GVE — InfoProvider

public import LDAPCore
public import LDAPProtocol

/// A failed client operation: a non-success LDAP result, a broken connection, or a malformed answer.
///
/// Equality compares ``code`` and ``resultCode`` only.
public struct LDAPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Kind of failure. Open.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Kind: Sendable, Hashable { case result, connection, invalidURL, unexpectedResponse, disconnected }
        let kind: Kind
        /// The server answered with a result code other than success (see ``LDAPClientError/resultCode``).
        public static let result = Code(kind: .result)
        /// Connecting or writing failed, or the connection closed with the operation pending.
        public static let connection = Code(kind: .connection)
        /// The URL is not `ldap://host[:port]` or `ldaps://host[:port]`.
        public static let invalidURL = Code(kind: .invalidURL)
        /// The server answered with the wrong kind of PDU.
        public static let unexpectedResponse = Code(kind: .unexpectedResponse)
        /// The server sent a Notice of Disconnection (RFC 4511 §4.4.1).
        public static let disconnected = Code(kind: .disconnected)
        public var description: String { "\(kind)" }
    }

    public var code: Code
    /// The LDAP result code, when the server sent one.
    public var resultCode: LDAPResultCode?
    /// The server's diagnosticMessage, or our description of the failure.
    public var message: String
    /// The server's matchedDN, when it sent a non-empty one.
    public var matchedDN: String?

    public init(_ code: Code, resultCode: LDAPResultCode? = nil, message: String, matchedDN: String? = nil) {
        self.code = code
        self.resultCode = resultCode
        self.message = message
        self.matchedDN = matchedDN
    }

    /// An error for a non-success result.
    public init(result: LDAPResult) {
        self.init(.result, resultCode: result.resultCode,
                  message: result.diagnosticMessage, matchedDN: result.matchedDN.string.isEmpty ? nil : result.matchedDN.string)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.resultCode == rhs.resultCode }
    public func hash(into hasher: inout Hasher) { hasher.combine(code); hasher.combine(resultCode) }

    public var description: String {
        if let resultCode { return "LDAP \(resultCode): \(message)" + (matchedDN.map { " (matched \($0))" } ?? "") }
        return "LDAP client \(code): \(message)"
    }
}
