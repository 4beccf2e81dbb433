// GVE — SiteService
// The admin routes: GET pages (find and show) and POST actions (each CSRF-checked and audited as `web:<Operation>`).
import Foundation
import Hummingbird

extension AdminWeb {
    /// GET pages; query parameters are the filters of the page's find form.
    func mountPages<Context: RequestContext>(on admin: RouterGroup<Context>) {
        let web = self
        admin.get("/overview") { request, _ in try await web.page(request) { s in try await web.overview(s) } }
        admin.get("/agents") { request, _ in try await web.page(request) { s in try await web.agentsPage(s) } }
        admin.get("/users") { request, _ in try await web.page(request) { s in try await web.usersPage(s) } }
        admin.get("/images") { request, _ in try await web.page(request) { s in try await web.imagesPage(s) } }
        admin.get("/vms") { request, _ in
            try await web.page(request) { s in try await web.vmsPage(s, filter: VMFilter(query: request.uri.queryParameters)) }
        }
        admin.get("/vms/:name") { request, context in
            let name = context.parameters.get("name") ?? ""
            return try await web.page(request) { s in try await web.vmPage(s, name: name) }
        }
        admin.get("/jobs") { request, _ in
            try await web.page(request) { s in try await web.jobsPage(s, filter: JobFilter(query: request.uri.queryParameters)) }
        }
        admin.get("/jobs/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await web.page(request) { s in try await web.jobPage(s, id: id) }
        }
        admin.get("/audit") { request, _ in
            try await web.page(request) { s in try await web.auditPage(s, filter: try AuditFilter(query: request.uri.queryParameters)) }
        }
    }

    /// POST actions.
    func mountActions<Context: RequestContext>(on admin: RouterGroup<Context>) {
        let web = self
        admin.post("/agents") { request, _ in
            try await web.action(request, operation: "RegisterAgent", back: "/admin/agents", done: "agent-registered") { s, f in
                let name = try f.required("name")
                _ = try await web.operations.registerAgent(s.principal, name: name, url: try f.required("url"), username: try f.required("username"),
                                                           password: try f.required("password"), vmmType: try f.required("vmmType"))
                return "name=\(name)"
            }
        }
        admin.post("/agents/test") { request, _ in
            try await web.perform(request, operation: "TestAgent") { s, f in
                let name = try f.required("name")
                let check = try await web.operations.testAgentConnection(s.principal, name: name)
                var page = try await web.agentsPage(s)
                page.context["check"] = Self.checkContext(check)
                let response = web.render(page.name, title: page.title, context: page.context, session: s)
                return ("name=\(name) reachable=\(check.reachable)", response)
            }
        }
        admin.post("/agents/enable") { request, _ in
            try await web.action(request, operation: "SetAgentEnabled", back: "/admin/agents", done: "agent-updated") { s, f in
                let name = try f.required("name")
                let enabled = try f.flag("enabled")
                try await web.operations.setAgentEnabled(s.principal, name: name, enabled: enabled)
                return "name=\(name) enabled=\(enabled)"
            }
        }
        admin.post("/agents/remove") { request, _ in
            try await web.action(request, operation: "RemoveAgent", back: "/admin/agents", done: "agent-removed") { s, f in
                let name = try f.required("name")
                try await web.operations.removeAgent(s.principal, name: name)
                return "name=\(name)"
            }
        }
        admin.post("/users") { request, _ in
            try await web.action(request, operation: "CreateUser", back: "/admin/users", done: "user-created") { s, f in
                let name = try f.required("name")
                guard let role = UserRole(rawValue: f["role"] ?? "user") else { throw SiteError.invalid("role", "must be user or admin") }
                _ = try await web.operations.createUser(s.principal, name: name, password: try f.required("password"), role: role,
                                                        allowDigest: false, subjectDN: nil)
                return "name=\(name) role=\(role.rawValue)"
            }
        }
        admin.post("/users/password") { request, _ in
            try await web.action(request, operation: "ResetPassword", back: "/admin/users", done: "password-reset") { s, f in
                let name = try f.required("user")
                try await web.operations.resetPassword(s.principal, name: name, password: try f.required("password"))
                // Other browser sessions of that account end; the admin resetting their own password stays in.
                if name != s.principal.name { web.sessions.closeAll(userName: name) }
                return "user=\(name)"
            }
        }
        admin.post("/users/quota") { request, _ in
            try await web.action(request, operation: "SetQuota", back: "/admin/users", done: "quota-set") { s, f in
                let user = try f.required("user")
                let limits = QuotaLimits(vms: try f.optionalCount("vms"), vcpus: try f.optionalCount("vcpus"),
                                         memoryMB: try f.optionalCount("memoryMB"), diskGB: try f.optionalCount("diskGB"))
                _ = try await web.operations.setQuota(s.principal, user: user, limits: limits)
                return "user=\(user)"
            }
        }
        admin.post("/users/disable") { request, _ in
            try await web.action(request, operation: "DisableUser", back: "/admin/users", done: "user-updated") { s, f in
                let name = try f.required("name")
                let disabled = f["disabled"] != "false"
                if disabled && name == s.principal.name { throw SiteError(.invalidState, "you cannot disable your own account") }
                _ = try await web.operations.disableUser(s.principal, name: name, disabled: disabled)
                if disabled { web.sessions.closeAll(userName: name) }
                return "name=\(name) disabled=\(disabled)"
            }
        }
        admin.post("/vms/request") { request, _ in
            try await web.perform(request, operation: "RequestVM") { s, f in
                let user = try f.required("user")
                let r = VMRequest(image: try f.required("image"), vcpus: try f.requiredCount("vcpus"), memoryMB: try f.requiredCount("memoryMB"),
                                  diskGB: try f.requiredCount("diskGB"), lifetime: try f.optionalCount("lifetime"))
                let result = try await web.operations.requestVM(s.principal, onBehalfOf: user, r)
                let job = result.jobs.first?.id ?? ""
                return ("user=\(user) image=\(r.image) vcpus=\(r.vcpus) memoryMB=\(r.memoryMB) diskGB=\(r.diskGB) job=\(job)",
                        AdminResponse.redirect(job.isEmpty ? "/admin/jobs" : "/admin/jobs/\(job)?done=vm-requested"))
            }
        }
        admin.post("/vms/release") { request, _ in
            try await web.action(request, operation: "ReleaseVM", back: "/admin/vms", done: "release-started") { s, f in
                let name = try f.required("name")
                _ = try await web.operations.releaseVM(s.principal, name: name)
                return "name=\(name)"
            }
        }
        admin.post("/vms/manage") { request, _ in
            try await web.perform(request, operation: "ManageVM") { s, f in
                let name = try f.required("name")
                guard let action = VMAction(rawValue: try f.required("action")) else {
                    throw SiteError.invalid("action", "must be one of \(VMAction.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                _ = try await web.operations.manageVM(s.principal, name: name, action: action)
                let back = f["back"] == "vm" ? "/admin/vms/\(Self.pathSegment(name))" : "/admin/vms"
                return ("name=\(name) action=\(action.rawValue)", AdminResponse.redirect(back + "?done=vm-managed"))
            }
        }
    }

    /// The connection test's result for the agents page.
    static func checkContext(_ check: AgentConnectionCheck) -> [String: Any] {
        var c: [String: Any] = ["agent": check.agent, "reachable": check.reachable]
        if let h = check.host {
            c["summary"] = "host \(h.hostname), \(h.hypervisor), \(h.cpus) CPUs (\(h.freeCpus) free), \(h.memoryMB) MB, \(check.imageCount) images"
        }
        if let e = check.error { c["error"] = e }
        return c
    }

    /// A name as one URL path segment.
    static func pathSegment(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
