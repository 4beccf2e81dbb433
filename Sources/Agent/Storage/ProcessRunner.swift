// GVE — Agent: running external tools (qemu-img, sha256sum) off the cooperative pool.
import Dispatch
import Foundation
import Synchronization

/// The result of a finished process.
struct ProcessOutput: Sendable {
    var status: Int32
    var standardOutput: Data
    var standardError: Data

    var standardErrorText: String {
        String(decoding: standardError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Runs a program to completion on a GCD thread, collecting both output pipes.
enum ProcessRunner {
    /// Runs `executable` (searched in `PATH` when not absolute) with `arguments`.
    /// - Throws: ``AgentError`` ``AgentError/Code/libvirtError`` when the program cannot be started.
    static func run(_ executable: String, _ arguments: [String], input: Data? = nil) async throws -> ProcessOutput {
        let url = try locate(executable)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = url
                process.arguments = arguments
                let out = Pipe()
                let err = Pipe()
                process.standardOutput = out
                process.standardError = err
                let stdin = Pipe()
                process.standardInput = input == nil ? FileHandle.nullDevice : stdin
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: AgentError(.libvirtError, "cannot run \(executable): \(error)"))
                    return
                }
                if let input {
                    // Feed stdin from another thread so a large input cannot deadlock against full output pipes.
                    DispatchQueue.global().async {
                        stdin.fileHandleForWriting.write(input)
                        try? stdin.fileHandleForWriting.close()
                    }
                }
                // Drain stderr on another thread so neither pipe can fill up and stall the child.
                let errorData = LockedData()
                let group = DispatchGroup()
                group.enter()
                DispatchQueue.global().async {
                    errorData.set(err.fileHandleForReading.readDataToEndOfFile())
                    group.leave()
                }
                let outputData = out.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(
                    returning: ProcessOutput(status: process.terminationStatus, standardOutput: outputData, standardError: errorData.get()))
            }
        }
    }

    /// The absolute URL of `executable`.
    /// - Throws: ``AgentError`` ``AgentError/Code/libvirtError`` naming the missing program.
    static func locate(_ executable: String) throws -> URL {
        if executable.hasPrefix("/") { return URL(fileURLWithPath: executable) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(executable)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw AgentError(.libvirtError, "\(executable) not found in PATH")
    }
}

/// A Data cell written by one thread and read by another after a DispatchGroup wait.
private final class LockedData: Sendable {
    private let data = Mutex(Data())
    func set(_ value: Data) { data.withLock { $0 = value } }
    func get() -> Data { data.withLock { $0 } }
}
