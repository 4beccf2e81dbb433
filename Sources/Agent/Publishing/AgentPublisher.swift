// GVE — Agent: keeps the registry's copy of the Agent's subtree current.
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Publishes the Agent's GLUE subtree at start, after every change (debounced) and every refresh period.
///
/// A failing registry never stops the Agent: the failure is logged and counted, and publishing is retried every
/// ``Configuration/retryInterval`` until it succeeds.
public struct AgentPublisher: Service {
    public struct Configuration: Sendable {
        /// Changes closer together than this are published once.
        public var debounce: Duration
        /// Full refresh period while the registry answers.
        public var refreshInterval: Duration
        /// Retry period while the registry fails.
        public var retryInterval: Duration

        public init(debounce: Duration = .milliseconds(20), refreshInterval: Duration = .seconds(300), retryInterval: Duration = .seconds(5)) {
            self.debounce = debounce
            self.refreshInterval = refreshInterval
            self.retryInterval = retryInterval
        }
    }

    /// Counters for monitoring and tests.
    public struct Status: Sendable, Hashable {
        public var published = 0
        public var failures = 0
        public var lastError: String?
    }

    public let agent: HostAgent
    public let publisher: any RegistryPublisher
    public let renderer: AgentGLUERenderer
    public let configuration: Configuration
    private let state: StatusBox
    private let logger: Logger

    public init(
        agent: HostAgent, publisher: any RegistryPublisher, renderer: AgentGLUERenderer = .init(), configuration: Configuration = .init(),
        logger: Logger = Logger(label: "gve.agent.publisher")
    ) {
        self.agent = agent
        self.publisher = publisher
        self.renderer = renderer
        self.configuration = configuration
        self.state = StatusBox()
        self.logger = logger
    }

    /// The current counters.
    public var status: Status { state.value.withLock { $0 } }

    public func run() async throws {
        guard let changes = agent.changes.takeStream() else {
            logger.error("another publisher already follows this agent's changes")
            return
        }
        agent.changes.signal()  // the full refresh at start
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    while !Task.isCancelled {
                        let failing = self.state.value.withLock { $0.lastError != nil }
                        do {
                            try await Task.sleep(for: failing ? self.configuration.retryInterval : self.configuration.refreshInterval)
                        } catch {
                            return
                        }
                        self.agent.changes.signal()
                    }
                }
                group.addTask {
                    for await _ in changes {
                        try? await Task.sleep(for: self.configuration.debounce)
                        await self.publishOnce()
                    }
                }
            }
        }
    }

    /// Renders and publishes the current state once; failures are recorded, not thrown.
    public func publishOnce() async {
        do {
            let host = try await agent.hostInfo()
            let inventory = try? await agent.hypervisor.hostInventory()
            let images = try await agent.images.list()
            let vms = try await agent.listVMs(siteService: nil)
            let entries = renderer.entries(host: host, cpuModel: inventory?.cpuModel, images: images, vms: vms)
            try await publisher.publish(entries, under: renderer.hostDN(hostname: host.hostname))
            state.value.withLock {
                $0.published += 1
                $0.lastError = nil
            }
        } catch {
            logger.warning("publishing to the registry failed: \(error)")
            state.value.withLock {
                $0.failures += 1
                $0.lastError = String(describing: error)
            }
        }
    }
}

/// The publisher's counters behind a lock (shared by its two loops).
private final class StatusBox: Sendable {
    let value = Mutex(AgentPublisher.Status())
}
