import Foundation
import HotlineCore
import Optimization
import Planning
import TestSupport
import Testing

/// The labour and contract rules of a profile, checked on a plan without the planner's code:
/// every tour's (agents' and planned roles') shift length, start hour, days off, weekly hours,
/// rest between shifts; the seats in every hour (agents only, coverage recomputed by
/// `independentCoverage`); the planned roles' on-site and daily-hours minimums from the profile's
/// keys; the headcount minimums by role and in total. Returns the broken rules in words (empty
/// when the plan is lawful).
func labourViolations(_ plan: WeeklyPlan, profile: CenterProfile) -> [String] {
    var problems: [String] = []
    for p in plan.tours + plan.roles.flatMap(\.tours) {
        problems += tourViolations(p, profile: profile)
    }
    let cover = independentCoverage(plan.tours)
    for h in 0..<168 where cover[h] > profile.seats { problems.append("hour \(h): \(cover[h]) agents on \(profile.seats) seats") }
    let agents = plan.tours.reduce(0) { $0 + $1.count }
    if agents < profile.staff.minimum(for: .agent) { problems.append("\(agents) agents, below the role minimum") }
    var staff = agents
    var byRole: [Role: Int] = [.agent: agents]
    let plannedRoles = Set(plan.roles.map(\.role))
    if let n = profile.staff.supervisorsOnSite {
        guard let r = plan.roles.first(where: { $0.role == .supervisor }) else { return problems + ["supervisors not planned"] }
        let onSite = independentCoverage(r.tours)
        for h in 0..<168 where onSite[h] < n { problems.append("hour \(h): \(onSite[h]) supervisors on site, fewer than \(n)") }
    }
    if profile.staff.plansBackoffice {
        guard let r = plan.roles.first(where: { $0.role == .backoffice }) else { return problems + ["back office not planned"] }
        let onSite = independentCoverage(r.tours)
        let from = profile.staff.backofficeOnSiteFrom ?? 0, to = profile.staff.backofficeOnSiteTo ?? 24
        for h in 0..<168 where (from..<to).contains(h % 24) && onSite[h] < (profile.staff.backofficeOnSite ?? 0) {
            problems.append("hour \(h): \(onSite[h]) ticket handlers on site")
        }
        let need = profile.staff.backofficeHoursPerDay.map { $0.count == 1 ? Array(repeating: $0[0], count: 7) : $0 } ?? Array(repeating: 0, count: 7)
        for d in 0..<7 {
            let worked = (0..<24).reduce(0) { $0 + onSite[d * 24 + $1] }
            if Double(worked) < need[d] { problems.append("day \(d): \(worked) back-office hours, fewer than \(need[d])") }
        }
    }
    for r in plan.roles {
        let n = r.tours.reduce(0) { $0 + $1.count }
        byRole[r.role] = n
        staff += n
    }
    for role in Role.allCases where role != .agent && !plannedRoles.contains(role) {
        byRole[role] = profile.staff.minimum(for: role)
        staff += profile.staff.minimum(for: role)
    }
    for role in Role.allCases where (byRole[role] ?? 0) < profile.staff.minimum(for: role) {
        problems.append("\(byRole[role] ?? 0) \(role.rawValue), below the role minimum \(profile.staff.minimum(for: role))")
    }
    if staff < profile.staff.minTotal { problems.append("\(staff) staff, below the minimum \(profile.staff.minTotal)") }
    if plan.staff != staff { problems.append("the plan says \(plan.staff) staff, counted \(staff)") }
    return problems
}

/// The rules of one tour (length, start, days off, weekly hours, rest between shifts).
func tourViolations(_ p: PlannedTour, profile: CenterProfile) -> [String] {
    var problems: [String] = []
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
    return problems
}

/// The pay of a plan's tours recomputed hour by hour from the calendar and the profile's `[pay]`
/// (not through `PayRates`): 300% on statutory holidays, 200% on calendar rest days, else 100%.
func independentCost(_ plan: WeeklyPlan, profile: CenterProfile, calendar: HolidayCalendar = .china, timeOffInLieu: Bool = false) -> Double {
    var total = 0.0
    for p in plan.tours + plan.roles.flatMap(\.tours) {
        for day in 0..<7 where p.tour.workDays[day] {
            for k in 0..<p.tour.lengthHours {
                let date = plan.weekStart.adding(days: ((day * 24 + p.tour.startHour + k) % 168) / 24)
                let rate: Double = switch calendar.kind(on: date) {
                case .holiday: profile.pay.holiday
                case .rest: timeOffInLieu ? 1 : profile.pay.restDay
                default: 1
                }
                total += Double(p.count) * rate * profile.pay.hourlyWage
            }
        }
    }
    return total
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
        #expect(plan.staff >= 91)
        #expect(labourViolations(plan, profile: profile) == [])
        // Roles in the model: supervisors (one on site every hour) and the back office.
        #expect(Set(plan.roles.map(\.role)) == [.supervisor, .backoffice])
        #expect(plan.staffByRole["manager"] == 1 && plan.staffByRole["qa"] == 2)
        #expect(plan.staffByRole.values.reduce(0, +) == plan.staff)

        let objective = try #require(plan.solver.objective), bound = try #require(plan.solver.bound)
        let gap = try #require(plan.solver.gap)
        #expect(bound <= objective)
        #expect(gap <= 0.01)
        #expect(abs(gap - (objective - bound) / objective) < 1e-9)
        // The objective is the pay of everyone planned (nothing short), recomputed independently.
        #expect(plan.objective == .cost)
        let cost = independentCost(plan, profile: profile)
        #expect(abs(objective - cost) <= 1e-9 * cost)
        #expect(plan.cost.map { abs($0 - cost) <= 1e-9 * cost } == true)
        // A bound that needs no solver: every agent works 40 h at 32 CNY, and at least the floor of agents.
        #expect(objective >= 32 * Double(max(plan.requiredAgentHours, 40 * input.minAgents)))
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
            #expect(abs(objective - (independentCost(plan, profile: profile) + 32 * 100 * Double(plan.shortAgentHours))) < 1e-6)
            #expect(plan.shortfalls.contains { $0.hourOfWeek == 10 })
        }
    }
}
