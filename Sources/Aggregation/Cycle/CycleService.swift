// GVE — Aggregation
// The update loop as a ServiceLifecycle service: a cycle, then BDII_BREATHE_TIME of rest, until
// graceful shutdown or cancellation.

import Foundation
public import Logging
public import ServiceLifecycle

/// Runs ``Aggregator`` cycles forever: the first at once, each next one `breatheTime` after the previous
/// one ended (BDII's rhythm). Graceful shutdown cancels the wait, or the cycle in progress (whose
/// providers are killed and whose changes are not applied).
public struct CycleService<C: Clock>: Service where C.Duration == Duration {
    public let aggregator: Aggregator
    public let breatheTime: Duration
    let clock: C
    let wallClock: @Sendable () -> Date
    let logger: Logger
    let onCycle: (@Sendable (CycleReport) async -> Void)?
    /// The wait before reconnecting a broken push feed (its source is polled meanwhile).
    public var pushRetry: Duration = .seconds(5)

    /// - Parameters:
    ///   - aggregator: the registry's aggregator.
    ///   - breatheTime: rest between cycles (`BDII_BREATHE_TIME`).
    ///   - clock: measures the rest (inject a test clock in tests).
    ///   - wallClock: the time passed to each cycle (delete delay, validity).
    ///   - onCycle: called after every cycle with its report.
    public init(
        aggregator: Aggregator, breatheTime: Duration, clock: C,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "gve.aggregation.cycle"),
        onCycle: (@Sendable (CycleReport) async -> Void)? = nil
    ) {
        self.aggregator = aggregator
        self.breatheTime = breatheTime
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        self.onCycle = onCycle
    }

    /// Runs cycles; alongside, follows every remote source whose client can push (see
    /// ``Aggregator/follow(_:client:retry:wallClock:sleep:)``), so pushed changes land between cycles.
    public func run() async throws {
        let clock = self.clock
        try await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                if let pushing = aggregator.collector.remote as? any PushingRemoteSource {
                    for remote in aggregator.configuration.remoteSources {
                        group.addTask {
                            await aggregator.follow(remote, client: pushing, retry: pushRetry, wallClock: wallClock,
                                                    sleep: { try await clock.sleep(for: $0) })
                        }
                    }
                }
                while !Task.isCancelled {
                    let report = await aggregator.runCycle(now: wallClock())
                    await onCycle?(report)
                    if report.cancelled { break }
                    do { try await clock.sleep(for: breatheTime) } catch { break }
                }
                group.cancelAll()
            }
        }
        logger.debug("aggregation cycles stopped")
    }
}

extension CycleService where C == ContinuousClock {
    /// A service on the continuous clock, resting `configuration.breatheTime` between cycles.
    public init(aggregator: Aggregator, logger: Logger = Logger(label: "gve.aggregation.cycle")) {
        self.init(aggregator: aggregator, breatheTime: aggregator.configuration.breatheTime, clock: ContinuousClock(), logger: logger)
    }
}
