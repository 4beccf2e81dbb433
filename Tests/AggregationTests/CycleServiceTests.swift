// GVE — AggregationTests
import Aggregation
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct CycleServiceTests {
    /// A cycle runs at once, the next one only after BDII_BREATHE_TIME on the injected clock, and
    /// graceful shutdown ends the loop.
    @Test func cyclesEveryBreatheTimeAndStopsOnGracefulShutdown() async throws {
        let t = TempTree(); defer { t.cleanup() }
        t.write("ldif/a.ldif", GLUE.service("s1"))
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration("BDII_BREATHE_TIME=60"), sink: sink)
        let clock = ManualClock()
        let cycles = Mutex(0)
        let service = CycleService(aggregator: aggregator, breatheTime: .seconds(60), clock: clock,
                                   wallClock: { date(0) }, onCycle: { _ in cycles.withLock { $0 += 1 } })
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(await eventually { cycles.withLock { $0 } == 1 && clock.sleeperCount == 1 })
            clock.advance(by: .seconds(59))
            try await Task.sleep(for: .milliseconds(50))
            #expect(cycles.withLock { $0 } == 1)
            clock.advance(by: .seconds(1))
            #expect(await eventually { cycles.withLock { $0 } == 2 && clock.sleeperCount == 1 })
            await group.triggerGracefulShutdown()
            try await tasks.next()
        }
        #expect(cycles.withLock { $0 } == 2)
        #expect(sink.contentCount == 1)
    }

    /// Graceful shutdown during a cycle kills the running providers and applies nothing.
    @Test func gracefulShutdownCancelsTheCycleInProgress() async throws {
        let t = TempTree(); defer { t.cleanup() }
        let marker = t.root + "/started.pid"
        t.write("provider/stuck", "#!/bin/sh\necho $$ > \(marker).tmp\nmv \(marker).tmp \(marker)\nexec sleep 300\n", executable: true)
        let sink = DictionarySink()
        let aggregator = Aggregator(configuration: try t.configuration("BDII_READ_TIMEOUT=600"), sink: sink)
        let reports = Mutex<[CycleReport]>([])
        let service = CycleService(aggregator: aggregator, breatheTime: .seconds(60), clock: ManualClock(),
                                   wallClock: { date(0) }, onCycle: { r in reports.withLock { $0.append(r) } })
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(await eventually { FileManager.default.fileExists(atPath: marker) })
            await group.triggerGracefulShutdown()
            try await tasks.next()
        }
        let report = try #require(reports.withLock { $0.first })
        #expect(report.cancelled)
        #expect(report.failures.map(\.reason) == [.program(.cancelled)])
        #expect(sink.batches.isEmpty)
        let pid = try #require(Int32(String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let gone = await eventually(5) {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            return stat.contains(") Z ")
        }
        #expect(gone)
    }
}
