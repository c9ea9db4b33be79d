import HotlineCore

/// Counts that fairness spreads evenly, per person: night shifts, weekend shifts, working weekends
/// (a week with a Saturday or Sunday shift) and shifts on statutory holidays.
public struct FairnessCounts: Hashable, Sendable, Codable {
    public var nights = 0
    public var weekendShifts = 0
    public var workingWeekends = 0
    public var holidayShifts = 0
    public var hours = 0.0

    public init() {}
}

public enum Fairness {
    /// Whether a shift starting at `startHour` is a night shift (the profile's shift named `Night`,
    /// 夜班; without names, a start from 21:00 to 03:59).
    public static func isNight(startHour: Int, profile: CenterProfile) -> Bool {
        if let n = profile.shifts.name(startHour: startHour) { return n.english == "Night" }
        return startHour >= 21 || startHour < 4
    }

    /// Counts per person over the shifts starting in `[from, to)`.
    public static func counts(_ shifts: [ShiftAssignment], from: CivilDate, to: CivilDate, profile: CenterProfile,
                              calendar: HolidayCalendar) -> [String: FairnessCounts] {
        var result: [String: FairnessCounts] = [:]
        var weekendWeeks: [String: Set<Int>] = [:]
        for s in shifts where s.date >= from && s.date < to {
            var c = result[s.personId] ?? FairnessCounts()
            if isNight(startHour: s.start.hour, profile: profile) { c.nights += 1 }
            if s.date.isWeekend {
                c.weekendShifts += 1
                weekendWeeks[s.personId, default: []].insert(s.date.mondayOfWeek.dayNumber)
            }
            if calendar.isStatutoryHoliday(s.date) { c.holidayShifts += 1 }
            c.hours += Double(s.durationSeconds) / 3600
            result[s.personId] = c
        }
        for (p, weeks) in weekendWeeks { result[p]?.workingWeekends = weeks.count }
        return result
    }

    /// One group of comparable people (same role and contract hours; protected staff, who may not
    /// work nights, form their own group) and the spread of each count.
    public struct Group: Sendable, Codable, Hashable {
        public var role: Role
        public var contractHoursPerWeek: Double
        public var protected: Bool
        public var people: Int
        public var nights: Spread
        public var weekendShifts: Spread
        public var workingWeekends: Spread
        public var holidayShifts: Spread
    }

    public struct Spread: Sendable, Codable, Hashable {
        public var min: Int
        public var max: Int
        public var range: Int { max - min }

        public init(_ values: [Int]) {
            self.min = values.min() ?? 0
            self.max = values.max() ?? 0
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(min, forKey: .min)
            try c.encode(max, forKey: .max)
            try c.encode(range, forKey: .range)
        }

        enum CodingKeys: String, CodingKey { case min, max, range }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            min = try c.decode(Int.self, forKey: .min)
            max = try c.decode(Int.self, forKey: .max)
        }
    }

    /// The fairness report: for every group of people with the same role and contract, the min and
    /// max of each count over `[from, to)`. People who were rostered at all in the period count
    /// (someone with no shift counts zero).
    public static func report(_ shifts: [ShiftAssignment], people: [Person], from: CivilDate, to: CivilDate,
                              profile: CenterProfile, calendar: HolidayCalendar, protected: Set<String> = []) -> [Group] {
        let counts = counts(shifts, from: from, to: to, profile: profile, calendar: calendar)
        let groups = Dictionary(grouping: people, by: { GroupKey(role: $0.role, hours: $0.contractHoursPerWeek, protected: protected.contains($0.id)) })
        return groups.keys.sorted { ($0.role, $0.hours, $0.protected ? 1 : 0) < ($1.role, $1.hours, $1.protected ? 1 : 0) }.map { key in
            let members = groups[key]!.map { counts[$0.id] ?? FairnessCounts() }
            return Group(role: key.role, contractHoursPerWeek: key.hours, protected: key.protected, people: members.count,
                         nights: Spread(members.map(\.nights)), weekendShifts: Spread(members.map(\.weekendShifts)),
                         workingWeekends: Spread(members.map(\.workingWeekends)), holidayShifts: Spread(members.map(\.holidayShifts)))
        }
    }

    struct GroupKey: Hashable { var role: Role; var hours: Double; var protected: Bool }
}
