// GVE — registry views (ginfo-style) and the resource broker, over any GLUE 2 LDAP registry
// (ours, BDII, slapd).
import ArgumentParser
import Broker
import Foundation
import GLUEModel
import InfoProvider
import LDAPCore
import SiteService

struct RegistryOptions: ParsableArguments {
    @Option(help: "Registry LDAP URL (env GVE_REGISTRY, or registry in the client config file; default ldap://127.0.0.1:2170).")
    var registry: String?
    @Option(help: "Search base.") var base: String = "o=glue"
    @Option(help: "Output format: table or json.") var output: ClientOptions.OutputFormat = .table

    var url: String {
        registry ?? ProcessInfo.processInfo.environment["GVE_REGISTRY"]
            ?? (try? ClientOptions.parse([]).fileSettings()["registry"]) ?? "ldap://127.0.0.1:2170"
    }

    /// One subtree search, all attributes.
    func search(_ filter: String) async throws -> [LDAPEntry] {
        let f: LDAPFilter
        do { f = try LDAPFilter(filter) } catch { throw ValidationError("filter: \(error)") }
        let baseDN: DistinguishedName
        do { baseDN = try DistinguishedName(base) } catch { throw ValidationError("--base: \(error)") }
        let client: LDAPClient
        let result: Result<LDAPSearchResult, LDAPClientError>
        do { client = try await LDAPClient.connect(url: url) } catch {
            FileHandle.standardError.write(Data("error: registry \(url): \(error)\n".utf8))
            throw ExitCode(1)
        }
        do { result = .success(try await client.search(base: baseDN, scope: .wholeSubtree, filter: f, pageSize: 1000)) } catch {
            result = .failure(error)
        }
        await client.close()
        switch result {
        case .success(let r): return r.entries
        case .failure(let e):
            FileHandle.standardError.write(Data("error: registry \(url): \(e)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct SitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sites", abstract: "List the sites (GLUE2AdminDomain) a registry publishes.")
    @OptionGroup var registry: RegistryOptions
    @Option(help: "Only sites this virtual organisation may use (policy → share → host, access policy → endpoint), counting only its services and hosts.")
    var vo: String?
    func run() async throws {
        let entries = try await registry.search(
            vo == nil ? "(|(objectClass=GLUE2AdminDomain)(objectClass=GLUE2Service)(objectClass=GLUE2ExecutionEnvironment))" : VOAccess.registryFilter)
        var rows: [String: (services: Int, cloud: Int, hosts: Int, name: String)] = [:]
        let siteOf = Broker.siteResolver(for: entries)
        let access = vo.map { VOAccess(vo: $0, entries: entries) }
        let usable = access?.sites(in: entries, siteOf: siteOf)
        for e in entries {
            guard let site = siteOf(e), usable?.contains(site.lowercased()) ?? true else { continue }
            if let access, e.first("GLUE2ServiceID") != nil, !access.allowsService(e) { continue }
            if let access, e.first("GLUE2ResourceID") != nil, !access.allowsHost(e) { continue }
            var r = rows[site] ?? (0, 0, 0, "")
            let oc = Set(e.objectClasses.map { $0.lowercased() })
            if oc.contains("glue2admindomain") { r.name = e.first("GLUE2EntityName") ?? "" }
            if oc.contains("glue2service") { r.services += 1 }
            if oc.contains("glue2cloudcomputingservice") { r.cloud += 1 }
            if oc.contains("glue2executionenvironment") { r.hosts += 1 }
            rows[site] = r
        }
        let sorted = rows.sorted { $0.key < $1.key }
        if registry.output == .json {
            struct Site: Encodable { var site: String; var name: String; var services: Int; var cloudServices: Int; var hosts: Int }
            return try printJSON(sorted.map { Site(site: $0.key, name: $0.value.name, services: $0.value.services, cloudServices: $0.value.cloud, hosts: $0.value.hosts) })
        }
        printTable(["SITE", "NAME", "SERVICES", "CLOUD", "HOSTS"], sorted.map { [$0.key, $0.value.name, "\($0.value.services)", "\($0.value.cloud)", "\($0.value.hosts)"] })
    }
}

struct HostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hosts", abstract: "List hosts (GLUE2ExecutionEnvironment) with capacity and use.")
    @OptionGroup var registry: RegistryOptions
    @Option(help: "Only this site (GLUE2DomainID).") var site: String?
    @Option(help: "Only hosts this virtual organisation may use (mapping policy rule VO:NAME or VOMS:/NAME/... → share → host).")
    var vo: String?
    func run() async throws {
        let entries = try await registry.search(vo == nil ? "(|(objectClass=GLUE2ExecutionEnvironment)(objectClass=GLUE2Service))" : VOAccess.registryFilter)
        let siteOf = Broker.siteResolver(for: entries)
        let access = vo.map { VOAccess(vo: $0, entries: entries) }
        var rows: [[String]] = []
        struct Host: Encodable { var site: String; var id: String; var cpus: Int?; var memoryMB: Int; var freeCPUs: Int; var freeMemoryMB: Int; var instances: Int? }
        var hosts: [Host] = []
        for e in entries where ExecutionEnvironment.isRepresented(by: e) && access?.allowsHost(e) ?? true {
            let s = siteOf(e) ?? "-"
            if let site, s.lowercased() != site.lowercased() { continue }
            guard let ee = try? ExecutionEnvironment(ldapEntry: e) else { continue }
            let free = Broker.freeCapacity(of: ee)
            hosts.append(Host(site: s, id: ee.id, cpus: ee.logicalCPUs, memoryMB: ee.mainMemorySize, freeCPUs: free.cpus, freeMemoryMB: free.memoryMB, instances: ee.usedInstances))
            rows.append([s, ee.id, ee.logicalCPUs.map(String.init) ?? "-", "\(ee.mainMemorySize)", "\(free.cpus)", "\(free.memoryMB)", ee.usedInstances.map(String.init) ?? "-"])
        }
        if registry.output == .json { return try printJSON(hosts) }
        printTable(["SITE", "HOST", "CPUS", "MEMORY MB", "FREE CPUS", "FREE MB", "INSTANCES"], rows.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) })
    }
}

struct ImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "List images: those your Site Service offers, or with --site NAME those a registry publishes for that site.")
    @OptionGroup var client: ClientOptions
    func run() async throws {
        if let site = try client.siteValue(), !ClientOptions.isURL(site) {
            var r = try RegistryOptions.parse([])
            r.registry = try client.registryURL()
            r.output = client.output
            let entries = try await r.search("(|(objectClass=GLUE2CloudComputingImage)(objectClass=GLUE2Service))")
            let siteOf = Broker.siteResolver(for: entries)
            let images = entries.filter { CloudComputingImage.isRepresented(by: $0) && (siteOf($0) ?? "").lowercased() == site.lowercased() }
                .compactMap { try? CloudComputingImage(ldapEntry: $0) }
            if client.output == .json {
                struct Image: Encodable { var id: String; var name: String?; var os: String; var diskGB: Int; var minCPU: Int?; var minRAM: Int? }
                return try printJSON(images.map { Image(id: $0.id, name: $0.name, os: "\($0.osName?.rawValue ?? "") \($0.osVersion ?? "")", diskGB: $0.diskSize, minCPU: $0.minCPU, minRAM: $0.minRAM) })
            }
            printTable(["IMAGE", "NAME", "OS", "DISK GB", "MIN CPU", "MIN MB"], images.map {
                [$0.id, $0.name ?? "-", "\($0.osName?.rawValue ?? "") \($0.osVersion ?? "")", "\($0.diskSize)", $0.minCPU.map(String.init) ?? "-", $0.minRAM.map(String.init) ?? "-"]
            })
            return
        }
        let siteClient = try client.client()
        let images = try await reportingSiteErrors { try await siteClient.listImages() }
        if client.output == .json { return try printJSON(images) }
        printTable(["IMAGE", "HOST", "OS", "FORMAT", "SIZE GB", "MIN CPU", "MIN MB"], images.map {
            [$0.name, $0.hostname, "\($0.osName) \($0.osVersion)", $0.format, String(format: "%.1f", Double($0.virtualSizeBytes) / 1_073_741_824),
             "\($0.minCpus)", "\($0.minMemoryMB)"]
        })
    }
}

struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "broker", abstract: "Pick a site for a VM request from a top-level registry.",
                                                    subcommands: [Select.self])
    struct Select: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose the site that can take a request; explain every rejected site.",
            discussion: "Example: gve broker select --vcpus 4 --memory 8G --image ubuntu-22.04 --registry ldap://top.example.org:2170")
        @OptionGroup var registry: RegistryOptions
        @Option(help: "Virtual CPUs.") var vcpus: Int = 1
        @Option(help: "Memory, e.g. 8G.") var memory: String = "1G"
        @Option(help: "Image name (name, template id or os-version).") var image: String
        @Option(help: "Ranking: \(BrokerRanking.allCases.map(\.rawValue).joined(separator: ", ")).") var rank: String = "free-memory"
        @Option(help: "Virtual organisation: only shares a GLUE2MappingPolicy maps to it (rule vo:NAME) count.") var vo: String?

        func run() async throws {
            let decision = try await select(registry: registry, vcpus: vcpus, memory: memory, image: image, rank: rank, vo: vo)
            if registry.output == .json {
                struct Out: Encodable { var choice: String?; var endpoint: String?; var offers: [String]; var rejected: [String: [String]] }
                return try printJSON(Out(choice: decision.choice?.site, endpoint: decision.choice?.endpointURL, offers: decision.offers.map(\.site),
                                         rejected: Dictionary(uniqueKeysWithValues: decision.rejections.map { ($0.site, $0.reasons) })))
            }
            if let c = decision.choice {
                print("chosen: \(c.site)  endpoint \(c.endpointURL)  (\(c.fittingHosts) fitting hosts, best \(c.bestFreeCPUs) vCPUs / \(c.bestFreeMemoryMB) MB free)")
            } else {
                print("no site can take the request")
            }
            for o in decision.offers.dropFirst() { print("also possible: \(o.site)  (\(o.bestFreeCPUs) vCPUs / \(o.bestFreeMemoryMB) MB free)") }
            for r in decision.rejections { print("rejected: \(r.site): \(r.reasons.joined(separator: "; "))") }
            if decision.choice == nil { throw ExitCode(1) }
        }
    }

    static func select(registry: RegistryOptions, vcpus: Int, memory: String, image: String, rank: String, vo: String? = nil) async throws -> BrokerDecision {
        guard let ranking = BrokerRanking(rawValue: rank) else {
            throw ValidationError("--rank: \"\(rank)\" is not one of \(BrokerRanking.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let memoryMB = try validated { () throws(QuantityError) in try Quantities.mebibytes(memory, field: "--memory") }
        return try await decide(registry: registry, request: BrokerRequest(vcpus: vcpus, memoryMB: memoryMB, image: image, vo: vo), rank: ranking)
    }

    static func decide(registry: RegistryOptions, request: BrokerRequest, rank: BrokerRanking) async throws -> BrokerDecision {
        let entries = try await registry.search(Broker.registryFilter)
        return Broker().select(request, from: entries, rank: rank)
    }
}
