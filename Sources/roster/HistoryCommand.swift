import ArgumentParser

extension Roster {
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "history", abstract: "(in progress)")
    }
}
