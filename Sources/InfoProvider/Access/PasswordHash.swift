// GVE — InfoProvider
// Stored password hashes in the RFC 2307 `{SCHEME}base64` form slapd and slappasswd use.

import Foundation

/// A password stored hashed, as `{SCHEME}base64(digest + salt)` — the form of slapd's `userPassword` and
/// `rootpw` values and of `slappasswd` output, so hashes move between GVE and OpenLDAP unchanged.
///
/// Schemes: `{SSHA}` (salted SHA-1, slappasswd's default), `{SSHA256}` and `{SSHA512}` (salted SHA-2, slapd's
/// `pw-sha2` module), and their unsalted forms `{SHA}`, `{SHA256}`, `{SHA512}` (accepted, never produced).
/// New hashes default to `{SSHA512}` with a 16-byte random salt. Verification compares digests in constant time.
public struct PasswordHash: Sendable, Hashable, CustomStringConvertible {
    /// A hash scheme (the name between braces, case-insensitive on input).
    public enum Scheme: String, Sendable, Hashable, CaseIterable {
        case sha = "SHA", ssha = "SSHA", sha256 = "SHA256", ssha256 = "SSHA256", sha512 = "SHA512", ssha512 = "SSHA512"

        /// Whether the stored value carries a salt after the digest.
        public var isSalted: Bool { rawValue.hasPrefix("SSHA") }

        var digestLength: Int {
            switch self {
            case .sha, .ssha: 20
            case .sha256, .ssha256: 32
            case .sha512, .ssha512: 64
            }
        }

        func digest(_ bytes: [UInt8]) -> [UInt8] {
            switch self {
            case .sha, .ssha: SHA.sha1(bytes)
            case .sha256, .ssha256: SHA.sha256(bytes)
            case .sha512, .ssha512: SHA.sha512(bytes)
            }
        }
    }

    public let scheme: Scheme
    let digest: [UInt8]
    let salt: [UInt8]

    /// Parses a stored hash such as `{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=`-style slappasswd output.
    /// - Throws: ``AccessConfigurationError`` `invalidHash` naming what is wrong: no `{SCHEME}` prefix (plaintext
    ///   is never accepted as a stored credential), an unknown scheme, bad base64, or a value too short for the
    ///   scheme's digest.
    public init(_ text: String) throws(AccessConfigurationError) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("{"), let close = text.firstIndex(of: "}") else {
            throw AccessConfigurationError(.invalidHash, "a stored password must be a {SCHEME}hash (e.g. from `gve infosys hash-password`), not plaintext")
        }
        let name = text[text.index(after: text.startIndex)..<close].uppercased()
        guard let scheme = Scheme(rawValue: name) else {
            throw AccessConfigurationError(.invalidHash, "unsupported password scheme {\(name)}; use one of \(Scheme.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", "))")
        }
        guard let data = Data(base64Encoded: String(text[text.index(after: close)...])) else {
            throw AccessConfigurationError(.invalidHash, "{\(name)} hash is not valid base64")
        }
        let bytes = [UInt8](data)
        guard scheme.isSalted ? bytes.count > scheme.digestLength : bytes.count == scheme.digestLength else {
            throw AccessConfigurationError(.invalidHash, "{\(name)} hash has \(bytes.count) bytes; expected \(scheme.isSalted ? "more than " : "")\(scheme.digestLength)")
        }
        self.scheme = scheme
        self.digest = Array(bytes.prefix(scheme.digestLength))
        self.salt = Array(bytes.dropFirst(scheme.digestLength))
    }

    /// Hashes a password.
    /// - Parameters:
    ///   - password: The password's bytes (UTF-8 for text).
    ///   - scheme: The scheme; default `{SSHA512}`.
    ///   - salt: The salt for salted schemes; default 16 random bytes. Ignored by unsalted schemes.
    public init(hashing password: [UInt8], scheme: Scheme = .ssha512, salt: [UInt8]? = nil) {
        var s: [UInt8] = []
        if scheme.isSalted {
            if let salt, !salt.isEmpty { s = salt } else {
                var rng = SystemRandomNumberGenerator()
                s = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
            }
        }
        self.scheme = scheme
        self.salt = s
        self.digest = scheme.digest(password + s)
    }

    /// Whether `password` hashes to this value (constant time in the password's content).
    public func verify(_ password: [UInt8]) -> Bool {
        Self.constantTimeEquals(scheme.digest(password + salt), digest)
    }

    /// The stored form, `{SCHEME}base64`.
    public var description: String { "{\(scheme.rawValue)}" + Data(digest + salt).base64EncodedString() }

    /// Compares two byte strings without stopping at the first difference. Their lengths are not secret
    /// (digest sizes), so unequal lengths return at once.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// Compares a plaintext password (configured as such, e.g. a root password given in clear) without
    /// leaking where it differs or its length: both sides are hashed first.
    static func plaintextMatches(_ candidate: [UInt8], _ expected: [UInt8]) -> Bool {
        constantTimeEquals(SHA.sha256(candidate), SHA.sha256(expected))
    }
}
