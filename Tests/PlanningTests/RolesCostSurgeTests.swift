import Foundation
import HotlineCore
import Optimization
import Planning
import TestSupport
import Testing

let smallProfilePath = SharedData.project("rosters/profiles/small-12345.toml")
/// The week of National Day 2026: Mon Sep 28 – Sun Oct 4 (Oct 1–3 statutory holidays at 300%,
/// Oct 4 a rest day of the holiday block at 200%).
let nationalDayMonday = CivilDate(year: 2026, month: 9, day: 28)!

@Suite("roles in the model")
struct RoleTests {
    let planner = TourPlanner(options: SolveOptions(timeLimitSeconds: 30))

    @Test("one supervisor on site in every hour, no agents needed: exactly 6 supervisors (2 per 8-hour slot on 5-day tours), 240 h")
    func supervisorsOnly() throws {
        var input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 0, count: 168), seats: 10, startHours: [0, 8, 16])
        input.roles = [RoleRequirement(role: .supervisor, onSite: Array(repeating: 1, count: 168))]
        let plan = try planner.plan(input)
        #expect(plan.solver.status == "optimal")
        #expect(plan.agents == 0)
        let sup = try #require(plan.roles.first)
        #expect(sup.role == .supervisor)
        #expect(sup.headcount == 6)
        #expect(independentCoverage(sup.tours).allSatisfy { $0 >= 1 })
        #expect(plan.solver.objective == 240)
        #expect(plan.staff == 6)
        #expect(plan.staffByRole == ["agent": 0, "supervisor": 6])
    }

    @Test("supervisors do not take seats: 4 seats full with agents in some hours and a supervisor on site as well")
    func supervisorsNotSeatBound() throws {
        var input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 3, count: 168), seats: 4, startHours: [0, 8, 16])
        input.roles = [RoleRequirement(role: .supervisor, onSite: Array(repeating: 1, count: 168))]
        let plan = try planner.plan(input)
        #expect(plan.shortAgentHours == 0)
        #expect(plan.scheduled.max() == 4)
        #expect(plan.agents == 15)
        #expect(plan.roles[0].headcount == 6)
        let sup = independentCoverage(plan.roles[0].tours)
        #expect((0..<168).contains { plan.scheduled[$0] + sup[$0] > 4 })
    }

    @Test("back office: 16 ticket-handling hours every day need 3 handlers (14 shift-days on 5-day tours), each day met")
    func backofficeDailyHours() throws {
        var input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 0, count: 168), seats: 10, startHours: [8, 9, 10])
        input.roles = [RoleRequirement(role: .backoffice, onSite: Array(repeating: 0, count: 168), hoursPerDay: Array(repeating: 16, count: 7))]
        let plan = try planner.plan(input)
        let bo = try #require(plan.roles.first)
        #expect(bo.headcount == 3)
        let cover = independentCoverage(bo.tours)
        for d in 0..<7 { #expect((0..<24).reduce(0) { $0 + cover[d * 24 + $1] } >= 16, "day \(d)") }
        #expect(bo.hoursPerDay.allSatisfy { $0 >= 16 })
        #expect(plan.solver.objective == 120)
    }

    @Test("the whole-center minimum binds agents + planned roles + other roles: 30 in total with 2 managers")
    func centerMinimum() throws {
        var input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 1, count: 168), seats: 10, startHours: [0, 8, 16])
        input.roles = [RoleRequirement(role: .supervisor, onSite: Array(repeating: 1, count: 168), minHeadcount: 6)]
        input.otherStaff = [.manager: 2]
        input.minTotalStaff = 30
        let plan = try planner.plan(input)
        #expect(plan.staff == 30)
        #expect(plan.roles[0].headcount >= 6)
        #expect(plan.agents + plan.roles[0].headcount == 28)
        #expect(plan.staffByRole["manager"] == 2)
    }

    @Test("small profile (1 manager + 2 managers + ≥20 platform staff, ≥23 in total): lawful, mix met",
          arguments: ["glpk", "cbc"])
    func smallProfile(solverName: String) throws {
        let profile = try CenterProfile.load(path: smallProfilePath)
        // Synthetic: a small center's week, a tenth of SyntheticWeek (at least 1 agent).
        let required = SyntheticWeek.required.map { max(1, $0 / 10) }
        let input = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday, requiredAgents: required, availableAgents: nil)
        let solver: any MIPSolver = solverName == "cbc" ? CBCSolver() : GLPKSolver()
        // 1–2 s alone; the limit is a ceiling, wide because the planner's clock also runs while
        // its CBC solves wait for the process-wide CBC lock behind other suites' solves.
        let plan = try TourPlanner(solver: solver, options: SolveOptions(timeLimitSeconds: 120, relativeGap: 0.01)).plan(input)
        #expect(labourViolations(plan, profile: profile) == [])
        #expect(plan.shortAgentHours == 0)
        #expect(plan.staff >= 23)
        let mix = plan.staffByRole
        #expect(mix["manager"] == 1)
        #expect((mix["trainer"] ?? 0) + (mix["qa"] ?? 0) + (mix["analyst"] ?? 0) >= 2)
        #expect((mix["agent"] ?? 0) + (mix["backoffice"] ?? 0) + (mix["supervisor"] ?? 0) >= 20)
        #expect(try #require(plan.solver.gap) <= 0.01)
    }

    @Test("a profile without the role keys plans agents only, as before (floor = min total − fixed roles)")
    func legacyProfile() throws {
        let profile = try CenterProfile.parse(sampleProfileTOML, file: "test.toml")
        let input = PlanningInput(profile: profile, weekStart: monday, requiredAgents: Array(repeating: 2, count: 168), availableAgents: nil)
        #expect(input.roles.isEmpty)
        #expect(input.minAgents == 74)
        let plan = try planner.plan(input)
        #expect(plan.roles.isEmpty)
        #expect(plan.agents >= 74)
        #expect(plan.staff == plan.agents + 17)
    }
}

@Suite("pay-rate cost and surge rules")
struct CostAndSurgeTests {
    @Test("a tour's cost uses the week's dates: Mon–Fri 08:00 in the National Day week = 8 h × 32 × (1+1+1+3+3)")
    func tourCost() throws {
        let profile = try CenterProfile.load(path: yuhangProfilePath)
        var input = PlanningInput(profile: profile, weekStart: nationalDayMonday, requiredAgents: Array(repeating: 0, count: 168), availableAgents: nil)
        let weekdays = Tour(startHour: 8, lengthHours: 8, workDays: [true, true, true, true, true, false, false])
        #expect(TourPlanner.tourCost(weekdays, input) == Double(8 * 32 * 9))
        // Sunday Oct 4 is a rest day of the block: 200% without time off in lieu, 100% with it.
        let weekend = Tour(startHour: 8, lengthHours: 8, workDays: [false, false, true, true, true, true, true])
        #expect(TourPlanner.tourCost(weekend, input) == Double(8 * 32 * (1 + 3 + 3 + 3 + 2)))
        input.timeOffInLieu = true
        #expect(TourPlanner.tourCost(weekend, input) == Double(8 * 32 * (1 + 3 + 3 + 3 + 1)))
        // A night shift crossing midnight: Wed Sep 30 20:00 → Thu Oct 1 04:00 is 4 h at 100% + 4 h at 300%.
        let night = Tour(startHour: 20, lengthHours: 8, workDays: [false, false, true, false, false, false, false])
        #expect(TourPlanner.tourCost(night, input) == Double(32 * (4 + 4 * 3)))
        // An ordinary week: every hour at 100%.
        let plain = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday, requiredAgents: Array(repeating: 0, count: 168), availableAgents: nil)
        #expect(TourPlanner.tourCost(weekdays, plain) == Double(8 * 32 * 5))
    }

    @Test("the National Day week: the cost objective avoids holiday hours where it can; plan cost = independent pay")
    func nationalDayWeek() throws {
        let profile = try CenterProfile.load(path: yuhangProfilePath)
        let input = PlanningInput(profile: profile, weekStart: nationalDayMonday, requiredAgents: SyntheticWeek.required, availableAgents: nil)
        let plan = try TourPlanner(options: SolveOptions(timeLimitSeconds: 30, relativeGap: 0.01)).plan(input)
        #expect(labourViolations(plan, profile: profile) == [])
        #expect(plan.shortAgentHours == 0)
        let cost = try #require(plan.cost)
        let independent = independentCost(plan, profile: profile)
        #expect(abs(cost - independent) <= 1e-9 * independent)
        #expect(abs(try #require(plan.solver.objective) - independent) <= 1e-9 * independent)
        #expect(plan.currency == "CNY")
        // The cost is above the same hours at 100%: holiday hours are worked.
        let agentHours: Int = plan.tours.reduce(0) { $0 + $1.count * $1.tour.weeklyHours }
        let roleHours: Double = plan.roles.reduce(0.0) { $0 + $1.hours }
        #expect(cost > 32 * (Double(agentHours) + roleHours))
    }

    @Test("surge rule of the yuhang profile: statutory-holiday hours 08–20 become ⌈r × 1.1⌉ + 2, reported, and covered")
    func surgeOnHolidays() throws {
        let profile = try CenterProfile.load(path: yuhangProfilePath)
        let base = SyntheticWeek.required
        let input = PlanningInput(profile: profile, weekStart: nationalDayMonday, requiredAgents: base, availableAgents: nil)
        #expect(input.baseRequiredAgents == base)
        for h in 0..<168 {
            let day = h / 24, hour = h % 24
            let surged = (3...5).contains(day) && (8..<20).contains(hour)   // Oct 1–3
            let expected = surged ? (base[h] * 11 + 9) / 10 + 2 : base[h]
            #expect(input.requiredAgents[h] == expected, "hour \(h)")
        }
        let applied = try #require(input.surges.first)
        #expect(input.surges.count == 1)
        #expect(applied.hours.count == 36)
        #expect(applied.hours.first == LocalDateTime(date: CivilDate(year: 2026, month: 10, day: 1)!, hour: 8))
        let added: Int = zip(input.requiredAgents, base).reduce(0) { $0 + $1.0 - $1.1 }
        #expect(applied.addedAgentHours == Double(added))
        let plan = try TourPlanner(options: SolveOptions(timeLimitSeconds: 30, relativeGap: 0.01)).plan(input)
        #expect(plan.surges == input.surges)
        #expect(plan.baseRequired == base)
        #expect(zip(input.requiredAgents, independentCoverage(plan.tours)).allSatisfy { $0 <= $1 })
        // No holiday in an ordinary week: nothing applied.
        let plain = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday, requiredAgents: base, availableAgents: nil)
        #expect(plain.surges.isEmpty && plain.requiredAgents == base)
    }

    @Test("date-range surge with extra agents and a multiplier on a rest day kind; rules compound in order")
    func surgeRanges() throws {
        var input = PlanningInput(weekStart: nationalDayMonday, requiredAgents: Array(repeating: 10, count: 168), seats: 77)
        input.applySurges([
            CenterProfile.Surge(name: "typhoon", from: "2026-09-29", to: "2026-09-30", fromHour: 6, toHour: 10, extraAgents: 5),
            CenterProfile.Surge(name: "rest", dayKinds: ["rest"], multiplier: 1.5),
            CenterProfile.Surge(name: "all 29th", from: "2026-09-29", to: "2026-09-29", multiplier: 2),
        ])
        #expect(input.requiredAgents[24 + 6] == 30)      // Tue 06:00: (10 + 5) × 2
        #expect(input.requiredAgents[48 + 9] == 15)      // Wed 09:00: 10 + 5
        #expect(input.requiredAgents[48 + 10] == 10)
        #expect(input.requiredAgents[24 + 12] == 20)
        #expect(input.requiredAgents[6 * 24 + 3] == 15)  // Sun Oct 4 (rest): 10 × 1.5
        #expect(input.surges.map(\.name) == ["typhoon", "rest", "all 29th"])
        #expect(input.surges[0].addedAgentHours == 40)
    }

    @Test("bad surge and role keys are refused naming the field", arguments: [
        ("[[surge]]\nname = \"x\"\nday_kinds = [\"festival\"]\nextra_agents = 1\n", "surge[0].day_kinds"),
        ("[[surge]]\nname = \"x\"\nfrom = \"2026-13-01\"\nextra_agents = 1\n", "surge[0].from"),
        ("[[surge]]\nname = \"x\"\nfrom_hour = 20\nto_hour = 8\nextra_agents = 1\n", "surge[0].from_hour"),
        ("[[surge]]\nname = \"x\"\nmultiplier = 0\n", "surge[0].multiplier"),
        ("[[surge]]\nname = \"x\"\n", "surge[0]"),
    ])
    func badSurge(snippet: String, field: String) throws {
        let text = sampleProfileTOML + "\n" + snippet
        #expect(throws: InputError.self) { try CenterProfile.parse(text, file: "p.toml") }
        do { _ = try CenterProfile.parse(text, file: "p.toml") } catch let e as InputError {
            #expect(e.field == field, "\(e)")
        }
    }

    @Test("bad back-office keys are refused naming the field")
    func badRoleKeys() throws {
        let seven = sampleProfileTOML.replacingOccurrences(of: "min_total = 91", with: "min_total = 91\nbackoffice_hours_per_day = [1, 2, 3]")
        do { _ = try CenterProfile.parse(seven, file: "p.toml"); Issue.record("accepted 3 values") } catch let e as InputError {
            #expect(e.field == "staff.backoffice_hours_per_day")
        }
        let window = sampleProfileTOML.replacingOccurrences(of: "min_total = 91", with: "min_total = 91\nbackoffice_on_site = 1\nbackoffice_on_site_from = 22\nbackoffice_on_site_to = 8")
        do { _ = try CenterProfile.parse(window, file: "p.toml"); Issue.record("accepted an empty window") } catch let e as InputError {
            #expect(e.field == "staff.backoffice_on_site_from")
        }
    }
}
