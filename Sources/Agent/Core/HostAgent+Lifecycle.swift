// GVE — Agent: VM lifecycle operations (Start, Stop, Suspend, Resume, Reboot, Destroy).
import Foundation
import GRDB
import Logging

/// A lifecycle operation a Site Service can ask for.
public enum VMOperation: String, Sendable, Hashable, CaseIterable {
    case start = "Start"
    case stop = "Stop"
    case suspend = "Suspend"
    case resume = "Resume"
    case reboot = "Reboot"
    case destroy = "Destroy"

    /// The GLUE states this operation applies to.
    var allowedStates: Set<InstanceState> {
        switch self {
        case .start: [.halted]
        case .stop, .suspend, .reboot: [.running]
        case .resume: [.suspended]
        case .destroy: Set(InstanceState.allCases)
        }
    }
}

extension HostAgent {
    /// Applies `operation` to the live VM `name` of `siteService` and returns its new state.
    ///
    /// The VM's current state comes from the hypervisor, not the database; an operation that does not apply is
    /// refused with ``AgentError/Code/invalidState`` and changes nothing. Start redefines a domain the hypervisor
    /// lost (from the definition the Agent stored). Destroy powers the VM off, undefines it, deletes its disk and
    /// releases the row (allocation `free`).
    /// - Throws: ``AgentError`` ``AgentError/Code/notFound``, ``AgentError/Code/invalidState``,
    ///   ``AgentError/Code/libvirtError``.
    public func perform(_ operation: VMOperation, on name: String, siteService: String?) async throws -> VMInfo {
        try await job(operation.rawValue, vm: name, siteService: siteService) { (note: inout String?) in
            let stored = try await liveVM(name, siteService: siteService)
            guard stored.allocation == .acquired else {
                throw AgentError(.invalidState, "VM '\(name)' is still being cloned")
            }
            let record = try await refresh(stored)
            guard operation.allowedStates.contains(record.instanceState) else {
                throw AgentError(
                    .invalidState,
                    "\(operation.rawValue) does not apply to VM '\(name)' in state \(record.instanceState.rawValue) (libvirt: \(record.libvirtState))")
            }
            let missing = record.libvirtState == "missing"
            switch operation {
            case .start:
                if missing { _ = try await hypervisor.defineDomain(xml: record.domainXML) }
                try await hypervisor.start(name)
            case .stop:
                if try await hypervisor.shutdown(name, timeout: configuration.shutdownTimeout) == .forced {
                    note = "forced power-off: the guest ignored the shutdown request for \(configuration.shutdownTimeout)"
                    Logger(label: "gve.agent").warning(
                        "VM '\(name)' powered off after the graceful shutdown timed out",
                        metadata: ["timeout": "\(configuration.shutdownTimeout)", "siteService": "\(siteService ?? "-")"])
                }
            case .suspend:
                try await hypervisor.suspend(name)
            case .resume:
                try await hypervisor.resume(name)
            case .reboot:
                try await hypervisor.reboot(name)
            case .destroy:
                return VMInfo(try await release(record, domainExists: !missing))
            }
            return VMInfo(try await refresh(record))
        }
    }

    /// Powers off, undefines, deletes the disk and marks the row released.
    private func release(_ record: VMRecord, domainExists: Bool) async throws -> VMRecord {
        if domainExists, let domain = try await hypervisor.domain(named: record.name) {
            if domain.isActive { try await hypervisor.destroy(record.name) }
            try await hypervisor.undefine(record.name)
        }
        try? FileManager.default.removeItem(atPath: record.diskPath)
        var released = record
        released.allocation = .free
        released.libvirtState = "undefined"
        released.instanceState = .halted
        released.deleted = Date()
        try await database.writer.write { [released] db in try released.update(db) }
        changes.signal()
        return released
    }
}
