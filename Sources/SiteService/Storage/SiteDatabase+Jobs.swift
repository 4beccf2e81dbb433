// GVE — SiteService
// Requests, jobs, claims and VMs: the transactional heart of the Site Service.
import Foundation
import GRDB

/// A job the runner must drive, with the Agent it is placed on.
public struct RunnableJob: Sendable, Hashable {
    public var job: JobInfo
    public var agentID: Int64?
    public var ownerID: Int64
}

extension SiteDatabase {
    /// RequestVM: in ONE write transaction, returns the first request for a repeated client request id, or checks
    /// the quota, places every VM (claiming capacity on its host), and inserts the request, its jobs and claims.
    ///
    /// Because SQLite serializes write transactions, no burst of concurrent requests can overshoot a quota or a
    /// host's capacity.
    ///
    /// - Parameter audit: when given, the audit row of a successful request is written in the same transaction (one
    ///   commit per request instead of two); a refused request writes nothing here, so the caller audits its outcome.
    /// - Returns: the request and its jobs (`replayed` true for a repeated client request id).
    /// - Throws: SiteError `.quotaExceeded` (limit/used/requested), `.unknownImage`, `.noCapacity` (per-host reasons).
    public func requestVMs(principal: Principal, request: VMRequest, settings: SiteSettings, now: Date,
                           audit: AuditRecord? = nil) async throws -> RequestResult {
        let lifetime = try LeasePolicy.lifetime(requested: request.lifetime, settings: settings).get()
        let hints = String(decoding: try JSONEncoder().encode(request.hints), as: UTF8.self)
        return try await pool.write { db in
            if let clientID = request.clientRequestID,
               let existing = try String.fetchOne(db, sql: "SELECT id FROM requests WHERE user_id = ? AND client_request_id = ?",
                                                  arguments: [principal.userID, clientID]) {
                let jobs = try Self.jobs(db, sql: "WHERE j.request_id = ? ORDER BY j.created, j.id", arguments: [existing])
                if let audit { try Self.insertAudit(db, audit, now: now) }
                return RequestResult(requestID: existing, jobs: jobs, replayed: true)
            }
            let limits = try Self.limits(db, userID: principal.userID)
            let used = try Self.usage(db, userID: principal.userID)
            if let error = QuotaPolicy.decide(limits: limits, used: used, requested: request.total).error { throw error }

            if !(try self.placementSnapshot(db).offers(request.image)) {
                throw SiteError(.unknownImage, "no host offers image '\(request.image)'", details: [("image", request.image)])
            }
            let requestID = UUID().uuidString.lowercased()
            try db.execute(sql: "INSERT INTO requests (id, user_id, client_request_id, created) VALUES (?, ?, ?, ?)",
                           arguments: [requestID, principal.userID, request.clientRequestID, now.timeIntervalSince1970])
            var jobIDs: [String] = []
            for _ in 0..<request.count {
                // Claims inserted for earlier VMs of this request are visible here, in the same transaction.
                let chosen = try self.bestHost(db, image: request.image, vcpus: request.vcpus, memoryMB: request.memoryMB,
                                               strategy: settings.placement)
                if chosen == nil && (request.queueTimeout ?? 0) <= 0 {
                    let decision = Placement.place(hosts: try Self.candidates(db), image: request.image, vcpus: request.vcpus,
                                                   memoryMB: request.memoryMB, strategy: settings.placement)
                    let reasons: [HostRejection]
                    if case let .noCapacity(r) = decision { reasons = r } else { reasons = [] }
                    throw SiteError(.noCapacity, "no host can take a VM with \(request.vcpus) vCPUs and \(request.memoryMB) MB of image \(request.image)",
                                    hostReasons: reasons)
                }
                let jobID = UUID().uuidString.lowercased()
                let vmName = String("gve-" + jobID.replacingOccurrences(of: "-", with: "").prefix(12))
                guard let chosen else {
                    // Nothing fits now: wait in the placement queue until the deadline, quota already counted.
                    let decision = Placement.place(hosts: try Self.candidates(db), image: request.image, vcpus: request.vcpus,
                                                   memoryMB: request.memoryMB, strategy: settings.placement)
                    var why = "waiting for capacity"
                    if case let .noCapacity(r) = decision { why = r.map { "\($0.host): \($0.reason)" }.joined(separator: "; ") }
                    try db.execute(sql: """
                        INSERT INTO jobs (id, request_id, user_id, state, image, vcpus, memory_mb, disk_gb, lifetime, hints, vm_name,
                                          error_message, deadline, created, updated)
                        VALUES (?, ?, ?, 'placing', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [jobID, requestID, principal.userID, request.image, request.vcpus, request.memoryMB, request.diskGB,
                                         lifetime, hints, vmName, why, now.timeIntervalSince1970 + Double(request.queueTimeout ?? 0),
                                         now.timeIntervalSince1970, now.timeIntervalSince1970])
                    try Self.history(db, jobID: jobID, state: .placing, now: now, note: "no host fits now (\(why)); waiting up to \(request.queueTimeout ?? 0) s")
                    jobIDs.append(jobID)
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO jobs (id, request_id, user_id, state, image, vcpus, memory_mb, disk_gb, lifetime, hints, host, agent_id,
                                      vm_name, tried, created, updated)
                    VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [jobID, requestID, principal.userID, request.image, request.vcpus, request.memoryMB, request.diskGB,
                                     lifetime, hints, chosen.hostname, chosen.agentID, vmName, chosen.hostname,
                                     now.timeIntervalSince1970, now.timeIntervalSince1970])
                try Self.claim(db, jobID: jobID, host: chosen.hostname, request: request, now: now)
                try Self.history(db, jobID: jobID, state: .queued, now: now, note: "placed on \(chosen.hostname)")
                jobIDs.append(jobID)
            }
            let jobs = try Self.jobs(db, sql: "WHERE j.request_id = ? ORDER BY j.created, j.id", arguments: [requestID])
            if let audit { try Self.insertAudit(db, audit, now: now) }
            return RequestResult(requestID: requestID, jobs: jobs, replayed: false)
        }
    }

    /// Moves a job to the next host after a failure: releases its claim and claims on another fitting host, in one
    /// transaction. After `maxAttempts` hosts, or when nothing fits, the job fails with NoCapacity and per-host reasons.
    /// - Returns: the job as updated (queued on a new host, or failed).
    public func replace(jobID: String, failure: String, maxAttempts: Int, now: Date) async throws -> JobInfo {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [jobID]) else {
                throw SiteError(.notFound, "no job \(jobID)")
            }
            try db.execute(sql: "DELETE FROM claims WHERE job_id = ?", arguments: [jobID])
            let tried = Set((row["tried"] as String).split(separator: ",").map(String.init))
            let attempts: Int = row["attempts"] + 1
            let settings = try Self.settings(db)
            let decision = Placement.place(hosts: try Self.candidates(db), image: row["image"], vcpus: row["vcpus"],
                                           memoryMB: row["memory_mb"], strategy: settings.placement, excluding: tried)
            if attempts < maxAttempts, case let .candidates(fits) = decision, let chosen = fits.first {
                let req = VMRequest(image: row["image"], vcpus: row["vcpus"], memoryMB: row["memory_mb"], diskGB: row["disk_gb"])
                try db.execute(sql: "UPDATE jobs SET state = 'queued', host = ?, agent_id = ?, tried = ?, attempts = ?, updated = ? WHERE id = ?",
                               arguments: [chosen.host.hostname, chosen.host.agentID, (tried.sorted() + [chosen.host.hostname]).joined(separator: ","),
                                           attempts, now.timeIntervalSince1970, jobID])
                try Self.claim(db, jobID: jobID, host: chosen.host.hostname, request: req, now: now)
                try Self.history(db, jobID: jobID, state: .queued, now: now, note: "\(failure); retrying on \(chosen.host.hostname)")
            } else {
                var reasons: [String] = [failure]
                if case let .noCapacity(rs) = decision { reasons += rs.map { "\($0.host): \($0.reason)" } }
                try db.execute(sql: "UPDATE jobs SET state = 'failed', error_code = 'NoCapacity', error_message = ?, attempts = ?, updated = ? WHERE id = ?",
                               arguments: [reasons.joined(separator: "; "), attempts, now.timeIntervalSince1970, jobID])
                try Self.history(db, jobID: jobID, state: .failed, now: now, note: reasons.joined(separator: "; "))
            }
            return try Self.jobs(db, sql: "WHERE j.id = ?", arguments: [jobID])[0]
        }
    }

    /// Changes a job's state and records it in the history. `from` guards against racing transitions.
    /// - Returns: false when the job was not in one of `from`.
    @discardableResult
    public func transition(jobID: String, from: Set<JobState>, to state: JobState, note: String = "",
                           error: (code: String, message: String)? = nil, now: Date) async throws -> Bool {
        try await pool.write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT state FROM jobs WHERE id = ?", arguments: [jobID]),
                  let cur = JobState(rawValue: current), from.contains(cur) else { return false }
            try db.execute(sql: "UPDATE jobs SET state = ?, error_code = COALESCE(?, error_code), error_message = COALESCE(?, error_message), updated = ? WHERE id = ?",
                           arguments: [state.rawValue, error?.code, error?.message, now.timeIntervalSince1970, jobID])
            if state.isFinal { try db.execute(sql: "DELETE FROM claims WHERE job_id = ?", arguments: [jobID]) }
            try Self.history(db, jobID: jobID, state: state, now: now, note: note)
            return true
        }
    }

    /// Marks a job running and creates its VM with a lease of the job's lifetime from `now`.
    public func markRunning(jobID: String, uuid: String?, agentState: String, now: Date) async throws {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [jobID]) else { return }
            let lifetime: Int = row["lifetime"]
            try db.execute(sql: "UPDATE jobs SET state = 'running', updated = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, jobID])
            try db.execute(sql: "UPDATE claims SET visible_epoch = (SELECT value FROM inventory_epoch WHERE id = 1) WHERE job_id = ?", arguments: [jobID])
            try db.execute(sql: """
                INSERT OR REPLACE INTO vms (name, job_id, user_id, agent_id, host, uuid, state, created, lease_end, released)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """, arguments: [row["vm_name"], jobID, row["user_id"], row["agent_id"], row["host"], uuid, agentState,
                                 now.timeIntervalSince1970, now.timeIntervalSince1970 + Double(lifetime)])
            try Self.history(db, jobID: jobID, state: .running, now: now, note: "lease \(lifetime) s")
        }
    }

    /// Marks a VM released and its job released (claim dropped).
    public func markReleased(jobID: String, note: String, now: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE vms SET released = 1, state = 'released' WHERE job_id = ?", arguments: [jobID])
            try db.execute(sql: "UPDATE jobs SET state = 'released', updated = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, jobID])
            try db.execute(sql: "DELETE FROM claims WHERE job_id = ?", arguments: [jobID])
            try Self.history(db, jobID: jobID, state: .released, now: now, note: note)
        }
    }

    /// Records the state an Agent reports for a VM.
    public func setVMState(name: String, state: String) async throws {
        try await pool.write { db in try db.execute(sql: "UPDATE vms SET state = ? WHERE name = ?", arguments: [state, name]) }
    }

    /// Extends a VM's lease within the maximum.
    /// - Throws: SiteError `.invalidState` when refused, `.notFound` when the VM is not the caller's.
    public func extendLease(principal: Principal, vmName: String, seconds: Int, now: Date) async throws -> Date {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM vms WHERE name = ? AND released = 0", arguments: [vmName]),
                  principal.role == .admin || (row["user_id"] as Int64) == principal.userID else {
                throw SiteError(.notFound, "no VM '\(vmName)'", details: [("vm", vmName)])
            }
            let settings = try Self.settings(db)
            let created = Date(timeIntervalSince1970: row["created"])
            let end = Date(timeIntervalSince1970: row["lease_end"])
            switch LeasePolicy.extend(created: created, currentEnd: end, by: seconds, now: now, settings: settings) {
            case let .extended(newEnd):
                try db.execute(sql: "UPDATE vms SET lease_end = ? WHERE name = ?", arguments: [newEnd.timeIntervalSince1970, vmName])
                return newEnd
            case let .refused(reason):
                throw SiteError(.invalidState, "lease of \(vmName) not extended: \(reason)", details: [("vm", vmName)])
            }
        }
    }

    /// Jobs the runner must drive (not final, and not running).
    public func runnableJobs() async throws -> [RunnableJob] {
        try await pool.read { db in
            try Self.jobRows(db, sql: """
                WHERE j.state IN ('queued','cloning','starting','releasing') OR (j.state = 'placing' AND j.host IS NOT NULL)
                ORDER BY j.created
                """)
        }
    }

    /// VMs whose lease ended at or before `now` and that are not yet released (nor being released).
    public func expiredLeases(now: Date) async throws -> [RunnableJob] {
        try await pool.read { db in
            try Self.jobRows(db, sql: "JOIN vms v ON v.job_id = j.id WHERE v.released = 0 AND v.lease_end <= ? AND j.state = 'running'",
                             arguments: [now.timeIntervalSince1970])
        }
    }

    /// Moves every running job whose lease ended at or before `now` to releasing, in one transaction.
    /// - Returns: how many leases ended.
    @discardableResult
    public func expireLeases(now: Date) async throws -> Int {
        // Most ticks find nothing: look with a read first, so an idle tick does not queue behind the single writer.
        let any = try await pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM vms v JOIN jobs j ON j.id = v.job_id WHERE v.released = 0 AND v.lease_end <= ? AND j.state = 'running')
                """, arguments: [now.timeIntervalSince1970]) ?? false
        }
        guard any else { return 0 }
        return try await pool.write { db in
            let ids = try String.fetchAll(db, sql: """
                SELECT j.id FROM vms v JOIN jobs j ON j.id = v.job_id WHERE v.released = 0 AND v.lease_end <= ? AND j.state = 'running'
                """, arguments: [now.timeIntervalSince1970])
            for id in ids {
                try db.execute(sql: "UPDATE jobs SET state = 'releasing', updated = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id])
                try Self.history(db, jobID: id, state: .releasing, now: now, note: "lease ended")
            }
            return ids.count
        }
    }

    /// The earliest unreleased lease end, if any.
    public func nextLeaseEnd() async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(lease_end) FROM vms WHERE released = 0").map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// One job with its history, visible to its owner or an admin.
    /// - Throws: SiteError `.notFound`.
    public func job(id: String, principal: Principal) async throws -> JobInfo {
        try await pool.read { db in
            let found = try Self.jobs(db, sql: "WHERE j.id = ?", arguments: [id])
            guard let job = found.first, principal.role == .admin || job.owner == principal.name else {
                throw SiteError(.notFound, "no job '\(id)'", details: [("jobId", id)])
            }
            return job
        }
    }

    /// The runner's view of one job.
    public func runnableJob(id: String) async throws -> RunnableJob? {
        try await pool.read { db in try Self.jobRows(db, sql: "WHERE j.id = ?", arguments: [id]).first }
    }

    /// The caller's jobs (every job for an admin), newest first, optionally in one state.
    public func listJobs(principal: Principal, state: JobState? = nil, limit: Int = 1000) async throws -> [JobInfo] {
        try await pool.read { db in
            var clauses: [String] = []
            var args: [any DatabaseValueConvertible] = []
            if principal.role != .admin { clauses.append("j.user_id = ?"); args.append(principal.userID) }
            if let state { clauses.append("j.state = ?"); args.append(state.rawValue) }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try Self.jobs(db, sql: "\(whereSQL) ORDER BY j.created DESC, j.id LIMIT \(max(1, min(limit, 10000)))",
                                 arguments: StatementArguments(args), withHistory: false)
        }
    }

    /// The caller's VMs (every VM for an admin); released ones only when asked.
    public func listVMs(principal: Principal, includeReleased: Bool = false, now: Date) async throws -> [VMInfo] {
        try await pool.read { db in
            let settings = try Self.settings(db)
            var clauses: [String] = []
            var args: [any DatabaseValueConvertible] = []
            if principal.role != .admin { clauses.append("v.user_id = ?"); args.append(principal.userID) }
            if !includeReleased { clauses.append("v.released = 0") }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try Self.vms(db, sql: "\(whereSQL) ORDER BY v.created, v.name", arguments: StatementArguments(args), settings: settings, now: now)
        }
    }

    /// One VM, visible to its owner or an admin.
    /// - Throws: SiteError `.notFound`.
    public func vm(name: String, principal: Principal, now: Date) async throws -> VMInfo {
        try await pool.read { db in
            let settings = try Self.settings(db)
            guard let vm = try Self.vms(db, sql: "WHERE v.name = ?", arguments: [name], settings: settings, now: now).first,
                  principal.role == .admin || vm.owner == principal.name else {
                throw SiteError(.notFound, "no VM '\(name)'", details: [("vm", name)])
            }
            return vm
        }
    }

    /// One VM with its GLUE 2.1 CloudComputingInstance description (DescribeVM), visible to its owner or an admin.
    /// - Throws: SiteError `.notFound`.
    public func describeVM(name: String, principal: Principal, now: Date) async throws -> VMInfo {
        try await pool.read { db in
            let settings = try Self.settings(db)
            guard var vm = try Self.vms(db, sql: "WHERE v.name = ?", arguments: [name], settings: settings, now: now).first,
                  principal.role == .admin || vm.owner == principal.name else {
                throw SiteError(.notFound, "no VM '\(name)'", details: [("vm", name)])
            }
            let job = try Row.fetchOne(db, sql: """
                SELECT j.state, j.created,
                  (SELECT MIN(at) FROM job_history WHERE job_id = j.id AND state = 'running') AS started,
                  (SELECT MAX(at) FROM job_history WHERE job_id = j.id AND state IN ('released','failed')) AS ended
                FROM jobs j WHERE j.id = ?
                """, arguments: [vm.jobID])
            let jobState = job.flatMap { JobState(rawValue: $0["state"]) } ?? .running
            let submitted = (job?["created"] as Double?).map(Date.init(timeIntervalSince1970:)) ?? vm.created
            let state = VMInstanceDescription.glueState(agentState: vm.state, jobState: jobState)
            vm.instance = VMInstanceDescription(
                id: "urn:gve:vm:\(vm.uuid ?? vm.name)", name: vm.name, creationTime: vm.created,
                validity: max(0, Int(vm.leaseEnd.timeIntervalSince(vm.created).rounded())), state: state.rawValue, vmID: vm.uuid,
                localID: vm.name, owner: vm.owner, executionNode: vm.host, imageID: "urn:gve:image:\(vm.host):\(vm.image)",
                instanceTypeID: VMInstanceDescription.instanceTypeID(vcpus: vm.vcpus, memoryMB: vm.memoryMB, diskGB: vm.diskGB),
                vcpus: vm.vcpus, memoryMB: vm.memoryMB, diskGB: vm.diskGB, submissionTime: submitted,
                startTime: (job?["started"] as Double?).map(Date.init(timeIntervalSince1970:)),
                endTime: jobState.isFinal ? (job?["ended"] as Double?).map(Date.init(timeIntervalSince1970:)) : nil,
                leaseEnd: vm.leaseEnd, ipAddresses: [], accessProtocol: "ssh")
            return vm
        }
    }

    /// Every unreleased VM with its Agent (for reconciliation).
    public func liveVMs(agentID: Int64) async throws -> [String: String] {
        try await pool.read { db in
            var out: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT j.vm_name AS name, j.id AS job FROM jobs j WHERE j.agent_id = ? AND j.state NOT IN ('failed','released')
                """, arguments: [agentID]) {
                out[row["name"]] = row["job"]
            }
            return out
        }
    }

    // MARK: - Row helpers

    static func claim(_ db: Database, jobID: String, host: String, request: VMRequest, now: Date) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO claims (job_id, host, vcpus, memory_mb, disk_gb, created) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [jobID, host, request.vcpus, request.memoryMB, request.diskGB, now.timeIntervalSince1970])
    }

    static func history(_ db: Database, jobID: String, state: JobState, now: Date, note: String) throws {
        try db.execute(sql: "INSERT INTO job_history (job_id, state, at, note) VALUES (?, ?, ?, ?)",
                       arguments: [jobID, state.rawValue, now.timeIntervalSince1970, note])
    }

    static func jobRows(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [RunnableJob] {
        let rows = try Row.fetchAll(db, sql: "SELECT j.*, u.name AS owner FROM jobs j JOIN users u ON u.id = j.user_id \(sql)", arguments: arguments)
        return rows.map { RunnableJob(job: job($0, history: []), agentID: $0["agent_id"], ownerID: $0["user_id"]) }
    }

    static func jobs(_ db: Database, sql: String, arguments: StatementArguments = [], withHistory: Bool = true) throws -> [JobInfo] {
        let rows = try Row.fetchAll(db, sql: "SELECT j.*, u.name AS owner FROM jobs j JOIN users u ON u.id = j.user_id \(sql)", arguments: arguments)
        return try rows.map { row in
            var history: [JobTransition] = []
            if withHistory {
                history = try Row.fetchAll(db, sql: "SELECT * FROM job_history WHERE job_id = ? ORDER BY id", arguments: [row["id"] as String]).map {
                    JobTransition(state: JobState(rawValue: $0["state"]) ?? .failed, at: Date(timeIntervalSince1970: $0["at"]), note: $0["note"])
                }
            }
            return job(row, history: history)
        }
    }

    static func job(_ row: Row, history: [JobTransition]) -> JobInfo {
        JobInfo(id: row["id"], requestID: row["request_id"], owner: row["owner"], state: JobState(rawValue: row["state"]) ?? .failed,
                image: row["image"], vcpus: row["vcpus"], memoryMB: row["memory_mb"], diskGB: row["disk_gb"], lifetime: row["lifetime"],
                host: row["host"], vmName: row["vm_name"], errorCode: row["error_code"], errorMessage: row["error_message"],
                attempts: row["attempts"], created: Date(timeIntervalSince1970: row["created"]),
                updated: Date(timeIntervalSince1970: row["updated"]), history: history)
    }

    static func vms(_ db: Database, sql: String, arguments: StatementArguments, settings: SiteSettings, now: Date) throws -> [VMInfo] {
        try Row.fetchAll(db, sql: """
            SELECT v.*, u.name AS owner, j.image AS image, j.vcpus AS vcpus, j.memory_mb AS memory_mb, j.disk_gb AS disk_gb,
                   a.name AS agent_name
            FROM vms v JOIN users u ON u.id = v.user_id JOIN jobs j ON j.id = v.job_id LEFT JOIN agents a ON a.id = v.agent_id
            \(sql)
            """, arguments: arguments).map { row in
            let end = Date(timeIntervalSince1970: row["lease_end"])
            let released: Bool = row["released"]
            return VMInfo(name: row["name"], jobID: row["job_id"], owner: row["owner"], host: row["host"], agent: row["agent_name"] ?? "",
                          image: row["image"], vcpus: row["vcpus"], memoryMB: row["memory_mb"], diskGB: row["disk_gb"],
                          state: row["state"], uuid: row["uuid"], created: Date(timeIntervalSince1970: row["created"]), leaseEnd: end,
                          leaseWarning: !released && LeasePolicy.warning(end: end, now: now, settings: settings))
        }
    }
}

extension SiteDatabase {
    /// Marks a VM released after it vanished from its Agent.
    public func markVMGone(name: String) async throws {
        try await pool.write { db in try db.execute(sql: "UPDATE vms SET released = 1, state = 'released' WHERE name = ?", arguments: [name]) }
    }

    /// Serves the placement queue fairly: the oldest waiting job of each user first, round-robin across users.
    /// Jobs whose deadline passed fail with NoCapacity; the others are claimed on the best host, in one transaction.
    /// - Returns: how many jobs were placed.
    @discardableResult
    public func placeWaiting(now: Date) async throws -> Int {
        // As in expireLeases: an empty queue costs a read, not a write transaction.
        let any = try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'placing' AND host IS NULL)") ?? false
        }
        guard any else { return 0 }
        return try await pool.write { db in
            let settings = try Self.settings(db)
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, image, vcpus, memory_mb, disk_gb, deadline, error_message,
                       ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY created, id) AS turn
                FROM jobs WHERE state = 'placing' AND host IS NULL ORDER BY turn, created, id
                """)
            var placed = 0
            for row in rows {
                let id: String = row["id"]
                let deadline: Double = row["deadline"] ?? 0
                if deadline <= now.timeIntervalSince1970 {
                    let why: String = row["error_message"] ?? "no capacity"
                    try db.execute(sql: "UPDATE jobs SET state = 'failed', error_code = 'NoCapacity', updated = ? WHERE id = ?",
                                   arguments: [now.timeIntervalSince1970, id])
                    try Self.history(db, jobID: id, state: .failed, now: now, note: "queue deadline passed: \(why)")
                    continue
                }
                let req = VMRequest(image: row["image"], vcpus: row["vcpus"], memoryMB: row["memory_mb"], diskGB: row["disk_gb"])
                guard let host = try self.bestHost(db, image: req.image, vcpus: req.vcpus, memoryMB: req.memoryMB, strategy: settings.placement) else {
                    continue
                }
                try db.execute(sql: "UPDATE jobs SET state = 'queued', host = ?, agent_id = ?, tried = ?, error_message = NULL, updated = ? WHERE id = ?",
                               arguments: [host.hostname, host.agentID, host.hostname, now.timeIntervalSince1970, id])
                try Self.claim(db, jobID: id, host: host.hostname, request: req, now: now)
                try Self.history(db, jobID: id, state: .queued, now: now, note: "placed on \(host.hostname) from the queue")
                placed += 1
            }
            return placed
        }
    }
}
