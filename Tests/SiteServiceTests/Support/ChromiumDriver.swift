// GVE — SiteServiceTests
// Drives Debian's headless Chromium over the Chrome DevTools Protocol on a pipe (`--remote-debugging-pipe`: the
// browser reads commands on fd 3 and writes replies and events on fd 4, each message one JSON text ended by NUL).
// No WebSocket and no port: the shell maps the child's stdin/stdout pipes to fds 3 and 4. Every wait polls the
// page with a deadline; nothing sleeps and hopes.
import Foundation

/// Why a browser step failed.
struct ChromiumDriverError: Error, CustomStringConvertible {
    var description: String
}

/// One headless Chromium with one page, driven through CDP.
actor ChromiumDriver {
    static let executable = "/usr/bin/chromium"

    private let process: Process
    private let commands: FileHandle
    private var nextID = 0
    private var pending: [Int: CheckedContinuation<Data, any Error>] = [:]
    private var buffer = Data()
    private var ended: String?
    private var sessionID: String?
    /// Script exceptions, console errors and browser log errors (CSP violations, failed loads) seen so far.
    private(set) var pageErrors: [String] = []

    private init(process: Process, commands: FileHandle) {
        self.process = process
        self.commands = commands
    }

    /// Starts Chromium, opens a page, runs `body`, then closes the browser (also when `body` throws).
    /// - Parameter budget: seconds after which `timeout(1)` kills the browser whatever happens.
    static func with(budget: Int = 90, _ body: (ChromiumDriver) async throws -> Void) async throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ChromiumDriverError(description: "\(executable) is missing: scripts/setup.sh installs chromium")
        }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("gve-cdp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: profile) }

        let toBrowser = Pipe(), fromBrowser = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec /usr/bin/timeout \(budget) \"$@\" 3<&0 4>&1 0</dev/null 1>/dev/null", "sh", executable,
                             "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
                             "--disable-extensions", "--user-data-dir=\(profile.path)", "--remote-debugging-pipe", "about:blank"]
        process.standardInput = toBrowser
        process.standardOutput = fromBrowser
        process.standardError = FileHandle.nullDevice
        let (exited, exitContinuation) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { p in
            exitContinuation.yield(p.terminationStatus)
            exitContinuation.finish()
        }
        let (chunks, chunkContinuation) = AsyncStream.makeStream(of: Data.self)
        fromBrowser.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                chunkContinuation.finish()
            } else {
                chunkContinuation.yield(data)
            }
        }
        try process.run()
        let driver = ChromiumDriver(process: process, commands: toBrowser.fileHandleForWriting)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await chunk in chunks { await driver.receive(chunk) }
                await driver.end("the browser closed its pipe")
            }
            do {
                try await driver.attach()
                try await body(driver)
            } catch {
                await driver.close(exited: exited)
                group.cancelAll()
                throw error
            }
            await driver.close(exited: exited)
            group.cancelAll()
        }
    }

    // MARK: protocol

    private func receive(_ chunk: Data) {
        buffer.append(chunk)
        while let end = buffer.firstIndex(of: 0) {
            let message = buffer[buffer.startIndex..<end]
            buffer = Data(buffer[buffer.index(after: end)...])
            guard let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any] else { continue }
            if let method = object["method"] as? String {
                record(method, object["params"] as? [String: Any] ?? [:])
                continue
            }
            guard let id = object["id"] as? Int, let continuation = pending.removeValue(forKey: id) else { continue }
            continuation.resume(returning: Data(message))
        }
    }

    /// Keeps the error events among those the page sends.
    private func record(_ method: String, _ params: [String: Any]) {
        switch method {
        case "Runtime.exceptionThrown":
            let details = params["exceptionDetails"] as? [String: Any] ?? [:]
            pageErrors.append("exception: \((details["exception"] as? [String: Any])?["description"] ?? details["text"] ?? "?")")
        case "Runtime.consoleAPICalled" where params["type"] as? String == "error":
            pageErrors.append("console.error: \(params["args"] ?? "")")
        case "Log.entryAdded":
            let entry = params["entry"] as? [String: Any] ?? [:]
            if entry["level"] as? String == "error" { pageErrors.append("\(entry["source"] ?? "log"): \(entry["text"] ?? "?") \(entry["url"] ?? "")") }
        default:
            break
        }
    }

    private func end(_ why: String) {
        ended = why
        for (_, c) in pending { c.resume(throwing: ChromiumDriverError(description: why)) }
        pending = [:]
    }

    /// Sends one command and returns its `result` object as JSON data.
    private func call(_ method: String, _ params: [String: any Sendable] = [:], browserLevel: Bool = false) async throws -> [String: Any] {
        if let ended { throw ChromiumDriverError(description: "\(method): \(ended)") }
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if !browserLevel, let sessionID { message["sessionId"] = sessionID }
        let data = try JSONSerialization.data(withJSONObject: message) + [0]
        let reply = try await withCheckedThrowingContinuation { (c: CheckedContinuation<Data, any Error>) in
            pending[id] = c
            do { try commands.write(contentsOf: data) } catch {
                pending[id] = nil
                c.resume(throwing: error)
            }
        }
        let object = try JSONSerialization.jsonObject(with: reply) as? [String: Any] ?? [:]
        if let error = object["error"] as? [String: Any] {
            throw ChromiumDriverError(description: "\(method) failed: \(error["message"] ?? error)")
        }
        return object["result"] as? [String: Any] ?? [:]
    }

    /// Opens a page target and attaches to it (flat session mode).
    private func attach() async throws {
        let created = try await call("Target.createTarget", ["url": "about:blank"], browserLevel: true)
        guard let target = created["targetId"] as? String else { throw ChromiumDriverError(description: "no target id in \(created)") }
        let attached = try await call("Target.attachToTarget", ["targetId": target, "flatten": true], browserLevel: true)
        guard let session = attached["sessionId"] as? String else { throw ChromiumDriverError(description: "no session id in \(attached)") }
        sessionID = session
        _ = try await call("Page.enable")
        _ = try await call("Runtime.enable")
        _ = try await call("Log.enable")
        try await setViewport(width: 1280, height: 900, mobile: false)
    }

    private func close(exited: AsyncStream<Int32>) async {
        if ended == nil { _ = try? await call("Browser.close", browserLevel: true) }
        try? commands.close()
        // Bounded wait for the exit; past it, SIGTERM to timeout(1), which passes it on to the browser.
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { process.terminate() }
        for await _ in exited { break }
    }

    // MARK: page

    /// Sets the viewport (CSS pixels); `mobile` also emulates a phone's meta-viewport handling.
    func setViewport(width: Int, height: Int, mobile: Bool) async throws {
        _ = try await call("Emulation.setDeviceMetricsOverride",
                           ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile])
    }

    /// Turns the page's own scripts off or on (DevTools evaluation, which drives the forms, still runs).
    func setPageScriptsDisabled(_ disabled: Bool) async throws {
        _ = try await call("Emulation.setScriptExecutionDisabled", ["value": disabled])
    }

    /// Evaluates an expression in the page; returns its value as text (nil for undefined/null).
    /// - Throws: when the expression throws in the page.
    @discardableResult
    func evaluate(_ expression: String) async throws -> String? {
        let result = try await call("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] as? [String: Any] {
            let text = (exception["exception"] as? [String: Any])?["description"] ?? exception["text"] ?? exception
            throw ChromiumDriverError(description: "page script threw: \(text)")
        }
        guard let value = (result["result"] as? [String: Any])?["value"] else { return nil }
        switch value {
        case let s as String: return s
        case let b as Bool: return b ? "true" : "false"
        case is NSNull: return nil
        default: return "\(value)"
        }
    }

    /// Polls a boolean expression until it is true (a throwing or navigating page counts as not yet).
    /// - Throws: after `timeout`, naming `what` and the page's location.
    func waitFor(_ what: String, _ condition: String, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if (try? await evaluate("Boolean(\(condition))")) == "true" { return }
            if ContinuousClock.now >= deadline {
                let location = ((try? await evaluate("location.href")) ?? nil) ?? "?"
                throw ChromiumDriverError(description: "timed out waiting for \(what) at \(location)")
            }
            try await Task.sleep(for: .milliseconds(40))
        }
    }

    /// Navigates and waits until the new document has loaded.
    func navigate(_ url: String) async throws {
        _ = try await evaluate("window.__gveOld = true")
        let result = try await call("Page.navigate", ["url": url])
        if let error = result["errorText"] as? String { throw ChromiumDriverError(description: "navigating to \(url): \(error)") }
        try await waitFor("the page \(url) to load", "!window.__gveOld && document.readyState === 'complete'")
    }

    /// A JavaScript string literal.
    static func literal(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// Fills the named fields of the form matched by `selector`, clicks its submit button, and waits for the
    /// document the server answers with (after any redirect) to load.
    /// - Throws: when the form or a field is missing, a select lacks the value, or no new page loads (for example
    ///   because the browser's own validation refused the form; the first invalid field is named).
    func submit(_ selector: String, _ fields: [(String, String)] = []) async throws {
        let assignments = fields.map { name, value in
            """
            { const el = form.elements[\(Self.literal(name))];
              if (!el) throw new Error('no field ' + \(Self.literal(name)));
              el.value = \(Self.literal(value));
              if (el.value !== \(Self.literal(value))) throw new Error('field ' + \(Self.literal(name)) + ' does not take that value');
              el.dispatchEvent(new Event('input', { bubbles: true })); }
            """
        }.joined(separator: "\n")
        try await evaluate("""
            (() => { const form = document.querySelector(\(Self.literal(selector)));
              if (!form) throw new Error('no form ' + \(Self.literal(selector)));
              \(assignments)
              window.__gveOld = true;
              const button = form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
              if (!button) throw new Error('no submit button in ' + \(Self.literal(selector)));
              button.click(); })()
            """)
        do {
            try await waitFor("the answer to \(selector)", "!window.__gveOld && document.readyState === 'complete'")
        } catch {
            let invalid = (try? await evaluate("document.querySelector(':invalid') ? document.querySelector(':invalid').name : null")) ?? nil
            throw ChromiumDriverError(description: "\(error)\(invalid.map { "; the browser refused field \($0)" } ?? "")")
        }
    }

    /// `location.pathname + location.search`.
    func path() async throws -> String {
        try await evaluate("location.pathname + location.search") ?? ""
    }

    /// The visible text of the first element matching `selector` ("" when none).
    func text(_ selector: String = "main") async throws -> String {
        try await evaluate("(document.querySelector(\(Self.literal(selector))) || {}).innerText || ''") ?? ""
    }

    /// Writes a PNG of the viewport (or the whole page) and returns its size in bytes.
    @discardableResult
    func screenshot(to file: URL, fullPage: Bool = true) async throws -> Int {
        var params: [String: any Sendable] = ["format": "png"]
        if fullPage {
            let metrics = try await call("Page.getLayoutMetrics")
            let size = metrics["cssContentSize"] as? [String: Any] ?? [:]
            let width = (size["width"] as? Double) ?? Double(size["width"] as? Int ?? 1280)
            let height = (size["height"] as? Double) ?? Double(size["height"] as? Int ?? 900)
            params["captureBeyondViewport"] = true
            params["clip"] = ["x": 0, "y": 0, "width": width, "height": min(height, 8000), "scale": 1] as [String: any Sendable]
        }
        let result = try await call("Page.captureScreenshot", params)
        guard let base64 = result["data"] as? String, let png = Data(base64Encoded: base64) else {
            throw ChromiumDriverError(description: "no screenshot data")
        }
        try png.write(to: file)
        return png.count
    }
}
