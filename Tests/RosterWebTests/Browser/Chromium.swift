import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// commands on fd 3, answers and events on fd 4, each JSON message ended by a NUL byte). Enough of
/// the protocol for the browser test: open a page, run a script, wait for loads, take a screenshot.
final class Chromium {
    enum Failure: Error, CustomStringConvertible {
        case notInstalled, spawn(Int32), timeout(String), protocolError(String)
        var description: String {
            switch self {
            case .notInstalled: "chromium is not installed (apt-get install chromium; tools/setup installs it as root)"
            case .spawn(let e): "chromium did not start (posix_spawn error \(e))"
            case .timeout(let what): "chromium: timed out waiting for \(what)"
            case .protocolError(let m): "chromium: \(m)"
            }
        }
    }

    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private var pid: pid_t = 0
    private let toChrome: Int32
    private let fromChrome: Int32
    private var buffer = [UInt8]()
    private var nextId = 1
    private var events: [[String: Any]] = []
    private var session: String?
    private let profileDir: String

    init(width: Int = 1600, height: Int = 1000) throws {
        guard let exe = Self.executable else { throw Failure.notInstalled }
        var commandPipe: [Int32] = [0, 0], eventPipe: [Int32] = [0, 0]
        guard pipe(&commandPipe) == 0, pipe(&eventPipe) == 0 else { throw Failure.spawn(errno) }
        profileDir = NSTemporaryDirectory() + "hotline-chromium-\(UUID().uuidString)"
        let args = [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--no-default-browser-check", "--hide-scrollbars", "--force-device-scale-factor=1",
                    "--window-size=\(width),\(height)", "--user-data-dir=\(profileDir)", "--remote-debugging-pipe",
                    "--lang=zh-CN", "about:blank"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, commandPipe[0], 3)
        posix_spawn_file_actions_adddup2(&actions, eventPipe[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cargs = args.map { strdup($0) } + [nil]
        defer { cargs.forEach { free($0) } }
        let rc = posix_spawn(&pid, exe, &actions, nil, cargs, environ)
        close(commandPipe[0])
        close(eventPipe[1])
        guard rc == 0 else { throw Failure.spawn(rc) }
        toChrome = commandPipe[1]
        fromChrome = eventPipe[0]
        // One page target, attached in flat mode: every later command goes to its session.
        let targets = try send("Target.getTargets")
        let infos = (targets["targetInfos"] as? [[String: Any]]) ?? []
        let pageId: String
        if let page = infos.first(where: { $0["type"] as? String == "page" }), let id = page["targetId"] as? String {
            pageId = id
        } else {
            guard let id = try send("Target.createTarget", ["url": "about:blank"])["targetId"] as? String else {
                throw Failure.protocolError("no page target")
            }
            pageId = id
        }
        guard let s = try send("Target.attachToTarget", ["targetId": pageId, "flatten": true])["sessionId"] as? String else {
            throw Failure.protocolError("could not attach to the page")
        }
        session = s
        _ = try send("Page.enable")
        _ = try send("Runtime.enable")
        _ = try send("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false])
    }

    deinit {
        close(toChrome)
        close(fromChrome)
        if pid > 0 {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        try? FileManager.default.removeItem(atPath: profileDir)
    }

    /// Loads `url` and waits for its load event.
    /// (The timeouts are generous: beside the whole test suite on two cores a debug server and
    /// the browser can take tens of seconds for one page.)
    func navigate(_ url: String, timeout: Double = 120) throws {
        events.removeAll()
        let r = try send("Page.navigate", ["url": url])
        if let e = r["errorText"] as? String, !e.isEmpty { throw Failure.protocolError("navigate \(url): \(e)") }
        try waitFor("Page.loadEventFired", timeout: timeout, what: "the load of \(url)")
    }

    /// Runs `script` in the page; its value (JSON-able) is returned.
    @discardableResult
    func evaluate(_ script: String) throws -> Any? {
        let r = try send("Runtime.evaluate", ["expression": script, "returnByValue": true, "awaitPromise": true])
        if let ex = r["exceptionDetails"] as? [String: Any] { throw Failure.protocolError("script failed: \(ex["text"] ?? ex)") }
        return (r["result"] as? [String: Any])?["value"]
    }

    /// Runs a script that starts a navigation (a form submit) and waits for the next page's load.
    func evaluateAndWaitForLoad(_ script: String, timeout: Double = 120) throws {
        events.removeAll()
        try evaluate(script)
        try waitFor("Page.loadEventFired", timeout: timeout, what: "the page load after running: \(script.prefix(80))")
    }

    /// A PNG of the window as scrolled (`fullPage`: the whole page, however long).
    func screenshot(fullPage: Bool = false) throws -> Data {
        let r = try send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": fullPage])
        guard let b64 = r["data"] as? String, let data = Data(base64Encoded: b64) else { throw Failure.protocolError("no screenshot data") }
        return data
    }

    // MARK: - Protocol

    private func send(_ method: String, _ params: [String: Any] = [:], timeout: Double = 60) throws -> [String: Any] {
        let id = nextId
        nextId += 1
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session, !method.hasPrefix("Target.") { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(toChrome, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure.protocolError("write failed (errno \(errno))") }
            written += n
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let m = try readMessage(until: deadline, what: method)
            if m["id"] as? Int == id {
                if let e = m["error"] as? [String: Any] { throw Failure.protocolError("\(method): \(e["message"] ?? e)") }
                return m["result"] as? [String: Any] ?? [:]
            }
            if m["method"] != nil { events.append(m) }
        }
    }

    private func waitFor(_ event: String, timeout: Double, what: String) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let i = events.firstIndex(where: { $0["method"] as? String == event }) {
                events.removeSubrange(...i)
                return
            }
            let m = try readMessage(until: deadline, what: "\(event) (\(what))")
            if m["method"] != nil { events.append(m) }
        }
    }

    private func readMessage(until deadline: Date, what: String) throws -> [String: Any] {
        while true {
            if let nul = buffer.firstIndex(of: 0) {
                let data = Data(buffer[..<nul])
                buffer.removeSubrange(...nul)
                return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure.timeout(what) }
            var fds = pollfd(fd: fromChrome, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(min(left, 1) * 1000))
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = read(fromChrome, &chunk, chunk.count)
            guard n > 0 else { throw Failure.protocolError("chromium closed the pipe while waiting for \(what)") }
            buffer.append(contentsOf: chunk[..<n])
        }
    }
}
