// GVE — SiteService
// The data behind each admin page, read through SiteOperations (or the store's read-only listings).
import Foundation

extension AdminWeb {
    typealias Page = (name: String, title: String, context: [String: Any])

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current))
    }

    static func agentRow(_ a: AgentInfo, checked: Date?) -> [String: Any] {
        var row: [String: Any] = ["name": a.name, "url": a.url, "vmmType": a.vmmType, "health": a.healthy ? "healthy" : "unhealthy",
                                  "healthClass": a.healthy ? "ok" : "bad", "enabledText": a.enabled ? "yes" : "disabled",
                                  "toggleValue": a.enabled ? "false" : "true", "toggleLabel": a.enabled ? "Disable" : "Enable",
                                  "checked": checked.map(Self.timestamp) ?? "never"]
        if !a.enabled { row["health"] = "disabled"; row["healthClass"] = "off" }
        if let e = a.lastError, !e.isEmpty { row["lastError"] = e }
        return row
    }

    /// "12 s ago", "3 min ago", "2 h ago".
    static func age(_ date: Date, now: Date) -> String {
        let s = max(0, Int(now.timeIntervalSince(date)))
        if s < 120 { return "\(s) s ago" }
        if s < 7200 { return "\(s / 60) min ago" }
        return "\(s / 3600) h ago"
    }

    /// Overview: agents, hosts with use, VMs by state, jobs in flight and failed, the next lease ends, inventory age.
    func overview(_ s: AdminSession) async throws -> Page {
        let now = operations.now()
        let agents = try await operations.listAgents(s.principal)
        let hosts = try await database.hosts()
        let freshness = try await database.inventoryFreshness()
        let vms = try await operations.listVMs(s.principal, includeReleased: false)
        let jobs = try await operations.listJobs(s.principal, state: nil)
        var byState: [String: Int] = [:]
        for vm in vms { byState[vm.state, default: 0] += 1 }
        let leases = vms.filter { $0.state != "released" }.sorted { $0.leaseEnd < $1.leaseEnd }.prefix(10)
        let failed = jobs.filter { $0.state == .failed }.sorted { $0.updated > $1.updated }
        var context: [String: Any] = [
            "generated": Self.timestamp(now),
            "hasAgents": !agents.isEmpty, "agents": agents.map { Self.agentRow($0, checked: freshness.agentChecked[$0.name]) },
            "hasHosts": !hosts.isEmpty,
            "hosts": hosts.map { h -> [String: Any] in
                let updated = freshness.hostUpdated[h.hostname]
                return ["hostname": h.hostname, "hypervisor": h.hypervisor, "state": h.state, "instances": h.instances,
                        "cpus": h.cpus, "usedCpus": max(0, h.cpus - h.freeCpus), "memoryMB": h.memoryMB,
                        "usedMemoryMB": max(0, h.memoryMB - h.freeMemoryMB), "reported": updated.map { Self.age($0, now: now) } ?? "never"]
            },
            "vmStates": byState.sorted { $0.key < $1.key }.map { ["state": $0.key, "count": $0.value] as [String: Any] },
            "hasVMs": !byState.isEmpty,
            "inFlight": jobs.filter { !$0.state.isFinal && $0.state != .running }.count,
            "running": jobs.filter { $0.state == .running }.count,
            "failed": failed.count, "hasFailures": !failed.isEmpty,
            "recentFailures": failed.prefix(5).map { ["id": $0.id, "owner": $0.owner, "errorCode": $0.errorCode ?? "", "updated": Self.timestamp($0.updated)] as [String: Any] },
            "hasLeases": !leases.isEmpty,
            "leases": leases.map { ["name": $0.name, "owner": $0.owner, "leaseEnd": Self.timestamp($0.leaseEnd), "leaseWarning": $0.leaseWarning] as [String: Any] },
        ]
        if let newest = freshness.newest {
            context["inventoryAt"] = Self.timestamp(newest)
            context["inventoryAge"] = Self.age(newest, now: now)
            context["inventoryStale"] = now.timeIntervalSince(newest) > configuration.staleInventoryAfter
        }
        return ("overview", "Overview", context)
    }

    func agentsPage(_ s: AdminSession) async throws -> Page {
        let agents = try await operations.listAgents(s.principal)
        let freshness = try await database.inventoryFreshness()
        return ("agents", "Agents", ["hasAgents": !agents.isEmpty, "agents": agents.map { Self.agentRow($0, checked: freshness.agentChecked[$0.name]) }])
    }

    /// Images, grouped by the Agent that serves the host that has them.
    func imagesPage(_ s: AdminSession) async throws -> Page {
        let agents = try await operations.listAgents(s.principal)
        let hosts = try await database.hosts()
        let images = try await operations.listImages(s.principal)
        let agentOfHost = Dictionary(hosts.map { ($0.hostname, $0.agentID) }, uniquingKeysWith: { a, _ in a })
        let groups = agents.map { agent -> [String: Any] in
            let rows = images.filter { agentOfHost[$0.hostname] == agent.id }.map { i -> [String: Any] in
                ["name": i.name, "host": i.hostname, "os": [i.osName, i.osVersion].filter { !$0.isEmpty }.joined(separator: " "),
                 "format": i.format, "sizeGB": String(format: "%.1f", Double(i.virtualSizeBytes) / 1_073_741_824),
                 "minimum": "\(i.minCpus) CPU, \(i.minMemoryMB) MB"]
            }
            return ["agent": agent.name, "vmmType": agent.vmmType, "hasImages": !rows.isEmpty, "images": rows]
        }
        return ("images", "Images", ["hasAgents": !agents.isEmpty, "groups": groups])
    }

    static func limitsText(_ q: QuotaLimits) -> String {
        [q.vms, q.vcpus, q.memoryMB, q.diskGB].map { $0.map(String.init) ?? "∞" }.joined(separator: " / ")
    }

    func usersPage(_ s: AdminSession) async throws -> Page {
        var rows: [[String: Any]] = []
        let users = try await database.listUsers()
        for user in users {
            let q = try await operations.getQuota(s.principal, user: user.name)
            let u = q.used
            rows.append(["name": user.name, "role": user.role.rawValue, "status": user.disabled ? "disabled" : "active",
                         "quota": Self.limitsText(q.limits), "used": "\(u.vms) / \(u.vcpus) / \(u.memoryMB) / \(u.diskGB)",
                         "toggleValue": user.disabled ? "false" : "true", "toggleLabel": user.disabled ? "Enable" : "Disable"])
        }
        return ("users", "Users", ["users": rows, "userNames": users.map { ["name": $0.name] }])
    }

    /// A VM's management actions that make sense in its state.
    static func actions(for state: String) -> [VMAction] {
        switch state {
        case "running": return [.stop, .suspend, .reboot]
        case "suspended", "paused": return [.resume, .stop]
        case "halted", "shutoff": return [.start]
        default: return []
        }
    }

    func vmsPage(_ s: AdminSession, filter: VMFilter) async throws -> Page {
        let all = try await operations.listVMs(s.principal, includeReleased: filter.includeReleased)
        let vms = all.filter(filter.matches)
        let rows = vms.map { vm -> [String: Any] in
            ["name": vm.name, "path": Self.pathSegment(vm.name), "owner": vm.owner, "host": vm.host, "image": vm.image, "state": vm.state,
             "leaseEnd": Self.timestamp(vm.leaseEnd), "leaseWarning": vm.leaseWarning, "releasable": vm.state != "released",
             "actions": Self.actions(for: vm.state).map { ["vm": vm.name, "action": $0.rawValue, "label": $0.rawValue.capitalized] as [String: Any] }]
        }
        let users = try await database.listUsers().filter { !$0.disabled }
        let imageNames = Set(try await operations.listImages(s.principal).map(\.name)).sorted()
        let states = Set(all.map(\.state)).union(filter.state.map { [$0] } ?? []).sorted()
        let settings = try await database.settings()
        return ("vms", "VMs", [
            "hasVMs": !rows.isEmpty, "vms": rows, "count": rows.count,
            "fName": filter.name ?? "", "fOwner": filter.owner ?? "", "fReleased": filter.includeReleased,
            "states": [["value": "", "label": "any", "selected": filter.state == nil] as [String: Any]]
                + states.map { ["value": $0, "label": $0, "selected": $0 == filter.state] as [String: Any] },
            "users": users.map { ["name": $0.name] }, "images": imageNames.map { ["name": $0] }, "hasImages": !imageNames.isEmpty,
            "defaultLifetime": settings.defaultLifetime, "maximumLifetime": settings.maximumLifetime,
        ])
    }

    func vmPage(_ s: AdminSession, name: String) async throws -> Page {
        let vm = try await operations.describeVM(s.principal, name: name)
        return ("vm", "VM \(vm.name)", [
            "name": vm.name, "owner": vm.owner, "host": vm.host, "agent": vm.agent, "image": vm.image, "state": vm.state,
            "resources": "\(vm.vcpus) vCPU, \(vm.memoryMB) MB, \(vm.diskGB) GB", "uuid": vm.uuid ?? "—", "jobID": vm.jobID,
            "created": Self.timestamp(vm.created), "leaseEnd": Self.timestamp(vm.leaseEnd), "leaseWarning": vm.leaseWarning,
            "releasable": vm.state != "released", "back": "vm",
            "actions": Self.actions(for: vm.state).map { ["vm": vm.name, "action": $0.rawValue, "label": $0.rawValue.capitalized] as [String: Any] },
        ])
    }

    func jobsPage(_ s: AdminSession, filter: JobFilter) async throws -> Page {
        let state = try filter.jobState()
        let jobs = try await operations.listJobs(s.principal, state: state).filter(filter.matches)
        let states = [["value": "", "label": "any", "selected": state == nil] as [String: Any]]
            + JobState.allCases.map { ["value": $0.rawValue, "label": $0.rawValue, "selected": $0 == state] as [String: Any] }
        let rows = jobs.map { j -> [String: Any] in
            ["id": j.id, "owner": j.owner, "state": j.state.rawValue, "image": j.image, "host": j.host ?? "", "vmName": j.vmName ?? "",
             "updated": Self.timestamp(j.updated), "errorCode": j.errorCode ?? ""]
        }
        return ("jobs", "Jobs", ["states": states, "fText": filter.text ?? "", "fOwner": filter.owner ?? "",
                                 "hasJobs": !rows.isEmpty, "jobs": rows, "count": rows.count])
    }

    func jobPage(_ s: AdminSession, id: String) async throws -> Page {
        let j = try await operations.getJob(s.principal, id: id)
        var context: [String: Any] = [
            "id": j.id, "owner": j.owner, "state": j.state.rawValue, "requestID": j.requestID, "image": j.image, "vcpus": j.vcpus,
            "memoryMB": j.memoryMB, "diskGB": j.diskGB, "host": j.host ?? "—", "vmName": j.vmName ?? "—", "attempts": j.attempts,
            "history": j.history.map { ["at": Self.timestamp($0.at), "state": $0.state.rawValue, "note": $0.note] as [String: Any] },
            // A job on its way (queued … starting, releasing) refreshes itself until it settles.
            "live": !j.state.isFinal && j.state != .running,
        ]
        if let vm = j.vmName, j.state == .running || j.state == .releasing { context["vmPath"] = Self.pathSegment(vm) }
        if let code = j.errorCode {
            context["errorCode"] = code
            context["errorMessage"] = j.errorMessage ?? ""
        }
        return ("job", "Job \(j.id)", context)
    }

    /// The newest entries first, at most 500.
    func auditPage(_ s: AdminSession, filter: AuditFilter) async throws -> Page {
        let entries = try await operations.queryAudit(s.principal, actor: filter.actor, operation: filter.operation, since: filter.since,
                                                      until: filter.until, limit: 100_000)
        let rows = entries.suffix(500).reversed().map { e -> [String: Any] in
            ["at": Self.timestamp(e.at), "actor": e.actor, "operation": e.operation, "outcome": e.outcome, "arguments": e.arguments]
        }
        return ("audit", "Audit log", [
            "actor": filter.actor ?? "", "operation": filter.operation ?? "", "since": filter.sinceText ?? "", "until": filter.untilText ?? "",
            "operations": try await database.auditOperations().map { ["name": $0] },
            "hasEntries": !rows.isEmpty, "entries": Array(rows), "count": rows.count, "capped": entries.count > 500,
        ])
    }
}
