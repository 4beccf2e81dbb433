// GVE — `gve ldif validate`: the LDAP schema as an LDIF rule set (LDAPSchema's entry check, as slapd
// runs it on Add), with one finding code per kind of violation.

import Foundation
import InfoProvider
import LDAPCore
import LDAPSchema
import LDIF

/// Checks every entry against an LDAP schema (by default Debian's core, cosine and GLUE20 schemas from
/// the `glue-schema` package plus our `glue-schema/*.schema`, found like the registry finds them).
///
/// Finding codes (each names the entry DN and the attribute):
/// `schema.unknownAttribute`, `schema.unknownObjectClass`, `schema.missingObjectClass`,
/// `schema.structuralClass`, `schema.notAllowed`, `schema.missingMust`, `schema.invalidSyntax`,
/// `schema.singleValue`, `schema.duplicateValue`, `schema.naming`.
struct SchemaLDIFRules: LDIFEntryValidator {
    /// The finding codes, as constants.
    enum Code {
        static let unknownAttribute = "schema.unknownAttribute"
        static let unknownObjectClass = "schema.unknownObjectClass"
        static let missingObjectClass = "schema.missingObjectClass"
        static let structuralClass = "schema.structuralClass"
        static let notAllowed = "schema.notAllowed"
        static let missingMust = "schema.missingMust"
        static let invalidSyntax = "schema.invalidSyntax"
        static let singleValue = "schema.singleValue"
        static let duplicateValue = "schema.duplicateValue"
        static let naming = "schema.naming"
        static let other = "schema.violation"
    }

    let schema: Schema

    /// The schema files `gve ldif validate` loads by default: the registry's set, plus every other
    /// `.schema` file beside our GLUE 2.1 cloud schema (`glue-schema/`).
    static func defaultFiles() -> [String] {
        var files = GVESchemaFiles.defaults()
        if let glue21 = GVESchemaFiles.locateGLUE21() {
            let dir = URL(fileURLWithPath: glue21).deletingLastPathComponent()
            let others = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
                .filter { $0.hasSuffix(".schema") }.sorted().map { dir.appendingPathComponent($0).path }
            for file in others where !files.contains(file) { files.append(file) }
        }
        return files
    }

    /// The finding code for a violation of `entry`. LDAPSchema reports result codes (as slapd does);
    /// the kinds that share `objectClassViolation` are told apart by the entry itself.
    func code(of violation: SchemaViolation, in entry: LDAPEntry) -> String {
        switch violation.code {
        case .undefinedAttributeType: return Code.unknownAttribute
        case .invalidAttributeSyntax: return Code.invalidSyntax
        case .constraintViolation: return Code.singleValue
        case .attributeOrValueExists: return Code.duplicateValue
        case .namingViolation: return Code.naming
        case .objectClassViolation:
            let attribute = (violation.attribute ?? "").lowercased()
            if attribute == "objectclass" {
                let classes = entry.objectClasses
                if classes.isEmpty { return Code.missingObjectClass }
                if classes.contains(where: { schema.objectClass(named: $0) == nil }) { return Code.unknownObjectClass }
                return Code.structuralClass
            }
            let present = entry.attributes.contains { $0.typeKey == attribute.split(separator: ";").first.map(String.init) }
            return present ? Code.notAllowed : Code.missingMust
        default:
            return Code.other
        }
    }

    mutating func check(_ entry: LDAPEntry, line: Int, source: String) -> [LDIFFinding] {
        schema.check(entry: entry).map { violation in
            LDIFFinding(source: source, line: line, code: code(of: violation, in: entry), dn: entry.dn,
                        attribute: violation.attribute, message: violation.message)
        }
    }
}
