/// Hours of the planning week: hour 0 is Monday 00:00–01:00, hour 167 Sunday 23:00–24:00.
/// The week is cyclic: a shift running past Sunday midnight continues into hour 0.
public enum PlanningWeek {
    public static let hours = 168
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    public static let fullDayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}

/// A break inside a shift, the same on every working day of a tour.
public struct TourBreak: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Whole hours from the shift's start to the start of the break.
    public var offsetHours: Int
    /// Length (at most 60 with 60-minute intervals: a break lies inside one interval).
    public var minutes: Int
    /// Paid (a short rest break) or unpaid (a meal break).
    public var paid: Bool

    public init(offsetHours: Int, minutes: Int, paid: Bool) {
        self.offsetHours = offsetHours
        self.minutes = minutes
        self.paid = paid
    }

    public var description: String { "\(paid ? "break" : "meal") +\(offsetHours)h \(minutes)min" }
}

/// A tour: the same shift (start hour, length, breaks) on each working day, and days off, over
/// one week (7 day flags) or a planning period of several weeks (7 × weeks flags, the
/// comprehensive working-hours system). The period is cyclic like the week.
public struct Tour: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Start of the shift, hour of the day (0–23).
    public var startHour: Int
    /// Time on site from the start to the end of the shift, breaks included.
    public var lengthHours: Int
    /// Seven flags, Monday first: whether the shift starts on that day (7 × weeks flags for a
    /// tour over several weeks: week 1 Monday to week N Sunday).
    public var workDays: [Bool]
    /// Breaks of each shift (empty: none planned). A break takes the person off the phones for its
    /// minutes: with 60-minute intervals a 30-minute break counts as half an agent in its hour.
    public var breaks: [TourBreak]
    /// Name of the shift template the tour comes from (nil: the plain `[shifts]` lengths and starts).
    public var template: String?

    public init(startHour: Int, lengthHours: Int, workDays: [Bool], breaks: [TourBreak] = [], template: String? = nil) {
        self.startHour = startHour
        self.lengthHours = lengthHours
        self.workDays = workDays
        self.breaks = breaks
        self.template = template
    }

    public var workDayCount: Int { workDays.lazy.filter { $0 }.count }
    /// Weeks the tour spans (1 for a weekly tour).
    public var weeks: Int { max(1, workDays.count / 7) }
    /// Hours of the tour's cyclic period (168 × weeks).
    public var periodHours: Int { weeks * PlanningWeek.hours }
    /// Time on site a week (breaks included; over several weeks the average).
    public var weeklyHours: Int { workDayCount * lengthHours / weeks }
    /// Paid hours of one shift: the time on site less the unpaid breaks.
    public var paidHoursPerShift: Double { Double(lengthHours) - Double(breaks.filter { !$0.paid }.reduce(0) { $0 + $1.minutes }) / 60 }
    /// Paid hours a week (over several weeks the average: `periodPaidHours / weeks`).
    public var weeklyPaidHours: Double { periodPaidHours / Double(weeks) }
    /// Paid hours of the whole period.
    public var periodPaidHours: Double { Double(workDayCount) * paidHoursPerShift }
    /// Working days in week `w` (0-based) of the period.
    public func workDayCount(week w: Int) -> Int { (w * 7..<min(workDays.count, w * 7 + 7)).filter { workDays[$0] }.count }

    /// Share of hour `offset` of a shift (0 = its first hour) spent off the phones on breaks.
    public func breakShare(offset: Int, paidOnly: Bool? = nil) -> Double {
        breaks.reduce(0.0) { acc, b in
            guard b.offsetHours == offset, paidOnly.map({ $0 == b.paid }) ?? true else { return acc }
            return acc + Double(b.minutes) / 60
        }
    }

    /// Offset of `hourOfWeek` inside this tour's shift, nil when off shift.
    public func shiftOffset(hourOfWeek: Int) -> Int? {
        let period = periodHours
        let h = ((hourOfWeek % period) + period) % period
        for day in 0..<max(7, workDays.count) where day < workDays.count && workDays[day] {
            let offset = ((h - (day * 24 + startHour)) % period + period) % period
            if offset < lengthHours { return offset }
        }
        return nil
    }

    /// Share of hour `hourOfWeek` someone on this tour is available on the phones: 1 on shift, less
    /// the breaks in that hour; 0 off shift.
    public func coverage(hourOfWeek: Int) -> Double {
        guard let offset = shiftOffset(hourOfWeek: hourOfWeek) else { return 0 }
        return max(0, 1 - breakShare(offset: offset))
    }

    /// Share of hour `hourOfWeek` that is paid (on shift less unpaid breaks; 0 off shift).
    public func paidShare(hourOfWeek: Int) -> Double {
        guard let offset = shiftOffset(hourOfWeek: hourOfWeek) else { return 0 }
        return max(0, 1 - breakShare(offset: offset, paidOnly: false))
    }

    /// Whether someone on this tour is on shift in hour `hourOfWeek` of the cyclic week
    /// (any integer; taken modulo 168). A shift crosses midnight into the next day, and a Sunday
    /// shift into Monday.
    public func isOnShift(hourOfWeek: Int) -> Bool {
        let period = periodHours
        let h = ((hourOfWeek % period) + period) % period
        for day in 0..<max(7, workDays.count) where day < workDays.count && workDays[day] {
            let offset = ((h - (day * 24 + startHour)) % period + period) % period
            if offset < lengthHours { return true }
        }
        return false
    }

    /// The hours of the period (the week, or 168 × weeks) this tour is on shift (each once, ascending).
    public var hoursOnShift: [Int] {
        var result: [Int] = []
        let period = periodHours
        for day in workDays.indices where workDays[day] {
            for k in 0..<min(lengthHours, period) { result.append((day * 24 + startHour + k) % period) }
        }
        return Array(Set(result)).sorted()
    }

    /// E.g. `08:00+8h Mon Tue Wed Thu Fri`.
    public var description: String {
        let hh = startHour < 10 ? "0\(startHour)" : "\(startHour)"
        let days = workDays.enumerated().filter { $0.element }.map { Tour.dayName($0.offset, weeks: weeks) }
        let extra = breaks.isEmpty ? "" : " (" + breaks.map(\.description).joined(separator: ", ") + ")"
        return "\(hh):00+\(lengthHours)h \(days.joined(separator: " "))" + extra
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
