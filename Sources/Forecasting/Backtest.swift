import Foundation
import HotlineCore

/// Error of one model over backtest windows.
public struct ModelScore: Sendable, Codable, Equatable {
    public var name: String
    /// Σ|forecast − actual| / Σ actual over all scored hours.
    public var wape: Double
    /// Mean over origins of (mean absolute error of the window) / (in-sample mean absolute error of
    /// the seasonal naive forecast with a 168-hour season on the history before that origin).
    public var mase: Double
    /// Σ(forecast − actual) / Σ actual: above 0 forecasts too many calls.
    public var bias: Double
    /// Wall time spent fitting and forecasting over all origins.
    public var seconds: Double
    /// Hours scored.
    public var hours: Int
}

/// The model chosen for one origin.
public struct SelectionChoice: Sendable, Codable, Equatable {
    public var origin: String
    public var model: String
}

public struct BacktestResult: Sendable, Codable {
    public var origins: [String]
    public var horizon: Int
    /// One row per model, and a last row `selected`: at each origin the forecast of the model
    /// chosen by `selectionRule`, scored like the others.
    public var models: [ModelScore]
    /// The model the same rule picks after the last origin (what `--model auto` would use next).
    public var selected: String
    public var selectedScore: ModelScore
    public var selectionRule: String
    public var choices: [SelectionChoice]
    /// Share of scored hours at or below the 80% and 95% quantiles of the selected forecast
    /// (negative binomial with the dispersion of the selection windows' errors).
    public var coverage80: Double
    public var coverage95: Double
}

/// Rolling-origin backtests and the honest choice of a model.
public enum Backtest {
    /// Weekly origins from `from` to `to` inclusive.
    public static func weeklyOrigins(from: CivilDate, to: CivilDate) -> [CivilDate] {
        stride(from: from.dayNumber, through: to.dayNumber, by: 7).map(CivilDate.init(dayNumber:))
    }

    /// Seasonal-naive (168 h) in-sample mean absolute error of the recorded days before `date`.
    public static func maseScale(history: HourlySeries, before date: CivilDate) -> Double {
        let days = HistoryDays(history: history, before: date).days
        var sum = 0.0, n = 0.0
        for i in 7..<max(7, days.count) where days[i].recorded && days[i - 7].recorded {
            for h in 0..<24 { sum += abs(days[i].calls[h] - days[i - 7].calls[h]); n += 1 }
        }
        return n > 0 ? sum / n : 0
    }

    struct Window {
        var forecast: [Double] = []
        var actual: [Double] = []
    }

    /// Forecasts already made in one backtest, by model name and origin: a combination of models
    /// that were run from the same origin takes their median instead of running them again.
    final class Cache {
        var calls: [String: [CivilDate: [Double]]] = [:]
    }

    /// Forecast of `model` from `origin`, with the actual calls of the recorded days that follow.
    static func window(_ model: any ForecastModel, history: HourlySeries, calendar: HolidayCalendar,
                       origin: CivilDate, horizon: Int, cache: Cache? = nil) throws -> Window? {
        var calls: [Double]
        let parts = (model as? CombinedModel)?.members.compactMap { cache?.calls[$0.name]?[origin] } ?? []
        if let combined = model as? CombinedModel, !parts.isEmpty, parts.count == combined.members.count {
            calls = CombinedModel.median(parts)
        } else {
            calls = try model.forecastCalls(history: history.prefix(before: origin), calendar: calendar, start: origin, days: horizon)
        }
        cache?.calls[model.name, default: [:]][origin] = calls
        var w = Window()
        for k in 0..<horizon {
            let d = origin.adding(days: k)
            guard !history.daysWithoutRecords.contains(d), let obs = history.day(d) else { continue }
            w.forecast += calls[(k * 24)..<(k * 24 + 24)]
            w.actual += obs.map(\.offered)
        }
        return w.actual.isEmpty ? nil : w
    }

    static func wape(_ ws: [Window]) -> Double {
        var e = 0.0, a = 0.0
        for w in ws { for i in w.actual.indices { e += abs(w.forecast[i] - w.actual[i]); a += w.actual[i] } }
        return a > 0 ? e / a : .infinity
    }

    public static let selectionWeeks = 4

    public static let rule = "at each origin, the model with the lowest WAPE over the last \(selectionWeeks) weekly windows that end on or before that origin (forecasts made from history before each window only; the evaluation week itself is never seen); ties go to the earlier model in the list"

    /// Runs every model from every origin and picks per origin by `rule`.
    public static func run(history: HourlySeries, calendar: HolidayCalendar, models: [any ForecastModel] = ForecastModels.all,
                           origins: [CivilDate], horizon: Int) throws -> BacktestResult {
        guard horizon >= 1 else { throw ForecastError("the horizon must be at least 1 day, got \(horizon)") }
        guard !origins.isEmpty else { throw ForecastError("no backtest origin: give --from on or before --to") }
        guard !models.isEmpty else { throw ForecastError("no model to backtest") }
        let back = selectionWeeks + (horizon + 6) / 7
        let first = origins.first!
        let extra = (1...back).map { first.adding(days: -7 * $0) }.reversed()
        let allOrigins = Array(extra) + origins
        let historyStart = history.start.date
        var windows: [[CivilDate: Window]] = Array(repeating: [:], count: models.count)
        let cache = Cache()
        var seconds = [Double](repeating: 0, count: models.count)
        for (m, model) in models.enumerated() {
            let t0 = Date()
            for o in allOrigins {
                // An origin needs two weeks of history before it; the extra ones are skipped without.
                guard o.dayNumber - historyStart.dayNumber >= 14 else {
                    if origins.contains(o) { throw ForecastError("backtest origin \(o) has less than two weeks of history before it (history starts \(historyStart))") }
                    continue
                }
                if let w = try window(model, history: history, calendar: calendar, origin: o, horizon: horizon, cache: cache) { windows[m][o] = w }
            }
            seconds[m] = Date().timeIntervalSince(t0)
        }
        func choose(at o: CivilDate) -> Int {
            let candidates = allOrigins.filter { $0.dayNumber + horizon <= o.dayNumber }.suffix(selectionWeeks)
            var best = 0, bestW = Double.infinity
            for m in models.indices {
                let ws = candidates.compactMap { windows[m][$0] }
                guard !ws.isEmpty else { continue }
                let w = wape(ws)
                if w < bestW { bestW = w; best = m }
            }
            if bestW == .infinity, let d = models.firstIndex(where: { $0.name == "daily" }) { return d }
            return best
        }
        let scales = Dictionary(uniqueKeysWithValues: origins.map { ($0, maseScale(history: history, before: $0)) })
        func score(name: String, secs: Double, _ pick: (CivilDate) -> Window?) -> ModelScore {
            var e = 0.0, a = 0.0, b = 0.0, hours = 0, mases: [Double] = []
            for o in origins {
                guard let w = pick(o) else { continue }
                var we = 0.0
                for i in w.actual.indices {
                    let d = w.forecast[i] - w.actual[i]
                    we += abs(d); b += d; a += w.actual[i]
                }
                e += we; hours += w.actual.count
                if let s = scales[o], s > 0 { mases.append(we / Double(w.actual.count) / s) }
            }
            return ModelScore(name: name, wape: a > 0 ? e / a : 0, mase: Stats.mean(mases), bias: a > 0 ? b / a : 0,
                              seconds: secs, hours: hours)
        }
        var rows = models.indices.map { m in score(name: models[m].name, secs: seconds[m]) { windows[m][$0] } }
        var choices: [SelectionChoice] = []
        var cover80 = 0.0, cover95 = 0.0, covered = 0.0
        let selected = score(name: "selected", secs: seconds.reduce(0, +)) { o in
            let m = choose(at: o)
            choices.append(SelectionChoice(origin: o.description, model: models[m].name))
            guard let w = windows[m][o] else { return nil }
            // Coverage of the quantiles from the dispersion of the selection windows.
            let past = allOrigins.filter { $0.dayNumber + horizon <= o.dayNumber }.suffix(selectionWeeks).compactMap { windows[m][$0] }
            let k = Uncertainty.dispersion(forecast: past.flatMap(\.forecast), actual: past.flatMap(\.actual))
            for i in w.actual.indices {
                if w.actual[i] <= Uncertainty.quantile(mean: w.forecast[i], dispersion: k, level: 0.8) { cover80 += 1 }
                if w.actual[i] <= Uncertainty.quantile(mean: w.forecast[i], dispersion: k, level: 0.95) { cover95 += 1 }
                covered += 1
            }
            return w
        }
        rows.append(selected)
        let next = origins.last!.adding(days: 7)
        let nextChoice = models[choose(at: next)].name
        return BacktestResult(origins: origins.map(\.description), horizon: horizon, models: rows, selected: nextChoice,
                              selectedScore: selected, selectionRule: rule, choices: choices,
                              coverage80: covered > 0 ? cover80 / covered : 0, coverage95: covered > 0 ? cover95 / covered : 0)
    }

    /// The choice `--model auto` makes for a forecast from `start`: the rule above on the last
    /// weekly windows before `start`, with the error windows of the chosen model.
    public static func select(history: HourlySeries, calendar: HolidayCalendar, models: [any ForecastModel] = ForecastModels.all,
                              start: CivilDate, horizon: Int = 7) throws -> (model: any ForecastModel, wape: [String: Double], dispersion: Double) {
        let h = min(max(horizon, 1), 7)
        let ends = (1...selectionWeeks).map { start.adding(days: -7 * $0) }.reversed()
            .filter { $0.dayNumber - history.start.date.dayNumber >= 14 && $0.dayNumber + h <= start.dayNumber }
        var best: (Int, Double)?
        var wapes: [String: Double] = [:]
        var windowsOf: [[Window]] = []
        let cache = Cache()
        for (m, model) in models.enumerated() {
            let ws = try ends.compactMap { try window(model, history: history, calendar: calendar, origin: $0, horizon: h, cache: cache) }
            windowsOf.append(ws)
            guard !ws.isEmpty else { continue }
            let w = wape(ws)
            wapes[model.name] = w
            if best == nil || w < best!.1 { best = (m, w) }
        }
        guard let (m, _) = best else {
            let fallback = models.first { $0.name == "daily" } ?? models[0]
            return (fallback, [:], 0)
        }
        let ws = windowsOf[m]
        return (models[m], wapes, Uncertainty.dispersion(forecast: ws.flatMap(\.forecast), actual: ws.flatMap(\.actual)))
    }
}
