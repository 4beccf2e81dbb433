// GVE — AgentTests: an Agent over a test-driver host with a real SQLite database and qemu-img images.
import Foundation

@testable import Agent

/// One host, one Agent: node file, data directory, libvirt connection and a template image.
struct AgentFixture {
    let host: TestHost
    let hypervisor: LibvirtHypervisor
    let agent: HostAgent

    init(cpus: Int = 8, memoryMB: Int = 16_384, shutdownTimeout: Duration = .seconds(2),
         overlayWriter: HostAgent.Configuration.OverlayWriter = .native, wrap: (LibvirtHypervisor) -> any Hypervisor = { $0 }) async throws {
        host = try TestHost(cpus: cpus, memoryMB: memoryMB)
        hypervisor = try await LibvirtHypervisor.open(uri: host.uri)
        agent = try HostAgent(
            configuration: .init(dataDirectory: host.dataDirectory, shutdownTimeout: shutdownTimeout, overlayWriter: overlayWriter),
            hypervisor: wrap(hypervisor))
    }

    /// Reopens the same node file and database: a restarted Agent (the test driver forgets every domain).
    func restarted() async throws -> (LibvirtHypervisor, HostAgent) {
        await hypervisor.close()
        let fresh = try await LibvirtHypervisor.open(uri: host.uri)
        let agent = try HostAgent(configuration: self.agent.configuration, hypervisor: fresh)
        return (fresh, agent)
    }

    /// Creates a qcow2 file of `size` (qemu-img syntax, e.g. `1G`) in the host directory.
    func makeQcow2(_ name: String, size: String = "1G") throws -> String {
        let path = host.directory.appendingPathComponent(name).path
        try runTool("qemu-img", ["create", "-q", "-f", "qcow2", path, size])
        return path
    }

    /// Imports a 1 GiB qcow2 template named `name`.
    @discardableResult
    func importTemplate(_ name: String = "ubuntu-22.04", minCpus: Int = 1, minMemoryMB: Int = 256) async throws -> ImageRecord {
        let file = try makeQcow2("\(name)-source.qcow2")
        return try await agent.images.importImage(
            from: file,
            metadata: ImageMetadata(
                name: name, osFamily: "linux", osName: "ubuntu", osVersion: "22.04", minCpus: minCpus, minMemoryMB: minMemoryMB,
                defaultUser: "ubuntu", packages: [.init(name: "openssh-server", version: "8.9")]))
    }

    /// Removes the host directory; the libvirt connection closes when the fixture is released.
    func remove() {
        host.remove()
    }
}

/// Runs a tool synchronously (test set-up only) and fails loudly if it is missing or fails.
func runTool(_ tool: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    try process.run()
    process.waitUntilExit()
    if process.terminationStatus != 0 {
        throw AgentError(.libvirtError, "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
}

/// `qemu-img info --output=json` as a dictionary.
func qemuImgInfo(_ path: String) throws -> [String: Any] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["qemu-img", "info", "--output=json", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}
