// GVE — SiteService
// Admin operations the web interface offers beyond the SOAP set: password reset, enabling an Agent, testing an
// Agent's connection, and requesting a VM on a user's behalf (through the same RequestVM path SOAP uses).
import Foundation

/// The outcome of a connection test: an expected "no" (unreachable, refused credential) is a value, not an error.
public struct AgentConnectionCheck: Sendable, Hashable {
    public var agent: String
    public var reachable: Bool
    /// What the Agent reported (GetHostInfo) when reachable.
    public var host: HostRecord?
    /// Images the Agent offers (ListImages) when reachable.
    public var imageCount: Int
    /// The Agent's fault or the transport error, when not reachable.
    public var error: String?
}

extension SiteOperations {
    /// Sets a new password for a user (admin only).
    /// - Throws: SiteError `.notAuthorized`, `.notFound`, or `.invalidRequest` naming `password`.
    public func resetPassword(_ p: Principal, name: String, password: String) async throws {
        try requireAdmin(p)
        try await database.resetPassword(name: name, password: password, cost: bcryptCost)
    }

    /// Enables or disables an Agent (admin only): disabled Agents get no new VMs and are not polled.
    /// - Throws: SiteError `.notAuthorized` or `.notFound`.
    public func setAgentEnabled(_ p: Principal, name: String, enabled: Bool) async throws {
        try requireAdmin(p)
        try await database.setAgentEnabled(name: name, enabled: enabled)
    }

    /// Calls a registered Agent (GetHostInfo, then ListImages) with its stored credential and records its health.
    /// - Parameters:
    ///   - name: the Agent's registration name.
    ///   - timeout: seconds to wait for each call.
    /// - Returns: what the Agent answered, or why it could not be reached.
    /// - Throws: SiteError `.notAuthorized` or `.notFound` (unknown Agent).
    public func testAgentConnection(_ p: Principal, name: String, timeout: TimeInterval = 5) async throws -> AgentConnectionCheck {
        try requireAdmin(p)
        let endpoint = try await database.agentEndpoint(name: name)
        let client = AgentClient(endpoint: endpoint, timeout: timeout)
        let check: AgentConnectionCheck
        do {
            let host = try await client.hostInfo()
            let images = try await client.images(hostname: host.hostname)
            check = AgentConnectionCheck(agent: name, reachable: true, host: host, imageCount: images.count, error: nil)
        } catch let e as AgentCallError {
            check = AgentConnectionCheck(agent: name, reachable: false, host: nil, imageCount: 0, error: e.description)
        } catch {
            check = AgentConnectionCheck(agent: name, reachable: false, host: nil, imageCount: 0, error: "\(AgentCallError.transport): \(error)")
        }
        try await database.setAgentHealth(id: endpoint.id, healthy: check.reachable, error: check.error, now: now())
        return check
    }

    /// RequestVM on a user's behalf (admin only): the job belongs to that user and counts against that user's quota,
    /// exactly as if the user had called RequestVM.
    /// - Throws: SiteError `.notAuthorized`, `.notFound` (unknown user), `.invalidState` (disabled user), or whatever
    ///   ``requestVM(_:_:)`` throws.
    public func requestVM(_ p: Principal, onBehalfOf user: String, _ r: VMRequest) async throws -> RequestResult {
        try requireAdmin(p)
        guard let creds = try await database.credentials(name: user) else {
            throw SiteError(.notFound, "no user '\(user)'", details: [("user", user)])
        }
        guard !creds.user.disabled else { throw SiteError(.invalidState, "user '\(user)' is disabled", details: [("user", user)]) }
        return try await requestVM(Principal(userID: creds.user.id, name: creds.user.name, role: creds.user.role), r)
    }
}
