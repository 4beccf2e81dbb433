// GVE — Agent: following lifecycle events and reconciling the database with the hypervisor.
import Foundation
import GRDB
import Logging
import ServiceLifecycle

extension HostAgent: Service {
    /// Reconciles once, then follows the hypervisor's lifecycle events and reconciles every
    /// ``Configuration/reconcileInterval`` until cancelled or graceful shutdown.
    public func run() async throws {
        let logger = Logger(label: "gve.agent")
        // Subscribe before reconciling so no event between the two is lost.
        let events = hypervisor.lifecycleEvents()
        try await reconcile(startup: true)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await event in events {
                        do {
                            try await self.apply(event)
                        } catch {
                            logger.warning("cannot apply \(event.kind) of \(event.domainName): \(error)")
                        }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        do {
                            try await Task.sleep(for: self.configuration.reconcileInterval)
                            try await self.reconcile(startup: false)
                        } catch is CancellationError {
                            return
                        } catch {
                            logger.warning("reconcile failed: \(error)")
                        }
                    }
                }
            }
        }
    }

    /// Updates the VM an event is about (events for domains the Agent did not make are ignored).
    public func apply(_ event: DomainLifecycleEvent) async throws {
        let record = try await database.writer.read { db in
            try VMRecord.filter(Column("name") == event.domainName && Column("deleted") == nil).fetchOne(db)
        }
        guard let record, record.allocation == .acquired else { return }
        try await refresh(record)
    }

    /// Brings the database in line with the hypervisor: each live VM gets libvirt's current state, or `missing`
    /// when the hypervisor no longer has its domain. At startup, reservations left by an interrupted clone are
    /// rolled back (disk and domain removed, row deleted).
    public func reconcile(startup: Bool) async throws {
        let live = try await database.writer.read { db in try VMRecord.filter(Column("deleted") == nil).fetchAll(db) }
        for record in live {
            if record.allocation == .reserved {
                guard startup else { continue }
                try? FileManager.default.removeItem(atPath: record.diskPath)
                if let domain = try await hypervisor.domain(named: record.name), !domain.isActive {
                    try? await hypervisor.undefine(record.name)
                }
                _ = try await database.writer.write { db in try VMRecord.deleteOne(db, key: record.id!) }
                changes.signal()
                continue
            }
            _ = try await mapErrors { try await refresh(record) }
        }
    }
}
