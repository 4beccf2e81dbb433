// GVE — Directory
// The data directory: `snapshot` (the whole state at a log sequence number) and `wal` (an
// append-only log of mutation batches after it). Each log record is `length, CRC-32, payload`
// and is fsynced before the write is acknowledged; a torn or corrupt tail is detected by length
// and CRC and cut off on open. Snapshots are written to a temporary file, fsynced and renamed.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A persistence failure (I/O or a corrupt snapshot).
struct PersistenceError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): \(reason)" }
}

/// The open data directory. Owned by the writer lock of ``Directory``.
struct Persistence: Sendable {
    let directory: String
    let snapshotAfterLogBytes: Int
    /// The log's file descriptor (an Int32 is a plain value; the writer lock serializes its use).
    private var logFD: Int32
    private var logBytes: Int
    private var lsn: UInt64

    /// Format 1 (entry records) is still read; format 2 (stored entries) is written.
    static let snapshotMagicV1 = Array("GVEDSNP1".utf8)
    static let snapshotMagic = Array("GVEDSNP2".utf8)

    /// What a format 2 snapshot is read against: the schema digest and type count of this run.
    struct SnapshotContext {
        var schemaDigest: UInt64
        var attributeTypeCount: Int
    }

    var walPath: String { directory + "/wal" }
    var snapshotPath: String { directory + "/snapshot" }

    /// Opens (creating when needed) a data directory and returns the mutations that rebuild its state:
    /// the snapshot's entries followed by the logged batches after it.
    /// The mutations are handed to `replay` one at a time as they are decoded, so the decoded
    /// form of the whole state never exists at once.
    /// Format 2 snapshot entries go to `load` with whether their stored form fits this schema.
    static func open(directory: String, snapshotAfterLogBytes: Int, context: SnapshotContext,
                     load: (SnapshotEntry, _ sameSchema: Bool) -> Void, replay: (StateMutation) -> Void) throws(DirectoryError) -> Persistence {
        do {
            return try openThrowing(directory: directory, snapshotAfterLogBytes: snapshotAfterLogBytes, context: context, load: load, replay: replay)
        } catch {
            throw DirectoryError(code: .other, message: "data directory \(directory): \(error)")
        }
    }

    private static func openThrowing(directory: String, snapshotAfterLogBytes: Int, context: SnapshotContext,
                                     load: (SnapshotEntry, Bool) -> Void, replay: (StateMutation) -> Void) throws -> Persistence {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST { throw PersistenceError(path: directory, reason: "mkdir: \(Self.errnoString())") }
        var snapshotLSN: UInt64 = 0
        let snapPath = directory + "/snapshot"
        if let data = try readAll(snapPath) {
            var r = BinaryReader(data)
            let magic = data.count >= 8 ? Array(data[0..<8]) : []
            guard data.count >= 24, magic == snapshotMagic || magic == snapshotMagicV1 else {
                throw PersistenceError(path: snapPath, reason: "not a snapshot file")
            }
            let v2 = magic == snapshotMagic
            r.i = 8
            snapshotLSN = try r.u64()
            let count = Int(try r.u64())
            let sameSchema = v2 ? try r.u64() == context.schemaDigest : false
            for n in 0..<count {
                guard let (payload, next) = frame(data, at: r.i) else {
                    throw PersistenceError(path: snapPath, reason: "record \(n + 1) of \(count) is damaged")
                }
                var pr = BinaryReader(data, from: payload.lowerBound, to: payload.upperBound)
                if v2 {
                    load(try pr.storedEntry(attributeTypeCount: sameSchema ? context.attributeTypeCount : Int(UInt16.max) + 1), sameSchema)
                } else {
                    replay(.put(try pr.record()))
                }
                r.i = next
            }
        }
        let walPath = directory + "/wal"
        var lsn = snapshotLSN
        var goodEnd = 0
        if let data = try readAll(walPath) {
            var at = 0
            while let (payload, next) = frame(data, at: at) {
                var pr = BinaryReader(data, from: payload.lowerBound, to: payload.upperBound)
                let recordLSN = try pr.u64()
                let n = Int(try pr.u32())
                var batch: [StateMutation] = []
                for _ in 0..<n { batch.append(try pr.mutation()) }
                if recordLSN > snapshotLSN { batch.forEach(replay) }
                lsn = max(lsn, recordLSN)
                at = next
            }
            goodEnd = at
        }
        let fd = Glibc.open(walPath, O_WRONLY | O_CREAT, 0o600)
        guard fd >= 0 else { throw PersistenceError(path: walPath, reason: "open: \(Self.errnoString())") }
        // Drop a torn or corrupt tail: those writes were never acknowledged.
        guard ftruncate(fd, off_t(goodEnd)) == 0, lseek(fd, off_t(goodEnd), SEEK_SET) >= 0, fsync(fd) == 0 else {
            Glibc.close(fd)
            throw PersistenceError(path: walPath, reason: "truncate: \(Self.errnoString())")
        }
        fsyncDirectory(directory)
        return Persistence(directory: directory, snapshotAfterLogBytes: snapshotAfterLogBytes, logFD: fd, logBytes: goodEnd, lsn: lsn)
    }

    /// The payload range and the offset after a `length, crc, payload` frame; nil when the frame is
    /// incomplete or its CRC does not match.
    static func frame(_ data: [UInt8], at: Int) -> (Range<Int>, Int)? {
        guard data.count - at >= 8 else { return nil }
        var r = BinaryReader(data, from: at)
        guard let len = try? r.u32(), let crc = try? r.u32() else { return nil }
        let start = at + 8
        guard data.count - start >= Int(len) else { return nil }
        let range = start..<(start + Int(len))
        guard CRC32.checksum(data[range]) == crc else { return nil }
        return (range, range.upperBound)
    }

    static func framed(_ payload: [UInt8]) -> [UInt8] {
        var w = BinaryWriter()
        w.u32(UInt32(payload.count))
        w.u32(CRC32.checksum(payload[...]))
        return w.bytes + payload
    }

    /// Whether the log has grown enough to be folded into a new snapshot.
    var wantsSnapshot: Bool { logBytes >= snapshotAfterLogBytes }

    /// Appends one batch and fsyncs it.
    mutating func append(_ mutations: [StateMutation]) throws {
        lsn += 1
        var w = BinaryWriter()
        w.u64(lsn)
        w.u32(UInt32(mutations.count))
        for m in mutations { w.mutation(m) }
        let bytes = Self.framed(w.bytes)
        try Self.writeAll(logFD, bytes, path: walPath)
        guard fsync(logFD) == 0 else { throw PersistenceError(path: walPath, reason: "fsync: \(Self.errnoString())") }
        logBytes += bytes.count
    }

    /// Writes the whole state as a snapshot at the current sequence number, then empties the log.
    /// - Parameter entries: every entry, parents before children.
    mutating func writeSnapshot(_ entries: [StoredEntry], schemaDigest: UInt64) throws {
        var w = BinaryWriter()
        w.bytes = Self.snapshotMagic
        w.u64(lsn)
        w.u64(UInt64(entries.count))
        w.u64(schemaDigest)
        var rw = BinaryWriter()
        for e in entries {
            rw.bytes.removeAll(keepingCapacity: true)
            rw.storedEntry(e, leafOnly: e.parent != nil)
            w.u32(UInt32(rw.bytes.count))
            w.u32(CRC32.checksum(rw.bytes[...]))
            w.bytes += rw.bytes
        }
        let tmp = snapshotPath + ".tmp"
        let fd = Glibc.open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw PersistenceError(path: tmp, reason: "open: \(Self.errnoString())") }
        do {
            try Self.writeAll(fd, w.bytes, path: tmp)
            guard fsync(fd) == 0 else { throw PersistenceError(path: tmp, reason: "fsync: \(Self.errnoString())") }
        } catch {
            Glibc.close(fd)
            throw error
        }
        Glibc.close(fd)
        guard rename(tmp, snapshotPath) == 0 else { throw PersistenceError(path: snapshotPath, reason: "rename: \(Self.errnoString())") }
        Self.fsyncDirectory(directory)
        // Records up to `lsn` are in the snapshot; a crash before this truncation only leaves
        // records that replay skips by sequence number.
        guard ftruncate(logFD, 0) == 0, lseek(logFD, 0, SEEK_SET) >= 0, fsync(logFD) == 0 else {
            throw PersistenceError(path: walPath, reason: "truncate: \(Self.errnoString())")
        }
        logBytes = 0
    }

    func closeLog() { _ = Glibc.close(logFD) }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, bytes.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PersistenceError(path: path, reason: "write: \(Self.errnoString())")
            }
            off += n
        }
    }

    static func readAll(_ path: String) throws -> [UInt8]? {
        let fd = Glibc.open(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw PersistenceError(path: path, reason: "open: \(Self.errnoString())")
        }
        defer { Glibc.close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw PersistenceError(path: path, reason: "stat: \(Self.errnoString())") }
        var data = [UInt8](repeating: 0, count: Int(st.st_size))
        var off = 0
        while off < data.count {
            let n = data.withUnsafeMutableBytes { read(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 { if errno == EINTR { continue }; throw PersistenceError(path: path, reason: "read: \(Self.errnoString())") }
            if n == 0 { break }
            off += n
        }
        if off < data.count { data.removeSubrange(off...) }
        return data
    }

    static func fsyncDirectory(_ path: String) {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { _ = fsync(fd); Glibc.close(fd) }
    }

    static func errnoString() -> String { String(cString: strerror(errno)) }
}
