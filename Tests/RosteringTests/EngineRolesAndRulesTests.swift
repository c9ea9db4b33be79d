import Foundation
import HotlineCore
import Optimization
import Planning
@testable import Rostering
import TestSupport
import Testing

/// The planner's roles, the profile's `[rules]` (shifts per type, contract hours per period) and
/// breaks, on the small profile with SYNTHETIC requirement curves and people.
@Suite struct EngineRolesAndRulesTests {
    static let monday = CivilDate(year: 2026, month: 11, day: 30)!
    static let hired = CivilDate(year: 2024, month: 1, day: 1)!

    static func smallProfile(extra: String = "") throws -> CenterProfile {
        let text = try String(contentsOfFile: SharedData.project("rosters/profiles/small-12345.toml"), encoding: .utf8)
        return try CenterProfile.parse(text + "\n" + extra, file: "small-12345.toml")
    }

    /// A synthetic small-center week: 2 agents at night, up to 6 by day.
    static func requirement() -> [Int] {
        (0..<168).map { h in
            let base = [2, 2, 1, 1, 1, 1, 2, 3, 5, 6, 6, 6, 5, 5, 6, 6, 5, 4, 3, 3, 3, 2, 2, 2][h % 24]
            return h / 24 >= 5 ? max(1, base - 1) : base
        }
    }

    /// The small profile's plan, solved once for the suite (the `[rules]` keys do not change it).
    static let smallPlan: Result<WeeklyPlan, any Error> = Result { try plan(try smallProfile()) }

    static func plan(_ profile: CenterProfile) throws -> WeeklyPlan {
        let input = PlanningInput(profile: profile, weekStart: monday, requiredAgents: requirement(), availableAgents: nil)
        return try TourPlanner(options: SolveOptions(timeLimitSeconds: 10, relativeGap: 0.02)).plan(input)
    }

    static func people(for plan: WeeklyPlan, extraAgents: Int = 2) -> [Person] {
        var result: [Person] = []
        for i in 0..<(plan.agents + extraAgents) {
            result.append(Person(id: "A\(CivilDate.pad(i, 3))", name: "话务员\(i)", role: .agent, skills: ["phone"], hiredOn: hired))
        }
        for rp in plan.roles {
            let skill = rp.role == .supervisor ? "lead" : "tickets"
            for i in 0..<rp.headcount {
                result.append(Person(id: "\(rp.role == .supervisor ? "S" : "B")\(i)", name: "\(rp.role.rawValue)\(i)", role: rp.role,
                                     skills: [skill], hiredOn: hired))
            }
        }
        result.append(Person(id: "M0", name: "经理", role: .manager, hiredOn: hired))
        return result
    }

    static func engine(_ profile: CenterProfile, rules: RosterRules? = nil, exact: Bool = true) -> RosterEngine {
        RosterEngine(profile: profile, calendar: .china, rules: rules, iterations: 20_000, groupSolver: exact ? CBCSolver() : nil)
    }

    @Test func plannedRolesAreRosteredOntoTheirToursAndCoverIsChecked() throws {
        let profile = try Self.smallProfile()
        let plan = try Self.smallPlan.get()
        #expect(Set(plan.roles.map(\.role)) == [.supervisor, .backoffice])
        var people = Self.people(for: plan)
        // A back-office person without the ticket skill stays off the back-office tours.
        people.append(Person(id: "B9", name: "无技能", role: .backoffice, skills: ["sms"], hiredOn: Self.hired))
        let rules = RosterRules(profile: profile)
        let result = Self.engine(profile).build(plan: plan, people: people)
        let roster = result.roster
        let violations = RosterValidator.violations(of: roster.shifts, weekStart: Self.monday, rules: rules, constraints: [:],
                                                    people: people, profile: profile)
        #expect(violations.isEmpty, "\(violations.prefix(5))")
        #expect(result.dropped.isEmpty)
        for rp in plan.roles {
            // Every shift of the role is one of the plan's tours for it (start and length) …
            let planned = Set(rp.tours.filter { $0.count > 0 }.map { "\($0.tour.startHour) \($0.tour.lengthHours)" })
            let own = roster.weekShifts.filter { $0.role == rp.role }
            #expect(!own.isEmpty)
            for s in own { #expect(planned.contains("\(s.start.hour) \(s.durationSeconds / 3600)"), "\(rp.role) \(s.start)") }
            // … and the role's people work (nearly) the plan's person-hours: each at least the contract
            // less the tolerance. (The plan's tours may put more people on site than its minimum, to
            // use the role's headcount; the engine may leave such an extra shift out for fairness.)
            let hours = own.reduce(0) { $0 + $1.durationSeconds } / 3600
            let plannedHours = rp.tours.reduce(0) { $0 + $1.count * $1.tour.workDayCount * $1.tour.lengthHours }
            #expect(Double(hours) >= 0.9 * Double(plannedHours), "\(rp.role): \(hours) of \(plannedHours) h")
            for p in people where p.role == rp.role && RoleSkills.qualifies(p) {
                let h = own.filter { $0.personId == p.id }.reduce(0) { $0 + $1.durationSeconds } / 3600
                #expect(Double(h) >= p.contractHoursPerWeek - rules.contractHoursTolerance, "\(p.id): \(h) h")
            }
        }
        #expect(!roster.weekShifts.contains { $0.personId == "B9" })
        #expect(roster.idle.contains { $0.personId == "B9" && $0.reason.contains("tickets") })
        // The validator's role cover against the plan: no hour below the minimum on site; hours
        // short of the plan's tours only where the tours put more than the minimum on site.
        let gaps = RosterValidator.roleCover(of: roster.shifts, plan: plan)
        #expect(gaps.allSatisfy { !$0.belowMinimum && $0.planned > $0.minimum }, "\(gaps.prefix(3))")
        #expect(result.roleCoverGaps == gaps)

        // One supervisor fewer: the validator reports the hours the plan's tours miss.
        let fewer = people.filter { $0.id != "S0" }
        let short = Self.engine(profile, exact: false).build(plan: plan, people: fewer)
        let shortGaps = RosterValidator.roleCover(of: short.roster.shifts, plan: plan)
        #expect(shortGaps.contains { $0.role == .supervisor && $0.onSite < $0.planned })
        #expect(short.objective.components["underCover"]! > result.objective.components["underCover"]!)

        // A plan without role tours: the profile's fixed role_shifts as before.
        var plain = plan
        plain.roles = []
        let fixed = RosterBuilder(profile: profile, calendar: .china).build(plan: plain, people: people)
        let starts = Set(profile.roleShifts.filter { $0.role == .supervisor }.map { $0.startMinute / 60 })
        let supervisorShifts = fixed.weekShifts.filter { $0.role == .supervisor }
        #expect(!supervisorShifts.isEmpty && supervisorShifts.allSatisfy { starts.contains($0.start.hour) })
        #expect(RosterValidator.roleCover(of: fixed.shifts, plan: plain).isEmpty)
    }

    @Test func maxShiftsPerTypeFromTheProfileIsEnforcedAndValidated() throws {
        let profile = try Self.smallProfile(extra: """
        [rules]
        max_nights_per_week = 3

        [rules.max_shifts_per_type]
        night = 2
        early = 4
        """)
        let rules = RosterRules(profile: profile)
        #expect(rules.maxShiftsPerType == ["Night": 2, "Early": 4])
        #expect(rules.maxNightsPerWeek == 3)
        let plan = try Self.smallPlan.get()
        let people = Self.people(for: plan, extraAgents: 4)
        let result = Self.engine(profile, rules: rules, exact: false).build(plan: plan, people: people)
        let week = result.roster.weekShifts
        for (id, own) in Dictionary(grouping: week, by: \.personId) {
            let nights = own.filter { profile.shifts.name(startHour: $0.start.hour)?.english == "Night" }.count
            let earlies = own.filter { profile.shifts.name(startHour: $0.start.hour)?.english == "Early" }.count
            #expect(nights <= 2 && earlies <= 4, "\(id): \(nights) nights, \(earlies) earlies")
        }
        let v = RosterValidator.violations(of: result.roster.shifts, weekStart: Self.monday, rules: rules, constraints: [:],
                                           people: people, profile: profile)
        #expect(v.isEmpty, "\(v.prefix(5))")
        // Somebody works two nights; a limit of one would be broken and the validator says so.
        var tighter = rules
        tighter.maxShiftsPerType["Night"] = 1
        let broken = RosterValidator.violations(of: result.roster.shifts, weekStart: Self.monday, rules: tighter, constraints: [:],
                                                people: people, profile: profile)
        let twoNights = Dictionary(grouping: week.filter { profile.shifts.name(startHour: $0.start.hour)?.english == "Night" }, by: \.personId)
            .filter { $0.value.count > 1 }.keys
        #expect(Set(broken.filter { $0.rule == "max-shifts-of-type" }.map(\.personId)) == Set(twoNights))
    }

    @Test func profileRulesErrorsNameFileLineAndField() throws {
        let base = try String(contentsOfFile: SharedData.project("rosters/profiles/small-12345.toml"), encoding: .utf8)
        let baseLines = base.split(separator: "\n", omittingEmptySubsequences: false).count
        func error(_ extra: String) -> InputError? {
            do { _ = try CenterProfile.parse(base + "\n" + extra, file: "p.toml"); return nil } catch let e as InputError { return e } catch { return nil }
        }
        let unknown = error("[rules.max_shifts_per_type]\nnight = 2\nnite = 3\n")
        #expect(unknown?.file == "p.toml")
        #expect(unknown?.field == "rules.max_shifts_per_type.nite")
        #expect(unknown?.line == baseLines + 3)
        #expect(unknown?.message.contains("night") == true)
        let negative = error("[rules]\nmax_nights_per_week = -1\n")
        #expect(negative?.field == "rules.max_nights_per_week" && negative?.line == baseLines + 2)
        let wrongType = error("[rules]\nweekend_period_weeks = 4\nperiod_weeks = \"four\"\n")
        #expect(wrongType?.field == "rules.period_weeks" && wrongType?.line == baseLines + 3, "\(String(describing: wrongType))")
        let perPeriod = error("[rules.max_shifts_per_type_per_period]\nlate = -2\n")
        #expect(perPeriod?.field == "rules.max_shifts_per_type_per_period.late" && perPeriod?.line == baseLines + 2)
        // The shipped profiles still load, and keys absent mean the defaults.
        let plain = try Self.smallProfile()
        #expect(RosterRules(profile: plain).maxShiftsPerType.isEmpty && RosterRules(profile: plain).periodHoursBelowContract == 8)
    }

    @Test func contractHoursOverThePeriodAreCappedAndShortfallsExplained() throws {
        let profile = try Self.smallProfile(extra: """
        [rules]
        week_hours_above_contract = 8
        period_hours_above_contract = 0
        period_hours_below_contract = 0
        """)
        var rules = RosterRules(profile: profile)
        #expect(rules.weekHoursAboveContract == 8 && rules.periodHoursAboveContract == 0 && rules.periodHoursBelowContract == 0)
        rules.maxHoursPerWeek = 48
        let plan = try Self.smallPlan.get()
        let people = Self.people(for: plan, extraAgents: 6)
        let agents = people.filter { $0.role == .agent }
        // Week 1 of a 2-week period (synthetic history): every agent worked 48 h (6 day shifts).
        let previousMonday = Self.monday.adding(days: -7)
        var history: [ShiftAssignment] = []
        for p in agents {
            for d in 0..<6 {
                let date = previousMonday.adding(days: d)
                let s = LocalDateTime(date: date, hour: 8)
                history.append(ShiftAssignment(personId: p.id, name: p.name, role: .agent, date: date, start: s, end: s.adding(hours: 8), shift: "早班"))
            }
        }
        let period = RosterPeriod(start: previousMonday, weeks: 2)
        let result = Self.engine(profile, rules: rules, exact: false).build(plan: plan, people: people, previous: history, history: history, period: period)
        // Week 2: at most 80 − 48 = 32 h each (the weekly cap alone would allow 48).
        for p in agents {
            let h = result.roster.weekShifts.filter { $0.personId == p.id }.reduce(0) { $0 + $1.durationSeconds } / 3600
            #expect(h <= 32, "\(p.id): \(h) h in week 2")
        }
        let all = history + result.roster.weekShifts
        let check = RosterValidator.periodCheck(of: all, period: period, people: people, rules: rules, profile: profile)
        #expect(check.violations.isEmpty, "\(check.violations.prefix(3))")
        // Below the period's minimum (80 h): listed by the validator and explained by the engine.
        let below = Set(check.belowMinimum.map(\.personId))
        #expect(below.contains("S0") && below.contains("B0"))  // 40 h of 80: no week-1 shifts
        let explained = Set(result.softBreaks.filter { $0.rule == "below-period-hours" }.map(\.personId))
        #expect(below == explained)
        #expect(result.softBreaks.filter { $0.rule == "below-period-hours" }.allSatisfy { $0.chinese.contains("小时") && $0.english.contains("period") })

        // The validator's own arithmetic on hand-made shifts: 88 h > 80 h is a hard break.
        var extra = all.filter { $0.personId == agents[0].id }
        for d in 0..<7 where !extra.contains(where: { $0.date == Self.monday.adding(days: d) }) {
            let s = LocalDateTime(date: Self.monday.adding(days: d), hour: 8)
            extra.append(ShiftAssignment(personId: agents[0].id, name: "x", role: .agent, date: s.date, start: s, end: s.adding(hours: 8), shift: "早班"))
        }
        let over = RosterValidator.periodCheck(of: extra, period: period, people: [agents[0]], rules: rules, profile: profile)
        #expect(over.violations.map(\.rule) == ["period-hours"])
    }

    @Test func breaksOfThePlansToursReachTheRosterHTMLAndICalendar() throws {
        let profile = try Self.smallProfile()
        let tour = Tour(startHour: 8, lengthHours: 8, workDays: [true, true, true, true, true, false, false],
                        breaks: [TourBreak(offsetHours: 4, minutes: 60, paid: false), TourBreak(offsetHours: 2, minutes: 15, paid: true)])
        var required = Array(repeating: 0, count: 168)
        for d in 0..<5 { for h in 8..<16 { required[d * 24 + h] = 2 } }
        let plan = WeeklyPlan(weekStart: Self.monday, tours: [PlannedTour(tour: tour, count: 2)], required: required, seats: 10,
                              solver: SolverReport(name: "hand-made", status: "optimal", objective: nil, bound: nil, gap: nil, seconds: 0))
        let people = (0..<2).map { Person(id: "A\($0)", name: "话务员\($0)", role: .agent, hiredOn: Self.hired) }
        let result = Self.engine(profile).build(plan: plan, people: people)
        let roster = result.roster
        #expect(roster.weekShifts.count == 10)
        #expect(roster.breaks.count == 20)
        for s in roster.weekShifts {
            let b = roster.breaks(of: s)
            #expect(b.map(\.clockText) == ["10:00–10:15", "12:00–13:00"])
            #expect(b.map(\.paid) == [true, false])
        }
        let zh = RosterHTML(profile: profile, calendar: .china, language: .zh).render(roster, people: people, coverage: [], synthetic: true)
        let en = RosterHTML(profile: profile, calendar: .china, language: .en).render(roster, people: people, coverage: [], synthetic: true)
        #expect(zh.contains("休息 10:00–10:15、12:00–13:00（餐）"))
        #expect(en.contains("breaks 10:00–10:15, 12:00–13:00 (meal)"))
        let ics = ICalendar.text(personId: "A0", name: "话务员0", shifts: roster.weekShifts.filter { $0.personId == "A0" },
                                 stamp: LocalDateTime(date: Self.monday), language: .en, breaks: roster.breaks)
        let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("breaks: 10:00–10:15\\, 12:00–13:00 (meal)"))
        let json = String(decoding: try JSONEncoder().encode(roster), as: UTF8.self)
        #expect(json.contains("\"breaks\"") && json.contains("\"paid\":false"))
        // The roster CSV keeps DESIGN's columns.
        let path = try SharedData.temporaryDirectory() + "/roster.csv"
        try RosterCSV.write(roster.shifts, to: path)
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        #expect(csv.split(separator: "\n").first.map { $0.hasSuffix("person_id,name,role,date,start,end,shift") } == true)
    }
}
