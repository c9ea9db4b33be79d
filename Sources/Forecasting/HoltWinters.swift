import HotlineCore

/// Double seasonal Holt–Winters (Taylor 2003): additive level, within-day (24 h) and within-week
/// (168 h) seasonal components (no trend term: a week-ahead hourly forecast gains nothing from one).
///
/// Calendar days (holidays, blocks, eves, the day after a block, special days) and days without
/// records do not update the states: their hours are replaced by the model's own prediction, so
/// a holiday or an outage neither breaks nor biases the seasonal pattern. The smoothing
/// parameters are chosen from a small grid by the mean absolute error of the week-ahead forecasts
/// made inside the history from every week's first hour (what the model is used for), not by
/// one-step errors. In the forecast, calendar days take the day-level model's day-type forecast
/// (`DayLevelModel`), ordinary days the Holt–Winters one (never below zero).
public struct HoltWinters: ForecastModel {
    public var alphas: [Double] = [0.005, 0.02, 0.06]
    public var deltas: [Double] = [0.02, 0.1, 0.25]
    public var omegas: [Double] = [0.02, 0.1, 0.25]
    /// Weeks of history the recursions run over (the most recent ones).
    public var maxWeeks = 26
    public init() {}
    public var name: String { "holt-winters" }

    struct State {
        var level: Double
        var daily: [Double]
        var weekly: [Double]
    }

    /// Runs the recursions over `y` (nil = skip); returns the final state and the week-ahead MAE.
    static func run(_ y: [Double?], alpha: Double, delta: Double, omega: Double, initWeeks: Int) -> (State, Double) {
        // Initial state from the first weeks.
        let n0 = min(y.count, 168 * initWeeks)
        var sum = 0.0, cnt = 0.0
        for i in 0..<n0 { if let v = y[i] { sum += v; cnt += 1 } }
        let level0 = cnt > 0 ? sum / cnt : 0
        var weekly = [Double](repeating: 0, count: 168), wc = [Double](repeating: 0, count: 168)
        for i in 0..<n0 { if let v = y[i] { weekly[i % 168] += v - level0; wc[i % 168] += 1 } }
        for i in 0..<168 { weekly[i] = wc[i] > 0 ? weekly[i] / wc[i] : 0 }
        var daily = [Double](repeating: 0, count: 24)
        for h in 0..<24 { var s = 0.0; for d in 0..<7 { s += weekly[d * 24 + h] }; daily[h] = s / 7 }
        for i in 0..<168 { weekly[i] -= daily[i % 24] }
        var st = State(level: level0, daily: daily, weekly: weekly)
        var err = 0.0, errN = 0.0
        var snapLevel = 0.0, snapDaily = daily, snapWeekly = weekly
        var haveSnap = false
        for t in 0..<y.count {
            if t % 168 == 0 && t >= n0 {
                snapLevel = st.level; snapDaily = st.daily; snapWeekly = st.weekly; haveSnap = true
            }
            let hd = t % 24, hw = t % 168
            let pred = st.level + st.daily[hd] + st.weekly[hw]
            guard let v = y[t] else { continue }
            if haveSnap {
                err += abs(v - max(0, snapLevel + snapDaily[hd] + snapWeekly[hw])); errN += 1
            }
            _ = pred
            let newLevel = alpha * (v - st.daily[hd] - st.weekly[hw]) + (1 - alpha) * st.level
            let newDaily = delta * (v - newLevel - st.weekly[hw]) + (1 - delta) * st.daily[hd]
            let newWeekly = omega * (v - newLevel - newDaily) + (1 - omega) * st.weekly[hw]
            st.level = newLevel; st.daily[hd] = newDaily; st.weekly[hw] = newWeekly
        }
        return (st, errN > 0 ? err / errN : .infinity)
    }

    public func forecastCalls(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> [Double] {
        guard days > 0 else { throw ForecastError("the number of days to forecast must be at least 1, got \(days)") }
        let daily = DayLevelModel()
        let fit = try daily.fit(history: history, calendar: calendar, before: start)
        var hist = HistoryDays(history: history, before: start)
        if hist.days.count > maxWeeks * 7 { hist.days.removeFirst(hist.days.count - maxWeeks * 7) }
        // Align the series on weekday so that index % 168 is the hour of the week (Monday 00:00 = 0).
        guard let firstDay = hist.days.first?.date else {
            throw ForecastError("the history has no whole day before \(start)")
        }
        let pad = firstDay.weekday - 1
        var y = [Double?](repeating: nil, count: pad * 24)
        y.reserveCapacity(pad * 24 + hist.days.count * 24)
        for d in hist.days {
            let skip = !d.recorded || fit.classifier.type(of: d.date) != nil
            for h in 0..<24 { y.append(skip ? nil : d.calls[h]) }
        }
        // The forecast start must be hour-of-week aligned with the series end.
        let endDay = firstDay.adding(days: hist.days.count)
        let gapDays = start.dayNumber - endDay.dayNumber
        if gapDays > 0 { y += [Double?](repeating: nil, count: gapDays * 24) }
        let initWeeks = 2
        var best: (State, Double)?
        for a in alphas { for dl in deltas { for om in omegas {
            let r = Self.run(y, alpha: a, delta: dl, omega: om, initWeeks: initWeeks)
            if best == nil || r.1 < best!.1 { best = r }
        } } }
        let st = best!.0
        var calls: [Double] = []
        calls.reserveCapacity(days * 24)
        let t0 = y.count
        for k in 0..<days {
            let date = start.adding(days: k)
            if fit.classifier.type(of: date) != nil {
                calls += daily.day(date, fit: fit)
                continue
            }
            for h in 0..<24 {
                let t = t0 + k * 24 + h
                calls.append(max(0, st.level + st.daily[t % 24] + st.weekly[t % 168]))
            }
        }
        return calls
    }

    public func forecast(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> HourlyForecast {
        let calls = try forecastCalls(history: history, calendar: calendar, start: start, days: days)
        let aht = try HandleTime.perHour(history: history, calendar: calendar, start: start, days: days)
        return HourlyForecast(start: LocalDateTime(date: start), calls: calls, ahtSeconds: aht, model: name)
    }
}
