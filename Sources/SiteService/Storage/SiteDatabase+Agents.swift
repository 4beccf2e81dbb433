// GVE — SiteService
// Agents, hosts and images (the inventory snapshot placement works on).
import Foundation
import GRDB

/// What the Agent client needs to reach an Agent.
public struct AgentEndpoint: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var url: String
    public var username: String
    public var password: String
}

extension SiteDatabase {
    /// Registers an Agent.
    /// - Throws: SiteError `.invalidRequest` naming `name` or `url`.
    @discardableResult
    public func registerAgent(name: String, url: String, username: String, password: String, vmmType: String) async throws -> AgentInfo {
        guard !name.isEmpty else { throw SiteError.invalid("name", "must not be empty") }
        guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
            throw SiteError.invalid("url", "'\(url)' is not an http(s) URL")
        }
        return try await pool.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM agents WHERE name = ?", arguments: [name]) != nil {
                throw SiteError.invalid("name", "agent '\(name)' already exists")
            }
            try db.execute(sql: "INSERT INTO agents (name, url, username, password, vmm_type) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, url, username, password, vmmType])
            return AgentInfo(id: db.lastInsertedRowID, name: name, url: url, username: username, vmmType: vmmType,
                             enabled: true, healthy: false, lastError: nil)
        }
    }

    /// Removes an Agent and its hosts from placement.
    /// - Throws: SiteError `.notFound`, or `.invalidState` while VMs on it are not released.
    public func removeAgent(name: String) async throws {
        try await pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM agents WHERE name = ?", arguments: [name]) else {
                throw SiteError(.notFound, "no agent '\(name)'", details: [("agent", name)])
            }
            let live = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE agent_id = ? AND state NOT IN ('failed','released')", arguments: [id]) ?? 0
            if live > 0 { throw SiteError(.invalidState, "agent '\(name)' still serves \(live) VMs; release them first") }
            try db.execute(sql: "DELETE FROM agents WHERE id = ?", arguments: [id])
        }
    }

    /// Every registered Agent.
    public func listAgents() async throws -> [AgentInfo] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agents ORDER BY name").map {
                AgentInfo(id: $0["id"], name: $0["name"], url: $0["url"], username: $0["username"], vmmType: $0["vmm_type"],
                          enabled: $0["enabled"], healthy: $0["healthy"], lastError: $0["last_error"])
            }
        }
    }

    /// Connection details for enabled Agents (or one by id).
    public func agentEndpoints(id: Int64? = nil) async throws -> [AgentEndpoint] {
        try await pool.read { db in
            let rows = id == nil
                ? try Row.fetchAll(db, sql: "SELECT * FROM agents WHERE enabled = 1 ORDER BY id")
                : try Row.fetchAll(db, sql: "SELECT * FROM agents WHERE id = ?", arguments: [id])
            return rows.map { AgentEndpoint(id: $0["id"], name: $0["name"], url: $0["url"], username: $0["username"], password: $0["password"]) }
        }
    }

    /// Records an Agent's health check.
    public func setAgentHealth(id: Int64, healthy: Bool, error: String?, now: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE agents SET healthy = ?, last_error = ?, last_check = ? WHERE id = ?",
                           arguments: [healthy, error, now.timeIntervalSince1970, id])
        }
    }

    /// Starts an inventory poll: advances the inventory epoch and returns it. A claim whose VM became visible on
    /// its Agent before this call (a smaller epoch) is in the snapshot this poll produces; later ones keep counting.
    public func beginInventoryPoll() async throws -> Int64 {
        try await pool.write { db in
            try db.execute(sql: "UPDATE inventory_epoch SET value = value + 1 WHERE id = 1")
            return try Int64.fetchOne(db, sql: "SELECT value FROM inventory_epoch WHERE id = 1") ?? 0
        }
    }

    /// Replaces the inventory snapshot of the hosts of the given Agents (hosts of other Agents are kept).
    /// - Parameter epoch: the value ``beginInventoryPoll()`` returned before polling (nil: a new epoch now).
    public func replaceInventory(agentIDs: Set<Int64>, hosts: [HostRecord], images: [ImageRecord], now: Date, epoch: Int64? = nil) async throws {
        let epochValue: Int64
        if let epoch { epochValue = epoch } else { epochValue = try await beginInventoryPoll() }
        let snapshotEpoch = epochValue
        let encoder = JSONEncoder()
        let imageRows = try images.map { ($0.hostname, $0.name, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        try await pool.write { db in
            for id in agentIDs {
                let keep = hosts.filter { $0.agentID == id }.map(\.hostname)
                let existing = try String.fetchAll(db, sql: "SELECT hostname FROM hosts WHERE agent_id = ?", arguments: [id])
                for gone in existing where !keep.contains(gone) {
                    try db.execute(sql: "DELETE FROM hosts WHERE hostname = ?", arguments: [gone])
                }
            }
            for h in hosts {
                try db.execute(sql: """
                    INSERT INTO hosts (hostname, agent_id, hypervisor, cpus, memory_mb, free_cpus, free_memory_mb, instances, state, updated, epoch)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(hostname) DO UPDATE SET agent_id = excluded.agent_id, hypervisor = excluded.hypervisor,
                      cpus = excluded.cpus, memory_mb = excluded.memory_mb, free_cpus = excluded.free_cpus,
                      free_memory_mb = excluded.free_memory_mb, instances = excluded.instances, state = excluded.state,
                      updated = excluded.updated, epoch = excluded.epoch
                    """, arguments: [h.hostname, h.agentID, h.hypervisor, h.cpus, h.memoryMB, h.freeCpus, h.freeMemoryMB,
                                     h.instances, h.state, now.timeIntervalSince1970, snapshotEpoch])
                try db.execute(sql: "DELETE FROM images WHERE hostname = ?", arguments: [h.hostname])
            }
            for (host, name, json) in imageRows {
                try db.execute(sql: "INSERT OR REPLACE INTO images (hostname, name, json) VALUES (?, ?, ?)", arguments: [host, name, json])
            }
        }
    }

    /// The hosts of the snapshot.
    public func hosts() async throws -> [HostRecord] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM hosts ORDER BY hostname").map(Self.host) }
    }

    /// Every image of the snapshot, once per host.
    public func images() async throws -> [ImageRecord] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT json FROM images ORDER BY name, hostname").map {
                try JSONDecoder().decode(ImageRecord.self, from: Data($0.utf8))
            }
        }
    }

    static func host(_ row: Row) -> HostRecord {
        HostRecord(hostname: row["hostname"], agentID: row["agent_id"], hypervisor: row["hypervisor"], cpus: row["cpus"],
                   memoryMB: row["memory_mb"], freeCpus: row["free_cpus"], freeMemoryMB: row["free_memory_mb"],
                   instances: row["instances"], state: row["state"])
    }

    /// Placement candidates: snapshot hosts with their images, Agent health and the claims the snapshot does not show.
    static func candidates(_ db: Database) throws -> [HostCandidate] {
        let hosts = try Row.fetchAll(db, sql: """
            SELECT h.*, a.enabled AS agent_enabled, a.healthy AS agent_healthy FROM hosts h JOIN agents a ON a.id = h.agent_id
            ORDER BY h.hostname
            """)
        var images: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT hostname, name FROM images") {
            images[row["hostname"], default: []].insert(row["name"])
        }
        var claims: [String: (Int, Int)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT c.host AS host, SUM(c.vcpus) AS cpus, SUM(c.memory_mb) AS mem FROM claims c JOIN hosts h ON h.hostname = c.host
            WHERE c.visible_epoch IS NULL OR c.visible_epoch >= h.epoch GROUP BY c.host
            """) {
            claims[row["host"]] = (row["cpus"], row["mem"])
        }
        return hosts.map { row in
            let h = host(row)
            let (c, m) = claims[h.hostname] ?? (0, 0)
            let healthy: Bool = row["agent_enabled"] && row["agent_healthy"]
            return HostCandidate(host: h, claimedCpus: c, claimedMemoryMB: m, images: images[h.hostname] ?? [], agentHealthy: healthy)
        }
    }

    /// The placement snapshot for the current inventory generation (reloaded when hosts, images or Agent health
    /// changed). Call inside a write transaction.
    func placementSnapshot(_ db: Database) throws -> PlacementSnapshot {
        let generation = try Int64.fetchOne(db, sql: "SELECT value FROM placement_generation WHERE id = 1") ?? 0
        if let cached = placementCache.withLock({ $0 }), cached.generation == generation { return cached }
        let hosts = try Row.fetchAll(db, sql: """
            SELECT h.*, a.enabled AS agent_enabled, a.healthy AS agent_healthy FROM hosts h JOIN agents a ON a.id = h.agent_id
            """).map { row in
            PlacementSnapshot.Host(record: Self.host(row), epoch: row["epoch"],
                                   usable: row["agent_enabled"] && row["agent_healthy"] && (row["state"] as String) == "ok")
        }
        let images = try Row.fetchAll(db, sql: "SELECT hostname, name FROM images").map { (hostname: $0["hostname"] as String, image: $0["name"] as String) }
        let snapshot = PlacementSnapshot(generation: generation, hosts: hosts, images: images)
        placementCache.withLock { $0 = snapshot }
        return snapshot
    }

    /// Per host, the capacity claimed that the inventory snapshot does not show yet (claims made visible at an
    /// epoch older than the host's figures are already in them). Costs one pass over the claims, not the hosts.
    static func unseenClaims(_ db: Database) throws -> [String: (cpus: Int, memoryMB: Int)] {
        var out: [String: (cpus: Int, memoryMB: Int)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT c.host AS host, SUM(c.vcpus) AS cpus, SUM(c.memory_mb) AS mem FROM claims c JOIN hosts h ON h.hostname = c.host
            WHERE c.visible_epoch IS NULL OR c.visible_epoch >= h.epoch GROUP BY c.host
            """) {
            out[row["host"]] = (row["cpus"], row["mem"])
        }
        return out
    }

    /// The best fitting host for one VM, or nil when nothing fits: the in-memory snapshot of the inventory, net of the
    /// claims it does not show. Equivalent to ``Placement/place(hosts:image:vcpus:memoryMB:strategy:excluding:)`` on
    /// ``candidates(_:)`` without loading every host per request; the per-host reasons are computed only when this is nil.
    func bestHost(_ db: Database, image: String, vcpus: Int, memoryMB: Int, strategy: PlacementStrategy,
                  excluding: Set<String> = []) throws -> HostRecord? {
        try placementSnapshot(db).best(image: image, vcpus: vcpus, memoryMB: memoryMB, strategy: strategy, excluding: excluding,
                                       claimed: try Self.unseenClaims(db))
    }
}
