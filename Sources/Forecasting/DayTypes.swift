import HotlineCore

/// The kind of day a forecast treats separately from an ordinary day of its weekday.
public enum DayType: String, Sendable, Codable, CaseIterable, Comparable {
    /// Statutory holiday (calendar kind `holiday`).
    case holiday
    /// A day off inside a holiday block (calendar kind `rest`).
    case rest
    /// A make-up workday (调休上班, calendar kind `workday`).
    case workday
    /// An eve, observance or local event (calendar kind `special`) that is not next to a block.
    case special
    /// The day just before a holiday block (the eve), unless it is itself a calendar day of the block.
    case beforeHoliday = "before-holiday"
    /// The first open day after a holiday block: the day after it, or, when the block ends just
    /// before the week's closed or near-closed days, the first day after those.
    case afterHoliday = "after-holiday"

    public static func < (a: DayType, b: DayType) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Assigns day types from a calendar. `quietWeekdays` (weekday 1 = Monday … 7) are the week's
/// closed or near-closed days (less than 30% of the busiest weekday's calls): the day after a
/// holiday block skips over them to the first open day, where the catch-up calls arrive.
public struct DayTypeClassifier: Sendable {
    public var calendar: HolidayCalendar
    public var quietWeekdays: Set<Int>

    public init(calendar: HolidayCalendar, quietWeekdays: Set<Int> = []) {
        self.calendar = calendar
        self.quietWeekdays = quietWeekdays
    }

    private func inBlock(_ d: CivilDate) -> Bool {
        switch calendar.kind(on: d) {
        case .holiday, .rest: return true
        default: return false
        }
    }

    /// The day type of `date`, or nil for an ordinary day.
    public func type(of date: CivilDate) -> DayType? {
        switch calendar.kind(on: date) {
        case .holiday: return .holiday
        case .rest: return .rest
        case .workday: return .workday
        case .special, nil: break
        }
        if inBlock(date.adding(days: 1)) { return .beforeHoliday }
        if !quietWeekdays.contains(date.weekday) {
            var x = date.adding(days: -1)
            var steps = 0
            while steps < 3, calendar.kind(on: x) == nil, quietWeekdays.contains(x.weekday) {
                x = x.adding(days: -1); steps += 1
            }
            if inBlock(x) { return .afterHoliday }
        }
        return calendar.kind(on: date) == .special ? .special : nil
    }

    /// The first day and the index of `date` in its holiday block (holiday and rest days), if any.
    public func blockPosition(of date: CivilDate) -> (name: String, offset: Int)? {
        guard inBlock(date), let entry = calendar.entry(on: date) else { return nil }
        var first = date
        while inBlock(first.adding(days: -1)) { first = first.adding(days: -1) }
        let name = calendar.entry(on: first)?.name ?? entry.name
        return (name, date.dayNumber - first.dayNumber)
    }
}
