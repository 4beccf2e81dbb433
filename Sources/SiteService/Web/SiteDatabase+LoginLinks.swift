// GVE — SiteService
// One-time admin login links: a 256-bit token whose SHA-1 is stored, usable once, before a short expiry.
// The table belongs to the admin web interface and is created on first use.
import Foundation
import GRDB
import SOAP

extension SiteDatabase {
    static let loginLinksTable = """
        CREATE TABLE IF NOT EXISTS admin_login_links (
            token_hash TEXT PRIMARY KEY NOT NULL,
            user_name TEXT NOT NULL,
            expires REAL NOT NULL)
        """

    static func tokenHash(_ token: String) -> String {
        SHA1.hash(Array(token.utf8)).map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }

    /// Creates a one-time login link token for an admin.
    /// - Parameters:
    ///   - userName: an enabled user with the admin role.
    ///   - lifetime: seconds the link stays valid.
    ///   - now: the current time.
    /// - Returns: the token (64 hex digits) to put in `/admin/login/token/<token>`.
    /// - Throws: SiteError `.notFound` for an unknown user, `.notAuthorized` for a non-admin or disabled user.
    public func createAdminLoginToken(userName: String, lifetime: TimeInterval = 300, now: Date = Date()) async throws -> String {
        guard let creds = try await credentials(name: userName) else {
            throw SiteError(.notFound, "no user '\(userName)'", details: [("user", userName)])
        }
        guard creds.user.role == .admin, !creds.user.disabled else {
            throw SiteError(.notAuthorized, "user '\(userName)' is not an enabled admin", details: [("user", userName)])
        }
        let token = AdminSessionStore.randomToken()
        try await pool.write { db in
            try db.execute(sql: Self.loginLinksTable)
            try db.execute(sql: "DELETE FROM admin_login_links WHERE expires <= ?", arguments: [now.timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO admin_login_links (token_hash, user_name, expires) VALUES (?, ?, ?)",
                           arguments: [Self.tokenHash(token), userName, now.addingTimeInterval(lifetime).timeIntervalSince1970])
        }
        return token
    }

    /// Uses up a login link token: returns its user name once, while unexpired; nil otherwise.
    public func consumeAdminLoginToken(_ token: String, now: Date = Date()) async throws -> String? {
        guard token.count == 64, token.allSatisfy(\.isHexDigit) else { return nil }
        return try await pool.write { db -> String? in
            try db.execute(sql: Self.loginLinksTable)
            let hash = Self.tokenHash(token.lowercased())
            guard let row = try Row.fetchOne(db, sql: "SELECT user_name, expires FROM admin_login_links WHERE token_hash = ?",
                                             arguments: [hash]) else { return nil }
            try db.execute(sql: "DELETE FROM admin_login_links WHERE token_hash = ?", arguments: [hash])
            let expires: Double = row["expires"]
            return expires > now.timeIntervalSince1970 ? row["user_name"] : nil
        }
    }
}
