import HotlineCore

/// Holiday-aware hour-of-week profile.
///
/// 1. **Regular profile.** For each weekday, the most recent `weeks` regular days before the
///    forecast start (days with no calendar entry, a full day of history and at least one record)
///    give, hour by hour, a robust mean of the calls (`robustMean`: the median for up to 4 values,
///    else the mean after dropping the highest and lowest fifth, at least one each side). A weekday
///    with no regular day at all takes the mean profile of the other weekdays.
/// 2. **Day-type factors.** Each holiday, rest, make-up workday and special day in the history
///    gives a ratio: its calls over the robust mean of the `weeks` nearest regular days of the same
///    weekday (for a make-up workday: of the Monday–Friday days). The factor of a kind is the
///    median of its ratios, kept within 0.05…3. A kind the history never shows uses
///    `defaultFactors`: holiday 0.6, rest 0.75, workday 1.0, special 1.0.
/// 3. **Forecast.** A regular day is its weekday's profile. A holiday, rest or special day is its
///    weekday's profile times the kind's factor. A make-up workday (调休上班, usually a weekend)
///    is forecast like a regular weekday: the mean Monday–Friday profile times the workday factor.
/// 4. **Handle time.** Per hour of week, the robust mean of the hourly mean handle times of the
///    same regular days; hours without any fall back to the overall answered-weighted mean of those
///    days (0 when the history has no handle times at all).
public struct HourOfWeekProfile: ForecastModel {
    /// How many recent regular days of each weekday the profile uses.
    public var weeks: Int
    /// Factors for day kinds the history has no example of.
    public var defaultFactors: [DayKind: Double]

    public static let standardDefaultFactors: [DayKind: Double] = [.holiday: 0.6, .rest: 0.75, .workday: 1.0, .special: 1.0]

    public init(weeks: Int = 8) {
        self.weeks = max(1, weeks)
        defaultFactors = HourOfWeekProfile.standardDefaultFactors
    }

    public var name: String { "profile" }

    /// What the model learned from the history before a date (for reports and tests).
    public struct Fit: Sendable {
        /// `profile[weekday - 1][hour]`: calls of a regular day (weekday 1 = Monday).
        public var profile: [[Double]]
        /// `aht[weekday - 1][hour]`: handle seconds.
        public var aht: [[Double]]
        /// The factor used for each day kind.
        public var factors: [DayKind: Double]
        /// How many history days each factor was learned from (0: the default was used).
        public var factorSamples: [DayKind: Int]
        /// The mean Monday–Friday profile (make-up workdays).
        public var weekdayProfile: [Double]
        public var weekdayAHT: [Double]
    }

    public func forecast(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> HourlyForecast {
        guard days > 0 else { throw ForecastError("the number of days to forecast must be at least 1, got \(days)") }
        let fit = try self.fit(history: history, calendar: calendar, before: start)
        var calls: [Double] = [], aht: [Double] = []
        calls.reserveCapacity(days * 24)
        aht.reserveCapacity(days * 24)
        for k in 0..<days {
            let date = start.adding(days: k)
            let w = date.weekday - 1
            let kind = calendar.kind(on: date)
            switch kind {
            case nil:
                calls += fit.profile[w]
                aht += fit.aht[w]
            case .workday:
                let f = fit.factors[.workday] ?? 1
                calls += fit.weekdayProfile.map { $0 * f }
                aht += fit.weekdayAHT
            case let kind?:
                let f = fit.factors[kind] ?? 1
                calls += fit.profile[w].map { $0 * f }
                aht += fit.aht[w]
            }
        }
        return HourlyForecast(start: LocalDateTime(date: start), calls: calls, ahtSeconds: aht, model: name)
    }

    /// Learns the profile and factors from the history before `date`.
    public func fit(history: HourlySeries, calendar: HolidayCalendar, before date: CivilDate) throws -> Fit {
        // Usable days: whole days of history before `date`, with records.
        var daily: [(date: CivilDate, hours: [HourlyObservation], total: Double)] = []
        for d in history.dates where d < date && !history.daysWithoutRecords.contains(d) {
            guard let hours = history.day(d) else { continue }
            daily.append((d, hours, hours.reduce(0) { $0 + $1.offered }))
        }
        guard !daily.isEmpty else {
            throw ForecastError("the history has no whole day with records before \(date); give history that ends before the forecast start")
        }
        let regular = daily.indices.filter { calendar.kind(on: daily[$0].date) == nil }
        let base = regular.isEmpty ? Array(daily.indices) : regular

        // Overall handle time of the days used, weighted by answered calls.
        var hSum = 0.0, hWeight = 0.0
        for i in base { for o in daily[i].hours { if let h = o.handleSeconds { hSum += h * o.answered; hWeight += o.answered } } }
        let overallAHT = hWeight > 0 ? hSum / hWeight : 0

        // Regular profile per weekday, from the most recent `weeks` days of that weekday.
        var profile = [[Double]?](repeating: nil, count: 7)
        var ahtProfile = [[Double]?](repeating: nil, count: 7)
        for w in 0..<7 {
            let chosen = Array(base.filter { daily[$0].date.weekday == w + 1 }.suffix(weeks))
            guard !chosen.isEmpty else { continue }
            profile[w] = (0..<24).map { h in Self.robustMean(chosen.map { daily[$0].hours[h].offered }) }
            ahtProfile[w] = (0..<24).map { h in
                let v = chosen.compactMap { daily[$0].hours[h].handleSeconds }
                return v.isEmpty ? overallAHT : Self.robustMean(v)
            }
        }
        let known = (0..<7).filter { profile[$0] != nil }
        let meanOf = { (rows: [[Double]]) -> [Double] in
            (0..<24).map { h in rows.reduce(0) { $0 + $1[h] } / Double(max(rows.count, 1)) }
        }
        let fallbackCalls = meanOf(known.map { profile[$0]! })
        let fallbackAHT = meanOf(known.map { ahtProfile[$0]! })
        let fullProfile = (0..<7).map { profile[$0] ?? fallbackCalls }
        let fullAHT = (0..<7).map { ahtProfile[$0] ?? fallbackAHT }
        let weekdayProfile = meanOf(Array(fullProfile[0..<5]))
        let weekdayAHT = meanOf(Array(fullAHT[0..<5]))

        // Day-type factors from history ratios.
        let regularByWeekday: [[Int]] = (1...7).map { w in regular.filter { daily[$0].date.weekday == w } }
        func reference(_ d: CivilDate, weekday w: Int) -> Double? {
            let near = regularByWeekday[w - 1]
                .sorted { abs(daily[$0].date.dayNumber - d.dayNumber) < abs(daily[$1].date.dayNumber - d.dayNumber) }
                .prefix(weeks)
            guard !near.isEmpty else { return nil }
            return Self.robustMean(near.map { daily[$0].total })
        }
        var ratios: [DayKind: [Double]] = [:]
        for (d, _, total) in daily {
            guard let kind = calendar.kind(on: d) else { continue }
            let ref: Double?
            if kind == .workday {
                let refs = (1...5).compactMap { reference(d, weekday: $0) }
                ref = refs.isEmpty ? nil : refs.reduce(0, +) / Double(refs.count)
            } else {
                ref = reference(d, weekday: d.weekday)
            }
            if let ref, ref > 0 { ratios[kind, default: []].append(total / ref) }
        }
        var factors: [DayKind: Double] = [:], samples: [DayKind: Int] = [:]
        for kind in DayKind.allCases {
            if let r = ratios[kind], !r.isEmpty {
                factors[kind] = min(3, max(0.05, Self.median(r)))
                samples[kind] = r.count
            } else {
                factors[kind] = defaultFactors[kind] ?? 1
                samples[kind] = 0
            }
        }
        return Fit(profile: fullProfile, aht: fullAHT, factors: factors, factorSamples: samples,
                   weekdayProfile: weekdayProfile, weekdayAHT: weekdayAHT)
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The median for up to 4 values; otherwise the mean without the highest and lowest fifth
    /// (at least one value each side).
    public static func robustMean(_ values: [Double]) -> Double {
        guard values.count > 4 else { return median(values) }
        let s = values.sorted()
        let trim = max(1, s.count / 5)
        let kept = s[trim..<(s.count - trim)]
        return kept.reduce(0, +) / Double(kept.count)
    }
}
