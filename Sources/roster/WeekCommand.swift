import ArgumentParser

extension Roster {
    struct Week: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "week", abstract: "(in progress)")
    }
}
