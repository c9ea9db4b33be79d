import HotlineCore

/// The whole days of a history before a date, as arrays, for the models.
struct HistoryDays {
    struct Day {
        var date: CivilDate
        var calls: [Double]
        var total: Double
        /// False for a day without any record (outage, missing file).
        var recorded: Bool
    }

    /// Consecutive days, oldest first, ending the day before `before`.
    var days: [Day]

    init(history: HourlySeries, before date: CivilDate) {
        var out: [Day] = []
        let first = history.start.date
        let startOffset = history.start.hourIndex - LocalDateTime(date: first).hourIndex
        let lastWhole = min(date.dayNumber, history.end.date.dayNumber + (history.end.hour == 0 ? 0 : 0))
        var d = startOffset == 0 ? first : first.adding(days: 1)
        while d.dayNumber < lastWhole {
            let i = LocalDateTime(date: d).hourIndex - history.start.hourIndex
            guard i >= 0, i + 24 <= history.hours.count else { break }
            var calls = [Double](repeating: 0, count: 24)
            var total = 0.0
            for h in 0..<24 { let v = history.hours[i + h].offered; calls[h] = v; total += v }
            out.append(Day(date: d, calls: calls, total: total, recorded: !history.daysWithoutRecords.contains(d)))
            d = d.adding(days: 1)
        }
        days = out
    }

    var recorded: [Day] { days.filter(\.recorded) }

    /// Weekdays whose recent median calls are below 30% of the busiest weekday's (closed days).
    static func quietWeekdays(_ regular: [Day], weeks: Int = 8) -> Set<Int> {
        var med = [Double](repeating: 0, count: 8)
        for w in 1...7 {
            let v = regular.filter { $0.date.weekday == w }.suffix(weeks).map(\.total)
            med[w] = v.isEmpty ? 0 : Stats.median(v)
        }
        let top = med.max() ?? 0
        guard top > 0 else { return [] }
        return Set((1...7).filter { w in med[w] < 0.3 * top && regular.contains { $0.date.weekday == w } })
    }
}

enum Stats {
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
