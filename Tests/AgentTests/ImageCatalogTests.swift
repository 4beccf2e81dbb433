// GVE — AgentTests: the VM Disk Database (image import, list, show, remove).
import Foundation
import Testing

@testable import Agent

@Suite struct ImageCatalogTests {
    /// Import records format, sizes, checksum, OS facts and packages read from the real file.
    @Test func importRecordsQemuImgFactsAndChecksum() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        #expect(image.format == "qcow2")
        #expect(image.virtualSizeBytes == 1 << 30)
        #expect(image.actualSizeBytes > 0 && image.actualSizeBytes < 10 << 20)
        #expect(image.sha256.count == 64)
        #expect(image.osName == "ubuntu" && image.osVersion == "22.04" && image.defaultUser == "ubuntu")
        #expect(image.path.hasPrefix(fixture.host.dataDirectory.path))
        #expect(FileManager.default.fileExists(atPath: image.path))
        let packages = try await fixture.agent.images.packages(of: image)
        #expect(packages.map(\.name) == ["openssh-server"])
        #expect(try await fixture.agent.images.list().map(\.name) == ["ubuntu-22.04"])
        let digest = try await QemuImage.sha256(image.path)
        #expect(digest == image.sha256)
    }

    /// A text file is refused: qemu-img calls it raw, but it has no boot sector or partition table.
    @Test func importRefusesFileThatIsNotADiskImage() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let path = fixture.host.directory.appendingPathComponent("notes.txt").path
        try String(repeating: "not a disk\n", count: 100).write(toFile: path, atomically: true, encoding: .utf8)
        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent.images.importImage(from: path, metadata: .init(name: "notes"))
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("not a disk image") == true)
        #expect(try await fixture.agent.images.list().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.agent.configuration.imagesDirectory.appendingPathComponent("notes.raw").path))
    }

    /// A raw image with an MBR boot signature is accepted.
    @Test func importAcceptsRawDiskWithBootSignature() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let path = fixture.host.directory.appendingPathComponent("disk.img").path
        var bytes = [UInt8](repeating: 0, count: 1 << 20)
        bytes[510] = 0x55
        bytes[511] = 0xAA
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let image = try await fixture.agent.images.importImage(from: path, metadata: .init(name: "raw-disk"))
        #expect(image.format == "raw")
        #expect(image.virtualSizeBytes == 1 << 20)
    }

    /// Formats QEMU cannot boot, overlays, missing files, bad names and duplicate names are refused.
    @Test func importRefusesUnbootableAndBadInput() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let base = try fixture.makeQcow2("base.qcow2")
        let overlay = fixture.host.directory.appendingPathComponent("overlay.qcow2").path
        try runTool("qemu-img", ["create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", overlay])
        let catalog = fixture.agent.images
        let dependent = await #expect(throws: AgentError.self) { try await catalog.importImage(from: overlay, metadata: .init(name: "ov")) }
        #expect(dependent?.message.contains("backing file") == true)
        let missing = await #expect(throws: AgentError.self) { try await catalog.importImage(from: "/nonexistent.qcow2", metadata: .init(name: "m")) }
        #expect(missing?.message.contains("does not exist") == true)
        let badName = await #expect(throws: AgentError.self) { try await catalog.importImage(from: base, metadata: .init(name: "../etc")) }
        #expect(badName?.message.contains("image name") == true)
        let badXML = await #expect(throws: AgentError.self) {
            try await catalog.importImage(from: base, metadata: .init(name: "x", domainXML: "<!DOCTYPE d><domain/>"))
        }
        #expect(badXML?.code == .invalidRequest)
        _ = try await catalog.importImage(from: base, metadata: .init(name: "dup"))
        let duplicate = await #expect(throws: AgentError.self) { try await catalog.importImage(from: base, metadata: .init(name: "dup")) }
        #expect(duplicate?.message.contains("already exists") == true)
        let vpc = fixture.host.directory.appendingPathComponent("disk.vpc").path
        try runTool("qemu-img", ["create", "-q", "-f", "vpc", vpc, "64M"])
        let format = await #expect(throws: AgentError.self) { try await catalog.importImage(from: vpc, metadata: .init(name: "vpc")) }
        #expect(format?.message.contains("format 'vpc'") == true)
    }

    /// Remove deletes the row, packages and stored file, and is refused while a clone depends on the image.
    @Test func removeRefusedWhileClonesDependOnImage() async throws {
        let fixture = try await AgentFixture()
        defer { fixture.remove() }
        let image = try await fixture.importTemplate()
        _ = try await fixture.agent.clone(
            CloneRequest(image: image.name, name: "vm-1", vcpus: 1, memoryMB: 512, requestId: "r1", owner: "alice"), siteService: "site-a")
        let refused = await #expect(throws: AgentError.self) { try await fixture.agent.images.remove(named: image.name) }
        #expect(refused?.code == .invalidState)
        #expect(refused?.message.contains("vm-1") == true)
        #expect(try await fixture.agent.images.image(named: image.name) != nil)
        _ = try await fixture.agent.perform(.destroy, on: "vm-1", siteService: "site-a")
        try await fixture.agent.images.remove(named: image.name)
        #expect(try await fixture.agent.images.image(named: image.name) == nil)
        #expect(!FileManager.default.fileExists(atPath: image.path))
        let unknown = await #expect(throws: AgentError.self) { try await fixture.agent.images.remove(named: image.name) }
        #expect(unknown?.code == .unknownImage)
    }
}
