// GVE — Agent: a RegistryPublisher over the InfoProvider's LDAP client.
import Foundation
import InfoProvider
import LDAPCore

/// Publishes an Agent's subtree with LDAP writes over one connection per publish: the subtree's current DNs
/// are read, entries no longer published are deleted (deepest first), new ones added, and existing ones get
/// their attributes replaced (attributes that went away are deleted), so unchanged data changes nothing.
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
            throw AgentError(.libvirtError, "registry \(url) unreachable: \(error)")
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
                let changes = Self.modifications(from: old, to: entry)
                if !changes.isEmpty { try await client.modify(entry.dn, changes) }
            }
            await client.close()
        } catch {
            await client.close()
            throw AgentError(.libvirtError, "registry \(url) refused the update: \(error)")
        }
    }

    /// Replace every attribute whose values changed; delete the ones that disappeared.
    static func modifications(from old: LDAPEntry, to new: LDAPEntry) -> [LDAPModification] {
        func grouped(_ e: LDAPEntry) -> [String: (name: String, values: Set<[UInt8]>)] {
            var out: [String: (String, Set<[UInt8]>)] = [:]
            for a in e.attributes {
                let key = a.name.lowercased()
                out[key] = (a.name, (out[key]?.1 ?? []).union(a.values))
            }
            return out
        }
        let before = grouped(old), after = grouped(new)
        var changes: [LDAPModification] = []
        for (key, value) in after.sorted(by: { $0.key < $1.key }) where before[key]?.values != value.values {
            if key == "objectclass" { continue }
            changes.append(LDAPModification(.replace, LDAPAttribute(name: value.name, values: Array(value.values).sorted { $0.lexicographicallyPrecedes($1) })))
        }
        for (key, value) in before.sorted(by: { $0.key < $1.key }) where after[key] == nil && key != "objectclass" {
            changes.append(LDAPModification(.delete, LDAPAttribute(name: value.name, values: [])))
        }
        return changes
    }
}
