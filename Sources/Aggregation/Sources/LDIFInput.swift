// GVE — Aggregation
// The one place where source output (LDIF bytes) becomes entries and change records.
//
// STOPGAP: a minimal RFC 2849 reader until the LDIF module's LDIFReader lands on main; then these two
// functions call it and everything below `// MARK: stopgap` is deleted.

import Foundation
public import LDAPCore

/// Turns source output into values.
public enum LDIFInput {
    /// Parses content records (what LDIF files and providers print).
    /// - Parameters:
    ///   - bytes: the LDIF text.
    ///   - source: the source's name, for error messages.
    /// - Returns: the entries in input order.
    /// - Throws: ``AggregationError`` `.invalidLDIF` naming the source and line.
    public static func entries(from bytes: [UInt8], source: String) throws(AggregationError) -> [LDAPEntry] {
        var entries: [LDAPEntry] = []
        for record in try StopgapLDIF.records(bytes, source: source) {
            switch try StopgapLDIF.change(record, source: source) {
            case .add(let entry): entries.append(entry)
            default: throw AggregationError(.invalidLDIF, "\(source):\(record.line): change record where an entry was expected")
            }
        }
        return entries
    }

    /// Parses change records (what plugins print). A record without `changetype` is an add.
    /// - Throws: ``AggregationError`` `.invalidLDIF` naming the source and line.
    public static func changes(from bytes: [UInt8], source: String) throws(AggregationError) -> [LDAPChange] {
        try StopgapLDIF.records(bytes, source: source).map { (r) throws(AggregationError) in try StopgapLDIF.change(r, source: source) }
    }
}

// MARK: stopgap

enum StopgapLDIF {
    struct Record { var line: Int; var lines: [(line: Int, name: String, value: [UInt8])] }

    static func records(_ bytes: [UInt8], source: String) throws(AggregationError) -> [Record] {
        var records: [Record] = []
        var current = Record(line: 0, lines: [])
        var logical: [UInt8] = []
        var logicalLine = 0
        func flushLine() throws(AggregationError) {
            defer { logical.removeAll(keepingCapacity: true) }
            guard !logical.isEmpty, logical[0] != UInt8(ascii: "#") else { return }
            if logical == [UInt8(ascii: "-")] { current.lines.append((logicalLine, "-", [])); return }
            guard let colon = logical.firstIndex(of: UInt8(ascii: ":")) else {
                throw AggregationError(.invalidLDIF, "\(source):\(logicalLine): expected \"name: value\"")
            }
            let name = String(decoding: logical[..<colon], as: UTF8.self)
            var i = colon + 1
            var value: [UInt8]
            if i < logical.count, logical[i] == UInt8(ascii: ":") {
                i += 1
                while i < logical.count, logical[i] == 0x20 { i += 1 }
                guard let data = Data(base64Encoded: Data(logical[i...])) else {
                    throw AggregationError(.invalidLDIF, "\(source):\(logicalLine): \(name): invalid base64 value")
                }
                value = [UInt8](data)
            } else if i < logical.count, logical[i] == UInt8(ascii: "<") {
                throw AggregationError(.invalidLDIF, "\(source):\(logicalLine): \(name): URL values are not supported")
            } else {
                while i < logical.count, logical[i] == 0x20 { i += 1 }
                value = Array(logical[i...])
            }
            if current.lines.isEmpty { current.line = logicalLine }
            if name.lowercased() == "version", current.lines.isEmpty, records.isEmpty { return }
            current.lines.append((logicalLine, name, value))
        }
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd == start {  // blank line ends a record
                try flushLine()
                if !current.lines.isEmpty { records.append(current); current = Record(line: 0, lines: []) }
            } else if bytes[start] == 0x20 {  // continuation
                if !logical.isEmpty { logical.append(contentsOf: bytes[(start + 1)..<lineEnd]) }
            } else {
                try flushLine()
                logicalLine = lineNumber
                logical.append(contentsOf: bytes[start..<lineEnd])
            }
            start = end + 1
        }
        try flushLine()
        if !current.lines.isEmpty { records.append(current) }
        return records
    }

    static func change(_ record: Record, source: String) throws(AggregationError) -> LDAPChange {
        func fail(_ line: Int, _ reason: String) -> AggregationError { AggregationError(.invalidLDIF, "\(source):\(line): \(reason)") }
        var lines = record.lines[...]
        guard let first = lines.popFirst(), first.name.lowercased() == "dn" else { throw fail(record.line, "record does not start with dn:") }
        let dn: DistinguishedName
        do { dn = try DistinguishedName(String(decoding: first.value, as: UTF8.self)) } catch {
            throw fail(first.line, "invalid DN: \(error.reason) at offset \(error.offset)")
        }
        var changeType = "add"
        if let ct = lines.first, ct.name.lowercased() == "changetype" {
            changeType = String(decoding: ct.value, as: UTF8.self).lowercased()
            lines = lines.dropFirst()
        }
        switch changeType {
        case "add":
            if let second = lines.first(where: { $0.name.lowercased() == "dn" }) {
                throw fail(second.line, "dn: inside a record (records must be separated by a blank line)")
            }
            return .add(LDAPEntry(dn: dn, attributes: group(lines.map { ($0.name, $0.value) })))
        case "delete":
            return .delete(dn)
        case "modify":
            var mods: [LDAPModification] = []
            while let op = lines.popFirst() {
                let kind: LDAPModification.Operation
                switch op.name.lowercased() {
                case "add": kind = .add
                case "delete": kind = .delete
                case "replace": kind = .replace
                case "increment": kind = .increment
                default: throw fail(op.line, "expected add:, delete:, replace: or increment:, got \(op.name):")
                }
                let attr = String(decoding: op.value, as: UTF8.self)
                var values: [[UInt8]] = []
                while let v = lines.first, v.name != "-" {
                    guard v.name.lowercased() == attr.lowercased() else { throw fail(v.line, "value of \(v.name) inside a \(op.name): \(attr) block") }
                    values.append(v.value)
                    lines = lines.dropFirst()
                }
                if lines.first?.name == "-" { lines = lines.dropFirst() }
                mods.append(LDAPModification(kind, LDAPAttribute(name: attr, values: values)))
            }
            return .modify(dn, mods)
        default:
            throw fail(record.line, "unsupported changetype \(changeType)")
        }
    }

    static func group(_ pairs: [(String, [UInt8])]) -> [LDAPAttribute] {
        var attributes: [LDAPAttribute] = []
        var index: [String: Int] = [:]
        for (name, value) in pairs {
            let key = name.lowercased()
            if let i = index[key] { attributes[i].values.append(value) } else {
                index[key] = attributes.count
                attributes.append(LDAPAttribute(name: name, values: [value]))
            }
        }
        return attributes
    }
}
