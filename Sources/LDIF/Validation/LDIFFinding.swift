// GVE — LDIF
// Findings of `gve ldif validate`: parse errors and whatever the plugged-in rule sets report.

public import LDAPCore

/// One problem found in an LDIF file: where it is, which rule or error code, and a message.
public struct LDIFFinding: Sendable, Hashable, CustomStringConvertible {
    /// The file (as given on the command line).
    public var source: String
    /// 1-based line (0 when the finding concerns the whole file).
    public var line: Int
    /// 1-based column (0 when not known).
    public var column: Int
    /// A short code: `ldif.<LDIFError.Code>` for parse errors, the rule set's own codes otherwise
    /// (e.g. `glue.mandatory`, `schema.objectClass`).
    public var code: String
    /// The entry concerned, when there is one.
    public var dn: DistinguishedName?
    /// The attribute concerned, when there is one.
    public var attribute: String?
    /// What is wrong.
    public var message: String

    /// Creates a finding.
    public init(source: String, line: Int, column: Int = 0, code: String, dn: DistinguishedName? = nil,
                attribute: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.code = code
        self.dn = dn
        self.attribute = attribute
        self.message = message
    }

    /// `file:line:column: code: message [dn] (attribute)`.
    public var description: String {
        var s = "\(source):\(line):\(column): \(code): \(message)"
        if let dn { s += " [\(dn)]" }
        if let attribute { s += " (\(attribute))" }
        return s
    }
}

/// A rule set run over the entries of one file as they are read (GLUE rules, schema checks).
///
/// The validator sees each content record (and each `changetype: add`, as an entry) once, in file
/// order, and should keep only what its whole-file rules need (IDs for foreign-key checks, say),
/// not the entries themselves, so that validation stays streaming.
public protocol LDIFEntryValidator {
    /// Checks one entry.
    /// - Parameters:
    ///   - entry: The entry as read.
    ///   - line: The physical line of its `dn:`.
    ///   - source: The file name, for findings.
    /// - Returns: The entry's findings (empty when clean).
    mutating func check(_ entry: LDAPEntry, line: Int, source: String) -> [LDIFFinding]

    /// Runs whole-file rules after the last entry.
    /// - Returns: Findings such as dangling references.
    mutating func finish(source: String) -> [LDIFFinding]
}

extension LDIFEntryValidator {
    public mutating func finish(source: String) -> [LDIFFinding] { [] }
}

/// An ``LDIFEntryValidator`` that keeps every entry: the simple hook for rules that need the whole
/// file at once (memory grows with the file).
public struct LDIFEntryCollector: LDIFEntryValidator {
    /// The entries read so far, in file order.
    public private(set) var entries: [LDAPEntry] = []
    /// Creates an empty collector.
    public init() {}
    public mutating func check(_ entry: LDAPEntry, line: Int, source: String) -> [LDIFFinding] {
        entries.append(entry)
        return []
    }
}
