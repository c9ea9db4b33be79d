import HotlineCore
import Planning

/// A week's roster of named people: every shift worked, plus what could not be filled.
public struct WeekRoster: Sendable, Codable {
    public var weekStart: CivilDate
    /// Shifts starting in the week, plus carry-in shifts: shifts of the previous week (published,
    /// or implied by the cyclic plan) that run into this week's first hours. Sorted by start, person.
    public var shifts: [ShiftAssignment]
    /// Planned agent tours no available person could take (e.g. too few agents, or rest rules
    /// against last week's shifts).
    public var unfilledTours: [Tour]
    /// People of the store who got no shift in the week, with the reason.
    public var idle: [IdlePerson]
    /// How many carry-in shifts (date before `weekStart`) the roster holds, and where they came from.
    public var carryIn: CarryIn
    /// The breaks of the shifts, when the plan's tours carry breaks (empty: none planned). A
    /// break belongs to the shift of the same person that starts on `date`.
    public var breaks: [ShiftBreak] = []

    public struct IdlePerson: Sendable, Codable, Hashable {
        public var personId: String
        public var reason: String
    }

    public struct CarryIn: Sendable, Codable {
        public var count: Int
        /// `published` (the store's roster of the previous week) or `cyclic-plan` (no previous
        /// roster: the plan's own Sunday-night shifts, as if last week ran the same plan).
        public var source: String

        public init(count: Int, source: String) {
            self.count = count
            self.source = source
        }
    }

    public init(weekStart: CivilDate, shifts: [ShiftAssignment], unfilledTours: [Tour] = [], idle: [IdlePerson] = [],
                carryIn: CarryIn = CarryIn(count: 0, source: "published"), breaks: [ShiftBreak] = []) {
        self.weekStart = weekStart
        self.shifts = shifts
        self.unfilledTours = unfilledTours
        self.idle = idle
        self.carryIn = carryIn
        self.breaks = breaks
    }

    /// Shifts starting inside the week.
    public var weekShifts: [ShiftAssignment] { shifts.filter { $0.date >= weekStart } }

    /// The breaks of `shift` (same person, same start date), in time order.
    public func breaks(of shift: ShiftAssignment) -> [ShiftBreak] {
        breaks.filter { $0.personId == shift.personId && $0.date == shift.date }.sorted { $0.start < $1.start }
    }
}

/// A break inside one person's shift: off the phones from `start` to `end`; `paid` a short rest
/// break, unpaid a meal break. `date` is the date the shift starts (the shift's `date`).
public struct ShiftBreak: Hashable, Sendable, Codable {
    public var personId: String
    public var date: CivilDate
    public var start: LocalDateTime
    public var end: LocalDateTime
    public var paid: Bool

    public init(personId: String, date: CivilDate, start: LocalDateTime, end: LocalDateTime, paid: Bool) {
        self.personId = personId
        self.date = date
        self.start = start
        self.end = end
        self.paid = paid
    }

    /// The breaks a tour's shift starting at `shiftStart` carries (each `offsetMinutes` after the start).
    public static func of(_ breaks: [TourBreak], personId: String, shiftStart: LocalDateTime) -> [ShiftBreak] {
        breaks.map { b in
            let s = shiftStart.adding(minutes: b.offsetMinutes)
            return ShiftBreak(personId: personId, date: shiftStart.date, start: s, end: s.adding(minutes: b.minutes), paid: b.paid)
        }.sorted { $0.start < $1.start }
    }

    /// E.g. `10:00–11:00` (meal) or `13:00–13:15`.
    public var clockText: String { "\(start.clockText)–\(end.clockText)" }
}

/// The skill a person of a planned role needs for the role's tours (a person whose skills list is
/// empty is taken as trained for their role; one who lists skills must list this one).
public enum RoleSkills {
    public static let required: [Role: String] = [.backoffice: "tickets", .supervisor: "lead"]

    /// Whether `person` may work their role's planned tours.
    public static func qualifies(_ person: Person) -> Bool {
        guard let skill = required[person.role], !person.skills.isEmpty else { return true }
        return person.skills.contains(skill)
    }
}

/// Assigns named people to the planned tours (phone agents) and to the profile's fixed shifts
/// (back office, supervisors, management), keeping every rule of `RosterRules`.
///
/// First model: a greedy assignment. Agents keep last week's tour when the plan still has it;
/// the other tours go to the agent who has rested longest, skipping anyone for whom the tour
/// would break the minimum rest after last week's final shift.
public struct RosterBuilder: Sendable {
    public var profile: CenterProfile
    public var calendar: HolidayCalendar
    public var rules: RosterRules

    public init(profile: CenterProfile, calendar: HolidayCalendar) {
        self.profile = profile
        self.calendar = calendar
        self.rules = RosterRules(profile: profile)
    }

    /// Builds the roster for `plan.weekStart`. `previous` holds the published shifts of the days
    /// before the week (at least the previous week), empty when none was published.
    /// `phoneQualified`, when given, holds the agents who have completed pre-job training: the
    /// others are never put on phone duty (training gate) and are listed as idle with the reason.
    public func build(plan: WeeklyPlan, people: [Person], previous: [ShiftAssignment] = [],
                      phoneQualified: Set<String>? = nil) -> WeekRoster {
        let weekStart = plan.weekStart
        let weekBegin = LocalDateTime(date: weekStart)
        let earlier = previous.filter { $0.date < weekStart }
        let byId = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lastEnd: [String: LocalDateTime] = [:]
        for s in earlier where byId[s.personId] != nil {
            lastEnd[s.personId] = max(lastEnd[s.personId] ?? s.end, s.end)
        }

        var shifts: [ShiftAssignment] = []
        var idle: [WeekRoster.IdlePerson] = []

        // Phone agents onto the planned tours: only those past the training gate.
        let allAgents = people.filter { $0.role == .agent }.sorted { $0.id < $1.id }
        let agents = allAgents.filter { phoneQualified?.contains($0.id) ?? true }
        for person in allAgents where !(phoneQualified?.contains(person.id) ?? true) {
            idle.append(.init(personId: person.id, reason: "pre-job training not complete: not rostered on phone duty"))
        }
        let (assigned, unfilled, free) = assign(plan.tours, to: agents, earlier: earlier, lastEnd: lastEnd, weekStart: weekStart)
        for person in free {
            idle.append(.init(personId: person.id, reason: agents.count > plan.agents
                ? "standby: the plan needs \(plan.agents) agents and \(agents.count) phone-qualified agents are available"
                : "no planned tour fits the rest after last week's final shift"))
        }
        var allAssigned = assigned
        var allUnfilled = unfilled

        // Planned roles (supervisors, back office) onto their own tours, the same way; people who
        // list skills but not the role's (`RoleSkills`) stay off them.
        var plannedRoles: Set<Role> = []
        for rolePlan in plan.roles where rolePlan.tours.contains(where: { $0.count > 0 }) {
            plannedRoles.insert(rolePlan.role)
            let members = people.filter { $0.role == rolePlan.role }.sorted { $0.id < $1.id }
            let able = members.filter(RoleSkills.qualifies)
            for person in members where !RoleSkills.qualifies(person) {
                idle.append(.init(personId: person.id, reason: "lacks the skill '\(RoleSkills.required[person.role] ?? "")' for the \(person.role.rawValue) tours"))
            }
            let (a, u, f) = assign(rolePlan.tours, to: able, earlier: earlier, lastEnd: lastEnd, weekStart: weekStart)
            allAssigned += a
            allUnfilled += u
            for person in f {
                idle.append(.init(personId: person.id, reason: able.count > rolePlan.headcount
                    ? "standby: the plan needs \(rolePlan.headcount) \(rolePlan.role.rawValue) people and \(able.count) are available"
                    : "no planned \(rolePlan.role.rawValue) tour fits the rest after last week's final shift"))
            }
        }
        var breaks: [ShiftBreak] = []
        for (person, t) in allAssigned {
            let own = self.shifts(of: t, for: person, weekStart: weekStart)
            shifts += own
            if !t.breaks.isEmpty { for s in own { breaks += ShiftBreak.of(t.breaks, personId: person.id, shiftStart: s.start) } }
        }

        // Carry-in: last week's shifts that run into this week.
        let carrySource: String
        if earlier.isEmpty {
            // No previous roster: as if last week ran the same plan, with the same people.
            carrySource = "cyclic-plan"
            for (person, t) in allAssigned where t.workDays[6] && t.startMinute + t.lengthMinutes > 1440 {
                shifts.append(shift(for: person, date: weekStart.adding(days: -1), startHour: t.startHour, startMinute: t.startMinute % 60,
                                    hours: t.lengthHours, lengthMinutes: t.lengthMinutes))
            }
        } else {
            carrySource = "published"
            shifts += earlier.filter { $0.end > weekBegin }
        }
        let carryCount = shifts.filter { $0.date < weekStart }.count

        // Fixed-shift roles (the profile's `role_shifts`): every role the plan has no tours for.
        for role in Role.allCases where role != .agent && !plannedRoles.contains(role) {
            let members = people.filter { $0.role == role }.sorted { $0.id < $1.id }
            let templates = profile.roleShifts.filter { $0.role == role }
            guard !members.isEmpty else { continue }
            guard !templates.isEmpty else {
                idle += members.map { .init(personId: $0.id, reason: "the profile has no shift for role \(role.rawValue)") }
                continue
            }
            let groups = Dictionary(grouping: members.indices, by: { $0 % templates.count })
            for (ti, template) in templates.enumerated() {
                for (j, mi) in (groups[ti] ?? []).enumerated() {
                    shifts += fixedShifts(template, for: members[mi], indexInGroup: j, weekStart: weekStart)
                }
            }
        }

        shifts.sort { ($0.start, $0.personId) < ($1.start, $1.personId) }
        return WeekRoster(weekStart: weekStart, shifts: shifts, unfilledTours: allUnfilled,
                          idle: idle.sorted { $0.personId < $1.personId },
                          carryIn: .init(count: carryCount, source: carrySource), breaks: breaks)
    }

    /// Assigns `candidates` to the slots of `tours` (one per person counted): first continuity (a
    /// person whose last-week shifts match a planned tour keeps it), then the earliest-starting
    /// tours each to the longest-rested person it fits (minimum rest after last week's final shift).
    func assign(_ tours: [PlannedTour], to candidates: [Person], earlier: [ShiftAssignment], lastEnd: [String: LocalDateTime],
                weekStart: CivilDate) -> (assigned: [(Person, Tour)], unfilled: [Tour], free: [Person]) {
        var slots: [Tour] = tours.flatMap { Array(repeating: $0.tour, count: $0.count) }
        var assigned: [(Person, Tour)] = []
        var free = candidates
        let ids = Set(candidates.map(\.id))
        let lastTour = Dictionary(grouping: earlier.filter { ids.contains($0.personId) }, by: \.personId)
            .compactMapValues { tour(of: $0, weekStart: weekStart.adding(days: -7)) }
        free.removeAll { person in
            guard let t = lastTour[person.id],
                  let i = slots.firstIndex(where: { $0.startMinute == t.startMinute && $0.lengthMinutes == t.lengthMinutes && $0.workDays == t.workDays }),
                  fits(slots[i], after: lastEnd[person.id], weekStart: weekStart) else { return false }
            assigned.append((person, slots[i]))
            slots.remove(at: i)
            return true
        }
        slots.sort { firstStart($0, weekStart) < firstStart($1, weekStart) }
        var unfilled: [Tour] = []
        for t in slots {
            let fitting = free.indices.filter { fits(t, after: lastEnd[free[$0].id], weekStart: weekStart) }
            guard let best = fitting.min(by: {
                (lastEnd[free[$0].id]?.seconds ?? Int.min, free[$0].id) < (lastEnd[free[$1].id]?.seconds ?? Int.min, free[$1].id)
            }) else {
                unfilled.append(t)
                continue
            }
            assigned.append((free[best], t))
            free.remove(at: best)
        }
        return (assigned, unfilled, free)
    }

    // MARK: Tours to shifts

    func firstStart(_ t: Tour, _ weekStart: CivilDate) -> LocalDateTime {
        let day = t.workDays.firstIndex(of: true) ?? 0
        return LocalDateTime(date: weekStart.adding(days: day), hour: t.startHour, minute: t.startMinute % 60)
    }

    /// Whether `t` keeps the minimum rest after a shift ending at `lastEnd`.
    func fits(_ t: Tour, after lastEnd: LocalDateTime?, weekStart: CivilDate) -> Bool {
        guard let lastEnd else { return true }
        let rest = Double(firstStart(t, weekStart).seconds - lastEnd.seconds) / 3600
        return rest >= rules.minRestHours
    }

    /// The tour a person's shifts of one week follow, if they are one (same start and length daily).
    func tour(of shifts: [ShiftAssignment], weekStart: CivilDate) -> Tour? {
        let week = shifts.filter { $0.date >= weekStart && $0.date < weekStart.adding(days: 7) }
        guard let first = week.first else { return nil }
        let startMinute = first.start.secondOfDay / 60
        let lengthMinutes = first.durationSeconds / 60
        guard week.allSatisfy({ $0.start.secondOfDay / 60 == startMinute && $0.durationSeconds / 60 == lengthMinutes }) else { return nil }
        var days = Array(repeating: false, count: 7)
        for s in week { days[s.date.dayNumber - weekStart.dayNumber] = true }
        return Tour(startMinute: startMinute, lengthMinutes: lengthMinutes, workDays: days)
    }

    func shifts(of t: Tour, for person: Person, weekStart: CivilDate) -> [ShiftAssignment] {
        (0..<7).filter { t.workDays[$0] }.map {
            shift(for: person, date: weekStart.adding(days: $0), startHour: t.startHour, startMinute: t.startMinute % 60,
                  hours: t.lengthHours, lengthMinutes: t.lengthMinutes)
        }
    }

    func shift(for person: Person, date: CivilDate, startHour: Int, startMinute: Int = 0, hours: Int, lengthMinutes: Int? = nil) -> ShiftAssignment {
        let start = LocalDateTime(date: date, hour: startHour, minute: startMinute)
        return ShiftAssignment(personId: person.id, name: person.name, role: person.role, date: date,
                               start: start, end: start.adding(minutes: lengthMinutes ?? hours * 60),
                               shift: profile.shifts.name(startHour: startHour)?.chinese ?? "班次")
    }

    /// A fixed role shift: 7-day templates rotate two consecutive days off through the group
    /// (person j is off on days 2j and 2j+1, so a group of two or more covers every day);
    /// office templates follow the calendar's working days (holidays off, 调休 make-up days on).
    func fixedShifts(_ template: CenterProfile.RoleShift, for person: Person, indexInGroup j: Int,
                     weekStart: CivilDate) -> [ShiftAssignment] {
        let sevenDay = Set(template.weekdays).count == 7
        let daysOff = profile.shifts.daysOffPerWeek
        return (0..<7).compactMap { d -> ShiftAssignment? in
            let date = weekStart.adding(days: d)
            let works: Bool
            if sevenDay {
                works = !(0..<daysOff).contains { (daysOff * j + $0) % 7 == d }
            } else {
                works = calendar.isWorkingDay(date) && (template.weekdays.contains(date.weekday) || calendar.kind(on: date) == .workday)
            }
            guard works else { return nil }
            return shift(for: person, date: date, startHour: template.startMinute / 60,
                         startMinute: template.startMinute % 60, hours: template.hours)
        }
    }
}
