// GVE — SiteService
// Identity: WS-Security UsernameToken (Text and Digest, nonce replay and Created window) and HTTP Basic,
// with backoff for repeated failures per user and per client address.
import Foundation
import HummingbirdBcrypt
import SOAP
import Synchronization

/// Authentication settings.
public struct AuthenticatorConfiguration: Sendable {
    /// How far `wsu:Created` may be from now, seconds (UsernameToken Profile §3.1 recommends a few minutes).
    public var createdWindow: TimeInterval
    /// Failures tolerated before responses are slowed.
    public var freeFailures: Int
    /// First delay once slowed; doubles per further failure.
    public var baseDelay: Duration
    /// Longest delay.
    public var maximumDelay: Duration
    /// How long failures are remembered.
    public var failureMemory: TimeInterval

    public init(createdWindow: TimeInterval = 300, freeFailures: Int = 3, baseDelay: Duration = .milliseconds(250),
                maximumDelay: Duration = .seconds(5), failureMemory: TimeInterval = 900) {
        self.createdWindow = createdWindow
        self.freeFailures = freeFailures
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.failureMemory = failureMemory
    }
}

/// Checks credentials against the user table.
public final class Authenticator: Sendable {
    struct State {
        var nonces: [String: Date] = [:]
        var failures: [String: (count: Int, last: Date)] = [:]
        /// user name → SHA-1 of (bcrypt hash + password) verified recently, to spare bcrypt on every request.
        var verified: [String: [UInt8]] = [:]
    }

    let database: SiteDatabase
    let configuration: AuthenticatorConfiguration
    let now: @Sendable () -> Date
    let state = Mutex(State())

    public init(database: SiteDatabase, configuration: AuthenticatorConfiguration = .init(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.configuration = configuration
        self.now = now
    }

    /// The delay imposed before answering after `failures` recent failures.
    public func delay(afterFailures failures: Int) -> Duration {
        let over = failures - configuration.freeFailures
        guard over >= 0 else { return .zero }
        let factor = 1 << min(over, 16)
        return min(configuration.baseDelay * factor, configuration.maximumDelay)
    }

    /// Recent failures recorded for a key (`user:NAME` or `ip:ADDR`).
    public func failures(for key: String) -> Int {
        state.withLock { s in
            guard let f = s.failures[key], now().timeIntervalSince(f.last) < configuration.failureMemory else { return 0 }
            return f.count
        }
    }

    /// Authenticates a request from its SOAP header, its HTTP Authorization header or, over TLS, the subject of the
    /// client certificate the handshake verified.
    /// - Parameters:
    ///   - header: the SOAP Header (may carry wsse:Security).
    ///   - authorization: the HTTP `Authorization` value.
    ///   - clientAddress: the peer address, for backoff.
    ///   - clientSubject: the verified client certificate's subject (used when no password credential is given).
    /// - Returns: the principal.
    /// - Throws: SiteError `.authenticationFailed` (the same message whatever failed, so names cannot be probed).
    public func authenticate(header: SOAPElement?, authorization: String?, clientAddress: String?,
                             clientSubject: CertificateSubject? = nil) async throws -> Principal {
        let token: UsernameToken?
        let basic: HTTPBasicCredential?
        do {
            token = try UsernameToken(header: header)
            basic = try authorization.flatMap { try HTTPBasicCredential(authorization: $0) }
        } catch let e as SOAPError {
            throw SiteError(.authenticationFailed, "authentication failed: \(e.message)")
        }
        guard let username = token?.username ?? basic?.username else {
            if let clientSubject { return try await authenticate(subject: clientSubject, clientAddress: clientAddress) }
            throw SiteError(.authenticationFailed, "authentication required: WS-Security UsernameToken, HTTP Basic or a client certificate")
        }
        let keys = ["user:\(username)"] + (clientAddress.map { ["ip:\($0)"] } ?? [])
        let wait = keys.map { delay(afterFailures: failures(for: $0)) }.max() ?? .zero
        if wait > .zero { try? await Task.sleep(for: wait) }

        if let principal = try await check(username: username, token: token, basic: basic) {
            state.withLock { s in for k in keys { s.failures[k] = nil } }
            return principal
        }
        state.withLock { s in
            let t = now()
            for k in keys {
                let previous = s.failures[k].flatMap { t.timeIntervalSince($0.last) < configuration.failureMemory ? $0.count : nil } ?? 0
                s.failures[k] = (previous + 1, t)
            }
        }
        throw SiteError(.authenticationFailed, "authentication failed for '\(username)'")
    }

    /// A verified client certificate: the user mapped to its subject, if enabled.
    func authenticate(subject: CertificateSubject, clientAddress: String?) async throws -> Principal {
        let keys = ["dn:\(subject.gridForm)"] + (clientAddress.map { ["ip:\($0)"] } ?? [])
        let wait = keys.map { delay(afterFailures: failures(for: $0)) }.max() ?? .zero
        if wait > .zero { try? await Task.sleep(for: wait) }
        if let user = try await database.user(subject: subject), !user.disabled {
            return Principal(userID: user.id, name: user.name, role: user.role)
        }
        state.withLock { s in
            let t = now()
            for k in keys {
                let previous = s.failures[k].flatMap { t.timeIntervalSince($0.last) < configuration.failureMemory ? $0.count : nil } ?? 0
                s.failures[k] = (previous + 1, t)
            }
        }
        throw SiteError(.authenticationFailed, "no enabled user is mapped to certificate subject \(subject.gridForm)")
    }

    private func check(username: String, token: UsernameToken?, basic: HTTPBasicCredential?) async throws -> Principal? {
        guard let creds = try await database.credentials(name: username), !creds.user.disabled else { return nil }
        let principal = Principal(userID: creds.user.id, name: creds.user.name, role: creds.user.role)
        if let token {
            if let created = token.createdDate, abs(created.timeIntervalSince(now())) > configuration.createdWindow { return nil }
            switch token.passwordType {
            case .digest:
                guard let secret = creds.digestSecret, token.verify(clearPassword: secret) else { return nil }
                guard let nonce = token.nonce?.base64EncodedString() else { return nil }
                let fresh = state.withLock { s -> Bool in
                    let t = now()
                    if s.nonces.count > 10_000 { s.nonces = s.nonces.filter { t.timeIntervalSince($0.value) < 2 * configuration.createdWindow } }
                    if s.nonces[username + "/" + nonce] != nil { return false }
                    s.nonces[username + "/" + nonce] = t
                    return true
                }
                return fresh ? principal : nil
            case .text:
                return verifyPassword(token.password, creds: creds) ? principal : nil
            }
        }
        if let basic { return verifyPassword(basic.password, creds: creds) ? principal : nil }
        return nil
    }

    private func verifyPassword(_ password: String, creds: UserCredentials) -> Bool {
        let fingerprint = SHA1.hash(Array((creds.passwordHash + "\u{0}" + password).utf8))
        if state.withLock({ $0.verified[creds.user.name] == fingerprint }) { return true }
        guard Bcrypt.verify(password, hash: creds.passwordHash) else { return false }
        state.withLock { $0.verified[creds.user.name] = fingerprint }
        return true
    }
}
