// GVE — SiteService
// The SQLite store: one GRDB DatabasePool (WAL) and its migrator.
import Foundation
import GRDB
import Synchronization

/// The Site Service database: a GRDB `DatabasePool` (WAL mode) on one file, migrated at open.
///
/// Every invariant lives in one write transaction: RequestVM's idempotency check, quota check, capacity claim
/// and job insert happen together (see ``SiteDatabase/requestVMs(principal:request:settings:now:)``).
public final class SiteDatabase: Sendable {
    /// The pool.
    let pool: DatabasePool
    /// The inventory as placement last read it; reused while the inventory generation is unchanged (only read and
    /// replaced inside write transactions, which SQLite serializes).
    let placementCache = Mutex<PlacementSnapshot?>(nil)

    /// Opens (creating and migrating) the database at `path`.
    /// - Throws: GRDB errors when the file cannot be opened or migrated.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // WAL with synchronous=NORMAL: a commit is durable across a crash of this process (kill -9), and the
            // database is never corrupted; only a power loss may roll back the last commits (SQLite "WAL mode",
            // §"Performance Considerations"). This spares one fsync per commit, the cost that bounded RequestVM.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
            CREATE TABLE users (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL UNIQUE,
              password_hash TEXT NOT NULL,
              digest_secret TEXT,
              role TEXT NOT NULL CHECK (role IN ('user','admin')),
              disabled INTEGER NOT NULL DEFAULT 0,
              subject_dn TEXT UNIQUE,
              created REAL NOT NULL
            );
            CREATE TABLE quotas (
              user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
              max_vms INTEGER, max_vcpus INTEGER, max_memory_mb INTEGER, max_disk_gb INTEGER
            );
            CREATE TABLE settings (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
            CREATE TABLE agents (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL UNIQUE,
              url TEXT NOT NULL,
              username TEXT NOT NULL,
              password TEXT NOT NULL,
              vmm_type TEXT NOT NULL,
              enabled INTEGER NOT NULL DEFAULT 1,
              healthy INTEGER NOT NULL DEFAULT 0,
              last_check REAL,
              last_error TEXT
            );
            CREATE TABLE hosts (
              hostname TEXT PRIMARY KEY,
              agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
              hypervisor TEXT NOT NULL,
              cpus INTEGER NOT NULL, memory_mb INTEGER NOT NULL,
              free_cpus INTEGER NOT NULL, free_memory_mb INTEGER NOT NULL,
              instances INTEGER NOT NULL,
              state TEXT NOT NULL,
              updated REAL NOT NULL,
              epoch INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE inventory_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
            INSERT INTO inventory_epoch (id, value) VALUES (1, 0);
            CREATE TABLE images (
              hostname TEXT NOT NULL REFERENCES hosts(hostname) ON DELETE CASCADE,
              name TEXT NOT NULL,
              json TEXT NOT NULL,
              PRIMARY KEY (hostname, name)
            );
            CREATE INDEX images_name ON images(name);
            CREATE INDEX hosts_agent ON hosts(agent_id);
            CREATE TABLE requests (
              id TEXT PRIMARY KEY,
              user_id INTEGER NOT NULL REFERENCES users(id),
              client_request_id TEXT,
              created REAL NOT NULL,
              UNIQUE (user_id, client_request_id)
            );
            CREATE TABLE jobs (
              id TEXT PRIMARY KEY,
              request_id TEXT NOT NULL REFERENCES requests(id),
              user_id INTEGER NOT NULL REFERENCES users(id),
              state TEXT NOT NULL,
              image TEXT NOT NULL,
              vcpus INTEGER NOT NULL, memory_mb INTEGER NOT NULL, disk_gb INTEGER NOT NULL,
              lifetime INTEGER NOT NULL,
              hints TEXT NOT NULL DEFAULT '{}',
              host TEXT,
              agent_id INTEGER,
              vm_name TEXT NOT NULL UNIQUE,
              tried TEXT NOT NULL DEFAULT '',
              error_code TEXT, error_message TEXT,
              attempts INTEGER NOT NULL DEFAULT 0,
              deadline REAL,
              created REAL NOT NULL, updated REAL NOT NULL
            );
            CREATE INDEX jobs_user_state ON jobs(user_id, state);
            CREATE INDEX jobs_state ON jobs(state);
            CREATE TABLE job_history (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              job_id TEXT NOT NULL REFERENCES jobs(id),
              state TEXT NOT NULL, at REAL NOT NULL, note TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX job_history_job ON job_history(job_id);
            CREATE TABLE claims (
              job_id TEXT PRIMARY KEY REFERENCES jobs(id),
              host TEXT NOT NULL,
              vcpus INTEGER NOT NULL, memory_mb INTEGER NOT NULL, disk_gb INTEGER NOT NULL,
              created REAL NOT NULL,
              visible_epoch INTEGER
            );
            CREATE INDEX claims_host ON claims(host);
            CREATE TABLE vms (
              name TEXT PRIMARY KEY,
              job_id TEXT NOT NULL UNIQUE REFERENCES jobs(id),
              user_id INTEGER NOT NULL REFERENCES users(id),
              agent_id INTEGER NOT NULL,
              host TEXT NOT NULL,
              uuid TEXT,
              state TEXT NOT NULL,
              created REAL NOT NULL,
              lease_end REAL NOT NULL,
              released INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX vms_lease ON vms(released, lease_end);
            CREATE TABLE audit (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at REAL NOT NULL, actor TEXT NOT NULL, op TEXT NOT NULL, args TEXT NOT NULL, outcome TEXT NOT NULL
            );
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
            """)
        }
        migrator.registerMigration("v2-placement-generation") { db in
            // Any change to what placement reads from hosts, images or agents (by this process or another, such as
            // `gve admin agent add`) bumps the generation, so the in-memory PlacementSnapshot is reloaded.
            try db.execute(sql: """
            CREATE TABLE placement_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
            INSERT INTO placement_generation (id, value) VALUES (1, 0);
            CREATE TRIGGER hosts_gen_i AFTER INSERT ON hosts BEGIN UPDATE placement_generation SET value = value + 1; END;
            CREATE TRIGGER hosts_gen_u AFTER UPDATE ON hosts BEGIN UPDATE placement_generation SET value = value + 1; END;
            CREATE TRIGGER hosts_gen_d AFTER DELETE ON hosts BEGIN UPDATE placement_generation SET value = value + 1; END;
            CREATE TRIGGER images_gen_i AFTER INSERT ON images BEGIN UPDATE placement_generation SET value = value + 1; END;
            CREATE TRIGGER images_gen_u AFTER UPDATE ON images BEGIN UPDATE placement_generation SET value = value + 1; END;
            CREATE TRIGGER images_gen_d AFTER DELETE ON images BEGIN UPDATE placement_generation SET value = value + 1; END;
            CREATE TRIGGER agents_gen_i AFTER INSERT ON agents BEGIN UPDATE placement_generation SET value = value + 1; END;
            CREATE TRIGGER agents_gen_d AFTER DELETE ON agents BEGIN UPDATE placement_generation SET value = value + 1; END;
            CREATE TRIGGER agents_gen_u AFTER UPDATE OF enabled, healthy ON agents
              WHEN OLD.enabled IS NOT NEW.enabled OR OLD.healthy IS NOT NEW.healthy
              BEGIN UPDATE placement_generation SET value = value + 1; END;
            """)
        }
        return migrator
    }
}
