// GVE — InfoProviderTests
// curl as the HTTP client of the /glue and /metrics tests (a real client, outside the process).
import Foundation

/// One answer as curl saw it.
struct CurlAnswer {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Runs `curl` once.
/// - Parameters:
///   - user: `name:password` for HTTP Basic, or nil.
///   - json: a request body sent as application/json.
func curl(_ method: String, _ url: String, user: String? = nil, json: String? = nil, headers: [String] = []) async throws -> CurlAnswer {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { throw CurlFailure(message: "curl is missing (scripts/setup.sh installs it)") }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-curl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let headerFile = dir.appendingPathComponent("headers").path
    let bodyFile = dir.appendingPathComponent("body").path
    var arguments = ["-sS", "-X", method, "-D", headerFile, "-o", bodyFile, "-w", "%{http_code}", "--max-time", "30"]
    if let user { arguments += ["-u", user] }
    if let json { arguments += ["-H", "Content-Type: application/json", "--data-binary", json] }
    for h in headers { arguments += ["-H", h] }
    arguments.append(url)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
        process.terminationHandler = { _ in c.resume() }
        do { try process.run() } catch { c.resume(throwing: error) }
    }
    let code = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard process.terminationStatus == 0, let status = Int(code) else {
        throw CurlFailure(message: "curl \(method) \(url) exited \(process.terminationStatus)")
    }
    var parsed: [String: String] = [:]
    let raw = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
    for line in raw.split(whereSeparator: \.isNewline) {
        guard let colon = line.firstIndex(of: ":") else { continue }
        parsed[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return CurlAnswer(status: status, headers: parsed, body: (try? Data(contentsOf: URL(fileURLWithPath: bodyFile))) ?? Data())
}

struct CurlFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
