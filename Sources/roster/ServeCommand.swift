import ArgumentParser
import Foundation

extension Roster {
    /// `roster serve`: starts the web application (`roster-web`, built as its own product so this
    /// CLI never compiles Hummingbird). All arguments are passed through.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the web application over a roster store (runs roster-web; build it with swift build --product roster-web).",
            discussion: "Options: --store PATH --profile FILE --host 127.0.0.1 --port 8080 [--calendar CSV] [--insecure-cookies] [--time-limit S]. See roster-web --help.")

        @Argument(parsing: .captureForPassthrough, help: "Passed to roster-web (see roster-web --help).")
        var arguments: [String] = []

        func run() throws {
            let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            let candidates = [me.deletingLastPathComponent().appendingPathComponent("roster-web").path]
                + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/roster-web" }
            guard let server = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                throw ValidationError("""
                    roster-web is not built: the web application is its own product. Build it with
                      swift build --product roster-web
                    (or run tools/serve, which builds it and seeds a sample store with an admin account).
                    """)
            }
            // Become the server (exec): signals (Ctrl-C, kill) reach it directly and no parent is
            // left behind to outlive or orphan it.
            let argv = ([server] + arguments).map { strdup($0) } + [nil]
            execv(server, argv)
            throw ValidationError("cannot run \(server): \(String(cString: strerror(errno)))")
        }
    }
}
