// GVE — DirectoryTests
// Test data: GLUE 2 entries from the reference generator, read with a minimal LDIF content
// reader (folded lines, `::` base64) sufficient for generated data.
import Directory
import Foundation
import LDAPCore
import LDAPSchema

enum TestData {
    static let generator = "/work/shared/peers/gen_glue_ldif.py"

    /// Runs the reference GLUE generator and returns its LDIF text.
    static func generatedLDIF(sites: Int, extra: [String] = []) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [generator, "--sites", String(sites)] + extra
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestDataError(message: "generator exited \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses LDIF content records (no change records).
    static func entries(fromLDIF text: String) throws -> [LDAPEntry] {
        var out: [LDAPEntry] = []
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.hasPrefix(" "), !lines.isEmpty { lines[lines.count - 1] += line.dropFirst(); continue }
            lines.append(line)
        }
        var dn: DistinguishedName?
        var attrs: [LDAPAttribute] = []
        func flush() {
            if let d = dn { out.append(LDAPEntry(dn: d, attributes: attrs)) }
            dn = nil
            attrs = []
        }
        for line in lines {
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("#") || line.hasPrefix("version:") { continue }
            guard let colon = line.firstIndex(of: ":") else { throw TestDataError(message: "bad line \(line)") }
            let name = String(line[..<colon])
            var rest = line[line.index(after: colon)...]
            var value: [UInt8]
            if rest.hasPrefix(":") {
                rest = rest.dropFirst()
                guard let d = Data(base64Encoded: rest.trimmingCharacters(in: .whitespaces)) else { throw TestDataError(message: "bad base64 \(line)") }
                value = Array(d)
            } else {
                while rest.hasPrefix(" ") { rest = rest.dropFirst() }
                value = Array(rest.utf8)
            }
            if name.lowercased() == "dn" {
                dn = try DistinguishedName(String(decoding: value, as: UTF8.self))
            } else if let i = attrs.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
                attrs[i].values.append(value)
            } else {
                attrs.append(LDAPAttribute(name: name, values: [value]))
            }
        }
        flush()
        return out
    }

    static func freshDirectory(dataDirectory: String? = nil, clock: @escaping @Sendable () -> Int64 = { 1_790_000_000 }) throws -> Directory {
        try Directory(schema: glueSchema, configuration: DirectoryConfiguration(dataDirectory: dataDirectory, clock: clock))
    }

    /// A directory loaded with `sites` generated sites (plus the o=glue suffix created on demand).
    static func loadedDirectory(sites: Int) throws -> Directory {
        let d = try freshDirectory()
        try d.apply(try entries(fromLDIF: try generatedLDIF(sites: sites, extra: ["--policies"])).map { .add($0) })
        return d
    }

    static func tempDirectory() -> String {
        let path = NSTemporaryDirectory() + "gve-dir-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

struct TestDataError: Error { var message: String }

extension DistinguishedName {
    /// Test shorthand for literal DNs.
    static func dn(_ s: String) -> DistinguishedName { (try? DistinguishedName(s)) ?? .root }
}

extension Directory {
    /// DNs (normalized) matching a filter string.
    func dns(_ filter: String, base: String = "o=glue", scope: SearchScope = .wholeSubtree) throws -> Set<String> {
        let r = try search(SearchQuery(base: .dn(base), scope: scope, filter: try LDAPFilter(filter), attributes: ["1.1"]))
        return Set(r.entries.map(\.dn.normalized))
    }
}
