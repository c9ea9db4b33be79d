import Foundation
import HotlineCore

/// A SYNTHETIC 12345-like hourly call history, for the demo and tests only (not real data).
///
/// Shape, from how citizen-service hotlines are described: 24-hour service with few calls at
/// night; intraday peaks around 10–11 and 14–15; Monday busiest, weekends quieter; statutory
/// holidays and holiday rest days low, the first working day after a holiday block high; make-up
/// workdays (调休) like ordinary weekdays. Counts are Poisson around the shape; handle time is
/// longer in the daytime peaks.
public struct SyntheticHistory: Sendable {
    public var calendar: HolidayCalendar
    /// Calls on an ordinary Wednesday.
    public var baseDailyCalls: Double
    public var seed: UInt64

    public init(calendar: HolidayCalendar = .china, baseDailyCalls: Double = 3000, seed: UInt64 = 12345) {
        self.calendar = calendar
        self.baseDailyCalls = baseDailyCalls
        self.seed = seed
    }

    /// Relative calls by hour of day (0–23), peaks at 10–11 and 14–15.
    public static let hourShape: [Double] = [
        0.9, 0.6, 0.4, 0.35, 0.35, 0.5, 1.0, 2.2, 4.6, 6.8, 7.6, 7.0,
        5.0, 5.6, 7.3, 7.1, 6.2, 5.0, 4.0, 3.8, 3.6, 3.0, 2.2, 1.4,
    ]

    /// Relative daily volume by ISO weekday (Monday first).
    public static let weekdayShape: [Double] = [1.15, 1.05, 1.0, 0.98, 0.96, 0.72, 0.68]

    /// Mean handle time by hour of day, seconds.
    public static func handleSeconds(hour: Int) -> Double {
        (8...17).contains(hour) ? 255 : ((6...21).contains(hour) ? 235 : 210)
    }

    /// The day's expected volume relative to an ordinary Wednesday.
    public func dayFactor(_ date: CivilDate) -> Double {
        switch calendar.kind(on: date) {
        case .holiday: return 0.55
        case .rest: return 0.7
        case .workday: return 1.05
        case .special: return 1.1
        case nil:
            var f = SyntheticHistory.weekdayShape[date.weekday - 1]
            // The first working day after a holiday block catches up.
            if let k = calendar.kind(on: date.adding(days: -1)), k == .holiday || k == .rest { f *= 1.3 }
            return f
        }
    }

    public struct Row: Sendable {
        public var start: LocalDateTime
        public var calls: Int
        public var answered: Int
        public var abandoned: Int
        public var ahtSeconds: Double
    }

    /// Hourly rows from `from` (00:00) for `days` days.
    public func rows(from: CivilDate, days: Int) -> [Row] {
        var rng = SplitMix64(seed: seed)
        let shapeTotal = SyntheticHistory.hourShape.reduce(0, +)
        var rows: [Row] = []
        rows.reserveCapacity(days * 24)
        for d in 0..<days {
            let date = from.adding(days: d)
            // Slow growth (about 8% a year) and a day-level wobble.
            let trend = 1 + 0.08 * Double(date.dayNumber - 20_000) / 365
            let level = baseDailyCalls * dayFactor(date) * trend * (1 + 0.04 * rng.normal())
            for hour in 0..<24 {
                let mean = level * SyntheticHistory.hourShape[hour] / shapeTotal
                let calls = rng.poisson(mean)
                let abandonRate = 0.02 + 0.03 * SyntheticHistory.hourShape[hour] / 7.6
                let abandoned = min(calls, rng.poisson(Double(calls) * abandonRate))
                let aht = SyntheticHistory.handleSeconds(hour: hour) * (1 + 0.05 * rng.normal())
                rows.append(Row(start: LocalDateTime(date: date, hour: hour), calls: calls,
                                answered: calls - abandoned, abandoned: abandoned, ahtSeconds: max(60, aht)))
            }
        }
        return rows
    }

    /// Interval history CSV (DESIGN.md): `start,calls,aht_seconds,abandoned,answered`.
    public func csv(from: CivilDate, days: Int) -> String {
        var out = "start,calls,aht_seconds,abandoned,answered\n"
        for r in rows(from: from, days: days) {
            out += "\(r.start),\(r.calls),\(Int(r.ahtSeconds.rounded())),\(r.abandoned),\(r.answered)\n"
        }
        return out
    }
}
