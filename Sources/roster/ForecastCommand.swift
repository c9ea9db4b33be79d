import ArgumentParser
import Forecasting
import Foundation
import HotlineCore

extension HistoryFormat: ExpressibleByArgument {}

extension Roster {
    /// `roster forecast`: hourly calls and handle time for the days ahead, from call history.
    struct Forecast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast",
            abstract: "Forecast hourly calls and handle time from call history.",
            discussion: """
            Writes start,calls,aht_seconds (one row per hour) to -o FILE, or to stdout without -o.
            The calendar is the built-in China calendar (2025, 2026) merged with --calendar FILE \
            (date,kind,name); the file's entries win on the same date.
            """)

        enum Model: String, ExpressibleByArgument, CaseIterable {
            case auto, profile
        }

        @Option(name: .long, help: "Call history: a file, or a directory of files read as one history.")
        var history: String

        @Option(name: .long, help: "History format: \(HistoryFormat.allCases.map(\.rawValue).joined(separator: "|")).")
        var format: HistoryFormat = .auto

        @Option(name: .long, help: "Extra calendar CSV (date,kind,name), merged over the built-in China calendar.")
        var calendar: String?

        @Option(name: .long, help: "First forecast day, YYYY-MM-DD.")
        var start: String

        @Option(name: .long, help: "Number of days to forecast.")
        var days: Int = 7

        @Option(name: .long, help: "Forecast model: \(Model.allCases.map(\.rawValue).joined(separator: "|")) (auto = profile).")
        var model: Model = .auto

        @Option(name: .long, help: "Weeks of history per weekday for the profile model.")
        var weeks: Int = 8

        @Option(name: [.customShort("o"), .long], help: "Write the forecast CSV here (default: stdout).")
        var output: String?

        @OptionGroup var out: OutputOptions

        func validate() throws {
            guard CivilDate.parse(start) != nil else {
                throw ValidationError("--start must be a date YYYY-MM-DD, e.g. --start 2026-12-07; got '\(start)'")
            }
            guard (1...366).contains(days) else {
                throw ValidationError("--days must be between 1 and 366, e.g. --days 7; got \(days)")
            }
            guard weeks >= 1 else {
                throw ValidationError("--weeks must be at least 1; got \(weeks)")
            }
            if out.json && output == nil {
                throw ValidationError("--json prints a summary on stdout: give -o FILE for the forecast CSV")
            }
        }

        func run() async throws {
            _ = LoggingSetup.once
            guard let first = CivilDate.parse(start) else { throw ValidationError("--start must be YYYY-MM-DD") }
            var cal = HolidayCalendar.china
            if let calendar { cal = cal.merging(try HolidayCalendar.load(path: calendar)) }
            let uncovered = (0..<days).map { first.adding(days: $0) }.filter { !cal.covers($0) }
            if let a = uncovered.first, let b = uncovered.last {
                let years = Set(uncovered.map(\.year)).sorted().map(String.init).joined(separator: ", ")
                Output.note("warning: no calendar covers \(a == b ? "\(a)" : "\(a) … \(b)") (year \(years)): holidays there are not known; give --calendar FILE")
            }
            let series = try HistoryLoader.load(path: history, format: format)
            let forecaster: any ForecastModel
            switch model {
            case .auto, .profile: forecaster = HourOfWeekProfile(weeks: weeks)
            }
            let forecast = try forecaster.forecast(history: series, calendar: cal, start: first, days: days)
            if let output {
                try ForecastCSV.write(forecast, to: output)
            } else {
                FileHandle.standardOutput.write(Data(ForecastCSV.text(forecast).utf8))
            }
            if out.json {
                try Output.printJSON(Summary(model: forecast.model, start: first.description, days: days,
                                             totalCalls: (forecast.totalCalls * 10).rounded() / 10,
                                             output: output, historyStart: series.start.description,
                                             historyEnd: series.end.description))
            } else if let output {
                Output.note("wrote \(output): \(days) days from \(first), \(Int(forecast.totalCalls.rounded())) calls (model \(forecast.model))")
            }
        }

        struct Summary: Encodable {
            var model: String
            var start: String
            var days: Int
            var totalCalls: Double
            var output: String?
            var historyStart: String
            var historyEnd: String
        }
    }
}
