// GVE — SiteService
// The data behind each admin page, read through SiteOperations (or the store's read-only listings).
import Foundation

extension AdminWeb {
    typealias Page = (name: String, title: String, context: [String: Any])

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current))
    }

    static func agentRow(_ a: AgentInfo) -> [String: Any] {
        var row: [String: Any] = ["name": a.name, "url": a.url, "vmmType": a.vmmType, "health": a.healthy ? "healthy" : "unhealthy",
                                  "healthClass": a.healthy ? "ok" : "bad", "enabledText": a.enabled ? "yes" : "no"]
        if let e = a.lastError, !e.isEmpty { row["lastError"] = e }
        return row
    }

    /// Overview: agents, hosts with use, VMs by state, jobs in flight and failed, the next lease ends.
    func overview(_ s: AdminSession) async throws -> Page {
        let agents = try await operations.listAgents(s.principal)
        let hosts = try await database.hosts()
        let vms = try await operations.listVMs(s.principal, includeReleased: false)
        let jobs = try await operations.listJobs(s.principal, state: nil)
        var byState: [String: Int] = [:]
        for vm in vms { byState[vm.state, default: 0] += 1 }
        let leases = vms.filter { $0.state != "released" }.sorted { $0.leaseEnd < $1.leaseEnd }.prefix(10)
        let context: [String: Any] = [
            "generated": Self.timestamp(operations.now()),
            "hasAgents": !agents.isEmpty, "agents": agents.map(Self.agentRow),
            "hasHosts": !hosts.isEmpty,
            "hosts": hosts.map { h -> [String: Any] in
                ["hostname": h.hostname, "hypervisor": h.hypervisor, "state": h.state, "instances": h.instances,
                 "cpus": h.cpus, "usedCpus": max(0, h.cpus - h.freeCpus), "memoryMB": h.memoryMB, "usedMemoryMB": max(0, h.memoryMB - h.freeMemoryMB)]
            },
            "vmStates": byState.sorted { $0.key < $1.key }.map { ["state": $0.key, "count": $0.value] as [String: Any] },
            "inFlight": jobs.filter { !$0.state.isFinal && $0.state != .running }.count,
            "failed": jobs.filter { $0.state == .failed }.count,
            "hasLeases": !leases.isEmpty,
            "leases": leases.map { ["name": $0.name, "owner": $0.owner, "leaseEnd": Self.timestamp($0.leaseEnd), "leaseWarning": $0.leaseWarning] as [String: Any] },
        ]
        return ("overview", "Overview", context)
    }

    func agentsPage(_ s: AdminSession) async throws -> Page {
        let agents = try await operations.listAgents(s.principal)
        return ("agents", "Agents", ["hasAgents": !agents.isEmpty, "agents": agents.map(Self.agentRow)])
    }

    static func limitsText(_ q: QuotaLimits) -> String {
        [q.vms, q.vcpus, q.memoryMB, q.diskGB].map { $0.map(String.init) ?? "∞" }.joined(separator: " / ")
    }

    func usersPage(_ s: AdminSession) async throws -> Page {
        var rows: [[String: Any]] = []
        for user in try await database.listUsers() {
            let q = try await operations.getQuota(s.principal, user: user.name)
            let u = q.used
            rows.append(["name": user.name, "role": user.role.rawValue, "status": user.disabled ? "disabled" : "active",
                         "quota": Self.limitsText(q.limits), "used": "\(u.vms) / \(u.vcpus) / \(u.memoryMB) / \(u.diskGB)",
                         "toggleValue": user.disabled ? "false" : "true", "toggleLabel": user.disabled ? "Enable" : "Disable"])
        }
        return ("users", "Users", ["users": rows])
    }

    func vmsPage(_ s: AdminSession) async throws -> Page {
        let vms = try await operations.listVMs(s.principal, includeReleased: false)
        let rows = vms.map { vm -> [String: Any] in
            let actions: [VMAction] = vm.state == "running" ? [.stop] : (vm.state == "halted" || vm.state == "shutoff" ? [.start] : [])
            return ["name": vm.name, "owner": vm.owner, "host": vm.host, "image": vm.image, "state": vm.state,
                    "leaseEnd": Self.timestamp(vm.leaseEnd),
                    "actions": actions.map { ["vm": vm.name, "action": $0.rawValue, "label": $0.rawValue.capitalized] as [String: Any] }]
        }
        return ("vms", "VMs", ["hasVMs": !rows.isEmpty, "vms": rows])
    }

    func jobsPage(_ s: AdminSession, state: String?) async throws -> Page {
        let filter: JobState?
        if let state, !state.isEmpty {
            guard let parsed = JobState(rawValue: state) else {
                throw SiteError.invalid("state", "must be one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter = parsed
        } else {
            filter = nil
        }
        let jobs = try await operations.listJobs(s.principal, state: filter)
        let states = [["value": "", "label": "any", "selected": filter == nil] as [String: Any]]
            + JobState.allCases.map { ["value": $0.rawValue, "label": $0.rawValue, "selected": $0 == filter] as [String: Any] }
        let rows = jobs.map { j -> [String: Any] in
            ["id": j.id, "owner": j.owner, "state": j.state.rawValue, "image": j.image, "host": j.host ?? "",
             "updated": Self.timestamp(j.updated), "errorCode": j.errorCode ?? ""]
        }
        return ("jobs", "Jobs", ["states": states, "hasJobs": !rows.isEmpty, "jobs": rows])
    }

    func jobPage(_ s: AdminSession, id: String) async throws -> Page {
        let j = try await operations.getJob(s.principal, id: id)
        var context: [String: Any] = [
            "owner": j.owner, "state": j.state.rawValue, "requestID": j.requestID, "image": j.image, "vcpus": j.vcpus,
            "memoryMB": j.memoryMB, "diskGB": j.diskGB, "host": j.host ?? "—", "vmName": j.vmName ?? "—", "attempts": j.attempts,
            "history": j.history.map { ["at": Self.timestamp($0.at), "state": $0.state.rawValue, "note": $0.note] as [String: Any] },
        ]
        if let code = j.errorCode {
            context["errorCode"] = code
            context["errorMessage"] = j.errorMessage ?? ""
        }
        return ("job", "Job \(j.id)", context)
    }

    func auditPage(_ s: AdminSession, actor: String?, operation: String?) async throws -> Page {
        let actor = actor.flatMap { $0.isEmpty ? nil : $0 }
        let operation = operation.flatMap { $0.isEmpty ? nil : $0 }
        let entries = try await operations.queryAudit(s.principal, actor: actor, operation: operation, since: nil, until: nil, limit: 100_000)
        let rows = entries.suffix(500).reversed().map { e -> [String: Any] in
            ["at": Self.timestamp(e.at), "actor": e.actor, "operation": e.operation, "outcome": e.outcome, "arguments": e.arguments]
        }
        return ("audit", "Audit log", ["actor": actor ?? "", "operation": operation ?? "", "hasEntries": !rows.isEmpty, "entries": Array(rows)])
    }
}
