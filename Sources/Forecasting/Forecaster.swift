import HotlineCore

/// One entry point for a planner's forecast: the model (or `auto`), quantiles and adjustments.
public enum Forecaster {
    public struct Outcome: Sendable {
        public var forecast: HourlyForecast
        /// With `auto`: each candidate's WAPE over the last weekly windows before the start.
        public var candidateWAPE: [String: Double]
        public var adjustments: [ForecastAdjustment.Applied]
    }

    /// Forecasts `days` days from `start` with the model named `model` (`auto`: the model with the
    /// lowest WAPE over the last 4 weekly windows before `start`, see `Backtest.select`). With
    /// `quantiles` (e.g. [0.5, 0.8, 0.95]) the forecast carries hourly quantiles from a negative
    /// binomial whose dispersion comes from the model's errors in those windows. Adjustments are
    /// applied last.
    public static func forecast(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int,
                                model: String = "auto", quantiles: [Double] = [],
                                adjustments: [ForecastAdjustment] = []) throws -> Outcome {
        var m: (any ForecastModel)?
        if model != "auto" {
            guard let named = ForecastModels.named(model) else {
                throw ForecastError("unknown model '\(model)'; expected auto or one of \(ForecastModels.names.joined(separator: ", "))")
            }
            m = named
        }
        return try forecast(history: history, calendar: calendar, start: start, days: days, using: m,
                            quantiles: quantiles, adjustments: adjustments)
    }

    /// As above with a model value; nil is `auto`.
    public static func forecast(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int,
                                using model: (any ForecastModel)?, quantiles: [Double] = [],
                                adjustments: [ForecastAdjustment] = []) throws -> Outcome {
        for q in quantiles where !(q > 0 && q < 1) {
            throw ForecastError("a quantile must be between 0 and 1 (e.g. 0.8), got \(q)")
        }
        var chosen: any ForecastModel
        var wapes: [String: Double] = [:]
        var dispersion: Double?
        if let model {
            chosen = model
        } else {
            let s = try Backtest.select(history: history, calendar: calendar, start: start, horizon: min(days, 7))
            chosen = s.model; wapes = s.wape
            if !wapes.isEmpty { dispersion = s.dispersion }
        }
        var f = try chosen.forecast(history: history, calendar: calendar, start: start, days: days)
        if !quantiles.isEmpty || model == nil {
            if dispersion == nil {
                let ends = (1...Backtest.selectionWeeks).map { start.adding(days: -7 * $0) }
                    .filter { $0.dayNumber - history.start.date.dayNumber >= 14 }
                let ws = try ends.compactMap { try Backtest.window(chosen, history: history, calendar: calendar, origin: $0, horizon: 7) }
                dispersion = Uncertainty.dispersion(forecast: ws.flatMap(\.forecast), actual: ws.flatMap(\.actual))
            }
            f = Uncertainty.addingQuantiles(to: f, levels: quantiles, dispersion: dispersion ?? 0)
            if quantiles.isEmpty { f.quantiles = nil }
        }
        let (adjusted, report) = f.applying(adjustments)
        return Outcome(forecast: adjusted, candidateWAPE: wapes, adjustments: report)
    }
}
