// GVE — `gve vm`, `gve job`, `gve quota`: a grid user's commands against a Site Service (SOAP).
import ArgumentParser
import Broker
import Foundation
import SiteService

struct VMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vm",
        abstract: "Request, inspect, manage and release virtual machines.",
        discussion: """
        Examples:
          gve vm request --image ubuntu-22.04 --vcpus 2 --memory 2G --disk 10G --lifetime 2h --wait
          gve vm list
          gve vm stop vm-1a2b3c ; gve vm extend vm-1a2b3c --by 1h ; gve vm release vm-1a2b3c
        The site and your credentials come from --site/--user/--password-file, GVE_SITE/GVE_USER/GVE_PASSWORD_FILE,
        or ~/.config/gve/config.toml (see `gve up`, which writes one for its demo user).
        """,
        subcommands: [Request.self, List.self, Show.self, VMStart.self, VMStop.self, VMSuspend.self, VMResume.self, VMReboot.self,
                      Manage.self, Extend.self, Release.self])

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Request one or more VMs; prints the jobs (use --wait to follow them).")
        @OptionGroup var client: ClientOptions
        @Option(help: "Image name (see `gve images`).") var image: String
        @Option(help: "Virtual CPUs.") var vcpus: Int = 1
        @Option(help: "Memory, e.g. 512M or 2G.") var memory: String = "1G"
        @Option(help: "Disk, e.g. 10G.") var disk: String = "10G"
        @Option(help: "Lease lifetime, e.g. 90m, 2h, 1d (default: the site's).") var lifetime: String?
        @Option(help: "Number of identical VMs.") var count: Int = 1
        @Option(help: "Client request id: repeating a request with the same id returns the first job, never a second VM.")
        var requestID: String?
        @Flag(help: "Follow the jobs until their VMs run (or fail), printing each state change.") var wait = false
        @Option(help: "With --site auto or NAME: your virtual organisation; only shares mapped to it count.") var vo: String?
        @Option(help: "Seconds --wait waits at most.") var timeout: Int = 300

        func run() async throws {
            guard vcpus > 0 else { throw ValidationError("--vcpus must be at least 1 (got \(vcpus))") }
            guard count > 0 else { throw ValidationError("--count must be at least 1 (got \(count))") }
            let memoryMB: Int, diskGB: Int, seconds: Int?
            do {
                memoryMB = try Quantities.mebibytes(memory, field: "--memory")
                diskGB = try Quantities.gibibytes(disk, field: "--disk")
                seconds = try lifetime.map { try Quantities.seconds($0, field: "--lifetime") }
            } catch let e as QuantityError { throw ValidationError(e.description) }
            let site = try await chooseSite(memoryMB: memoryMB)
            let request = VMRequest(image: image, vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB, lifetime: seconds,
                                    count: count, clientRequestID: requestID ?? UUID().uuidString, hints: [:])
            let result = try await reportingSiteErrors { try await site.requestVM(request) }
            var jobs = result.jobs
            if !wait || client.output == .table {
                if result.replayed { print("request \(result.requestID) was already made: showing its jobs") }
                if client.output == .table { printJobs(jobs) }
            }
            if wait { jobs = try await follow(jobs, site: site, verbose: client.output == .table) }
            if client.output == .json { try printJSON(jobs) }
            if jobs.contains(where: { $0.state == .failed }) { throw ExitCode(1) }
        }

        /// The Site Service to ask: `--site URL` as given; `--site NAME` that site's endpoint in the registry;
        /// `--site auto` the broker's choice.
        func chooseSite(memoryMB: Int) async throws -> SiteClient {
            guard let value = try client.siteValue(), !ClientOptions.isURL(value) else { return try client.client() }
            var registry = try RegistryOptions.parse([])
            registry.registry = try client.registryURL()
            let decision = try await BrokerCommand.decide(registry: registry, request: BrokerRequest(vcpus: vcpus, memoryMB: memoryMB, image: image, vo: vo),
                                                           rank: .freeMemory)
            let offers = value.lowercased() == "auto" ? decision.offers : decision.offers.filter { $0.site.lowercased() == value.lowercased() }
            guard let offer = offers.first else {
                var msg = value.lowercased() == "auto" ? "no site in \(registry.url) can take the request" : "site \(value) cannot take the request"
                for r in decision.rejections where value.lowercased() == "auto" || r.site.lowercased() == value.lowercased() {
                    msg += "\n  \(r.site): \(r.reasons.joined(separator: "; "))"
                }
                FileHandle.standardError.write(Data("error: \(msg)\n".utf8))
                throw ExitCode(1)
            }
            if client.output == .table { print("site \(offer.site) chosen by the broker: \(offer.endpointURL)") }
            return try client.client(endpoint: offer.endpointURL)
        }

        func follow(_ jobs: [JobInfo], site: SiteClient, verbose: Bool) async throws -> [JobInfo] {
            var current = jobs
            let deadline = Date().addingTimeInterval(TimeInterval(timeout))
            while current.contains(where: { $0.state != .running && !$0.state.isFinal }) {
                guard Date() < deadline else {
                    FileHandle.standardError.write(Data("error: gave up waiting after \(timeout) s (--timeout)\n".utf8))
                    throw ExitCode(2)
                }
                try await Task.sleep(for: .milliseconds(250))
                for (i, job) in current.enumerated() where job.state != .running && !job.state.isFinal {
                    let next = try await reportingSiteErrors { try await site.getJob(job.id) }
                    if next.state != job.state, verbose {
                        var line = "job \(job.id): \(next.state.rawValue)"
                        if let vm = next.vmName { line += "  vm=\(vm)" }
                        if let host = next.host { line += "  host=\(host)" }
                        if let err = next.errorMessage { line += "  error=\(next.errorCode ?? ""): \(err)" }
                        print(line)
                    }
                    current[i] = next
                }
            }
            return current
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your VMs.")
        @OptionGroup var client: ClientOptions
        @Flag(help: "Include released VMs.") var all = false
        func run() async throws {
            let site = try client.client()
            let vms = try await reportingSiteErrors { try await site.listVMs(includeReleased: all) }
            if client.output == .json { return try printJSON(vms) }
            printVMs(vms)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one VM: state, host, image, lease.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "VM name.") var name: String
        func run() async throws {
            let site = try client.client()
            let vm = try await reportingSiteErrors { try await site.describeVM(name) }
            if client.output == .json { return try printJSON(vm) }
            for (k, v) in [("name", vm.name), ("state", vm.state), ("owner", vm.owner), ("host", vm.host), ("agent", vm.agent),
                           ("image", vm.image), ("vcpus", "\(vm.vcpus)"), ("memory", "\(vm.memoryMB) MB"), ("disk", "\(vm.diskGB) GB"),
                           ("uuid", vm.uuid ?? "-"), ("job", vm.jobID), ("created", Timestamp.string(from: vm.created)),
                           ("lease ends", Timestamp.string(from: vm.leaseEnd) + (vm.leaseWarning ? "  (soon)" : ""))] {
                print("\(k.padding(toLength: 11, withPad: " ", startingAt: 0)) \(v)")
            }
        }
    }

    struct Manage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "manage", abstract: "Apply an action given as an argument (start, stop, suspend, resume, reboot) to a VM.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "start, stop, suspend, resume or reboot.") var action: String
        @Argument(help: "VM name.") var name: String
        func run() async throws {
            guard let a = VMAction(rawValue: action.lowercased()) else {
                throw ValidationError("action: \"\(action)\" is not one of \(VMAction.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let site = try client.client()
            let vm = try await reportingSiteErrors { try await site.manageVM(name, action: a) }
            if client.output == .json { return try printJSON(vm) }
            print("\(vm.name): \(vm.state)")
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Extend a VM's lease (within the site's maximum).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "VM name.") var name: String
        @Option(help: "How much longer, e.g. 1h.") var by: String
        func run() async throws {
            let seconds: Int
            do { seconds = try Quantities.seconds(by, field: "--by") } catch let e as QuantityError { throw ValidationError(e.description) }
            let site = try client.client()
            let vm = try await reportingSiteErrors { try await site.extendLease(name, seconds: seconds) }
            if client.output == .json { return try printJSON(vm) }
            print("\(vm.name): lease ends \(Timestamp.string(from: vm.leaseEnd))")
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release a VM: stop it and give its resources back.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "VM name.") var name: String
        func run() async throws {
            let site = try client.client()
            let job = try await reportingSiteErrors { try await site.releaseVM(name) }
            if client.output == .json { return try printJSON(job) }
            print("\(name): \(job.state.rawValue) (job \(job.id))")
        }
    }
}

/// `gve vm start|stop|suspend|resume|reboot NAME`.
protocol VMActionCommand: AsyncParsableCommand {
    static var action: VMAction { get }
    var client: ClientOptions { get }
    var name: String { get }
}

extension VMActionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: action.rawValue, abstract: "\(action.rawValue.capitalized) a VM.")
    }
    func run() async throws {
        let site = try client.client()
        let vm = try await reportingSiteErrors { try await site.manageVM(name, action: Self.action) }
        if client.output == .json { return try printJSON(vm) }
        print("\(vm.name): \(vm.state)")
    }
}

struct VMStart: VMActionCommand {
    static let action = VMAction.start
    @OptionGroup var client: ClientOptions
    @Argument(help: "VM name.") var name: String
}
struct VMStop: VMActionCommand {
    static let action = VMAction.stop
    @OptionGroup var client: ClientOptions
    @Argument(help: "VM name.") var name: String
}
struct VMSuspend: VMActionCommand {
    static let action = VMAction.suspend
    @OptionGroup var client: ClientOptions
    @Argument(help: "VM name.") var name: String
}
struct VMResume: VMActionCommand {
    static let action = VMAction.resume
    @OptionGroup var client: ClientOptions
    @Argument(help: "VM name.") var name: String
}
struct VMReboot: VMActionCommand {
    static let action = VMAction.reboot
    @OptionGroup var client: ClientOptions
    @Argument(help: "VM name.") var name: String
}

struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "job", abstract: "Follow requests: a job's state and history.",
                                                    subcommands: [Show.self, List.self])
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a job with its state history and error.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Job id.") var id: String
        func run() async throws {
            let site = try client.client()
            let job = try await reportingSiteErrors { try await site.getJob(id) }
            if client.output == .json { return try printJSON(job) }
            print("job \(job.id)  state \(job.state.rawValue)  owner \(job.owner)  image \(job.image)  \(job.vcpus) vCPU  \(job.memoryMB) MB  \(job.diskGB) GB")
            if let vm = job.vmName { print("vm \(vm) on \(job.host ?? "-")") }
            if let err = job.errorMessage { print("error \(job.errorCode ?? ""): \(err)") }
            printTable(["WHEN", "STATE", "NOTE"], job.history.map { [Timestamp.string(from: $0.at), $0.state.rawValue, $0.note] })
        }
    }
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your jobs.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only jobs in this state.") var state: String?
        func run() async throws {
            let filter = try state.map { s -> JobState in
                guard let st = JobState(rawValue: s) else {
                    throw ValidationError("--state: \"\(s)\" is not one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return st
            }
            let site = try client.client()
            let jobs = try await reportingSiteErrors { try await site.listJobs(state: filter) }
            if client.output == .json { return try printJSON(jobs) }
            printJobs(jobs)
        }
    }
}

struct QuotaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quota", abstract: "Your limits, what you use and what remains.")
    @OptionGroup var client: ClientOptions
    func run() async throws {
        let site = try client.client()
        let q = try await reportingSiteErrors { try await site.getQuota() }
        if client.output == .json {
            struct Out: Encodable { var user: String; var limits: QuotaLimits; var used: ResourceAmount; var remaining: QuotaLimits }
            return try printJSON(Out(user: q.user, limits: q.limits, used: q.used, remaining: q.remaining))
        }
        func show(_ v: Int?) -> String { v.map(String.init) ?? "unlimited" }
        printTable(["RESOURCE", "LIMIT", "USED", "REMAINING"], [
            ["vms", show(q.limits.vms), "\(q.used.vms)", show(q.remaining.vms)],
            ["vcpus", show(q.limits.vcpus), "\(q.used.vcpus)", show(q.remaining.vcpus)],
            ["memory MB", show(q.limits.memoryMB), "\(q.used.memoryMB)", show(q.remaining.memoryMB)],
            ["disk GB", show(q.limits.diskGB), "\(q.used.diskGB)", show(q.remaining.diskGB)],
        ])
    }
}

func printJobs(_ jobs: [JobInfo]) {
    printTable(["JOB", "STATE", "VM", "HOST", "IMAGE", "VCPUS", "MEMORY", "ERROR"], jobs.map {
        [$0.id, $0.state.rawValue, $0.vmName ?? "-", $0.host ?? "-", $0.image, "\($0.vcpus)", "\($0.memoryMB) MB",
         $0.errorMessage.map { "\($0)" } ?? ""]
    })
}

func printVMs(_ vms: [VMInfo]) {
    printTable(["VM", "STATE", "HOST", "IMAGE", "VCPUS", "MEMORY", "LEASE ENDS"], vms.map {
        [$0.name, $0.state, $0.host, $0.image, "\($0.vcpus)", "\($0.memoryMB) MB",
         Timestamp.string(from: $0.leaseEnd) + ($0.leaseWarning ? " (soon)" : "")]
    })
}
