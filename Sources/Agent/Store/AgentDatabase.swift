// GVE — Agent: the SQLite database (GRDB) and its schema migrations.
import Foundation
import GRDB

/// The Agent's database: images and their packages, VMs, jobs and Site Services.
///
/// One `DatabasePool` per file (WAL mode); writes are awaited, and each invariant (a capacity check plus the
/// reservation insert, a dependency check plus an image delete) runs in one write transaction.
public struct AgentDatabase: Sendable {
    /// The underlying GRDB writer.
    public let writer: any DatabaseWriter

    /// Opens (creating if needed) `path` and migrates it to the current schema.
    /// - Throws: GRDB's `DatabaseError` when the file cannot be opened or migrated.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
        self.writer = pool
    }

    /// An in-memory database (tests).
    public init() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: configuration)
        try Self.migrator.migrate(queue)
        self.writer = queue
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "images") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("osFamily", .text).notNull()
                t.column("osName", .text).notNull()
                t.column("osVersion", .text).notNull()
                t.column("platform", .text).notNull()
                t.column("format", .text).notNull()
                t.column("virtualSizeBytes", .integer).notNull()
                t.column("actualSizeBytes", .integer).notNull()
                t.column("sha256", .text).notNull()
                t.column("minCpus", .integer).notNull()
                t.column("recommendedCpus", .integer).notNull()
                t.column("minMemoryMB", .integer).notNull()
                t.column("recommendedMemoryMB", .integer).notNull()
                t.column("defaultUser", .text)
                t.column("domainXML", .text).notNull()
                t.column("path", .text).notNull()
                t.column("imported", .datetime).notNull()
            }
            try db.create(table: "software_packages") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("image", onDelete: .cascade).notNull()
                t.column("name", .text).notNull()
                t.column("version", .text).notNull()
                t.uniqueKey(["imageId", "name"])
            }
            try db.create(table: "vms") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("uuid", .text).notNull()
                t.column("image", .text).notNull().indexed()
                t.column("allocation", .text).notNull()
                t.column("libvirtState", .text).notNull()
                t.column("instanceState", .text).notNull()
                t.column("owner", .text).notNull()
                t.column("siteService", .text).notNull()
                t.column("vcpus", .integer).notNull()
                t.column("memoryMB", .integer).notNull()
                t.column("diskGB", .integer).notNull()
                t.column("diskPath", .text).notNull()
                t.column("fullCopy", .boolean).notNull()
                t.column("domainXML", .text).notNull()
                t.column("requestId", .text).notNull()
                t.column("created", .datetime).notNull()
                t.column("deleted", .datetime)
                // A retried Clone finds the first one by (site service, request id).
                t.uniqueKey(["siteService", "requestId"])
            }
            // A name is reused only after its VM is released.
            try db.execute(sql: "CREATE UNIQUE INDEX vms_live_name ON vms(name) WHERE deleted IS NULL")
            try db.create(table: "jobs") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("operation", .text).notNull()
                t.column("vmName", .text)
                t.column("siteService", .text)
                t.column("requestId", .text)
                t.column("state", .text).notNull()
                t.column("errorCode", .text)
                t.column("errorMessage", .text)
                t.column("started", .datetime).notNull()
                t.column("finished", .datetime)
            }
            try db.create(table: "site_services") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("credentialHash", .text).notNull()
                t.column("grantedCpus", .integer)
                t.column("grantedMemoryMB", .integer)
                t.column("grantedInstances", .integer)
                t.column("created", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2-job-notes") { db in
            try db.alter(table: "jobs") { t in t.add(column: "note", .text) }
        }
        return migrator
    }
}
