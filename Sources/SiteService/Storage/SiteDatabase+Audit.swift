// GVE — SiteService
// The append-only audit log (UPDATE and DELETE are refused by triggers).
import Foundation
import GRDB

/// One audit entry still to be written: who, which operation, its arguments (secrets already removed), the outcome.
public struct AuditRecord: Sendable, Hashable {
    public var actor: String
    public var operation: String
    public var arguments: String
    public var outcome: String

    public init(actor: String, operation: String, arguments: String, outcome: String) {
        self.actor = actor
        self.operation = operation
        self.arguments = arguments
        self.outcome = outcome
    }
}

extension SiteDatabase {
    /// Appends one entry: who, which operation, its arguments (secrets already removed), the outcome.
    public func audit(actor: String, operation: String, arguments: String, outcome: String, now: Date) async throws {
        let record = AuditRecord(actor: actor, operation: operation, arguments: arguments, outcome: outcome)
        try await pool.write { db in try Self.insertAudit(db, record, now: now) }
    }

    /// Appends `record` inside the caller's transaction (so an operation and its audit row commit together).
    static func insertAudit(_ db: Database, _ record: AuditRecord, now: Date) throws {
        try db.execute(sql: "INSERT INTO audit (at, actor, op, args, outcome) VALUES (?, ?, ?, ?, ?)",
                       arguments: [now.timeIntervalSince1970, record.actor, record.operation, record.arguments, record.outcome])
    }

    /// Audit entries, oldest first, filtered by actor, operation and time.
    public func queryAudit(actor: String? = nil, operation: String? = nil, since: Date? = nil, until: Date? = nil,
                           limit: Int = 1000) async throws -> [AuditEntry] {
        try await pool.read { db in
            var clauses: [String] = []
            var args: [any DatabaseValueConvertible] = []
            if let actor { clauses.append("actor = ?"); args.append(actor) }
            if let operation { clauses.append("op = ?"); args.append(operation) }
            if let since { clauses.append("at >= ?"); args.append(since.timeIntervalSince1970) }
            if let until { clauses.append("at <= ?"); args.append(until.timeIntervalSince1970) }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM audit \(whereSQL) ORDER BY id LIMIT \(max(1, min(limit, 100000)))",
                                    arguments: StatementArguments(args)).map {
                AuditEntry(id: $0["id"], at: Date(timeIntervalSince1970: $0["at"]), actor: $0["actor"], operation: $0["op"],
                           arguments: $0["args"], outcome: $0["outcome"])
            }
        }
    }
}
