// GVE — SiteService
// The JSON API's routes: every Site Service operation, over the same ``SiteOperations`` the SOAP handler calls.
import Hummingbird

extension SiteAPIRoute {
    typealias Codec = SiteJSONCodec

    private static func route(_ method: HTTPRequest.Method, _ path: String, _ operation: String, _ summary: String, admin: Bool = false,
                              query: [SiteAPIParameter] = [], body: String? = nil, status: Int = 200, response: String?,
                              faults: [SiteError.Code] = [],
                              _ run: @escaping @Sendable (SiteAPICall) async throws -> SiteAPIAnswer) -> SiteAPIRoute {
        SiteAPIRoute(method: method, path: path, operation: operation, summary: summary, admin: admin, query: query, requestSchema: body,
                     status: status, responseSchema: response, faults: (admin ? [.notAuthorized] : []) + faults, run: run)
    }

    private static func ok(_ v: SiteJSONValue) -> SiteAPIAnswer { SiteAPIAnswer(status: nil, body: v) }

    /// Every route, in the order /openapi.json lists them.
    public static let all: [SiteAPIRoute] = [
        route(.post, "/api/v1/vms", "RequestVM", "Request one or more VMs; placement and cloning go on as jobs.",
              body: "VMRequest", status: 202, response: "RequestResult", faults: [.quotaExceeded, .noCapacity, .unknownImage]) { c in
            let b = c.body
            let request = VMRequest(image: try b.string("image"), vcpus: try b.int("vcpus"), memoryMB: try b.int("memoryMB"),
                                    diskGB: try b.int("diskGB"), lifetime: try b.duration("lifetime", required: false),
                                    count: try b.optionalInt("count") ?? 1, clientRequestID: try b.nonEmptyString("clientRequestId"),
                                    hints: try b.hints("hints"), queueTimeout: try b.optionalInt("queueTimeout"))
            let r = try await c.operations.requestVM(c.principal, request, audit: c.okAudit)
            if !r.replayed { c.onJobsCreated() }
            return SiteAPIAnswer(status: r.replayed ? 200 : nil,
                                 body: ["requestId": .string(r.requestID), "replayed": .bool(r.replayed), "jobs": .array(r.jobs.map(Codec.job))],
                                 audited: true)
        },
        route(.get, "/api/v1/vms", "ListVMs", "The caller's VMs (all VMs for an admin).",
              query: [.init(name: "includeReleased", type: "boolean", description: "Also list released VMs.")], response: "VMList") { c in
            ok(["vms": .array(try await c.operations.listVMs(c.principal, includeReleased: try c.query.optionalBool("includeReleased") ?? false).map(Codec.vm))])
        },
        route(.get, "/api/v1/vms/{name}", "DescribeVM", "One VM.", response: "VM", faults: [.notFound]) { c in
            ok(Codec.vm(try await c.operations.describeVM(c.principal, name: c.path("name"))))
        },
        route(.delete, "/api/v1/vms/{name}", "ReleaseVM", "Release a VM: its job moves to releasing and the VM is destroyed.",
              status: 202, response: "Job", faults: [.notFound, .invalidState]) { c in
            let job = try await c.operations.releaseVM(c.principal, name: c.path("name"))
            c.onJobsCreated()
            return ok(Codec.job(job))
        },
        route(.post, "/api/v1/vms/{name}/actions", "ManageVM", "Start, stop, suspend, resume or reboot a VM.",
              body: "ManageVMRequest", response: "VM", faults: [.notFound, .invalidState, .agentError]) { c in
            let a = try c.body.string("action")
            guard let action = VMAction(rawValue: a) else { throw SiteError.invalid("action", "'\(a)' is not start, stop, suspend, resume or reboot") }
            return ok(Codec.vm(try await c.operations.manageVM(c.principal, name: c.path("name"), action: action)))
        },
        route(.post, "/api/v1/vms/{name}/lease", "ExtendLease", "Extend a VM's lease (up to the site's maximum).",
              body: "ExtendLeaseRequest", response: "VM", faults: [.notFound, .invalidState]) { c in
            let seconds = try c.body.duration("extension", required: true) ?? 0
            return ok(Codec.vm(try await c.operations.extendLease(c.principal, name: c.path("name"), seconds: seconds)))
        },
        route(.get, "/api/v1/jobs", "ListJobs", "The caller's jobs (all jobs for an admin).",
              query: [.init(name: "state", type: "string", description: "Only jobs in this state.")], response: "JobList") { c in
            var state: JobState?
            if let s = try c.query.nonEmptyString("state") {
                guard let st = JobState(rawValue: s) else { throw SiteError.invalid("state", "'\(s)' is not a job state") }
                state = st
            }
            return ok(["jobs": .array(try await c.operations.listJobs(c.principal, state: state).map(Codec.job))])
        },
        route(.get, "/api/v1/jobs/{id}", "GetJob", "One job with its history.", response: "Job", faults: [.notFound]) { c in
            ok(Codec.job(try await c.operations.getJob(c.principal, id: c.path("id"))))
        },
        route(.get, "/api/v1/images", "ListImages", "Images the site's hosts offer.", response: "ImageList") { c in
            ok(["images": .array(try await c.operations.listImages(c.principal).map(Codec.image))])
        },
        route(.get, "/api/v1/quota", "GetQuota", "The caller's quota, use and what remains (an admin may name a user).",
              query: [.init(name: "user", type: "string", description: "Another user's name (admin only).")], response: "Quota",
              faults: [.notAuthorized, .notFound]) { c in
            ok(Codec.quota(try await c.operations.getQuota(c.principal, user: try c.query.nonEmptyString("user"))))
        },
        route(.post, "/api/v1/users", "CreateUser", "Create a user.", admin: true, body: "CreateUserRequest", status: 201, response: "User",
              faults: [.invalidState]) { c in
            let b = c.body
            var role = UserRole.user
            if let r = try b.nonEmptyString("role") {
                guard let rr = UserRole(rawValue: r) else { throw SiteError.invalid("role", "'\(r)' is not user or admin") }
                role = rr
            }
            return ok(Codec.user(try await c.operations.createUser(c.principal, name: try b.string("name"), password: try b.string("password"),
                                                                   role: role, allowDigest: try b.optionalBool("allowDigest") ?? false,
                                                                   subjectDN: try b.nonEmptyString("subjectDN"))))
        },
        route(.put, "/api/v1/users/{name}/quota", "SetQuota", "Set a user's limits (absent or null: unlimited).", admin: true,
              body: "Limits", response: "Quota", faults: [.notFound]) { c in
            let b = c.body
            let limits = QuotaLimits(vms: try b.optionalInt("vms"), vcpus: try b.optionalInt("vcpus"),
                                     memoryMB: try b.optionalInt("memoryMB"), diskGB: try b.optionalInt("diskGB"))
            return ok(Codec.quota(try await c.operations.setQuota(c.principal, user: c.path("name"), limits: limits)))
        },
        route(.post, "/api/v1/users/{name}/disabled", "DisableUser", "Disable (or with disabled=false re-enable) a user.", admin: true,
              body: "DisableUserRequest", response: "User", faults: [.notFound]) { c in
            ok(Codec.user(try await c.operations.disableUser(c.principal, name: c.path("name"), disabled: try c.body.optionalBool("disabled") ?? true)))
        },
        route(.get, "/api/v1/agents", "ListAgents", "Registered Agents.", admin: true, response: "AgentList") { c in
            ok(["agents": .array(try await c.operations.listAgents(c.principal).map(Codec.agent))])
        },
        route(.post, "/api/v1/agents", "RegisterAgent", "Register an Agent.", admin: true, body: "RegisterAgentRequest", status: 201,
              response: "Agent", faults: [.invalidState]) { c in
            let b = c.body
            guard let password = try b.optionalString("password") else { throw SiteError.invalid("password", "is required") }
            return ok(Codec.agent(try await c.operations.registerAgent(c.principal, name: try b.string("name"), url: try b.string("url"),
                                                                       username: try b.string("username"), password: password,
                                                                       vmmType: try b.string("vmmType"))))
        },
        route(.delete, "/api/v1/agents/{name}", "RemoveAgent", "Remove an Agent.", admin: true, status: 204, response: nil,
              faults: [.notFound, .invalidState]) { c in
            try await c.operations.removeAgent(c.principal, name: c.path("name"))
            return ok(.null)
        },
        route(.get, "/api/v1/audit", "QueryAudit", "The audit log, newest first.", admin: true,
              query: [.init(name: "actor", type: "string", description: "Only calls by this user."),
                      .init(name: "operation", type: "string", description: "Only this operation."),
                      .init(name: "since", type: "string", description: "xs:dateTime in UTC: calls at or after."),
                      .init(name: "until", type: "string", description: "xs:dateTime in UTC: calls before."),
                      .init(name: "limit", type: "integer", description: "Most entries (default 1000).")],
              response: "AuditList") { c in
            let q = c.query
            let entries = try await c.operations.queryAudit(c.principal, actor: try q.nonEmptyString("actor"), operation: try q.nonEmptyString("operation"),
                                                            since: try q.optionalDate("since"), until: try q.optionalDate("until"),
                                                            limit: try q.optionalInt("limit") ?? 1000)
            return ok(["entries": .array(entries.map(Codec.audit))])
        },
    ]
}
