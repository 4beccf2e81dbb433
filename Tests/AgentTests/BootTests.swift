// GVE — AgentTests: a real boot under QEMU (software emulation), where qemu-system-x86_64 exists.
import Foundation
import Testing

@testable import Agent

/// Whether QEMU's system emulator is installed (it is not on the CI image; the test says it is skipped).
let qemuSystemAvailable = (try? ProcessRunner.locate("qemu-system-x86_64")) != nil

@Suite struct BootTests {
    /// Through the same clone/start path, a VM made from a one-sector disk (an MBR whose code is `jmp $`) runs
    /// under qemu:///session with TCG.
    @Test(.enabled(if: qemuSystemAvailable, "qemu-system-x86_64 is absent: the QEMU boot test is skipped"))
    func bootsTinyDiskUnderQemuSession() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gve-boot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var sector = [UInt8](repeating: 0, count: 1 << 20)
        sector[0] = 0xEB  // jmp $
        sector[1] = 0xFE
        sector[510] = 0x55
        sector[511] = 0xAA
        let disk = directory.appendingPathComponent("boot.img")
        try Data(sector).write(to: disk)
        let hypervisor = try await LibvirtHypervisor.open(uri: "qemu:///session")
        let agent = try HostAgent(configuration: .init(dataDirectory: directory.appendingPathComponent("data")), hypervisor: hypervisor)
        let xml = """
            <domain type="qemu"><name>t</name><memory unit="MiB">64</memory><vcpu>1</vcpu>
            <os><type arch="x86_64">hvm</type><boot dev="hd"/></os>
            <devices><disk type="file" device="disk"><driver name="qemu" type="qcow2"/><source file="/dev/null"/>
            <target dev="hda" bus="ide"/></disk></devices></domain>
            """
        _ = try await agent.images.importImage(from: disk.path, metadata: .init(name: "tiny", minMemoryMB: 16, domainXML: xml))
        let vm = try await agent.clone(
            CloneRequest(image: "tiny", name: "gve-boot-\(UUID().uuidString.prefix(8))", vcpus: 1, memoryMB: 64, requestId: "boot", owner: "test"),
            siteService: "test")
        let running = try await agent.perform(.start, on: vm.name, siteService: "test")
        #expect(running.state == .running)
        _ = try await agent.perform(.destroy, on: vm.name, siteService: "test")
        await hypervisor.close()
    }
}
