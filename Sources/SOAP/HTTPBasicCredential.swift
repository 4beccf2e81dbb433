// GVE — SOAP
// HTTP Basic credentials (RFC 7617), as SOAP services over HTTP accept them.
import Foundation

/// A user name and password from an HTTP `Authorization: Basic …` header (RFC 7617).
public struct HTTPBasicCredential: Sendable, Hashable {
    /// The user-id (no colon, RFC 7617 §2).
    public var username: String
    /// The password.
    public var password: String

    /// Creates a credential.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// Parses an `Authorization` header value.
    /// - Parameter authorization: e.g. `Basic dXNlcjpwYXNz`.
    /// - Returns: nil when the scheme is not Basic.
    /// - Throws: ``SOAPError`` `.malformedAuthorization` when the Basic payload is bad.
    public init?(authorization: String) throws {
        let trimmed = authorization.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return nil }
        guard trimmed[..<space].lowercased() == "basic" else { return nil }
        let payload = trimmed[trimmed.index(after: space)...].trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: payload), let decoded = String(data: data, encoding: .utf8) else {
            throw SOAPError(.malformedAuthorization, "Basic credential is not Base64-encoded UTF-8")
        }
        guard let colon = decoded.firstIndex(of: ":") else {
            throw SOAPError(.malformedAuthorization, "Basic credential has no ':' between user and password")
        }
        let user = String(decoded[..<colon])
        guard !user.isEmpty else { throw SOAPError(.malformedAuthorization, "Basic credential has an empty user name") }
        self.init(username: user, password: String(decoded[decoded.index(after: colon)...]))
    }

    /// The `Authorization` header value.
    public var authorizationHeader: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
