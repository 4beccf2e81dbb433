// GVE — DirectoryTests
// Replays FuzzTesting/FailCases/FuzzSchema through the schema parser, and loads the project's glue-schema files.
import Foundation
import LDAPCore
import LDAPSchema
import Testing

@Suite struct SchemaFuzzReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every fail case parses to a schema or a SchemaError, and a parsed schema's published definitions parse back.
    @Test func failCasesNeverCrashAndRoundTrip() throws {
        let dir = Self.root.appendingPathComponent("FuzzTesting/FailCases/FuzzSchema")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "README.md" }
        #expect(!files.isEmpty)
        for f in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(f))
            guard let schema = try? Schema(texts: [(String(decoding: data, as: UTF8.self), f)]) else { continue }
            let e = schema.subschemaEntry()
            let text = (e.strings("attributeTypes").map { "attributetype \($0)" } + e.strings("objectClasses").map { "objectclass \($0)" }).joined(separator: "\n")
            let again = try Schema(texts: [(text, "published")])
            #expect(again.attributeTypes.map(\.definition) == schema.attributeTypes.map(\.definition), "\(f)")
        }
    }

    /// A supertype cycle is an error, not a hang.
    @Test func supertypeCycleIsRejected() {
        #expect(throws: SchemaError.self) {
            try Schema(texts: [("attributetype ( 1.2.3 NAME 'a' SUP b SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )\nattributetype ( 1.2.4 NAME 'b' SUP a )", "c")])
        }
    }

    /// The project's glue-schema files load after core, cosine and GLUE20.
    @Test func projectGlueSchemaFilesLoad() throws {
        let dir = Self.root.appendingPathComponent("glue-schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".schema") }.sorted()
        #expect(!files.isEmpty)
        let schema = try Schema.load(files: debianSchemaFiles + files.map { dir.appendingPathComponent($0).path })
        #expect(schema.objectClasses.count > (try Schema.load(files: debianSchemaFiles)).objectClasses.count)
    }
}
