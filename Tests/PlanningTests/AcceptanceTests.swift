import Foundation
import HotlineCore
import Optimization
import Planning
import TestSupport
import Testing

/// The labour and contract rules of a profile, checked on a plan without the planner's code:
/// every tour's shift length, start hour, days off, weekly hours, rest between shifts, the seats
/// in every hour (coverage recomputed by `independentCoverage`), and the headcount minimums.
/// Returns the broken rules in words (empty when the plan is lawful).
func labourViolations(_ plan: WeeklyPlan, profile: CenterProfile) -> [String] {
    var problems: [String] = []
    for p in plan.tours {
        let t = p.tour
        let name = "tour \(t)"
        if p.count <= 0 { problems.append("\(name): count \(p.count)") }
        if !profile.shifts.lengthsHours.contains(t.lengthHours) { problems.append("\(name): length not in the profile") }
        if !profile.shifts.startHours.contains(t.startHour) { problems.append("\(name): start not in the profile") }
        if Double(t.lengthHours) > profile.labour.maxHoursPerDay { problems.append("\(name): longer than \(profile.labour.maxHoursPerDay) h a day") }
        let worked = (0..<7).filter { t.workDays[$0] }
        let hours = worked.count * t.lengthHours
        if Double(hours) > profile.labour.maxHoursPerWeek { problems.append("\(name): \(hours) h a week") }
        // At least one day off in every 7 (the week is cyclic, so in every week).
        if worked.count > 6 { problems.append("\(name): no day off") }
        let off = (0..<7).filter { !t.workDays[$0] }
        if off.count != profile.shifts.daysOffPerWeek { problems.append("\(name): \(off.count) days off") }
        if profile.shifts.consecutiveDaysOff, off.count >= 2 {
            // The days off form one block of the cyclic week: exactly one off day follows a work day.
            let blocks = (0..<7).filter { !t.workDays[$0] && t.workDays[($0 + 6) % 7] }.count
            if blocks != 1 { problems.append("\(name): days off not consecutive") }
        }
        // Rest from the end of each shift to the start of the next worked day's shift.
        for (k, day) in worked.enumerated() {
            let next = worked[(k + 1) % worked.count]
            let gapDays = (next - day + 7) % 7 == 0 ? 7 : (next - day + 7) % 7
            let rest = Double(gapDays * 24 - t.lengthHours)
            if rest < profile.labour.minRestHours { problems.append("\(name): \(rest) h rest after day \(day)") }
        }
    }
    let cover = independentCoverage(plan.tours)
    for h in 0..<168 where cover[h] > profile.seats { problems.append("hour \(h): \(cover[h]) agents on \(profile.seats) seats") }
    let agents = plan.tours.reduce(0) { $0 + $1.count }
    if agents < profile.staff.minimum(for: .agent) { problems.append("\(agents) agents, below the role minimum") }
    if agents + profile.fixedRoleHeadcount < profile.staff.minTotal {
        problems.append("\(agents + profile.fixedRoleHeadcount) staff, below the minimum \(profile.staff.minTotal)")
    }
    return problems
}

let yuhangProfilePath = SharedData.project("rosters/profiles/yuhang-12345.toml")

@Suite("acceptance: the yuhang-12345 week")
struct AcceptanceTests {
    /// The acceptance point, in the test suite (the 10 s figure is a benchmark: tools/bench/plan).
    /// Requirement: `SyntheticWeek` (synthetic, 12345-shaped, peak 70 agents).
    @Test("weekly hourly plan, yuhang-12345 profile, synthetic forecast peaking at 70: every hour covered, ≥91 staff, ≤77 on shift, lawful tours, gap ≤ 1%",
          arguments: ["glpk", "cbc"])
    func yuhangWeek(solverName: String) throws {
        let profile = try CenterProfile.load(path: yuhangProfilePath)
        let required = SyntheticWeek.required
        #expect(required.max() == 70)
        let input = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday, requiredAgents: required, availableAgents: nil)
        let solver: any MIPSolver = solverName == "cbc" ? CBCSolver() : GLPKSolver()
        let plan = try TourPlanner(solver: solver, options: SolveOptions(timeLimitSeconds: 60, relativeGap: 0.01)).plan(input)

        #expect(plan.solver.name == solverName)
        let cover = independentCoverage(plan.tours)
        #expect(cover == plan.scheduled)
        #expect(zip(required, cover).allSatisfy { $0 <= $1 }, "every hour covered")
        #expect(plan.shortfalls.isEmpty)
        #expect(cover.max()! <= 77)
        #expect(plan.agents + profile.fixedRoleHeadcount >= 91)
        #expect(labourViolations(plan, profile: profile) == [])

        let objective = try #require(plan.solver.objective), bound = try #require(plan.solver.bound)
        let gap = try #require(plan.solver.gap)
        #expect(bound <= objective)
        #expect(gap <= 0.01)
        #expect(abs(gap - (objective - bound) / objective) < 1e-9)
        // The objective is the scheduled agent-hours (nothing short).
        #expect(objective == Double(plan.scheduledAgentHours))
        // A bound that needs no solver: every agent works 40 h, and at least the floor of agents.
        #expect(objective >= Double(max(plan.requiredAgentHours, 40 * input.minAgents)))
    }

    @Test("both solvers' plans lie within each other's proven bounds", .timeLimit(.minutes(2)))
    func solversAgree() throws {
        let profile = try CenterProfile.load(path: yuhangProfilePath)
        let input = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday, requiredAgents: SyntheticWeek.required, availableAgents: nil)
        let options = SolveOptions(timeLimitSeconds: 60, relativeGap: 0.01)
        let a = try TourPlanner(solver: GLPKSolver(), options: options).plan(input)
        let b = try TourPlanner(solver: CBCSolver(), options: options).plan(input)
        #expect(a.solver.objective! >= b.solver.bound! - 1e-6)
        #expect(b.solver.objective! >= a.solver.bound! - 1e-6)
    }
}

/// The synthetic week with a 90-agent morning on Monday (10:00 and 11:00) and 77 seats.
func overSeatsWeek() -> [Int] {
    var required = SyntheticWeek.required
    required[10] = 90
    required[11] = 90
    return required
}

@Suite("acceptance: scale, seats, time limit")
struct ScaleAndLimitTests {
    @Test("20× volume (peak 1,400 agents, 20 × 77 seats): every hour covered, gap ≤ 2%", arguments: ["glpk", "cbc"])
    func twentyTimes(solverName: String) throws {
        let profile = try CenterProfile.load(path: yuhangProfilePath)
        var input = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday,
                                  requiredAgents: SyntheticWeek.required.map { $0 * 20 }, availableAgents: nil)
        input.seats = 20 * 77
        let solver: any MIPSolver = solverName == "cbc" ? CBCSolver() : GLPKSolver()
        let plan = try TourPlanner(solver: solver, options: SolveOptions(timeLimitSeconds: 60, relativeGap: 0.02)).plan(input)
        let cover = independentCoverage(plan.tours)
        #expect(zip(input.requiredAgents, cover).allSatisfy { $0 <= $1 })
        #expect(cover.max()! <= 20 * 77)
        #expect(try #require(plan.solver.gap) <= 0.02)
        #expect(plan.agents >= 2000)
        var lawful = profile
        lawful.seats = 20 * 77
        #expect(labourViolations(plan, profile: lawful) == [])
    }

    @Test("90 agents needed with 77 seats: a plan all the same, the two hours named with the seat limit", arguments: ["glpk", "cbc"])
    func overSeats(solverName: String) throws {
        let profile = try CenterProfile.load(path: yuhangProfilePath)
        let input = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday, requiredAgents: overSeatsWeek(), availableAgents: nil)
        let solver: any MIPSolver = solverName == "cbc" ? CBCSolver() : GLPKSolver()
        let plan = try TourPlanner(solver: solver, options: SolveOptions(timeLimitSeconds: 30, relativeGap: 0.01)).plan(input)
        #expect(plan.shortfalls.map(\.hourOfWeek) == [10, 11])
        for s in plan.shortfalls {
            #expect(s.reason == "requirement 90 exceeds the 77 seats")
            #expect(s.scheduled == 77)
            #expect(s.required == 90)
        }
        #expect(plan.shortAgentHours == 26)
        #expect(labourViolations(plan, profile: profile) == [])
        #expect(try #require(plan.solver.gap) <= 0.01)
    }

    @Test("a time limit too short to prove anything still returns the best plan, with a proven bound and its gap")
    func timeLimitReturnsPlan() throws {
        let profile = try CenterProfile.load(path: yuhangProfilePath)
        let input = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday, requiredAgents: overSeatsWeek(), availableAgents: nil)
        for solver in [GLPKSolver() as any MIPSolver, CBCSolver()] {
            let plan = try TourPlanner(solver: solver, options: SolveOptions(timeLimitSeconds: 0.05, relativeGap: 0)).plan(input)
            let objective = try #require(plan.solver.objective), bound = try #require(plan.solver.bound)
            let gap = try #require(plan.solver.gap)
            #expect(bound <= objective)
            #expect(abs(gap - (objective - bound) / objective) < 1e-9)
            #expect(plan.solver.status == "feasible" || plan.solver.status == "optimal")
            // The plan is lawful and its objective is what the tours and shortages cost.
            #expect(labourViolations(plan, profile: profile) == [])
            #expect(objective == Double(plan.scheduledAgentHours + 100 * plan.shortAgentHours))
            #expect(plan.shortfalls.contains { $0.hourOfWeek == 10 })
        }
    }
}
