import HotlineCore
import Optimization
import Planning
@testable import Rostering
import TestSupport
import Testing

/// Rosters built from real GLPK plans of SYNTHETIC requirement curves, checked by the independent
/// validator and by recounting coverage from the shifts.
@Suite struct RosterBuilderTests {
    static let monday = CivilDate(year: 2026, month: 11, day: 30)!

    static func profile() throws -> CenterProfile {
        try CenterProfile.load(path: SharedData.project("rosters/profiles/yuhang-12345.toml"))
    }

    /// A synthetic 12345-shaped week: nights 3, day peaks 14–18.
    static func requirement() -> [Int] {
        (0..<168).map { h in
            let hour = h % 24
            let day = h / 24
            let base = [3, 3, 2, 2, 2, 3, 5, 8, 12, 15, 17, 16, 12, 13, 16, 15, 13, 10, 8, 7, 7, 6, 4, 3][hour]
            return day >= 5 ? max(2, base * 3 / 4) : base
        }
    }

    static func people(agents: Int, supervisors: Int = 6, backoffice: Int = 4) -> [Person] {
        let hired = CivilDate(year: 2024, month: 1, day: 1)!
        var result: [Person] = []
        for i in 0..<agents { result.append(Person(id: "A\(CivilDate.pad(i, 3))", name: "话务员\(i)", role: .agent, hiredOn: hired)) }
        for i in 0..<supervisors { result.append(Person(id: "S\(i)", name: "班长\(i)", role: .supervisor, hiredOn: hired)) }
        for i in 0..<backoffice { result.append(Person(id: "B\(i)", name: "工单\(i)", role: .backoffice, hiredOn: hired)) }
        result.append(Person(id: "M0", name: "经理", role: .manager, hiredOn: hired))
        return result
    }

    static func plan(agents: Int? = nil) throws -> WeeklyPlan {
        let input = PlanningInput(weekStart: monday, requiredAgents: requirement(), seats: 77,
                                  minAgents: agents ?? 0, maxAgents: agents)
        return try TourPlanner(options: SolveOptions(timeLimitSeconds: 20)).plan(input)
    }

    @Test func everyPlannedTourGetsAnAgentAndRulesHold() throws {
        let plan = try Self.plan()
        let profile = try Self.profile()
        let people = Self.people(agents: plan.agents)
        let roster = RosterBuilder(profile: profile, calendar: .china).build(plan: plan, people: people)
        #expect(roster.unfilledTours.isEmpty)
        #expect(roster.idle.isEmpty)
        let violations = RosterValidator.violations(of: roster.shifts, weekStart: Self.monday, rules: RosterRules(profile: profile))
        #expect(violations.isEmpty, "\(violations)")
        // Recount: agents on shift per hour from the shifts equal the plan's cyclic count.
        for h in 0..<168 {
            let from = LocalDateTime(date: Self.monday).adding(hours: h)
            let n = roster.shifts.filter { $0.role == .agent && $0.start < from.adding(hours: 1) && from < $0.end }.count
            #expect(n == plan.scheduled[h], "hour \(h)")
        }
        #expect(roster.carryIn.source == "cyclic-plan")
        #expect(roster.shifts.filter { $0.date < Self.monday }.allSatisfy { $0.date == Self.monday.adding(days: -1) && $0.end > LocalDateTime(date: Self.monday) })
        // Supervisors: at least one on site in every hour of the week.
        for h in 0..<168 {
            let from = LocalDateTime(date: Self.monday).adding(hours: h)
            #expect(roster.weekShifts.contains { $0.role == .supervisor && $0.overlaps(from: from, to: from.adding(hours: 1)) }, "hour \(h)")
        }
    }

    @Test func nextWeekContinuesFromThePublishedWeek() throws {
        let plan = try Self.plan()
        let profile = try Self.profile()
        let people = Self.people(agents: plan.agents)
        let builder = RosterBuilder(profile: profile, calendar: .china)
        let week1 = builder.build(plan: plan, people: people)
        var plan2 = plan
        plan2.weekStart = Self.monday.adding(days: 7)
        let week2 = builder.build(plan: plan2, people: people, previous: week1.weekShifts)
        #expect(week2.carryIn.source == "published")
        #expect(week2.unfilledTours.isEmpty)
        // Same plan: everybody keeps their tour.
        for p in people where p.role == .agent {
            let a = week1.weekShifts.filter { $0.personId == p.id }.map { $0.start.hour }
            let b = week2.weekShifts.filter { $0.personId == p.id }.map { $0.start.hour }
            #expect(Set(a) == Set(b))
        }
        let all = week1.weekShifts + week2.weekShifts
        #expect(RosterValidator.violations(of: all, weekStart: plan2.weekStart, rules: RosterRules(profile: profile)).isEmpty)
    }

    @Test func trainingGateKeepsUnqualifiedAgentsOffThePhones() throws {
        let plan = try Self.plan()
        let profile = try Self.profile()
        let people = Self.people(agents: plan.agents + 2)
        let trainees: Set<String> = ["A000", "A005"]
        let qualified = Set(people.filter { $0.role == .agent && !trainees.contains($0.id) }.map(\.id))
        let roster = RosterBuilder(profile: profile, calendar: .china).build(plan: plan, people: people, phoneQualified: qualified)
        #expect(roster.unfilledTours.isEmpty)
        #expect(!roster.shifts.contains { trainees.contains($0.personId) })
        #expect(Set(roster.idle.map(\.personId)) == trainees)
        #expect(roster.idle.allSatisfy { $0.reason.contains("pre-job training") })
    }

    @Test func tooFewAgentsLeavesToursUnfilledAndSaysSo() throws {
        let plan = try Self.plan()
        let profile = try Self.profile()
        let people = Self.people(agents: plan.agents - 3)
        let roster = RosterBuilder(profile: profile, calendar: .china).build(plan: plan, people: people)
        #expect(roster.unfilledTours.count == 3)
    }

    @Test func restAfterLastWeeksNightIsRespected() throws {
        let plan = try Self.plan()
        let profile = try Self.profile()
        let people = Self.people(agents: plan.agents)
        // Everybody worked a night shift ending Monday 06:00: no one may start before 17:00 Monday.
        let previous = people.filter { $0.role == .agent }.map {
            ShiftAssignment(personId: $0.id, name: $0.name, role: .agent, date: Self.monday.adding(days: -1),
                            start: LocalDateTime(date: Self.monday.adding(days: -1), hour: 22),
                            end: LocalDateTime(date: Self.monday, hour: 6), shift: "夜班")
        }
        let roster = RosterBuilder(profile: profile, calendar: .china).build(plan: plan, people: people, previous: previous)
        let violations = RosterValidator.violations(of: roster.shifts, weekStart: Self.monday, rules: RosterRules(profile: profile))
        #expect(violations.isEmpty, "\(violations)")
        #expect(!roster.unfilledTours.isEmpty)
    }
}

@Suite struct RosterValidatorTests {
    static let monday = CivilDate(year: 2026, month: 11, day: 30)!

    func shift(_ id: String, day: Int, hour: Int, hours: Int = 8) -> ShiftAssignment {
        let date = Self.monday.adding(days: day)
        let start = LocalDateTime(date: date, hour: hour)
        return ShiftAssignment(personId: id, name: id, role: .agent, date: date, start: start,
                               end: start.adding(hours: hours), shift: "x")
    }

    @Test func findsEachBrokenRule() {
        let rules = RosterRules()
        func rulesBroken(_ s: [ShiftAssignment]) -> Set<String> {
            Set(RosterValidator.violations(of: s, weekStart: Self.monday, rules: rules).map(\.rule))
        }
        #expect(rulesBroken((0..<5).map { shift("a", day: $0, hour: 8) }).isEmpty)
        #expect(rulesBroken([shift("a", day: 0, hour: 0, hours: 4), shift("a", day: 0, hour: 16, hours: 4)]) == ["one-shift-a-day"])
        #expect(rulesBroken([shift("a", day: 0, hour: 14), shift("a", day: 1, hour: 6)]) == ["min-rest"])
        #expect(rulesBroken((0..<7).map { shift("a", day: $0, hour: 8, hours: 4) }) == ["days-off-per-week"])
        #expect(rulesBroken([shift("a", day: 0, hour: 8, hours: 10)]) == ["max-hours-per-day"])
        #expect(rulesBroken((0..<6).map { shift("a", day: $0, hour: 8) }) == ["max-hours-per-week"])
    }
}
