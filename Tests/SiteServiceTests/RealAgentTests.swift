// GVE — SiteServiceTests
// The Site Service against real Agents: HostAgent on libvirt's test driver (node files), its SOAP service over HTTP.
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing

@testable import Agent
@testable import SiteService

/// One real Agent: a test-driver host (node file), its data directory, a qcow2 template, the SOAP server.
struct RealAgentHost {
    let directory: URL
    let agent: HostAgent
    let hypervisor: LibvirtHypervisor
    let hostname: String

    init(hostname: String, cpus: Int, memoryMB: Int, image: String) async throws {
        self.hostname = hostname
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gve-site-agent-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let node = """
            <?xml version="1.0"?>
            <node>
              <cpu><mhz>2400</mhz><model>x86_64</model><active>\(cpus)</active><nodes>1</nodes><sockets>1</sockets>\
            <cores>\(cpus)</cores><threads>1</threads></cpu>
              <memory>\(memoryMB * 1024)</memory>
              <pool type="dir"><name>images</name><uuid>0b7e2c4a-1d2e-4f60-9a11-0000000000f0</uuid>
                <capacity unit="GiB">500</capacity><allocation unit="GiB">0</allocation><available unit="GiB">500</available>
                <target><path>\(directory.path)/pool</path></target></pool>
            </node>
            """
        try node.write(to: directory.appendingPathComponent("node.xml"), atomically: true, encoding: .utf8)
        hypervisor = try await LibvirtHypervisor.open(uri: "test://" + directory.appendingPathComponent("node.xml").path)
        agent = try HostAgent(configuration: .init(dataDirectory: directory.appendingPathComponent("data", isDirectory: true),
                                                   shutdownTimeout: .seconds(2)), hypervisor: hypervisor)
        try await agent.siteServices.add(name: "site", password: "agent-secret", cost: 4)
        let template = directory.appendingPathComponent("\(image).qcow2").path
        let qemu = Process()
        qemu.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        qemu.arguments = ["qemu-img", "create", "-q", "-f", "qcow2", template, "1G"]
        try qemu.run()
        qemu.waitUntilExit()
        #expect(qemu.terminationStatus == 0, "qemu-img (Debian qemu-utils) is required")
        _ = try await agent.images.importImage(from: template, metadata: ImageMetadata(
            name: image, osFamily: "linux", osName: "debian", osVersion: "12", minCpus: 1, minMemoryMB: 128,
            defaultUser: "debian", packages: []))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Runs the Agent's SOAP server on a free port around `body`.
    func serve(_ body: (Int) async throws -> Void) async throws {
        try await withServer({ onRunning in
            AgentHTTPServer.makeApplication(service: AgentSOAPService(agent: agent, logger: quietLogger),
                                            configuration: .init(host: "127.0.0.1", port: 0), logger: quietLogger,
                                            onServerRunning: onRunning)
        }, body)
    }
}

@Suite struct RealAgentTests {
    /// The registry inventory reads back what a real Agent publishes (its GLUE renderer): the host with its free
    /// capacity, tied to the registered Agent, and its images below it; hosts no Agent serves are left out.
    @Test func registryInventoryReadsAgentGLUEEntries() async throws {
        let a = try await RealAgentHost(hostname: "a", cpus: 6, memoryMB: 12288, image: "debian-12")
        defer { a.remove() }
        let info = try await a.agent.hostInfo()
        let entries = AgentGLUERenderer().entries(host: info, cpuModel: "x86_64", images: try await a.agent.images.list(), vms: [])
        let (hosts, images) = RegistryInventory.records(from: entries, agentFor: [info.hostname: 7])
        #expect(hosts.count == 1)
        #expect(hosts.first?.hostname == info.hostname)
        #expect(hosts.first?.agentID == 7)
        #expect(hosts.first?.cpus == 6)
        #expect(hosts.first?.memoryMB == 12288)
        #expect(hosts.first?.freeCpus == info.freeCpus)
        #expect(hosts.first?.freeMemoryMB == info.freeMemoryMB)
        #expect(images.map(\.name) == ["debian-12"])
        #expect(images.first?.hostname == info.hostname)
        #expect(images.first?.minMemoryMB == 128)
        #expect(RegistryInventory.records(from: entries, agentFor: [:]).hosts.isEmpty)
    }

    /// With two real Agents: requests run on libvirt (test driver), spread across hosts; a NoCapacity fault names
    /// each host; release destroys the domains; leases end on time.
    @Test func requestsRunOnRealAgents() async throws {
        let f = try await Fixture.make()
        try await f.db.setQuota(name: "alice", limits: .unlimited)
        let a = try await RealAgentHost(hostname: "a", cpus: 4, memoryMB: 8192, image: "debian-12")
        let b = try await RealAgentHost(hostname: "b", cpus: 4, memoryMB: 8192, image: "debian-12")
        defer { a.remove(); b.remove() }
        try await a.serve { portA in
            try await b.serve { portB in
                try await f.db.registerAgent(name: "agent-a", url: "http://127.0.0.1:\(portA)", username: "site", password: "agent-secret", vmmType: "test")
                try await f.db.registerAgent(name: "agent-b", url: "http://127.0.0.1:\(portB)", username: "site", password: "agent-secret", vmmType: "test")
                try await withSite(database: f.db, time: f.time) { port in
                    let alice = f.client(port)
                    let ready = try await eventually("both hosts") { try await Set(alice.listImages().map(\.hostname)).count == 2 }
                    #expect(ready)
                    var names: [String] = []
                    for i in 0..<4 {
                        let r = try await alice.requestVM(VMRequest(image: "debian-12", vcpus: 1, memoryMB: 512, diskGB: 2, lifetime: 60, clientRequestID: "real-\(i)"))
                        names += r.jobs.compactMap(\.vmName)
                    }
                    let running = try await eventually("running", attempts: 800) {
                        try await alice.listJobs(state: .running).count == 4
                    }
                    #expect(running)
                    let vms = try await alice.listVMs()
                    #expect(Set(vms.map(\.name)) == Set(names))
                    #expect(Set(vms.map(\.host)).count == 2)  // spread
                    #expect(vms.allSatisfy { $0.state == "running" && $0.uuid?.count == 36 })
                    let onA = try await a.agent.listVMs(siteService: "site").map(\.name)
                    let onB = try await b.agent.listVMs(siteService: "site").map(\.name)
                    #expect(Set(onA + onB) == Set(names))

                    do {
                        _ = try await alice.requestVM(VMRequest(image: "debian-12", vcpus: 4, memoryMB: 512, diskGB: 1))
                        Issue.record("placed 4 vCPUs on full hosts")
                    } catch let e as SiteError {
                        #expect(e.code == .noCapacity)
                        #expect(e.hostReasons.count == 2)
                    }

                    #expect(try await alice.manageVM(names[0], action: .suspend).state == "suspended")
                    #expect(try await alice.manageVM(names[0], action: .resume).state == "running")
                    _ = try await alice.releaseVM(names[0])
                    let released = try await eventually("released") { try await alice.listVMs().count == 3 }
                    #expect(released)
                    f.time.advance(120)  // every lease ends
                    let expired = try await eventually("leases ended", attempts: 800) { try await alice.listVMs().isEmpty }
                    #expect(expired)
                    let left = try await a.agent.listVMs(siteService: "site").count + b.agent.listVMs(siteService: "site").count
                    #expect(left == 0)
                }
            }
        }
    }
}
