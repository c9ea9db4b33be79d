import ArgumentParser

extension Roster {
    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "requests", abstract: "(in progress)")
    }
}
