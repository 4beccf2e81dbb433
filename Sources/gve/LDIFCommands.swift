// GVE — `gve ldif …`: LDIF tools. `validate` is here; `generate` joins the group from GLUEModel's side.

import ArgumentParser
import LDAPCore
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
            record). Entries are then checked by the rule sets in force (GLUE 2 rules and the LDAP \
            schema, when those modules are present). Ends with a table of findings by code.
            """
    )

    @Argument(help: "LDIF files to check.")
    var files: [String]

    @Flag(name: .customLong("allow-file-urls"), help: "Read `attr:< file://…` values instead of refusing them.")
    var allowFileURLs = false

    @Option(name: .customLong("max-findings"), help: "Findings printed per file (all are counted).")
    var maxFindings = 50

    @Flag(name: .customLong("parse-only"), help: .hidden)
    var parseOnly = false

    /// The rule sets run on every entry, fresh for each file. The integrator adds the GLUE rules
    /// (GLUEModel) and the schema check (LDAPSchema) here; each keeps only what its whole-file
    /// rules need, so validation stays streaming.
    static func ruleSets() -> [any LDIFEntryValidator] {
        [GLUELDIFRules()]
    }

    func configuration() -> LDIFParser.Configuration {
        LDIFParser.Configuration(urlPolicy: allowFileURLs ? .allowFile : .refuse)
    }

    func run() async throws {
        if parseOnly { return try runParseOnly() }
        let validator = LDIFFileValidator(configuration: configuration())
        var totals: [String: Int] = [:]
        var records = 0
        for file in files {
            var ruleSets = Self.ruleSets()
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

    /// Counts records and errors only (for benchmarks): no rule sets, no per-finding output.
    func runParseOnly() throws {
        var errors = 0
        for file in files {
            let start = ContinuousClock.now
            var records = 0, fileErrors = 0
            var reader = try LDIFReader(path: file, configuration: configuration())
            while true {
                do {
                    guard try reader.next() != nil else { break }
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
