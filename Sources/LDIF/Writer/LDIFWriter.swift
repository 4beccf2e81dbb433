// GVE — LDIF
// The writing half of the pair: entries and change records to RFC 2849 text that OpenLDAP's tools read back.

public import LDAPCore

/// Writes LDIF records (the writing half of the ``LDIFReader``/``LDIFWriter`` pair).
///
/// Values that are not RFC 2849 `SAFE-STRING`s (a leading space, `:` or `<`, a trailing space, NUL,
/// CR, LF or any byte above 0x7F) are written base64 (`::`), so the output is pure ASCII and every
/// byte of every value survives a round trip. Lines are folded at ``Configuration/foldWidth`` columns.
///
/// ```swift
/// let text = LDIFWriter().string(for: [.content(entry)])
/// ```
public struct LDIFWriter: Sendable {
    /// Output options.
    public struct Configuration: Sendable {
        /// Fold lines longer than this many bytes (RFC 2849 §2 suggests 76; nil or < 2 turns folding off).
        public var foldWidth: Int?
        /// Start the output with `version: 1` (RFC 2849 §3 requires it; ldapadd does not).
        public var writesVersion: Bool

        /// Creates a configuration.
        /// - Parameters:
        ///   - foldWidth: Column at which lines are folded; default 76, nil for no folding.
        ///   - writesVersion: Whether ``LDIFWriter/header()`` writes `version: 1`; default true.
        public init(foldWidth: Int? = 76, writesVersion: Bool = true) {
            self.foldWidth = foldWidth
            self.writesVersion = writesVersion
        }
    }

    /// The options in force.
    public var configuration: Configuration

    /// Creates a writer.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The bytes that start a file: `version: 1` and an empty line, or nothing.
    public func header() -> [UInt8] {
        guard configuration.writesVersion else { return [] }
        var out: [UInt8] = []
        fold(Array("version: 1".utf8), into: &out)
        out.append(0x0A)
        return out
    }

    /// The header followed by every record.
    public func bytes(for records: some Sequence<LDIFRecord>) -> [UInt8] {
        var out = header()
        for record in records { write(record, into: &out) }
        return out
    }

    /// ``bytes(for:)`` as a String (always ASCII).
    public func string(for records: some Sequence<LDIFRecord>) -> String {
        String(decoding: bytes(for: records), as: UTF8.self)
    }

    /// Appends one record and the empty line that ends it.
    public func write(_ record: LDIFRecord, into out: inout [UInt8]) {
        var line: [UInt8] = []
        switch record {
        case .content(let entry):
            writeDN(entry.dn, into: &out, line: &line)
            for attribute in entry.attributes {
                for value in attribute.values { emit(attribute.name, value, into: &out, line: &line) }
            }
        case .change(let change):
            writeDN(change.dn, into: &out, line: &line)
            for control in change.controls { writeControl(control, into: &out, line: &line) }
            switch change.operation {
            case .add(let attributes):
                emitPlain("changetype", "add", into: &out, line: &line)
                for attribute in attributes {
                    for value in attribute.values { emit(attribute.name, value, into: &out, line: &line) }
                }
            case .delete:
                emitPlain("changetype", "delete", into: &out, line: &line)
            case .modify(let modifications):
                emitPlain("changetype", "modify", into: &out, line: &line)
                for mod in modifications {
                    let op = switch mod.operation {
                    case .add: "add"
                    case .delete: "delete"
                    case .replace: "replace"
                    case .increment: "increment"
                    }
                    emitPlain(op, mod.attribute.name, into: &out, line: &line)
                    for value in mod.attribute.values { emit(mod.attribute.name, value, into: &out, line: &line) }
                    out.append(UInt8(ascii: "-")); out.append(0x0A)
                }
            case .modifyDN(let newRDN, let deleteOldRDN, let newSuperior):
                emitPlain("changetype", "modrdn", into: &out, line: &line)
                emit("newrdn", Array(newRDN.description.utf8), into: &out, line: &line)
                emitPlain("deleteoldrdn", deleteOldRDN ? "1" : "0", into: &out, line: &line)
                if let newSuperior { emit("newsuperior", Array(newSuperior.description.utf8), into: &out, line: &line) }
            }
        }
        out.append(0x0A)
    }

    /// Appends an entry as a content record.
    public func write(_ entry: LDAPEntry, into out: inout [UInt8]) {
        write(.content(entry), into: &out)
    }

    /// True when `value` may be written after `: ` as is (RFC 2849 `SAFE-STRING`, and no trailing space).
    public static func isSafeString(_ value: some Collection<UInt8>) -> Bool {
        guard let first = value.first else { return true }
        if first == 0x20 || first == UInt8(ascii: ":") || first == UInt8(ascii: "<") { return false }
        var last: UInt8 = 0
        for b in value {
            if b == 0 || b == 0x0A || b == 0x0D || b > 0x7F { return false }
            last = b
        }
        return last != 0x20
    }

    // MARK: Lines

    func writeDN(_ dn: DistinguishedName, into out: inout [UInt8], line: inout [UInt8]) {
        emit("dn", Array(dn.description.utf8), into: &out, line: &line)
    }

    func writeControl(_ control: LDIFControl, into out: inout [UInt8], line: inout [UInt8]) {
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: "control: ".utf8)
        line.append(contentsOf: control.oid.utf8)
        if control.isCritical { line.append(contentsOf: " true".utf8) }
        if let value = control.value {
            if value.isEmpty || !Self.isSafeString(value) {
                line.append(contentsOf: ":: ".utf8)
                Base64.encode(value, into: &line)
            } else {
                line.append(contentsOf: ": ".utf8)
                line.append(contentsOf: value)
            }
        }
        fold(line, into: &out)
    }

    func emitPlain(_ name: String, _ value: String, into out: inout [UInt8], line: inout [UInt8]) {
        emit(name, Array(value.utf8), into: &out, line: &line)
    }

    /// `name: value` or `name:: base64`, folded.
    func emit(_ name: String, _ value: [UInt8], into out: inout [UInt8], line: inout [UInt8]) {
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: name.utf8)
        line.append(UInt8(ascii: ":"))
        if Self.isSafeString(value) {
            if !value.isEmpty { line.append(0x20); line.append(contentsOf: value) }
        } else {
            line.append(contentsOf: ": ".utf8)
            Base64.encode(value, into: &line)
        }
        fold(line, into: &out)
    }

    /// Copies a logical line to `out`, folded: the first physical line holds `width` bytes, each
    /// continuation a space and `width - 1` bytes.
    func fold(_ line: [UInt8], into out: inout [UInt8]) {
        guard let width = configuration.foldWidth, width >= 2, line.count > width else {
            out.append(contentsOf: line)
            out.append(0x0A)
            return
        }
        out.append(contentsOf: line[0..<width])
        out.append(0x0A)
        var i = width
        while i < line.count {
            let end = min(line.count, i + width - 1)
            out.append(0x20)
            out.append(contentsOf: line[i..<end])
            out.append(0x0A)
            i = end
        }
    }
}
