// GVE — Agent: a RegistryPublisher over the InfoProvider's LDAP client.
import Aggregation
import Foundation
import InfoProvider
import LDAPCore

/// Publishes an Agent's subtree with LDAP writes over one connection per publish: the subtree's current DNs
/// are read, entries no longer published are deleted (deepest first), new ones added, and existing ones get
/// the minimal modifications (``EntryDiff``), so unchanged data changes nothing.
public struct LDAPRegistryPublisher: RegistryPublisher {
    public var url: String
    public var bindDN: DistinguishedName
    public var password: String

    public init(url: String, bindDN: DistinguishedName, password: String) {
        self.url = url
        self.bindDN = bindDN
        self.password = password
    }

    public func publish(_ entries: [LDAPEntry], under root: DistinguishedName) async throws {
        let client: LDAPClient
        do { client = try await LDAPClient.connect(url: url) } catch {
            throw AgentError(.registryError, "registry \(url) unreachable: \(error)")
        }
        do {
            try await client.simpleBind(dn: bindDN, password: password)
            var existing: [DistinguishedName: LDAPEntry] = [:]
            do {
                for e in try await client.search(base: root, scope: .wholeSubtree).entries { existing[e.dn] = e }
            } catch where error.resultCode == .noSuchObject {}
            let published = Set(entries.map(\.dn))
            for dn in existing.keys.filter({ !published.contains($0) }).sorted(by: { $0.rdns.count > $1.rdns.count }) {
                try await client.delete(dn)
            }
            for entry in entries.sorted(by: { $0.dn.rdns.count < $1.dn.rdns.count }) {
                guard let old = existing[entry.dn] else {
                    try await client.add(entry)
                    continue
                }
                let changes = EntryDiff.modifications(from: old, to: entry)
                if !changes.isEmpty { try await client.modify(entry.dn, changes) }
            }
            await client.close()
        } catch {
            await client.close()
            throw AgentError(.registryError, "registry \(url) refused the update: \(error)")
        }
    }
}
