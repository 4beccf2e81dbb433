// GVE — SiteService
// Store calls only the admin web interface needs: password reset, enabling an Agent, inventory freshness and the
// audit log's operation names.
import Foundation
import GRDB
import HummingbirdBcrypt

/// When the inventory (registry or Agent poll) last reported each host, and when each Agent was last checked.
public struct InventoryFreshness: Sendable, Hashable {
    /// Host name → time of the snapshot that last wrote it.
    public var hostUpdated: [String: Date]
    /// Agent name → time of its last health check (absent: never checked).
    public var agentChecked: [String: Date]

    /// The newest host report, or nil when no host was ever reported.
    public var newest: Date? { hostUpdated.values.max() }
}

extension SiteDatabase {
    /// Replaces a user's password (bcrypt at `cost`); the WS-Security digest secret, kept only for digest-enabled
    /// users, follows the new password.
    /// - Throws: SiteError `.notFound` for an unknown user, `.invalidRequest` naming `password` when it is empty.
    public func resetPassword(name: String, password: String, cost: UInt8 = 10) async throws {
        guard !password.isEmpty else { throw SiteError.invalid("password", "must not be empty") }
        let hash = Bcrypt.hash(password, cost: cost)
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE users SET password_hash = ?, digest_secret = CASE WHEN digest_secret IS NULL THEN NULL ELSE ? END WHERE name = ?
                """, arguments: [hash, password, name])
            if db.changesCount == 0 { throw SiteError(.notFound, "no user '\(name)'", details: [("user", name)]) }
        }
    }

    /// Enables or disables an Agent: a disabled Agent is neither polled nor given new VMs; its VMs stay managed.
    /// - Throws: SiteError `.notFound`.
    public func setAgentEnabled(name: String, enabled: Bool) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE agents SET enabled = ? WHERE name = ?", arguments: [enabled, name])
            if db.changesCount == 0 { throw SiteError(.notFound, "no agent '\(name)'", details: [("agent", name)]) }
        }
    }

    /// The Agent registered under a name, with its credential (for a connection test).
    /// - Throws: SiteError `.notFound`.
    public func agentEndpoint(name: String) async throws -> AgentEndpoint {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM agents WHERE name = ?", arguments: [name]) else {
                throw SiteError(.notFound, "no agent '\(name)'", details: [("agent", name)])
            }
            return AgentEndpoint(id: row["id"], name: row["name"], url: row["url"], username: row["username"], password: row["password"])
        }
    }

    /// When hosts were last reported and Agents last checked.
    public func inventoryFreshness() async throws -> InventoryFreshness {
        try await pool.read { db in
            var hosts: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT hostname, updated FROM hosts") {
                hosts[row["hostname"]] = Date(timeIntervalSince1970: row["updated"])
            }
            var agents: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, last_check FROM agents WHERE last_check IS NOT NULL") {
                agents[row["name"]] = Date(timeIntervalSince1970: row["last_check"])
            }
            return InventoryFreshness(hostUpdated: hosts, agentChecked: agents)
        }
    }

    /// The distinct operation names in the audit log, sorted (for the filter's suggestions).
    public func auditOperations() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT op FROM audit ORDER BY op") }
    }
}
