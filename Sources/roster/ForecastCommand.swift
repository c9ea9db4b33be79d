import ArgumentParser
import Forecasting
import Foundation
import HotlineCore

extension HistoryFormat: ExpressibleByArgument {}

/// The call history and calendar options that `forecast` and `backtest` share.
struct HistoryOptions: ParsableArguments {
    @Option(name: .long, help: "Call history: a file, or a directory of files read as one history.")
    var history: String

    @Option(name: .long, help: "History format: \(HistoryFormat.allCases.map(\.rawValue).joined(separator: "|")).")
    var format: HistoryFormat = .auto

    @Option(name: .long, help: "Extra calendar CSV (date,kind,name), merged over the built-in China calendar.")
    var calendar: String?

    /// The built-in China calendar, merged with --calendar FILE (the file wins on the same date).
    func loadCalendar() throws -> HolidayCalendar {
        guard let calendar else { return .china }
        return HolidayCalendar.china.merging(try HolidayCalendar.load(path: calendar))
    }

    func loadHistory() throws -> HourlySeries { try HistoryLoader.load(path: history, format: format) }
}

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

        @OptionGroup var input: HistoryOptions

        @Option(name: .long, help: "First forecast day, YYYY-MM-DD.")
        var start: String

        @Option(name: .long, help: "Number of days to forecast.")
        var days: Int = 7

        @Option(name: .long, help: "Forecast model: auto|\(ForecastModels.names.joined(separator: "|")) (auto = the lowest WAPE over the last 4 weeks before --start).")
        var model: String = "auto"

        @Option(name: .long, help: "Weeks of history per weekday for the profile model.")
        var weeks: Int = 8

        @Option(name: .long, help: "Hourly quantiles to add as calls_pNN columns, e.g. 0.5,0.8,0.95.")
        var quantiles: String?

        @Option(name: .long, help: "Planner events CSV: from,to,multiplier|calls[,from_hour,to_hour,note].")
        var adjustments: String?

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
            guard model == "auto" || ForecastModels.named(model) != nil else {
                throw ValidationError("--model must be auto or one of \(ForecastModels.names.joined(separator: ", ")); got '\(model)'")
            }
            _ = try parsedQuantiles()
            if out.json && output == nil {
                throw ValidationError("--json prints a summary on stdout: give -o FILE for the forecast CSV")
            }
        }

        func run() async throws {
            _ = LoggingSetup.once
            guard let first = CivilDate.parse(start) else { throw ValidationError("--start must be YYYY-MM-DD") }
            let cal = try input.loadCalendar()
            let uncovered = (0..<days).map { first.adding(days: $0) }.filter { !cal.covers($0) }
            if let a = uncovered.first, let b = uncovered.last {
                let years = Set(uncovered.map(\.year)).sorted().map(String.init).joined(separator: ", ")
                Output.note("warning: no calendar covers \(a == b ? "\(a)" : "\(a) … \(b)") (year \(years)): holidays there are not known; give --calendar FILE")
            }
            let t0 = Date()
            let series = try input.loadHistory()
            let t1 = Date()
            let events = try adjustments.map { try ForecastAdjustment.load(path: $0) } ?? []
            let chosen: (any ForecastModel)? = model == "auto" ? nil
                : model == "profile" ? HourOfWeekProfile(weeks: weeks) : ForecastModels.named(model)
            let outcome = try Forecaster.forecast(history: series, calendar: cal, start: first, days: days, using: chosen,
                                                  quantiles: try parsedQuantiles(), adjustments: events)
            let forecast = outcome.forecast
            let t2 = Date()
            for a in outcome.adjustments {
                Output.note("adjustment \(a.from)…\(a.to)\(a.note.isEmpty ? "" : " (\(a.note))"): \(Int(a.callsBefore.rounded())) → \(Int(a.callsAfter.rounded())) calls")
            }
            if let output {
                try ForecastCSV.write(forecast, to: output)
            } else {
                FileHandle.standardOutput.write(Data(ForecastCSV.text(forecast).utf8))
            }
            if out.json {
                try Output.printJSON(Summary(model: forecast.model, start: first.description, days: days,
                                             totalCalls: (forecast.totalCalls * 10).rounded() / 10,
                                             output: output, historyStart: series.start.description,
                                             historyEnd: series.end.description,
                                             quantiles: (forecast.quantiles ?? [:]).keys.sorted().map(ForecastCSV.quantileColumn),
                                             dispersion: forecast.dispersion, candidates: outcome.candidateWAPE,
                                             adjustments: outcome.adjustments,
                                             seconds: t2.timeIntervalSince(t1), loadSeconds: t1.timeIntervalSince(t0)))
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
            var quantiles: [String]
            var dispersion: Double?
            var candidates: [String: Double]
            var adjustments: [ForecastAdjustment.Applied]
            /// Fitting, model choice (auto), quantiles and adjustments, without reading the history.
            var seconds: Double
            /// Reading the history.
            var loadSeconds: Double
        }

        func parsedQuantiles() throws -> [Double] {
            guard let quantiles else { return [] }
            return try quantiles.split(separator: ",").map { part in
                let t = part.trimmingCharacters(in: .whitespaces)
                guard let v = Double(t), v > 0, v < 1 else {
                    throw ValidationError("--quantiles takes levels between 0 and 1 separated by commas, e.g. 0.5,0.8,0.95; got '\(t)'")
                }
                return v
            }
        }
    }
}
