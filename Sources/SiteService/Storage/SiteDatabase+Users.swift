// GVE — SiteService
// Users, quotas and settings.
import Foundation
import GRDB
import HummingbirdBcrypt

/// What authentication needs about a user.
public struct UserCredentials: Sendable {
    public var user: UserInfo
    public var passwordHash: String
    /// The clear secret for WS-Security PasswordDigest, kept only for users created with digest enabled
    /// (the digest profile cannot be verified against a one-way hash).
    public var digestSecret: String?
}

extension SiteDatabase {
    /// Creates a user with a bcrypt-hashed password and the default quota from the settings.
    /// - Parameters:
    ///   - name: unique user name.
    ///   - password: clear password (hashed with bcrypt at `cost`).
    ///   - role: user or admin.
    ///   - allowDigest: also keep the secret needed to check WS-Security PasswordDigest.
    ///   - subjectDN: certificate subject mapped to this user.
    ///   - cost: bcrypt cost (4–31; tests use 4).
    /// - Returns: the new user.
    /// - Throws: SiteError `.invalidRequest` naming `name` when it exists or is empty.
    @discardableResult
    public func createUser(name: String, password: String, role: UserRole = .user, allowDigest: Bool = false,
                           subjectDN: String? = nil, cost: UInt8 = 10, now: Date = Date()) async throws -> UserInfo {
        guard !name.isEmpty, name.count <= 128, !name.contains(":") else {
            throw SiteError.invalid("name", "user names are 1–128 characters without ':'")
        }
        guard !password.isEmpty else { throw SiteError.invalid("password", "must not be empty") }
        let subjectDN = try subjectDN.map { try CertificateSubject($0).gridForm }
        let hash = Bcrypt.hash(password, cost: cost)
        let settings = try await settings()
        return try await pool.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [name]) != nil {
                throw SiteError.invalid("name", "user '\(name)' already exists")
            }
            try Self.checkSubjectFree(db, subjectDN, except: nil)
            try db.execute(sql: """
                INSERT INTO users (name, password_hash, digest_secret, role, subject_dn, created) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [name, hash, allowDigest ? password : nil, role.rawValue, subjectDN, now.timeIntervalSince1970])
            let id = db.lastInsertedRowID
            let q = settings.defaultQuota
            try db.execute(sql: "INSERT INTO quotas (user_id, max_vms, max_vcpus, max_memory_mb, max_disk_gb) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, q.vms, q.vcpus, q.memoryMB, q.diskGB])
            return UserInfo(id: id, name: name, role: role, disabled: false, subjectDN: subjectDN)
        }
    }

    /// The user's credentials for authentication, or nil when no such user exists.
    public func credentials(name: String) async throws -> UserCredentials? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]) else { return nil }
            return UserCredentials(user: Self.user(row), passwordHash: row["password_hash"], digestSecret: row["digest_secret"])
        }
    }

    /// The user mapped to a certificate subject (compared in normalised form).
    public func user(subject: CertificateSubject) async throws -> UserInfo? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE subject_dn = ?", arguments: [subject.gridForm]).map(Self.user)
        }
    }

    /// The user mapped to a certificate subject DN given in one-line or RFC 4514 form.
    /// - Throws: SiteError `.invalidRequest` naming `subjectDN` when it cannot be parsed.
    public func user(subjectDN: String) async throws -> UserInfo? {
        try await user(subject: try CertificateSubject(subjectDN))
    }

    /// Maps a certificate subject to a user (nil: removes the mapping).
    /// - Parameters:
    ///   - name: the user.
    ///   - subjectDN: the subject in one-line (`/DC=org/CN=Alice`) or RFC 4514 (`CN=Alice,DC=org`) form; stored normalised.
    /// - Returns: the user as updated.
    /// - Throws: SiteError `.notFound`, or `.invalidRequest` naming `subjectDN` when it is malformed or mapped to another user.
    @discardableResult
    public func setSubjectDN(name: String, subjectDN: String?) async throws -> UserInfo {
        let normalised = try subjectDN.map { try CertificateSubject($0).gridForm }
        return try await pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE name = ?", arguments: [name]) else {
                throw SiteError(.notFound, "no user '\(name)'", details: [("user", name)])
            }
            try Self.checkSubjectFree(db, normalised, except: id)
            try db.execute(sql: "UPDATE users SET subject_dn = ? WHERE id = ?", arguments: [normalised, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user)!
        }
    }

    static func checkSubjectFree(_ db: Database, _ subject: String?, except id: Int64?) throws {
        guard let subject else { return }
        if let other = try String.fetchOne(db, sql: "SELECT name FROM users WHERE subject_dn = ? AND id IS NOT ?", arguments: [subject, id]) {
            throw SiteError.invalid("subjectDN", "\(subject) is already mapped to user '\(other)'")
        }
    }

    /// Every user.
    public func listUsers() async throws -> [UserInfo] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(Self.user) }
    }

    /// Disables (or re-enables) a user; a disabled user cannot authenticate.
    /// - Throws: SiteError `.notFound`.
    public func setDisabled(name: String, disabled: Bool) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE users SET disabled = ? WHERE name = ?", arguments: [disabled, name])
            if db.changesCount == 0 { throw SiteError(.notFound, "no user '\(name)'", details: [("user", name)]) }
        }
    }

    /// Replaces a user's quota (nil fields: unlimited).
    /// - Throws: SiteError `.notFound`, or `.invalidRequest` for a negative limit.
    public func setQuota(name: String, limits: QuotaLimits) async throws {
        for (field, v) in [("vms", limits.vms), ("vcpus", limits.vcpus), ("memoryMB", limits.memoryMB), ("diskGB", limits.diskGB)] {
            if let v, v < 0 { throw SiteError.invalid(field, "limit must not be negative") }
        }
        try await pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE name = ?", arguments: [name]) else {
                throw SiteError(.notFound, "no user '\(name)'", details: [("user", name)])
            }
            try db.execute(sql: "INSERT OR REPLACE INTO quotas (user_id, max_vms, max_vcpus, max_memory_mb, max_disk_gb) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, limits.vms, limits.vcpus, limits.memoryMB, limits.diskGB])
        }
    }

    /// A user's limits and current use.
    /// - Throws: SiteError `.notFound`.
    public func quota(userID: Int64) async throws -> (limits: QuotaLimits, used: ResourceAmount) {
        try await pool.read { db in (try Self.limits(db, userID: userID), try Self.usage(db, userID: userID)) }
    }

    /// The site settings (defaults when never saved).
    public func settings() async throws -> SiteSettings {
        try await pool.read { db in try Self.settings(db) }
    }

    /// Saves the site settings.
    public func saveSettings(_ settings: SiteSettings) async throws {
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO settings (id, json) VALUES (1, ?)", arguments: [json])
        }
    }

    static func settings(_ db: Database) throws -> SiteSettings {
        guard let json = try String.fetchOne(db, sql: "SELECT json FROM settings WHERE id = 1") else { return SiteSettings() }
        return try JSONDecoder().decode(SiteSettings.self, from: Data(json.utf8))
    }

    static func user(_ row: Row) -> UserInfo {
        UserInfo(id: row["id"], name: row["name"], role: UserRole(rawValue: row["role"]) ?? .user,
                 disabled: row["disabled"], subjectDN: row["subject_dn"])
    }

    static func limits(_ db: Database, userID: Int64) throws -> QuotaLimits {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM quotas WHERE user_id = ?", arguments: [userID]) else {
            return .unlimited
        }
        return QuotaLimits(vms: row["max_vms"], vcpus: row["max_vcpus"], memoryMB: row["max_memory_mb"], diskGB: row["max_disk_gb"])
    }

    static func usage(_ db: Database, userID: Int64) throws -> ResourceAmount {
        let row = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS n, COALESCE(SUM(vcpus),0) AS c, COALESCE(SUM(memory_mb),0) AS m, COALESCE(SUM(disk_gb),0) AS d
            FROM jobs WHERE user_id = ? AND state NOT IN ('failed','released')
            """, arguments: [userID])!
        return ResourceAmount(vms: row["n"], vcpus: row["c"], memoryMB: row["m"], diskGB: row["d"])
    }
}
