// GVE — `gve infosys serve --config bdii.conf`: BDII-style sources and cycles feeding the registry's directory.
import Aggregation
import Directory
import Foundation
import InfoProvider
import LDAPCore

/// Applies a cycle's changes to the registry's directory, atomically.
///
/// The registry's own containers (`o=glue`, the site's AdminDomain, `GLUE2GroupID=grid`) exist before any
/// source publishes: a source's add of one becomes a replace of its attributes, and its delete is ignored.
struct DirectorySinkAdapter: DirectorySink {
    let directory: Directory
    var containers: Set<DistinguishedName> = []

    func apply(_ changes: [LDAPChange]) throws {
        try directory.apply(changes.compactMap { change -> LDAPChange? in
            switch change {
            case .add(let e) where containers.contains(e.dn):
                let mods = e.attributes.filter { $0.typeKey != "objectclass" }.map { LDAPModification(.replace, $0) }
                return mods.isEmpty ? nil : .modify(e.dn, mods)
            case .delete(let dn) where containers.contains(dn):
                return nil
            default:
                return change
            }
        })
    }
}

/// Reads a remote registry (ours, BDII, slapd) with the InfoProvider's LDAP client.
struct LDAPRemoteSource: RemoteDirectorySource {
    func fetch(url: String, timeout: Duration, sizeLimit: Int) async throws -> [LDAPEntry] {
        var base = "o=glue"
        if let slash = url.dropFirst("ldap://".count).firstIndex(of: "/") {
            let path = url[url.index(after: slash)...]
            if !path.isEmpty { base = String(path.split(separator: "?").first ?? "o=glue").removingPercentEncoding ?? "o=glue" }
        }
        let client = try await LDAPClient.connect(url: url)
        do {
            let result = try await client.search(base: try DistinguishedName(base), scope: .wholeSubtree,
                                                 sizeLimit: sizeLimit, timeLimit: max(1, Int(timeout.components.seconds)), pageSize: 5000)
            await client.close()
            return result.entries
        } catch {
            await client.close()
            throw error
        }
    }
}
