// GVE — Agent: the hypervisor abstraction the Agent drives.

/// What the Agent needs from a hypervisor: inventory, domain lifecycle and lifecycle events.
///
/// Implementations never block the caller's executor: ``LibvirtHypervisor`` runs every libvirt call on a
/// dedicated serial queue per connection. Failures are thrown as ``HypervisorError``.
public protocol Hypervisor: Sendable {
    /// The URI this hypervisor was opened with (for example `qemu:///system` or `test:///abs/node.xml`).
    var uri: String { get }

    /// Host facts: CPUs, memory, storage pools, hypervisor type and version, and what the active domains use.
    /// - Throws: ``HypervisorError`` when libvirt cannot answer.
    func hostInventory() async throws -> HostInventory

    /// Every domain the hypervisor knows, active or not.
    func listDomains() async throws -> [DomainInfo]

    /// The domain named `name`, or `nil` when the hypervisor has none by that name.
    func domain(named name: String) async throws -> DomainInfo?

    /// The domain's current XML description.
    /// - Throws: ``HypervisorError`` with code ``HypervisorError/Code/domainNotFound`` when it does not exist.
    func domainXML(named name: String) async throws -> String

    /// Defines (persistently, without starting) a domain from its XML description.
    /// - Returns: the new domain as libvirt reports it.
    func defineDomain(xml: String) async throws -> DomainInfo

    /// Starts a defined, inactive domain.
    func start(_ name: String) async throws
    /// Asks the guest to shut down (libvirt `virDomainShutdown`, an ACPI power-button press) and returns at once;
    /// the guest may take its time or ignore it. ``shutdown(_:timeout:)`` adds the wait and the forced power-off.
    func requestShutdown(_ name: String) async throws
    /// Pauses a running domain's vCPUs.
    func suspend(_ name: String) async throws
    /// Resumes a paused domain.
    func resume(_ name: String) async throws
    /// Reboots a running domain.
    func reboot(_ name: String) async throws
    /// Powers a domain off immediately (libvirt `destroy`: the definition stays).
    func destroy(_ name: String) async throws
    /// Removes the domain's definition (the domain must be inactive). Disk files are the caller's.
    func undefine(_ name: String) async throws

    /// Lifecycle events (started, suspended, stopped…) as the hypervisor emits them.
    ///
    /// Each call returns a new stream; it ends when the hypervisor is closed.
    func lifecycleEvents() -> AsyncStream<DomainLifecycleEvent>

    /// Releases the connection. Calls after `close()` throw ``HypervisorError/Code/connectionClosed``.
    func close() async
}

/// How a graceful shutdown ended.
public enum ShutdownOutcome: Sendable, Hashable {
    /// The guest powered itself off within the timeout (or was already off).
    case graceful
    /// The guest was still running at the timeout and was powered off (libvirt `destroy`).
    case forced
}

extension Hypervisor {
    /// Asks the guest to shut down; when it is still active after `timeout`, powers it off.
    ///
    /// The domain is polled every 50 ms until it is inactive or the timeout passes.
    /// - Returns: ``ShutdownOutcome/forced`` when the domain had to be destroyed.
    /// - Throws: ``HypervisorError`` from the shutdown request, the state reads or the power-off.
    @discardableResult
    public func shutdown(_ name: String, timeout: Duration) async throws -> ShutdownOutcome {
        try await requestShutdown(name)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            guard let info = try await domain(named: name), info.isActive else { return .graceful }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let info = try await domain(named: name), info.isActive else { return .graceful }
        try await destroy(name)
        return .forced
    }
}

/// Host facts reported by a hypervisor.
public struct HostInventory: Sendable, Hashable {
    /// The host name as the hypervisor reports it.
    public var hostname: String
    /// The hypervisor driver (libvirt's `virConnectGetType`: `QEMU`, `Xen`, `LXC`, `TEST`…).
    public var hypervisorType: String
    /// The hypervisor version as `major.minor.release`.
    public var hypervisorVersion: String
    /// The CPU model.
    public var cpuModel: String
    /// Logical CPUs.
    public var cpus: Int
    /// Main memory in MiB.
    public var memoryMB: Int
    /// Storage pools and their capacity.
    public var storagePools: [StoragePoolInfo]
    /// vCPUs used by active domains.
    public var activeVCPUs: Int
    /// Memory (MiB) used by active domains.
    public var activeMemoryMB: Int
    /// Active domains.
    public var activeDomains: Int

    /// CPUs left after the active domains.
    public var freeCPUs: Int { max(0, cpus - activeVCPUs) }
    /// Memory (MiB) left after the active domains.
    public var freeMemoryMB: Int { max(0, memoryMB - activeMemoryMB) }

    public init(
        hostname: String, hypervisorType: String, hypervisorVersion: String, cpuModel: String, cpus: Int,
        memoryMB: Int, storagePools: [StoragePoolInfo], activeVCPUs: Int, activeMemoryMB: Int, activeDomains: Int
    ) {
        self.hostname = hostname
        self.hypervisorType = hypervisorType
        self.hypervisorVersion = hypervisorVersion
        self.cpuModel = cpuModel
        self.cpus = cpus
        self.memoryMB = memoryMB
        self.storagePools = storagePools
        self.activeVCPUs = activeVCPUs
        self.activeMemoryMB = activeMemoryMB
        self.activeDomains = activeDomains
    }
}

/// One storage pool of the host.
public struct StoragePoolInfo: Sendable, Hashable {
    public var name: String
    public var isActive: Bool
    public var capacityBytes: UInt64
    public var allocationBytes: UInt64
    public var availableBytes: UInt64

    public init(name: String, isActive: Bool, capacityBytes: UInt64, allocationBytes: UInt64, availableBytes: UInt64) {
        self.name = name
        self.isActive = isActive
        self.capacityBytes = capacityBytes
        self.allocationBytes = allocationBytes
        self.availableBytes = availableBytes
    }
}

/// A domain as the hypervisor reports it.
public struct DomainInfo: Sendable, Hashable {
    public var name: String
    /// The domain UUID, lower case with dashes.
    public var uuid: String
    public var state: LibvirtDomainState
    public var vcpus: Int
    /// Maximum memory in MiB.
    public var memoryMB: Int
    public var isActive: Bool
    public var isPersistent: Bool

    public init(name: String, uuid: String, state: LibvirtDomainState, vcpus: Int, memoryMB: Int, isActive: Bool, isPersistent: Bool) {
        self.name = name
        self.uuid = uuid
        self.state = state
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.isActive = isActive
        self.isPersistent = isPersistent
    }
}

/// A lifecycle event: libvirt's `virDomainEventType` for one domain.
public struct DomainLifecycleEvent: Sendable, Hashable {
    /// libvirt's lifecycle event kinds (`VIR_DOMAIN_EVENT_*`). Unknown kinds keep their raw value.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let defined = Kind(rawValue: 0)
        public static let undefined = Kind(rawValue: 1)
        public static let started = Kind(rawValue: 2)
        public static let suspended = Kind(rawValue: 3)
        public static let resumed = Kind(rawValue: 4)
        public static let stopped = Kind(rawValue: 5)
        public static let shutdown = Kind(rawValue: 6)
        public static let pmSuspended = Kind(rawValue: 7)
        public static let crashed = Kind(rawValue: 8)

        public var description: String {
            switch self {
            case .defined: "defined"
            case .undefined: "undefined"
            case .started: "started"
            case .suspended: "suspended"
            case .resumed: "resumed"
            case .stopped: "stopped"
            case .shutdown: "shutdown"
            case .pmSuspended: "pmsuspended"
            case .crashed: "crashed"
            default: "event(\(rawValue))"
            }
        }
    }

    public var domainName: String
    public var domainUUID: String
    public var kind: Kind
    /// The event detail (`virDomainEvent*DetailType`), kind-specific.
    public var detail: Int32

    public init(domainName: String, domainUUID: String, kind: Kind, detail: Int32) {
        self.domainName = domainName
        self.domainUUID = domainUUID
        self.kind = kind
        self.detail = detail
    }
}
