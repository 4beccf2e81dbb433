// GVE — Aggregation
// The statistics entry BDII publishes under o=infosys, with true counts.
//
// BDII 6 writes `dn: Hostname=<BDII_HOSTNAME>,o=infosys`, objectClass UpdateStats, with integer
// attributes UpdateTime ReadTime ProvidersTime PluginsTime DBUpdateTime QueryTime (whole seconds),
// TotalEntries NewEntries ModifiedEntries DeletedEntries FailedAdds FailedModifies FailedDeletes.
// We publish the same attributes, and, when `extensions` is on, objectClass GVEUpdateStats with:
//   GVEUpdateMilliseconds (the cycle in ms), GVEFailedSources (count), GVEFailedSource (one value per
//   failed source: "<kind> <name>: <reason>; stderr: <tail>"), GVEKeptVanishedEntries, GVEExpiredEntries,
//   GVEPushSource (one value per remote source followed by push instead of polled).
// A Directory that schema-checks o=infosys needs those attribute types (or extensions off).

import Foundation
public import LDAPCore

/// Renders a ``CycleReport`` as the `o=infosys` statistics entries.
public struct InfosysStatistics: Sendable {
    /// The statistics suffix (`o=infosys`).
    public var base: DistinguishedName
    /// `Hostname` RDN value (BDII_HOSTNAME).
    public var hostname: String
    /// Also publish the `o=infosys` entry itself (off when the directory already has that suffix entry).
    public var publishesBaseEntry: Bool
    /// Add the GVEUpdateStats attributes described in this file's header.
    public var extensions: Bool

    public init(hostname: String, base: DistinguishedName = DistinguishedName([RelativeDistinguishedName(type: "o", value: "infosys")]),
                publishesBaseEntry: Bool = true, extensions: Bool = true) {
        self.base = base
        self.hostname = hostname
        self.publishesBaseEntry = publishesBaseEntry
        self.extensions = extensions
    }

    /// The DN of the UpdateStats entry.
    public var statsDN: DistinguishedName { base.child(type: "Hostname", value: hostname) }

    /// The statistics entries for a cycle.
    public func entries(for report: CycleReport) -> [LDAPEntry] {
        func secs(_ d: Duration) -> String { String(Int(d.seconds.rounded())) }
        var attributes: [LDAPAttribute] = [
            LDAPAttribute(name: "objectClass", strings: extensions ? ["UpdateStats", "GVEUpdateStats"] : ["UpdateStats"]),
            LDAPAttribute(name: "Hostname", strings: [hostname]),
        ]
        let values: [(String, String)] = [
            ("UpdateTime", secs(report.duration)),
            ("ReadTime", secs(report.readTime)),
            ("ProvidersTime", secs(report.providersTime)),
            ("PluginsTime", secs(report.pluginsTime)),
            ("DBUpdateTime", secs(report.dbUpdateTime)),
            ("QueryTime", "0"),
            ("TotalEntries", String(report.totalEntries)),
            ("NewEntries", String(report.added)),
            ("ModifiedEntries", String(report.modified)),
            ("DeletedEntries", String(report.deleted)),
            ("FailedAdds", String(report.failedAdds)),
            ("FailedModifies", String(report.failedModifies)),
            ("FailedDeletes", String(report.failedDeletes)),
        ]
        attributes += values.map { LDAPAttribute(name: $0.0, strings: [$0.1]) }
        if extensions {
            let failures = report.failures
            attributes.append(LDAPAttribute(name: "GVEUpdateMilliseconds", strings: [String(Int(report.duration.seconds * 1000))]))
            attributes.append(LDAPAttribute(name: "GVEFailedSources", strings: [String(failures.count)]))
            if !failures.isEmpty { attributes.append(LDAPAttribute(name: "GVEFailedSource", strings: failures.map(\.description))) }
            attributes.append(LDAPAttribute(name: "GVEKeptVanishedEntries", strings: [String(report.keptVanishedEntries)]))
            attributes.append(LDAPAttribute(name: "GVEExpiredEntries", strings: [String(report.expiredEntries)]))
            if !report.pushedSources.isEmpty { attributes.append(LDAPAttribute(name: "GVEPushSource", strings: report.pushedSources)) }
        }
        var result: [LDAPEntry] = []
        if publishesBaseEntry, let rdn = base.rdn, let value = rdn.attributes.first {
            result.append(LDAPEntry(dn: base, attributes: [
                LDAPAttribute(name: "objectClass", strings: ["organization"]),
                LDAPAttribute(name: value.type, strings: [value.value]),
            ]))
        }
        result.append(LDAPEntry(dn: statsDN, attributes: attributes))
        return result
    }
}
