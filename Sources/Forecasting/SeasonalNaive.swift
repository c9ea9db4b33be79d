import HotlineCore

/// Seasonal naive: each hour is the same hour one week earlier; when that day has no records,
/// the same day another week back (up to `maxWeeksBack`). No calendar. The benchmark every model
/// must beat, and the scale of MASE.
public struct SeasonalNaive: ForecastModel {
    public var maxWeeksBack = 8
    public init() {}
    public var name: String { "seasonal-naive" }

    public func forecastCalls(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> [Double] {
        guard days > 0 else { throw ForecastError("the number of days to forecast must be at least 1, got \(days)") }
        let hist = HistoryDays(history: history, before: start)
        var byDate: [CivilDate: [Double]] = [:]
        for d in hist.days where d.recorded { byDate[d.date] = d.calls }
        guard !byDate.isEmpty else {
            throw ForecastError("the history has no whole day with records before \(start); give history that ends before the forecast start")
        }
        var calls: [Double] = []
        var made: [CivilDate: [Double]] = [:]
        for k in 0..<days {
            let date = start.adding(days: k)
            var found: [Double]?
            for back in 1...maxWeeksBack {
                let d = date.adding(days: -7 * back)
                if let v = byDate[d] ?? made[d] { found = v; break }
            }
            let v = found ?? [Double](repeating: 0, count: 24)
            made[date] = v
            calls += v
        }
        return calls
    }

    public func forecast(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> HourlyForecast {
        let calls = try forecastCalls(history: history, calendar: calendar, start: start, days: days)
        let aht = try HandleTime.perHour(history: history, calendar: calendar, start: start, days: days)
        return HourlyForecast(start: LocalDateTime(date: start), calls: calls, ahtSeconds: aht, model: name)
    }
}
