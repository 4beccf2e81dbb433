// GVE — Agent: keeps the registry's copy of the Agent's subtree current.
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Publishes the Agent's GLUE subtree at start, after every change and every refresh period.
///
/// A change is published at once when no publish is in flight; changes that arrive during a publish are merged
/// into the single next one (the change signal buffers one pending signal), so bursts cost at most two publishes
/// and no fixed delay is added. The periodic refresh asks the publisher to forget its remembered view first, so
/// it repairs whatever was changed behind the Agent's back.
///
/// A failing registry never stops the Agent: the failure is logged and counted, and publishing is retried with
/// exponential backoff (from ``Configuration/firstRetryDelay`` up to ``Configuration/retryInterval``) until it
/// succeeds, publishing the current state in full.
public struct AgentPublisher: Service {
    public struct Configuration: Sendable {
        /// An optional pause before each publish, to merge changes that come close together (default none:
        /// changes arriving during a publish are merged anyway).
        public var debounce: Duration
        /// Full refresh period while the registry answers.
        public var refreshInterval: Duration
        /// Longest wait between retries while the registry fails.
        public var retryInterval: Duration
        /// First wait after a failure; it doubles with each further failure, up to ``retryInterval``.
        public var firstRetryDelay: Duration

        public init(debounce: Duration = .zero, refreshInterval: Duration = .seconds(300), retryInterval: Duration = .seconds(5),
                    firstRetryDelay: Duration = .milliseconds(100)) {
            self.debounce = debounce
            self.refreshInterval = refreshInterval
            self.retryInterval = retryInterval
            self.firstRetryDelay = firstRetryDelay
        }

        /// The wait after `failures` consecutive failures (1 or more).
        func retryDelay(afterFailures failures: Int) -> Duration {
            let delay = firstRetryDelay * (1 << min(max(failures - 1, 0), 16))
            return min(delay, retryInterval)
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
                        do { try await Task.sleep(for: self.configuration.refreshInterval) } catch { return }
                        await self.publisher.invalidateCache()
                        self.agent.changes.signal()
                    }
                }
                group.addTask {
                    var failures = 0
                    for await _ in changes {
                        if self.configuration.debounce > .zero { try? await Task.sleep(for: self.configuration.debounce) }
                        if await self.publishOnce() {
                            failures = 0
                            continue
                        }
                        failures += 1
                        do { try await Task.sleep(for: self.configuration.retryDelay(afterFailures: failures)) } catch { return }
                        self.agent.changes.signal()
                    }
                }
            }
        }
        await publisher.close()
    }

    /// Renders and publishes the current state once; failures are recorded, not thrown.
    /// - Returns: whether the publish succeeded.
    @discardableResult
    public func publishOnce() async -> Bool {
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
            return true
        } catch {
            logger.warning("publishing to the registry failed: \(error)")
            state.value.withLock {
                $0.failures += 1
                $0.lastError = String(describing: error)
            }
            return false
        }
    }
}

/// The publisher's counters behind a lock (shared by its two loops).
private final class StatusBox: Sendable {
    let value = Mutex(AgentPublisher.Status())
}
