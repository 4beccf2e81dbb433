// GVE — AgentTests: copy-on-write and full clones, capacity, idempotency, rollback.
import Foundation
import GRDB
import Testing

@testable import Agent

@Suite struct CloneTests {
    /// A clone is a qcow2 overlay whose backing file is the template (absolute path, explicit format), and a
    /// defined, shut-off domain with the requested size.
    @Test(arguments: HostAgent.Configuration.OverlayWriter.allCases)
    func cloneCreatesOverlayOnTemplate(writer: HostAgent.Configuration.OverlayWriter) async throws {
        let fixture = try await AgentFixture(overlayWriter: writer)
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        let vm = try await fixture.agent.clone(
            CloneRequest(image: image.name, name: "vm-1", vcpus: 2, memoryMB: 1024, requestId: "req-1", owner: "alice"),
            siteService: "site-a")
        #expect(vm.name == "vm-1" && vm.vcpus == 2 && vm.memoryMB == 1024 && vm.diskGB == 1)
        #expect(vm.state == .halted && vm.libvirtState == "shut off")
        #expect(vm.owner == "alice" && vm.image == image.name)
        let overlay = fixture.agent.configuration.vmsDirectory.appendingPathComponent("vm-1.qcow2").path
        let info = try qemuImgInfo(overlay)
        #expect(info["format"] as? String == "qcow2")
        #expect(info["backing-filename"] as? String == image.path)
        #expect(info["backing-filename-format"] as? String == "qcow2")
        #expect(info["virtual-size"] as? Int == 1 << 30)
        let domain = try await fixture.hypervisor.domain(named: "vm-1")
        #expect(domain?.uuid == vm.uuid && domain?.vcpus == 2 && domain?.memoryMB == 1024)
        let xml = try await fixture.hypervisor.domainXML(named: "vm-1")
        #expect(xml.contains(overlay))
        // The Clone job says who made the disk and how long it took.
        let note = try await fixture.agent.jobs().first { $0.operation == "Clone" }?.note ?? ""
        #expect(note.hasPrefix("disk: \(writer.rawValue) overlay in ") && note.hasSuffix(" ms"), "\(note)")
    }

    /// A larger disk grows the overlay's virtual size; a full copy has no backing file.
    @Test func cloneGrowsDiskAndFullCopyIsStandalone() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        _ = try await fixture.agent.clone(
            CloneRequest(image: image.name, name: "big", vcpus: 1, memoryMB: 512, diskGB: 20, requestId: "r1", owner: "o"), siteService: "s")
        let big = try qemuImgInfo(fixture.agent.configuration.vmsDirectory.appendingPathComponent("big.qcow2").path)
        #expect(big["virtual-size"] as? Int == 20 << 30)
        #expect(big["backing-filename"] as? String == image.path)
        _ = try await fixture.agent.clone(
            CloneRequest(image: image.name, name: "full", vcpus: 1, memoryMB: 512, requestId: "r2", owner: "o", fullCopy: true),
            siteService: "s")
        let full = try qemuImgInfo(fixture.agent.configuration.vmsDirectory.appendingPathComponent("full.qcow2").path)
        #expect(full["format"] as? String == "qcow2")
        #expect(full["backing-filename"] == nil)
        #expect(full["virtual-size"] as? Int == 1 << 30)
    }

    /// A retried Clone (same request id, same Site Service) returns the first VM and makes no second one;
    /// another Site Service may use the same request id.
    @Test func cloneIsIdempotentByRequestID() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        let request = CloneRequest(image: image.name, name: "vm-1", vcpus: 1, memoryMB: 512, requestId: "req-42", owner: "alice")
        let first = try await fixture.agent.clone(request, siteService: "site-a")
        var retried = request
        retried.name = "vm-other"
        let second = try await fixture.agent.clone(retried, siteService: "site-a")
        #expect(second == first)
        #expect(try await fixture.agent.listVMs(siteService: nil).count == 1)
        #expect(try await fixture.hypervisor.domain(named: "vm-other") == nil)
        let otherSite = try await fixture.agent.clone(retried, siteService: "site-b")
        #expect(otherSite.name == "vm-other")
    }

    /// Concurrent retries of one request make exactly one VM.
    @Test func concurrentRetriesMakeOneVM() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        let agent = fixture.agent
        let results = try await withThrowingTaskGroup(of: VMInfo.self) { group in
            for index in 0..<4 {
                group.addTask {
                    try await agent.clone(
                        CloneRequest(image: image.name, name: "vm-\(index)", vcpus: 1, memoryMB: 256, requestId: "same", owner: "o"),
                        siteService: "s")
                }
            }
            return try await group.reduce(into: [VMInfo]()) { $0.append($1) }
        }
        #expect(Set(results.map(\.name)).count == 1)
        #expect(try await agent.listVMs(siteService: nil).count == 1)
        let defined = try await fixture.hypervisor.listDomains().filter { $0.name.hasPrefix("vm-") }
        #expect(defined.count == 1)
    }

    /// Over capacity: NoCapacity, nothing created; the resident domain's usage counts.
    @Test func cloneOverCapacityIsRefusedAndLeavesNothing() async throws {
        let fixture = try await AgentFixture(cpus: 4, memoryMB: 4096)
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        // resident-1 uses 1 CPU and 512 MiB: 3 CPUs and 3584 MiB are free.
        #expect(try await fixture.agent.hostInfo().freeCpus == 3)
        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent.clone(
                CloneRequest(image: image.name, name: "huge", vcpus: 4, memoryMB: 512, requestId: "r", owner: "o"), siteService: "s")
        }
        #expect(error?.code == .noCapacity)
        let memory = await #expect(throws: AgentError.self) {
            try await fixture.agent.clone(
                CloneRequest(image: image.name, name: "huge", vcpus: 1, memoryMB: 4000, requestId: "r", owner: "o"), siteService: "s")
        }
        #expect(memory?.code == .noCapacity)
        _ = try await fixture.agent.clone(
            CloneRequest(image: image.name, name: "fits", vcpus: 3, memoryMB: 1024, requestId: "r2", owner: "o"), siteService: "s")
        let full = await #expect(throws: AgentError.self) {
            try await fixture.agent.clone(
                CloneRequest(image: image.name, name: "one-more", vcpus: 1, memoryMB: 256, requestId: "r3", owner: "o"), siteService: "s")
        }
        #expect(full?.code == .noCapacity)
        #expect(try await fixture.agent.listVMs(siteService: nil).map(\.name) == ["fits"])
        #expect(!FileManager.default.fileExists(atPath: fixture.agent.configuration.vmsDirectory.appendingPathComponent("huge.qcow2").path))
        #expect(try await fixture.hypervisor.domain(named: "huge") == nil)
    }

    /// Unknown image, sizes under the image's minimum, a disk smaller than the image, bad names, name clashes.
    @Test func cloneRejectsBadRequests() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let image = try await fixture.importTemplate(minCpus: 2, minMemoryMB: 1024)
        func attempt(_ request: CloneRequest) async -> AgentError? {
            await #expect(throws: AgentError.self) { try await fixture.agent.clone(request, siteService: "s") }
        }
        #expect(await attempt(CloneRequest(image: "nope", name: "a", vcpus: 2, memoryMB: 1024, requestId: "1", owner: "o"))?.code == .unknownImage)
        #expect(await attempt(CloneRequest(image: image.name, name: "a", vcpus: 1, memoryMB: 1024, requestId: "2", owner: "o"))?.code == .invalidRequest)
        #expect(await attempt(CloneRequest(image: image.name, name: "a", vcpus: 2, memoryMB: 512, requestId: "3", owner: "o"))?.code == .invalidRequest)
        #expect(await attempt(CloneRequest(image: image.name, name: "a/b", vcpus: 2, memoryMB: 1024, requestId: "4", owner: "o"))?.code == .invalidRequest)
        #expect(await attempt(CloneRequest(image: image.name, name: "resident-1", vcpus: 2, memoryMB: 1024, requestId: "5", owner: "o"))?.code == .invalidRequest)
        _ = try await fixture.agent.clone(CloneRequest(image: image.name, name: "taken", vcpus: 2, memoryMB: 1024, requestId: "6", owner: "o"), siteService: "s")
        #expect(await attempt(CloneRequest(image: image.name, name: "taken", vcpus: 2, memoryMB: 1024, requestId: "7", owner: "o"))?.code == .invalidRequest)
        #expect(try await fixture.agent.listVMs(siteService: nil).map(\.name) == ["taken"])
        let jobs = try await fixture.agent.jobs()
        #expect(jobs.filter { $0.state == .failed }.count == 6)
        #expect(jobs.first { $0.requestId == "1" }?.errorCode == "UnknownImage")
    }

    /// A clone that fails after its disk was made (the domain definition is refused) leaves no disk, no domain
    /// and no row.
    @Test func failedCloneLeavesNothingBehind() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let file = try fixture.makeQcow2("t.qcow2")
        // A template libvirt refuses at definition time: an unknown disk bus.
        let xml = "<domain type='test'><name>t</name><memory>1</memory><os><type>hvm</type></os><devices><disk type='file' device='disk'><target dev='vda' bus='no-such-bus'/></disk></devices></domain>"
        let image = try await fixture.agent.images.importImage(from: file, metadata: .init(name: "broken", domainXML: xml))
        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent.clone(
                CloneRequest(image: image.name, name: "doomed", vcpus: 1, memoryMB: 256, requestId: "r", owner: "o"), siteService: "s")
        }
        #expect(error?.code == .libvirtError)
        #expect(!FileManager.default.fileExists(atPath: fixture.agent.configuration.vmsDirectory.appendingPathComponent("doomed.qcow2").path))
        #expect(try await fixture.hypervisor.domain(named: "doomed") == nil)
        let rows = try await fixture.agent.database.writer.read { db in try VMRecord.fetchCount(db) }
        #expect(rows == 0)
    }

    /// A clone whose overlay cannot be written (the template file vanished) fails with LibvirtError naming the
    /// file, and leaves no disk, no domain and no row; an existing disk file is never overwritten.
    @Test func overlayFailureLeavesNothingBehind() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        let vms = fixture.agent.configuration.vmsDirectory
        try FileManager.default.moveItem(atPath: image.path, toPath: image.path + ".away")
        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent.clone(
                CloneRequest(image: image.name, name: "orphan", vcpus: 1, memoryMB: 256, requestId: "r1", owner: "o"), siteService: "s")
        }
        #expect(error?.code == .libvirtError && error?.message.contains(image.path) == true)
        try FileManager.default.moveItem(atPath: image.path + ".away", toPath: image.path)
        let stray = vms.appendingPathComponent("squatter.qcow2").path
        #expect(FileManager.default.createFile(atPath: stray, contents: Data("not ours".utf8)))
        await #expect(throws: AgentError.self) {
            try await fixture.agent.clone(
                CloneRequest(image: image.name, name: "squatter", vcpus: 1, memoryMB: 256, requestId: "r2", owner: "o"), siteService: "s")
        }
        #expect(FileManager.default.contents(atPath: stray) == Data("not ours".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: vms.path) == ["squatter.qcow2"])
        #expect(try await fixture.hypervisor.domain(named: "orphan") == nil)
        #expect(try await fixture.agent.database.writer.read { db in try VMRecord.fetchCount(db) } == 0)
    }

    /// A Site Service's grant caps its VMs' CPUs.
    @Test func grantLimitsSiteService() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        try await fixture.agent.siteServices.add(name: "site-a", password: "secret-a", grantedCpus: 2, cost: 4)
        _ = try await fixture.agent.clone(CloneRequest(image: image.name, name: "a1", vcpus: 2, memoryMB: 256, requestId: "1", owner: "o"), siteService: "site-a")
        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent.clone(CloneRequest(image: image.name, name: "a2", vcpus: 1, memoryMB: 256, requestId: "2", owner: "o"), siteService: "site-a")
        }
        #expect(error?.code == .noCapacity)
        #expect(error?.message.contains("site-a") == true)
    }
}
