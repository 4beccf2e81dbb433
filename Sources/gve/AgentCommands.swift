// GVE — `gve agent …`: run a host Agent and manage its image catalogue and Site Services.
import Agent
import ArgumentParser
import Foundation
import LDAPCore
import Logging
import ServiceLifecycle

struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "The host Agent: libvirt VMs cloned from a catalogue of template images, served over SOAP.",
        subcommands: [AgentServeCommand.self, AgentImageCommand.self, AgentSiteServiceCommand.self]
    )
}

/// Options every agent subcommand that touches the database shares.
struct AgentDataOptions: ParsableArguments {
    @Option(name: .long, help: "The Agent's data directory (database, images, VM disks).")
    var data: String = "./gve-data/agent"

    var dataDirectory: URL { URL(fileURLWithPath: data, isDirectory: true).standardizedFileURL }

    func openDatabase() throws -> AgentDatabase {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        return try AgentDatabase(path: dataDirectory.appendingPathComponent("agent.sqlite").path)
    }

    func catalog() throws -> ImageCatalog {
        ImageCatalog(database: try openDatabase(), imagesDirectory: dataDirectory.appendingPathComponent("images", isDirectory: true))
    }
}

struct AgentImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "The VM Disk Database: template images.",
        subcommands: [Import.self, List.self, Show.self, Remove.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check, checksum and record a disk image (qcow2, raw with a boot sector, vmdk, vdi, vhdx).")
        @Argument(help: "The image file.") var file: String
        @Option(help: "Catalogue name.") var name: String
        @Option(help: "OS family (linux, windows…).") var osFamily: String = "linux"
        @Option(help: "OS name (ubuntu, debian…).") var osName: String = "unknown"
        @Option(help: "OS version.") var osVersion: String = "unknown"
        @Option(help: "CPU architecture.") var platform: String = "x86_64"
        @Option(help: "Minimum vCPUs.") var minCpus: Int = 1
        @Option(help: "Recommended vCPUs.") var recommendedCpus: Int?
        @Option(help: "Minimum memory in MiB.") var minMemory: Int = 256
        @Option(help: "Recommended memory in MiB.") var recommendedMemory: Int?
        @Option(help: "Default login user.") var defaultUser: String?
        @Option(name: .customLong("package"), help: "A software package the image carries, NAME=VERSION (repeatable).")
        var packages: [String] = []
        @Option(help: "A libvirt domain XML file new VMs start from (default: a virtio disk, one NIC, serial console).")
        var domainXML: String?
        @Flag(help: "Record the file where it is instead of copying it into the data directory.") var inPlace = false
        @OptionGroup var options: AgentDataOptions

        func run() async throws {
            var list: [ImageMetadata.SoftwarePackage] = []
            for package in packages {
                let parts = package.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw ValidationError("--package '\(package)' must be NAME=VERSION")
                }
                list.append(.init(name: parts[0], version: parts[1]))
            }
            let xml = try domainXML.map { try String(contentsOfFile: $0, encoding: .utf8) }
            let metadata = ImageMetadata(
                name: name, osFamily: osFamily, osName: osName, osVersion: osVersion, platform: platform, minCpus: minCpus,
                recommendedCpus: recommendedCpus, minMemoryMB: minMemory, recommendedMemoryMB: recommendedMemory,
                defaultUser: defaultUser, packages: list, domainXML: xml)
            let image = try await options.catalog().importImage(from: file, metadata: metadata, copy: !inPlace)
            print("imported \(image.name): \(image.format), \(image.virtualSizeBytes) bytes virtual, sha256 \(image.sha256)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the images.")
        @OptionGroup var options: AgentDataOptions

        func run() async throws {
            for image in try await options.catalog().list() {
                print("\(image.name)\t\(image.osName) \(image.osVersion)\t\(image.format)\t\(image.virtualSizeBytes)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one image with its packages.")
        @Argument var name: String
        @OptionGroup var options: AgentDataOptions

        func run() async throws {
            let catalog = try options.catalog()
            guard let image = try await catalog.image(named: name) else {
                throw AgentError(.unknownImage, "no image named '\(name)'")
            }
            print("name: \(image.name)")
            print("os: \(image.osFamily) \(image.osName) \(image.osVersion) (\(image.platform))")
            print("format: \(image.format)")
            print("virtual size: \(image.virtualSizeBytes)")
            print("actual size: \(image.actualSizeBytes)")
            print("sha256: \(image.sha256)")
            print("cpus: min \(image.minCpus), recommended \(image.recommendedCpus)")
            print("memory MiB: min \(image.minMemoryMB), recommended \(image.recommendedMemoryMB)")
            print("default user: \(image.defaultUser ?? "-")")
            print("path: \(image.path)")
            for package in try await catalog.packages(of: image) { print("package: \(package.name) \(package.version)") }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an image (refused while VMs cloned from it exist).")
        @Argument var name: String
        @OptionGroup var options: AgentDataOptions

        func run() async throws {
            try await options.catalog().remove(named: name)
            print("removed \(name)")
        }
    }
}

struct AgentSiteServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site-service", abstract: "Site Services this Agent serves.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a Site Service (or change its password and grant).")
        @Argument var name: String
        @Option(help: "A file holding the password (first line).") var passwordFile: String
        @Option(help: "vCPUs granted to its VMs (default: no limit beyond the host).") var grantedCpus: Int?
        @Option(help: "Memory in MiB granted to its VMs.") var grantedMemory: Int?
        @Option(help: "Number of VMs granted.") var grantedInstances: Int?
        @Option(help: "bcrypt cost factor (4-31).") var bcryptCost: UInt8 = 12
        @OptionGroup var options: AgentDataOptions

        func run() async throws {
            let password = try readAgentSecret(passwordFile)
            try await SiteServiceRegistry(database: options.openDatabase()).add(
                name: name, password: password, grantedCpus: grantedCpus, grantedMemoryMB: grantedMemory,
                grantedInstances: grantedInstances, cost: bcryptCost)
            print("site service \(name) registered")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered Site Services.")
        @OptionGroup var options: AgentDataOptions

        func run() async throws {
            for service in try await SiteServiceRegistry(database: options.openDatabase()).list() {
                let grant = [service.grantedCpus.map { "\($0) vCPU" }, service.grantedMemoryMB.map { "\($0) MiB" }, service.grantedInstances.map { "\($0) VMs" }]
                    .compactMap { $0 }
                print("\(service.name)\t\(grant.isEmpty ? "unlimited" : grant.joined(separator: ", "))")
            }
        }
    }
}

/// The first line of a secret file, without its newline.
func readAgentSecret(_ path: String) throws -> String {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
    guard !line.isEmpty else { throw ValidationError("\(path) is empty") }
    return line
}

struct AgentServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /soap and GET /soap?wsdl for Site Services; follow libvirt events; publish to the registry.",
        discussion: """
            Register Site Services first with `gve agent site-service add NAME --password-file F --data DIR`.
            --hypervisor takes any libvirt URI: qemu:///system, xen:///system, lxc:///, or test:///ABS/PATH/node.xml \
            for libvirt's test driver.
            """)

    @Option(help: "Address and port to listen on (HOST:PORT).") var listen: String = "127.0.0.1:8081"
    @Option(help: "libvirt URI.") var hypervisor: String = "qemu:///system"
    @Option(help: "Registry (InfoProvider) LDAP URL to publish GLUE entries to.") var registry: String?
    @Option(help: "DN the Agent binds to the registry as.") var publisherDN: String?
    @Option(help: "File holding the publisher's password.") var publisherPasswordFile: String?
    @Option(help: "DN the Agent's host entry is published under.") var publishBase: String = "GLUE2GroupID=resource,o=glue"
    @Option(help: "Seconds a graceful Stop waits before powering off.") var shutdownTimeout: Int = 30
    @Option(help: "Seconds between reconcile passes.") var reconcileInterval: Int = 60
    @Option(help: "Who writes clone overlays: native or qemu-img.") var overlayWriter: String = "native"
    @Option(help: "Host name to report and publish (default: libvirt's); several Agents on one machine need one each.")
    var hostname: String?
    @OptionGroup var options: AgentDataOptions

    func run() async throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen must be HOST:PORT, got '\(listen)'")
        }
        guard shutdownTimeout > 0, reconcileInterval > 0 else {
            throw ValidationError("--shutdown-timeout and --reconcile-interval must be positive")
        }
        guard let writer = HostAgent.Configuration.OverlayWriter(rawValue: overlayWriter) else {
            throw ValidationError("--overlay-writer must be native or qemu-img, got '\(overlayWriter)'")
        }
        if registry != nil, publisherDN == nil || publisherPasswordFile == nil {
            throw ValidationError("--registry needs --publisher-dn and --publisher-password-file")
        }
        let logger = Logger(label: "gve.agent")
        let connection = try await openHypervisor(hypervisor)
        let metrics = AgentMetrics()  // served at GET /metrics
        let agent = try HostAgent(
            configuration: .init(
                dataDirectory: options.dataDirectory, shutdownTimeout: .seconds(shutdownTimeout),
                reconcileInterval: .seconds(reconcileInterval), hostname: hostname, overlayWriter: writer),
            hypervisor: MeteredHypervisor(connection, metrics: metrics))
        if try await agent.siteServices.list().isEmpty {
            logger.warning("no site service registered: every request will be refused (gve agent site-service add)")
        }
        let host = String(listen[..<colon])
        let app = AgentHTTPServer.makeApplication(
            service: AgentSOAPService(agent: agent, metrics: metrics), configuration: .init(host: host, port: port), logger: logger)
        var services: [any Service] = [agent, app]
        if let registry, let publisherDN, let publisherPasswordFile {
            let base: DistinguishedName
            do { base = try DistinguishedName(publishBase) } catch { throw ValidationError("--publish-base: \(error)") }
            let bindDN: DistinguishedName
            do { bindDN = try DistinguishedName(publisherDN) } catch { throw ValidationError("--publisher-dn: \(error)") }
            let registryPublisher = LDAPRegistryPublisher(url: registry, bindDN: bindDN, password: try readAgentSecret(publisherPasswordFile))
            services.append(AgentPublisher(agent: agent, publisher: registryPublisher, renderer: AgentGLUERenderer(base: base)))
        }
        logger.info("agent on \(listen), hypervisor \(hypervisor), data \(options.dataDirectory.path), registry \(registry ?? "none")")
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await connection.close()
    }
}

/// Opens a libvirt connection; when libvirt cannot connect, prints one line naming the URI and libvirt's own
/// message (plus what to check) and exits with status 1 instead of a bare error dump.
/// - Parameter hint: a sentence appended for the command at hand (for example how to run without libvirtd).
func openHypervisor(_ uri: String, hint: String? = nil) async throws -> LibvirtHypervisor {
    do {
        return try await LibvirtHypervisor.open(uri: uri)
    } catch let error as HypervisorError where error.code == .connectionFailed {
        var line = "error: cannot connect to the hypervisor at \(uri): \(error.message)"
        if !uri.hasPrefix("test:") { line += "\nIs libvirtd (or virtqemud) running and reachable, and may this user open \(uri)?" }
        if let hint { line += " \(hint)" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        throw ExitCode(1)
    }
}
