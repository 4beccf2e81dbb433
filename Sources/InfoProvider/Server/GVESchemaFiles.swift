// GVE — InfoProvider
// Where the schema files a GVE registry loads by default are found.
import Foundation

/// The default schema set of a GVE registry: Debian's core, cosine and GLUE 2.0 schemas (package `glue-schema`)
/// plus GVE's GLUE 2.1 cloud schema (`glue-schema/GLUE21-cloud.schema` in the source tree).
public enum GVESchemaFiles {
    /// The GLUE 2.1 cloud schema's file name.
    public static let glue21FileName = "GLUE21-cloud.schema"

    /// Debian's schemas plus ours when it can be found (see ``locateGLUE21(environment:executable:)``).
    public static func defaults() -> [String] {
        DirectoryLoader.defaultSchemaFiles + (locateGLUE21().map { [$0] } ?? [])
    }

    /// Finds `GLUE21-cloud.schema`: in `$GVE_SCHEMA_DIR`, `./glue-schema`, a `glue-schema` folder beside or
    /// above the executable (a build tree: `.build/<triple>/release/gve`), or `/usr/share/gve/glue-schema`.
    public static func locateGLUE21(environment: [String: String] = ProcessInfo.processInfo.environment,
                                    executable: String = CommandLine.arguments.first ?? "") -> String? {
        var candidates: [String] = []
        if let dir = environment["GVE_SCHEMA_DIR"] { candidates.append(dir) }
        candidates.append(FileManager.default.currentDirectoryPath + "/glue-schema")
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("glue-schema").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append("/usr/share/gve/glue-schema")
        return candidates.map { "\($0)/\(glue21FileName)" }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
