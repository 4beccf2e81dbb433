// GVE — Agent: the host agent — VMs, images and capacity over a hypervisor and the Agent database.
import Foundation
import GRDB

/// The host agent's domain logic: clones images into VMs, drives their lifecycle, keeps the database in step
/// with the hypervisor and records every request as a job.
///
/// All state lives in the database and the hypervisor; the value is freely copyable and `Sendable`.
/// ``run()`` (see `HostAgent+Service.swift`) follows lifecycle events and reconciles periodically.
public struct HostAgent: Sendable {
    /// Settings of one Agent.
    public struct Configuration: Sendable {
        /// Holds `agent.sqlite`, `images/` and `vms/`.
        public var dataDirectory: URL
        /// How long a graceful Stop waits before powering the VM off.
        public var shutdownTimeout: Duration
        /// The period of the reconcile pass that catches what events miss.
        public var reconcileInterval: Duration
        /// The host name the Agent reports and publishes; nil takes libvirt's (`virConnectGetHostname`).
        /// Several Agents on one machine (libvirt's test driver) need one each.
        public var hostname: String?
        /// How copy-on-write overlays are made.
        public var overlayWriter: OverlayWriter

        /// Who writes a clone's qcow2 overlay.
        public enum OverlayWriter: String, Sendable, CaseIterable {
            /// The Agent writes the qcow2 metadata itself (``QCOW2Overlay``): one write, no process start.
            /// Parameters the native writer cannot hold fall back to `qemu-img`.
            case native
            /// `qemu-img create -b … -F …` (Debian qemu-utils).
            case qemuImg = "qemu-img"
        }

        public init(dataDirectory: URL, shutdownTimeout: Duration = .seconds(30), reconcileInterval: Duration = .seconds(60),
                    hostname: String? = nil, overlayWriter: OverlayWriter = .native) {
            self.dataDirectory = dataDirectory
            self.shutdownTimeout = shutdownTimeout
            self.reconcileInterval = reconcileInterval
            self.hostname = hostname
            self.overlayWriter = overlayWriter
        }

        public var databasePath: String { dataDirectory.appendingPathComponent("agent.sqlite").path }
        public var imagesDirectory: URL { dataDirectory.appendingPathComponent("images", isDirectory: true) }
        public var vmsDirectory: URL { dataDirectory.appendingPathComponent("vms", isDirectory: true) }
    }

    public let configuration: Configuration
    public let database: AgentDatabase
    public let hypervisor: any Hypervisor
    public let images: ImageCatalog
    /// The Site Services this Agent serves.
    public let siteServices: SiteServiceRegistry
    /// Signals every change of VMs or images (for publishing).
    public let changes: ChangeSignal

    /// - Parameters:
    ///   - database: the Agent database; `nil` opens `agent.sqlite` in the data directory.
    public init(configuration: Configuration, hypervisor: any Hypervisor, database: AgentDatabase? = nil) throws {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: configuration.vmsDirectory, withIntermediateDirectories: true)
        self.configuration = configuration
        self.database = try database ?? AgentDatabase(path: configuration.databasePath)
        self.hypervisor = hypervisor
        self.images = ImageCatalog(database: self.database, imagesDirectory: configuration.imagesDirectory)
        self.siteServices = SiteServiceRegistry(database: self.database)
        self.changes = ChangeSignal()
    }

    // MARK: Host

    /// The host's capacity and what is left after the Agent's VMs and other active domains.
    public func hostInfo() async throws -> HostInfo {
        try await mapErrors {
            let inventory = try await hypervisor.hostInventory()
            let usage = try await committedUsage(domains: try await hypervisor.listDomains())
            return HostInfo(
                hostname: configuration.hostname ?? inventory.hostname, hypervisor: inventory.hypervisorType, hypervisorVersion: inventory.hypervisorVersion,
                cpus: inventory.cpus, memoryMB: inventory.memoryMB, freeCpus: max(0, inventory.cpus - usage.cpus),
                freeMemoryMB: max(0, inventory.memoryMB - usage.memoryMB), instances: usage.instances)
        }
    }

    /// Resources committed on the host: every live VM of the Agent (whatever its state) plus the active domains
    /// the Agent did not create.
    func committedUsage(domains: [DomainInfo]) async throws -> (cpus: Int, memoryMB: Int, instances: Int) {
        let live = try await database.writer.read { db in try VMRecord.filter(Column("deleted") == nil).fetchAll(db) }
        let managed = Set(live.map(\.name))
        let foreign = domains.filter { $0.isActive && !managed.contains($0.name) }
        return (
            live.reduce(0) { $0 + $1.vcpus } + foreign.reduce(0) { $0 + $1.vcpus },
            live.reduce(0) { $0 + $1.memoryMB } + foreign.reduce(0) { $0 + $1.memoryMB },
            live.count
        )
    }

    /// The libvirt domain type for this hypervisor (`<domain type=…>`).
    func domainType() async throws -> String {
        let type = try await hypervisor.hostInventory().hypervisorType.uppercased()
        switch type {
        case "TEST": return "test"
        case "QEMU": return FileManager.default.fileExists(atPath: "/dev/kvm") ? "kvm" : "qemu"
        case "XEN": return "xen"
        case "LXC": return "lxc"
        default: return type.lowercased()
        }
    }

    // MARK: Queries

    /// The live VMs of `siteService` (all Site Services when `nil`), by name.
    public func listVMs(siteService: String?) async throws -> [VMInfo] {
        try await database.writer.read { db in
            var request = VMRecord.filter(Column("deleted") == nil)
            if let siteService { request = request.filter(Column("siteService") == siteService) }
            return try request.order(Column("name")).fetchAll(db).map(VMInfo.init)
        }
    }

    /// The live VM `name` of `siteService` with its state refreshed from the hypervisor.
    /// - Throws: ``AgentError/Code/notFound``.
    public func vm(named name: String, siteService: String?) async throws -> VMInfo {
        try await job("GetVM", vm: name, siteService: siteService) {
            let record = try await liveVM(name, siteService: siteService)
            return VMInfo(try await refresh(record))
        }
    }

    /// The live record of `name`, visible to `siteService` (`nil`: any).
    func liveVM(_ name: String, siteService: String?) async throws -> VMRecord {
        let record = try await database.writer.read { db in
            try VMRecord.filter(Column("name") == name && Column("deleted") == nil).fetchOne(db)
        }
        guard let record, siteService == nil || record.siteService == siteService else {
            throw AgentError(.notFound, "no VM named '\(name)'")
        }
        return record
    }

    /// Reads the domain's state from the hypervisor and stores it.
    @discardableResult
    func refresh(_ record: VMRecord) async throws -> VMRecord {
        guard record.allocation == .acquired, record.deleted == nil else { return record }
        let domain = try await hypervisor.domain(named: record.name)
        var updated = record
        if let domain {
            updated.libvirtState = domain.state.description
            updated.instanceState = domain.state.instanceState
            if updated.uuid.isEmpty { updated.uuid = domain.uuid }
        } else {
            updated.libvirtState = "missing"
            updated.instanceState = .halted
        }
        if updated != record {
            let row = updated
            try await database.writer.write { db in
                try db.execute(
                    sql: "UPDATE vms SET libvirtState = ?, instanceState = ?, uuid = ? WHERE id = ? AND deleted IS NULL",
                    arguments: [row.libvirtState, row.instanceState.rawValue, row.uuid, row.id])
            }
            changes.signal()
        }
        return updated
    }

    // MARK: Jobs and errors

    /// Runs `body` as a recorded job: a `jobs` row in state running, then succeeded or failed with the error code.
    /// Hypervisor errors are converted to ``AgentError`` here, in one place.
    func job<T: Sendable>(
        _ operation: String, vm: String?, siteService: String?, requestId: String? = nil, _ body: () async throws -> T
    ) async throws -> T {
        try await job(operation, vm: vm, siteService: siteService, requestId: requestId, noting: { (_: inout String?) in try await body() })
    }

    /// ``job(_:vm:siteService:requestId:_:)`` whose body may leave a note on the job row (`jobs.note`).
    func job<T: Sendable>(
        _ operation: String, vm: String?, siteService: String?, requestId: String? = nil, noting body: (inout String?) async throws -> T
    ) async throws -> T {
        var row = JobRecord(
            id: nil, operation: operation, vmName: vm, siteService: siteService, requestId: requestId, state: .running,
            errorCode: nil, errorMessage: nil, started: Date(), finished: nil, note: nil)
        row = try await database.writer.write { [row] db in
            var row = row
            try row.insert(db)
            return row
        }
        do {
            var note: String?
            let result = try await mapErrors { try await body(&note) }
            row.note = note
            row.state = .succeeded
            row.finished = Date()
            try await database.writer.write { [row] db in try row.update(db) }
            return result
        } catch {
            let agentError = error as? AgentError
            row.state = .failed
            row.errorCode = agentError?.code.rawValue ?? "Internal"
            row.errorMessage = agentError?.message ?? String(describing: error)
            row.finished = Date()
            try? await database.writer.write { [row] db in try row.update(db) }
            throw error
        }
    }

    /// Converts ``HypervisorError`` to ``AgentError``.
    func mapErrors<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as HypervisorError {
            throw AgentError(hypervisor: error)
        }
    }

    /// The recorded jobs, newest first (at most `limit`).
    public func jobs(limit: Int = 100) async throws -> [JobRecord] {
        try await database.writer.read { db in try JobRecord.order(Column("id").desc).limit(limit).fetchAll(db) }
    }
}
