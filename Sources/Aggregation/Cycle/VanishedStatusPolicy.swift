// GVE — Aggregation
// What "status Unknown" means for each class when an entry vanished from its source but is kept for
// BDII_DELETE_DELAY.
//
// GLUE 2.0 (GFD.147) has an `unknown` health state but no unknown serving state:
//   GLUE2Endpoint (and its Computing/Storage subclasses): GLUE2EndpointHealthState = unknown, and
//     GLUE2EndpointHealthStateInfo says since when the source stopped publishing it;
//   GLUE2ComputingShare / GLUE2StorageShare: ServingState = closed (ServingState_t is closed | draining |
//     production | queueing; "closed" keeps brokers from sending new work to a share nobody vouches for);
// GLUE 1.3: GlueService: GlueServiceStatus = Unknown; GlueCE: GlueCEStateStatus = Closed.
// Other classes have no status attribute and are kept unchanged until removal.

import Foundation
public import LDAPCore

/// The attributes set on an entry that vanished from its source and is kept for the delete delay.
public struct VanishedStatusPolicy: Sendable {
    /// One rule: entries with `objectClass` get `attribute` replaced by `value`.
    public struct Rule: Sendable, Hashable {
        public var objectClass: String
        public var attribute: String
        public var value: String
        public init(objectClass: String, attribute: String, value: String) {
            self.objectClass = objectClass
            self.attribute = attribute
            self.value = value
        }
    }

    public var rules: [Rule]
    /// When set, this attribute of matching `objectClass` gets a text naming the time the entry vanished.
    public var infoRules: [Rule]

    public init(rules: [Rule], infoRules: [Rule] = []) {
        self.rules = rules
        self.infoRules = infoRules
    }

    /// The GLUE 2.0 and GLUE 1.3 rules described at the top of this file.
    public static let glue = VanishedStatusPolicy(
        rules: [
            Rule(objectClass: "GLUE2Endpoint", attribute: "GLUE2EndpointHealthState", value: "unknown"),
            Rule(objectClass: "GLUE2ComputingShare", attribute: "GLUE2ComputingShareServingState", value: "closed"),
            Rule(objectClass: "GLUE2StorageShare", attribute: "GLUE2StorageShareServingState", value: "closed"),
            Rule(objectClass: "GlueService", attribute: "GlueServiceStatus", value: "Unknown"),
            Rule(objectClass: "GlueCE", attribute: "GlueCEStateStatus", value: "Closed"),
        ],
        infoRules: [Rule(objectClass: "GLUE2Endpoint", attribute: "GLUE2EndpointHealthStateInfo", value: "")])

    /// The entry as published while it is kept after vanishing.
    /// - Parameters:
    ///   - entry: the last published version.
    ///   - since: when its source stopped publishing it.
    public func marked(_ entry: LDAPEntry, since: Date) -> LDAPEntry {
        let classes = Set(entry.objectClasses.map { $0.lowercased() })
        var mods: [LDAPModification] = []
        for rule in rules where classes.contains(rule.objectClass.lowercased()) {
            mods.append(LDAPModification(.replace, LDAPAttribute(name: rule.attribute, strings: [rule.value])))
        }
        for rule in infoRules where classes.contains(rule.objectClass.lowercased()) {
            let text = "Not published by its source since \(GLUETime.format(since)); status set to unknown by the aggregator"
            mods.append(LDAPModification(.replace, LDAPAttribute(name: rule.attribute, strings: [text])))
        }
        return mods.isEmpty ? entry : EntryDiff.applying(mods, to: entry)
    }
}

/// GLUE 2 timestamps (`GLUE2EntityCreationTime`, ISO 8601 / RFC 3339 in UTC).
enum GLUETime {
    static func format(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`; nil for anything else.
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func num(_ r: Range<Int>) -> Int32? {
            var v: Int32 = 0
            for i in r { guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }; v = v * 10 + Int32(b[i] - 0x30) }
            return v
        }
        guard let y = num(0..<4), b[4] == 0x2D, let mo = num(5..<7), b[7] == 0x2D, let d = num(8..<10),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), let h = num(11..<13), b[13] == 0x3A,
              let mi = num(14..<16), b[16] == 0x3A, let s = num(17..<19) else { return nil }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") { i += 1; while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 } }
        var offset = 0
        if i < b.count, b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { i += 1 } else if i + 6 == b.count,
            b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), let oh = num((i + 1)..<(i + 3)), let om = num((i + 4)..<(i + 6)) {
            offset = (b[i] == UInt8(ascii: "+") ? 1 : -1) * Int(oh * 3600 + om * 60)
            i += 6
        } else if i != b.count {
            return nil
        }
        guard i == b.count else { return nil }
        var parts = tm()
        parts.tm_year = y - 1900; parts.tm_mon = mo - 1; parts.tm_mday = d
        parts.tm_hour = h; parts.tm_min = mi; parts.tm_sec = s
        let t = timegm(&parts)
        return Date(timeIntervalSince1970: TimeInterval(Int(t) - offset))
    }

    /// CreationTime + Validity (seconds) of a GLUE 2 entry, or nil when either is missing or malformed.
    static func expiry(of entry: LDAPEntry) -> Date? {
        var creation: [UInt8]?
        var validityText: [UInt8]?
        for a in entry.attributes where a.name.utf8.count >= 19 {
            if DNKey.sameName(a.name, "GLUE2EntityCreationTime") { creation = a.values.first }
            if DNKey.sameName(a.name, "GLUE2EntityValidity") { validityText = a.values.first }
        }
        guard let creation, let validityText,
              let created = parse(String(decoding: creation, as: UTF8.self)),
              let validity = Int(String(decoding: validityText, as: UTF8.self).trimmingCharacters(in: .whitespaces))
        else { return nil }
        return created.addingTimeInterval(TimeInterval(validity))
    }
}
