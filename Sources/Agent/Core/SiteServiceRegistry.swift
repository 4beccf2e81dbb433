// GVE — Agent: the Site Services an Agent serves and their credentials.
import Dispatch
import Foundation
import GRDB
import HummingbirdBcrypt

/// The Site Services an Agent serves (`site_services`): bcrypt credentials and grants.
public struct SiteServiceRegistry: Sendable {
    public let database: AgentDatabase

    public init(database: AgentDatabase) {
        self.database = database
    }

    /// Registers (or re-keys) a Site Service with a bcrypt-hashed password and an optional grant.
    /// - Parameters:
    ///   - cost: bcrypt cost factor (4…31); 12 by default.
    /// - Throws: ``AgentError/Code/invalidRequest`` for a bad name or an empty password.
    public func add(
        name: String, password: String, grantedCpus: Int? = nil, grantedMemoryMB: Int? = nil, grantedInstances: Int? = nil,
        cost: UInt8 = 12
    ) async throws {
        try Naming.validate(name, what: "site service name")
        guard !password.isEmpty else { throw AgentError(.invalidRequest, "site service '\(name)': empty password") }
        guard (4...31).contains(cost) else { throw AgentError(.invalidRequest, "bcrypt cost \(cost) is outside 4...31") }
        let hash = await Self.offPool { Bcrypt.hash(password, cost: cost) }
        try await database.writer.write { db in
            if var existing = try SiteServiceRecord.filter(Column("name") == name).fetchOne(db) {
                existing.credentialHash = hash
                existing.grantedCpus = grantedCpus
                existing.grantedMemoryMB = grantedMemoryMB
                existing.grantedInstances = grantedInstances
                try existing.update(db)
            } else {
                var row = SiteServiceRecord(
                    id: nil, name: name, credentialHash: hash, grantedCpus: grantedCpus, grantedMemoryMB: grantedMemoryMB,
                    grantedInstances: grantedInstances, created: Date())
                try row.insert(db)
            }
        }
    }

    /// The registered Site Services, by name.
    public func list() async throws -> [SiteServiceRecord] {
        try await database.writer.read { db in try SiteServiceRecord.order(Column("name")).fetchAll(db) }
    }

    /// Checks a Site Service's credential.
    /// - Returns: the Site Service's record.
    /// - Throws: ``AgentError/Code/authenticationFailed`` for an unknown name or a wrong password (same message).
    public func authenticate(name: String, password: String) async throws -> SiteServiceRecord {
        let record = try await database.writer.read { db in try SiteServiceRecord.filter(Column("name") == name).fetchOne(db) }
        // Verify against a dummy hash for unknown names so both failures cost the same.
        let hash = record?.credentialHash ?? Self.dummyHash
        let valid = await Self.offPool { Bcrypt.verify(password, hash: hash) }
        guard let record, valid else {
            throw AgentError(.authenticationFailed, "unknown site service or wrong password")
        }
        return record
    }

    /// A valid bcrypt hash (default cost) of a random password, verified against when the name is unknown.
    private static let dummyHash = Bcrypt.hash(UUID().uuidString, cost: 12)

    /// Runs CPU-heavy work (bcrypt) on a GCD thread instead of the cooperative pool.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
