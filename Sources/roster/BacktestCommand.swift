import ArgumentParser
import Forecasting
import Foundation
import HotlineCore

extension Roster {
    /// `roster backtest`: rolling weekly origins, WAPE/MASE/bias per model, and the honest choice.
    struct Backtest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backtest",
            abstract: "Backtest the forecast models on call history from rolling weekly origins.",
            discussion: """
            From each origin (--from, then every 7 days to --to) every model forecasts --horizon days \
            from the history before the origin only; hours of days without records are not scored. \
            WAPE = Σ|F−A|/ΣA; MASE = mean over origins of MAE / in-sample MAE of the seasonal naive \
            (168 h) forecast before the origin; bias = Σ(F−A)/ΣA. The row `selected` scores, at each \
            origin, the model with the lowest WAPE over the 4 weekly windows ending on or before it.
            """)

        @OptionGroup var input: HistoryOptions

        @Option(name: .long, help: "First origin, YYYY-MM-DD.")
        var from: String

        @Option(name: .long, help: "Last origin, YYYY-MM-DD.")
        var to: String

        @Option(name: .long, help: "Days forecast from each origin.")
        var horizon: Int = 7

        @Option(name: .long, help: "Models to compare, comma-separated (default: all).")
        var models: String?

        @OptionGroup var out: OutputOptions

        func validate() throws {
            guard let a = CivilDate.parse(from) else { throw ValidationError("--from must be a date YYYY-MM-DD, e.g. --from 1999-03-07; got '\(from)'") }
            guard let b = CivilDate.parse(to) else { throw ValidationError("--to must be a date YYYY-MM-DD, e.g. --to 1999-07-25; got '\(to)'") }
            guard a <= b else { throw ValidationError("--from (\(from)) must not be after --to (\(to))") }
            guard (1...62).contains(horizon) else { throw ValidationError("--horizon must be between 1 and 62 days; got \(horizon)") }
            for name in modelNames where ForecastModels.named(name) == nil {
                throw ValidationError("--models: unknown model '\(name)'; expected some of \(ForecastModels.names.joined(separator: ","))")
            }
        }

        var modelNames: [String] {
            models.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? ForecastModels.names
        }

        func run() async throws {
            _ = LoggingSetup.once
            let t0 = Date()
            let cal = try input.loadCalendar()
            let series = try input.loadHistory()
            let loaded = Date()
            let origins = Forecasting.Backtest.weeklyOrigins(from: CivilDate.parse(from)!, to: CivilDate.parse(to)!)
            let result = try Forecasting.Backtest.run(history: series, calendar: cal, models: modelNames.compactMap(ForecastModels.named),
                                                      origins: origins, horizon: horizon)
            let end = Date()
            if out.json {
                try Output.printJSON(Report(result: result, seconds: end.timeIntervalSince(t0), loadSeconds: loaded.timeIntervalSince(t0)))
            } else {
                print("model            WAPE    MASE    bias     seconds")
                for m in result.models {
                    print(m.name.padding(toLength: 15, withPad: " ", startingAt: 0),
                          String(format: "%6.3f  %6.3f  %+6.3f  %7.3f", m.wape, m.mase, m.bias, m.seconds))
                }
                print("selected next: \(result.selected); rule: \(result.selectionRule)")
                print(String(format: "quantile coverage of selected: p80 %.3f, p95 %.3f; %d origins, %.2f s in all",
                             result.coverage80, result.coverage95, origins.count, end.timeIntervalSince(t0)))
            }
        }

        struct Report: Encodable {
            var result: BacktestResult
            var seconds: Double
            var loadSeconds: Double
            enum CodingKeys: String, CodingKey {
                case models, selected, selectedScore, selectionRule, choices, origins, horizon, coverage80, coverage95, seconds, loadSeconds
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(result.models, forKey: .models)
                try c.encode(result.selected, forKey: .selected)
                try c.encode(result.selectedScore, forKey: .selectedScore)
                try c.encode(result.selectionRule, forKey: .selectionRule)
                try c.encode(result.choices, forKey: .choices)
                try c.encode(result.origins, forKey: .origins)
                try c.encode(result.horizon, forKey: .horizon)
                try c.encode(result.coverage80, forKey: .coverage80)
                try c.encode(result.coverage95, forKey: .coverage95)
                try c.encode(seconds, forKey: .seconds)
                try c.encode(loadSeconds, forKey: .loadSeconds)
            }
        }
    }
}
