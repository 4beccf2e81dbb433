// GVE — InfoProvider
// Builds the registry's directory at start-up: schema files, then the last persisted state, then LDIF files.

public import Directory
public import LDAPCore
import LDAPSchema
import LDIF

/// Loads a ``Directory`` for the server from schema and LDIF files.
public enum DirectoryLoader {
    /// Debian's OpenLDAP core and cosine schemas plus the `glue-schema` package's GLUE 2.0 schema.
    public static let defaultSchemaFiles = [
        "/etc/ldap/schema/core.schema", "/etc/ldap/schema/cosine.schema", "/etc/ldap/schema/GLUE20.schema",
    ]

    /// Loads the schema, opens the data directory (if any) and applies every record of `ldifFiles` in order.
    /// Content records are added; change records (add, modify, delete, modrdn) are applied. With a data
    /// directory, LDIF files loaded are followed by a checkpoint (one snapshot, an empty log).
    /// - Parameters:
    ///   - schemaFiles: OpenLDAP `.schema` files (default ``defaultSchemaFiles``).
    ///   - ldifFiles: LDIF files to load.
    ///   - dataDirectory: where the directory persists its state; nil keeps it in memory.
    ///   - suffixes: naming contexts (default `o=glue`, `o=grid`, `o=infosys`).
    ///   - batchSize: records applied per write batch.
    /// - Throws: `SchemaError`, `LDIFError` (with line and column), or `DirectoryError` naming the entry.
    public static func load(schemaFiles: [String] = defaultSchemaFiles, ldifFiles: [String] = [], dataDirectory: String? = nil,
                            suffixes: [DistinguishedName] = DirectoryConfiguration.defaultSuffixes,
                            batchSize: Int = 5000) throws -> Directory {
        let schema = try Schema.load(files: schemaFiles)
        let directory = try Directory(schema: schema, configuration: DirectoryConfiguration(suffixes: suffixes, dataDirectory: dataDirectory))
        for file in ldifFiles {
            var reader = try LDIFReader(path: file)
            var batch: [DirectoryChange] = []
            batch.reserveCapacity(batchSize)
            while let record = try reader.next() {
                switch record {
                case .content(let entry): batch.append(.add(entry))
                case .change(let change):
                    switch change.operation {
                    case .add(let attributes): batch.append(.add(LDAPEntry(dn: change.dn, attributes: attributes)))
                    case .modify(let mods): batch.append(.modify(change.dn, mods))
                    case .delete: batch.append(.delete(change.dn))
                    case .modifyDN(let rdn, let deleteOld, let superior):
                        batch.append(.modifyDN(change.dn, newRDN: rdn, deleteOldRDN: deleteOld, newSuperior: superior))
                    }
                }
                if batch.count >= batchSize {
                    try apply(batch, to: directory, file: file)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try apply(batch, to: directory, file: file)
        }
        // One snapshot file after a bulk load, so the next start reads it instead of a long log.
        if dataDirectory != nil && !ldifFiles.isEmpty { try directory.checkpoint() }
        return directory
    }

    static func apply(_ batch: [DirectoryChange], to directory: Directory, file: String) throws(DirectoryError) {
        guard !batch.isEmpty else { return }
        do { try directory.apply(batch) } catch {
            throw DirectoryError(code: error.code, message: "\(file): \(error.message)", matchedDN: error.matchedDN)
        }
    }
}
