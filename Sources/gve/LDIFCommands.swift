// GVE — `gve ldif …`: LDIF tools. `validate` is here; `generate` joins the group from GLUEModel's side.

import ArgumentParser
import LDAPCore
import LDAPSchema
import LDIF

/// `gve ldif`: the LDIF command group. Add a subcommand by appending its type to `subcommands`.
struct LDIFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ldif",
        abstract: "Check and produce LDIF (RFC 2849).",
        subcommands: [LDIFValidateCommand.self, LDIFGenerateCommand.self]
    )
}

/// `gve ldif validate FILE...`: parses every file record by record, runs the rule sets on every
/// entry, prints the findings and a summary table by code. Exit status 0 only when there are none.
struct LDIFValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Parse and validate LDIF files; exit 0 only when they are clean.",
        discussion: """
            Every RFC 2849 error is reported with file, line and column (reading resumes at the next \
            record). Entries are then checked against the LDAP schema (codes schema.*: Debian's core, \
            cosine and GLUE20 schemas from the glue-schema package plus glue-schema/*.schema, or the \
            --schema files) and the GLUE 2 rules (codes E-*/W-*). Each finding names the entry DN and \
            the attribute. Ends with a table of findings by code.
            """
    )

    @Argument(help: "LDIF files to check.")
    var files: [String]

    @Flag(name: .customLong("allow-file-urls"), help: "Read `attr:< file://…` values instead of refusing them.")
    var allowFileURLs = false

    @Option(name: .customLong("max-findings"), help: "Findings printed per file (all are counted).")
    var maxFindings = 50

    @Option(name: .customLong("schema"), help: "OpenLDAP .schema file to check against (repeatable; default: the registry's schema set).")
    var schemaFiles: [String] = []

    @Flag(name: .customLong("no-schema"), help: "Skip the LDAP schema check (GLUE rules only).")
    var noSchema = false

    @Flag(name: .customLong("parse-only"), help: .hidden)
    var parseOnly = false

    /// The rule sets run on every entry, fresh for each file: the LDAP schema (when given) and the
    /// GLUE rules. Each keeps only what its whole-file rules need, so validation stays streaming.
    static func ruleSets(schema: Schema?) -> [any LDIFEntryValidator] {
        var sets: [any LDIFEntryValidator] = []
        if let schema { sets.append(SchemaLDIFRules(schema: schema)) }
        sets.append(GLUELDIFRules())
        return sets
    }

    /// Loads the schema to check against, or nil with `--no-schema`.
    /// - Throws: `ValidationError` naming the file and line when a schema file is missing or bad.
    func loadSchema() throws -> Schema? {
        if noSchema { return nil }
        let files = schemaFiles.isEmpty ? SchemaLDIFRules.defaultFiles() : schemaFiles
        do {
            return try Schema.load(files: files)
        } catch {
            throw ValidationError("cannot load the LDAP schema (\(files.joined(separator: ", "))): \(error)")
        }
    }

    func configuration() -> LDIFParser.Configuration {
        LDIFParser.Configuration(urlPolicy: allowFileURLs ? .allowFile : .refuse)
    }

    func run() async throws {
        if parseOnly { return try runParseOnly() }
        let schema = try loadSchema()
        let validator = LDIFFileValidator(configuration: configuration())
        var totals: [String: Int] = [:]
        var records = 0
        for file in files {
            var ruleSets = Self.ruleSets(schema: schema)
            let summary = validator.validate(path: file, validators: &ruleSets)
            records += summary.records
            print("\(file): \(summary.records) records, \(summary.findings.count) findings")
            for finding in summary.findings.prefix(maxFindings) { print("  \(finding)") }
            if summary.findings.count > maxFindings {
                print("  … \(summary.findings.count - maxFindings) more")
            }
            for finding in summary.findings { totals[finding.code, default: 0] += 1 }
        }
        print(Self.summaryTable(totals, files: files.count, records: records))
        if !totals.isEmpty { throw ExitCode(1) }
    }

    /// The findings-by-code table.
    static func summaryTable(_ totals: [String: Int], files: Int, records: Int) -> String {
        let rows = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let width = max(16, rows.map(\.key.count).max() ?? 0)
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
        var lines = ["", "\(files) file(s), \(records) records", "\(pad("code"))  count", "\(String(repeating: "-", count: width))  -----"]
        for (code, count) in rows { lines.append("\(pad(code))  \(count)") }
        lines.append("\(pad("total"))  \(totals.values.reduce(0, +))")
        return lines.joined(separator: "\n")
    }

    /// Sees every record and builds nothing: the streaming reader's visitor for `--parse-only`.
    struct RecordCounter: LDIFVisitor {
        mutating func attribute(_ description: Span<UInt8>, value: Span<UInt8>) {}
    }

    /// Counts records and errors only (for benchmarks): the streaming API, no rule sets, no per-finding output.
    func runParseOnly() throws {
        var errors = 0
        for file in files {
            let start = ContinuousClock.now
            var records = 0, fileErrors = 0
            var reader = try LDIFReader(path: file, configuration: configuration())
            var counter = RecordCounter()
            while true {
                do {
                    guard try reader.nextRecord(into: &counter) else { break }
                    records += 1
                } catch {
                    fileErrors += 1
                    if error.code == .io || error.code == .limit { break }
                }
            }
            let elapsed = ContinuousClock.now - start
            print("\(file): \(records) records, \(fileErrors) errors, \(elapsed)")
            errors += fileErrors
        }
        if errors > 0 { throw ExitCode(1) }
    }
}
