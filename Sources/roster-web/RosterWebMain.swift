import ArgumentParser
import Foundation
import Hummingbird
import Logging
import RosterWeb

/// `roster-web`: the web application's server, a product of its own so the CLI's build never
/// compiles Hummingbird. `roster serve` runs this binary with the same arguments.
@main
struct RosterWebMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster-web",
        abstract: "Serve the web application (managers, HR, planners, agents) over a roster store.",
        discussion: "Create accounts first with `roster users add NAME --role R`. Sessions live in the server's memory: a restart signs everyone out.")

    @Option(help: "The roster store (SQLite file).") var store: String = "rosters/roster.sqlite"
    @Option(help: "The center profile (TOML).") var profile: String = "rosters/profiles/yuhang-12345.toml"
    @Option(help: "A holiday calendar CSV (date,kind,name) merged over the built-in China calendar.") var calendar: String?
    @Option(help: "Address to listen on (loopback by default; put an HTTPS proxy in front for other hosts).") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Flag(help: "Cookies without the Secure attribute (plain http to a host other than localhost; testing only).")
    var insecureCookies = false
    @Option(help: "Planner time limit in seconds of a week build started from the browser.") var timeLimit: Double = 20

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port expects 1 to 65535, got \(port)") }
        guard FileManager.default.fileExists(atPath: store) else {
            throw ValidationError("--store \(store): no store there; create one (e.g. tools/serve, or roster people import) first")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = ProcessInfo.processInfo.environment["ROSTER_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return h
        }
        let logger = Logger(label: "roster-web")
        let config = WebConfiguration(storePath: store, profilePath: profile, calendarPath: calendar, host: host, port: port,
                                      secureCookies: !insecureCookies, weekTimeLimitSeconds: timeLimit)
        let app = try await WebApp.buildApplication(configuration: config, logger: logger)
        try await app.runService()
    }
}
