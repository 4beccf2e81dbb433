// GVE — AgentTests: natively written qcow2 overlays, checked by QEMU's own tools.
import Foundation
import Testing

@testable import Agent

@Suite struct QCOW2OverlayTests {
    /// One template shape: how it is made and how big the overlay on it is.
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var format: String
        /// `qemu-img create` size argument, or nil for a raw file of `rawBytes`.
        var size: String?
        var rawBytes: Int = 0
        /// Extra bytes the overlay grows beyond the template (0: the template's size).
        var grow: Int64 = 0
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "1 GiB qcow2", format: "qcow2", size: "1G"),
        Case(label: "100 GiB sparse qcow2", format: "qcow2", size: "100G"),
        Case(label: "odd-sized qcow2 grown by an odd amount", format: "qcow2", size: "1000001", grow: (3 << 29) + 4608),
        Case(label: "odd-sized raw", format: "raw", rawBytes: 1_000_001),
    ]

    /// The overlay reads as a qcow2 image on the template with an explicit backing format and the right size;
    /// `qemu-img check` finds no error and no leak, `qemu-img compare` finds it identical to the template, and
    /// QEMU can write into it, check it again and commit the write into the template.
    @Test(arguments: cases) func overlayIsAValidQcow2OnItsTemplate(_ c: Case) async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let template = directory.appendingPathComponent("template.\(c.format)").path
        if let size = c.size {
            try runTool("qemu-img", ["create", "-q", "-f", c.format, template, size])
        } else {
            #expect(FileManager.default.createFile(atPath: template, contents: Data((0..<c.rawBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })))
        }
        try runTool("qemu-io", ["-f", c.format, "-c", "write -P 0x5a 0 64k", template])
        let templateSize = try #require(try qemuImgInfo(template)["virtual-size"] as? Int)
        let overlay = directory.appendingPathComponent("overlay.qcow2").path
        let size = Int64(templateSize) + c.grow
        try await QCOW2Overlay.create(backing: template, backingFormat: c.format, overlay: overlay, virtualSizeBytes: size, syncDirectory: c.grow > 0)

        let info = try qemuImgInfo(overlay)
        #expect(info["format"] as? String == "qcow2")
        #expect(info["backing-filename"] as? String == template)
        #expect(info["backing-filename-format"] as? String == c.format)
        #expect(info["virtual-size"] as? Int == Int(size))
        #expect(info["cluster-size"] as? Int == 65536)
        #expect(try Self.tool("qemu-img", ["check", "-f", "qcow2", overlay]).status == 0)
        let compare = try Self.tool("qemu-img", ["compare", "-f", "qcow2", "-F", c.format, overlay, template])
        #expect(compare.status == 0, "\(compare.output)")
        #expect(compare.output.contains("identical"))

        // QEMU writes into the overlay; the image stays consistent and the write commits into the template.
        try runTool("qemu-io", ["-f", "qcow2", "-c", "write -P 0x11 65536 64k", overlay])
        let check = try Self.tool("qemu-img", ["check", "--output=json", "-f", "qcow2", overlay])
        #expect(check.status == 0, "\(check.output)")
        #expect(!check.output.contains("\"leaks\"") && !check.output.contains("\"corruptions\""))
        try runTool("qemu-img", ["commit", "-q", "-f", "qcow2", overlay])
        #expect(try Self.tool("qemu-io", ["-f", c.format, "-c", "read -P 0x11 65536 64k", template]).output.contains("read 65536/65536"))
        #expect(try Self.tool("qemu-io", ["-f", c.format, "-c", "read -P 0x5a 0 64k", template]).output.contains("read 65536/65536"))
    }

    /// The metadata counts itself: the refcount block holds one reference for each of the header, refcount
    /// table, refcount block and L1 clusters, and the L1 table has one entry per 512 MiB.
    @Test func layoutSizesL1AndRefcountsForTheVirtualSize() throws {
        let small = try QCOW2OverlayLayout(virtualSizeBytes: 1 << 30, backingFile: "/t.qcow2", backingFormat: "qcow2")
        #expect(small.l1Entries == 2 && small.l1Clusters == 1)
        #expect(small.fileLength == 3 * 65536 + 16)
        let huge = try QCOW2OverlayLayout(virtualSizeBytes: 100 << 40, backingFile: "/t.qcow2", backingFormat: "qcow2")
        #expect(huge.l1Entries == 204_800 && huge.l1Clusters == 25)
        let bytes = huge.bytes()
        #expect(bytes.count == huge.fileLength)
        func be16(_ offset: Int) -> Int { Int(bytes[offset]) << 8 | Int(bytes[offset + 1]) }
        let counted = (0..<40).map { be16(QCOW2OverlayLayout.refcountBlockOffset + 2 * $0) }
        #expect(counted == Array(repeating: 1, count: 3 + 25) + Array(repeating: 0, count: 12))
        #expect(Array(bytes[0..<4]) == [0x51, 0x46, 0x49, 0xFB])
    }

    /// Parameters the format cannot hold are refused, naming the limit.
    @Test func layoutRejectsWhatTheFormatCannotHold() {
        func refused(_ size: Int64, _ name: String, _ format: String) -> String? {
            do {
                _ = try QCOW2OverlayLayout(virtualSizeBytes: size, backingFile: name, backingFormat: format)
                return nil
            } catch let error as AgentError {
                return error.code == .invalidRequest ? error.message : "wrong code \(error.code)"
            } catch { return "\(error)" }
        }
        #expect(refused(0, "/t", "raw")?.contains("virtual size 0") == true)
        #expect(refused(QCOW2OverlayLayout.maximumVirtualSize + 1, "/t", "raw")?.contains("outside") == true)
        #expect(refused(1 << 30, "/" + String(repeating: "a", count: 1023), "raw")?.contains("1024 bytes") == true)
        #expect(refused(1 << 30, "", "raw")?.contains("0 bytes") == true)
        #expect(refused(1 << 30, "/t", "q cow")?.contains("backing format") == true)
        #expect(refused(QCOW2OverlayLayout.maximumVirtualSize, "/" + String(repeating: "a", count: 1022), "qcow2") == nil)
    }

    /// An existing file is never overwritten, and a write that cannot happen leaves no file.
    @Test func createNeverOverwritesAndFailureLeavesNothing() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let existing = directory.appendingPathComponent("existing.qcow2").path
        #expect(FileManager.default.createFile(atPath: existing, contents: Data("keep me".utf8)))
        let clash = await #expect(throws: AgentError.self) {
            try await QCOW2Overlay.create(backing: "/t.qcow2", backingFormat: "qcow2", overlay: existing, virtualSizeBytes: 1 << 30)
        }
        #expect(clash?.message.contains("File exists") == true)
        #expect(FileManager.default.contents(atPath: existing) == Data("keep me".utf8))
        let missing = directory.appendingPathComponent("no-such-dir/overlay.qcow2").path
        await #expect(throws: AgentError.self) {
            try await QCOW2Overlay.create(backing: "/t.qcow2", backingFormat: "qcow2", overlay: missing, virtualSizeBytes: 1 << 30)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["existing.qcow2"])
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gve-qcow2-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a tool and returns its exit status with stdout and stderr together.
    static func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
