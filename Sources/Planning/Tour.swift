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

/// A weekly tour: the same shift (start hour, length, breaks) on each working day, and days off.
public struct Tour: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Start of the shift, hour of the day (0–23).
    public var startHour: Int
    /// Time on site from the start to the end of the shift, breaks included.
    public var lengthHours: Int
    /// Seven flags, Monday first: whether the shift starts on that day.
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
    /// Time on site a week (breaks included).
    public var weeklyHours: Int { workDayCount * lengthHours }
    /// Paid hours of one shift: the time on site less the unpaid breaks.
    public var paidHoursPerShift: Double { Double(lengthHours) - Double(breaks.filter { !$0.paid }.reduce(0) { $0 + $1.minutes }) / 60 }
    /// Paid hours a week.
    public var weeklyPaidHours: Double { Double(workDayCount) * paidHoursPerShift }

    /// Share of hour `offset` of a shift (0 = its first hour) spent off the phones on breaks.
    public func breakShare(offset: Int, paidOnly: Bool? = nil) -> Double {
        breaks.reduce(0.0) { acc, b in
            guard b.offsetHours == offset, paidOnly.map({ $0 == b.paid }) ?? true else { return acc }
            return acc + Double(b.minutes) / 60
        }
    }

    /// Offset of `hourOfWeek` inside this tour's shift, nil when off shift.
    public func shiftOffset(hourOfWeek: Int) -> Int? {
        let h = ((hourOfWeek % PlanningWeek.hours) + PlanningWeek.hours) % PlanningWeek.hours
        for day in 0..<7 where day < workDays.count && workDays[day] {
            let offset = ((h - (day * 24 + startHour)) % PlanningWeek.hours + PlanningWeek.hours) % PlanningWeek.hours
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
        let h = ((hourOfWeek % PlanningWeek.hours) + PlanningWeek.hours) % PlanningWeek.hours
        for day in 0..<7 where day < workDays.count && workDays[day] {
            let offset = ((h - (day * 24 + startHour)) % PlanningWeek.hours + PlanningWeek.hours) % PlanningWeek.hours
            if offset < lengthHours { return true }
        }
        return false
    }

    /// The hours of the week this tour is on shift (each once, ascending).
    public var hoursOnShift: [Int] {
        (0..<PlanningWeek.hours).filter { isOnShift(hourOfWeek: $0) }
    }

    /// E.g. `08:00+8h Mon Tue Wed Thu Fri`.
    public var description: String {
        let hh = startHour < 10 ? "0\(startHour)" : "\(startHour)"
        let days = workDays.enumerated().filter { $0.element }.map { PlanningWeek.dayNames[$0.offset] }
        let extra = breaks.isEmpty ? "" : " (" + breaks.map(\.description).joined(separator: ", ") + ")"
        return "\(hh):00+\(lengthHours)h \(days.joined(separator: " "))" + extra
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
