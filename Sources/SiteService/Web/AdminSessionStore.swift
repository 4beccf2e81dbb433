// GVE — SiteService
// Server-side admin web sessions: random 256-bit ids, a per-session CSRF token, idle and absolute expiry.
import Foundation
import Synchronization

/// One logged-in admin browser session.
public struct AdminSession: Sendable, Hashable {
    /// The session id carried by the cookie (64 hex digits, 256 random bits).
    public var id: String
    /// The admin this session acts for.
    public var principal: Principal
    /// The token every form of this session must echo back (checked on every POST).
    public var csrfToken: String
    /// When the session stops being accepted.
    public var expires: Date
}

/// Admin web settings.
public struct AdminWebConfiguration: Sendable {
    /// Idle lifetime of a session, seconds (each request extends it up to ``absoluteLifetime``).
    public var idleLifetime: TimeInterval
    /// Longest a session lives after log-in, seconds.
    public var absoluteLifetime: TimeInterval
    /// Lifetime of a one-time login link, seconds.
    public var loginLinkLifetime: TimeInterval
    /// Largest accepted form body, bytes.
    public var maximumFormSize: Int
    /// Sessions kept at most (the oldest are dropped beyond).
    public var maximumSessions: Int
    /// Mark the cookie `Secure` (set when served behind TLS).
    public var secureCookie: Bool
    /// The overview flags the inventory as stale when its newest host report is older than this, seconds.
    public var staleInventoryAfter: TimeInterval

    public init(idleLifetime: TimeInterval = 1800, absoluteLifetime: TimeInterval = 12 * 3600, loginLinkLifetime: TimeInterval = 300,
                maximumFormSize: Int = 64 << 10, maximumSessions: Int = 10_000, secureCookie: Bool = false,
                staleInventoryAfter: TimeInterval = 300) {
        self.idleLifetime = idleLifetime
        self.absoluteLifetime = absoluteLifetime
        self.loginLinkLifetime = loginLinkLifetime
        self.maximumFormSize = maximumFormSize
        self.maximumSessions = maximumSessions
        self.secureCookie = secureCookie
        self.staleInventoryAfter = staleInventoryAfter
    }
}

/// The in-memory session table (sessions end with the process; admins log in again).
public final class AdminSessionStore: Sendable {
    struct Entry {
        var session: AdminSession
        var created: Date
    }

    let configuration: AdminWebConfiguration
    let now: @Sendable () -> Date
    let table = Mutex([String: Entry]())

    public init(configuration: AdminWebConfiguration = .init(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.now = now
    }

    /// 256 random bits as 64 lower-case hex digits (SystemRandomNumberGenerator reads the kernel CSPRNG).
    public static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let v = rng.next() as UInt64
            let hex = String(v, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// Opens a session for an admin.
    public func open(for principal: Principal) -> AdminSession {
        let t = now()
        let session = AdminSession(id: Self.randomToken(), principal: principal, csrfToken: Self.randomToken(),
                                   expires: t.addingTimeInterval(configuration.idleLifetime))
        table.withLock { table in
            table = table.filter { $0.value.session.expires > t }
            if table.count >= configuration.maximumSessions,
               let oldest = table.min(by: { $0.value.created < $1.value.created })?.key {
                table[oldest] = nil
            }
            table[session.id] = Entry(session: session, created: t)
        }
        return session
    }

    /// The live session with this id, its idle expiry pushed forward; nil when unknown or expired.
    public func session(id: String) -> AdminSession? {
        let t = now()
        return table.withLock { table -> AdminSession? in
            guard var entry = table[id] else { return nil }
            guard entry.session.expires > t else {
                table[id] = nil
                return nil
            }
            let cap = entry.created.addingTimeInterval(configuration.absoluteLifetime)
            entry.session.expires = min(t.addingTimeInterval(configuration.idleLifetime), cap)
            table[id] = entry
            return entry.session
        }
    }

    /// Ends a session.
    public func close(id: String) {
        _ = table.withLock { $0.removeValue(forKey: id) }
    }

    /// Ends every session of a user (after the account is disabled).
    public func closeAll(userName: String) {
        table.withLock { table in table = table.filter { $0.value.session.principal.name != userName } }
    }
}
