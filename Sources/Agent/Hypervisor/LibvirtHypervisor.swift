// GVE — Agent: the Hypervisor protocol over libvirt's C API.
import CLibVirt
import Foundation
import Synchronization

/// A ``Hypervisor`` backed by one libvirt connection (`qemu:///system`, `xen:///`, `lxc:///`, `test:///…`).
///
/// Every libvirt call runs on the connection's serial queue (see ``LibvirtConnection``); lifecycle events arrive
/// from libvirt's event loop thread and are fanned out to every ``lifecycleEvents()`` stream.
public final class LibvirtHypervisor: Hypervisor {
    public let uri: String
    private let connection: LibvirtConnection
    private let events: LifecycleEventFanOut
    private let callbackID: Int32

    private init(connection: LibvirtConnection, events: LifecycleEventFanOut, callbackID: Int32) {
        self.uri = connection.uri
        self.connection = connection
        self.events = events
        self.callbackID = callbackID
    }

    /// Opens a connection and subscribes to its domain lifecycle events.
    /// - Parameter uri: a libvirt URI; `test:///ABS/PATH/node.xml` loads a test-driver host description.
    /// - Throws: ``HypervisorError`` with code ``HypervisorError/Code/connectionFailed``.
    public static func open(uri: String) async throws -> LibvirtHypervisor {
        let connection = try await LibvirtConnection.open(uri: uri)
        let events = LifecycleEventFanOut()
        let callbackID = try await connection.perform("virConnectDomainEventRegisterAny") { handle in
            let opaque = Unmanaged.passRetained(events).toOpaque()
            let id = gve_register_lifecycle_events(
                handle,
                { _, domain, event, detail, opaque in
                    guard let domain, let opaque else { return }
                    let fanOut = Unmanaged<LifecycleEventFanOut>.fromOpaque(opaque).takeUnretainedValue()
                    let name = virDomainGetName(domain).map { String(cString: $0) } ?? ""
                    fanOut.yield(
                        DomainLifecycleEvent(
                            domainName: name, domainUUID: LibvirtHypervisor.uuidString(of: domain),
                            kind: .init(rawValue: event), detail: detail))
                },
                opaque,
                { opaque in
                    if let opaque { Unmanaged<LifecycleEventFanOut>.fromOpaque(opaque).release() }
                })
            if id < 0 {
                Unmanaged<LifecycleEventFanOut>.fromOpaque(opaque).release()
                throw LibvirtConnection.lastError("virConnectDomainEventRegisterAny")
            }
            return id
        }
        return LibvirtHypervisor(connection: connection, events: events, callbackID: callbackID)
    }

    public func close() async {
        let callbackID = self.callbackID
        await connection.close { handle in
            _ = virConnectDomainEventDeregisterAny(handle, callbackID)
        }
        events.finish()
    }

    public func lifecycleEvents() -> AsyncStream<DomainLifecycleEvent> {
        events.makeStream()
    }

    /// How many ``lifecycleEvents()`` streams are open.
    var lifecycleSubscriberCount: Int { events.subscriberCount }

    // MARK: Inventory

    public func hostInventory() async throws -> HostInventory {
        try await connection.perform("hostInventory") { handle in
            var node = virNodeInfo()
            guard virNodeGetInfo(handle, &node) == 0 else { throw LibvirtConnection.lastError("virNodeGetInfo") }
            let model = withUnsafeBytes(of: node.model) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            let type = virConnectGetType(handle).map { String(cString: $0) } ?? "unknown"
            var version: UInt = 0
            _ = virConnectGetVersion(handle, &version)
            var hostname = "localhost"
            if let name = virConnectGetHostname(handle) {
                hostname = String(cString: name)
                free(name)
            }
            let domains = try Self.allDomains(handle).map { try Self.info(of: $0) }
            let active = domains.filter(\.isActive)
            return HostInventory(
                hostname: hostname, hypervisorType: type,
                hypervisorVersion: "\(version / 1_000_000).\(version / 1_000 % 1_000).\(version % 1_000)",
                cpuModel: model, cpus: Int(node.cpus), memoryMB: Int(node.memory / 1024),
                storagePools: try Self.storagePools(handle),
                activeVCPUs: active.reduce(0) { $0 + $1.vcpus }, activeMemoryMB: active.reduce(0) { $0 + $1.memoryMB },
                activeDomains: active.count)
        }
    }

    public func listDomains() async throws -> [DomainInfo] {
        try await connection.perform("virConnectListAllDomains") { handle in
            try Self.allDomains(handle).map { try Self.info(of: $0) }
        }
    }

    public func domain(named name: String) async throws -> DomainInfo? {
        try await connection.perform("virDomainLookupByName") { handle in
            do {
                return try Self.withDomain(handle, name) { try Self.info(of: $0) }
            } catch let error as HypervisorError where error.code == .domainNotFound {
                return nil
            }
        }
    }

    public func domainXML(named name: String) async throws -> String {
        try await connection.perform("virDomainGetXMLDesc") { handle in
            try Self.withDomain(handle, name) { domain in
                guard let xml = virDomainGetXMLDesc(domain, 0) else { throw LibvirtConnection.lastError("virDomainGetXMLDesc") }
                defer { free(xml) }
                return String(cString: xml)
            }
        }
    }

    // MARK: Lifecycle

    public func defineDomain(xml: String) async throws -> DomainInfo {
        try await connection.perform("virDomainDefineXML") { handle in
            guard let domain = virDomainDefineXML(handle, xml) else { throw LibvirtConnection.lastError("virDomainDefineXML") }
            defer { virDomainFree(domain) }
            return try Self.info(of: domain)
        }
    }

    public func start(_ name: String) async throws {
        try await simple("virDomainCreate", name) { virDomainCreate($0) }
    }

    public func suspend(_ name: String) async throws {
        try await simple("virDomainSuspend", name) { virDomainSuspend($0) }
    }

    public func resume(_ name: String) async throws {
        try await simple("virDomainResume", name) { virDomainResume($0) }
    }

    public func reboot(_ name: String) async throws {
        try await simple("virDomainReboot", name) { virDomainReboot($0, 0) }
    }

    public func destroy(_ name: String) async throws {
        try await simple("virDomainDestroy", name) { virDomainDestroy($0) }
    }

    public func undefine(_ name: String) async throws {
        try await connection.perform("virDomainUndefineFlags") { handle in
            try Self.withDomain(handle, name) { domain in
                if virDomainIsActive(domain) == 1 {
                    throw HypervisorError(
                        code: .invalidState, message: "domain '\(name)' is active; stop it before undefining it",
                        operation: "virDomainUndefineFlags")
                }
                let flags = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE.rawValue | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA.rawValue
                guard virDomainUndefineFlags(domain, flags) == 0 else {
                    throw LibvirtConnection.lastError("virDomainUndefineFlags")
                }
            }
        }
    }

    public func requestShutdown(_ name: String) async throws {
        try await simple("virDomainShutdown", name) { virDomainShutdown($0) }
    }

    // MARK: Helpers (run on the connection queue)

    private func simple(_ operation: String, _ name: String, _ call: @escaping @Sendable (OpaquePointer) -> Int32) async throws {
        try await connection.perform(operation) { handle in
            try Self.withDomain(handle, name) { domain in
                guard call(domain) == 0 else { throw LibvirtConnection.lastError(operation) }
            }
        }
    }

    private static func withDomain<T>(_ handle: OpaquePointer, _ name: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        guard let domain = virDomainLookupByName(handle, name) else {
            throw LibvirtConnection.lastError("virDomainLookupByName(\(name))")
        }
        defer { virDomainFree(domain) }
        return try body(domain)
    }

    private static func allDomains(_ handle: OpaquePointer) throws -> [OpaquePointerBox] {
        var list: UnsafeMutablePointer<virDomainPtr?>?
        let count = virConnectListAllDomains(handle, &list, 0)
        guard count >= 0, let list else { throw LibvirtConnection.lastError("virConnectListAllDomains") }
        defer { free(list) }
        return (0..<Int(count)).compactMap { list[$0].map(OpaquePointerBox.init) }
    }

    private static func info(of box: OpaquePointerBox) throws -> DomainInfo {
        defer { virDomainFree(box.pointer) }
        return try info(of: box.pointer)
    }

    private static func info(of domain: OpaquePointer) throws -> DomainInfo {
        var raw = virDomainInfo()
        guard virDomainGetInfo(domain, &raw) == 0 else { throw LibvirtConnection.lastError("virDomainGetInfo") }
        let name = virDomainGetName(domain).map { String(cString: $0) } ?? ""
        return DomainInfo(
            name: name, uuid: uuidString(of: domain), state: LibvirtDomainState(rawValue: Int32(raw.state)),
            vcpus: Int(raw.nrVirtCpu), memoryMB: Int(raw.maxMem / 1024), isActive: virDomainIsActive(domain) == 1,
            isPersistent: virDomainIsPersistent(domain) == 1)
    }

    static func uuidString(of domain: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: Int(VIR_UUID_STRING_BUFLEN))
        guard virDomainGetUUIDString(domain, &buffer) == 0 else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func storagePools(_ handle: OpaquePointer) throws -> [StoragePoolInfo] {
        var list: UnsafeMutablePointer<virStoragePoolPtr?>?
        let count = virConnectListAllStoragePools(handle, &list, 0)
        guard count >= 0, let list else { return [] }  // drivers without storage support report none
        defer { free(list) }
        var pools: [StoragePoolInfo] = []
        for index in 0..<Int(count) {
            guard let pool = list[index] else { continue }
            defer { virStoragePoolFree(pool) }
            var raw = virStoragePoolInfo()
            guard virStoragePoolGetInfo(pool, &raw) == 0 else { continue }
            pools.append(
                StoragePoolInfo(
                    name: virStoragePoolGetName(pool).map { String(cString: $0) } ?? "",
                    isActive: virStoragePoolIsActive(pool) == 1, capacityBytes: raw.capacity,
                    allocationBytes: raw.allocation, availableBytes: raw.available))
        }
        return pools
    }
}

/// A domain pointer owned by the caller (freed after use).
private struct OpaquePointerBox {
    let pointer: OpaquePointer
}

/// Fans libvirt lifecycle callbacks (on libvirt's event thread) out to any number of async streams.
final class LifecycleEventFanOut: Sendable {
    private struct State {
        var nextID = 0
        var continuations: [Int: AsyncStream<DomainLifecycleEvent>.Continuation] = [:]
        var finished = false
    }
    private let state = Mutex(State())

    func makeStream() -> AsyncStream<DomainLifecycleEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: DomainLifecycleEvent.self, bufferingPolicy: .bufferingNewest(1024))
        let id: Int? = state.withLock { state in
            if state.finished { return nil }
            state.nextID += 1
            state.continuations[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    var subscriberCount: Int { state.withLock { $0.continuations.count } }

    func yield(_ event: DomainLifecycleEvent) {
        let continuations = state.withLock { Array($0.continuations.values) }
        for continuation in continuations { continuation.yield(event) }
    }

    func finish() {
        let continuations = state.withLock { state in
            state.finished = true
            defer { state.continuations = [:] }
            return Array(state.continuations.values)
        }
        for continuation in continuations { continuation.finish() }
    }
}
