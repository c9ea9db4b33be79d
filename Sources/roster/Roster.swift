import ArgumentParser
import Foundation
import HotlineCore
import Logging

/// `roster`: the command-line tool. A thin layer: parse, call the libraries, print.
/// Subcommands live one per file, as extensions of `Roster`.
@main
struct Roster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Workforce planning for a 12345 citizen-service hotline: forecast, staff, plan, roster.",
        subcommands: [
            // planner
            Erlang.self, StaffingRequirements.self, Simulate.self, Forecast.self, Backtest.self, Plan.self, ScenarioCommand.self, Capacity.self,
            // shift manager and HR
            History.self, Requests.self, Week.self, Serve.self, Users.self,
            People.self, Attendance.self, Training.self, Incidents.self, Replacements.self, KPI.self, Store.self, Repair.self,
            // benchmark (Curtois & Qu rostering instances) and demo
            Benchmark.self, Demo.self, Sample.self,
        ]
    )
}

/// Options every command that touches the roster store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The roster store (SQLite file).")
    var store: String = "rosters/roster.sqlite"
}

/// Options of commands that report.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print exactly one JSON object on stdout.")
    var json = false
}

enum Output {
    /// Prints one JSON object on stdout (sorted keys, so output is stable).
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Progress and notes go to stderr, so stdout stays one JSON object.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Sends library logs to stderr once, at start.
enum LoggingSetup {
    static let once: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["ROSTER_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return handler
        }
    }()
}
