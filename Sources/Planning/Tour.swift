/// Hours of the planning week: hour 0 is Monday 00:00–01:00, hour 167 Sunday 23:00–24:00.
/// The week is cyclic: a shift running past Sunday midnight continues into hour 0.
public enum PlanningWeek {
    public static let hours = 168
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    public static let fullDayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}

/// A weekly tour: the same shift (start hour, length) on each working day, and days off.
public struct Tour: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Start of the shift, hour of the day (0–23).
    public var startHour: Int
    public var lengthHours: Int
    /// Seven flags, Monday first: whether the shift starts on that day.
    public var workDays: [Bool]

    public init(startHour: Int, lengthHours: Int, workDays: [Bool]) {
        self.startHour = startHour
        self.lengthHours = lengthHours
        self.workDays = workDays
    }

    public var workDayCount: Int { workDays.lazy.filter { $0 }.count }
    /// Paid hours a week.
    public var weeklyHours: Int { workDayCount * lengthHours }

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
        return "\(hh):00+\(lengthHours)h \(days.joined(separator: " "))"
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
