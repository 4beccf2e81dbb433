// GVE — DirectoryTests
// OpenLDAP schema parsing: the Debian schema files load, and bad input gets a precise error.
import LDAPCore
import LDAPSchema
import Testing

/// The Debian schema set the server loads by default.
let debianSchemaFiles = ["/etc/ldap/schema/core.schema", "/etc/ldap/schema/cosine.schema", "/etc/ldap/schema/GLUE20.schema"]

@Suite struct SchemaParserTests {
    /// core, cosine and GLUE20 load on top of the built-in definitions.
    @Test func loadsDebianCoreCosineAndGLUE20() throws {
        let schema = try Schema.load(files: debianSchemaFiles)
        let glueIntegers = schema.attributeTypes.filter { $0.name.hasPrefix("GLUE2") && $0.effectiveSyntaxOID == SyntaxOID.integer }
        #expect(glueIntegers.count == 99)  // GLUE2UserDomainLevel has INTEGER syntax but no matching rule
        #expect(glueIntegers.filter { $0.ordering?.kind == .integer }.count == 98)
        #expect(schema.objectClass(named: "GLUE2ComputingService")?.kind == .structural)
        #expect(schema.objectClass(named: "glue2entity")?.kind == .abstract)
    }

    /// The GLUE 1.3 schema files load as well (with core and cosine before them).
    @Test func loadsGLUE13SchemaFiles() throws {
        let files = ["CORE", "MDS", "CE", "CESEBind", "SE"].map { "/etc/ldap/schema/Glue-\($0).schema" }
        let schema = try Schema.load(files: debianSchemaFiles + files)
        #expect(schema.objectClass(named: "GlueCE") != nil)
    }

    /// Lookups are case-insensitive, accept every NAME and the OID, and ignore options.
    @Test func lookupsByAnyNameOrOIDCaseInsensitively() throws {
        let schema = try Schema.load(files: debianSchemaFiles)
        let byName = try #require(schema.attributeType(named: "glue2groupname"))
        #expect(byName.name == "GLUE2GroupID")
        #expect(schema.attributeType(named: "1.3.6.1.4.1.6757.100.1.1.36.1")?.id == byName.id)
        #expect(schema.attributeType(named: "GLUE2GroupID;lang-en")?.id == byName.id)
        #expect(schema.objectClass(named: "2.5.6.0")?.name == "top")
        #expect(schema.matchingRule(named: "CASEIGNOREMATCH")?.kind == .caseIgnore)
    }

    /// A subtype without its own rules inherits EQUALITY, SUBSTR and SYNTAX from SUP.
    @Test func matchingRulesInheritedFromSupertype() throws {
        let schema = try Schema.load(files: debianSchemaFiles)
        let sn = try #require(schema.attributeType(named: "sn"))
        #expect(sn.equality?.name == "caseIgnoreMatch")
        #expect(sn.substring?.name == "caseIgnoreSubstringsMatch")
        #expect(sn.effectiveSyntaxOID == SyntaxOID.directoryString)
        let name = try #require(schema.attributeType(named: "name"))
        #expect(schema.subtypes(of: name.id).contains(sn.id))
    }

    /// objectidentifier macros expand in OIDs, including `macro:suffix`, across files.
    @Test func oidMacrosExpand() throws {
        let a = """
        objectidentifier GVE 1.3.6.1.4.1.99999
        objectidentifier GVEat GVE:1
        """
        let b = """
        attributetype ( GVEat:7 NAME 'gveThing'
        \tDESC 'a thing'
        \tEQUALITY integerMatch ORDERING integerOrderingMatch
        \tSYNTAX 1.3.6.1.4.1.1466.115.121.1.27{10} SINGLE-VALUE )
        objectclass ( GVE:2.1 NAME 'gveObject' SUP top AUXILIARY MAY ( gveThing $ cn ) )
        """
        let schema = try Schema(texts: [(a, "a.schema"), (b, "b.schema")])
        let at = try #require(schema.attributeType(named: "gveThing"))
        #expect(at.oid == "1.3.6.1.4.1.99999.1.7")
        #expect(at.syntaxLength == 10)
        #expect(at.isSingleValued)
        #expect(schema.objectClass(named: "gveObject")?.oid == "1.3.6.1.4.1.99999.2.1")
    }

    /// An unknown matching rule is reported with file, line and element.
    @Test func unknownMatchingRuleNamesFileLineAndElement() {
        let text = "# comment\n\nattributetype ( 1.2.3 NAME 'fooBar'\n  EQUALITY noSuchMatch\n  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )\n"
        #expect {
            _ = try Schema(texts: [(text, "x.schema")])
        } throws: { error in
            guard let e = error as? SchemaError else { return false }
            return e.code == .unknownReference && e.file == "x.schema" && e.line == 3
                && e.element == "attributetype 'fooBar'" && e.message.contains("noSuchMatch")
        }
    }

    /// Syntax errors: unterminated quote, missing ')', unknown keyword, unknown macro, unknown directive.
    @Test(arguments: [
        ("attributetype ( 1.2.3 NAME 'foo SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )", "unterminated"),
        ("attributetype ( 1.2.3 NAME 'foo' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15", "missing ')'"),
        ("attributetype ( 1.2.3 NAME 'foo' FROB SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )", "unknown keyword 'FROB'"),
        ("attributetype ( NOPE:1 NAME 'foo' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )", "unknown OID macro 'NOPE'"),
        ("attributetypo ( 1.2.3 NAME 'foo' )", "unknown directive"),
        ("objectclass ( 1.2.4 NAME 'bar' SUP top STRUCTURAL MUST ( cn $ nosuchAttr ) )", "nosuchAttr"),
        ("objectclass ( 1.2.4 NAME 'bar' SUP nosuchClass STRUCTURAL )", "unknown superclass"),
        ("attributetype ( 1.2.3 NAME 'foo' SUP nosuch )", "unknown supertype"),
        ("attributetype ( 1.2.3 NAME 'foo' SYNTAX 1.2.3.4.5 )", "unknown SYNTAX"),
        ("attributetype ( 2.5.4.3 NAME 'cnAgain' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )", "already defined"),
    ])
    func badDefinitionsAreRejectedWithTheirLine(text: String, fragment: String) {
        #expect {
            _ = try Schema(texts: [("\n" + text + "\n", "bad.schema")])
        } throws: { error in
            guard let e = error as? SchemaError else { return false }
            return e.file == "bad.schema" && e.line == 2 && e.description.contains(fragment)
        }
    }

    /// A missing file is an I/O error naming the file.
    @Test func missingFileIsReported() {
        #expect(throws: SchemaError.self) { try Schema.load(files: ["/nonexistent/x.schema"]) }
    }

    /// Every definition published in the subschema entry parses back to the same definition.
    @Test func subschemaDefinitionsRoundTrip() throws {
        let schema = try Schema.load(files: debianSchemaFiles)
        let entry = schema.subschemaEntry()
        let ats = entry.strings("attributeTypes")
        let ocs = entry.strings("objectClasses")
        #expect(ats.count == schema.attributeTypes.count)
        #expect(entry.strings("matchingRules").contains("( 2.5.13.14 NAME 'integerMatch' SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 )"))
        // Re-parse all definitions as a schema file of their own (built-ins are skipped as identical).
        let text = ats.map { "attributetype \($0)" }.joined(separator: "\n") + "\n" + ocs.map { "objectclass \($0)" }.joined(separator: "\n")
        let again = try Schema(texts: [(text, "published")])
        #expect(again.attributeTypes.map(\.definition) == schema.attributeTypes.map(\.definition))
        #expect(again.objectClasses.map(\.definition) == schema.objectClasses.map(\.definition))
    }
}
