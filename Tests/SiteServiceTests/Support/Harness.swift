// GVE — SiteServiceTests
// Starts real HTTP servers on free loopback ports inside a test and stops them afterwards.
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SiteService
import Synchronization

/// A time source tests move by hand.
final class ManualTime: Sendable {
    let value: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { value = Mutex(start) }
    func now() -> Date { value.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var source: @Sendable () -> Date { { [self] in self.now() } }
}

func tempDatabasePath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-site-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("site.sqlite").path
}

var quietLogger: Logger {
    var l = Logger(label: "test")
    l.logLevel = .error
    return l
}

/// Runs `app` until `body` returns; `body` receives the bound port.
func withServer(_ makeApp: (@escaping @Sendable (Int) async -> Void) -> any Service,
                                                   _ body: (Int) async throws -> Void) async throws {
    let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = makeApp { port in continuation.yield(port) }
    let group = ServiceGroup(configuration: .init(services: [app], logger: quietLogger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var port = 0
        for await p in stream { port = p; break }
        do {
            try await body(port)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

/// Runs an in-test Agent.
func withAgent(_ agent: TestAgent, _ body: (Int) async throws -> Void) async throws {
    try await withServer({ onRunning in
        Application(router: agent.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { ch in await onRunning(ch.localAddress?.port ?? 0) }, logger: quietLogger)
    }, body)
}

/// Runs a Site Service on a free port.
func withSite(database: SiteDatabase, time: ManualTime? = nil, runner: JobRunnerConfiguration = .init(tick: .milliseconds(20), inventoryInterval: .seconds(1)),
              tls: SiteTLSConfiguration? = nil, _ body: (Int) async throws -> Void) async throws {
    let now: @Sendable () -> Date
    if let time { now = time.source } else { now = { Date() } }
    var configuration = SiteServiceConfiguration(port: 0, bcryptCost: 4, runner: runner, tls: tls)
    configuration.authentication.baseDelay = .milliseconds(10)
    let config = configuration
    try await withServer({ onRunning in
        SiteServer.application(database: database, configuration: config, now: now, logger: quietLogger, onServerRunning: onRunning).application
    }, body)
}

/// Polls `condition` (bounded) until true.
func eventually(_ what: String, attempts: Int = 800, _ condition: () async throws -> Bool) async throws -> Bool {
    for _ in 0..<attempts {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(25))
    }
    return false
}
