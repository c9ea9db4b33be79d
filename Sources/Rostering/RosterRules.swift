import HotlineCore

/// The rules every published roster obeys, from the profile's labour section. Each rule is a named,
/// documented check in `RosterValidator`, so a reader can list the rules by reading function names.
/// Hard rules are checked by the validator; soft rules are penalised by `RosterEngine` and explained
/// per person (`SoftRuleBreak`).
public struct RosterRules: Sendable, Equatable {
    /// Minimum rest between the end of one shift and the start of the next (profile default 11 h;
    /// no statutory figure exists). Hard. Forbidden successions (e.g. a night followed by an early
    /// shift the next morning) follow from it.
    public var minRestHours: Double
    /// Longest shift (8 h a day, State Council regulation art. 3). Hard.
    public var maxHoursPerDay: Double
    /// Most paid hours in the week (40 h, art. 3); a person's contract may set fewer. Hard.
    public var maxHoursPerWeek: Double
    /// Days off each person has in the Monday–Sunday week (Labour Law art. 38: at least one). Hard.
    public var minDaysOffPerWeek: Int
    /// Longest run of working days, counted across the week boundary. Hard.
    public var maxConsecutiveWorkDays: Int
    /// Shortest run of working days (soft: a lone working day between days off is penalised).
    public var minConsecutiveWorkDays: Int
    /// Shortest run of days off (soft: a lone day off between working days is penalised; the
    /// profile's `consecutive_days_off` sets 2).
    public var minConsecutiveDaysOff: Int
    /// Most night shifts (shift names `Night`, or any shift touching 22:00–06:00 for protected
    /// staff) in one week. Hard.
    public var maxNightsPerWeek: Int
    /// Most shifts of each named type (English shift name, e.g. `Night`) in one week. Hard.
    public var maxShiftsPerType: [String: Int]
    /// Most working weekends (a Saturday or Sunday shift) in `weekendPeriodWeeks` weeks (soft,
    /// counted with the store's published history).
    public var maxWorkingWeekends: Int
    public var weekendPeriodWeeks: Int
    /// A person's weekly hours should not fall more than this below the contract (soft).
    public var contractHoursTolerance: Double
    /// A person's weekly hours may exceed the contract by this much (hard maximum: contract + this,
    /// at most `maxHoursPerWeek`; protected staff never above the contract). Default 0.
    public var weekHoursAboveContract: Double = 0
    /// Over the contract period (`RosterPeriod`: the run's weeks, or `periodWeeks`): hard maximum
    /// contract × weeks + this (protected staff: + 0). Default 0.
    public var periodHoursAboveContract: Double = 0
    /// Soft minimum over the period: contract × weeks − this (nil: none). Default 8.
    public var periodHoursBelowContract: Double? = 8
    /// Weeks of the contract period (nil: the roster run's weeks).
    public var periodWeeks: Int?
    /// Most shifts of each named type (English shift name) over the period. Hard.
    public var maxShiftsPerTypePerPeriod: [String: Int] = [:]

    public init(minRestHours: Double = 11, maxHoursPerDay: Double = 8, maxHoursPerWeek: Double = 40,
                minDaysOffPerWeek: Int = 1, maxConsecutiveWorkDays: Int = 6, minConsecutiveWorkDays: Int = 2,
                minConsecutiveDaysOff: Int = 2, maxNightsPerWeek: Int = 5, maxShiftsPerType: [String: Int] = [:],
                maxWorkingWeekends: Int = 3, weekendPeriodWeeks: Int = 4, contractHoursTolerance: Double = 8) {
        self.minRestHours = minRestHours
        self.maxHoursPerDay = maxHoursPerDay
        self.maxHoursPerWeek = maxHoursPerWeek
        self.minDaysOffPerWeek = minDaysOffPerWeek
        self.maxConsecutiveWorkDays = maxConsecutiveWorkDays
        self.minConsecutiveWorkDays = minConsecutiveWorkDays
        self.minConsecutiveDaysOff = minConsecutiveDaysOff
        self.maxNightsPerWeek = maxNightsPerWeek
        self.maxShiftsPerType = maxShiftsPerType
        self.maxWorkingWeekends = maxWorkingWeekends
        self.weekendPeriodWeeks = weekendPeriodWeeks
        self.contractHoursTolerance = contractHoursTolerance
    }

    /// The rules of a profile: `[labour]` (rest, hours), `[shifts]` (consecutive days off) and the
    /// optional `[rules]` section (`CenterProfile.RosterRuleSettings`: nights, weekends, contract hours
    /// per week and per period, shifts per type per week and per period).
    public init(profile: CenterProfile) {
        let r = profile.rules ?? CenterProfile.RosterRuleSettings()
        self.init(minRestHours: profile.labour.minRestHours, maxHoursPerDay: profile.labour.maxHoursPerDay,
                  maxHoursPerWeek: profile.labour.maxHoursPerWeek, minDaysOffPerWeek: 1,
                  maxConsecutiveWorkDays: r.maxConsecutiveWorkDays ?? 6,
                  minConsecutiveDaysOff: profile.shifts.consecutiveDaysOff ? min(2, profile.shifts.daysOffPerWeek) : 1,
                  maxNightsPerWeek: r.maxNightsPerWeek ?? 5,
                  maxShiftsPerType: Self.byShiftName(r.maxShiftsPerType, profile: profile),
                  maxWorkingWeekends: r.maxWorkingWeekends ?? 3, weekendPeriodWeeks: r.weekendPeriodWeeks ?? 4,
                  contractHoursTolerance: r.weekHoursBelowContract ?? 8)
        weekHoursAboveContract = r.weekHoursAboveContract ?? 0
        periodHoursAboveContract = r.periodHoursAboveContract ?? 0
        periodHoursBelowContract = r.periodHoursBelowContract ?? 8
        periodWeeks = r.periodWeeks
        maxShiftsPerTypePerPeriod = Self.byShiftName(r.maxShiftsPerTypePerPeriod, profile: profile)
    }

    /// Keys of the profile (`night`, `early`: lower-case English shift names) to the names
    /// (`Night`, `Early`) the engine and validator count by.
    static func byShiftName(_ limits: [String: Int]?, profile: CenterProfile) -> [String: Int] {
        var out: [String: Int] = [:]
        for (key, n) in limits ?? [:] {
            let name = profile.shifts.names.first { $0.english.lowercased() == key.lowercased() }?.english ?? key.capitalized
            out[name] = n
        }
        return out
    }

    /// Whether `[start, end)` touches the statutory night 22:00–06:00 (protected staff may not).
    public static func touchesNight(start: LocalDateTime, end: LocalDateTime) -> Bool {
        var t = start.startOfHour
        while t < end {
            if t.hour >= 22 || t.hour < 6 { return true }
            t = t.adding(hours: 1)
        }
        return false
    }
}
