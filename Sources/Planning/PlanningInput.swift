import HotlineCore

/// The standard working-hours system (8 h a day, 40 h a week) or the comprehensive one
/// (综合计算工时工作制: hours averaged over a period of several weeks).
public typealias WorkingHoursSystem = CenterProfile.Labour.WorkingHoursSystem

/// What the tour planner needs: the hourly requirement of one week (or a period of 2–4 weeks)
/// and the shift rules.
public struct PlanningInput: Sendable {
    /// The Monday the week starts on (hour 0 = this day 00:00).
    public var weekStart: CivilDate
    /// Required agents on the phones in each interval of the period (168 × `weeks` values with
    /// 60-minute intervals, 336 × `weeks` with 30-minute intervals; Monday 00:00 first).
    public var requiredAgents: [Int]
    /// Length of a planning interval in minutes: 60 (the default) or 30. Every per-interval array
    /// (`requiredAgents`, `forecastCalls`, the roles' `onSite`) has one value per interval; tours may
    /// start on any interval boundary their rules allow and breaks are placed on interval boundaries.
    public var intervalMinutes: Int = 60
    /// Intervals of one day (24 or 48).
    public var intervalsPerDay: Int { 1440 / intervalMinutes }
    /// Intervals of the planning period (7 × weeks × intervals a day).
    public var periodIntervals: Int { periodDays * intervalsPerDay }
    /// Hours of one interval (1 or 0.5).
    public var intervalHours: Double { Double(intervalMinutes) / 60 }
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
    /// Forecast calls per interval (one value per interval), carried into coverage reports only.
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
    ///
    /// The profile's `service.interval_minutes` (60 or 30) is the planning interval: `requiredAgents`
    /// then has one value per interval of the period.
    public init(profile: CenterProfile, weekStart: CivilDate, requiredAgents: [Int], availableAgents: Int?,
                calendar: HolidayCalendar = .china, weeks: Int = 1) {
        self.init(weekStart: weekStart, requiredAgents: requiredAgents, seats: profile.seats,
                  minAgents: PlanningInput.minimumAgents(profile), maxAgents: availableAgents,
                  shiftLengths: profile.shifts.lengthsHours, startHours: profile.shifts.startHours,
                  daysOffPerWeek: profile.shifts.daysOffPerWeek, consecutiveDaysOff: profile.shifts.consecutiveDaysOff)
        self.weeks = weeks
        intervalMinutes = profile.service.intervalMinutes
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
        roles = PlanningInput.plannedRoles(profile, weekStart: weekStart, weeks: weeks, intervalMinutes: intervalMinutes)
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
    /// `onSite` has one value per interval of `intervalMinutes`.
    public static func plannedRoles(_ profile: CenterProfile, weekStart: CivilDate, weeks: Int = 1, intervalMinutes: Int = 60) -> [RoleRequirement] {
        var roles: [RoleRequirement] = []
        let staff = profile.staff
        let count = max(1, weeks) * PlanningWeek.intervals(minutes: intervalMinutes)
        if let n = staff.supervisorsOnSite {
            roles.append(RoleRequirement(role: .supervisor, onSite: Array(repeating: n, count: count),
                                         hoursPerDay: Array(repeating: 0, count: 7), minHeadcount: staff.minimum(for: .supervisor)))
        }
        if staff.plansBackoffice {
            let n = staff.backofficeOnSite ?? 0, from = staff.backofficeOnSiteFrom ?? 0, to = staff.backofficeOnSiteTo ?? 24
            let onSite = (0..<count).map { i in (from..<to).contains((i * intervalMinutes / 60) % 24) ? n : 0 }
            roles.append(RoleRequirement(role: .backoffice, onSite: onSite, hoursPerDay: staff.backofficeHoursByWeekday,
                                         minHeadcount: staff.minimum(for: .backoffice)))
        }
        return roles
    }

    /// Applies surge rules to `requiredAgents` in order (each on the result of the previous) and
    /// records what each added; the requirement before them is kept in `baseRequiredAgents`.
    /// A rule's hours select the intervals that start in them.
    public mutating func applySurges(_ rules: [CenterProfile.Surge], calendar: HolidayCalendar = .china) {
        guard !rules.isEmpty, requiredAgents.count == periodIntervals else { return }
        if baseRequiredAgents == nil { baseRequiredAgents = requiredAgents }
        let m = intervalMinutes
        for rule in rules {
            var intervals: [Int] = [], added = 0
            for i in 0..<periodIntervals {
                let date = weekStart.adding(days: i / intervalsPerDay)
                guard rule.applies(on: date, hour: (i % intervalsPerDay) * m / 60, calendar: calendar) else { continue }
                let before = requiredAgents[i], after = rule.apply(before)
                intervals.append(i)
                added += after - before
                requiredAgents[i] = after
            }
            if !intervals.isEmpty {
                surges.append(SurgeApplication(name: rule.name, multiplier: rule.multiplier, extraAgents: rule.extraAgents,
                                               hours: intervals.map { LocalDateTime(date: weekStart, hour: 0).adding(minutes: $0 * m) },
                                               addedAgentHours: Double(added) * Double(m) / 60))
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
    /// template every start in its window (every interval boundary: each whole hour, or each half
    /// hour with 30-minute intervals) × length × placement of its breaks × pattern; without those
    /// longer than the daily or weekly paid-hour limits or leaving less than the minimum rest.
    public var allowedTours: [Tour] {
        let patterns = Tour.dayPatterns(daysOff: daysOffPerWeek, consecutive: consecutiveDaysOff, weeks: weeks,
                                        averaged: workingHoursSystem == .comprehensive)
        var shifts: [(start: Int, length: Int, breaks: [TourBreak], template: String?)] = []
        for length in Array(Set(shiftLengths)).sorted() {
            for start in Array(Set(startHours)).sorted() { shifts.append((start * 60, length * 60, [], nil)) }
        }
        for template in templates {
            for length in PlanningInput.lengthsMinutes(template) {
                let placements = PlanningInput.breakPlacements(template.breaks, lengthMinutes: length, intervalMinutes: intervalMinutes)
                for start in PlanningInput.startMinutes(template, intervalMinutes: intervalMinutes) {
                    for breaks in placements { shifts.append((start, length, breaks, template.name)) }
                }
            }
        }
        var seen = Set<Tour>()
        var tours: [Tour] = []
        for shift in shifts where Double(1440 - shift.length) >= minRestHours * 60 - 1e-9 {
            for pattern in patterns {
                let tour = Tour(startMinute: shift.start, lengthMinutes: shift.length, workDays: pattern, breaks: shift.breaks, template: shift.template)
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

    /// A template's lengths on site in minutes: `lengths_hours` and `lengths_minutes`, ascending.
    public static func lengthsMinutes(_ template: CenterProfile.ShiftTemplate) -> [Int] {
        Array(Set(template.lengthsHours.map { $0 * 60 } + template.lengthsMinutes)).sorted()
    }

    /// A template's start times (minute of the day) at `intervalMinutes`: every interval boundary
    /// from `start_from`:00 to `start_to`:00 inclusive, wrapping past midnight (at 30 minutes,
    /// 07:00, 07:30, …, 10:00 for a 7-to-10 window).
    public static func startMinutes(_ template: CenterProfile.ShiftTemplate, intervalMinutes m: Int) -> [Int] {
        let hours = template.startHours
        var result: [Int] = []
        for (k, h) in hours.enumerated() {
            result.append(h * 60)
            if k < hours.count - 1 { result += stride(from: h * 60 + m, to: h * 60 + 60, by: m).map { $0 } }
        }
        return result
    }

    /// Every placement of a template's breaks in a shift of `length` hours with 60-minute intervals.
    public static func breakPlacements(_ rules: [CenterProfile.BreakRule], length: Int) -> [[TourBreak]] {
        breakPlacements(rules, lengthMinutes: length * 60, intervalMinutes: 60)
    }

    /// Every placement of a template's breaks in a shift of `lengthMinutes`: each break starts on
    /// an interval boundary `window_from` to `window_to` hours after the start (inclusive), not in
    /// the shift's first hour and ending before its last hour (its first interval starts at least
    /// an hour before the last hour); no two breaks share an interval; breaks whose
    /// `min_shift_hours` exceeds the length are left out. With 60-minute intervals: each break at a
    /// whole hour of its window that is neither the first nor the last hour of the shift.
    public static func breakPlacements(_ rules: [CenterProfile.BreakRule], lengthMinutes: Int, intervalMinutes m: Int) -> [[TourBreak]] {
        var result: [[TourBreak]] = [[]]
        func intervals(_ b: TourBreak) -> Range<Int> { (b.offsetMinutes / m)..<((b.offsetMinutes + b.minutes + m - 1) / m) }
        for rule in rules where lengthMinutes >= rule.minShiftHours * 60 {
            let first = max(60, rule.windowFrom * 60), last = min(rule.windowTo * 60, lengthMinutes - 60 - m)
            let offsets = first <= last ? Array(stride(from: first, through: last, by: m)) : []
            var next: [[TourBreak]] = []
            for partial in result {
                for offset in offsets {
                    let b = TourBreak(offsetMinutes: offset, minutes: rule.minutes, paid: rule.paid)
                    guard !partial.contains(where: { intervals($0).overlaps(intervals(b)) }) else { continue }
                    next.append(partial + [b])
                }
            }
            result = next
        }
        return result.map { $0.sorted { $0.offsetMinutes < $1.offsetMinutes } }
    }

    /// Whether a tour has night work (any minute of a shift in the night window).
    public func hasNightWork(_ tour: Tour) -> Bool {
        let from = nightFrom * 60, to = nightTo * 60
        for day in tour.workDays.indices where tour.workDays[day] {
            var a = tour.startMinute
            let end = tour.startMinute + tour.lengthMinutes
            while a < end {
                let k = a % 1440
                if from <= to ? (k >= from && k < to) : (k >= from || k < to) { return true }
                a += 30
            }
        }
        return false
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

    /// Whether some tour has a break that fills only part of an interval (coverage is then
    /// fractional there): any break at 60-minute intervals shorter than 60 minutes, a 15-minute
    /// break at 30-minute intervals; a 30-minute break at 30-minute intervals takes a whole one.
    var hasBreaks: Bool { templates.contains { $0.breaks.contains { $0.minutes % intervalMinutes != 0 } } }

    /// Checks the input; throws a `PlanningError` naming the field.
    public func validate() throws(PlanningError) {
        func fail(_ field: String, _ message: String) -> PlanningError { .invalidInput(field: field, message: message) }
        guard weekStart.weekday == 1 else {
            throw fail("weekStart", "the week must start on a Monday; \(weekStart) is a \(PlanningWeek.fullDayNames[weekStart.weekday - 1])")
        }
        guard (1...4).contains(weeks) else { throw fail("weeks", "the planning period must be 1 to 4 weeks, got \(weeks)") }
        guard PlanningWeek.intervals.contains(intervalMinutes) else {
            throw fail("intervalMinutes", "the planner works in 60- or 30-minute intervals, got \(intervalMinutes)")
        }
        guard requiredAgents.count == periodIntervals else {
            let unit = intervalMinutes == 60 ? "hourly" : "\(intervalMinutes)-minute"
            let last = intervalMinutes == 60 ? "23:00" : "23:30"
            throw fail("requiredAgents", "expected \(periodIntervals) \(unit) values (\(weeks == 1 ? "Monday 00:00 to Sunday \(last)" : "\(weeks) weeks from Monday 00:00")), got \(requiredAgents.count)")
        }
        if let h = requiredAgents.firstIndex(where: { $0 < 0 }) {
            let what = intervalMinutes == 60 ? "hour" : "interval"
            throw fail("requiredAgents", "\(what) \(h) (\(LocalDateTime(date: weekStart, hour: 0).adding(minutes: h * intervalMinutes))) has a negative requirement \(requiredAgents[h])")
        }
        for t in templates {
            for length in PlanningInput.lengthsMinutes(t) where length % intervalMinutes != 0 {
                throw fail("templates.\(t.name).lengths_minutes", "a \(length)-minute shift does not fill whole \(intervalMinutes)-minute intervals")
            }
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
        guard (shiftLengths.map { $0 * 60 } + templates.flatMap(PlanningInput.lengthsMinutes)).contains(where: { Double(1440 - $0) >= minRestHours * 60 - 1e-9 }) else {
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
            guard r.onSite.count == periodIntervals, r.onSite.allSatisfy({ $0 >= 0 }) else {
                throw fail("roles.\(r.role.rawValue).onSite", "expected \(periodIntervals) non-negative values, one per interval")
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
        if let forecastCalls, forecastCalls.count != periodIntervals {
            throw fail("forecastCalls", "expected \(periodIntervals) values (one per interval), got \(forecastCalls.count)")
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
/// `onSite` in every interval and `hoursPerDay` person-hours on each day of the week.
public struct RoleRequirement: Sendable, Equatable {
    public var role: Role
    /// People of the role on site in each interval of the period (168 × weeks hours, or 336 × weeks half hours).
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
    /// Starts of the intervals the rule raised (hours with 60-minute intervals, half hours with 30).
    public var hours: [LocalDateTime]
    /// Agent-hours added (agents added per interval × the interval's hours).
    public var addedAgentHours: Double

    public init(name: String, multiplier: Double, extraAgents: Int, hours: [LocalDateTime], addedAgentHours: Double) {
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
