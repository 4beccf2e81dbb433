// GVE — SiteService
// GET /metrics in the Prometheus text exposition format (version 0.0.4), read from the store at scrape time:
// the append-only audit log gives SOAP calls by operation and outcome (counters that survive restarts), the job
// table gives jobs by state, the job history gives placements.
import Foundation
import GRDB
import Hummingbird
import NIOCore

/// The figures one scrape reports.
public struct SiteMetricsSnapshot: Sendable, Hashable {
    /// SOAP calls by (operation, outcome): `ok` or the fault code.
    public var soapCalls: [String: [String: Int]] = [:]
    /// Admin web actions by (operation, outcome).
    public var webActions: [String: [String: Int]] = [:]
    /// JSON API calls by (operation, outcome).
    public var apiCalls: [String: [String: Int]] = [:]
    /// Seconds from request to placement on a host, per placed job (first placement).
    public var placementSeconds: [Double] = []
    /// Leases ended, by reason: `lease_end` (the lease ran out) or `released` (the owner or an admin released the VM).
    public var leaseReleases: [String: Int] = [:]
    /// Jobs by state (every state present, zero when none).
    public var jobsByState: [JobState: Int] = [:]
    /// Jobs placed on a host (including re-placements after a failed clone).
    public var placements: Int = 0
    /// Registered agents, and those healthy.
    public var agents: Int = 0
    public var healthyAgents: Int = 0
    /// Host capacity and free resources, by host name.
    public var hosts: [HostRecord] = []

    /// The Prometheus text exposition of this snapshot.
    public var prometheusText: String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
            let l = labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
            out += "\(name)\(l) \(value)\n"
        }
        family("gve_site_soap_calls_total", "counter", "SOAP calls by operation and outcome (ok or the fault code).")
        for (op, outcomes) in soapCalls.sorted(by: { $0.key < $1.key }) {
            for (outcome, n) in outcomes.sorted(by: { $0.key < $1.key }) { sample("gve_site_soap_calls_total", [("operation", op), ("outcome", outcome)], n) }
        }
        family("gve_site_web_actions_total", "counter", "Admin web interface actions by operation and outcome.")
        for (op, outcomes) in webActions.sorted(by: { $0.key < $1.key }) {
            for (outcome, n) in outcomes.sorted(by: { $0.key < $1.key }) { sample("gve_site_web_actions_total", [("operation", op), ("outcome", outcome)], n) }
        }
        family("gve_site_api_calls_total", "counter", "JSON API calls by operation and outcome (ok or the error code).")
        for (op, outcomes) in apiCalls.sorted(by: { $0.key < $1.key }) {
            for (outcome, n) in outcomes.sorted(by: { $0.key < $1.key }) { sample("gve_site_api_calls_total", [("operation", op), ("outcome", outcome)], n) }
        }
        family("gve_site_lease_releases_total", "counter", "Leases ended, by reason (lease_end or released).")
        for reason in ["lease_end", "released"] { sample("gve_site_lease_releases_total", [("reason", reason)], leaseReleases[reason] ?? 0) }
        out += SiteMetricsSnapshot.histogram("gve_site_placement_seconds", "Seconds from a VM request to the job's start on a host.",
                                             placementSeconds, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300])
        family("gve_site_jobs", "gauge", "Jobs by state.")
        for state in JobState.allCases { sample("gve_site_jobs", [("state", state.rawValue)], jobsByState[state] ?? 0) }
        family("gve_site_placements_total", "counter", "Jobs placed on a host, re-placements included.")
        sample("gve_site_placements_total", [], placements)
        family("gve_site_agents", "gauge", "Registered agents.")
        sample("gve_site_agents", [], agents)
        family("gve_site_agents_healthy", "gauge", "Registered agents that answered the last inventory call.")
        sample("gve_site_agents_healthy", [], healthyAgents)
        family("gve_site_host_cpus", "gauge", "CPUs of a host.")
        for h in hosts { sample("gve_site_host_cpus", [("host", h.hostname)], h.cpus) }
        family("gve_site_host_free_cpus", "gauge", "CPUs of a host not claimed by VMs.")
        for h in hosts { sample("gve_site_host_free_cpus", [("host", h.hostname)], h.freeCpus) }
        family("gve_site_host_memory_bytes", "gauge", "Memory of a host.")
        for h in hosts { sample("gve_site_host_memory_bytes", [("host", h.hostname)], h.memoryMB << 20) }
        family("gve_site_host_free_memory_bytes", "gauge", "Memory of a host not claimed by VMs.")
        for h in hosts { sample("gve_site_host_free_memory_bytes", [("host", h.hostname)], h.freeMemoryMB << 20) }
        return out
    }

    /// Label value escaping: backslash, double quote and line feed.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension SiteDatabase {
    /// Reads the figures for one metrics scrape.
    public func metricsSnapshot() async throws -> SiteMetricsSnapshot {
        var snapshot = try await pool.read { db -> SiteMetricsSnapshot in
            var s = SiteMetricsSnapshot()
            for row in try Row.fetchAll(db, sql: "SELECT op, outcome, COUNT(*) AS n FROM audit GROUP BY op, outcome") {
                let op: String = row["op"]
                if op.hasPrefix("web:") {
                    s.webActions[String(op.dropFirst(4)), default: [:]][row["outcome"]] = row["n"]
                } else if op.hasPrefix("api:") {
                    s.apiCalls[String(op.dropFirst(4)), default: [:]][row["outcome"]] = row["n"]
                } else {
                    s.soapCalls[op, default: [:]][row["outcome"]] = row["n"]
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                if let state = JobState(rawValue: row["state"]) { s.jobsByState[state] = row["n"] }
            }
            s.placements = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM job_history WHERE state = 'cloning'") ?? 0
            s.placementSeconds = try Double.fetchAll(db, sql: """
                SELECT MIN(h.at) - j.created FROM jobs j JOIN job_history h ON h.job_id = j.id AND h.state = 'cloning' GROUP BY j.id
                """)
            for row in try Row.fetchAll(db, sql: """
                SELECT note = 'lease ended' AS expired, COUNT(*) AS n FROM job_history WHERE state = 'releasing' GROUP BY expired
                """) {
                s.leaseReleases[row["expired"] ? "lease_end" : "released"] = row["n"]
            }
            s.agents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agents") ?? 0
            s.healthyAgents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agents WHERE healthy") ?? 0
            return s
        }
        snapshot.hosts = try await hosts()
        return snapshot
    }
}

/// Serves `GET /metrics`.
public enum SiteMetricsEndpoint {
    /// Adds `GET /metrics` to a router.
    public static func mount<Context: RequestContext>(on router: Router<Context>, database: SiteDatabase) {
        router.get("/metrics") { _, _ -> Response in
            let text = try await database.metricsSnapshot().prometheusText
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
