// GVE — Agent: what the Agent reports about VMs and its host (the SOAP contract's value types).
import Foundation

/// A VM as the Agent reports it (`<vm>` in `urn:gve:agent:1`).
public struct VMInfo: Sendable, Hashable {
    public var name: String
    public var uuid: String
    /// GLUE 2.1 instance state.
    public var state: InstanceState
    /// libvirt's own state name (`running`, `paused`, `shut off`…), or `missing` when libvirt lost the domain,
    /// `undefined` once destroyed, `cloning` while reserved.
    public var libvirtState: String
    public var image: String
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int
    public var owner: String
    public var created: Date

    public init(
        name: String, uuid: String, state: InstanceState, libvirtState: String, image: String, vcpus: Int, memoryMB: Int,
        diskGB: Int, owner: String, created: Date
    ) {
        self.name = name
        self.uuid = uuid
        self.state = state
        self.libvirtState = libvirtState
        self.image = image
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
        self.owner = owner
        self.created = created
    }

    init(_ record: VMRecord) {
        self.init(
            name: record.name, uuid: record.uuid, state: record.instanceState, libvirtState: record.libvirtState,
            image: record.image, vcpus: record.vcpus, memoryMB: record.memoryMB, diskGB: record.diskGB, owner: record.owner,
            created: record.created)
    }
}

/// The host as the Agent reports it (`<host>` in `urn:gve:agent:1`).
public struct HostInfo: Sendable, Hashable {
    public var hostname: String
    public var hypervisor: String
    public var hypervisorVersion: String
    public var cpus: Int
    public var memoryMB: Int
    /// CPUs not committed to the Agent's VMs or to other active domains.
    public var freeCpus: Int
    /// Memory (MiB) not committed to the Agent's VMs or to other active domains.
    public var freeMemoryMB: Int
    /// The Agent's live VMs.
    public var instances: Int

    public init(hostname: String, hypervisor: String, hypervisorVersion: String, cpus: Int, memoryMB: Int, freeCpus: Int, freeMemoryMB: Int, instances: Int) {
        self.hostname = hostname
        self.hypervisor = hypervisor
        self.hypervisorVersion = hypervisorVersion
        self.cpus = cpus
        self.memoryMB = memoryMB
        self.freeCpus = freeCpus
        self.freeMemoryMB = freeMemoryMB
        self.instances = instances
    }
}

/// A Clone request (`<Clone>`).
public struct CloneRequest: Sendable, Hashable {
    public var image: String
    public var name: String
    public var vcpus: Int
    public var memoryMB: Int
    /// Disk size in GiB; 0 keeps the image's virtual size.
    public var diskGB: Int
    /// The caller's idempotency key: a retried request with the same id returns the first VM.
    public var requestId: String
    public var owner: String
    /// A standalone copy instead of a copy-on-write overlay.
    public var fullCopy: Bool

    public init(image: String, name: String, vcpus: Int, memoryMB: Int, diskGB: Int = 0, requestId: String, owner: String, fullCopy: Bool = false) {
        self.image = image
        self.name = name
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
        self.requestId = requestId
        self.owner = owner
        self.fullCopy = fullCopy
    }
}
