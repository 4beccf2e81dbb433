// GVE — `gve site serve` and `gve admin ...` (users, quotas, agents) for the Site Service.
import ArgumentParser
import Foundation
import Logging
import SiteService

/// `gve site ...`
struct SiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site", abstract: "Run the Site Service (SOAP VM service).", subcommands: [SiteServe.self])
}

/// `gve site serve --listen 127.0.0.1:8080 --db FILE --registry ldap://127.0.0.1:2170`
struct SiteServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /soap and GET /soap?wsdl; run the job runner and lease expiry.",
        discussion: """
        Hosts and images come from the registered Agents (GetHostInfo/ListImages, --inventory agents, the default) or \
        from the registry's GLUE2ExecutionEnvironment and GLUE2CloudComputingImage entries (--inventory registry, \
        needs --registry); Agents are health-checked either way.
        Bootstrap the first admin with `gve admin user add NAME --role admin --db FILE` (works while serving: SQLite WAL).
        """)

    @Option(help: "Address and port to listen on (HOST:PORT).") var listen: String = "127.0.0.1:8080"
    @Option(help: "SQLite database file (created and migrated if missing).") var db: String
    @Option(help: "Registry (InfoProvider) LDAP URL.") var registry: String?
    @Option(help: "Host and image source: agents or registry.") var inventory: String = "agents"
    @Option(help: "Seconds between Agent inventory refreshes.") var inventoryInterval: Int = 10
    @Option(help: "Placement weighing: pack or spread.") var placement: String?
    @Option(help: "Default lease lifetime, seconds.") var defaultLifetime: Int?
    @Option(help: "Maximum lease lifetime, seconds.") var maximumLifetime: Int?
    @Option(help: "PEM certificate (chain) to serve HTTPS with.") var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert.") var tlsKey: String?
    @Option(help: "PEM CA bundle client certificates are verified against; a verified subject mapped to a user (gve admin user set NAME --cert-subject DN) authenticates without a password.")
    var clientCA: String?

    func run() async throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen must be HOST:PORT, got '\(listen)'")
        }
        let host = String(listen[..<colon])
        let database = try SiteDatabase(path: db)
        var settings = try await database.settings()
        if let placement {
            guard let p = PlacementStrategy(rawValue: placement) else { throw ValidationError("--placement must be pack or spread") }
            settings.placement = p
        }
        if let defaultLifetime { settings.defaultLifetime = defaultLifetime }
        if let maximumLifetime { settings.maximumLifetime = maximumLifetime }
        guard settings.defaultLifetime > 0, settings.defaultLifetime <= settings.maximumLifetime else {
            throw ValidationError("default lifetime must be positive and not above the maximum")
        }
        try await database.saveSettings(settings)
        var tls: SiteTLSConfiguration?
        switch (tlsCert, tlsKey) {
        case let (cert?, key?):
            tls = SiteTLSConfiguration(certificatePath: cert, privateKeyPath: key, clientCAPath: clientCA)
            do { _ = try tls?.serverConfiguration() } catch let e as SiteError { throw ValidationError(e.message) }
        case (nil, nil):
            if clientCA != nil { throw ValidationError("--client-ca needs --tls-cert and --tls-key") }
        default:
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        let configuration = SiteServiceConfiguration(host: host, port: port, runner: .init(inventoryInterval: .seconds(inventoryInterval)), tls: tls)
        let logger = Logger(label: "gve.site")
        logger.info("site service on \(listen), database \(db), registry \(registry ?? "none")")
        var source: (any HostInventory)?
        switch inventory {
        case "agents": source = nil
        case "registry":
            guard let registry else { throw ValidationError("--inventory registry needs --registry ldap://HOST:PORT") }
            source = RegistryInventory(url: registry, database: database)
        default: throw ValidationError("--inventory must be agents or registry")
        }
        let (app, _) = SiteServer.application(database: database, configuration: configuration, inventory: source, logger: logger)
        try await app.runService()
    }
}

/// `gve admin ...`: administration directly on the Site Service database (--db), safe while the service runs.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Administer a Site Service database: users, quotas, agents.",
        discussion: "These commands open the SQLite database directly (--db). Remote administration uses the SOAP admin operations (SiteClient).",
        subcommands: [AdminUser.self, AdminAgent.self, AdminLoginLink.self])
}

struct DatabaseOption: ParsableArguments {
    @Option(help: "Site Service SQLite database file.") var db: String
    func open() throws -> SiteDatabase { try SiteDatabase(path: db) }
}

func readSecret(inline: String?, file: String?, what: String) throws -> String {
    if let file {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        return text.trimmingCharacters(in: .newlines)
    }
    if let inline { return inline }
    throw ValidationError("give --\(what)-file FILE (or --\(what))")
}

func parseLimit(_ text: String?, _ name: String) throws -> Int?? {
    guard let text else { return .none }
    if text == "unlimited" { return .some(nil) }
    guard let v = Int(text), v >= 0 else { throw ValidationError("--\(name) must be a non-negative integer or 'unlimited'") }
    return .some(v)
}

struct AdminUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Users and quotas.",
                                                    subcommands: [Add.self, Change.self, Quota.self, Disable.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (password hashed with bcrypt).")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "User name.") var name: String
        @Option(help: "user or admin.") var role: String = "user"
        @Option(help: "File holding the password.") var passwordFile: String?
        @Option(help: "The password (prefer --password-file).") var password: String?
        @Flag(help: "Allow WS-Security PasswordDigest (keeps the secret needed to check it).") var allowDigest = false
        @Option(name: [.customLong("cert-subject"), .customLong("subject-dn")],
                help: "Certificate subject DN mapped to this user: /DC=org/DC=example/CN=Alice or CN=Alice,DC=example,DC=org.")
        var subjectDN: String?

        func run() async throws {
            guard let r = UserRole(rawValue: role) else { throw ValidationError("--role must be user or admin") }
            let user = try await database.open().createUser(name: name, password: try readSecret(inline: password, file: passwordFile, what: "password"),
                                                           role: r, allowDigest: allowDigest, subjectDN: subjectDN)
            print("user \(user.name) (\(user.role.rawValue)) created")
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a user's certificate subject mapping.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "User name.") var name: String
        @Option(help: "Certificate subject DN: /DC=org/DC=example/CN=Alice or CN=Alice,DC=example,DC=org.") var certSubject: String?
        @Flag(help: "Remove the certificate subject mapping.") var clearCertSubject = false

        func run() async throws {
            guard (certSubject != nil) != clearCertSubject else { throw ValidationError("give --cert-subject DN or --clear-cert-subject") }
            do {
                let user = try await database.open().setSubjectDN(name: name, subjectDN: certSubject)
                print("user \(user.name): certificate subject \(user.subjectDN ?? "none")")
            } catch let e as SiteError {
                throw ValidationError(e.message)
            }
        }
    }

    struct Quota: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show or set a user's quota (a number or 'unlimited').")
        @OptionGroup var database: DatabaseOption
        @Argument var name: String
        @Option var vms: String?
        @Option var vcpus: String?
        @Option(name: .customLong("memory-mb")) var memoryMB: String?
        @Option(name: .customLong("disk-gb")) var diskGB: String?

        func run() async throws {
            let db = try database.open()
            guard let creds = try await db.credentials(name: name) else { throw ValidationError("no user '\(name)'") }
            var limits = try await db.quota(userID: creds.user.id).limits
            if let v = try parseLimit(vms, "vms") { limits.vms = v }
            if let v = try parseLimit(vcpus, "vcpus") { limits.vcpus = v }
            if let v = try parseLimit(memoryMB, "memory-mb") { limits.memoryMB = v }
            if let v = try parseLimit(diskGB, "disk-gb") { limits.diskGB = v }
            if vms != nil || vcpus != nil || memoryMB != nil || diskGB != nil { try await db.setQuota(name: name, limits: limits) }
            let q = try await db.quota(userID: creds.user.id)
            func show(_ v: Int?) -> String { v.map(String.init) ?? "unlimited" }
            print("user \(name): vms \(q.used.vms)/\(show(q.limits.vms)) vcpus \(q.used.vcpus)/\(show(q.limits.vcpus)) "
                  + "memoryMB \(q.used.memoryMB)/\(show(q.limits.memoryMB)) diskGB \(q.used.diskGB)/\(show(q.limits.diskGB))")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable (or --enable) a user.")
        @OptionGroup var database: DatabaseOption
        @Argument var name: String
        @Flag(help: "Enable instead.") var enable = false
        func run() async throws {
            try await database.open().setDisabled(name: name, disabled: !enable)
            print("user \(name) \(enable ? "enabled" : "disabled")")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var database: DatabaseOption
        func run() async throws {
            for u in try await database.open().listUsers() {
                print("\(u.name)\t\(u.role.rawValue)\t\(u.disabled ? "disabled" : "enabled")\t\(u.subjectDN ?? "")")
            }
        }
    }
}

struct AdminAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agent", abstract: "Register, remove and list Agents.",
                                                    subcommands: [Add.self, Remove.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an Agent (its URL, the credential the site uses, VMM type).")
        @OptionGroup var database: DatabaseOption
        @Argument var name: String
        @Option(help: "Agent base URL, e.g. http://127.0.0.1:8081") var url: String
        @Option(help: "User name the site authenticates with.") var username: String
        @Option(help: "File holding the password.") var passwordFile: String?
        @Option(help: "The password (prefer --password-file).") var password: String?
        @Option(help: "VMM type, e.g. kvm, xen, lxc, test.") var vmmType: String = "kvm"
        func run() async throws {
            let agent = try await database.open().registerAgent(name: name, url: url, username: username,
                                                                password: try readSecret(inline: password, file: passwordFile, what: "password"),
                                                                vmmType: vmmType)
            print("agent \(agent.name) registered at \(agent.url)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an Agent (refused while it serves VMs).")
        @OptionGroup var database: DatabaseOption
        @Argument var name: String
        func run() async throws {
            try await database.open().removeAgent(name: name)
            print("agent \(name) removed")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List Agents with health.")
        @OptionGroup var database: DatabaseOption
        func run() async throws {
            for a in try await database.open().listAgents() {
                print("\(a.name)\t\(a.url)\t\(a.vmmType)\t\(a.enabled ? "enabled" : "disabled")\t\(a.healthy ? "healthy" : "unhealthy")\t\(a.lastError ?? "")")
            }
        }
    }
}

/// `gve admin login-link NAME`: a one-time link into the admin web interface, for an admin account.
struct AdminLoginLink: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login-link",
        abstract: "Print a one-time link that logs an admin into the web interface (/admin).")
    @OptionGroup var database: DatabaseOption
    @Argument(help: "Admin user name.") var name: String = "admin"
    @Option(help: "Site Service base URL the link starts with.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Minutes the link stays valid.") var minutes: Int = 5

    func run() async throws {
        guard (1...1440).contains(minutes) else { throw ValidationError("--minutes must be 1 to 1440 (got \(minutes))") }
        let db = try SiteDatabase(path: database.db)
        do {
            let token = try await db.createAdminLoginToken(userName: name, lifetime: TimeInterval(minutes * 60))
            print("\(url)/admin/login/token/\(token)")
        } catch let e as SiteError {
            throw ValidationError("\(e.code): \(e.message)")
        }
    }
}
