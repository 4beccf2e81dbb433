// GVE — `gve up`: the all-in-one site on loopback, in one process.
//
// An InfoProvider (LDAP registry), N Agents on libvirt's test driver (each with its own node file, so its own
// host), and a Site Service, with an admin and a demo account, two template images, and the site's cloud
// service published in the registry. A second `gve up` on the same data directory resumes the same state.
import Agent
import ArgumentParser
import Directory
import Foundation
import GLUEModel
import InfoProvider
import LDAPCore
import Logging
import ServiceLifecycle
import SiteService

struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the all-in-one site: registry, Site Service and Agents on loopback.",
        discussion: """
        Everything runs in this process until Ctrl-C; state lives in --data and survives restarts.
        Passwords are generated once and written to DATA/admin.password and DATA/demo.password (mode 600);
        DATA/client.toml configures the user commands for the demo user (export GVE_CONFIG=DATA/client.toml).
        The registry's root DN o=glue (password DATA/registry.password) may write anywhere; each Agent publishes as
        cn=agent-N,ou=publishers,o=gve (password DATA/agent-N.publisher.password), allowed to write only its own host's
        subtree, and the site's own service entries are published as cn=site-service,ou=publishers,o=gve
        (DATA/site-service.publisher.password). The registry keeps only salted hashes of these passwords.
        """)

    @Option(help: "Data directory.") var data: String = "./gve-data"
    @Option(help: "Registry (LDAP) port.") var registryPort: Int = 2170
    @Option(help: "Registry HTTP port: GET /glue (GLUE 2 JSON/XML) and /metrics.") var registryHttpPort: Int = 8170
    @Option(help: "Site Service (SOAP) port.") var sitePort: Int = 8080
    @Option(help: "First Agent port; Agent i listens on this port + i.") var agentPort: Int = 8081
    @Option(help: "Number of Agents (hosts) on libvirt's test driver.") var agents: Int = 3
    @Option(help: "libvirt URI for real hosts (e.g. qemu:///system) instead of the test driver; implies one Agent.")
    var hypervisor: String?
    @Option(help: "Site name (GLUE2DomainID).") var site: String = "GVE-LOCAL"

    /// CPUs and memory (MiB) of the test driver's hosts, one per Agent, in turn.
    static let hostShapes: [(cpus: Int, memoryMiB: Int)] = [(16, 65536), (32, 131072), (8, 32768), (64, 262144)]

    func run() async throws {
        guard (1...16).contains(agents) else { throw ValidationError("--agents must be 1 to 16 (got \(agents))") }
        // A real hypervisor is opened first, so that an unreachable libvirt stops gve up before anything starts.
        var realHost: LibvirtHypervisor?
        if let hypervisor {
            realHost = try await openHypervisor(hypervisor, hint: "Without --hypervisor, gve up runs its hosts on libvirt's test driver.")
        }
        let root = URL(fileURLWithPath: data, isDirectory: true).standardizedFileURL
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        var logger = Logger(label: "gve.up")
        logger.logLevel = .notice

        // Secrets, generated once.
        let adminPassword = try Self.secret(root.appendingPathComponent("admin.password"))
        let demoPassword = try Self.secret(root.appendingPathComponent("demo.password"))
        let registryPassword = try Self.secret(root.appendingPathComponent("registry.password"))
        let agentPassword = try Self.secret(root.appendingPathComponent("agent.password"))

        // Registry.
        let rootDN = try DistinguishedName("o=glue")
        let directory = try DirectoryLoader.load(schemaFiles: GVESchemaFiles.defaults(), dataDirectory: root.appendingPathComponent("registry").path)
        let serviceID = "urn:gve:\(site.lowercased()):cloud"
        let siteURL = "http://127.0.0.1:\(sitePort)/soap"
        let cloudBase = GLUERegistryLayout.resourceBase.child(type: "GLUE2ServiceID", value: serviceID)
        let registryURL = "ldap://127.0.0.1:\(registryPort)"
        // The shared containers come from the registry's owner; the site's own entries from its publisher.
        try Self.createContainers(in: directory)
        let siteEntries = Self.siteEntries(site: site, serviceID: serviceID, url: siteURL)
        let sitePublisher = try Self.publisher(named: "site-service", in: root,
                                               subtrees: [GLUERegistryLayout.resource.domainDN(siteID: site), cloudBase])
        var publishers = [sitePublisher.declaration]
        let registryMetrics = RegistryMetrics()
        let registryHTTP = RegistryHTTPServer.makeApplication(backend: directory, configuration: .init(host: "127.0.0.1", port: registryHttpPort),
                                                              metrics: registryMetrics, entryCount: { directory.count }, logger: logger)
        // Written at once under the site publisher's rules, so the Agents' hosts find their parent; the site
        // publisher then refreshes them over LDAP (SiteEntriesPublisher).
        try Self.publishInProcess(siteEntries, into: directory, as: sitePublisher.declaration)

        // Site Service.
        let siteDB = try SiteDatabase(path: root.appendingPathComponent("site.db").path)
        let users = try await siteDB.listUsers().map(\.name)
        if !users.contains("admin") { _ = try await siteDB.createUser(name: "admin", password: adminPassword, role: .admin) }
        if !users.contains("demo") { _ = try await siteDB.createUser(name: "demo", password: demoPassword, role: .user) }

        // Agents.
        var services: [any Service] = []
        let registered = Set(try await siteDB.listAgents().map(\.name))
        let count = hypervisor == nil ? agents : 1
        var connections: [LibvirtHypervisor] = []
        let templates = try Self.templates(in: root.appendingPathComponent("templates"))
        for i in 0..<count {
            let name = "agent-\(i + 1)"
            let dir = root.appendingPathComponent(name, isDirectory: true)
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            let uri: String
            if let hypervisor { uri = hypervisor } else {
                let shape = Self.hostShapes[i % Self.hostShapes.count]
                let node = dir.appendingPathComponent("node.xml")
                try Self.nodeXML(cpus: shape.cpus, memoryMiB: shape.memoryMiB).write(to: node, atomically: true, encoding: .utf8)
                uri = "test://\(node.path)"
            }
            let connection: LibvirtHypervisor
            if let realHost { connection = realHost } else { connection = try await openHypervisor(uri) }
            connections.append(connection)
            let agentMetrics = AgentMetrics()
            let agent = try HostAgent(configuration: .init(dataDirectory: dir, hostname: hypervisor == nil ? "host-\(i + 1).\(site.lowercased()).local" : nil),
                                      hypervisor: MeteredHypervisor(connection, metrics: agentMetrics))
            try await agent.siteServices.add(name: "site", password: agentPassword, cost: 4)
            for t in templates where try await agent.images.image(named: t.name) == nil {
                _ = try await agent.images.importImage(from: t.file.path, metadata: t.metadata)
            }
            let port = agentPort + i
            let app = AgentHTTPServer.makeApplication(service: AgentSOAPService(agent: agent, metrics: agentMetrics), configuration: .init(host: "127.0.0.1", port: port),
                                                      logger: logger)
            // The Agent's own publisher, allowed to write only its host's subtree.
            let renderer = AgentGLUERenderer(base: cloudBase, shareID: "\(serviceID):share")
            let agentPublisher = try Self.publisher(named: name, in: root, subtrees: [renderer.hostDN(hostname: try await agent.hostInfo().hostname)])
            publishers.append(agentPublisher.declaration)
            let publisher = AgentPublisher(agent: agent,
                                           publisher: LDAPRegistryPublisher(url: registryURL, bindDN: agentPublisher.declaration.dn,
                                                                            password: agentPublisher.password),
                                           renderer: renderer, logger: logger)
            // Its host entry hangs below the site's service entry, which the site's publisher writes first.
            services += [agent, app, AfterEntryExists(directory: directory, dn: cloudBase, service: publisher)] as [any Service]
            if !registered.contains(name) {
                _ = try await siteDB.registerAgent(name: name, url: "http://127.0.0.1:\(port)", username: "site", password: agentPassword,
                                                   vmmType: hypervisor == nil ? "test" : "qemu")
            }
        }
        let (siteApp, _) = SiteServer.application(database: siteDB, configuration: SiteServiceConfiguration(host: "127.0.0.1", port: sitePort),
                                                  logger: logger)
        services.append(siteApp)
        var registryConfiguration = LDAPServerConfiguration(host: "127.0.0.1", port: registryPort, rootDN: rootDN,
                                                            rootPassword: PasswordHash(hashing: Array(registryPassword.utf8)).description)
        registryConfiguration.publishers = publishers
        let ldap = LDAPServer(configuration: registryConfiguration, backend: MeteredDirectoryBackend(directory, metrics: registryMetrics), logger: logger)
        let siteService = SiteEntriesPublisher(server: ldap, url: registryURL, bindDN: sitePublisher.declaration.dn,
                                               password: sitePublisher.password, entries: siteEntries, logger: logger)
        services = [ldap, registryHTTP, siteService] + services

        // The user's client configuration for the demo account.
        let clientConfig = root.appendingPathComponent("client.toml")
        try """
        # Written by gve up: the demo user's client settings. export GVE_CONFIG=\(clientConfig.path)
        site = "http://127.0.0.1:\(sitePort)"
        user = "demo"
        password-file = "\(root.appendingPathComponent("demo.password").path)"
        registry = "ldap://127.0.0.1:\(registryPort)"

        """.write(to: clientConfig, atomically: true, encoding: .utf8)

        let loginToken = try await siteDB.createAdminLoginToken(userName: "admin", lifetime: 3600)
        let banner = """
        GVE all-in-one site \(site) is up.
          registry (LDAP)    ldap://127.0.0.1:\(registryPort)  base o=glue (anonymous read)
          registry (HTTP)    http://127.0.0.1:\(registryHttpPort)/glue  (GLUE 2 JSON; Accept: application/xml for XML)
          site service (SOAP) \(siteURL)  WSDL \(siteURL)?wsdl
          agents             \((0..<count).map { "http://127.0.0.1:\(agentPort + $0)/soap" }.joined(separator: ", "))
          admin web          http://127.0.0.1:\(sitePort)/admin  (one-time log-in link for the next hour:
                             http://127.0.0.1:\(sitePort)/admin/login/token/\(loginToken) )
          metrics            http://127.0.0.1:\(sitePort)/metrics, http://127.0.0.1:\(registryHttpPort)/metrics, each agent's /metrics
          JSON API           http://127.0.0.1:\(sitePort)/api/v1  (OpenAPI: http://127.0.0.1:\(sitePort)/openapi.json)
          passwords          \(root.path)/admin.password (admin), \(root.path)/demo.password (demo)
        Try, in another shell:
          export GVE_CONFIG=\(clientConfig.path)
          gve vm request --image ubuntu-22.04 --vcpus 2 --memory 2G --disk 10G --lifetime 2h --wait
          gve vm list
          gve hosts --registry ldap://127.0.0.1:\(registryPort)
        Ctrl-C stops everything; `gve up` again resumes.

        """
        // The banner is printed once the registry and the Site Service accept connections, so every address it
        // shows answers (scripts wait for it).
        services.append(BannerService(registry: ldap, httpPorts: [sitePort, registryHttpPort], banner: banner))
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        for c in connections { await c.close() }
    }

    /// Reads a secret file, or creates it (mode 600) with 24 random URL-safe characters.
    static func secret(_ url: URL) throws -> String {
        if let text = try? String(contentsOf: url, encoding: .utf8), !text.isEmpty {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var rng = SystemRandomNumberGenerator()
        let value = String((0..<24).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        FileManager.default.createFile(atPath: url.path, contents: Data((value + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return value
    }

    /// A libvirt test-driver node file: one host with these CPUs and memory, no domains.
    static func nodeXML(cpus: Int, memoryMiB: Int) -> String {
        """
        <node>
          <cpu><mhz>2400</mhz><model>x86_64</model><active>\(cpus)</active><nodes>1</nodes><sockets>1</sockets><cores>\(cpus)</cores><threads>1</threads></cpu>
          <memory>\(memoryMiB * 1024)</memory>
        </node>

        """
    }

    struct Template { var name: String; var file: URL; var metadata: ImageMetadata }

    /// Two small qcow2 templates, created once with qemu-img.
    static func templates(in dir: URL) throws -> [Template] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let specs: [(String, String, String, Int)] = [("ubuntu-22.04", "ubuntu", "22.04", 2), ("debian-12", "debian", "12", 1)]
        return try specs.map { name, os, version, sizeG in
            let file = dir.appendingPathComponent("\(name).qcow2")
            if !FileManager.default.fileExists(atPath: file.path) {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/qemu-img")
                p.arguments = ["create", "-q", "-f", "qcow2", file.path, "\(sizeG)G"]
                try p.run()
                p.waitUntilExit()
                guard p.terminationStatus == 0 else { throw ValidationError("qemu-img create \(file.path) failed (is qemu-utils installed?)") }
            }
            return Template(name: name, file: file, metadata: ImageMetadata(name: name, osFamily: "linux", osName: os, osVersion: version,
                                                                            minCpus: 1, minMemoryMB: 512, defaultUser: os))
        }
    }

    /// A publisher account `cn=NAME,ou=publishers,o=gve` whose password is generated once into DATA/NAME.publisher.password
    /// (mode 600); the registry gets only its hash.
    static func publisher(named name: String, in root: URL, subtrees: [DistinguishedName]) throws
        -> (declaration: Publisher, password: String) {
        let password = try secret(root.appendingPathComponent("\(name).publisher.password"))
        let dn = try DistinguishedName("cn=\(name),ou=publishers,o=gve")
        return (Publisher(dn: dn, password: PasswordHash(hashing: Array(password.utf8)), subtrees: subtrees), password)
    }

    /// Adds (or updates) entries directly in the directory with the checks an LDAP write by `publisher` gets:
    /// its subtrees, the schema and GLUE 2.
    static func publishInProcess(_ entries: [LDAPEntry], into directory: Directory, as publisher: Publisher) throws {
        let rules = AccessControl(rootDN: nil, rootCredential: nil, publishers: [publisher])
        let glue = GLUEWriteCheck()
        for e in entries {
            if let refusal = rules.refusal(identity: publisher.dn, targets: [e.dn]) {
                throw ValidationError("\(e.dn): \(refusal.diagnosticMessage)")
            }
            let added = Result { () throws(DirectoryError) in try directory.apply([.add(e)], entryCheck: { glue.refusal($0) }) }
            guard case .failure(let error) = added else { continue }
            guard error.code == .entryAlreadyExists else { throw error }
            try directory.apply([.modify(e.dn, e.attributes.filter { $0.typeKey != "objectclass" }.map { LDAPModification(.replace, $0) })],
                                entryCheck: { glue.refusal($0) })
        }
    }

    /// The registry's shared containers (`GLUE2GroupID=resource,o=glue`), created by its owner.
    static func createContainers(in directory: Directory) throws {
        for e in GLUERegistryLayout.resource.registryContainerEntries {
            let added = Result { () throws(DirectoryError) in try directory.add(e) }
            if case .failure(let error) = added, error.code != .entryAlreadyExists { throw error }
        }
    }

    /// The site's domain and its cloud service, endpoint, share and manager, so brokers find the Site Service.
    static func siteEntries(site: String, serviceID: String, url: String) -> [LDAPEntry] {
        var domain = AdminDomain(); domain.id = site; domain.name = "GVE all-in-one site"
        var service = CloudComputingService(); service.id = serviceID; service.adminDomainID = site; service.name = "\(site) cloud"
        var endpoint = CloudComputingEndpoint(); endpoint.id = "\(serviceID):soap"; endpoint.serviceID = serviceID; endpoint.url = url
        endpoint.healthState = .ok; endpoint.servingState = .production; endpoint.interfaceVersion = "1"
        var share = CloudComputingShare(); share.id = "\(serviceID):share"; share.serviceID = serviceID
        var manager = CloudComputingManager(); manager.id = "\(serviceID):manager"; manager.serviceID = serviceID
        manager.productName = "GVE"; manager.productVersion = "0.1"; manager.hypervisorName = "libvirt"
        let tree = CloudComputingServiceTree(service: service, endpoints: [endpoint], shares: [share], managers: [manager])
        return [LDAPEntry(dn: GLUERegistryLayout.resource.domainDN(siteID: site), attributes: domain.ldapAttributes())]
            + tree.ldapEntries(under: GLUERegistryLayout.resourceBase)
    }
}

/// Publishes the site's own entries over LDAP as the site's publisher once the registry listens (adding them, or
/// replacing their attributes after a restart), then waits for shutdown. Retries every second until it succeeds.
struct SiteEntriesPublisher: Service {
    let server: LDAPServer
    let url: String
    let bindDN: DistinguishedName
    let password: String
    let entries: [LDAPEntry]
    let logger: Logger

    func run() async throws {
        _ = try await server.listeningPorts()
        while !Task.isCancelled {
            do {
                try await publish()
                break
            } catch {
                logger.warning("site entries not published yet: \(error)")
                try await Task.sleep(for: .seconds(1))
            }
        }
        try? await gracefulShutdown()
    }

    func publish() async throws {
        let client = try await LDAPClient.connect(url: url)
        do {
            try await client.simpleBind(dn: bindDN, password: password)
            for e in entries {
                do {
                    try await client.add(e)
                } catch where error.resultCode == .entryAlreadyExists {
                    try await client.modify(e.dn, e.attributes.filter { $0.typeKey != "objectclass" }.map { LDAPModification(.replace, $0) })
                }
            }
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }
}

/// Runs `service` once `dn` exists in the directory (polled every 50 ms); returns at once on graceful shutdown
/// before that.
struct AfterEntryExists: Service {
    let directory: Directory
    let dn: DistinguishedName
    let service: any Service

    func run() async throws {
        while (try? directory.search(SearchQuery(base: dn, scope: .baseObject, attributes: ["1.1"]))) == nil {
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await service.run()
    }
}

/// Prints `gve up`'s banner once the LDAP registry listens and the HTTP ports accept connections, then waits
/// for shutdown (a service that returned would end the group).
struct BannerService: Service {
    let registry: LDAPServer
    let httpPorts: [Int]
    let banner: String

    func run() async throws {
        _ = try await registry.listeningPorts()
        for port in httpPorts {
            while !Self.accepts(port: port) {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        FileHandle.standardOutput.write(Data(banner.utf8))
        try? await gracefulShutdown()
    }

    /// Whether something accepts TCP connections on 127.0.0.1:port.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
