// GVE — CLITests: `gve hosts|sites --vo` over our registry and over OpenLDAP slapd loaded with the same LDIF,
// and `gve up --hypervisor` against an unreachable libvirt.
import Foundation
import GLUEModel
import LDAPCore
import LDIF
import Testing

/// Three sites, GLUE 2 top layout:
/// - GRID-B, a ComputingService: share-atlas lists ee-1 (policy `VOMS:/atlas/Role=production`), share-cms lists
///   ee-2 and ee-3 (policy `vo:cms`); an endpoint access policy `VO:dteam`.
/// - CLOUD-A, a CloudComputingService with two hosts and one share mapped to `VO:atlas` (gives both hosts).
/// - OPEN-C, a CloudComputingService with one host and no policy.
enum VORegistryFixture {
    static func entries() -> [LDAPEntry] {
        var out = [GLUERegistryLayout.suffixEntry, GLUERegistryLayout.groupEntry("grid", under: GLUERegistryLayout.suffix)]
        out += grid("GRID-B") + cloud("CLOUD-A", hosts: 2, rules: ["VO:atlas"]) + cloud("OPEN-C", hosts: 1, rules: [])
        return out
    }

    static func grid(_ id: String) -> [LDAPEntry] {
        var domain = AdminDomain(); domain.id = id
        var service = ComputingService(); service.id = "urn:\(id):ce"; service.adminDomainID = id
        var endpoint = ComputingEndpoint(); endpoint.id = "\(service.id):ep"; endpoint.serviceID = service.id
        endpoint.url = "https://\(id.lowercased()).example.org:8443"
        var access = AccessPolicy(); access.id = "\(service.id):ap"; access.endpointID = endpoint.id; access.rules = ["VO:dteam"]
        var manager = ComputingManager(); manager.id = "\(service.id):mgr"; manager.serviceID = service.id; manager.productName = "slurm"
        let ees = (1...3).map { i in
            var ee = ExecutionEnvironment(); ee.id = "\(service.id):ee-\(i)"; ee.managerID = manager.id
            ee.mainMemorySize = 4096 * i; ee.logicalCPUs = 4 * i; ee.totalInstances = 1
            return ee
        }
        var atlas = ComputingShare(); atlas.id = "\(service.id):share-atlas"; atlas.serviceID = service.id; atlas.executionEnvironmentIDs = [ees[0].id]
        var cms = ComputingShare(); cms.id = "\(service.id):share-cms"; cms.serviceID = service.id; cms.executionEnvironmentIDs = [ees[1].id, ees[2].id]
        var atlasPolicy = MappingPolicy(); atlasPolicy.id = "\(service.id):mp-atlas"; atlasPolicy.shareID = atlas.id
        atlasPolicy.rules = ["VOMS:/atlas/Role=production"]
        var cmsPolicy = MappingPolicy(); cmsPolicy.id = "\(service.id):mp-cms"; cmsPolicy.shareID = cms.id; cmsPolicy.rules = ["vo:cms"]
        let tree = ComputingServiceTree(
            service: service, endpoints: [endpoint], accessPolicies: [access], shares: [atlas, cms],
            mappingPolicies: [atlasPolicy, cmsPolicy], managers: [manager], executionEnvironments: ees)
        return GLUESite(domain: domain, computingServices: [tree]).ldapEntries(layout: .top)
    }

    static func cloud(_ id: String, hosts: Int, rules: [String]) -> [LDAPEntry] {
        var domain = AdminDomain(); domain.id = id
        var service = CloudComputingService(); service.id = "urn:\(id):cloud"; service.adminDomainID = id
        var endpoint = CloudComputingEndpoint(); endpoint.id = "\(service.id):soap"; endpoint.serviceID = service.id
        endpoint.url = "http://\(id.lowercased()).example.org:8080/soap"
        var manager = CloudComputingManager(); manager.id = "\(service.id):manager"; manager.serviceID = service.id; manager.productName = "GVE"
        let ees = (0..<hosts).map { i in
            var ee = ExecutionEnvironment(); ee.id = "\(service.id):host\(i)"; ee.managerID = manager.id
            ee.logicalCPUs = 8; ee.mainMemorySize = 16384; ee.usedInstances = 0
            return ee
        }
        var share = CloudComputingShare(); share.id = "\(service.id):share"; share.serviceID = service.id
        let tree = CloudComputingServiceTree(service: service, endpoints: [endpoint], shares: [share], managers: [manager], hosts: ees, images: [])
        var entries = GLUESite(domain: domain, cloudServices: [tree]).ldapEntries(layout: .top)
        if !rules.isEmpty, let shareEntry = entries.first(where: { CloudComputingShare.isRepresented(by: $0) }) {
            var policy = MappingPolicy(); policy.id = "\(service.id):policy"; policy.shareID = share.id; policy.rules = rules
            entries.append(policy.ldapEntry(under: shareEntry.dn))
        }
        return entries
    }

    static func ldif() -> String {
        LDIFWriter(configuration: .init(writesVersion: false)).string(for: entries().map { .content($0) })
    }
}

/// A registry process (ours or slapd) serving the fixture on a free loopback port.
final class FixtureRegistry {
    let url: String
    private let directory: URL
    private var process: Process?
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    enum Kind { case gve, slapd }

    init(_ kind: Kind) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gve-vo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ldif = directory.appendingPathComponent("fixture.ldif")
        try VORegistryFixture.ldif().write(to: ldif, atomically: true, encoding: .utf8)
        let port = GVEBinary.freePort()
        url = "ldap://127.0.0.1:\(port)"
        switch kind {
        case .gve:
            let p = Process()
            p.executableURL = URL(fileURLWithPath: GVEBinary.path)
            p.arguments = ["infosys", "serve", "--listen", "127.0.0.1:\(port)", "--ldif", ldif.path]
            let log = directory.appendingPathComponent("serve.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            p.standardOutput = handle
            p.standardError = handle
            try p.run()
            process = p
        case .slapd:
            // benchmarks/lib/slapd.sh writes the configuration (GLUE 2.0 + GVE schemas, BDII's indexes) and slapadd
            // loads the LDIF offline; slapd itself runs in the foreground as this test's child.
            let dir = directory.appendingPathComponent("slapd").path
            let script = "source '\(root.path)/benchmarks/lib/slapd.sh' && slapd_write_conf '\(dir)' \(port) "
                + "&& /usr/sbin/slapadd -q -f '\(dir)/slapd.conf' -b o=glue -l '\(ldif.path)'"
            let load = Process()
            load.executableURL = URL(fileURLWithPath: "/bin/bash")
            load.arguments = ["-c", script]
            let pipe = Pipe()
            load.standardOutput = pipe
            load.standardError = pipe
            try load.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            load.waitUntilExit()
            guard load.terminationStatus == 0 else {
                stop()
                throw RunningSiteError(message: "slapd configuration or slapadd failed: \(output)")
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/sbin/slapd")
            p.arguments = ["-d", "0", "-h", "\(url)/", "-f", "\(dir)/slapd.conf"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            process = p
        }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let r = try? GVEBinary.run(["query", "--url", url, "--base", "o=glue", "--scope", "base", "(objectClass=*)"]), r.status == 0 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw RunningSiteError(message: "registry \(kind) at \(url) did not answer")
    }

    func stop() {
        if let process, process.isRunning {
            // SIGKILL: a child may inherit a blocked SIGTERM from the test process (slapd then never exits).
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        process = nil
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite(.serialized) struct RegistryVOTests {
    /// `gve hosts --vo` and `gve sites --vo` give the same, policy-derived answers over our registry and over
    /// slapd loaded with the same LDIF: atlas reaches GRID-B's ee-1 (VOMS rule) and both CLOUD-A hosts, cms
    /// GRID-B's ee-2 and ee-3, dteam only GRID-B's endpoint (a site, no host), an unknown VO nothing.
    @Test(arguments: [FixtureRegistry.Kind.gve, .slapd])
    func voFilteringFollowsPolicyShareHost(_ kind: FixtureRegistry.Kind) throws {
        let registry = try FixtureRegistry(kind)
        defer { registry.stop() }
        func hosts(_ extra: [String]) throws -> [String] {
            let r = try GVEBinary.run(["hosts", "--registry", registry.url, "--output", "json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
            return rows.compactMap { $0["id"] as? String }.sorted()
        }
        func sites(_ extra: [String]) throws -> [String: Int] {
            let r = try GVEBinary.run(["sites", "--registry", registry.url, "--output", "json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row["site"] as? String).map { ($0, row["hosts"] as? Int ?? -1) } })
        }
        #expect(try hosts([]).count == 6)
        #expect(try hosts(["--vo", "atlas"]) == ["urn:CLOUD-A:cloud:host0", "urn:CLOUD-A:cloud:host1", "urn:GRID-B:ce:ee-1"])
        #expect(try hosts(["--vo", "cms"]) == ["urn:GRID-B:ce:ee-2", "urn:GRID-B:ce:ee-3"])
        #expect(try hosts(["--vo", "cms", "--site", "CLOUD-A"]).isEmpty)
        #expect(try hosts(["--vo", "atlasx"]).isEmpty)
        #expect(try hosts(["--vo", "dteam"]).isEmpty)
        #expect(try sites([]) == ["CLOUD-A": 2, "GRID-B": 3, "OPEN-C": 1])
        #expect(try sites(["--vo", "atlas"]) == ["CLOUD-A": 2, "GRID-B": 1])
        #expect(try sites(["--vo", "cms"]) == ["GRID-B": 2])
        #expect(try sites(["--vo", "dteam"]) == ["GRID-B": 0])
        #expect(try sites(["--vo", "alice"]).isEmpty)
    }

    /// `gve up --hypervisor` with no reachable libvirt daemon fails at once with one line naming the URI and
    /// libvirt's own message, and exits 1.
    @Test func upNamesAnUnreachableHypervisor() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("gve-up-nolibvirt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        var uris = ["qemu+unix:///system?socket=/nonexistent/gve-test-libvirt-sock"]
        // Plain qemu:///system too, when no libvirt daemon socket exists on this machine.
        let sockets = ["/run/libvirt/libvirt-sock", "/run/libvirt/virtqemud-sock", "/var/run/libvirt/libvirt-sock", "/var/run/libvirt/virtqemud-sock"]
        if !sockets.contains(where: FileManager.default.fileExists(atPath:)) { uris.append("qemu:///system") }
        for uri in uris {
            let r = try GVEBinary.run([
                "up", "--data", data.path, "--hypervisor", uri, "--registry-port", "\(GVEBinary.freePort())",
                "--site-port", "\(GVEBinary.freePort())", "--agent-port", "\(GVEBinary.freePort())",
            ])
            #expect(r.status == 1)
            #expect(r.stderr.contains("cannot connect to the hypervisor at \(uri)"), "\(r.stderr)")
            #expect(r.stderr.contains("Failed to connect socket"), "\(r.stderr)")
            #expect(r.stderr.contains("libvirtd"))
            #expect(!r.stdout.contains("is up."))
        }
        // It stopped before starting or writing anything.
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }
}
