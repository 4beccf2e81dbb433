// GVE — GLUEModel
// The BDII directory layouts: where a resource-, site- or top-level registry puts GLUE 2 entries.
public import LDAPCore

/// Where entries sit in a BDII-style `o=glue` tree.
///
/// - `resource`: a resource registry publishes its services under `GLUE2GroupID=resource,o=glue`.
/// - `site`: a site registry publishes `GLUE2DomainID=<site>,o=glue` (domain, location, contacts)
///   and the resource trees it collects under `GLUE2GroupID=resource,GLUE2DomainID=<site>,o=glue`.
/// - `top`: a top registry publishes every site under `GLUE2GroupID=grid,o=glue`:
///   `...,GLUE2DomainID=<site>,GLUE2GroupID=grid,o=glue`.
public enum GLUERegistryLayout: String, Sendable, Hashable, CaseIterable {
    case resource, site, top

    /// `o=glue`.
    public static let suffix = DistinguishedName([RelativeDistinguishedName(type: "o", value: "glue")])
    /// `GLUE2GroupID=resource,o=glue`: the base of a resource registry.
    public static let resourceBase = suffix.child(type: "GLUE2GroupID", value: "resource")
    /// `GLUE2GroupID=grid,o=glue`: the parent of all sites in a top registry.
    public static let gridBase = suffix.child(type: "GLUE2GroupID", value: "grid")

    /// The DN of a site's AdminDomain entry in this layout (resource registries carry no domain
    /// entry; the site-level DN is returned for them).
    public func domainDN(siteID: String) -> DistinguishedName {
        switch self {
        case .resource, .site: Self.suffix.child(type: "GLUE2DomainID", value: siteID)
        case .top: Self.gridBase.child(type: "GLUE2DomainID", value: siteID)
        }
    }

    /// The DN under which a site's services sit in this layout.
    public func serviceBase(siteID: String) -> DistinguishedName {
        switch self {
        case .resource: Self.resourceBase
        case .site, .top: domainDN(siteID: siteID).child(type: "GLUE2GroupID", value: "resource")
        }
    }

    /// Rewrites a DN from the resource or site layout into this layout for `siteID`: what a site
    /// registry does to the trees it collects from resource registries, and a top registry to
    /// site trees. DNs outside `o=glue`, or already in this layout, are returned unchanged.
    public func rewrite(_ dn: DistinguishedName, siteID: String) -> DistinguishedName {
        var out = dn
        let siteDomain = Self.suffix.child(type: "GLUE2DomainID", value: siteID)
        if self != .resource, let r = out.rebased(from: Self.resourceBase, to: Self.site.serviceBase(siteID: siteID)) {
            out = r
        }
        if self == .top, !out.isDescendant(of: Self.gridBase),
           let r = out.rebased(from: siteDomain, to: Self.top.domainDN(siteID: siteID)) {
            out = r
        }
        return out
    }

    /// ``rewrite(_:siteID:)`` applied to an entry's DN.
    public func rewrite(_ entry: LDAPEntry, siteID: String) -> LDAPEntry {
        LDAPEntry(dn: rewrite(entry.dn, siteID: siteID), attributes: entry.attributes)
    }

    /// The `GLUE2Group` entry `GLUE2GroupID=<groupID>` under `parent`.
    public static func groupEntry(_ groupID: String, under parent: DistinguishedName) -> LDAPEntry {
        LDAPEntry(dn: parent.child(type: "GLUE2GroupID", value: groupID), attributes: [
            LDAPAttribute(name: "objectClass", strings: ["GLUE2Group"]),
            LDAPAttribute(name: "GLUE2GroupID", strings: [groupID]),
        ])
    }

    /// The `o=glue` suffix entry (an `organization`), for loading into an empty server.
    public static var suffixEntry: LDAPEntry {
        LDAPEntry(dn: suffix, attributes: [
            LDAPAttribute(name: "objectClass", strings: ["organization"]),
            LDAPAttribute(name: "o", strings: ["glue"]),
        ])
    }

    /// The container entries that come once per registry, before any site: the resource group for
    /// `resource`, the grid group for `top`, nothing for `site`.
    public var registryContainerEntries: [LDAPEntry] {
        switch self {
        case .resource: [Self.groupEntry("resource", under: Self.suffix)]
        case .site: []
        case .top: [Self.groupEntry("grid", under: Self.suffix)]
        }
    }
}
