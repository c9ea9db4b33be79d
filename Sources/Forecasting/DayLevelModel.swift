import HotlineCore

/// Day-level model: the calls of each day from a level, a day-of-week factor and a day-type
/// effect, split into hours by an intraday profile of the weekday or of the day type.
///
/// 1. **Ordinary days** (no calendar entry, not next to a holiday block, recorded): the
///    day-of-week factor is the median of the last `weeks` totals of each weekday over their mean.
/// 2. **Level**: exponentially smoothed (`alpha` a day) daily total over the weekday's factor,
///    across the ordinary open days of the last `levelDays` days; a day more than `clip` away
///    from the level counts as at that bound, so an outage or a one-day surge moves it little.
/// 3. **Intraday profile**: per weekday, the hour-by-hour median of the last `shapeWeeks`
///    ordinary days' shares of their day's calls, renormalised. The median, not the mean, because
///    the forecast is judged by absolute error.
/// 4. **Day types** (`DayTypeClassifier`): each history day of a type gives a ratio (its calls
///    over the median of the `weeks` nearest ordinary days of its weekday) and a shape. Holidays
///    and holiday eves change the shape of the day (a center may close or open late), so their
///    forecast uses the mean learned ratio and shape with one prior example added: a holiday is
///    like the week's quietest weekday, an eve like the day before it. Other types keep their
///    weekday's shape and take the median ratio; a type never seen keeps the ordinary forecast.
///    A day of a long block (春节, 国庆节) whose block (same name) was in the history 320–400
///    days earlier takes the ratio and shape of the day at the same position in last year's block.
/// 5. Days without records (outages) are left out of everything above.
public struct DayLevelModel: ForecastModel {
    public var weeks = 8
    public var shapeWeeks = 12
    public var alpha = 0.05
    public var clip = 0.3
    public var levelDays = 70

    public init() {}

    public var name: String { "daily" }

    /// What the model learned (for reports and tests).
    public struct Fit: Sendable {
        public var level: Double
        /// `dayOfWeek[w - 1]`: expected calls of an ordinary weekday `w` (Monday = 1) at the current level.
        public var dayTotals: [Double]
        public var shapes: [[Double]]
        public var quietWeekdays: Set<Int>
        /// Per day type: the learned ratio to an ordinary day and how many days it came from.
        public var typeRatios: [DayType: Double]
        public var typeSamples: [DayType: Int]
        struct Sample { var date: CivilDate; var ratio: Double; var shape: [Double] }
        var samples: [DayType: [Sample]]
        var classifier: DayTypeClassifier
        var history: [CivilDate: Sample]
    }

    public func fit(history: HourlySeries, calendar: HolidayCalendar, before date: CivilDate) throws -> Fit {
        let all = HistoryDays(history: history, before: date).recorded
        let ordinaryByCalendar = all.filter { calendar.kind(on: $0.date) == nil }
        guard !all.isEmpty else {
            throw ForecastError("the history has no whole day with records before \(date); give history that ends before the forecast start")
        }
        let quiet = HistoryDays.quietWeekdays(ordinaryByCalendar.isEmpty ? all : ordinaryByCalendar)
        let classifier = DayTypeClassifier(calendar: calendar, quietWeekdays: quiet)
        var regular = all.filter { classifier.type(of: $0.date) == nil }
        if regular.isEmpty { regular = all }
        let byWeekday: [[HistoryDays.Day]] = (1...7).map { w in regular.filter { $0.date.weekday == w } }

        var med = [Double?](repeating: nil, count: 7)
        for w in 0..<7 where !byWeekday[w].isEmpty { med[w] = Stats.median(byWeekday[w].suffix(weeks).map(\.total)) }
        let known = med.compactMap { $0 }
        let meanKnown = Stats.mean(known)
        let medFull = med.map { $0 ?? meanKnown }
        let mean = max(Stats.mean(medFull), 1e-9)
        let dow = medFull.map { $0 / mean }

        // Level.
        var level: Double?
        let lastDay = regular.last!.date.dayNumber
        for d in regular where d.date.dayNumber > lastDay - levelDays && !quiet.contains(d.date.weekday) {
            let f = dow[d.date.weekday - 1]
            guard f > 0 else { continue }
            let x = d.total / f / mean
            guard let l = level else { level = x; continue }
            let c = min(max(x, l * (1 - clip)), l * (1 + clip))
            level = l + alpha * (c - l)
        }
        let L = level ?? 1

        // Shapes.
        var shapes = [[Double]?](repeating: nil, count: 7)
        for w in 0..<7 where !byWeekday[w].isEmpty {
            let days = byWeekday[w].suffix(shapeWeeks).filter { $0.total > 0 }
            guard !days.isEmpty else { shapes[w] = [Double](repeating: 0, count: 24); continue }
            var s = (0..<24).map { h in Stats.median(days.map { $0.calls[h] / $0.total }) }
            let sum = s.reduce(0, +)
            if sum > 0 { s = s.map { $0 / sum } } else { s = (0..<24).map { h in days.reduce(0) { $0 + $1.calls[h] } / max(days.reduce(0) { $0 + $1.total }, 1e-9) } }
            shapes[w] = s
        }
        let knownShapes = shapes.compactMap { $0 }
        let meanShape = (0..<24).map { h in Stats.mean(knownShapes.map { $0[h] }) }
        let fullShapes = shapes.map { $0 ?? meanShape }

        // Day types.
        func reference(_ d: CivilDate) -> Double? {
            let near = byWeekday[d.weekday - 1]
                .sorted { abs($0.date.dayNumber - d.dayNumber) < abs($1.date.dayNumber - d.dayNumber) }
                .prefix(weeks)
            guard !near.isEmpty else { return nil }
            return Stats.median(near.map(\.total))
        }
        var samples: [DayType: [Fit.Sample]] = [:]
        var byDate: [CivilDate: Fit.Sample] = [:]
        for d in all {
            let isBlock = classifier.blockPosition(of: d.date) != nil
            guard let t = classifier.type(of: d.date) else { continue }
            let refOpt: Double?
            if t == .workday {
                let refs = (1...5).compactMap { w in reference(d.date.adding(days: w - d.date.weekday)) }
                refOpt = refs.isEmpty ? nil : Stats.mean(refs)
            } else {
                refOpt = reference(d.date)
            }
            guard let ref = refOpt, ref > 0 else { continue }
            let shape = d.total > 0 ? d.calls.map { $0 / d.total } : fullShapes[d.date.weekday - 1]
            samples[t, default: []].append(Fit.Sample(date: d.date, ratio: d.total / ref, shape: shape))
            if isBlock {
                // Inside a block the weekday matters little (every day is a day off): kept
                // relative to the mean ordinary day of that week, for the same block next year.
                let weekRefs = (1...7).compactMap { w in reference(d.date.adding(days: w - d.date.weekday)) }
                let weekMean = Stats.mean(weekRefs)
                if weekMean > 0 { byDate[d.date] = Fit.Sample(date: d.date, ratio: d.total / weekMean, shape: shape) }
            }
        }
        var ratios: [DayType: Double] = [:], counts: [DayType: Int] = [:]
        for t in DayType.allCases {
            let r = samples[t]?.map(\.ratio) ?? []
            counts[t] = r.count
            if !r.isEmpty { ratios[t] = Stats.median(r) }
        }
        return Fit(level: L, dayTotals: dow.map { $0 * mean * L }, shapes: fullShapes, quietWeekdays: quiet,
                   typeRatios: ratios, typeSamples: counts, samples: samples, classifier: classifier, history: byDate)
    }

    /// The 24 forecast hours of `date` from a fit.
    func day(_ date: CivilDate, fit: Fit) -> [Double] {
        let w = date.weekday - 1
        let total = fit.dayTotals[w]
        let shape = fit.shapes[w]
        guard let t = fit.classifier.type(of: date) else { return shape.map { $0 * total } }
        // Same block last year.
        if let pos = fit.classifier.blockPosition(of: date) {
            for back in 320...400 {
                let d = date.adding(days: -back)
                if let p = fit.classifier.blockPosition(of: d), p.name == pos.name, p.offset == pos.offset,
                   let s = fit.history[d] {
                    let weekMean = Stats.mean(fit.dayTotals)
                    return s.shape.map { $0 * weekMean * s.ratio }
                }
            }
        }
        let learned = fit.samples[t] ?? []
        switch t {
        case .holiday, .beforeHoliday:
            let quietest = (0..<7).min { fit.dayTotals[$0] < fit.dayTotals[$1] }!
            let q = t == .holiday ? quietest : (quietest + 6) % 7
            let prior = Fit.Sample(date: date, ratio: total > 0 ? fit.dayTotals[q] / total : 1, shape: fit.shapes[q])
            let all = learned + [prior]
            let ratio = Stats.mean(all.map(\.ratio))
            let shape = (0..<24).map { h in Stats.mean(all.map { $0.shape[h] }) }
            return shape.map { $0 * total * ratio }
        default:
            // Prefer examples on weekdays of a similar level (a rest day on a Monday learns from
            // rest days on working days, not from rest days that fell on a quiet Sunday).
            let similar = learned.filter { s in
                let other = fit.dayTotals[s.date.weekday - 1]
                return total > 0 && abs(other - total) <= 0.15 * total
            }
            let pool = similar.isEmpty ? learned : similar
            let ratio = pool.isEmpty ? 1 : Stats.median(pool.map(\.ratio))
            if t == .workday {
                // A make-up workday is a working weekday: the mean Monday–Friday day.
                let wd = (0..<5)
                let mt = Stats.mean(wd.map { fit.dayTotals[$0] })
                return (0..<24).map { h in Stats.mean(wd.map { fit.shapes[$0][h] }) * mt * ratio }
            }
            return shape.map { $0 * total * ratio }
        }
    }

    public func forecastCalls(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> [Double] {
        guard days > 0 else { throw ForecastError("the number of days to forecast must be at least 1, got \(days)") }
        let fit = try self.fit(history: history, calendar: calendar, before: start)
        var calls: [Double] = []
        calls.reserveCapacity(days * 24)
        for k in 0..<days { calls += day(start.adding(days: k), fit: fit) }
        return calls
    }

    public func forecast(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> HourlyForecast {
        let calls = try forecastCalls(history: history, calendar: calendar, start: start, days: days)
        let aht = try HandleTime.perHour(history: history, calendar: calendar, start: start, days: days)
        return HourlyForecast(start: LocalDateTime(date: start), calls: calls, ahtSeconds: aht, model: name)
    }
}
