import Foundation

/// What kind of day a calendar entry marks.
public enum DayKind: String, Sendable, Codable, CaseIterable {
    /// Statutory holiday (法定节假日): work on it is paid at 300%.
    case holiday
    /// A day off inside a holiday block that is not itself statutory (调休放假).
    case rest
    /// A weekend day worked in lieu (调休上班): an office working day.
    case workday
    /// An eve, observance or local event: affects forecasts only.
    case special
}

/// One dated entry of a holiday calendar.
public struct CalendarEntry: Sendable, Hashable {
    public let date: CivilDate
    public let kind: DayKind
    public let name: String

    public init(date: CivilDate, kind: DayKind, name: String) {
        self.date = date
        self.kind = kind
        self.name = name
    }
}

/// Holidays, holiday blocks, make-up workdays and special days, by date.
///
/// Days without an entry are ordinary: Monday–Friday working days, Saturday and Sunday off.
public struct HolidayCalendar: Sendable {
    private let byDate: [CivilDate: CalendarEntry]

    /// The entries, sorted by date.
    public let entries: [CalendarEntry]

    /// Builds a calendar; when two entries share a date the later one in `entries` wins.
    public init(entries: [CalendarEntry]) {
        var map: [CivilDate: CalendarEntry] = [:]
        for e in entries { map[e.date] = e }
        byDate = map
        self.entries = map.values.sorted { $0.date < $1.date }
    }

    /// This calendar with `other`'s entries added; `other`'s entry wins on a date both have.
    public func merging(_ other: HolidayCalendar) -> HolidayCalendar {
        HolidayCalendar(entries: entries + other.entries)
    }

    public func entry(on date: CivilDate) -> CalendarEntry? { byDate[date] }

    public func kind(on date: CivilDate) -> DayKind? { byDate[date]?.kind }

    /// A statutory holiday (300% pay).
    public func isStatutoryHoliday(_ date: CivilDate) -> Bool { kind(on: date) == .holiday }

    /// Office working day: Mon–Fri unless holiday/rest, plus make-up workdays (调休上班).
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        switch kind(on: date) {
        case .holiday, .rest: return false
        case .workday: return true
        case .special, nil: return !date.isWeekend
        }
    }

    /// The years the calendar has entries in: the years it is taken to cover.
    public var years: Set<Int> { Set(entries.map(\.date.year)) }

    /// Whether `date` falls in a year the calendar covers (so an absent entry means an ordinary day).
    public func covers(_ date: CivilDate) -> Bool { years.contains(date.year) }

    /// Reads a calendar CSV with columns `date,kind,name` (`name` may be empty or absent).
    /// Throws `InputError` naming the file, line and field of the first bad row.
    public static func load(path: String) throws -> HolidayCalendar {
        try parse(table: CSVTable.read(path: path))
    }

    /// Parses calendar CSV text (see `load(path:)`); `file` names it in errors.
    public static func parse(text: String, file: String) throws -> HolidayCalendar {
        try parse(table: CSVTable(text: text, file: file))
    }

    private static func parse(table: CSVTable) throws -> HolidayCalendar {
        let expected = ["date", "kind", "name"]
        let dateColumn = try table.requireColumn("date", expected: expected)
        let kindColumn = try table.requireColumn("kind", expected: expected)
        let nameColumn = table.columnIndex("name")
        var result: [CalendarEntry] = []
        var seen: [CivilDate: Int] = [:]
        for row in table.cursors {
            let date = try row.date(dateColumn)
            let kindText = try row.requiredText(kindColumn)
            guard let kind = DayKind(rawValue: kindText.lowercased()) else {
                throw row.error(kindColumn, "expected one of \(DayKind.allCases.map(\.rawValue).joined(separator: "|")), got '\(kindText)'")
            }
            if let first = seen[date] {
                throw row.error(dateColumn, "date \(date) is listed twice (first on line \(first))")
            }
            seen[date] = row.line
            result.append(CalendarEntry(date: date, kind: kind, name: row.text(nameColumn)))
        }
        return HolidayCalendar(entries: result)
    }
}
