import HotlineCore

/// The standard working-hours system (8 h a day, 40 h a week) or the comprehensive one
/// (综合计算工时工作制: hours averaged over a period of several weeks).
public typealias WorkingHoursSystem = CenterProfile.Labour.WorkingHoursSystem

/// What the tour planner needs: the hourly requirement of one week (or a period of 2–4 weeks)
/// and the shift rules.
public struct PlanningInput: Sendable {
    /// The Monday the week starts on (hour 0 = this day 00:00).
    public var weekStart: CivilDate
    /// Required agents on shift in each hour of the period (168 × `weeks` values, Monday 00:00 first).
    public var requiredAgents: [Int]
    /// Weeks of the planning period (1–4): tours span the whole period, which is cyclic like the week.
    public var weeks: Int = 1
    /// With `.comprehensive` the working days of a tour may differ from week to week
    /// (`daysOffPerWeek` ± 1, the period's total fixed), its hours are held to the standard week
    /// on average over the period, only hours above the period's standard total are overtime,
    /// and calendar rest days are ordinary days (no 200% rest-day pay; holidays stay 300%).
    public var workingHoursSystem: WorkingHoursSystem = .standard
    /// Hours of the planning period (168 × weeks).
    public var periodHours: Int { weeks * PlanningWeek.hours }
    /// Days of the planning period (7 × weeks).
    public var periodDays: Int { weeks * 7 }
    /// At most this many agents on shift in any hour.
    public var seats: Int
    /// Headcount floor of phone agents: at least this many tours.
    public var minAgents: Int
    /// People available: at most this many tours (nil: no limit).
    public var maxAgents: Int?
    public var shiftLengths: [Int]
    public var startHours: [Int]
    public var daysOffPerWeek: Int
    public var consecutiveDaysOff: Bool
    /// Cost of one agent-hour short, against 1 per scheduled agent-hour.
    public var shortagePenaltyPerAgentHour: Double
    /// Minimum rest between two shifts: shift lengths leaving less than this before the next
    /// day's shift are not used (24 − length < minRestHours).
    public var minRestHours: Double
    /// Forecast calls per hour (168 values), carried into coverage reports only.
    public var forecastCalls: [Double]?
    /// Labour limits (nil: none): tours with longer shifts or more paid hours a week are not used.
    public var maxHoursPerDay: Double?
    public var maxHoursPerWeek: Double?
    /// Roles planned beside the phone agents (supervisors, back office): their own tours, their
    /// on-site and daily-hours minimums as hard rules, their headcount floors. Empty: agents only.
    public var roles: [RoleRequirement] = []
    /// Headcount of the roles that are not planned (manager, trainer, QA, analyst; with no planned
    /// roles also supervisors and back office), counted towards `minTotalStaff`.
    public var otherStaff: [Role: Int] = [:]
    /// Minimum headcount of the whole center: agents + planned roles + `otherStaff` (0: none).
    public var minTotalStaff: Int = 0
    /// What the objective counts: paid hours (default) or their cost under `payRates`.
    public var objective: PlanningObjective = .hours
    /// Pay rates by date (holiday 300%, calendar rest day 200%): the cost of every tour on the
    /// actual dates of the week; with them the plan reports its `cost`.
    public var payRates: PayRates?
    /// Calendar rest days worked are compensated with time off in lieu (paid 100%, not 200%).
    public var timeOffInLieu: Bool = false
    /// Shift templates (start windows, lengths, breaks); their tours join those of
    /// `shiftLengths` × `startHours` (which may then be empty).
    public var templates: [CenterProfile.ShiftTemplate] = []
    /// Overtime rules (nil: no overtime; tours stay within `maxHoursPerDay` / `maxHoursPerWeek`).
    public var overtime: OvertimeRules?
    /// Protected agents (pregnant 7 months or more, nursing a child under 1): at least this many
    /// agent tours have no night hour and no overtime, so each of them can take one.
    public var protectedAgents: Int = 0
    /// Night work: hours of the day from `nightFrom` to `nightTo` (wrapping past midnight).
    public var nightFrom: Int = 22
    public var nightTo: Int = 6
    /// The requirement before surge rules (nil: no surge rule applied).
    public var baseRequiredAgents: [Int]?
    /// The surge rules applied to `requiredAgents`, with what each added.
    public var surges: [SurgeApplication] = []

    public init(weekStart: CivilDate, requiredAgents: [Int], seats: Int, minAgents: Int = 0, maxAgents: Int? = nil,
                shiftLengths: [Int] = [8], startHours: [Int] = Array(0..<24), daysOffPerWeek: Int = 2,
                consecutiveDaysOff: Bool = true, shortagePenaltyPerAgentHour: Double = 100) {
        self.weekStart = weekStart
        self.requiredAgents = requiredAgents
        self.seats = seats
        self.minAgents = minAgents
        self.maxAgents = maxAgents
        self.shiftLengths = shiftLengths
        self.startHours = startHours
        self.daysOffPerWeek = daysOffPerWeek
        self.consecutiveDaysOff = consecutiveDaysOff
        self.shortagePenaltyPerAgentHour = shortagePenaltyPerAgentHour
        self.minRestHours = 0
        self.forecastCalls = nil
        self.maxHoursPerDay = nil
        self.maxHoursPerWeek = nil
    }

    /// The input for a center profile: its seats and shift rules, and the phone-agent headcount
    /// floor max(minimum agents, minimum total − the fixed roles' headcount).
    ///
    /// With `staff.supervisors_on_site` or the back-office keys in the profile, those roles are
    /// planned too (`roles`), the agent floor is the profile's agent minimum and the whole-center
    /// minimum `staff.min_total` binds agents + planned roles + the other roles' minimums. The
    /// objective is the pay cost of the week's dates (`[pay]`, `calendar`), and the profile's
    /// surge rules are applied to `requiredAgents`.
    ///
    /// With `weeks` > 1 the requirement covers that many weeks and the tours span them; the
    /// profile's `labour.working_hours_system` says whether their hours are averaged.
    public init(profile: CenterProfile, weekStart: CivilDate, requiredAgents: [Int], availableAgents: Int?,
                calendar: HolidayCalendar = .china, weeks: Int = 1) {
        self.init(weekStart: weekStart, requiredAgents: requiredAgents, seats: profile.seats,
                  minAgents: PlanningInput.minimumAgents(profile), maxAgents: availableAgents,
                  shiftLengths: profile.shifts.lengthsHours, startHours: profile.shifts.startHours,
                  daysOffPerWeek: profile.shifts.daysOffPerWeek, consecutiveDaysOff: profile.shifts.consecutiveDaysOff)
        self.weeks = weeks
        workingHoursSystem = profile.labour.workingHoursSystem
        minRestHours = profile.labour.minRestHours
        maxHoursPerDay = profile.labour.maxHoursPerDay
        maxHoursPerWeek = profile.labour.maxHoursPerWeek
        templates = profile.shifts.templates
        nightFrom = profile.labour.nightFrom
        nightTo = profile.labour.nightTo
        if profile.labour.allowOvertime {
            overtime = OvertimeRules(standardHoursPerDay: profile.labour.maxHoursPerDay, standardHoursPerWeek: profile.labour.maxHoursPerWeek,
                                     maxPerDay: profile.labour.maxOvertimeHoursPerDay, maxPerMonth: profile.labour.maxOvertimeHoursPerMonth,
                                     averaged: workingHoursSystem == .comprehensive)
        }
        roles = PlanningInput.plannedRoles(profile, weekStart: weekStart, weeks: weeks)
        let planned = Set(roles.map(\.role))
        for role in Role.allCases where role != .agent && !planned.contains(role) && profile.staff.minimum(for: role) > 0 {
            otherStaff[role] = profile.staff.minimum(for: role)
        }
        minTotalStaff = profile.staff.minTotal
        if !roles.isEmpty { minAgents = profile.staff.minimum(for: .agent) }
        payRates = PayRates(pay: profile.pay, calendar: calendar)
        objective = .cost
        applySurges(profile.surge ?? [], calendar: calendar)
    }

    /// The roles a profile plans beside the agents: supervisors with `staff.supervisors_on_site`,
    /// the back office with `staff.backoffice_hours_per_day` or `staff.backoffice_on_site`.
    public static func plannedRoles(_ profile: CenterProfile, weekStart: CivilDate, weeks: Int = 1) -> [RoleRequirement] {
        var roles: [RoleRequirement] = []
        let staff = profile.staff
        let hours = max(1, weeks) * PlanningWeek.hours
        if let n = staff.supervisorsOnSite {
            roles.append(RoleRequirement(role: .supervisor, onSite: Array(repeating: n, count: hours),
                                         hoursPerDay: Array(repeating: 0, count: 7), minHeadcount: staff.minimum(for: .supervisor)))
        }
        if staff.plansBackoffice {
            let n = staff.backofficeOnSite ?? 0, from = staff.backofficeOnSiteFrom ?? 0, to = staff.backofficeOnSiteTo ?? 24
            let onSite = (0..<hours).map { h in (from..<to).contains(h % 24) ? n : 0 }
            roles.append(RoleRequirement(role: .backoffice, onSite: onSite, hoursPerDay: staff.backofficeHoursByWeekday,
                                         minHeadcount: staff.minimum(for: .backoffice)))
        }
        return roles
    }

    /// Applies surge rules to `requiredAgents` in order (each on the result of the previous) and
    /// records what each added; the requirement before them is kept in `baseRequiredAgents`.
    public mutating func applySurges(_ rules: [CenterProfile.Surge], calendar: HolidayCalendar = .china) {
        guard !rules.isEmpty, requiredAgents.count == periodHours else { return }
        if baseRequiredAgents == nil { baseRequiredAgents = requiredAgents }
        for rule in rules {
            var hours: [Int] = [], added = 0
            for h in 0..<periodHours {
                let date = weekStart.adding(days: h / 24)
                guard rule.applies(on: date, hour: h % 24, calendar: calendar) else { continue }
                let before = requiredAgents[h], after = rule.apply(before)
                hours.append(h)
                added += after - before
                requiredAgents[h] = after
            }
            if !hours.isEmpty {
                surges.append(SurgeApplication(name: rule.name, multiplier: rule.multiplier, extraAgents: rule.extraAgents,
                                               hours: hours.map { LocalDateTime(date: weekStart, hour: 0).adding(hours: $0) },
                                               addedAgentHours: added))
            }
        }
    }

    /// Whether roles other than the phone agents are planned.
    public var plansRoles: Bool { !roles.isEmpty }

    /// The phone-agent headcount floor of a profile.
    public static func minimumAgents(_ profile: CenterProfile) -> Int {
        max(profile.staff.minimum(for: .agent), profile.staff.minTotal - profile.fixedRoleHeadcount, 0)
    }

    /// The tours the rules allow: every length × start hour × days-off pattern, and for each
    /// template every start in its window × length × placement of its breaks × pattern; without
    /// those longer than the daily or weekly paid-hour limits or leaving less than the minimum rest.
    public var allowedTours: [Tour] {
        let patterns = Tour.dayPatterns(daysOff: daysOffPerWeek, consecutive: consecutiveDaysOff, weeks: weeks,
                                        averaged: workingHoursSystem == .comprehensive)
        var shifts: [(start: Int, length: Int, breaks: [TourBreak], template: String?)] = []
        for length in Array(Set(shiftLengths)).sorted() {
            for start in Array(Set(startHours)).sorted() { shifts.append((start, length, [], nil)) }
        }
        for template in templates {
            for length in Array(Set(template.lengthsHours)).sorted() {
                let placements = PlanningInput.breakPlacements(template.breaks, length: length)
                for start in template.startHours {
                    for breaks in placements { shifts.append((start, length, breaks, template.name)) }
                }
            }
        }
        var seen = Set<Tour>()
        var tours: [Tour] = []
        for shift in shifts where Double(24 - shift.length) >= minRestHours {
            for pattern in patterns {
                let tour = Tour(startHour: shift.start, lengthHours: shift.length, workDays: pattern, breaks: shift.breaks, template: shift.template)
                if let overtime {
                    guard overtime.allows(tour, weekStart: weekStart) else { continue }
                } else {
                    if let maxHoursPerDay, tour.paidHoursPerShift > maxHoursPerDay + 1e-9 { continue }
                    if let maxHoursPerWeek, tour.weeklyPaidHours > maxHoursPerWeek + 1e-9 { continue }
                }
                var key = tour
                key.template = nil
                guard seen.insert(key).inserted else { continue }
                tours.append(tour)
            }
        }
        return tours
    }

    /// Every placement of a template's breaks in a shift of `length` hours: each break at a whole
    /// hour of its window that is neither the first nor the last hour of the shift, no two breaks in
    /// one hour; breaks whose `min_shift_hours` exceeds the length are left out.
    public static func breakPlacements(_ rules: [CenterProfile.BreakRule], length: Int) -> [[TourBreak]] {
        var result: [[TourBreak]] = [[]]
        for rule in rules where length >= rule.minShiftHours {
            let hours = Array(max(1, rule.windowFrom)...max(max(1, rule.windowFrom), min(rule.windowTo, length - 2)))
                .filter { $0 <= length - 2 }
            var next: [[TourBreak]] = []
            for partial in result {
                for h in hours where !partial.contains(where: { $0.offsetHours == h }) {
                    next.append(partial + [TourBreak(offsetHours: h, minutes: rule.minutes, paid: rule.paid)])
                }
            }
            result = next
        }
        return result.map { $0.sorted { $0.offsetHours < $1.offsetHours } }
    }

    /// Whether a tour has an hour of night work (any hour of a shift in the night window).
    public func hasNightWork(_ tour: Tour) -> Bool {
        tour.hoursOnShift.contains { h in
            let k = h % 24
            return nightFrom <= nightTo ? (k >= nightFrom && k < nightTo) : (k >= nightFrom || k < nightTo)
        }
    }

    /// Weekly overtime hours of a tour (0 without overtime rules).
    public func overtimeHours(_ tour: Tour) -> Double { overtime?.overtimeHours(tour) ?? 0 }

    /// Whether a protected person may work `tour`: no night work and no overtime (within the
    /// standard day and week, or the daily and weekly limits without overtime rules).
    public func isProtectedEligible(_ tour: Tour) -> Bool {
        guard !hasNightWork(tour) else { return false }
        if let overtime { return overtime.overtimeHours(tour) <= 1e-9 }
        if let maxHoursPerDay, tour.paidHoursPerShift > maxHoursPerDay + 1e-9 { return false }
        if let maxHoursPerWeek, tour.weeklyPaidHours > maxHoursPerWeek + 1e-9 { return false }
        return true
    }

    /// Whether some tour has a break (coverage is then fractional in the break hours).
    var hasBreaks: Bool { templates.contains { !$0.breaks.isEmpty } }

    /// Checks the input; throws a `PlanningError` naming the field.
    public func validate() throws(PlanningError) {
        func fail(_ field: String, _ message: String) -> PlanningError { .invalidInput(field: field, message: message) }
        guard weekStart.weekday == 1 else {
            throw fail("weekStart", "the week must start on a Monday; \(weekStart) is a \(PlanningWeek.fullDayNames[weekStart.weekday - 1])")
        }
        guard (1...4).contains(weeks) else { throw fail("weeks", "the planning period must be 1 to 4 weeks, got \(weeks)") }
        guard requiredAgents.count == periodHours else {
            throw fail("requiredAgents", "expected \(periodHours) hourly values (\(weeks == 1 ? "Monday 00:00 to Sunday 23:00" : "\(weeks) weeks from Monday 00:00")), got \(requiredAgents.count)")
        }
        if let h = requiredAgents.firstIndex(where: { $0 < 0 }) {
            throw fail("requiredAgents", "hour \(h) (\(LocalDateTime(date: weekStart, hour: 0).adding(hours: h))) has a negative requirement \(requiredAgents[h])")
        }
        guard seats > 0 else { throw fail("seats", "must be positive, got \(seats)") }
        guard minAgents >= 0 else { throw fail("minAgents", "must not be negative, got \(minAgents)") }
        if let maxAgents {
            guard maxAgents >= 0 else { throw fail("maxAgents", "must not be negative, got \(maxAgents)") }
            guard maxAgents >= minAgents else {
                throw fail("maxAgents", "the \(maxAgents) available agents are fewer than the headcount floor of \(minAgents) agents")
            }
        }
        guard !shiftLengths.isEmpty || !templates.isEmpty else { throw fail("shiftLengths", "must list at least one shift length (or give shift templates)") }
        guard shiftLengths.allSatisfy({ (1...24).contains($0) }) else {
            throw fail("shiftLengths", "lengths must be 1 to 24 hours, got \(shiftLengths)")
        }
        guard !startHours.isEmpty || !templates.isEmpty else { throw fail("startHours", "must list at least one start hour") }
        guard startHours.allSatisfy({ (0...23).contains($0) }) else {
            throw fail("startHours", "start hours must be 0 to 23, got \(startHours)")
        }
        guard (0...6).contains(daysOffPerWeek) else { throw fail("daysOffPerWeek", "must be 0 to 6, got \(daysOffPerWeek)") }
        guard shortagePenaltyPerAgentHour.isFinite, shortagePenaltyPerAgentHour > 0 else {
            throw fail("shortagePenaltyPerAgentHour", "must be a positive number, got \(shortagePenaltyPerAgentHour)")
        }
        guard minRestHours.isFinite, minRestHours >= 0 else { throw fail("minRestHours", "must not be negative") }
        guard (shiftLengths + templates.flatMap(\.lengthsHours)).contains(where: { Double(24 - $0) >= minRestHours }) else {
            throw fail("shiftLengths", "shift rules leave no tour: every length \(shiftLengths) leaves less than the \(minRestHours) h minimum rest before the next day's shift")
        }
        for (field, limit) in [("maxHoursPerDay", maxHoursPerDay), ("maxHoursPerWeek", maxHoursPerWeek)] {
            if let limit, !(limit.isFinite && limit > 0) { throw fail(field, "must be a positive number of hours, got \(limit)") }
        }
        guard !allowedTours.isEmpty else {
            throw fail("shiftLengths", "shift rules leave no tour: lengths \(shiftLengths.sorted()) h on \(7 - daysOffPerWeek) days a week exceed the \(maxHoursPerDay.map { "\($0) h a day" } ?? "") \(maxHoursPerWeek.map { "\($0) h a week" } ?? "") limits or the \(minRestHours) h minimum rest")
        }
        for r in roles {
            guard r.role != .agent else { throw fail("roles", "phone agents are planned through requiredAgents, not as a role") }
            guard r.onSite.count == periodHours, r.onSite.allSatisfy({ $0 >= 0 }) else {
                throw fail("roles.\(r.role.rawValue).onSite", "expected \(periodHours) non-negative hourly values")
            }
            guard r.hoursPerDay.count == 7 || r.hoursPerDay.count == periodDays, r.hoursPerDay.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw fail("roles.\(r.role.rawValue).hoursPerDay", "expected 7 non-negative daily values (or one a day of the period)")
            }
            guard r.minHeadcount >= 0 else { throw fail("roles.\(r.role.rawValue).minHeadcount", "must not be negative") }
        }
        guard protectedAgents >= 0 else { throw fail("protectedAgents", "must not be negative, got \(protectedAgents)") }
        if protectedAgents > 0, !allowedTours.contains(where: isProtectedEligible) {
            throw fail("protectedAgents", "\(protectedAgents) protected agents need tours without night work (\(nightFrom):00–\(nightTo):00) or overtime, and the shift rules allow none")
        }
        if let maxAgents, protectedAgents > maxAgents { throw fail("protectedAgents", "\(protectedAgents) protected agents exceed the \(maxAgents) available") }
        guard Set(roles.map(\.role)).count == roles.count else { throw fail("roles", "a role is listed twice") }
        guard minTotalStaff >= 0 else { throw fail("minTotalStaff", "must not be negative") }
        if objective == .cost, payRates == nil { throw fail("payRates", "the cost objective needs pay rates") }
        if let forecastCalls, forecastCalls.count != periodHours {
            throw fail("forecastCalls", "expected \(periodHours) hourly values, got \(forecastCalls.count)")
        }
    }
}

/// What the planner minimises (besides the penalised shortage).
public enum PlanningObjective: String, Sendable, Codable {
    /// Paid hours of all planned people.
    case hours
    /// Their pay at the week's dates (`PlanningInput.payRates`): 300% on statutory holidays, 200% on
    /// calendar rest days without time off in lieu; the shortage penalty is then in hours × wage.
    case cost
}

/// Overtime (Labour Law art. 41): a shift's paid hours over the standard day are overtime, at most
/// `maxPerDay` a day; the week's paid hours over the standard week count as overtime too; a weekly
/// tour's overtime repeated over the month stays within `maxPerMonth`. In an emergency (art. 42)
/// the daily and monthly limits are lifted.
public struct OvertimeRules: Sendable, Equatable {
    public var standardHoursPerDay: Double
    public var standardHoursPerWeek: Double
    public var maxPerDay: Double
    public var maxPerMonth: Double
    public var emergency: Bool
    /// The comprehensive working-hours system: a longer shift is no overtime by itself (a shift
    /// may still run at most `maxPerDay` over the standard day); only the period's paid hours above
    /// weeks × the standard week are, within the monthly limit spread over the period's days.
    public var averaged: Bool = false

    public init(standardHoursPerDay: Double = 8, standardHoursPerWeek: Double = 40, maxPerDay: Double = 3,
                maxPerMonth: Double = 36, emergency: Bool = false, averaged: Bool = false) {
        self.averaged = averaged
        self.standardHoursPerDay = standardHoursPerDay
        self.standardHoursPerWeek = standardHoursPerWeek
        self.maxPerDay = maxPerDay
        self.maxPerMonth = maxPerMonth
        self.emergency = emergency
    }

    /// Overtime hours of a shift (over the standard day; 0 with the comprehensive system).
    public func dailyOvertime(_ tour: Tour) -> Double { averaged ? 0 : max(0, tour.paidHoursPerShift - standardHoursPerDay) }

    /// Weekly overtime: the daily overtime of every shift plus any remaining excess of the week's
    /// paid hours over the standard week.
    /// With the comprehensive system: the period's paid hours over weeks × the standard week.
    /// (For a tour over several weeks, the figure is for its whole period.)
    public func overtimeHours(_ tour: Tour) -> Double {
        if averaged { return max(0, tour.periodPaidHours - Double(tour.weeks) * standardHoursPerWeek) }
        let daily = dailyOvertime(tour) * Double(tour.workDayCount)
        return daily + max(0, tour.periodPaidHours - daily - Double(tour.weeks) * standardHoursPerWeek)
    }

    /// The most overtime a weekly tour may have in the month of `weekStart`: the monthly limit
    /// spread over the month's days (36 h over a 31-day month: 8.13 h a week).
    public func weeklyLimit(weekStart: CivilDate) -> Double {
        maxPerMonth * 7 / Double(CivilDate.daysIn(month: weekStart.month, year: weekStart.year))
    }

    public func allows(_ tour: Tour, weekStart: CivilDate) -> Bool {
        if emergency { return true }
        return max(0, tour.paidHoursPerShift - standardHoursPerDay) <= maxPerDay + 1e-9
            && overtimeHours(tour) <= weeklyLimit(weekStart: weekStart) * Double(tour.weeks) + 1e-9
    }
}

/// A role planned beside the phone agents (not seat-bound): people on its tours must meet
/// `onSite` in every hour and `hoursPerDay` person-hours on each day of the week.
public struct RoleRequirement: Sendable, Equatable {
    public var role: Role
    /// People of the role on site in each hour of the week (168).
    public var onSite: [Int]
    /// Person-hours of the role's work on each day of the week (7, Monday first; hours of shifts
    /// crossing midnight count on the day they fall in).
    public var hoursPerDay: [Double]
    public var minHeadcount: Int

    public init(role: Role, onSite: [Int], hoursPerDay: [Double] = Array(repeating: 0, count: 7), minHeadcount: Int = 0) {
        self.role = role
        self.onSite = onSite
        self.hoursPerDay = hoursPerDay
        self.minHeadcount = minHeadcount
    }
}

/// A surge rule as applied to one week: the hours it raised and by how much in total.
public struct SurgeApplication: Sendable, Codable, Equatable {
    public var name: String
    public var multiplier: Double
    public var extraAgents: Int
    public var hours: [LocalDateTime]
    public var addedAgentHours: Int

    public init(name: String, multiplier: Double, extraAgents: Int, hours: [LocalDateTime], addedAgentHours: Int) {
        self.name = name
        self.multiplier = multiplier
        self.extraAgents = extraAgents
        self.hours = hours
        self.addedAgentHours = addedAgentHours
    }
}

/// Bad planning input, or no plan found.
public enum PlanningError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidInput(field: String, message: String)
    /// The hard rules contradict each other (e.g. the headcount floor does not fit the seats).
    case infeasible(String)
    /// The solver stopped before it found any plan.
    case noPlan(String)

    public var description: String {
        switch self {
        case .invalidInput(let field, let message): "planning input '\(field)': \(message)"
        case .infeasible(let message): "no plan satisfies the rules: \(message)"
        case .noPlan(let message): "no plan found: \(message)"
        }
    }
}
