// GVE — Agent: copy-on-write qcow2 overlays written natively (no qemu-img process).
//
// Layout facts are from the QEMU qcow2 format specification (docs/interop/qcow2.txt): a version 3 header in
// cluster 0 followed by the header extensions and the backing file name, the refcount table in cluster 1, its
// only refcount block in cluster 2 and the (empty) active L1 table from cluster 3 on. No data clusters: every
// guest read falls through to the backing file until the guest writes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch
import Foundation

/// A qcow2 version 3 overlay image, as bytes: what ``QCOW2Overlay/create(backing:backingFormat:overlay:virtualSizeBytes:)``
/// writes to disk.
///
/// The image has 64 KiB clusters, 16-bit refcounts, no snapshots, no encryption, zlib (default) compression and no
/// feature bits. The backing file format is always written (header extension `0xe2792aca`), so QEMU never probes
/// the backing file's format.
public struct QCOW2OverlayLayout: Sendable, Hashable {
    /// `log2` of the cluster size (64 KiB clusters).
    public static let clusterBits: UInt32 = 16
    /// The cluster size in bytes.
    public static let clusterSize = 1 << Int(clusterBits)
    /// The longest backing file name the format allows, in bytes (spec: "Must not be longer than 1023 bytes").
    public static let maximumBackingFileNameLength = 1023
    /// QEMU's implementation limit on the active L1 table (32 MiB), which bounds the virtual size.
    public static let maximumL1TableBytes = 32 << 20
    /// The largest virtual size an overlay may have: 32 MiB of L1 entries, each mapping one L2 table of
    /// `clusterSize / 8` clusters (2 PiB with 64 KiB clusters).
    public static let maximumVirtualSize: Int64 = Int64(maximumL1TableBytes / 8) * Int64(clusterSize / 8) * Int64(clusterSize)

    /// The guest-visible size in bytes.
    public let virtualSizeBytes: Int64
    /// The backing file name as stored (an absolute path for GVE's clones).
    public let backingFile: String
    /// The backing file's format (`qcow2`, `raw`, …).
    public let backingFormat: String

    /// Entries of the active L1 table: one per `clusterSize * clusterSize / 8` bytes of virtual disk.
    public var l1Entries: Int {
        let bytesPerL1Entry = Int64(Self.clusterSize / 8) * Int64(Self.clusterSize)
        return Int((virtualSizeBytes + bytesPerL1Entry - 1) / bytesPerL1Entry)
    }
    /// Clusters the L1 table occupies (at least one).
    public var l1Clusters: Int { max(1, (l1Entries * 8 + Self.clusterSize - 1) / Self.clusterSize) }
    /// Byte offsets of the refcount table, the refcount block and the L1 table.
    public static let refcountTableOffset = clusterSize
    public static let refcountBlockOffset = 2 * clusterSize
    public static let l1TableOffset = 3 * clusterSize
    /// The image file's length: three metadata clusters plus the L1 entries (as `qemu-img create` lays it out).
    public var fileLength: Int { Self.l1TableOffset + max(8, l1Entries * 8) }

    /// Validates the parameters.
    /// - Throws: ``AgentError`` ``AgentError/Code/invalidRequest`` naming the field and the limit: a virtual size
    ///   of zero or above ``maximumVirtualSize``, an empty or over-long backing file name, a backing format that
    ///   is empty, longer than 64 bytes or not printable ASCII.
    public init(virtualSizeBytes: Int64, backingFile: String, backingFormat: String) throws {
        guard virtualSizeBytes > 0, virtualSizeBytes <= Self.maximumVirtualSize else {
            throw AgentError(.invalidRequest, "qcow2 overlay: virtual size \(virtualSizeBytes) bytes is outside 1...\(Self.maximumVirtualSize)")
        }
        let nameLength = backingFile.utf8.count
        guard nameLength > 0, nameLength <= Self.maximumBackingFileNameLength else {
            throw AgentError(
                .invalidRequest,
                "qcow2 overlay: backing file name is \(nameLength) bytes; the format allows 1...\(Self.maximumBackingFileNameLength)")
        }
        guard !backingFormat.isEmpty, backingFormat.utf8.count <= 64, backingFormat.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw AgentError(.invalidRequest, "qcow2 overlay: backing format '\(backingFormat)' is not a 1-64 byte printable name")
        }
        self.virtualSizeBytes = virtualSizeBytes
        self.backingFile = backingFile
        self.backingFormat = backingFormat
    }

    /// Header extension types (spec, "Header extensions").
    enum HeaderExtension {
        static let end: UInt32 = 0x0000_0000
        static let backingFileFormat: UInt32 = 0xE279_2ACA
    }
    /// The fixed version 3 header length including the compression type byte, padded to a multiple of 8.
    static let headerLength = 112

    /// The whole image file, ready to be written at offset 0.
    public func bytes() -> [UInt8] {
        var image = [UInt8](repeating: 0, count: fileLength)
        let formatBytes = Array(backingFormat.utf8)
        let nameBytes = Array(backingFile.utf8)
        // Extensions start right after the header; the backing file name follows the end-of-extensions marker.
        let formatExtensionLength = 8 + (formatBytes.count + 7) / 8 * 8
        let nameOffset = Self.headerLength + formatExtensionLength + 8
        image.withUnsafeMutableBytes { raw in
            func put32(_ value: UInt32, at offset: Int) { raw.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self) }
            func put64(_ value: UInt64, at offset: Int) {
                // Unaligned-safe: write through a byte copy.
                withUnsafeBytes(of: value.bigEndian) { raw.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: 8) }
            }
            put32(0x5146_49FB, at: 0)                              // magic "QFI\xfb"
            put32(3, at: 4)                                        // version
            put64(UInt64(nameOffset), at: 8)                       // backing_file_offset
            put32(UInt32(nameBytes.count), at: 16)                 // backing_file_size
            put32(Self.clusterBits, at: 20)                        // cluster_bits
            put64(UInt64(virtualSizeBytes), at: 24)                // size
            put32(0, at: 32)                                       // crypt_method: none
            put32(UInt32(l1Entries), at: 36)                       // l1_size
            put64(UInt64(Self.l1TableOffset), at: 40)              // l1_table_offset
            put64(UInt64(Self.refcountTableOffset), at: 48)        // refcount_table_offset
            put32(1, at: 56)                                       // refcount_table_clusters
            put32(0, at: 60)                                       // nb_snapshots
            put64(0, at: 64)                                       // snapshots_offset
            // 72..<96: incompatible, compatible and autoclear feature bits, all clear.
            put32(4, at: 96)                                       // refcount_order: 16-bit refcounts
            put32(UInt32(Self.headerLength), at: 100)              // header_length
            // 104: compression_type 0 (zlib), then zero padding to 112.

            var offset = Self.headerLength
            put32(HeaderExtension.backingFileFormat, at: offset)
            put32(UInt32(formatBytes.count), at: offset + 4)
            raw.baseAddress!.advanced(by: offset + 8).copyMemory(from: formatBytes, byteCount: formatBytes.count)
            offset += formatExtensionLength
            put32(HeaderExtension.end, at: offset)
            put32(0, at: offset + 4)
            raw.baseAddress!.advanced(by: nameOffset).copyMemory(from: nameBytes, byteCount: nameBytes.count)

            // The refcount table's first entry points at the refcount block, which counts every metadata
            // cluster once: header, refcount table, refcount block and the L1 clusters.
            put64(UInt64(Self.refcountBlockOffset), at: Self.refcountTableOffset)
            for cluster in 0..<(3 + l1Clusters) {
                raw.storeBytes(of: UInt16(1).bigEndian, toByteOffset: Self.refcountBlockOffset + 2 * cluster, as: UInt16.self)
            }
        }
        return image
    }
}

/// Writes ``QCOW2OverlayLayout`` images to disk.
public enum QCOW2Overlay {
    /// Creates the qcow2 overlay file `overlay` on `backing` with one write and one `fdatasync` (the metadata is on
    /// disk, never torn, before the call returns).
    ///
    /// With `syncDirectory` the directory is `fsync`ed too, so the new name itself survives a power cut; each sync
    /// costs a few milliseconds on ordinary disks (about 6 ms each on the benchmark machine), so the Agent leaves it
    /// off: its database commit that follows the clone syncs the file system journal on ext4 and XFS, and a disk
    /// lost anyway shows up as a Start failing with libvirt's "no such file" error.
    ///
    /// The file is created exclusively (an existing file is never overwritten) with mode 0644 before the umask;
    /// on any failure after creating it, it is removed, so a failed call leaves nothing behind. The blocking
    /// system calls run on a GCD thread, not on the caller's executor.
    /// - Parameters:
    ///   - backing: the backing file's path, stored as given (pass an absolute path).
    ///   - backingFormat: the backing file's format, always written explicitly.
    ///   - virtualSizeBytes: the overlay's virtual size (at least the backing file's for a full view of it).
    ///   - syncDirectory: also `fsync` the directory holding `overlay`.
    /// - Throws: ``AgentError`` ``AgentError/Code/invalidRequest`` for parameters the format cannot hold (see
    ///   ``QCOW2OverlayLayout/init(virtualSizeBytes:backingFile:backingFormat:)``) or an existing `overlay`;
    ///   ``AgentError/Code/libvirtError`` naming the system call and `errno` text when the write fails.
    public static func create(
        backing: String, backingFormat: String, overlay: String, virtualSizeBytes: Int64, syncDirectory: Bool = false
    ) async throws {
        let layout = try QCOW2OverlayLayout(virtualSizeBytes: virtualSizeBytes, backingFile: backing, backingFormat: backingFormat)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try write(layout, to: overlay, syncDirectory: syncDirectory) })
            }
        }
    }

    /// The synchronous part of ``create(backing:backingFormat:overlay:virtualSizeBytes:)``.
    static func write(_ layout: QCOW2OverlayLayout, to path: String, syncDirectory: Bool) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            throw AgentError(code == EEXIST ? .invalidRequest : .libvirtError, "cannot create overlay '\(path)': \(String(cString: strerror(code)))")
        }
        var created = true
        defer {
            if created { unlink(path) }
        }
        do {
            defer { close(descriptor) }
            let bytes = layout.bytes()
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, bytes.count - written, off_t(written)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw systemError("write", path)
                }
                written += n
            }
            guard fdatasync(descriptor) == 0 else { throw systemError("fdatasync", path) }
        }
        let directory = (path as NSString).deletingLastPathComponent
        let directoryDescriptor = syncDirectory ? open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1
        if directoryDescriptor >= 0 {
            defer { close(directoryDescriptor) }
            guard fsync(directoryDescriptor) == 0 else { throw systemError("fsync of the directory of", path) }
        }
        created = false
    }

    private static func systemError(_ call: String, _ path: String) -> AgentError {
        AgentError(.libvirtError, "\(call) '\(path)' failed: \(String(cString: strerror(errno)))")
    }
}
