// GVE — LDIF
// Streams one LDIF file through the reader and the plugged-in rule sets, collecting findings.

import LDAPCore

/// Validates LDIF files record by record: every parse error becomes a finding (the reader resumes at
/// the next record) and every entry is passed to the ``LDIFEntryValidator``s.
public struct LDIFFileValidator {
    /// Per-file totals.
    public struct Summary: Sendable, Hashable {
        /// The file.
        public var source: String
        /// Records read without error.
        public var records: Int
        /// Findings, in file order.
        public var findings: [LDIFFinding]
    }

    /// Reader options (URL policy, limits).
    public var configuration: LDIFParser.Configuration

    /// Creates a validator.
    public init(configuration: LDIFParser.Configuration = .init()) {
        self.configuration = configuration
    }

    /// Reads `path` completely.
    /// - Parameters:
    ///   - path: The file to read.
    ///   - validators: Rule sets to run on each entry; they are left holding their state.
    /// - Returns: The summary; a file that cannot be opened yields one `ldif.io` finding.
    public func validate(path: String, validators: inout [any LDIFEntryValidator]) -> Summary {
        var summary = Summary(source: path, records: 0, findings: [])
        var reader: LDIFReader
        do {
            reader = try LDIFReader(path: path, configuration: configuration)
        } catch {
            summary.findings.append(LDIFFinding(source: path, line: 0, code: "ldif.\(error.code)", message: error.message))
            return summary
        }
        while true {
            do {
                guard let record = try reader.next() else { break }
                summary.records += 1
                let entry: LDAPEntry?
                switch record {
                case .content(let e): entry = e
                case .change(let c):
                    if case .add(let attributes) = c.operation { entry = LDAPEntry(dn: c.dn, attributes: attributes) } else { entry = nil }
                }
                if let entry {
                    for i in validators.indices {
                        summary.findings += validators[i].check(entry, line: reader.recordLine, source: path)
                    }
                }
            } catch {
                summary.findings.append(LDIFFinding(source: path, line: error.line, column: error.column,
                                                    code: "ldif.\(error.code)", message: error.message))
                if error.code == .io || error.code == .limit { break }
            }
        }
        for i in validators.indices { summary.findings += validators[i].finish(source: path) }
        return summary
    }
}
