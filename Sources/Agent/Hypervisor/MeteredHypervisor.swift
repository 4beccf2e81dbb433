// GVE — Agent: a Hypervisor that counts every call (and its failures) into ``AgentMetrics``.

/// Wraps a hypervisor and records each call's operation, duration and error code.
public struct MeteredHypervisor: Hypervisor {
    public let base: any Hypervisor
    public let metrics: AgentMetrics

    public init(_ base: any Hypervisor, metrics: AgentMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public var uri: String { base.uri }

    func call<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        do {
            let value = try await body()
            metrics.libvirtCall(operation, error: nil, took: ContinuousClock.now - start)
            return value
        } catch {
            let code = (error as? HypervisorError)?.code.rawValue ?? "unknown"
            metrics.libvirtCall(operation, error: code, took: ContinuousClock.now - start)
            throw error
        }
    }

    public func hostInventory() async throws -> HostInventory { try await call("hostInventory") { try await base.hostInventory() } }
    public func listDomains() async throws -> [DomainInfo] { try await call("listDomains") { try await base.listDomains() } }
    public func domain(named name: String) async throws -> DomainInfo? { try await call("domain") { try await base.domain(named: name) } }
    public func domainXML(named name: String) async throws -> String { try await call("domainXML") { try await base.domainXML(named: name) } }
    public func defineDomain(xml: String) async throws -> DomainInfo { try await call("defineDomain") { try await base.defineDomain(xml: xml) } }
    public func start(_ name: String) async throws { try await call("start") { try await base.start(name) } }
    public func requestShutdown(_ name: String) async throws { try await call("requestShutdown") { try await base.requestShutdown(name) } }
    public func suspend(_ name: String) async throws { try await call("suspend") { try await base.suspend(name) } }
    public func resume(_ name: String) async throws { try await call("resume") { try await base.resume(name) } }
    public func reboot(_ name: String) async throws { try await call("reboot") { try await base.reboot(name) } }
    public func destroy(_ name: String) async throws { try await call("destroy") { try await base.destroy(name) } }
    public func undefine(_ name: String) async throws { try await call("undefine") { try await base.undefine(name) } }
    public func lifecycleEvents() -> AsyncStream<DomainLifecycleEvent> { base.lifecycleEvents() }
    public func close() async { await base.close() }
}
