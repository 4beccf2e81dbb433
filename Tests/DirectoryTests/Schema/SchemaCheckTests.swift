// GVE — DirectoryTests
// Schema.check(entry:): each rule slapd enforces on Add, with its result code.
import LDAPCore
import LDAPSchema
import Testing

let glueSchema: Schema = {
    // The Debian files exist on every machine that runs these tests (CI installs glue-schema).
    do { return try Schema.load(files: debianSchemaFiles) } catch { fatalError("schema: \(error)") }
}()

func entry(_ dn: String, _ attrs: [(String, [String])]) -> LDAPEntry {
    // Test DNs are literals known to be valid.
    let parsed = (try? DistinguishedName(dn)) ?? .root
    return LDAPEntry(dn: parsed, attributes: attrs.map { LDAPAttribute(name: $0.0, strings: $0.1) })
}

let validService: [(String, [String])] = [
    ("objectClass", ["GLUE2Service", "GLUE2ComputingService"]),
    ("GLUE2ServiceID", ["urn:svc:1"]),
    ("GLUE2ServiceType", ["org.nordugrid.arex"]),
    ("GLUE2ServiceQualityLevel", ["production"]),
    ("GLUE2ServiceCapability", ["executionmanagement.jobexecution"]),
    ("GLUE2ServiceAdminDomainForeignKey", ["SITE-1"]),
    ("GLUE2ComputingServiceTotalJobs", ["42"]),
]
let serviceDN = "GLUE2ServiceID=urn:svc:1,GLUE2GroupID=resource,o=glue"

@Suite struct SchemaCheckTests {
    /// A complete GLUE2ComputingService entry has no violations.
    @Test func validEntryHasNoViolations() {
        #expect(glueSchema.check(entry: entry(serviceDN, validService)) == [])
    }

    func codes(_ attrs: [(String, [String])], dn: String = serviceDN) -> [(Int, String?)] {
        glueSchema.check(entry: entry(dn, attrs)).map { ($0.code.rawValue, $0.attribute) }
    }

    /// An unknown attribute type is undefinedAttributeType (17), naming the attribute.
    @Test func unknownAttributeIsUndefinedAttributeType() {
        let v = glueSchema.check(entry: entry(serviceDN, validService + [("GLUE2NoSuchThing", ["x"])]))
        #expect(v.count == 1)
        #expect(v.first?.code == .undefinedAttributeType)
        #expect(v.first?.attribute == "GLUE2NoSuchThing")
        #expect(v.first?.dn.description == serviceDN)
    }

    /// A missing MUST attribute is objectClassViolation (65) naming the attribute.
    @Test func missingMustIsObjectClassViolation() {
        let c = codes(validService.filter { $0.0 != "GLUE2ServiceType" })
        #expect(c.count == 1 && c[0].0 == 65 && c[0].1 == "GLUE2ServiceType")
    }

    /// An unknown objectClass value, or an attribute no class allows, is objectClassViolation (65).
    @Test func unknownClassOrDisallowedAttributeIsObjectClassViolation() {
        let unknown = codes(validService.map { $0.0 == "objectClass" ? ($0.0, $0.1 + ["NoSuchClass"]) : $0 })
        #expect(unknown.contains { $0.0 == 65 && $0.1 == "objectClass" })
        let disallowed = codes(validService + [("GLUE2ExecutionEnvironmentMainMemorySize", ["1024"])])
        #expect(disallowed.count == 1 && disallowed[0].0 == 65 && disallowed[0].1 == "GLUE2ExecutionEnvironmentMainMemorySize")
    }

    /// extensibleObject allows any known attribute.
    @Test func extensibleObjectAllowsAnyAttribute() {
        let attrs = validService.map { $0.0 == "objectClass" ? ($0.0, $0.1 + ["extensibleObject"]) : $0 }
            + [("GLUE2ExecutionEnvironmentMainMemorySize", ["1024"])]
        #expect(codes(attrs).isEmpty)
    }

    /// Non-integers in INTEGER, bad Boolean, GeneralizedTime and DN values are invalidAttributeSyntax (21).
    @Test(arguments: ["4x2", "", "042", "-0", " 42"])
    func badIntegerIsInvalidSyntax(value: String) {
        let attrs = validService.map { $0.0 == "GLUE2ComputingServiceTotalJobs" ? ($0.0, [value]) : $0 }
        #expect(codes(attrs).contains { $0.0 == 21 && $0.1 == "GLUE2ComputingServiceTotalJobs" })
    }

    @Test func badBooleanTimeAndDNAreInvalidSyntax() {
        #expect(SyntaxValidator.problem(Array("true".utf8), syntax: SyntaxOID.boolean, maxLength: nil) != nil)
        #expect(SyntaxValidator.problem(Array("TRUE".utf8), syntax: SyntaxOID.boolean, maxLength: nil) == nil)
        #expect(SyntaxValidator.problem(Array("2026-11-25".utf8), syntax: SyntaxOID.generalizedTime, maxLength: nil) != nil)
        #expect(SyntaxValidator.problem(Array("20261125103000Z".utf8), syntax: SyntaxOID.generalizedTime, maxLength: nil) == nil)
        #expect(SyntaxValidator.problem(Array("not a dn".utf8), syntax: SyntaxOID.distinguishedName, maxLength: nil) != nil)
        let seeAlso = codes([("objectClass", ["organization"]), ("o", ["glue"]), ("seeAlso", ["=bad"])], dn: "o=glue")
        #expect(seeAlso.contains { $0.0 == 21 && $0.1 == "seeAlso" })
    }

    /// Two values in a SINGLE-VALUE attribute are constraintViolation (19).
    @Test func twoValuesInSingleValueIsConstraintViolation() {
        let attrs = validService.map { $0.0 == "GLUE2ComputingServiceTotalJobs" ? ($0.0, ["1", "2"]) : $0 }
        #expect(codes(attrs).map(\.0) == [19])
    }

    /// The RDN's value must be among the entry's values: namingViolation (64).
    @Test func rdnValueMissingIsNamingViolation() {
        let c = codes(validService, dn: "GLUE2ServiceID=urn:other,o=glue")
        #expect(c.count == 1 && c[0].0 == 64 && c[0].1 == "GLUE2ServiceID")
    }

    /// Duplicate values (per the equality rule) are attributeOrValueExists (20).
    @Test func duplicateValuesAreReported() {
        let c = codes([("objectClass", ["organization", "ORGANIZATION"]), ("o", ["glue"])], dn: "o=glue")
        #expect(c.map(\.0) == [20])
    }

    /// No structural class, or two unrelated ones, is objectClassViolation (65).
    @Test func structuralChainIsEnforced() {
        #expect(codes([("objectClass", ["top", "extensibleObject"]), ("o", ["glue"])], dn: "o=glue").map(\.0) == [65])
        let two = codes(validService.map { $0.0 == "objectClass" ? ($0.0, $0.1 + ["organization"]) : $0 } + [("o", ["x"])])
        #expect(two.contains { $0.0 == 65 })
    }
}
