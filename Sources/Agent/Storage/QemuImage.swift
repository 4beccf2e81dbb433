// GVE — Agent: disk images through qemu-img (Debian qemu-utils).
import Foundation

/// What `qemu-img info --output=json` says about a disk image.
public struct DiskImageInfo: Sendable, Hashable {
    public var format: String
    public var virtualSizeBytes: Int64
    public var actualSizeBytes: Int64
    public var backingFile: String?
    public var backingFormat: String?
}

/// qemu-img operations: inspect, copy-on-write overlay, full copy.
public enum QemuImage {
    /// Formats the Agent clones from and QEMU boots.
    public static let bootableFormats: Set<String> = ["qcow2", "raw", "vmdk", "vdi", "vhdx"]

    /// Reads an image's format and sizes (`qemu-img info --output=json`).
    /// - Throws: ``AgentError`` ``AgentError/Code/invalidRequest`` when qemu-img cannot read it.
    public static func info(_ path: String) async throws -> DiskImageInfo {
        let output = try await ProcessRunner.run("qemu-img", ["info", "--output=json", "--", path])
        guard output.status == 0 else {
            throw AgentError(.invalidRequest, "qemu-img cannot read '\(path)': \(output.standardErrorText)")
        }
        struct Raw: Decodable {
            var format: String
            var virtualSize: Int64
            var actualSize: Int64?
            var backingFilename: String?
            var fullBackingFilename: String?
            var backingFilenameFormat: String?
            enum CodingKeys: String, CodingKey {
                case format
                case virtualSize = "virtual-size"
                case actualSize = "actual-size"
                case backingFilename = "backing-filename"
                case fullBackingFilename = "full-backing-filename"
                case backingFilenameFormat = "backing-filename-format"
            }
        }
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: output.standardOutput)
        } catch {
            throw AgentError(.invalidRequest, "qemu-img info output for '\(path)' is not understood: \(error)")
        }
        return DiskImageInfo(
            format: raw.format, virtualSizeBytes: raw.virtualSize, actualSizeBytes: raw.actualSize ?? 0,
            backingFile: raw.fullBackingFilename ?? raw.backingFilename, backingFormat: raw.backingFilenameFormat)
    }

    /// Creates a qcow2 overlay whose backing file is `backing` (absolute path, format always explicit).
    /// - Parameter sizeBytes: the overlay's virtual size when larger than the backing file's; `nil` keeps it.
    /// - Throws: ``AgentError`` ``AgentError/Code/libvirtError`` with qemu-img's message.
    public static func createOverlay(backing: String, backingFormat: String, overlay: String, sizeBytes: Int64?) async throws {
        var arguments = ["create", "-q", "-f", "qcow2", "-b", backing, "-F", backingFormat, overlay]
        if let sizeBytes { arguments.append(String(sizeBytes)) }
        try await check(arguments, what: "create overlay '\(overlay)'")
    }

    /// Copies `source` into a standalone qcow2 file `destination`, then grows it to `sizeBytes` if given.
    public static func fullCopy(source: String, sourceFormat: String, destination: String, sizeBytes: Int64?) async throws {
        try await check(["convert", "-q", "-f", sourceFormat, "-O", "qcow2", source, destination], what: "copy '\(source)'")
        if let sizeBytes {
            try await check(["resize", "-q", "-f", "qcow2", destination, String(sizeBytes)], what: "resize '\(destination)'")
        }
    }

    private static func check(_ arguments: [String], what: String) async throws {
        let output = try await ProcessRunner.run("qemu-img", arguments)
        guard output.status == 0 else {
            throw AgentError(.libvirtError, "qemu-img could not \(what): \(output.standardErrorText)")
        }
    }

    /// SHA-256 of a file, lower-case hex (coreutils `sha256sum`, streamed).
    public static func sha256(_ path: String) async throws -> String {
        let output = try await ProcessRunner.run("sha256sum", ["--", path])
        guard output.status == 0, let digest = String(decoding: output.standardOutput, as: UTF8.self).split(separator: " ").first,
            digest.count == 64
        else {
            throw AgentError(.libvirtError, "sha256sum failed for '\(path)': \(output.standardErrorText)")
        }
        return String(digest)
    }
}
