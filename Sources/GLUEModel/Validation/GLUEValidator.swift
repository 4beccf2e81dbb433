// GVE — GLUEModel
// glue-validator-style checks over LDAP entries, driven by the model's field tables.
public import Foundation
public import LDAPCore

/// Checks GLUE 2 entries the way operators know from glue-validator:
///
/// - `E-MISSING-MANDATORY`: a MUST attribute of one of the entry's GLUE classes is absent;
/// - `E-INVALID-TYPE`, `E-INVALID-ENUM`, `E-INVALID-TIMESTAMP`: a value of the wrong type, outside a
///   closed enumeration, or a time not in `YYYY-MM-DDTHH:MM:SSZ`;
/// - `W-EXPIRED`: CreationTime + Validity before `now`; `W-FUTURE-CREATION-TIME`: CreationTime after `now`;
/// - `W-PLACEHOLDER`: the "unset" values 444444 and 2146660842;
/// - `W-DANGLING-FOREIGN-KEY`: a foreign key naming an ID no entry of the input has (a warning:
///   resource-level data legitimately points at domains published elsewhere).
///
/// Classes are known from the model (GLUE 2.0 computing entities, Location, Contact, AdminDomain,
/// policies, and the GLUE 2.1 cloud entities); attributes of other classes are not checked.
/// ``validate(_:now:)`` checks a sequence; ``session(now:)`` checks entry by entry while reading,
/// keeping only IDs and pending foreign keys.
public struct GLUEValidator: Sendable {
    /// Values that publishers use for "unknown".
    public var placeholderValues: Set<String> = ["444444", "2146660842"]

    /// Field descriptors per lower-cased object class.
    let descriptorsByClass: [String: [GLUEFieldDescriptor]]
    /// Each known lower-cased object class with its superclasses (GLUE2Entity included): entries
    /// need not list superclasses in objectClass.
    let classChain: [String: [String]]

    public init() {
        var table: [String: [GLUEFieldDescriptor]] = [:]
        var seen: [String: Set<String>] = [:]
        for type in GLUEEntityTypes.all {
            for d in type.fieldDescriptors {
                let oc = d.objectClass.lowercased()
                if seen[oc, default: []].insert(d.ldapAttribute.lowercased()).inserted { table[oc, default: []].append(d) }
            }
        }
        descriptorsByClass = table
        var chain: [String: [String]] = [:]
        for type in GLUEEntityTypes.all {
            let classes = type.glueClass.objectClasses.map { $0.lowercased() }
            for (i, oc) in classes.enumerated() {
                var list = Array(classes[...i])
                if !list.contains("glue2entity") { list.insert("glue2entity", at: 0) }
                chain[oc] = Array(Set(chain[oc, default: []] + list)).sorted()
            }
        }
        classChain = chain
    }

    /// Checks all entries, then the foreign keys between them.
    /// - Parameters:
    ///   - entries: Entries in any order (e.g. an LDIF file or a search result).
    ///   - now: The time expiry is judged against (injected for tests).
    /// - Returns: Findings in entry order, dangling foreign keys last.
    public func validate<S: Sequence<LDAPEntry>>(_ entries: S, now: Date) -> [GLUEFinding] {
        var s = session(now: now)
        var out: [GLUEFinding] = []
        for e in entries { out += s.check(e) }
        return out + s.finish()
    }

    /// A streaming session.
    public func session(now: Date) -> GLUEValidationSession { GLUEValidationSession(validator: self, now: now) }
}

/// Streaming validation: ``check(_:line:)`` each entry, then ``finish()`` for the cross-entry rules.
public struct GLUEValidationSession: Sendable {
    let validator: GLUEValidator
    let now: Date
    /// IDs seen, per lower-cased ID attribute.
    var ids: [String: Set<String>] = [:]
    var references: [(dn: DistinguishedName, attribute: String, value: String, target: String, line: Int?)] = []

    init(validator: GLUEValidator, now: Date) {
        self.validator = validator
        self.now = now
    }

    /// Checks one entry; remembers its IDs and foreign keys for ``finish()``.
    public mutating func check(_ entry: LDAPEntry, line: Int? = nil) -> [GLUEFinding] {
        var out: [GLUEFinding] = []
        func report(_ attribute: String?, _ code: GLUEFinding.Code, _ message: String) {
            out.append(GLUEFinding(dn: entry.dn, attribute: attribute, code: code, message: message, line: line))
        }
        var values: [String: [String]] = [:]
        for a in entry.attributes {
            let strings = a.stringValues
            values[a.typeKey, default: []] += strings
            for v in strings where validator.placeholderValues.contains(v) {
                report(a.name, .placeholder, "\(a.name) has the placeholder value \(v)")
            }
        }
        var seen: Set<String> = []
        var classes: [String] = []
        for oc in entry.objectClasses {
            for c in validator.classChain[oc.lowercased()] ?? [] where !classes.contains(c) { classes.append(c) }
        }
        for oc in classes {
            for d in validator.descriptorsByClass[oc] ?? [] where seen.insert(d.ldapAttribute.lowercased()).inserted {
                let key = d.ldapAttribute.lowercased()
                let vs = values[key] ?? []
                if vs.isEmpty {
                    if d.isRequired {
                        report(d.ldapAttribute, .missingMandatory, "mandatory attribute \(d.ldapAttribute) of \(d.objectClass) is missing")
                    }
                    continue
                }
                if case .element("ID") = d.xml { ids[key, default: []].formUnion(vs) }
                if let target = d.foreignKeyTarget {
                    for v in vs { references.append((entry.dn, d.ldapAttribute, v, target.lowercased(), line)) }
                }
                for v in vs { checkValue(v, d, report) }
            }
        }
        if let created = values["glue2entitycreationtime"]?.first.flatMap(GLUETimestamp.parse) {
            if let validity = values["glue2entityvalidity"]?.first.flatMap({ Int($0) }),
               created.addingTimeInterval(TimeInterval(validity)) < now {
                report("GLUE2EntityValidity", .expired,
                       "expired at \(GLUETimestamp.format(created.addingTimeInterval(TimeInterval(validity)))) (CreationTime + \(validity) s), now is \(GLUETimestamp.format(now))")
            }
            if created > now.addingTimeInterval(300) {
                report("GLUE2EntityCreationTime", .futureCreationTime, "CreationTime \(GLUETimestamp.format(created)) is in the future")
            }
        }
        return out
    }

    func checkValue(_ v: String, _ d: GLUEFieldDescriptor, _ report: (String?, GLUEFinding.Code, String) -> Void) {
        switch d.kind {
        case .integer:
            if Int(v) == nil { report(d.ldapAttribute, .invalidType, "\(d.ldapAttribute) value \"\(v)\" is not an integer") }
        case .real:
            if Double(v) == nil { report(d.ldapAttribute, .invalidType, "\(d.ldapAttribute) value \"\(v)\" is not a real number") }
        case .boolean:
            if Bool(glueString: v) == nil { report(d.ldapAttribute, .invalidType, "\(d.ldapAttribute) value \"\(v)\" is not TRUE or FALSE") }
        case .dateTime:
            if GLUETimestamp.parse(v) == nil {
                report(d.ldapAttribute, .invalidTimestamp, "\(d.ldapAttribute) value \"\(v)\" is not a time YYYY-MM-DDTHH:MM:SSZ")
            }
        case .closedEnumeration(let allowed):
            if !allowed.contains(v) {
                report(d.ldapAttribute, .invalidEnumeration,
                       "\(d.ldapAttribute) value \"\(v)\" is not one of \(allowed.joined(separator: ", "))")
            }
        case .string, .uri, .openEnumeration:
            break
        }
    }

    /// The cross-entry rules: foreign keys that name no ID of the input.
    public mutating func finish() -> [GLUEFinding] {
        var out: [GLUEFinding] = []
        for r in references where !(ids[r.target]?.contains(r.value) ?? false) {
            out.append(GLUEFinding(dn: r.dn, attribute: r.attribute, code: .danglingForeignKey,
                                   message: "\(r.attribute) names \"\(r.value)\", but no entry has that \(r.target) value", line: r.line))
        }
        references.removeAll()
        return out
    }
}
