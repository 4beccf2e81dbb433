// GVE — AgentTests: test-driver hosts described by node files in unique temp directories.
import Foundation

/// A libvirt test-driver host: a node file with its own CPUs and memory, in a fresh temporary directory.
///
/// Each connection to `uri` starts from this file's state (the test driver keeps nothing between connections).
struct TestHost: Sendable {
    let directory: URL
    let cpus: Int
    let memoryMB: Int

    /// The libvirt URI of this host (`test:///` + absolute path).
    var uri: String { "test://" + directory.appendingPathComponent("node.xml").path }

    /// A directory for the Agent's data (database, images, VM disks).
    var dataDirectory: URL { directory.appendingPathComponent("data", isDirectory: true) }

    /// Writes a node file: `sockets × cores × threads = cpus`, `memoryMB` of RAM, one running domain
    /// (`resident-1`, 1 vCPU, 512 MiB) that the Agent did not create, and one storage pool.
    init(cpus: Int = 8, memoryMB: Int = 16_384, residents: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gve-agent-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.cpus = cpus
        self.memoryMB = memoryMB
        let resident = residents ? """
              <domain type="test">
                <name>resident-1</name>
                <uuid>0b7e2c4a-1d2e-4f60-9a11-000000000001</uuid>
                <memory unit="MiB">512</memory>
                <vcpu>1</vcpu>
                <os><type arch="x86_64">hvm</type></os>
              </domain>
            """ : ""
        let node = """
            <?xml version="1.0"?>
            <node>
              <cpu>
                <mhz>2400</mhz>
                <model>x86_64</model>
                <active>\(cpus)</active>
                <nodes>1</nodes>
                <sockets>1</sockets>
                <cores>\(cpus)</cores>
                <threads>1</threads>
              </cpu>
              <memory>\(memoryMB * 1024)</memory>
            \(resident)
              <pool type="dir">
                <name>images</name>
                <uuid>0b7e2c4a-1d2e-4f60-9a11-0000000000f0</uuid>
                <capacity unit="GiB">500</capacity>
                <allocation unit="GiB">20</allocation>
                <available unit="GiB">480</available>
                <target><path>\(directory.path)/pool</path></target>
              </pool>
            </node>
            """
        try node.write(to: directory.appendingPathComponent("node.xml"), atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A small domain definition for the test driver.
func testDomainXML(name: String, vcpus: Int = 1, memoryMB: Int = 256) -> String {
    """
    <domain type="test">
      <name>\(name)</name>
      <memory unit="MiB">\(memoryMB)</memory>
      <vcpu>\(vcpus)</vcpu>
      <os><type arch="x86_64">hvm</type></os>
    </domain>
    """
}

/// Waits (bounded) until `condition` holds; returns whether it did.
func eventually(_ limit: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
