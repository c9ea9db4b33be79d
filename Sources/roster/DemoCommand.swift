import ArgumentParser

extension Roster {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "demo", abstract: "(placeholder)")
        func run() async throws { throw ValidationError("not implemented yet") }
    }
}
