// GVE — SiteServiceTests
// zeep (python3-zeep, a real SOAP client) loads the WSDL from the running server and calls every operation.
import Foundation
import Testing
@testable import SiteService

@Suite struct ZeepTests {
    /// zeep calls every operation (SOAP 1.1 and 1.2, WS-Security Text and Digest) and sees the documented faults.
    @Test func zeepCallsEveryOperation() async throws {
        let python = "/usr/bin/python3"
        #expect(FileManager.default.isExecutableFile(atPath: python), "python3-zeep is required (Debian python3-zeep)")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("zeep/site_zeep.py").path
        let f = try await Fixture.make(settings: SiteSettings(defaultLifetime: 600, maximumLifetime: 7200, warningTime: 10))
        let agent = TestAgent(hostname: "zeep-host", cpus: 8, memoryMB: 16384, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await withSite(database: f.db, runner: .init(tick: .milliseconds(20), inventoryInterval: .milliseconds(200))) { port in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: python)
                process.arguments = [script, "http://127.0.0.1:\(port)/soap?wsdl", "http://127.0.0.1:\(agentPort)"]
                let out = Pipe()
                process.standardOutput = out
                process.standardError = out
                try process.run()
                let data = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let text = String(decoding: data, as: UTF8.self)
                #expect(process.terminationStatus == 0, "\(text)")
                #expect(text.contains("calls ok"), "\(text)")
            }
        }
    }
}
