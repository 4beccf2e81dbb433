// GVE — CLITests: `gve ldif validate` checks the LDAP schema (Debian's GLUE20.schema plus ours) besides
// the GLUE rules: findings name the entry DN, the attribute and a code; exit 0 only when clean.
import Foundation
import Testing

@Suite struct LDIFValidateCommandTests {
    /// A temporary directory, removed by the caller.
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The finding lines of `validate` output that carry `code`.
    static func findings(_ output: String, code: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { $0.contains(": \(code): ") }
    }

    /// `gve ldif generate` output is clean: exit 0, no findings, schema and GLUE rules both run.
    @Test func generatedLDIFIsClean() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let generated = try GVEBinary.run(["ldif", "generate", "--sites", "3", "--seed", "7", "--suffix-entry", "--policies"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let file = dir.appendingPathComponent("generated.ldif")
        try generated.stdout.write(to: file, atomically: true, encoding: .utf8)
        let result = try GVEBinary.run(["ldif", "validate", file.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 findings"))
    }

    /// Unknown attribute, missing MUST, bad INTEGER syntax and unknown objectClass each get their
    /// schema code with the entry's DN and the attribute; the summary counts them; exit status 1.
    @Test func schemaViolationsGetTheirCodes() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A real GLUE 2.1 cloud service from the generator, with a non-integer VM count.
        let generated = try GVEBinary.run(["ldif", "generate", "--sites", "1", "--seed", "3"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let records = generated.stdout.components(separatedBy: "\n\n")
        let service = try #require(records.first { $0.contains("GLUE2CloudComputingServiceTotalVM:") })
        let badService = service.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("GLUE2CloudComputingServiceTotalVM:") ? "GLUE2CloudComputingServiceTotalVM: lots" : String(line)
        }.joined(separator: "\n")
        let text = """
            dn: cn=unknown-attribute,o=test
            objectClass: person
            cn: unknown-attribute
            sn: x
            fooBarUnknown: y

            dn: cn=missing-must,o=test
            objectClass: person
            cn: missing-must

            dn: cn=unknown-class,o=test
            objectClass: person
            objectClass: noSuchClass
            cn: unknown-class
            sn: x

            \(badService)

            """
        let file = dir.appendingPathComponent("bad.ldif")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try GVEBinary.run(["ldif", "validate", "--max-findings", "500", file.path])
        #expect(result.status == 1)
        let out = result.stdout

        let unknown = Self.findings(out, code: "schema.unknownAttribute")
        #expect(unknown.count == 1)
        #expect(unknown.first?.contains("[cn=unknown-attribute,o=test] (fooBarUnknown)") == true, "\(out)")

        let must = Self.findings(out, code: "schema.missingMust")
        #expect(must.count == 1)
        #expect(must.first?.contains("[cn=missing-must,o=test] (sn)") == true, "\(out)")

        let unknownClass = Self.findings(out, code: "schema.unknownObjectClass")
        #expect(unknownClass.count == 1)
        #expect(unknownClass.first?.contains("[cn=unknown-class,o=test] (objectClass)") == true, "\(out)")
        #expect(unknownClass.first?.contains("noSuchClass") == true)

        let syntax = Self.findings(out, code: "schema.invalidSyntax")
        #expect(syntax.count == 1)
        #expect(syntax.first?.contains("(GLUE2CloudComputingServiceTotalVM)") == true, "\(out)")
        #expect(syntax.first?.contains("GLUE2ServiceID=") == true, "\(out)")

        // Findings carry the line of their entry's dn:.
        #expect(must.first?.hasPrefix("  \(file.path):7:") == true, "\(must)")
        // The summary table counts each code.
        for code in ["schema.unknownAttribute", "schema.missingMust", "schema.unknownObjectClass", "schema.invalidSyntax"] {
            #expect(out.split(separator: "\n").contains { $0.hasPrefix(code) && $0.hasSuffix(" 1") }, "\(code) in \(out)")
        }
        // The well-formed entries break no rule of the other kinds.
        #expect(Self.findings(out, code: "schema.notAllowed").isEmpty, "\(out)")
        #expect(Self.findings(out, code: "schema.naming").isEmpty, "\(out)")
    }

    /// A parse error is a finding with its line and column, and validation goes on with the next record.
    @Test func parseErrorsAreFindingsWithLineAndColumn() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.ldif")
        try "dn: cn=a,o=test\ncn:: !!!!\n\ndn: cn=b,o=test\nobjectClass: person\ncn: b\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try GVEBinary.run(["ldif", "validate", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(file.path):2:6: ldif.base64:"), "\(result.stdout)")
        #expect(Self.findings(result.stdout, code: "schema.missingMust").first?.contains("[cn=b,o=test] (sn)") == true, "\(result.stdout)")
    }
}
