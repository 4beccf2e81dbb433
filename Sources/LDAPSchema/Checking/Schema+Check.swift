// GVE — LDAPSchema
// Entry checking as slapd does it on Add: object classes known and consistent, attributes known
// and allowed, MUST present, values valid for their syntax, SINGLE-VALUE respected, no
// duplicate values, RDN values present in the entry (RFC 4512 §2.4–2.5, RFC 4511 §4.7).
public import LDAPCore

extension Schema {
    /// Checks an entry against the schema.
    ///
    /// Operational attributes (USAGE other than userApplications) are accepted without an object
    /// class allowing them, so that entries dumped with their operational attributes load again.
    /// - Parameter entry: the entry as it would be stored.
    /// - Returns: every violation found, each naming the entry DN and the attribute; empty when valid.
    public func check(entry: LDAPEntry) -> [SchemaViolation] {
        var out: [SchemaViolation] = []
        let dn = entry.dn
        func fail(_ code: LDAPResultCode, _ attr: String?, _ message: String) {
            out.append(SchemaViolation(code: code, dn: dn, attribute: attr, message: message))
        }
        // Object classes.
        var classIDs: [Int] = []
        let objectClassID = attributeID(named: "objectClass")
        let ocValues = entry.attributes.filter { attributeID(named: $0.name) == objectClassID }.flatMap(\.values)
        if ocValues.isEmpty { fail(.objectClassViolation, "objectClass", "no objectClass attribute") }
        for v in ocValues {
            let name = String(decoding: v, as: UTF8.self)
            guard let oc = objectClass(named: name) else {
                fail(.objectClassViolation, "objectClass", "unrecognized objectClass '\(name)'")
                continue
            }
            classIDs.append(oc.id)
        }
        var allClassIDs = Set(classIDs)
        for c in classIDs { allClassIDs.formUnion(objectClasses[c].ancestorIDs) }
        if let top = objectClass(named: "top") { allClassIDs.insert(top.id) }  // every class derives from top
        if !ocValues.isEmpty && classIDs.count == ocValues.count {
            if structuralObjectClass(ofClasses: classIDs) == nil {
                let structural = classIDs.filter { objectClasses[$0].kind == .structural }
                fail(.objectClassViolation, "objectClass", structural.isEmpty
                     ? "no structural object class provided"
                     : "invalid structural object class chain (\(structural.map { objectClasses[$0].name }.joined(separator: "/")))")
            }
        }
        let extensible = allClassIDs.contains { objectClasses[$0].names.contains { $0.lowercased() == "extensibleobject" } }
        var must = Set<Int>(), may = Set<Int>()
        for c in allClassIDs {
            must.formUnion(objectClasses[c].mustIDs)
            may.formUnion(objectClasses[c].mayIDs)
        }
        // Attributes.
        var present = Set<Int>()
        var valuesByType: [Int: [[UInt8]]] = [:]
        for attr in entry.attributes {
            guard let at = attributeType(named: attr.name) else {
                fail(.undefinedAttributeType, attr.name, "attribute type undefined")
                continue
            }
            present.insert(at.id)
            if attr.values.isEmpty { fail(.invalidAttributeSyntax, attr.name, "attribute has no values") }
            let allowed = at.isOperational || extensible || must.contains(where: { isSubtype(at.id, of: $0) }) || may.contains(where: { isSubtype(at.id, of: $0) })
            if !allowed && classIDs.count == ocValues.count {
                fail(.objectClassViolation, attr.name, "attribute '\(attr.name)' not allowed by the entry's object classes")
            }
            let syntax = at.effectiveSyntaxOID ?? SyntaxOID.octetString
            for (i, v) in attr.values.enumerated() {
                if let reason = SyntaxValidator.problem(v, syntax: syntax, maxLength: at.syntaxLength) {
                    fail(.invalidAttributeSyntax, attr.name, "value #\(i) invalid per syntax: \(reason)")
                }
            }
            valuesByType[at.id, default: []] += attr.values
        }
        for (id, values) in valuesByType.sorted(by: { $0.key < $1.key }) {
            let at = attributeTypes[id]
            if at.isSingleValued && values.count > 1 {
                fail(.constraintViolation, at.name, "multiple values provided for single-valued attribute")
            }
            if let eq = at.equality {
                var seen = Set<[UInt8]>()
                for v in values {
                    guard let n = normalize(v, kind: eq.kind) else { continue }
                    if !seen.insert(n).inserted {
                        fail(.attributeOrValueExists, at.name, "duplicate value '\(String(decoding: v, as: UTF8.self))'")
                        break
                    }
                }
            }
        }
        for m in must.sorted() where !present.contains(where: { isSubtype($0, of: m) }) {
            fail(.objectClassViolation, attributeTypes[m].name, "object class requires attribute '\(attributeTypes[m].name)'")
        }
        // Naming: every RDN value must be a value of the entry.
        if let rdn = dn.rdn {
            for ava in rdn.attributes {
                guard let at = attributeType(named: ava.type) else {
                    fail(.namingViolation, ava.type, "naming attribute type undefined")
                    continue
                }
                let wanted = at.equality.flatMap { normalize(Array(ava.value.utf8), kind: $0.kind) } ?? Array(ava.value.utf8)
                let found = (valuesByType[at.id] ?? []).contains { v in
                    (at.equality.flatMap { normalize(v, kind: $0.kind) } ?? v) == wanted
                }
                if !found {
                    fail(.namingViolation, ava.type, "value of naming attribute '\(ava.type)' is not present in entry")
                }
            }
        }
        return out
    }

    /// The structural object class of an entry with these object class ids: the most specific
    /// structural class when all structural classes form one superclass chain; nil otherwise.
    public func structuralObjectClass(ofClasses ids: [Int]) -> ObjectClass? {
        let structural = ids.filter { objectClasses[$0].kind == .structural }
        guard !structural.isEmpty else { return nil }
        for candidate in structural {
            let chain = Set(objectClasses[candidate].ancestorIDs + [candidate])
            if structural.allSatisfy({ chain.contains($0) }) { return objectClasses[candidate] }
        }
        return nil
    }

    /// The structural object class of an entry given its objectClass values (names or OIDs).
    public func structuralObjectClass(of objectClassValues: [String]) -> ObjectClass? {
        structuralObjectClass(ofClasses: objectClassValues.compactMap { objectClass(named: $0)?.id })
    }
}

/// Syntax checks for the syntaxes with a defined form (RFC 4517 §3.3).
public enum SyntaxValidator {
    /// Why a value is not valid for a syntax, or nil when it is valid.
    public static func problem(_ v: [UInt8], syntax: String, maxLength: Int?) -> String? {
        switch syntax {
        case SyntaxOID.integer:
            return IntegerKey.encode(v) == nil ? "not an INTEGER" : nil
        case SyntaxOID.boolean:
            return v == Array("TRUE".utf8) || v == Array("FALSE".utf8) ? nil : "not TRUE or FALSE"
        case SyntaxOID.generalizedTime:
            return GeneralizedTime.normalize(v) == nil ? "not a GeneralizedTime" : nil
        case SyntaxOID.distinguishedName:
            guard let s = String(validating: v, as: UTF8.self), (try? DistinguishedName(s)) != nil else { return "not a DN" }
            return nil
        case SyntaxOID.directoryString:
            if v.isEmpty { return "empty DirectoryString" }
            return String(validating: v, as: UTF8.self) == nil ? "not UTF-8" : nil
        case SyntaxOID.ia5String:
            return v.allSatisfy({ $0 < 0x80 }) ? nil : "not IA5 (ASCII)"
        case SyntaxOID.numericString:
            return !v.isEmpty && v.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 }) ? nil : "not a NumericString"
        case SyntaxOID.printableString, SyntaxOID.telephoneNumber:
            return !v.isEmpty && v.allSatisfy(isPrintable) ? nil : "not a PrintableString"
        case SyntaxOID.countryString:
            return v.count == 2 && v.allSatisfy(isPrintable) ? nil : "not a two-letter country string"
        case SyntaxOID.oid:
            guard let s = String(validating: v, as: UTF8.self), !s.isEmpty else { return "not an OID" }
            if SchemaFileParser.isNumericOID(s) { return nil }
            let ok = s.utf8.first.map { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A } ?? false
                && s.utf8.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
            return ok ? nil : "not an OID or descriptor"
        default:
            return nil
        }
    }

    static func isPrintable(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            || " '()+,-./:?=".utf8.contains(b)
    }
}
