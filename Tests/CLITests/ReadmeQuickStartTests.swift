// GVE — CLITests: the README's quick start, run as written. The commands are taken from README.md's fenced
// block (the one that exports GVE_CONFIG) and run by bash, in a directory whose `gve-data` is the data
// directory of a `gve up` this test starts (the binary, as `make up` runs it), so the README cannot drift.
import Foundation
import Testing

@Suite(.serialized) struct ReadmeQuickStartTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The bodies of README.md's fenced `sh` blocks, in order.
    static func shellBlocks() throws -> [String] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```sh") {
                current = []
            } else if current != nil, line.hasPrefix("```") {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current!.append(String(line))
            }
        }
        return blocks
    }

    /// `make up` is what the README's first block says: the Makefile's `up` target starts `gve up --data`
    /// with the `gve-data` directory the quick start's commands refer to.
    @Test func makeUpStartsGVEUpInGVEData() throws {
        let first = try #require(try Self.shellBlocks().first)
        #expect(first.contains("make up"))
        #expect(first.contains("make test"))
        let makefile = try String(contentsOf: Self.root.appendingPathComponent("Makefile"), encoding: .utf8)
        #expect(makefile.contains("DATA ?= ./gve-data"))
        #expect(makefile.contains("/gve up --data $(DATA)"))
    }

    /// The quick-start block, run verbatim by bash against a running `gve up`, succeeds: the VM request
    /// waits for a running VM, the list shows it and `gve hosts` shows the site's hosts.
    @Test func quickStartCommandsRunAsWritten() throws {
        let block = try #require(try Self.shellBlocks().first { $0.contains("export GVE_CONFIG=") },
                                 "README.md has no ```sh block exporting GVE_CONFIG")
        let commands = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(commands.contains { $0.hasPrefix("gve vm request") })

        let site = try RunningSite(agents: 2)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("gve-readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let bin = work.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("gve-data"), withDestinationURL: site.data)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("gve"),
                                                   withDestinationURL: URL(fileURLWithPath: GVEBinary.path))

        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-e", "-o", "pipefail", "-c", block]
        p.currentDirectoryURL = work
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["PWD"] = work.path
        environment["HOME"] = site.data.path
        environment.removeValue(forKey: "GVE_CONFIG")
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()

        #expect(p.terminationStatus == 0, "README quick start failed:\n\(block)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)")
        #expect(stdout.contains("running"), "\(stdout)")
        #expect(stdout.contains("GVE-LOCAL"), "\(stdout)")
        #expect(site.stop(), "gve up did not shut down cleanly on SIGTERM")
    }
}
