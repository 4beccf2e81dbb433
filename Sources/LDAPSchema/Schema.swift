// GVE — LDAPSchema
// The loaded schema: definitions with inheritance resolved, looked up by name or OID.
import LDAPCore
#if canImport(Glibc)
import Glibc
#endif

/// A complete schema: slapd's built-in definitions plus those read from `.schema` files,
/// with supertypes, superclasses and matching rules resolved (RFC 4512 §4).
public struct Schema: Sendable {
    public private(set) var attributeTypes: [AttributeType] = []
    public private(set) var objectClasses: [ObjectClass] = []
    public private(set) var matchingRules: [MatchingRule] = BuiltinSchema.matchingRules
    public private(set) var syntaxes: [LDAPSyntax] = BuiltinSchema.syntaxes

    private var attributeByKey: [String: Int] = [:]
    /// Names as written in the definitions (and OIDs): a lookup without lower-casing for the usual spelling.
    private var attributeByExactName: [String: Int] = [:]
    private var objectClassByKey: [String: Int] = [:]
    private var matchingRuleByKey: [String: Int] = [:]
    private var syntaxByOID: [String: Int] = [:]
    /// attribute id → ids of the type and every subtype, transitively.
    private var subtypeIDs: [[Int]] = []
    /// Lower-cased objectClass/attribute name → OID, for objectIdentifierMatch normalization.
    private var oidByName: [String: [UInt8]] = [:]

    /// The built-in schema only (what slapd knows without any `include`).
    public static var builtin: Schema {
        // The built-in text is part of this module; failing to parse it is a programming error.
        // swiftlint:disable:next force_try
        try! Schema(sources: [(BuiltinSchema.text, "<builtin>")])
    }

    /// Loads schema files in order (later files may refer to earlier ones, as slapd's `include`).
    /// - Parameter files: paths of OpenLDAP `.schema` files.
    /// - Returns: the built-in schema plus every definition in `files`, resolved.
    /// - Throws: ``SchemaError`` naming the file, the line and the element that is wrong.
    public static func load(files: [String]) throws(SchemaError) -> Schema {
        var sources = [(BuiltinSchema.text, "<builtin>")]
        for f in files {
            guard let text = readFile(f) else {
                throw SchemaError(.io, file: f, line: 0, element: nil, message: "cannot read schema file")
            }
            sources.append((text, f))
        }
        return try Schema(sources: sources)
    }

    /// Builds a schema from schema-file texts, each with the name used in error messages.
    /// - Throws: ``SchemaError``.
    public init(texts: [(text: String, file: String)]) throws(SchemaError) {
        try self.init(sources: [(BuiltinSchema.text, "<builtin>")] + texts.map { ($0.text, $0.file) })
    }

    private init(sources: [(String, String)]) throws(SchemaError) {
        var parser = SchemaFileParser()
        for (text, file) in sources { try parser.parse(text, file: file) }
        for (i, r) in matchingRules.enumerated() {
            matchingRuleByKey[r.oid] = i
            for n in r.names { matchingRuleByKey[n.lowercased()] = i }
        }
        for (i, s) in syntaxes.enumerated() { syntaxByOID[s.oid] = i }
        var atLocations: [SourceLocation] = []
        var ocLocations: [SourceLocation] = []
        for d in parser.definitions {
            switch d {
            case .attributeType(var at, let loc):
                if let dup = try register(at.oid, at.names, in: &attributeByKey, next: attributeTypes.count, loc, "attributetype '\(at.name)'") {
                    if attributeTypes[dup].definition == at.definition { continue }
                    throw SchemaError(.duplicate, file: loc.file, line: loc.line, element: "attributetype '\(at.name)'",
                                      message: "OID or name already defined at \(atLocations[dup].file):\(atLocations[dup].line)")
                }
                at.id = attributeTypes.count
                attributeTypes.append(at)
                atLocations.append(loc)
            case .objectClass(var oc, let loc):
                if let dup = try register(oc.oid, oc.names, in: &objectClassByKey, next: objectClasses.count, loc, "objectclass '\(oc.name)'") {
                    if objectClasses[dup].definition == oc.definition { continue }
                    throw SchemaError(.duplicate, file: loc.file, line: loc.line, element: "objectclass '\(oc.name)'",
                                      message: "OID or name already defined at \(ocLocations[dup].file):\(ocLocations[dup].line)")
                }
                oc.id = objectClasses.count
                objectClasses.append(oc)
                ocLocations.append(loc)
            }
        }
        for at in attributeTypes {
            attributeByExactName[at.oid] = at.id
            for n in at.names { attributeByExactName[n] = at.id }
        }
        try resolveAttributeTypes(atLocations)
        try resolveObjectClasses(ocLocations)
        for oc in objectClasses { for n in oc.names { oidByName[n.lowercased()] = Array(oc.oid.utf8) } }
        for at in attributeTypes { for n in at.names where oidByName[n.lowercased()] == nil { oidByName[n.lowercased()] = Array(at.oid.utf8) } }
    }

    /// Adds OID and names to a key map; returns the existing index on a clash.
    private func register(_ oid: String, _ names: [String], in map: inout [String: Int], next: Int,
                          _ loc: SourceLocation, _ element: String) throws(SchemaError) -> Int? {
        if let i = map[oid] { return i }
        for n in names { if let i = map[n.lowercased()] { return i } }
        map[oid] = next
        for n in names { map[n.lowercased()] = next }
        return nil
    }

    private mutating func resolveAttributeTypes(_ locations: [SourceLocation]) throws(SchemaError) {
        for i in attributeTypes.indices {
            let loc = locations[i]
            let element = "attributetype '\(attributeTypes[i].name)'"
            if let sup = attributeTypes[i].superiorName {
                guard let s = attributeByKey[sup.lowercased()] else {
                    throw SchemaError(.unknownReference, file: loc.file, line: loc.line, element: element, message: "unknown supertype '\(sup)'")
                }
                attributeTypes[i].superiorID = s
            }
            for (name, label) in [(attributeTypes[i].equalityName, "EQUALITY"), (attributeTypes[i].orderingName, "ORDERING"), (attributeTypes[i].substringName, "SUBSTR")] {
                if let name, matchingRuleByKey[name.lowercased()] == nil {
                    throw SchemaError(.unknownReference, file: loc.file, line: loc.line, element: element, message: "unknown \(label) matching rule '\(name)'")
                }
            }
            if let syn = attributeTypes[i].syntaxOID, syntaxByOID[syn] == nil {
                throw SchemaError(.unknownReference, file: loc.file, line: loc.line, element: element, message: "unknown SYNTAX '\(syn)'")
            }
        }
        // Inheritance: walk each chain (cycles are rejected).
        for i in attributeTypes.indices {
            var chain: [Int] = [i]
            var cur = i
            while let s = attributeTypes[cur].superiorID {
                if chain.contains(s) {
                    let loc = locations[i]
                    throw SchemaError(.syntax, file: loc.file, line: loc.line, element: "attributetype '\(attributeTypes[i].name)'", message: "supertype cycle")
                }
                chain.append(s)
                cur = s
            }
            func inherited(_ key: KeyPath<AttributeType, String?>) -> String? {
                for c in chain { if let v = attributeTypes[c][keyPath: key] { return v } }
                return nil
            }
            attributeTypes[i].equality = inherited(\.equalityName).flatMap { matchingRule(named: $0) }
            attributeTypes[i].ordering = inherited(\.orderingName).flatMap { matchingRule(named: $0) }
            attributeTypes[i].substring = inherited(\.substringName).flatMap { matchingRule(named: $0) }
            attributeTypes[i].effectiveSyntaxOID = inherited(\.syntaxOID)
            if attributeTypes[i].effectiveSyntaxOID == nil {
                let loc = locations[i]
                throw SchemaError(.syntax, file: loc.file, line: loc.line, element: "attributetype '\(attributeTypes[i].name)'", message: "no SYNTAX and no supertype to inherit one from")
            }
        }
        subtypeIDs = attributeTypes.map { [$0.id] }
        for at in attributeTypes {
            var cur = at.superiorID
            while let s = cur {
                subtypeIDs[s].append(at.id)
                cur = attributeTypes[s].superiorID
            }
        }
    }

    private mutating func resolveObjectClasses(_ locations: [SourceLocation]) throws(SchemaError) {
        for i in objectClasses.indices {
            let loc = locations[i]
            let element = "objectclass '\(objectClasses[i].name)'"
            for n in objectClasses[i].mustNames + objectClasses[i].mayNames where attributeByKey[n.lowercased()] == nil {
                throw SchemaError(.unknownReference, file: loc.file, line: loc.line, element: element, message: "unknown attribute type '\(n)' in MUST/MAY")
            }
            for n in objectClasses[i].superiorNames where objectClassByKey[n.lowercased()] == nil {
                throw SchemaError(.unknownReference, file: loc.file, line: loc.line, element: element, message: "unknown superclass '\(n)'")
            }
        }
        for i in objectClasses.indices {
            var ancestors: [Int] = []
            var stack = objectClasses[i].superiorNames.compactMap { objectClassByKey[$0.lowercased()] }
            while let c = stack.popLast() {
                if c == i {
                    let loc = locations[i]
                    throw SchemaError(.syntax, file: loc.file, line: loc.line, element: "objectclass '\(objectClasses[i].name)'", message: "superclass cycle")
                }
                if ancestors.contains(c) { continue }
                ancestors.append(c)
                stack += objectClasses[c].superiorNames.compactMap { objectClassByKey[$0.lowercased()] }
            }
            var must = Set<Int>(), may = Set<Int>()
            for c in [i] + ancestors {
                for n in objectClasses[c].mustNames { must.insert(attributeByKey[n.lowercased()]!) }
                for n in objectClasses[c].mayNames { may.insert(attributeByKey[n.lowercased()]!) }
            }
            // As slapd does, a structural or auxiliary class without SUP is a subclass of top
            // (an abstract one without SUP is not).
            if objectClasses[i].superiorNames.isEmpty, objectClasses[i].kind != .abstract,
               let top = objectClassByKey["top"], top != i { ancestors.append(top) }
            objectClasses[i].ancestorIDs = ancestors
            objectClasses[i].mustIDs = must
            objectClasses[i].mayIDs = may
        }
    }

    // MARK: Lookups

    /// The attribute type with this name or OID (case-insensitive; options such as `;lang-en` ignored).
    public func attributeType(named name: String) -> AttributeType? {
        attributeID(named: name).map { attributeTypes[$0] }
    }

    /// The ``AttributeType/id`` for a name, OID or attribute description.
    public func attributeID(named name: String) -> Int? {
        if let i = attributeByExactName[name] { return i }
        if name.utf8.contains(UInt8(ascii: ";")) {
            return attributeID(named: String(name.utf8.prefix { $0 != UInt8(ascii: ";") })!)
        }
        return attributeByKey[name.lowercased()]
    }

    /// The object class with this name or OID (case-insensitive).
    public func objectClass(named name: String) -> ObjectClass? {
        objectClassByKey[name.lowercased()].map { objectClasses[$0] }
    }

    /// The matching rule with this name or OID (case-insensitive).
    public func matchingRule(named name: String) -> MatchingRule? {
        matchingRuleByKey[name.lowercased()].map { matchingRules[$0] }
    }

    /// The syntax with this OID.
    public func syntax(oid: String) -> LDAPSyntax? { syntaxByOID[oid].map { syntaxes[$0] } }

    /// Ids of an attribute type and all its subtypes (a filter on `name` also matches `cn`).
    public func subtypes(of id: Int) -> [Int] { subtypeIDs[id] }

    /// True when `id` is `ancestor` or one of its subtypes.
    public func isSubtype(_ id: Int, of ancestor: Int) -> Bool {
        var cur: Int? = id
        while let c = cur {
            if c == ancestor { return true }
            cur = attributeTypes[c].superiorID
        }
        return false
    }

    /// Normalizes a value for a matching rule. objectIdentifierMatch resolves object class and
    /// attribute names to their OIDs, so `objectClass=glue2service` matches the OID form too.
    /// - Returns: nil when the value is invalid for the rule.
    public func normalize(_ value: [UInt8], kind: MatchingRuleKind) -> [UInt8]? {
        guard kind == .objectIdentifier else { return kind.normalize(value) }
        guard let folded = kind.normalize(value) else { return nil }
        if let oid = oidByName[String(decoding: folded, as: UTF8.self)] { return oid }
        return folded
    }

    static func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n > 0 { data.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        if ferror(f) != 0 { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
