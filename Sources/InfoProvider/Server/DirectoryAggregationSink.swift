// GVE — InfoProvider
// The Directory as the sink of an aggregation (`gve infosys serve --config bdii.conf`).

public import Aggregation
public import Directory
public import LDAPCore

/// Applies a cycle's changes to the registry's directory, atomically.
///
/// The registry's own containers (`o=glue`, the site's AdminDomain, `GLUE2GroupID=grid`) exist before any
/// source publishes: a source's add of one becomes a replace of its attributes, and its delete is ignored.
public struct DirectoryAggregationSink: DirectorySink {
    public let directory: Directory
    /// The registry's own containers (never replaced wholesale nor deleted by a source).
    public var containers: Set<DistinguishedName>

    public init(directory: Directory, containers: Set<DistinguishedName> = []) {
        self.directory = directory
        self.containers = containers
    }

    public func apply(_ changes: [LDAPChange]) throws {
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
