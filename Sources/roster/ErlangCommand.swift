import ArgumentParser

extension Roster {
    struct Erlang: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "erlang", abstract: "(placeholder)")
        func run() async throws { throw ValidationError("not implemented yet") }
    }
}
