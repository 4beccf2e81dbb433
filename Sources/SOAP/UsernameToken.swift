// GVE — SOAP
// WS-Security UsernameToken Profile 1.0/1.1: reading, checking and writing the token.
import Foundation

/// A WS-Security `UsernameToken` (OASIS UsernameToken Profile 1.1).
///
/// The service is responsible for the replay rules of §3.1 (reject a reused nonce, reject a stale `Created`);
/// this type gives it the parsed values and the digest check.
public struct UsernameToken: Sendable, Hashable {
    /// How the password is carried.
    public enum PasswordType: Sendable, Hashable {
        /// `#PasswordText`: the password itself.
        case text
        /// `#PasswordDigest`: Base64(SHA-1(nonce + created + password)).
        case digest
    }

    /// `#PasswordText` type URI.
    public static let passwordTextURI = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"
    /// `#PasswordDigest` type URI.
    public static let passwordDigestURI = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest"
    /// `Base64Binary` encoding type URI for the nonce.
    public static let base64BinaryURI = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"

    /// The user name.
    public var username: String
    /// The password text, or the Base64 digest.
    public var password: String
    /// How ``password`` is to be read.
    public var passwordType: PasswordType
    /// The decoded nonce bytes, if present.
    public var nonce: Data?
    /// The `wsu:Created` text exactly as sent (it enters the digest verbatim).
    public var created: String?

    /// Creates a token.
    public init(username: String, password: String, passwordType: PasswordType, nonce: Data? = nil, created: String? = nil) {
        self.username = username
        self.password = password
        self.passwordType = passwordType
        self.nonce = nonce
        self.created = created
    }

    /// Builds a digest token for a client: computes the digest from a fresh nonce and a creation time.
    /// - Parameters:
    ///   - username: the user name.
    ///   - password: the clear password (not sent).
    ///   - nonce: random bytes (16 recommended).
    ///   - created: the creation time.
    public static func digest(username: String, password: String, nonce: Data, created: Date) -> UsernameToken {
        let createdText = formatTimestamp(created)
        return UsernameToken(username: username, password: computeDigest(nonce: nonce, created: createdText, password: password),
                             passwordType: .digest, nonce: nonce, created: createdText)
    }

    /// Base64(SHA-1(nonce + created + password)), UsernameToken Profile 1.1 §3.1.
    public static func computeDigest(nonce: Data, created: String, password: String) -> String {
        var input = [UInt8](nonce)
        input += Array(created.utf8)
        input += Array(password.utf8)
        return Data(SHA1.hash(input)).base64EncodedString()
    }

    /// Reads the first `wsse:Security/wsse:UsernameToken` from a SOAP `Header`.
    /// - Parameter header: the envelope header (may be nil).
    /// - Returns: the token, or nil when the header has no UsernameToken.
    /// - Throws: ``SOAPError`` `.malformedSecurityToken` naming the missing or bad part.
    public init?(header: SOAPElement?) throws {
        guard let security = header?.children.first(where: { $0.name == "Security" && $0.namespace == SOAPNamespace.wsse }),
              let token = security.child("UsernameToken", namespace: SOAPNamespace.wsse)
        else { return nil }
        try self.init(element: token)
    }

    /// Reads a `wsse:UsernameToken` element.
    /// - Throws: ``SOAPError`` `.malformedSecurityToken` naming the missing or bad part.
    public init(element token: SOAPElement) throws {
        guard let username = token.child("Username", namespace: SOAPNamespace.wsse)?.trimmedText, !username.isEmpty else {
            throw SOAPError(.malformedSecurityToken, "UsernameToken has no Username")
        }
        guard let passwordElement = token.child("Password", namespace: SOAPNamespace.wsse) else {
            throw SOAPError(.malformedSecurityToken, "UsernameToken has no Password")
        }
        let type: PasswordType
        switch passwordElement.attribute("Type") {
        case nil, Self.passwordTextURI?: type = .text
        case Self.passwordDigestURI?: type = .digest
        case let other?: throw SOAPError(.malformedSecurityToken, "Password Type '\(other)' is not PasswordText or PasswordDigest")
        }
        var nonce: Data?
        if let nonceElement = token.child("Nonce", namespace: SOAPNamespace.wsse) {
            if let encoding = nonceElement.attribute("EncodingType"), encoding != Self.base64BinaryURI {
                throw SOAPError(.malformedSecurityToken, "Nonce EncodingType '\(encoding)' is not Base64Binary")
            }
            guard let bytes = Data(base64Encoded: nonceElement.trimmedText), !bytes.isEmpty else {
                throw SOAPError(.malformedSecurityToken, "Nonce is not valid Base64")
            }
            nonce = bytes
        }
        let created = token.child("Created", namespace: SOAPNamespace.wsu)?.trimmedText
        if type == .digest {
            guard nonce != nil else { throw SOAPError(.malformedSecurityToken, "PasswordDigest requires a Nonce") }
            guard created != nil else { throw SOAPError(.malformedSecurityToken, "PasswordDigest requires wsu:Created") }
        }
        if let created, Self.parseTimestamp(created) == nil {
            throw SOAPError(.malformedSecurityToken, "Created '\(created)' is not an xs:dateTime in UTC")
        }
        self.init(username: username, password: type == .digest ? passwordElement.trimmedText : passwordElement.text,
                  passwordType: type, nonce: nonce, created: created)
    }

    /// The parsed `Created` time.
    public var createdDate: Date? { created.flatMap(Self.parseTimestamp) }

    /// Checks the token against the user's clear password, in constant time over the compared bytes.
    /// - Parameter clearPassword: the password the service holds for ``username``.
    /// - Returns: true when the text matches, or the digest recomputes to the same value.
    public func verify(clearPassword: String) -> Bool {
        switch passwordType {
        case .text:
            return constantTimeEqual(Array(password.utf8), Array(clearPassword.utf8))
        case .digest:
            guard let nonce, let created else { return false }
            let expected = Self.computeDigest(nonce: nonce, created: created, password: clearPassword)
            return constantTimeEqual(Array(password.utf8), Array(expected.utf8))
        }
    }

    /// The `wsse:Security` header block carrying this token.
    public func securityHeader() -> SOAPElement {
        var children = [
            SOAPElement("Username", namespace: SOAPNamespace.wsse, text: username),
            SOAPElement("Password", namespace: SOAPNamespace.wsse,
                        attributes: [SOAPAttribute(name: "Type", value: passwordType == .digest ? Self.passwordDigestURI : Self.passwordTextURI)],
                        children: [], text: password),
        ]
        if let nonce {
            children.append(SOAPElement("Nonce", namespace: SOAPNamespace.wsse,
                                        attributes: [SOAPAttribute(name: "EncodingType", value: Self.base64BinaryURI)],
                                        children: [], text: nonce.base64EncodedString()))
        }
        if let created { children.append(SOAPElement("Created", namespace: SOAPNamespace.wsu, text: created)) }
        return SOAPElement("Security", namespace: SOAPNamespace.wsse, children: [
            SOAPElement("UsernameToken", namespace: SOAPNamespace.wsse, children: children),
        ])
    }

    /// Parses an xs:dateTime in UTC (`Z` or `+00:00`), with or without fractional seconds.
    public static func parseTimestamp(_ text: String) -> Date? {
        var s = text
        if s.hasSuffix("+00:00") { s = String(s.dropLast(6)) + "Z" }
        guard s.hasSuffix("Z") else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: s) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = fractional.date(from: s) { return d }
        // More than millisecond precision (e.g. Python's microseconds): drop the extra digits.
        if let dot = s.firstIndex(of: ".") {
            let digits = s[s.index(after: dot)...].prefix { $0.isNumber }
            if digits.count > 3 {
                let trimmed = String(s[..<dot]) + "." + digits.prefix(3) + "Z"
                return fractional.date(from: trimmed)
            }
        }
        return nil
    }

    /// Formats a time as xs:dateTime in UTC with milliseconds, e.g. `2026-11-25T10:00:00.123Z`.
    public static func formatTimestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}

/// Compares two byte strings without an early exit on the first difference.
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var diff = UInt8(a.count == b.count ? 0 : 1)
    let n = max(a.count, b.count)
    for i in 0..<n {
        let x = i < a.count ? a[i] : 0
        let y = i < b.count ? b[i] : 0
        diff |= x ^ y
    }
    return diff == 0
}
