// GVE — LDIF
// Small POSIX file helpers: bounded reads for `file://` values and chunked reads for the streaming reader.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum FileReading {
    struct Failure: Error {
        var reason: String
    }

    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Reads a whole file of at most `limit` bytes.
    static func readAll(path: String, limit: Int) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(reason: errnoText()) }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: errnoText())
            }
            if n == 0 { return out }
            if out.count + n > limit { throw Failure(reason: "larger than the limit of \(limit) bytes") }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// One `read(2)` into `buffer`, retrying on EINTR; returns the byte count (0 at end of file) or -errno.
    static func readChunk(fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            return -Int(errno)
        }
    }
}
