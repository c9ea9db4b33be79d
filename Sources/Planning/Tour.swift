/// Hours of the planning week: hour 0 is Monday 00:00–01:00, hour 167 Sunday 23:00–24:00.
/// The week is cyclic: a shift running past Sunday midnight continues into hour 0.
/// With 30-minute intervals the week has 336 intervals (interval 0 is Monday 00:00–00:30).
public enum PlanningWeek {
    public static let hours = 168
    public static let minutes = 7 * 1440
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    public static let fullDayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    /// The planning intervals the planner supports (minutes).
    public static let intervals = [30, 60]
    /// Intervals of one week at `intervalMinutes` (168 at 60, 336 at 30).
    public static func intervals(minutes intervalMinutes: Int) -> Int { minutes / intervalMinutes }
}

/// A break inside a shift, the same on every working day of a tour.
public struct TourBreak: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Minutes from the shift's start to the start of the break (whole hours with 60-minute
    /// intervals, whole half hours with 30-minute intervals).
    public var offsetMinutes: Int
    /// Length of the break in minutes.
    public var minutes: Int
    /// Paid (a short rest break) or unpaid (a meal break).
    public var paid: Bool

    /// Whole hours from the shift's start to the start of the break (rounded down).
    public var offsetHours: Int { offsetMinutes / 60 }

    public init(offsetHours: Int, minutes: Int, paid: Bool) {
        self.init(offsetMinutes: offsetHours * 60, minutes: minutes, paid: paid)
    }

    public init(offsetMinutes: Int, minutes: Int, paid: Bool) {
        self.offsetMinutes = offsetMinutes
        self.minutes = minutes
        self.paid = paid
    }

    enum CodingKeys: String, CodingKey { case offsetHours, offsetMinutes, minutes, paid }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minutes = try c.decode(Int.self, forKey: .minutes)
        paid = try c.decode(Bool.self, forKey: .paid)
        if let m = try c.decodeIfPresent(Int.self, forKey: .offsetMinutes) {
            offsetMinutes = m
        } else {
            offsetMinutes = try c.decode(Int.self, forKey: .offsetHours) * 60
        }
    }

    /// `offsetHours` as before; `offsetMinutes` only when the break starts at a half hour.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(offsetHours, forKey: .offsetHours)
        if offsetMinutes % 60 != 0 { try c.encode(offsetMinutes, forKey: .offsetMinutes) }
        try c.encode(minutes, forKey: .minutes)
        try c.encode(paid, forKey: .paid)
    }

    /// E.g. `meal +4h 60min`, `break +2h30 30min`.
    public var description: String {
        let m = offsetMinutes % 60
        return "\(paid ? "break" : "meal") +\(offsetHours)h\(m == 0 ? "" : (m < 10 ? "0\(m)" : "\(m)")) \(minutes)min"
    }
}

/// How one tour's shifts fill one interval of the period: the share of it on shift (seats), on
/// the phones (on shift less breaks) and paid (on shift less unpaid breaks), each 0…1.
public struct IntervalShare: Sendable, Equatable {
    public var interval: Int
    public var onShift: Double
    public var available: Double
    public var paid: Double
}

/// A tour: the same shift (start, length, breaks) on each working day, and days off, over
/// one week (7 day flags) or a planning period of several weeks (7 × weeks flags, the
/// comprehensive working-hours system). The period is cyclic like the week.
///
/// Times are kept in minutes: with 60-minute intervals shifts start on whole hours and last whole
/// hours (`startHour`, `lengthHours` are exact); with 30-minute intervals they may start on a half
/// hour and last a whole number of half hours (`startMinute`, `lengthMinutes`).
public struct Tour: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Start of the shift, minute of the day (0–1439).
    public var startMinute: Int
    /// Time on site from the start to the end of the shift in minutes, breaks included.
    public var lengthMinutes: Int
    /// Seven flags, Monday first: whether the shift starts on that day (7 × weeks flags for a
    /// tour over several weeks: week 1 Monday to week N Sunday).
    public var workDays: [Bool]
    /// Breaks of each shift (empty: none planned). A break takes the person off the phones for its
    /// minutes: a 30-minute break counts as half an agent in its hour with 60-minute intervals and
    /// takes one whole interval with 30-minute intervals.
    public var breaks: [TourBreak]
    /// Name of the shift template the tour comes from (nil: the plain `[shifts]` lengths and starts).
    public var template: String?

    /// Start of the shift, hour of the day (0–23; the hour a half-hour start falls in).
    public var startHour: Int { startMinute / 60 }
    /// Whole hours on site (exact with 60-minute intervals; a 8.5-hour shift says 8: use `lengthMinutes`).
    public var lengthHours: Int { lengthMinutes / 60 }

    public init(startHour: Int, lengthHours: Int, workDays: [Bool], breaks: [TourBreak] = [], template: String? = nil) {
        self.init(startMinute: startHour * 60, lengthMinutes: lengthHours * 60, workDays: workDays, breaks: breaks, template: template)
    }

    public init(startMinute: Int, lengthMinutes: Int, workDays: [Bool], breaks: [TourBreak] = [], template: String? = nil) {
        self.startMinute = startMinute
        self.lengthMinutes = lengthMinutes
        self.workDays = workDays
        self.breaks = breaks
        self.template = template
    }

    enum CodingKeys: String, CodingKey { case startHour, lengthHours, startMinute, lengthMinutes, workDays, breaks, template }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workDays = try c.decode([Bool].self, forKey: .workDays)
        breaks = try c.decodeIfPresent([TourBreak].self, forKey: .breaks) ?? []
        template = try c.decodeIfPresent(String.self, forKey: .template)
        startMinute = try c.decodeIfPresent(Int.self, forKey: .startMinute) ?? c.decode(Int.self, forKey: .startHour) * 60
        lengthMinutes = try c.decodeIfPresent(Int.self, forKey: .lengthMinutes) ?? c.decode(Int.self, forKey: .lengthHours) * 60
    }

    /// The hour keys as before; the minute keys only for a tour off the whole hours.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(startHour, forKey: .startHour)
        try c.encode(lengthHours, forKey: .lengthHours)
        if startMinute % 60 != 0 || lengthMinutes % 60 != 0 {
            try c.encode(startMinute, forKey: .startMinute)
            try c.encode(lengthMinutes, forKey: .lengthMinutes)
        }
        try c.encode(workDays, forKey: .workDays)
        try c.encode(breaks, forKey: .breaks)
        try c.encodeIfPresent(template, forKey: .template)
    }

    public var workDayCount: Int { workDays.lazy.filter { $0 }.count }
    /// Weeks the tour spans (1 for a weekly tour).
    public var weeks: Int { max(1, workDays.count / 7) }
    /// Hours of the tour's cyclic period (168 × weeks).
    public var periodHours: Int { weeks * PlanningWeek.hours }
    /// Minutes of the tour's cyclic period.
    public var periodMinutes: Int { weeks * PlanningWeek.minutes }
    /// Time on site a week in whole hours (breaks included; over several weeks the average).
    public var weeklyHours: Int { workDayCount * lengthMinutes / 60 / weeks }
    /// Unpaid break minutes of one shift.
    public var unpaidBreakMinutes: Int { breaks.filter { !$0.paid }.reduce(0) { $0 + $1.minutes } }
    /// Paid hours of one shift: the time on site less the unpaid breaks.
    public var paidHoursPerShift: Double { Double(lengthMinutes - unpaidBreakMinutes) / 60 }
    /// Paid hours a week (over several weeks the average: `periodPaidHours / weeks`).
    public var weeklyPaidHours: Double { periodPaidHours / Double(weeks) }
    /// Paid hours of the whole period.
    public var periodPaidHours: Double { Double(workDayCount) * paidHoursPerShift }
    /// Working days in week `w` (0-based) of the period.
    public func workDayCount(week w: Int) -> Int { (w * 7..<min(workDays.count, w * 7 + 7)).filter { workDays[$0] }.count }

    /// The intervals of the period that the tour's shifts overlap (ascending, each once), with the
    /// share of each on shift, on the phones and paid. A shift crossing the period's end continues
    /// at its start (a Sunday night shift runs into Monday).
    public func intervalShares(intervalMinutes m: Int) -> [IntervalShare] {
        let period = periodMinutes
        let slots = period / m
        var on: [Int: Int] = [:], off: [Int: Int] = [:], unpaid: [Int: Int] = [:]
        func spread(_ from: Int, _ to: Int, into table: inout [Int: Int]) {
            var a = from
            while a < to {
                let slot = a / m
                let end = min(to, (slot + 1) * m)
                table[((slot % slots) + slots) % slots, default: 0] += end - a
                a = end
            }
        }
        for day in workDays.indices where workDays[day] {
            let s = day * 1440 + startMinute
            spread(s, s + min(lengthMinutes, period), into: &on)
            for b in breaks {
                spread(s + b.offsetMinutes, s + b.offsetMinutes + b.minutes, into: &off)
                if !b.paid { spread(s + b.offsetMinutes, s + b.offsetMinutes + b.minutes, into: &unpaid) }
            }
        }
        return on.keys.sorted().map { k in
            let o = Double(on[k]!), mm = Double(m)
            return IntervalShare(interval: k, onShift: o / mm, available: max(0, o - Double(off[k] ?? 0)) / mm,
                                 paid: max(0, o - Double(unpaid[k] ?? 0)) / mm)
        }
    }

    /// The intervals of the period the tour is on shift in (each once, ascending).
    public func intervalsOnShift(intervalMinutes m: Int) -> [Int] { intervalShares(intervalMinutes: m).map(\.interval) }

    /// Share of interval `i` someone on this tour is on the phones (on shift less breaks; 0 off shift).
    public func coverage(interval i: Int, intervalMinutes m: Int) -> Double {
        intervalShares(intervalMinutes: m).first { $0.interval == i }?.available ?? 0
    }

    /// Share of hour `offset` of a shift (0 = its first hour) spent off the phones on breaks.
    public func breakShare(offset: Int, paidOnly: Bool? = nil) -> Double {
        breaks.reduce(0.0) { acc, b in
            guard paidOnly.map({ $0 == b.paid }) ?? true else { return acc }
            let overlap = max(0, min(b.offsetMinutes + b.minutes, (offset + 1) * 60) - max(b.offsetMinutes, offset * 60))
            return acc + Double(overlap) / 60
        }
    }

    /// Offset in whole hours of `hourOfWeek` inside this tour's shift, nil when off shift.
    public func shiftOffset(hourOfWeek: Int) -> Int? {
        let period = periodMinutes
        let a = (((hourOfWeek * 60) % period) + period) % period
        for day in workDays.indices where workDays[day] {
            let offset = ((a - (day * 1440 + startMinute)) % period + period) % period
            if offset < lengthMinutes { return offset / 60 }
        }
        return nil
    }

    /// Share of hour `hourOfWeek` someone on this tour is available on the phones: 1 on shift, less
    /// the breaks in that hour; 0 off shift.
    public func coverage(hourOfWeek: Int) -> Double {
        let p = periodHours
        return coverage(interval: ((hourOfWeek % p) + p) % p, intervalMinutes: 60)
    }

    /// Share of hour `hourOfWeek` that is paid (on shift less unpaid breaks; 0 off shift).
    public func paidShare(hourOfWeek: Int) -> Double {
        let p = periodHours, h = ((hourOfWeek % p) + p) % p
        return intervalShares(intervalMinutes: 60).first { $0.interval == h }?.paid ?? 0
    }

    /// Whether someone on this tour is on shift in hour `hourOfWeek` of the cyclic week
    /// (any integer; taken modulo 168). A shift crosses midnight into the next day, and a Sunday
    /// shift into Monday.
    public func isOnShift(hourOfWeek: Int) -> Bool {
        let p = periodHours
        return hoursOnShift.contains(((hourOfWeek % p) + p) % p)
    }

    /// The hours of the period (the week, or 168 × weeks) this tour is on shift (each once, ascending).
    public var hoursOnShift: [Int] { intervalsOnShift(intervalMinutes: 60) }

    /// `HH:MM` of the shift's start.
    public var startText: String {
        let h = startMinute / 60, m = startMinute % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    /// The length as text: `8h`, `8.5h`.
    public var lengthText: String {
        lengthMinutes % 60 == 0 ? "\(lengthMinutes / 60)h" : "\(Double(lengthMinutes) / 60)h"
    }

    /// E.g. `08:00+8h Mon Tue Wed Thu Fri`, `07:30+8.5h Mon Tue Wed Thu Fri`.
    public var description: String {
        let days = workDays.enumerated().filter { $0.element }.map { Tour.dayName($0.offset, weeks: weeks) }
        let extra = breaks.isEmpty ? "" : " (" + breaks.map(\.description).joined(separator: ", ") + ")"
        return "\(startText)+\(lengthText) \(days.joined(separator: " "))" + extra
    }

    /// Name of day `d` of a tour's period: `Mon` for a weekly tour, `W2 Mon` over several weeks.
    public static func dayName(_ d: Int, weeks: Int) -> String {
        weeks > 1 ? "W\(d / 7 + 1) \(PlanningWeek.dayNames[d % 7])" : PlanningWeek.dayNames[d % 7]
    }

    /// Day patterns over `weeks` weeks built from weekly patterns with one block of days off that
    /// starts on the same weekday every week.
    ///
    /// - `averaged` false (the standard system): every week has `daysOff` days off (the weekly
    ///   pattern repeated).
    /// - `averaged` true (the comprehensive system): each week has `daysOff` − 1 to `daysOff` + 1
    ///   days off (at least 1, at most 6), `daysOff` × `weeks` in all, so the working days (and a
    ///   tour's hours) average the standard week; e.g. 6 days in the holiday week and 4 the next.
    ///
    /// Either way every 7 consecutive days of the cyclic period hold a day off (the blocks start on
    /// the same weekday and none is empty). `consecutive` false allows any days-off set per week,
    /// the same every week (standard) or, averaged over 2 weeks, any sets with the weekly counts
    /// as above and no run of more than 6 working days (over 3–4 weeks: the consecutive blocks).
    public static func dayPatterns(daysOff: Int, consecutive: Bool, weeks: Int, averaged: Bool) -> [[Bool]] {
        guard weeks > 1 else { return dayPatterns(daysOff: daysOff, consecutive: consecutive) }
        guard (1...6).contains(daysOff), consecutive || averaged else {
            return dayPatterns(daysOff: daysOff, consecutive: consecutive).map { p in (0..<weeks).flatMap { _ in p } }
        }
        // The sequences of weekly days-off counts.
        var counts: [[Int]] = [[]]
        let choices = averaged ? Array(max(1, daysOff - 1)...min(6, daysOff + 1)) : [daysOff]
        for _ in 0..<weeks { counts = counts.flatMap { c in choices.map { c + [$0] } } }
        counts = counts.filter { $0.reduce(0, +) == daysOff * weeks }
        var result: [[Bool]] = []
        if consecutive || weeks > 2 {
            for first in 0..<7 {
                for c in counts {
                    result.append(c.flatMap { k in (0..<7).map { day in ((day - first + 7) % 7) >= k } })
                }
            }
        } else {
            for c in counts {
                var partial: [[Bool]] = [[]]
                for k in c { partial = partial.flatMap { p in dayPatterns(daysOff: k, consecutive: false).map { p + $0 } } }
                result += partial.filter { Tour.longestWorkRun($0) <= 6 }
            }
        }
        return result
    }

    /// The longest run of consecutive working days in a cyclic day pattern.
    public static func longestWorkRun(_ days: [Bool]) -> Int {
        guard days.contains(false) else { return days.count }
        var best = 0, run = 0
        for d in 0..<(2 * days.count) {
            run = days[d % days.count] ? run + 1 : 0
            best = max(best, run)
        }
        return best
    }

    /// All day patterns with exactly `daysOff` days off; with `consecutive`, the days off form
    /// one block of the cyclic week (Sunday + Monday counts as consecutive).
    public static func dayPatterns(daysOff: Int, consecutive: Bool) -> [[Bool]] {
        guard (0...7).contains(daysOff) else { return [] }
        if daysOff == 0 { return [Array(repeating: true, count: 7)] }
        if daysOff == 7 { return [] }
        if consecutive {
            return (0..<7).map { first in
                (0..<7).map { day in ((day - first + 7) % 7) >= daysOff }
            }
        }
        var result: [[Bool]] = []
        for mask in 0..<(1 << 7) where mask.nonzeroBitCount == daysOff {
            result.append((0..<7).map { mask & (1 << $0) == 0 })
        }
        return result
    }
}

/// A tour and how many people work it.
public struct PlannedTour: Hashable, Sendable, Codable {
    public var tour: Tour
    public var count: Int

    public init(tour: Tour, count: Int) {
        self.tour = tour
        self.count = count
    }
}
