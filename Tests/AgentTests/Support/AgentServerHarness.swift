// GVE — AgentTests: a running Agent HTTP server on a free loopback port, and a tiny SOAP client.
import Foundation
import Logging
import SOAP
import ServiceLifecycle

import Dispatch

@testable import Agent

/// Runs the Agent's HTTP application on 127.0.0.1 (port 0) around `body`, then shuts it down gracefully.
func withAgentServer<T: Sendable>(_ agent: HostAgent, metrics: AgentMetrics? = nil, _ body: (SOAPTestClient) async throws -> T) async throws -> T {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let service = AgentSOAPService(agent: agent, metrics: metrics)
    let app = AgentHTTPServer.makeApplication(
        service: service, configuration: .init(host: "127.0.0.1", port: 0), onServerRunning: { port in portContinuation.yield(port) })
    var logger = Logger(label: "gve.agent.test")
    logger.logLevel = .critical
    let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw AgentError(.libvirtError, "server did not start") }
        let client = SOAPTestClient(base: URL(string: "http://127.0.0.1:\(port)/soap")!)
        do {
            let result = try await body(client)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

/// A SOAP 1.1 client for tests: posts raw envelopes with HTTP Basic credentials.
struct SOAPTestClient: Sendable {
    let base: URL
    var username = "site-a"
    var password = "secret-a"

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
        var envelope: SOAPEnvelope? { try? SOAPEnvelope(data: body) }
        var fault: SOAPFault? { try? envelope?.fault() }
        var faultCode: String? { fault?.applicationCode(namespace: AgentSOAPService.namespace) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Posts raw bytes (with curl: Foundation's URLSession on Linux stalls on a 401 challenge).
    func post(_ body: String, credentials: Bool = true) async throws -> Reply {
        var arguments = ["-s", "-i", "-X", "POST", "-H", "Content-Type: text/xml; charset=utf-8", "--data-binary", "@-"]
        if credentials {
            arguments += ["-H", "Authorization: " + HTTPBasicCredential(username: username, password: password).authorizationHeader]
        }
        arguments.append(base.absoluteString)
        let raw = try await curl(arguments, input: Data(body.utf8))
        // Split the status line and headers from the body.
        guard let split = raw.range(of: Data("\r\n\r\n".utf8)) else { throw AgentError(.invalidRequest, "no HTTP response") }
        let head = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Reply(status: status, headers: headers, body: Data(raw[split.upperBound...]))
    }

    /// Posts `<operation xmlns="urn:gve:agent:1">fields</operation>` in a SOAP 1.1 envelope.
    func call(_ operation: String, _ fields: [(String, String)] = []) async throws -> Reply {
        let inner = fields.map { "<\($0.0)>\($0.1)</\($0.0)>" }.joined()
        return try await post(Self.envelope("<\(operation) xmlns=\"urn:gve:agent:1\">\(inner)</\(operation)>"))
    }

    static func envelope(_ body: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\(body)</soap:Body></soap:Envelope>"
    }

    /// GETs a path of the same server (e.g. `/metrics`).
    func get(path: String) async throws -> (Int, String) {
        let url = base.deletingLastPathComponent().absoluteString.dropLast() + path
        let raw = try await curl(["-s", "-w", "\n%{http_code}", String(url)], input: Data())
        let text = String(decoding: raw, as: UTF8.self)
        guard let newline = text.lastIndex(of: "\n") else { return (0, text) }
        return (Int(text[text.index(after: newline)...]) ?? 0, String(text[..<newline]))
    }

    func get(query: String) async throws -> (Int, String) {
        let raw = try await curl(["-s", "-w", "\n%{http_code}", base.absoluteString + "?" + query], input: Data())
        let text = String(decoding: raw, as: UTF8.self)
        guard let newline = text.lastIndex(of: "\n") else { return (0, text) }
        return (Int(text[text.index(after: newline)...]) ?? 0, String(text[..<newline]))
    }

    private func curl(_ arguments: [String], input: Data) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
                process.arguments = arguments
                let stdin = Pipe()
                let stdout = Pipe()
                process.standardInput = stdin
                process.standardOutput = stdout
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
                let data = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }
        }
    }
}

extension SOAPTestClient.Reply {
    /// The `<vm>` of a single-VM response.
    var vm: SOAPElement? { envelope?.body.child("vm") }
}
