import HotlineCore
import Planning

/// An hour in which a planned role (supervisors, back office) has fewer people on site than the
/// plan's tours (`planned`) or its minimum on site (`minimum`, a hard requirement such as one
/// supervisor every hour).
public struct RoleCoverGap: Hashable, Sendable, Codable {
    public var role: Role
    public var start: LocalDateTime
    public var planned: Int
    public var minimum: Int
    public var onSite: Int
    /// Whether the plan's minimum on site is missed (not only the planned tours).
    public var belowMinimum: Bool { onSite < minimum }
}

/// A broken rule in a roster, for one person.
public struct RuleViolation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var rule: String
    public var personId: String
    public var detail: String

    public var description: String { "\(personId): \(rule): \(detail)" }

    public init(rule: String, personId: String, detail: String) {
        self.rule = rule
        self.personId = personId
        self.detail = detail
    }
}

/// Checks a week's roster against the rules, independently of how it was built. Shifts of the
/// previous week (published, or carried in by the cyclic plan) count for rest and overlap.
public enum RosterValidator {
    /// All violations of the week starting `weekStart` (a Monday). `shifts` may include shifts that
    /// started before the week (carry-in); only shifts starting inside the week count for hours and
    /// days off.
    public static func violations(of shifts: [ShiftAssignment], weekStart: CivilDate,
                                  rules: RosterRules) -> [RuleViolation] {
        basicViolations(of: shifts, weekStart: weekStart, rules: rules)
    }

    /// All violations: the rules above plus the per-person hard rules: contract hours, consecutive working
    /// days (counted with `previous`, the published shifts before the week), night limits and shift
    /// types (`profile` names the shift types; nights per `Fairness.isNight`), approved leave, fixed
    /// days off, training sessions, protected staff (no night work, no overtime) and the training
    /// gate (`phoneQualified`: only these agents may be on phone duty).
    public static func violations(of shifts: [ShiftAssignment], weekStart: CivilDate, rules: RosterRules,
                                  constraints: [String: PersonConstraints], people: [Person] = [],
                                  previous: [ShiftAssignment] = [], phoneQualified: Set<String>? = nil,
                                  profile: CenterProfile? = nil) -> [RuleViolation] {
        var result = basicViolations(of: shifts, weekStart: weekStart, rules: rules)
        let contracts = Dictionary(people.map { ($0.id, $0.contractHoursPerWeek) }, uniquingKeysWith: { a, _ in a })
        let byPerson = Dictionary(grouping: shifts.filter { $0.date >= weekStart && $0.date < weekStart.adding(days: 7) }, by: \.personId)
        let earlier = Dictionary(grouping: previous.filter { $0.date < weekStart }, by: \.personId)
        for personId in byPerson.keys.sorted() {
            let week = byPerson[personId]!.sorted { $0.start < $1.start }
            let c = constraints[personId] ?? PersonConstraints()
            result += contractHoursAtMost(week, personId: personId, contract: contracts[personId], protected: c.protected,
                                          above: rules.weekHoursAboveContract, weekLimit: rules.maxHoursPerWeek)
            result += consecutiveWorkingDaysAtMost(week, before: earlier[personId] ?? [], personId: personId, weekStart: weekStart, rules: rules)
            result += noShiftOnLeaveOrFixedDayOff(week, personId: personId, constraints: c)
            result += noShiftDuringTraining(week, personId: personId, constraints: c)
            result += noShiftWhenUnavailable(week, personId: personId, constraints: c)
            result += protectedStaffNoNightWork(week, personId: personId, constraints: c)
            if let profile { result += nightAndShiftTypeLimits(week, personId: personId, rules: rules, profile: profile) }
            if let phoneQualified { result += phoneDutyOnlyAfterTraining(week, personId: personId, qualified: phoneQualified) }
        }
        return result
    }

    /// Contract hours: no more than the contract's weekly hours plus the profile's allowed excess
    /// (`rules.week_hours_above_contract`, at most the labour week; protected staff: no overtime at all).
    static func contractHoursAtMost(_ week: [ShiftAssignment], personId: String, contract: Double?, protected: Bool,
                                    above: Double = 0, weekLimit: Double = .infinity) -> [RuleViolation] {
        guard let contract else { return [] }
        let limit = protected ? contract : min(contract + above, max(contract, weekLimit))
        let hours = Double(week.reduce(0) { $0 + $1.durationSeconds }) / 3600
        guard hours > limit + 1e-9 else { return [] }
        return [RuleViolation(rule: protected ? "protected-no-overtime" : "contract-hours", personId: personId,
                              detail: "\(formatHours(hours)) h in the week > \(formatHours(limit)) h (contract \(formatHours(contract)) h)")]
    }

    /// The contract period's checks: hard maximum hours (contract × weeks + `periodHoursAboveContract`;
    /// protected staff + 0) and shifts per type (`maxShiftsPerTypePerPeriod`), and the soft minimum
    /// (contract × weeks − `periodHoursBelowContract`), whose breaks are listed apart.
    public struct PeriodCheck: Sendable, Codable, Equatable {
        public var violations: [RuleViolation]
        /// Soft: people below the period's minimum hours (rule `below-period-hours`).
        public var belowMinimum: [RuleViolation]

        public init(violations: [RuleViolation], belowMinimum: [RuleViolation]) {
            self.violations = violations
            self.belowMinimum = belowMinimum
        }
    }

    /// Checks `shifts` (those starting in the period count) of everyone in `people` over `period`.
    /// `rosteredRoles`: the roles held to their contract hours' minimum (default agents, supervisors
    /// and back office); people with no shift at all in the period count too.
    public static func periodCheck(of shifts: [ShiftAssignment], period: RosterPeriod, people: [Person], rules: RosterRules,
                                   profile: CenterProfile, constraints: [String: PersonConstraints] = [:],
                                   minimumRoles: Set<Role> = [.agent, .supervisor, .backoffice]) -> PeriodCheck {
        let inPeriod = Dictionary(grouping: shifts.filter { $0.date >= period.start && $0.date < period.end }, by: \.personId)
        var violations: [RuleViolation] = [], below: [RuleViolation] = []
        for p in people.sorted(by: { $0.id < $1.id }) {
            let own = inPeriod[p.id] ?? []
            let hours = Double(own.reduce(0) { $0 + $1.durationSeconds }) / 3600
            let protected = constraints[p.id]?.protected ?? false
            let most = p.contractHoursPerWeek * Double(period.weeks) + (protected ? 0 : rules.periodHoursAboveContract)
            if hours > most + 1e-9 {
                violations.append(RuleViolation(rule: "period-hours", personId: p.id,
                                                detail: "\(formatHours(hours)) h in the \(period.weeks)-week period from \(period.start) > \(formatHours(most)) h"))
            }
            if let b = rules.periodHoursBelowContract, minimumRoles.contains(p.role) {
                let least = p.contractHoursPerWeek * Double(period.weeks) - b
                if hours < least - 1e-9 {
                    below.append(RuleViolation(rule: "below-period-hours", personId: p.id,
                                               detail: "\(formatHours(hours)) h in the \(period.weeks)-week period from \(period.start) < minimum \(formatHours(least)) h"))
                }
            }
            let byType = Dictionary(grouping: own, by: { profile.shifts.name(startHour: $0.start.hour)?.english ?? "" })
            for (t, list) in byType.sorted(by: { $0.key < $1.key }) {
                if let m = rules.maxShiftsPerTypePerPeriod[t], list.count > m {
                    violations.append(RuleViolation(rule: "max-shifts-of-type-in-period", personId: p.id,
                                                    detail: "\(list.count) \(t) shifts in the \(period.weeks)-week period > \(m)"))
                }
            }
        }
        return PeriodCheck(violations: violations, belowMinimum: below)
    }

    /// Cover of the plan's roles (supervisors, back office): every hour of the week where fewer
    /// people of a role are on site (shifts of people of that role, carry-in included) than the plan's
    /// tours put there, or than its minimum on site. Empty when the plan has no role tours.
    public static func roleCover(of shifts: [ShiftAssignment], plan: WeeklyPlan) -> [RoleCoverGap] {
        let weekBegin = LocalDateTime(date: plan.weekStart)
        var gaps: [RoleCoverGap] = []
        for rp in plan.roles where rp.tours.contains(where: { $0.count > 0 }) {
            var onSite = Array(repeating: 0, count: 168)
            for s in shifts where s.role == rp.role {
                let first = max(0, (s.start.seconds - weekBegin.seconds) / 3600)
                let last = min(168, (s.end.seconds - weekBegin.seconds + 3599) / 3600)
                guard first < last else { continue }
                for h in first..<last { onSite[h] += 1 }
            }
            for h in 0..<168 {
                let planned = h < rp.onSite.count ? rp.onSite[h] : 0
                let minimum = h < rp.requiredOnSite.count ? rp.requiredOnSite[h] : 0
                if onSite[h] < planned || onSite[h] < minimum {
                    gaps.append(RoleCoverGap(role: rp.role, start: weekBegin.adding(hours: h), planned: planned, minimum: minimum, onSite: onSite[h]))
                }
            }
        }
        return gaps
    }

    /// At most `maxConsecutiveWorkDays` working days in a row, counting the days before the week.
    static func consecutiveWorkingDaysAtMost(_ week: [ShiftAssignment], before: [ShiftAssignment], personId: String,
                                             weekStart: CivilDate, rules: RosterRules) -> [RuleViolation] {
        let days = Set((week + before).map(\.date.dayNumber))
        var result: [RuleViolation] = []
        for d in 0..<7 {
            let n = weekStart.dayNumber + d
            guard days.contains(n) else { continue }
            var run = 0
            while days.contains(n - run) { run += 1 }
            if run == rules.maxConsecutiveWorkDays + 1 {
                result.append(RuleViolation(rule: "max-consecutive-days", personId: personId,
                                            detail: "\(run) working days in a row up to \(CivilDate(dayNumber: n)); at most \(rules.maxConsecutiveWorkDays)"))
            }
        }
        return result
    }

    /// Approved leave and fixed days off: no shift starts on them.
    static func noShiftOnLeaveOrFixedDayOff(_ week: [ShiftAssignment], personId: String, constraints: PersonConstraints) -> [RuleViolation] {
        week.filter { constraints.unavailable(on: $0.date) }.map {
            RuleViolation(rule: constraints.leave.contains($0.date) ? "approved-leave" : "fixed-day-off", personId: personId,
                          detail: "shift on \($0.date) although the person is off that day")
        }
    }

    /// Training sessions are blocks off the phones: no shift overlaps one.
    static func noShiftDuringTraining(_ week: [ShiftAssignment], personId: String, constraints: PersonConstraints) -> [RuleViolation] {
        week.filter { constraints.overlapsTraining(start: $0.start, end: $0.end) }.map {
            RuleViolation(rule: "training-session", personId: personId, detail: "shift \($0.start)–\($0.end) overlaps a training session")
        }
    }

    /// Availability windows (approved requests: not on given weekdays / hours): no shift overlaps one.
    static func noShiftWhenUnavailable(_ week: [ShiftAssignment], personId: String, constraints: PersonConstraints) -> [RuleViolation] {
        week.filter { constraints.overlapsUnavailableWindow(start: $0.start, end: $0.end) }.map {
            RuleViolation(rule: "unavailable-window", personId: personId,
                          detail: "shift \($0.start)–\($0.end) overlaps a time the person is not available (approved availability request)")
        }
    }

    /// Protected staff (pregnant 7+ months, nursing under 1 year) work no night hours (22:00–06:00).
    static func protectedStaffNoNightWork(_ week: [ShiftAssignment], personId: String, constraints: PersonConstraints) -> [RuleViolation] {
        guard constraints.protected else { return [] }
        return week.filter { RosterRules.touchesNight(start: $0.start, end: $0.end) }.map {
            RuleViolation(rule: "protected-no-night", personId: personId, detail: "shift \($0.start)–\($0.end) touches 22:00–06:00")
        }
    }

    /// Night shifts at most `maxNightsPerWeek`; each named shift type at most `maxShiftsPerType`.
    static func nightAndShiftTypeLimits(_ week: [ShiftAssignment], personId: String, rules: RosterRules, profile: CenterProfile) -> [RuleViolation] {
        var result: [RuleViolation] = []
        let nights = week.filter { Fairness.isNight(startHour: $0.start.hour, profile: profile) }.count
        if nights > rules.maxNightsPerWeek {
            result.append(RuleViolation(rule: "max-nights", personId: personId, detail: "\(nights) night shifts > \(rules.maxNightsPerWeek)"))
        }
        let byType = Dictionary(grouping: week, by: { profile.shifts.name(startHour: $0.start.hour)?.english ?? "" })
        for (t, list) in byType.sorted(by: { $0.key < $1.key }) {
            if let m = rules.maxShiftsPerType[t], list.count > m {
                result.append(RuleViolation(rule: "max-shifts-of-type", personId: personId, detail: "\(list.count) \(t) shifts > \(m)"))
            }
        }
        return result
    }

    /// The training gate: only agents who completed pre-job training are on phone duty.
    static func phoneDutyOnlyAfterTraining(_ week: [ShiftAssignment], personId: String, qualified: Set<String>) -> [RuleViolation] {
        guard let first = week.first, first.role == .agent, !qualified.contains(personId) else { return [] }
        return [RuleViolation(rule: "training-gate", personId: personId, detail: "on phone duty without completed pre-job training")]
    }

    static func basicViolations(of shifts: [ShiftAssignment], weekStart: CivilDate, rules: RosterRules) -> [RuleViolation] {
        let byPerson = Dictionary(grouping: shifts, by: \.personId)
        var result: [RuleViolation] = []
        for personId in byPerson.keys.sorted() {
            let own = byPerson[personId]!.sorted { $0.start < $1.start }
            result += oneShiftStartPerDate(own, personId: personId)
            result += shiftsEndAfterTheyStart(own, personId: personId)
            result += shiftLengthAtMostDailyLimit(own, personId: personId, rules: rules)
            result += minimumRestBetweenShifts(own, personId: personId, rules: rules)
            let week = own.filter { $0.date >= weekStart && $0.date < weekStart.adding(days: 7) }
            result += weeklyHoursAtMostLimit(week, personId: personId, rules: rules)
            result += daysOffInTheWeek(week, personId: personId, weekStart: weekStart, rules: rules)
        }
        return result
    }

    /// One shift a day: nobody has two shifts starting on one date.
    static func oneShiftStartPerDate(_ shifts: [ShiftAssignment], personId: String) -> [RuleViolation] {
        Dictionary(grouping: shifts, by: \.date).filter { $0.value.count > 1 }.keys.sorted().map {
            RuleViolation(rule: "one-shift-a-day", personId: personId, detail: "two or more shifts start on \($0)")
        }
    }

    static func shiftsEndAfterTheyStart(_ shifts: [ShiftAssignment], personId: String) -> [RuleViolation] {
        shifts.filter { $0.end <= $0.start }.map {
            RuleViolation(rule: "shift-has-length", personId: personId, detail: "shift on \($0.date) ends at \($0.end), not after its start \($0.start)")
        }
    }

    /// 8 hours a day (State Council regulation art. 3).
    static func shiftLengthAtMostDailyLimit(_ shifts: [ShiftAssignment], personId: String, rules: RosterRules) -> [RuleViolation] {
        shifts.filter { Double($0.durationSeconds) > rules.maxHoursPerDay * 3600 + 0.5 }.map {
            RuleViolation(rule: "max-hours-per-day", personId: personId,
                          detail: "shift on \($0.date) lasts \(Double($0.durationSeconds) / 3600) h > \(rules.maxHoursPerDay) h")
        }
    }

    /// At least `minRestHours` between the end of a shift and the start of the next (and no overlap).
    static func minimumRestBetweenShifts(_ shifts: [ShiftAssignment], personId: String, rules: RosterRules) -> [RuleViolation] {
        var result: [RuleViolation] = []
        for (a, b) in zip(shifts, shifts.dropFirst()) {
            let rest = Double(b.start.seconds - a.end.seconds) / 3600
            if rest < rules.minRestHours - 1e-9 {
                result.append(RuleViolation(rule: "min-rest", personId: personId,
                                            detail: "\(formatHours(rest)) h between the shift ending \(a.end) and the one starting \(b.start); at least \(formatHours(rules.minRestHours)) h required"))
            }
        }
        return result
    }

    /// 40 hours a week (State Council regulation art. 3), counted by shifts starting in the week.
    static func weeklyHoursAtMostLimit(_ week: [ShiftAssignment], personId: String, rules: RosterRules) -> [RuleViolation] {
        let hours = Double(week.reduce(0) { $0 + $1.durationSeconds }) / 3600
        guard hours > rules.maxHoursPerWeek + 1e-9 else { return [] }
        return [RuleViolation(rule: "max-hours-per-week", personId: personId,
                              detail: "\(formatHours(hours)) h in the week > \(formatHours(rules.maxHoursPerWeek)) h")]
    }

    /// At least one day off in the Monday–Sunday week (Labour Law art. 38): a date on which no
    /// shift starts.
    static func daysOffInTheWeek(_ week: [ShiftAssignment], personId: String, weekStart: CivilDate, rules: RosterRules) -> [RuleViolation] {
        let worked = Set(week.map(\.date)).count
        guard 7 - worked < rules.minDaysOffPerWeek else { return [] }
        return [RuleViolation(rule: "days-off-per-week", personId: personId,
                              detail: "\(7 - worked) day(s) off in the week of \(weekStart); at least \(rules.minDaysOffPerWeek) required")]
    }

    static func formatHours(_ h: Double) -> String {
        h == h.rounded() ? String(Int(h)) : String((h * 100).rounded() / 100)
    }
}
