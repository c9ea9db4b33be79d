import ArgumentParser

extension Roster {
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "plan", abstract: "(placeholder)")
        func run() async throws { throw ValidationError("not implemented yet") }
    }
}
