import HotlineCore

/// A combination: the hour-by-hour median of the members' forecasts (with three members, the one
/// in the middle), which keeps the strength of each where the others go astray.
public struct CombinedModel: ForecastModel {
    public var members: [any ForecastModel]
    public init(members: [any ForecastModel] = [DayLevelModel(), HourOfWeekProfile(), HoltWinters()]) {
        self.members = members
    }
    public var name: String { "combined" }

    public func forecastCalls(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> [Double] {
        guard !members.isEmpty else { throw ForecastError("a combination needs at least one model") }
        return Self.median(try members.map { try $0.forecastCalls(history: history, calendar: calendar, start: start, days: days) })
    }

    public func forecast(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> HourlyForecast {
        guard !members.isEmpty else { throw ForecastError("a combination needs at least one model") }
        let fs = try members.map { try $0.forecast(history: history, calendar: calendar, start: start, days: days) }
        return HourlyForecast(start: LocalDateTime(date: start), calls: Self.median(fs.map(\.calls)),
                              ahtSeconds: fs[0].ahtSeconds, model: name)
    }

    /// The hour-by-hour median of equally long forecasts.
    static func median(_ parts: [[Double]]) -> [Double] {
        let n = parts.map(\.count).min() ?? 0
        var calls = [Double](repeating: 0, count: n)
        var buf = [Double](repeating: 0, count: parts.count)
        for i in 0..<n {
            for k in parts.indices { buf[k] = parts[k][i] }
            calls[i] = Stats.median(buf)
        }
        return calls
    }
}

/// The models by name, for the command line and the backtest.
public enum ForecastModels {
    /// Every model, in the order reports list them.
    public static var all: [any ForecastModel] {
        [SeasonalNaive(), HourOfWeekProfile(), DayLevelModel(), HoltWinters(), CombinedModel()]
    }

    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> (any ForecastModel)? {
        all.first { $0.name == name }
    }
}
