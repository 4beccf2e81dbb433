// GVE — SiteService
// Where placement learns about hosts and images.
import Foundation

/// A source of hosts and images for placement.
public protocol HostInventory: Sendable {
    /// The hosts (each tied to a registered Agent).
    func hosts() async throws -> [HostRecord]
    /// The images, once per host that has them.
    func images() async throws -> [ImageRecord]
}

/// Asks every enabled, registered Agent directly (GetHostInfo, ListImages), and records each Agent's health.
///
/// Used until the registry (InfoProvider over LDAP) is wired in, and as the fallback when the registry is down.
public struct AgentInventory: HostInventory {
    let database: SiteDatabase
    let now: @Sendable () -> Date
    let timeout: TimeInterval

    public init(database: SiteDatabase, timeout: TimeInterval = 5, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.timeout = timeout
        self.now = now
    }

    /// Polls every Agent once, concurrently, and returns hosts and images together.
    public func snapshot() async throws -> (agents: Set<Int64>, hosts: [HostRecord], images: [ImageRecord]) {
        let endpoints = try await database.agentEndpoints()
        let results = await withTaskGroup(of: (Int64, Result<(HostRecord, [ImageRecord]), AgentCallError>).self) { group in
            for endpoint in endpoints {
                group.addTask {
                    let client = AgentClient(endpoint: endpoint, timeout: timeout)
                    do {
                        let host = try await client.hostInfo()
                        return (endpoint.id, .success((host, try await client.images(hostname: host.hostname))))
                    } catch let e as AgentCallError {
                        return (endpoint.id, .failure(e))
                    } catch {
                        return (endpoint.id, .failure(AgentCallError(code: AgentCallError.transport, message: "\(error)")))
                    }
                }
            }
            var all: [(Int64, Result<(HostRecord, [ImageRecord]), AgentCallError>)] = []
            for await r in group { all.append(r) }
            return all
        }
        var hosts: [HostRecord] = []
        var images: [ImageRecord] = []
        var seen: Set<String> = []
        let names = Dictionary(uniqueKeysWithValues: endpoints.map { ($0.id, $0.name) })
        for (id, result) in results.sorted(by: { $0.0 < $1.0 }) {
            switch result {
            case let .success((reported, reportedImages)):
                // Two Agents on one machine (or libvirt test drivers) report the same hostname: the later-registered
                // one is told apart by its registration name, so neither hides the other.
                var host = reported
                var imgs = reportedImages
                if !seen.insert(host.hostname).inserted {
                    host.hostname = "\(reported.hostname)@\(names[id] ?? String(id))"
                    seen.insert(host.hostname)
                    for i in imgs.indices { imgs[i].hostname = host.hostname }
                }
                hosts.append(host)
                images += imgs
                try await database.setAgentHealth(id: id, healthy: true, error: nil, now: now())
            case let .failure(error):
                // A poll cut short by shutdown says nothing about the Agent's health.
                if Task.isCancelled { continue }
                try await database.setAgentHealth(id: id, healthy: false, error: error.description, now: now())
            }
        }
        return (Set(endpoints.map(\.id)), hosts, images)
    }

    public func hosts() async throws -> [HostRecord] { try await snapshot().hosts }
    public func images() async throws -> [ImageRecord] { try await snapshot().images }
}
