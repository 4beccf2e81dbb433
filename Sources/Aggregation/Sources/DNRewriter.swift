// GVE — Aggregation
// Moving a lower level's tree into this level's namespace, as BDII's hierarchy does:
//   site:  ...,GLUE2GroupID=resource,o=glue  →  ...,GLUE2DomainID=<site>,o=glue
//          ...,Mds-Vo-name=resource,o=grid   →  ...,Mds-Vo-name=<site>,o=grid          (GLUE 1.3)
//   top:   ...,GLUE2DomainID=<site>,o=glue   →  ...,GLUE2DomainID=<site>,GLUE2GroupID=grid,o=glue
//          ...,Mds-Vo-name=<site>,o=grid     →  ...,Mds-Vo-name=<site>,Mds-Vo-name=local,o=grid

public import LDAPCore

/// Rewrites the DNs of a remote source's entries into this registry's namespace.
public struct DNRewriter: Sendable {
    struct Rule: Sendable {
        /// Entries at or under `from` are moved under `to` (the `from` entry itself is dropped).
        var from: DistinguishedName
        var to: DistinguishedName
    }
    /// Entries under one of these are kept as they are (already in this level's namespace).
    var keep: [DistinguishedName]
    var rules: [Rule]
    /// Suffix entries dropped because this registry has its own (`o=glue`, `o=grid`).
    var dropExact: [DistinguishedName]

    /// The rewriting a level applies to the sources it aggregates.
    /// - Parameters:
    ///   - mode: this registry's level; `resource` rewrites nothing.
    ///   - siteName: the site's `GLUE2DomainID` (site mode).
    public init(mode: AggregationMode, siteName: String?) {
        let glue = DistinguishedName([RelativeDistinguishedName(type: "o", value: "glue")])
        let grid = DistinguishedName([RelativeDistinguishedName(type: "o", value: "grid")])
        switch mode {
        case .resource:
            keep = [.root]
            rules = []
            dropExact = []
        case .site:
            let site = siteName ?? "unknown"
            let siteGlue = glue.child(type: "GLUE2DomainID", value: site)
            let siteGrid = grid.child(type: "Mds-Vo-name", value: site)
            keep = [siteGlue, siteGrid]
            rules = [
                Rule(from: glue.child(type: "GLUE2GroupID", value: "resource"), to: siteGlue),
                Rule(from: grid.child(type: "Mds-Vo-name", value: "resource"), to: siteGrid),
                Rule(from: glue, to: siteGlue),
                Rule(from: grid, to: siteGrid),
            ]
            dropExact = [glue, grid]
        case .top:
            let gridGlue = glue.child(type: "GLUE2GroupID", value: "grid")
            let localGrid = grid.child(type: "Mds-Vo-name", value: "local")
            keep = [gridGlue, localGrid]
            rules = [Rule(from: glue, to: gridGlue), Rule(from: grid, to: localGrid)]
            dropExact = [glue, grid]
        }
    }

    /// The DN an entry gets in this registry, or nil when the entry is dropped (the remote's suffix
    /// entries, and anything outside `o=glue` and `o=grid`).
    public func rewrite(_ dn: DistinguishedName) -> DistinguishedName? {
        for d in dropExact where d.rdns.count == dn.rdns.count && dn.isDescendant(of: d) { return nil }
        for k in keep where dn.isDescendant(of: k) { return dn }
        for rule in rules where dn.isDescendant(of: rule.from) {
            if dn.rdns.count == rule.from.rdns.count { return nil }
            return dn.rebased(from: rule.from, to: rule.to)
        }
        return nil
    }

    /// Rewrites every entry's DN and drops the entries ``rewrite(_:)`` rejects.
    /// - Returns: the kept entries and how many were dropped.
    public func rewrite(_ entries: [LDAPEntry]) -> (entries: [LDAPEntry], dropped: Int) {
        var out: [LDAPEntry] = []
        out.reserveCapacity(entries.count)
        for var e in entries {
            guard let dn = rewrite(e.dn) else { continue }
            e.dn = dn
            out.append(e)
        }
        return (out, entries.count - out.count)
    }
}
