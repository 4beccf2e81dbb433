// GVE — LDIF
// Splits buffered input into logical lines (RFC 2849 §2: a line that begins with one space continues the
// previous line). Unfolded lines are handed out in place when they were not folded, so the common case
// copies nothing.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a continuation segment starts in an unfolded line.
struct Fold: Sendable {
    /// Offset of the segment in the unfolded line.
    var offset: Int
    /// Its physical line number.
    var line: Int
}

struct LineScanner: Sendable {
    enum Token {
        /// An unfolded line, in place in `buffer`, starting at physical line `line`.
        case line(Range<Int>, line: Int)
        /// A folded line, unfolded into `scratch`, with `folds` mapping offsets back to lines.
        case folded(line: Int)
        /// An empty line: the end of a record.
        case blank(line: Int)
        /// A continuation line with no line before it to continue.
        case orphanContinuation(line: Int)
        /// No complete line yet: feed more input.
        case needMore
        /// The input is finished and fully consumed.
        case end
    }

    static let lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20

    /// Input bytes in `buffer[start..<end]`; `buffer[end...]` is room for the next read.
    var buffer: [UInt8] = []
    var end = 0
    var start = 0
    /// Physical line number of the line at `start`.
    var line = 1
    var isFinished = false
    var scratch: [UInt8] = []
    var folds: [Fold] = []
    let maxLineLength: Int

    init(maxLineLength: Int) { self.maxLineLength = maxLineLength }

    /// Drops what has been consumed (once it is all of the input or 64 KiB) so that memory stays bounded.
    mutating func compact() {
        guard start > 0 && (start >= end || start >= 1 << 16) else { return }
        let remaining = end - start
        if remaining > 0 {
            buffer.withUnsafeMutableBytes { raw in
                if let base = raw.baseAddress { _ = memmove(base, base + start, remaining) }
            }
        }
        end = remaining
        start = 0
    }

    /// Makes room for `count` more bytes after `end` (growing geometrically, zero-filled once).
    mutating func reserve(_ count: Int) {
        let needed = end + count
        if buffer.count < needed { buffer.append(contentsOf: repeatElement(0, count: max(needed - buffer.count, buffer.count))) }
    }

    /// Appends input, dropping what has been consumed so that memory stays bounded.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        guard bytes.count > 0 else { return }
        reserve(bytes.count)
        buffer.withUnsafeMutableBytes { raw in
            UnsafeMutableRawBufferPointer(rebasing: raw[end..<(end + bytes.count)]).copyMemory(from: bytes)
        }
        end += bytes.count
    }

    /// Reads up to `count` bytes from `fd` straight into the buffer (no intermediate copy).
    /// - Returns: The byte count (0 at end of file) or -errno.
    mutating func read(from fd: Int32, count: Int) -> Int {
        compact()
        reserve(count)
        let n = buffer.withUnsafeMutableBytes { raw in
            FileReading.readChunk(fd: fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[end..<(end + count)]))
        }
        if n > 0 { end += n }
        return n
    }

    /// Offset of the next LF at or after `from`, nil if none is buffered.
    func newline(from: Int) -> Int? {
        buffer.withUnsafeBytes { raw -> Int? in
            guard from < end, let base = raw.baseAddress else { return nil }
            guard let p = memchr(base + from, 0x0A, end - from) else { return nil }
            return base.distance(to: UnsafeRawPointer(p))
        }
    }

    func tooLong(_ length: Int) -> LDIFError {
        LDIFError(.limit, line: line, column: 1,
                  "line longer than the limit of \(maxLineLength) bytes (LDIFParser.Configuration.maxLineLength)")
    }

    mutating func next() throws(LDIFError) -> Token {
        let n = end
        if start >= n { return isFinished ? .end : .needMore }
        let lineNumber = line
        guard let nl = newline(from: start) ?? (isFinished ? n : nil) else {
            if n - start > maxLineLength { throw tooLong(n - start) }
            return .needMore
        }
        var end = nl
        if end > start && buffer[end - 1] == Self.cr { end -= 1 }
        let after = nl == n ? n : nl + 1
        if end == start {
            start = after; line += 1
            return .blank(line: lineNumber)
        }
        if buffer[start] == Self.space {
            start = after; line += 1
            return .orphanContinuation(line: lineNumber)
        }
        if after >= n && !isFinished { return .needMore }
        if after >= n || buffer[after] != Self.space {
            if end - start > maxLineLength { throw tooLong(end - start) }
            let range = start..<end
            start = after; line += 1
            return .line(range, line: lineNumber)
        }
        // Folded: make sure every continuation line and the byte after the last one are buffered.
        var cur = after
        while cur < n && buffer[cur] == Self.space {
            guard let cnl = newline(from: cur) ?? (isFinished ? n : nil) else {
                if n - start > 2 * maxLineLength { throw tooLong(n - start) }
                return .needMore
            }
            let cnext = cnl == n ? n : cnl + 1
            if cnext >= n && !isFinished { return .needMore }
            cur = cnext
        }
        scratch.removeAll(keepingCapacity: true)
        folds.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: buffer[start..<end])
        var p = after
        var segmentLine = lineNumber + 1
        while p < cur {
            let snl = newline(from: p).map { min($0, cur) } ?? cur
            var send = snl
            if send > p + 1 && buffer[send - 1] == Self.cr { send -= 1 }
            folds.append(Fold(offset: scratch.count, line: segmentLine))
            if send > p + 1 { scratch.append(contentsOf: buffer[(p + 1)..<send]) }
            p = snl == n ? n : snl + 1
            segmentLine += 1
            if scratch.count > maxLineLength { throw tooLong(scratch.count) }
        }
        start = cur
        line = segmentLine
        return .folded(line: lineNumber)
    }
}
