// GVE — SiteServiceTests
import Foundation
import Testing
@testable import SiteService

@Suite struct StoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A database with one agent, `hosts` hosts of `cpus` CPUs each carrying image "debian".
    static func seeded(hosts: Int, cpus: Int, memoryMB: Int = 1 << 20) async throws -> (SiteDatabase, Int64) {
        let db = try SiteDatabase(path: tempDatabasePath())
        let agent = try await db.registerAgent(name: "a1", url: "http://127.0.0.1:1", username: "u", password: "p", vmmType: "test")
        try await db.setAgentHealth(id: agent.id, healthy: true, error: nil, now: now)
        let hs = (0..<hosts).map { HostRecord(hostname: "h\($0)", agentID: agent.id, hypervisor: "test", cpus: cpus, memoryMB: memoryMB,
                                              freeCpus: cpus, freeMemoryMB: memoryMB, instances: 0) }
        try await db.replaceInventory(agentIDs: [agent.id], hosts: hs, images: hs.map { ImageRecord(name: "debian", hostname: $0.hostname) }, now: now)
        return (db, agent.id)
    }

    /// 200 parallel RequestVM across 20 users with a quota of 3 VMs: exactly 3 jobs per user, never more.
    @Test func burstNeverOvershootsQuota() async throws {
        let (db, _) = try await Self.seeded(hosts: 4, cpus: 1000)
        var principals: [Principal] = []
        for i in 0..<20 {
            let u = try await db.createUser(name: "user\(i)", password: "pw", cost: 4)
            try await db.setQuota(name: u.name, limits: QuotaLimits(vms: 3, memoryMB: 10240))
            principals.append(Principal(userID: u.id, name: u.name, role: .user))
        }
        let settings = SiteSettings()
        let outcomes = await withTaskGroup(of: (String, SiteError.Code?).self) { group in
            for i in 0..<200 {
                let p = principals[i % 20]
                group.addTask {
                    do {
                        _ = try await db.requestVMs(principal: p, request: VMRequest(image: "debian", vcpus: 1, memoryMB: 512, diskGB: 1),
                                                    settings: settings, now: Self.now)
                        return (p.name, nil)
                    } catch let e as SiteError { return (p.name, e.code) } catch { return (p.name, .internalError) }
                }
            }
            var all: [(String, SiteError.Code?)] = []
            for await o in group { all.append(o) }
            return all
        }
        #expect(outcomes.filter { $0.1 == nil }.count == 60)
        #expect(outcomes.filter { $0.1 == .quotaExceeded }.count == 140)
        for p in principals {
            let q = try await db.quota(userID: p.userID)
            #expect(q.used.vms == 3)
            #expect(q.used.memoryMB == 1536)
        }
    }

    /// 200 parallel requests against 10 free CPUs in total place exactly 10 VMs; the rest get NoCapacity with per-host reasons.
    @Test func burstNeverOvershootsHostCapacity() async throws {
        let (db, _) = try await Self.seeded(hosts: 2, cpus: 5)
        let u = try await db.createUser(name: "big", password: "pw", cost: 4)
        try await db.setQuota(name: "big", limits: .unlimited)
        let p = Principal(userID: u.id, name: "big", role: .user)
        let results = await withTaskGroup(of: SiteError?.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    do { _ = try await db.requestVMs(principal: p, request: VMRequest(image: "debian", vcpus: 1, memoryMB: 64, diskGB: 1),
                                                      settings: SiteSettings(), now: Self.now); return nil }
                    catch let e as SiteError { return e } catch { return SiteError(.internalError, "\(error)") }
                }
            }
            var all: [SiteError?] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.filter { $0 == nil }.count == 10)
        let failures = results.compactMap { $0 }
        #expect(failures.allSatisfy { $0.code == .noCapacity })
        #expect(failures.first?.hostReasons.map(\.host).sorted() == ["h0", "h1"])
        let jobs = try await db.listJobs(principal: Principal(userID: 0, name: "root", role: .admin))
        #expect(Dictionary(grouping: jobs, by: { $0.host ?? "" }).mapValues(\.count) == ["h0": 5, "h1": 5])
    }

    /// A repeated client request id returns the first request's jobs, never a second VM.
    @Test func repeatedClientRequestIdReturnsFirstJob() async throws {
        let (db, _) = try await Self.seeded(hosts: 1, cpus: 10)
        let u = try await db.createUser(name: "alice", password: "pw", cost: 4)
        let p = Principal(userID: u.id, name: "alice", role: .user)
        let r = VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1, clientRequestID: "abc-1")
        let first = try await db.requestVMs(principal: p, request: r, settings: SiteSettings(), now: Self.now)
        let again = try await db.requestVMs(principal: p, request: r, settings: SiteSettings(), now: Self.now)
        #expect(!first.replayed)
        #expect(again.replayed)
        #expect(again.requestID == first.requestID)
        #expect(again.jobs.map(\.id) == first.jobs.map(\.id))
        #expect(try await db.quota(userID: u.id).used.vms == 1)
    }

    /// A RequestVM's audit row commits in the request's own transaction: one row per accepted (or replayed) request, and
    /// none from a refused one, whose transaction rolls back (the caller audits the fault).
    @Test func requestAuditRowCommitsWithTheRequest() async throws {
        let (db, _) = try await Self.seeded(hosts: 1, cpus: 10)
        let u = try await db.createUser(name: "dave", password: "pw", cost: 4)
        let p = Principal(userID: u.id, name: "dave", role: .user)
        let record = AuditRecord(actor: "dave", operation: "RequestVM", arguments: "image=debian", outcome: "ok")
        let r = VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1, clientRequestID: "audit-1")
        _ = try await db.requestVMs(principal: p, request: r, settings: SiteSettings(), now: Self.now, audit: record)
        #expect(try await db.requestVMs(principal: p, request: r, settings: SiteSettings(), now: Self.now, audit: record).replayed)
        await #expect(throws: SiteError(.unknownImage, "")) {
            try await db.requestVMs(principal: p, request: VMRequest(image: "nope", vcpus: 1, memoryMB: 1, diskGB: 1), settings: SiteSettings(),
                                    now: Self.now, audit: record)
        }
        let rows = try await db.queryAudit(actor: "dave")
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.operation == "RequestVM" && $0.outcome == "ok" && $0.arguments == "image=debian" })
    }

    /// Unknown images are refused before anything is claimed.
    @Test func unknownImageIsRefused() async throws {
        let (db, _) = try await Self.seeded(hosts: 1, cpus: 10)
        let u = try await db.createUser(name: "bob", password: "pw", cost: 4)
        let p = Principal(userID: u.id, name: "bob", role: .user)
        await #expect(throws: SiteError(.unknownImage, "")) {
            try await db.requestVMs(principal: p, request: VMRequest(image: "nope", vcpus: 1, memoryMB: 1, diskGB: 1), settings: SiteSettings(), now: Self.now)
        }
        #expect(try await db.quota(userID: u.id).used.vms == 0)
    }

    /// New users get the default quota of 10240 MB memory, others unlimited.
    @Test func newUsersGetDefaultQuota() async throws {
        let db = try SiteDatabase(path: tempDatabasePath())
        let u = try await db.createUser(name: "carol", password: "pw", cost: 4)
        #expect(try await db.quota(userID: u.id).limits == QuotaLimits(memoryMB: 10240))
        await #expect(throws: SiteError(.invalidRequest, "")) { try await db.createUser(name: "carol", password: "x", cost: 4) }
    }

    /// The audit log refuses UPDATE and DELETE.
    @Test func auditLogIsAppendOnly() async throws {
        let db = try SiteDatabase(path: tempDatabasePath())
        try await db.audit(actor: "root", operation: "CreateUser", arguments: "name=x", outcome: "ok", now: Self.now)
        #expect(try await db.queryAudit(actor: "root").count == 1)
        await #expect(throws: (any Error).self) { try await db.pool.write { try $0.execute(sql: "DELETE FROM audit") } }
        await #expect(throws: (any Error).self) { try await db.pool.write { try $0.execute(sql: "UPDATE audit SET outcome = 'x'") } }
        #expect(try await db.queryAudit().first?.outcome == "ok")
    }

    /// A host whose Agent is down (or disabled) gets no new VMs, and the fault says so for that host.
    @Test func hostWithAgentDownGetsNoVMs() async throws {
        let (db, agentID) = try await Self.seeded(hosts: 1, cpus: 10)
        try await db.setAgentHealth(id: agentID, healthy: false, error: "unreachable", now: Self.now)
        let u = try await db.createUser(name: "dave", password: "pw", cost: 4)
        let p = Principal(userID: u.id, name: "dave", role: .user)
        do {
            _ = try await db.requestVMs(principal: p, request: VMRequest(image: "debian", vcpus: 1, memoryMB: 1, diskGB: 1), settings: SiteSettings(), now: Self.now)
            Issue.record("placed on a host whose agent is down")
        } catch let e as SiteError {
            #expect(e.code == .noCapacity)
            #expect(e.hostReasons == [HostRejection(host: "h0", reason: "agent unavailable")])
        }
    }

    /// Any HostInventory (e.g. the registry) feeds placement: the runner stores its hosts and images as the snapshot.
    @Test func customInventoryFeedsPlacement() async throws {
        struct StaticInventory: HostInventory {
            let agentID: Int64
            func hosts() async throws -> [HostRecord] {
                [HostRecord(hostname: "glue-host", agentID: agentID, hypervisor: "kvm", cpus: 8, memoryMB: 8192, freeCpus: 8, freeMemoryMB: 8192, instances: 0)]
            }
            func images() async throws -> [ImageRecord] { [ImageRecord(name: "centos", hostname: "glue-host")] }
        }
        let db = try SiteDatabase(path: tempDatabasePath())
        let serving = TestAgent(hostname: "elsewhere", cpus: 1, memoryMB: 1, images: [])
        try await withAgent(serving) { port in
            let agent = try await db.registerAgent(name: "a", url: "http://127.0.0.1:\(port)", username: serving.username,
                                                   password: serving.password, vmmType: "kvm")
            let runner = JobRunner(database: db, inventory: StaticInventory(agentID: agent.id), now: { Self.now })
            try await runner.refreshInventory()  // hosts from the inventory, health from the Agent
        }
        let u = try await db.createUser(name: "erin", password: "pw", cost: 4)
        let r = try await db.requestVMs(principal: Principal(userID: u.id, name: "erin", role: .user),
                                        request: VMRequest(image: "centos", vcpus: 2, memoryMB: 1024, diskGB: 1), settings: SiteSettings(), now: Self.now)
        #expect(r.jobs.first?.host == "glue-host")
        #expect(try await db.images().map(\.name) == ["centos"])
    }
}
