import ArgumentParser

extension Roster {
    struct Forecast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "forecast", abstract: "(placeholder)")
        func run() async throws { throw ValidationError("not implemented yet") }
    }
}
