// GVE — Agent: cloning an image into a new VM.
import Foundation
import GRDB

extension HostAgent {
    /// Clones `request.image` into a new, defined (not started) VM owned by `request.owner`.
    ///
    /// Idempotent by `(siteService, requestId)`: a retried request returns the first VM. The capacity check and
    /// the reservation row are one transaction, so concurrent clones cannot both take the last CPUs. The disk is a
    /// qcow2 overlay on the template (or a full copy); a failure at any step removes the disk, the domain and the
    /// row, leaving nothing behind.
    /// - Throws: ``AgentError`` ``AgentError/Code/unknownImage``, ``AgentError/Code/noCapacity``,
    ///   ``AgentError/Code/invalidRequest`` (bad name, sizes below the image's minimum, name in use),
    ///   ``AgentError/Code/libvirtError``.
    public func clone(_ request: CloneRequest, siteService: String) async throws -> VMInfo {
        try await job("Clone", vm: request.name, siteService: siteService, requestId: request.requestId) { (note: inout String?) in
            if let existing = try await vm(siteService: siteService, requestId: request.requestId) {
                return VMInfo(existing)
            }
            try Naming.validate(request.name, what: "VM name")
            guard !request.requestId.isEmpty, request.requestId.utf8.count <= 256 else {
                throw AgentError(.invalidRequest, "requestId must be 1-256 bytes")
            }
            guard request.vcpus >= 1, request.memoryMB >= 1, request.diskGB >= 0 else {
                throw AgentError(.invalidRequest, "vcpus and memoryMB must be at least 1 and diskGB not negative")
            }
            guard let image = try await images.image(named: request.image) else {
                throw AgentError(.unknownImage, "no image named '\(request.image)'")
            }
            guard request.vcpus >= image.minCpus, request.memoryMB >= image.minMemoryMB else {
                throw AgentError(
                    .invalidRequest,
                    "image '\(image.name)' needs at least \(image.minCpus) vCPU(s) and \(image.minMemoryMB) MiB; asked \(request.vcpus) vCPU(s) and \(request.memoryMB) MiB")
            }
            let gib: Int64 = 1 << 30
            let imageGB = Int((image.virtualSizeBytes + gib - 1) / gib)
            if request.diskGB > 0 && Int64(request.diskGB) * gib < image.virtualSizeBytes {
                throw AgentError(.invalidRequest, "diskGB \(request.diskGB) is smaller than image '\(image.name)' (\(image.virtualSizeBytes) bytes)")
            }
            let diskGB = request.diskGB > 0 ? request.diskGB : imageGB
            let growTo: Int64? = Int64(diskGB) * gib > image.virtualSizeBytes ? Int64(diskGB) * gib : nil

            // Reserve: capacity check and insert in one transaction.
            let inventory = try await hypervisor.hostInventory()
            let domains = try await hypervisor.listDomains()
            if domains.contains(where: { $0.name == request.name }) {
                throw AgentError(.invalidRequest, "a domain named '\(request.name)' already exists on this host")
            }
            let diskPath = configuration.vmsDirectory.appendingPathComponent("\(request.name).qcow2").path
            let reservation = VMRecord(
                id: nil, name: request.name, uuid: UUID().uuidString.lowercased(), image: image.name, allocation: .reserved,
                libvirtState: "cloning", instanceState: .pending, owner: request.owner, siteService: siteService,
                vcpus: request.vcpus, memoryMB: request.memoryMB, diskGB: diskGB, diskPath: diskPath, fullCopy: request.fullCopy,
                domainXML: "", requestId: request.requestId, created: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)),
                deleted: nil)
            let reserved: VMRecord
            do {
                reserved = try await database.writer.write { db in
                    try Self.reserve(reservation, in: db, inventory: inventory, domains: domains)
                }
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                // A concurrent retry with the same request id won the race, or the name was taken meanwhile.
                if let existing = try await vm(siteService: siteService, requestId: request.requestId) {
                    return VMInfo(existing)
                }
                throw AgentError(.invalidRequest, "a VM named '\(request.name)' already exists", cause: error)
            }
            changes.signal()

            var diskCreated = false
            do {
                let built = try await build(reserved, from: image, growTo: growTo, diskCreated: &diskCreated, diskNote: &note)
                return VMInfo(built)
            } catch {
                // Only a disk this clone made is removed: a file that was already there is not ours.
                if diskCreated { try? FileManager.default.removeItem(atPath: diskPath) }
                if (try? await hypervisor.domain(named: reserved.name)) != nil {
                    try? await hypervisor.undefine(reserved.name)
                }
                _ = try? await database.writer.write { db in try VMRecord.deleteOne(db, key: reserved.id!) }
                changes.signal()
                throw error
            }
        }
    }

    /// Creates the disk, defines the domain and marks the VM acquired.
    /// - Parameter diskCreated: set once the disk file exists and is this clone's to remove on failure.
    /// - Parameter diskNote: set to how the disk was made and how long it took (`disk: native overlay in 0.412 ms`),
    ///   for operators and benchmarks.
    private func build(
        _ reserved: VMRecord, from image: ImageRecord, growTo: Int64?, diskCreated: inout Bool, diskNote: inout String?
    ) async throws -> VMRecord {
        if FileManager.default.fileExists(atPath: reserved.diskPath) {
            throw AgentError(.invalidRequest, "disk '\(reserved.diskPath)' already exists; refusing to overwrite it")
        }
        let started = ContinuousClock.now
        let writer: String
        if reserved.fullCopy {
            diskCreated = true  // qemu-img may leave a partial file behind: the path was free, so it is ours.
            try await QemuImage.fullCopy(source: image.path, sourceFormat: image.format, destination: reserved.diskPath, sizeBytes: growTo)
            writer = "qemu-img full copy"
        } else {
            writer = try await createOverlay(on: image, at: reserved.diskPath, growTo: growTo, diskCreated: &diskCreated) + " overlay"
        }
        let elapsed = (ContinuousClock.now - started).components
        let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        diskNote = "disk: \(writer) in \(String(format: "%.3f", milliseconds)) ms"
        diskCreated = true
        let template = try DomainTemplate(xml: image.domainXML)
        let xml = try template.instantiate(
            .init(
                name: reserved.name, uuid: UUID(uuidString: reserved.uuid) ?? UUID(), domainType: try await domainType(),
                vcpus: reserved.vcpus, memoryMB: reserved.memoryMB, diskPath: reserved.diskPath))
        let domain = try await hypervisor.defineDomain(xml: xml)
        var acquired = reserved
        acquired.allocation = .acquired
        acquired.uuid = domain.uuid
        acquired.libvirtState = domain.state.description
        acquired.instanceState = domain.state.instanceState
        acquired.domainXML = xml
        try await database.writer.write { [acquired] db in try acquired.update(db) }
        changes.signal()
        return acquired
    }

    /// Writes the copy-on-write overlay natively (``QCOW2Overlay``), or with `qemu-img` when configured so or
    /// when the native writer cannot represent the request (a backing path over 1023 bytes, an unknown size).
    /// The native writer removes its own partial file and never replaces an existing one, so `diskCreated` is only
    /// set before a `qemu-img` run.
    /// - Returns: who wrote it: `native` or `qemu-img`.
    private func createOverlay(on image: ImageRecord, at path: String, growTo: Int64?, diskCreated: inout Bool) async throws -> String {
        guard FileManager.default.fileExists(atPath: image.path) else {
            throw AgentError(.libvirtError, "template file '\(image.path)' of image '\(image.name)' is missing")
        }
        let size = max(image.virtualSizeBytes, growTo ?? 0)
        if configuration.overlayWriter == .native,
            (try? QCOW2OverlayLayout(virtualSizeBytes: size, backingFile: image.path, backingFormat: image.format)) != nil
        {
            try await QCOW2Overlay.create(backing: image.path, backingFormat: image.format, overlay: path, virtualSizeBytes: size)
            return "native"
        } else {
            diskCreated = true
            try await QemuImage.createOverlay(backing: image.path, backingFormat: image.format, overlay: path, sizeBytes: growTo)
            return "qemu-img"
        }
    }

    /// Inserts the reservation if the host and the Site Service's grant have room.
    static func reserve(_ reservation: VMRecord, in db: Database, inventory: HostInventory, domains: [DomainInfo]) throws -> VMRecord {
        let live = try VMRecord.filter(Column("deleted") == nil).fetchAll(db)
        if live.contains(where: { $0.name == reservation.name }) {
            throw AgentError(.invalidRequest, "a VM named '\(reservation.name)' already exists")
        }
        let managed = Set(live.map(\.name))
        let foreign = domains.filter { $0.isActive && !managed.contains($0.name) }
        let usedCpus = live.reduce(0) { $0 + $1.vcpus } + foreign.reduce(0) { $0 + $1.vcpus }
        let usedMemory = live.reduce(0) { $0 + $1.memoryMB } + foreign.reduce(0) { $0 + $1.memoryMB }
        if usedCpus + reservation.vcpus > inventory.cpus || usedMemory + reservation.memoryMB > inventory.memoryMB {
            throw AgentError(
                .noCapacity,
                "host has \(max(0, inventory.cpus - usedCpus)) free vCPU(s) and \(max(0, inventory.memoryMB - usedMemory)) MiB free; asked \(reservation.vcpus) vCPU(s) and \(reservation.memoryMB) MiB")
        }
        if let grant = try SiteServiceRecord.filter(Column("name") == reservation.siteService).fetchOne(db) {
            let mine = live.filter { $0.siteService == reservation.siteService }
            let cpus = mine.reduce(0) { $0 + $1.vcpus } + reservation.vcpus
            let memory = mine.reduce(0) { $0 + $1.memoryMB } + reservation.memoryMB
            if let limit = grant.grantedCpus, cpus > limit {
                throw AgentError(.noCapacity, "site service '\(grant.name)' is granted \(limit) vCPU(s); this clone would use \(cpus)")
            }
            if let limit = grant.grantedMemoryMB, memory > limit {
                throw AgentError(.noCapacity, "site service '\(grant.name)' is granted \(limit) MiB; this clone would use \(memory)")
            }
            if let limit = grant.grantedInstances, mine.count + 1 > limit {
                throw AgentError(.noCapacity, "site service '\(grant.name)' is granted \(limit) VM(s)")
            }
        }
        var row = reservation
        try row.insert(db)
        return row
    }

    /// The VM made for `(siteService, requestId)`, if any (released ones included).
    func vm(siteService: String, requestId: String) async throws -> VMRecord? {
        try await database.writer.read { db in
            try VMRecord.filter(Column("siteService") == siteService && Column("requestId") == requestId).fetchOne(db)
        }
    }
}
