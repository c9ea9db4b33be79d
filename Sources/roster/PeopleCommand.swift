import ArgumentParser

extension Roster {
    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "people", abstract: "(placeholder)")
        func run() async throws { throw ValidationError("not implemented yet") }
    }
}
