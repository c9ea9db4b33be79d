/// What kind of working time an hour is, for pay (Labour Law art. 44).
public enum WorkTimeKind: String, Sendable, Codable, CaseIterable {
    /// Hours of the person's rostered tour (within the standard hours of the period).
    case rostered
    /// Hours beyond the rostered shift on a day the person works (加班, ≥150%).
    case overtime
    /// Work on the person's own day off (a rest day moved or cancelled, ≥200% without time off in lieu).
    case restDay = "rest_day"
}

/// Pay category of one worked hour, from the most to the least expensive.
public enum PayCategory: String, Sendable, Codable, CaseIterable, Comparable {
    /// Statutory holiday (法定节假日): ≥300%.
    case holiday
    /// Rest day without time off in lieu: ≥200%.
    case restDay = "rest_day"
    /// Overtime on a working day: ≥150%.
    case overtime
    /// Ordinary rostered time: 100%.
    case regular

    public static func < (a: PayCategory, b: PayCategory) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Pay rates of a center by date: which category an hour of work falls in and what it costs.
///
/// The rules (Labour Law art. 44; with the comprehensive working-hours system of a 7×24 center the
/// rota's rotating days off are ordinary, so only these cases pay extra):
/// - any hour worked on a statutory holiday (calendar kind `holiday`) is a holiday hour (300%),
///   rostered or not;
/// - an hour worked on a day off of a holiday block (calendar kind `rest`, e.g. Oct 4–7 2026),
///   or on the person's own day off, is a rest-day hour (200%) unless time off in lieu is planned,
///   in which case it is paid as its kind would be on an ordinary day;
/// - an overtime hour on any other day is 150%; a rostered hour 100%.
public struct PayRates: Sendable {
    public var pay: CenterProfile.Pay
    public var calendar: HolidayCalendar

    public init(pay: CenterProfile.Pay, calendar: HolidayCalendar = .china) {
        self.pay = pay
        self.calendar = calendar
    }

    /// The pay category of an hour of work of `kind` on `date`.
    public func category(on date: CivilDate, kind: WorkTimeKind = .rostered, timeOffInLieu: Bool = false) -> PayCategory {
        if calendar.isStatutoryHoliday(date) { return .holiday }
        if !timeOffInLieu, kind == .restDay || calendar.kind(on: date) == .rest { return .restDay }
        return kind == .rostered || kind == .restDay ? .regular : .overtime
    }

    /// The multiplier of the hourly wage for `category` (from the profile's `[pay]`).
    public func multiplier(_ category: PayCategory) -> Double {
        switch category {
        case .holiday: return pay.holiday
        case .restDay: return pay.restDay
        case .overtime: return pay.overtime
        case .regular: return 1
        }
    }

    /// The multiplier for an hour of work of `kind` on `date`.
    public func multiplier(on date: CivilDate, kind: WorkTimeKind = .rostered, timeOffInLieu: Bool = false) -> Double {
        multiplier(category(on: date, kind: kind, timeOffInLieu: timeOffInLieu))
    }

    /// Cost in the profile's currency of `hours` of work of `kind` on `date`.
    public func cost(hours: Double, on date: CivilDate, kind: WorkTimeKind = .rostered, timeOffInLieu: Bool = false) -> Double {
        hours * pay.hourlyWage * multiplier(on: date, kind: kind, timeOffInLieu: timeOffInLieu)
    }
}
