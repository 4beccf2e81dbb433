// GVE — SiteServiceTests
import Foundation
@testable import SiteService

/// A database with an admin, a user and registered in-test Agents.
struct Fixture {
    let db: SiteDatabase
    let time: ManualTime

    static func make(settings: SiteSettings = SiteSettings(defaultLifetime: 60, maximumLifetime: 300, warningTime: 10)) async throws -> Fixture {
        let db = try SiteDatabase(path: tempDatabasePath())
        try await db.saveSettings(settings)
        try await db.createUser(name: "root", password: "rootpw", role: .admin, allowDigest: true, cost: 4)
        try await db.createUser(name: "alice", password: "alicepw", role: .user, allowDigest: true, cost: 4)
        return Fixture(db: db, time: ManualTime(Date()))
    }

    func register(_ agent: TestAgent, port: Int) async throws {
        try await db.registerAgent(name: agent.hostname, url: "http://127.0.0.1:\(port)", username: agent.username, password: agent.password, vmmType: "test")
    }

    func client(_ port: Int, user: String = "alice", password: String? = nil, auth: SiteClient.Authentication = .basic) -> SiteClient {
        SiteClient(url: URL(string: "http://127.0.0.1:\(port)/soap")!, username: user, password: password ?? (user == "root" ? "rootpw" : "alicepw"),
                   authentication: auth)
    }
}
