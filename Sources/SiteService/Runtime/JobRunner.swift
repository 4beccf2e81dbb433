// GVE — SiteService
// The background job runner and lease expiry: a ServiceLifecycle Service with an injected time source.
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Configuration of the runner.
public struct JobRunnerConfiguration: Sendable {
    /// How often the runner looks for work and expired leases (well under the 1 s lease-release goal).
    public var tick: Duration
    /// How often the inventory is refreshed from the Agents.
    public var inventoryInterval: Duration
    /// Hosts tried per job before it fails.
    public var maxAttempts: Int
    /// Jobs driven at once.
    public var concurrency: Int

    public init(tick: Duration = .milliseconds(100), inventoryInterval: Duration = .seconds(10), maxAttempts: Int = 3, concurrency: Int = 32) {
        self.tick = tick
        self.inventoryInterval = inventoryInterval
        self.maxAttempts = maxAttempts
        self.concurrency = concurrency
    }
}

/// Drives jobs through queued → cloning → starting → running, and releasing → released; ends leases on time;
/// reconciles with the Agents at start so no VM is leaked or doubled after a restart.
public final class JobRunner: Service, Sendable {
    let database: SiteDatabase
    let inventory: any HostInventory
    let configuration: JobRunnerConfiguration
    let now: @Sendable () -> Date
    let logger: Logger
    /// Jobs being driven now, so one job is never driven twice at once, and whether a pass left a runnable job
    /// undriven because `concurrency` jobs were in flight (then a finishing job wakes the runner). One lock for both,
    /// so a job that finishes just after another was turned away always sees the flag.
    let inFlight = Mutex<(jobs: Set<String>, backlog: Bool)>(([], false))
    /// Whether the last inventory heard from every enabled Agent; until it has, polls come every second, so
    /// Agents that start after the Site Service (as under `gve up`) are placeable at once, not an interval later.
    let inventoryComplete = Mutex(false)
    /// Work signalled since the runner last looked: `full` (the tick: leases, the placement queue, jobs) and `jobs`
    /// (new or released jobs to drive). Signals coalesce, so a burst of requests costs one pass, not one each.
    let due = Mutex<(full: Bool, jobs: Bool)>((true, false))
    /// Rings the run loop; holds at most one pending ring (the flags in `due` say what for).
    let doorbell: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)
        = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))

    /// Creates a runner.
    /// - Parameters:
    ///   - inventory: where hosts and images come from; nil asks the registered Agents directly (``AgentInventory``).
    ///   - now: the time source for leases and history (tests inject a manual one).
    public init(database: SiteDatabase, configuration: JobRunnerConfiguration = .init(), inventory: (any HostInventory)? = nil,
                logger: Logger = Logger(label: "gve.site.runner"), now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.configuration = configuration
        self.now = now
        self.logger = logger
        self.inventory = inventory ?? AgentInventory(database: database, now: now)
    }

    /// Asks the runner to drive new jobs now instead of at its next tick (RequestVM and ReleaseVM call this through
    /// ``SiteSOAPHandler/onJobsCreated``). Cheap and non-blocking; wakes arriving during a pass coalesce into one.
    public func wake() {
        due.withLock { $0.jobs = true }
        doorbell.continuation.yield()
    }

    /// Runs until cancelled or gracefully shut down.
    public func run() async throws {
        await pollInventory()
        await reconcile()
        var lastInventory = ContinuousClock.now
        await withDiscardingTaskGroup { group in
            // The tick stays as the fallback (and the only trigger for lease expiry and the placement queue).
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    // A graceful shutdown ends the sleep, so a long tick does not delay it.
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.configuration.tick) }
                    self.due.withLock { $0.full = true }
                    self.doorbell.continuation.yield()
                }
                self.doorbell.continuation.finish()
            }
            doorbell.continuation.yield()  // the first pass runs at once
            for await _ in doorbell.stream {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                let interval = inventoryComplete.withLock { $0 } ? configuration.inventoryInterval
                                                                  : min(configuration.inventoryInterval, .seconds(1))
                if ContinuousClock.now - lastInventory >= interval {
                    lastInventory = ContinuousClock.now
                    group.addTask { await self.pollInventory() }
                }
                let (full, jobs) = due.withLock { d in
                    defer { d = (false, false) }
                    return d
                }
                if full {
                    await self.tick(group: &group)
                } else if jobs {
                    await self.startJobs(group: &group)
                }
            }
        }
    }

    /// One pass: expire leases, place queued requests, then start driving every runnable job not already in flight.
    func tick(group: inout DiscardingTaskGroup) async {
        do {
            try await database.expireLeases(now: now())
            try await database.placeWaiting(now: now())
        } catch {
            logger.error("runner pass failed: \(error)")
        }
        await startJobs(group: &group)
    }

    /// Starts driving every runnable job not already in flight (up to `concurrency` at once).
    func startJobs(group: inout DiscardingTaskGroup) async {
        do {
            let jobs = try await database.runnableJobs()
            inFlight.withLock { $0.backlog = false }
            for job in jobs {
                let started = inFlight.withLock { state in
                    guard !state.jobs.contains(job.job.id) else { return false }
                    guard state.jobs.count < configuration.concurrency else { state.backlog = true; return false }
                    state.jobs.insert(job.job.id)
                    return true
                }
                guard started else { continue }
                group.addTask {
                    await self.drive(job)
                    let backlog = self.inFlight.withLock { state in
                        state.jobs.remove(job.job.id)
                        return state.backlog
                    }
                    // A slot is free: start a waiting job now rather than at the next tick.
                    if backlog { self.wake() }
                }
            }
        } catch {
            logger.error("runner pass failed: \(error)")
        }
    }

    private func pollInventory() async {
        let complete = (try? await refreshInventory()) ?? false
        inventoryComplete.withLock { $0 = complete }
    }

    /// Polls the Agents and stores the snapshot placement uses.
    /// - Returns: whether every enabled Agent is in the snapshot.
    @discardableResult
    public func refreshInventory() async throws -> Bool {
        // The snapshot is as old as the moment polling began: a VM that became visible after that moment may be
        // missing from it, so its claim keeps counting (claims count while their epoch >= the snapshot's).
        let epoch = try await database.beginInventoryPoll()
        let hosts: [HostRecord]
        let images: [ImageRecord]
        if let agents = inventory as? AgentInventory {
            (_, hosts, images) = try await agents.snapshot()  // one poll per Agent, health recorded
        } else {
            // Another source (the registry) gives hosts and images; the Agents are still probed for health, since
            // a host whose Agent is down must get no new VMs.
            _ = try? await AgentInventory(database: database, now: now).snapshot()
            hosts = try await inventory.hosts()
            images = try await inventory.images()
        }
        let heard = Set(hosts.map(\.agentID))
        try await database.replaceInventory(agentIDs: heard, hosts: hosts, images: images, now: now(), epoch: epoch)
        return try await database.agentEndpoints().allSatisfy { heard.contains($0.id) }
    }

    /// Drives one job until it is running, released or failed (or needs another host).
    func drive(_ runnable: RunnableJob) async {
        var current = runnable
        for _ in 0..<(configuration.maxAttempts * 4 + 4) {
            let job = current.job
            guard let agentID = current.agentID, let endpoint = try? await database.agentEndpoints(id: agentID).first else {
                _ = try? await database.replace(jobID: job.id, failure: "agent of \(job.host ?? "?") is not registered",
                                                maxAttempts: configuration.maxAttempts, now: now())
                return
            }
            let client = AgentClient(endpoint: endpoint)
            let vmName = job.vmName ?? ""
            do {
                switch job.state {
                case .queued, .placing, .cloning:
                    try await database.transition(jobID: job.id, from: [.queued, .placing, .cloning], to: .cloning,
                                                  note: "Clone on \(job.host ?? "?")", now: now())
                    do {
                        _ = try await client.clone(image: job.image, name: vmName, vcpus: job.vcpus, memoryMB: job.memoryMB,
                                                   diskGB: job.diskGB, requestID: job.id, owner: job.owner)
                    } catch let e as AgentCallError where e.code == "InvalidState" || e.code == "InvalidRequest" {
                        // A clone that already exists (we restarted mid-job) is fine; anything else is a failure.
                        guard (try? await client.vmOperation("GetVM", name: vmName)) != nil else { throw e }
                    }
                    try await database.transition(jobID: job.id, from: [.cloning], to: .starting, note: "Start", now: now())
                case .starting:
                    var vm: AgentVM
                    do {
                        vm = try await client.vmOperation("Start", name: vmName)
                    } catch let e as AgentCallError where e.code == "InvalidState" {
                        vm = try await client.vmOperation("GetVM", name: vmName)
                        if vm.state != "running" { throw e }
                    }
                    try await database.markRunning(jobID: job.id, uuid: vm.uuid.isEmpty ? nil : vm.uuid, agentState: vm.state, now: now())
                    return
                case .releasing:
                    do {
                        _ = try await client.vmOperation("Destroy", name: vmName)
                    } catch let e as AgentCallError where e.code == "NotFound" {
                        // Already gone: releasing is idempotent.
                    }
                    try await database.markReleased(jobID: job.id, note: "destroyed on \(job.host ?? "?")", now: now())
                    return
                case .running, .failed, .released:
                    return
                }
            } catch let e as AgentCallError {
                if job.state == .releasing {
                    logger.warning("release of \(vmName) failed, will retry: \(e)")
                    return
                }
                if e.code != AgentCallError.transport || job.state != .starting {
                    // Clean up a half-made clone before moving on, then try the next host.
                    _ = try? await client.vmOperation("Destroy", name: vmName)
                }
                guard let updated = try? await database.replace(jobID: job.id, failure: "\(job.host ?? "?"): \(e)",
                                                                maxAttempts: configuration.maxAttempts, now: now()),
                      updated.state == .queued else { return }
            } catch {
                logger.error("job \(job.id) failed: \(error)")
                _ = try? await database.transition(jobID: job.id, from: [.queued, .placing, .cloning, .starting], to: .failed,
                                                   note: "\(error)", error: ("InternalError", "\(error)"), now: now())
                return
            }
            guard let next = try? await database.runnableJob(id: job.id) else { return }
            current = next
        }
    }

    /// Compares every Agent's VMs with the database: destroys `gve-` VMs no live job owns (leaks) and fails running
    /// jobs whose VM has vanished.
    public func reconcile() async {
        guard let endpoints = try? await database.agentEndpoints() else { return }
        for endpoint in endpoints {
            let client = AgentClient(endpoint: endpoint, timeout: 5)
            guard let vms = try? await client.listVMs(), let live = try? await database.liveVMs(agentID: endpoint.id) else { continue }
            let present = Set(vms.map(\.name))
            for vm in vms where vm.name.hasPrefix("gve-") && live[vm.name] == nil {
                logger.notice("reconcile: destroying leaked VM \(vm.name) on \(endpoint.name)")
                _ = try? await client.vmOperation("Destroy", name: vm.name)
            }
            for (name, jobID) in live where !present.contains(name) {
                if let job = try? await database.runnableJob(id: jobID), job.job.state == .running {
                    _ = try? await database.transition(jobID: jobID, from: [.running], to: .failed, note: "VM vanished from agent",
                                                       error: ("NotFound", "VM \(name) no longer exists on \(endpoint.name)"), now: now())
                    try? await database.markVMGone(name: name)
                }
            }
        }
    }
}
