// GVE — SiteService
// Hosts and images from the registry (InfoProvider over LDAP): GLUE2ExecutionEnvironment and GLUE2CloudComputingImage.
import Foundation
import GLUEModel
import InfoProvider
import LDAPCore

/// Reads the hosts and images the Agents publish in the registry (issue 8's GLUE 2 rendering), and ties each host
/// to a registered Agent: the Agent whose registration name is the hostname, or the one that last reported that
/// hostname through GetHostInfo. Hosts no registered Agent serves are left out (nothing could start a VM there).
public struct RegistryInventory: HostInventory {
    /// The registry URL, e.g. `ldap://127.0.0.1:2170`.
    public var url: String
    /// Where to search.
    public var base: DistinguishedName
    let database: SiteDatabase

    public init(url: String, base: DistinguishedName = GLUERegistryLayout.resourceBase, database: SiteDatabase) {
        self.url = url
        self.base = base
        self.database = database
    }

    public func hosts() async throws -> [HostRecord] { try await snapshot().hosts }
    public func images() async throws -> [ImageRecord] { try await snapshot().images }

    /// One search of the registry, mapped to records.
    public func snapshot() async throws -> (hosts: [HostRecord], images: [ImageRecord]) {
        let filter = try LDAPFilter("(|(objectClass=GLUE2ExecutionEnvironment)(objectClass=GLUE2CloudComputingImage))")
        let client = try await LDAPClient.connect(url: url)
        let result: LDAPSearchResult
        do {
            result = try await client.search(base: base, scope: .wholeSubtree, filter: filter, pageSize: 1000)
        } catch {
            await client.close()
            throw error
        }
        await client.close()
        return Self.records(from: result.entries, agentFor: try await agentMap())
    }

    /// hostname → Agent id, from registration names and from hostnames Agents reported before.
    func agentMap() async throws -> [String: Int64] {
        var map: [String: Int64] = [:]
        for host in try await database.hosts() { map[host.hostname] = host.agentID }
        for agent in try await database.listAgents() { map[agent.name] = agent.id }
        return map
    }

    /// Maps registry entries to host and image records (pure: no I/O).
    /// - Parameters:
    ///   - entries: GLUE2ExecutionEnvironment and GLUE2CloudComputingImage entries (images below their host).
    ///   - agentFor: the Agent serving each hostname.
    public static func records(from entries: [LDAPEntry], agentFor: [String: Int64]) -> (hosts: [HostRecord], images: [ImageRecord]) {
        func isA(_ e: LDAPEntry, _ cls: String) -> Bool { e.objectClasses.contains { $0.caseInsensitiveCompare(cls) == .orderedSame } }
        func int(_ e: LDAPEntry, _ type: String) -> Int? { e.first(type).flatMap { Int($0) } }
        var hostByDN: [DistinguishedName: String] = [:]
        var hosts: [HostRecord] = []
        for e in entries where isA(e, "GLUE2ExecutionEnvironment") {
            guard let name = e.first("GLUE2EntityName"), let agentID = agentFor[name] else { continue }
            var info: [String: String] = [:]
            for item in e.strings("GLUE2EntityOtherInfo") {
                guard let eq = item.firstIndex(of: "=") else { continue }
                info[String(item[..<eq])] = String(item[item.index(after: eq)...])
            }
            let cpus = int(e, "GLUE2ExecutionEnvironmentLogicalCPUs") ?? 0
            let memory = int(e, "GLUE2ExecutionEnvironmentMainMemorySize") ?? 0
            let used = int(e, "GLUE2ExecutionEnvironmentUsedInstances") ?? 0
            hosts.append(HostRecord(hostname: name, agentID: agentID,
                                    hypervisor: info["Hypervisor"].map { String($0.split(separator: " ").first ?? "") } ?? "",
                                    cpus: cpus, memoryMB: memory, freeCpus: info["FreeCPUs"].flatMap { Int($0) } ?? max(0, cpus - used),
                                    freeMemoryMB: info["FreeMainMemorySize"].flatMap { Int($0) } ?? memory,
                                    instances: info["Instances"].flatMap { Int($0) } ?? used))
            hostByDN[e.dn] = name
        }
        var images: [ImageRecord] = []
        for e in entries where isA(e, "GLUE2CloudComputingImage") {
            guard let parent = e.dn.parent, let host = hostByDN[parent], let name = e.first("GLUE2EntityName") else { continue }
            images.append(ImageRecord(name: name, hostname: host, osFamily: e.first("GLUE2CloudComputingImageOSFamily") ?? "",
                                      osName: e.first("GLUE2CloudComputingImageOSName") ?? "",
                                      osVersion: e.first("GLUE2CloudComputingImageOSVersion") ?? "", format: "",
                                      virtualSizeBytes: Int64(int(e, "GLUE2CloudComputingImageDiskSize") ?? 0) << 30,
                                      minCpus: int(e, "GLUE2CloudComputingImageMinCPU") ?? 0,
                                      minMemoryMB: int(e, "GLUE2CloudComputingImageMinRAM") ?? 0))
        }
        return (hosts, images)
    }
}
