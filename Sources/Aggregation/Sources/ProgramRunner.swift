// GVE — Aggregation
// Runs a provider or plugin program: stdout captured up to a byte cap, the tail of stderr kept, the
// whole process group killed on timeout, on exceeding the cap, or when the calling task is cancelled.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// How a program run ended.
public enum ProgramTermination: Sendable, Hashable, CustomStringConvertible {
    /// The program exited with this status.
    case exited(Int32)
    /// The program was ended by this signal (not sent by us).
    case signaled(Int32)
    /// It ran past its timeout and its process group was killed.
    case timedOut(Duration)
    /// It printed more than the byte cap and its process group was killed.
    case outputLimitExceeded(Int)
    /// The calling task was cancelled and the process group was killed.
    case cancelled
    /// It could not be started (errno).
    case spawnFailed(Int32)

    public var description: String {
        switch self {
        case .exited(let s): return "exit status \(s)"
        case .signaled(let s): return "killed by signal \(s)"
        case .timedOut(let d): return "timed out after \(d) and was killed"
        case .outputLimitExceeded(let n): return "printed more than \(n) bytes (the source's byte cap) and was killed"
        case .cancelled: return "cancelled"
        case .spawnFailed(let e): return "could not be started: \(String(cString: strerror(e)))"
        }
    }
}

/// The result of one program run.
public struct ProgramResult: Sendable {
    public var stdout: [UInt8]
    /// The last bytes of stderr (at most ``ProgramRunner/stderrTailBytes``).
    public var stderrTail: String
    public var termination: ProgramTermination
    /// True when the program exited with status 0.
    public var succeeded: Bool { termination == .exited(0) }
}

/// Runs external programs without blocking the cooperative thread pool: each run uses its own thread,
/// waiting in poll(2) on the program's pipes.
public enum ProgramRunner {
    /// How much of stderr is kept for reports.
    public static let stderrTailBytes = 2048

    /// Runs `path` with no arguments, stdin from /dev/null, in its own process group.
    /// - Parameters:
    ///   - path: the executable.
    ///   - timeout: wall time after which the process group gets SIGKILL.
    ///   - maxOutputBytes: stdout cap; past it the process group gets SIGKILL.
    /// - Returns: stdout, the tail of stderr and how it ended. Never throws: failures are in `termination`.
    public static func run(path: String, timeout: Duration, maxOutputBytes: Int) async -> ProgramResult {
        let cancelled = CancellationFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProgramResult, Never>) in
                let thread = Thread {
                    continuation.resume(returning: runBlocking(path: path, timeout: timeout, maxOutputBytes: maxOutputBytes, cancelled: cancelled))
                }
                thread.start()
            }
        } onCancel: {
            cancelled.value.withLock { $0 = true }
        }
    }

    static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func runBlocking(path: String, timeout: Duration, maxOutputBytes: Int, cancelled: CancellationFlag) -> ProgramResult {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { return ProgramResult(stdout: [], stderrTail: "", termination: .spawnFailed(errno)) }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            return ProgramResult(stdout: [], stderrTail: "", termination: .spawnFailed(errno))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in [outPipe[0], outPipe[1], errPipe[0], errPipe[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
        defer { for p in argv { free(p) } }
        // ETXTBSY: another thread of this process is writing the file, or a child forked meanwhile still
        // holds it open for writing (an operator replacing a provider). It clears within milliseconds.
        var rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        var attempts = 0
        while rc == ETXTBSY, attempts < 50 {
            attempts += 1
            usleep(10_000)
            rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        }
        close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0]); close(errPipe[0])
            return ProgramResult(stdout: [], stderrTail: "", termination: .spawnFailed(rc))
        }

        let deadline = monotonicNanoseconds() + UInt64(max(0, timeout.components.seconds)) * 1_000_000_000
            + UInt64(max(0, timeout.components.attoseconds / 1_000_000_000))
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var open: [Int32] = [outPipe[0], errPipe[0]]
        var killedFor: ProgramTermination?
        var buffer = [UInt8](repeating: 0, count: 65536)
        func killGroup(_ reason: ProgramTermination) {
            if killedFor == nil { killedFor = reason; kill(-pid, SIGKILL) }
        }
        while !open.isEmpty, killedFor == nil {
            let now = monotonicNanoseconds()
            if now >= deadline { killGroup(.timedOut(timeout)); break }
            if cancelled.value.withLock({ $0 }) { killGroup(.cancelled); break }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let wait = Int32(min(100, (deadline - now) / 1_000_000 + 1))
            let n = poll(&fds, nfds_t(fds.count), wait)
            if n < 0 { if errno == EINTR { continue }; break }
            for p in fds where p.revents != 0 {
                let got = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if got <= 0 {
                    if got < 0, errno == EINTR || errno == EAGAIN { continue }
                    close(p.fd)
                    open.removeAll { $0 == p.fd }
                } else if p.fd == outPipe[0] {
                    stdout.append(contentsOf: buffer[0..<got])
                    if stdout.count > maxOutputBytes { killGroup(.outputLimitExceeded(maxOutputBytes)) }
                } else {
                    stderr.append(contentsOf: buffer[0..<got])
                    if stderr.count > 4 * stderrTailBytes { stderr.removeFirst(stderr.count - stderrTailBytes) }
                }
            }
        }
        for fd in open { close(fd) }
        // Both pipes are closed (or we killed the group); wait for the exit, still bounded by the deadline.
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, killedFor == nil ? WNOHANG : 0)
            if r == pid { break }
            if r < 0, errno != EINTR { break }
            if r == 0 {
                if monotonicNanoseconds() >= deadline { killGroup(.timedOut(timeout)); continue }
                if cancelled.value.withLock({ $0 }) { killGroup(.cancelled); continue }
                usleep(2_000)
            }
        }
        let tail = String(decoding: stderr.suffix(stderrTailBytes), as: UTF8.self)
        let termination: ProgramTermination
        if let killedFor {
            termination = killedFor
        } else if status & 0x7f == 0 {
            termination = .exited((status >> 8) & 0xff)
        } else {
            termination = .signaled(status & 0x7f)
        }
        return ProgramResult(stdout: stdout, stderrTail: tail, termination: termination)
    }
}

/// A flag set by a task's cancellation handler and polled by the thread running the program.
final class CancellationFlag: Sendable {
    let value = Mutex(false)
}
