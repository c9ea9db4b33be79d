import Foundation
import HotlineCore
import Optimization
import Planning
import Testing

/// Coverage recomputed from the tours without `Tour.isOnShift`: walk each working day's shift hour by hour.
func independentCoverage(_ tours: [PlannedTour]) -> [Int] {
    var cover = Array(repeating: 0, count: 168)
    for planned in tours {
        for day in 0..<7 where planned.tour.workDays[day] {
            for k in 0..<planned.tour.lengthHours {
                cover[(day * 24 + planned.tour.startHour + k) % 168] += planned.count
            }
        }
    }
    return cover
}

let monday = CivilDate(year: 2026, month: 12, day: 7)!

@Suite("tour planner")
struct TourPlannerTests {
    let planner = TourPlanner(options: SolveOptions(timeLimitSeconds: 30))

    @Test("constant requirement 3, shifts at 0/8/16, 2 consecutive days off: exactly 15 agents (5 per shift), 600 agent-hours")
    func constantRequirement() throws {
        // Per shift slot each day needs 3 people; a person works 5 of 7 days, so ⌈3·7/5⌉ = 5 per slot.
        let input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 3, count: 168), seats: 77,
                                  startHours: [0, 8, 16])
        let plan = try planner.plan(input)
        #expect(plan.solver.status == "optimal")
        #expect(plan.agents == 15)
        #expect(plan.solver.objective == 600)
        #expect(plan.scheduledAgentHours == 600)
        #expect(plan.requiredAgentHours == 504)
        #expect(plan.shortAgentHours == 0)
        #expect(plan.shortfalls.isEmpty)
        #expect(independentCoverage(plan.tours) == plan.scheduled)
        #expect(plan.scheduled.allSatisfy { $0 >= 3 })
    }

    @Test("no days off: constant requirement 3 needs exactly 9 agents (3 per shift), 504 agent-hours")
    func noDaysOff() throws {
        let input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 3, count: 168), seats: 77,
                                  startHours: [0, 8, 16], daysOffPerWeek: 0)
        let plan = try planner.plan(input)
        #expect(plan.agents == 9)
        #expect(plan.scheduled == Array(repeating: 3, count: 168))
        #expect(plan.solver.gap == 0)
    }

    @Test("wrap-around: one Sunday 22:00 8-hour shift covers Sunday 22–24 and Monday 00–06 of the cyclic week")
    func wrapAround() throws {
        var required = Array(repeating: 0, count: 168)
        for h in [166, 167, 0, 1, 2, 3, 4, 5] { required[h] = 1 }
        let input = PlanningInput(weekStart: monday, requiredAgents: required, seats: 5, startHours: [22],
                                  daysOffPerWeek: 6)
        let plan = try planner.plan(input)
        let sunday = Tour(startHour: 22, lengthHours: 8, workDays: [false, false, false, false, false, false, true])
        #expect(plan.tours == [PlannedTour(tour: sunday, count: 1)])
        #expect(plan.scheduledAgentHours == 8)
        #expect(plan.shortfalls.isEmpty)
        #expect(independentCoverage(plan.tours) == required)
    }

    @Test("seats are never exceeded; hours needing more than the seats are reported with the seats reason")
    func seatsBind() throws {
        var required = Array(repeating: 4, count: 168)
        for day in 0..<5 { for hour in 9..<17 { required[day * 24 + hour] = 12 } }
        let input = PlanningInput(weekStart: monday, requiredAgents: required, seats: 10)
        let plan = try planner.plan(input)
        let cover = independentCoverage(plan.tours)
        #expect(cover == plan.scheduled)
        #expect(cover.allSatisfy { $0 <= 10 })
        #expect(plan.maxConcurrentAgents <= 10)
        let peakHours = required.indices.filter { required[$0] == 12 }
        #expect(plan.shortfalls.map(\.hourOfWeek) == peakHours)
        for s in plan.shortfalls {
            #expect(s.reason == "requirement 12 exceeds the 10 seats")
            #expect(s.scheduled == 10)
            #expect(s.start == LocalDateTime(date: monday, hour: 0).adding(hours: s.hourOfWeek))
        }
        #expect(plan.shortAgentHours == 2 * peakHours.count)
    }

    @Test("the headcount floor is respected even when the requirement needs fewer agents")
    func minimumHeadcount() throws {
        let input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 1, count: 168), seats: 77, minAgents: 20)
        let plan = try planner.plan(input)
        #expect(plan.agents >= 20)
        #expect(plan.tours.reduce(0) { $0 + $1.count } == plan.agents)
        #expect(plan.shortAgentHours == 0)
    }

    @Test("too few available agents: shortfalls say the available agents cannot cover it")
    func availableAgentsBind() throws {
        let input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 3, count: 168), seats: 77, maxAgents: 4)
        let plan = try planner.plan(input)
        #expect(plan.agents <= 4)
        #expect(!plan.shortfalls.isEmpty)
        #expect(plan.shortfalls.allSatisfy { $0.reason == "the 4 available agents cannot cover it" })
        #expect(plan.shortAgentHours == zip(plan.required, independentCoverage(plan.tours)).reduce(0) { $0 + max(0, $1.0 - $1.1) })
    }

    @Test("an hour no allowed shift reaches is reported as a shift-rules shortfall")
    func shiftRulesBind() throws {
        var required = Array(repeating: 0, count: 168)
        required[2] = 1        // Monday 02:00
        required[9] = 1        // Monday 09:00
        let input = PlanningInput(weekStart: monday, requiredAgents: required, seats: 5, startHours: [8])
        let plan = try planner.plan(input)
        #expect(plan.shortfalls.count == 1)
        #expect(plan.shortfalls.first?.hourOfWeek == 2)
        #expect(plan.shortfalls.first?.reason.hasPrefix("shift rules") == true)
        #expect(plan.shortfalls.first?.start.description == "2026-12-07T02:00")
    }

    @Test("seats full in the hours every covering shift spans: the shortfall names the seats and a full hour")
    func seatsBlockNeighbours() throws {
        // Monday 08–15 needs all 10 seats; Monday 16:00 needs 1, but with starts at 08 and 12 only,
        // a shift covering 16:00 starts at 12 and spans the full 12–15.
        var required = Array(repeating: 0, count: 168)
        for h in 8..<16 { required[h] = 10 }
        required[16] = 1
        let input = PlanningInput(weekStart: monday, requiredAgents: required, seats: 10, startHours: [8, 12])
        let plan = try planner.plan(input)
        #expect(plan.scheduled[8..<16].allSatisfy { $0 == 10 })
        #expect(plan.shortfalls.map(\.hourOfWeek) == [16])
        #expect(plan.shortfalls.first?.reason == "every shift that covers it also spans an hour where all 10 seats are taken (e.g. 2026-12-07T15:00)")
    }

    @Test("a headcount floor that cannot fit the seats is an infeasible-rules error saying so")
    func infeasibleFloor() {
        // 10 agents × 40 h = 400 agent-hours, but 1 seat gives at most 168 in a week.
        let input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 1, count: 168), seats: 1, minAgents: 10)
        #expect(throws: PlanningError.infeasible("the headcount floor of 10 agents cannot be on their tours without more agents on shift than the 1 seat in some hour")) {
            try planner.plan(input)
        }
    }

    @Test("invalid input throws a PlanningError naming the field")
    func validation() {
        func field(_ input: PlanningInput) -> String? {
            do { _ = try planner.model(for: input); return nil } catch let PlanningError.invalidInput(field, _) { return field } catch { return "other: \(error)" }
        }
        let ok = Array(repeating: 1, count: 168)
        #expect(field(PlanningInput(weekStart: monday, requiredAgents: ok, seats: 10)) == nil)
        #expect(field(PlanningInput(weekStart: monday, requiredAgents: Array(ok.dropLast()), seats: 10)) == "requiredAgents")
        #expect(field(PlanningInput(weekStart: monday, requiredAgents: [-1] + ok.dropLast(), seats: 10)) == "requiredAgents")
        #expect(field(PlanningInput(weekStart: monday, requiredAgents: ok, seats: 0)) == "seats")
        #expect(field(PlanningInput(weekStart: monday, requiredAgents: ok, seats: 10, shiftLengths: [])) == "shiftLengths")
        #expect(field(PlanningInput(weekStart: monday, requiredAgents: ok, seats: 10, startHours: [])) == "startHours")
        #expect(field(PlanningInput(weekStart: monday, requiredAgents: ok, seats: 10, startHours: [24])) == "startHours")
        #expect(field(PlanningInput(weekStart: monday.adding(days: 1), requiredAgents: ok, seats: 10)) == "weekStart")
        #expect(field(PlanningInput(weekStart: monday, requiredAgents: ok, seats: 10, minAgents: 5, maxAgents: 4)) == "maxAgents")
        #expect(field(PlanningInput(weekStart: monday, requiredAgents: ok, seats: 10, shortagePenaltyPerAgentHour: 0)) == "shortagePenaltyPerAgentHour")
    }

    @Test("labour limits: tours above the daily or weekly hours are not offered; none left is an input error")
    func labourLimits() throws {
        var input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 1, count: 168), seats: 10,
                                  shiftLengths: [8, 9, 10], startHours: [8])
        input.maxHoursPerWeek = 40
        input.maxHoursPerDay = 9
        #expect(Set(input.allowedTours.map(\.lengthHours)) == [8])   // 9 h × 5 days = 45 > 40; 10 > 9 a day
        input.daysOffPerWeek = 3
        #expect(Set(input.allowedTours.map(\.lengthHours)) == [8, 9]) // 4 days: 36 h
        #expect(input.allowedTours.allSatisfy { $0.weeklyHours <= 40 && $0.lengthHours <= 9 })
        input.shiftLengths = [10]
        #expect(throws: PlanningError.self) { try input.validate() }
    }

    @Test("days-off patterns: 7 consecutive pairs (Sun+Mon included), 21 free pairs")
    func dayPatterns() {
        let consecutive = Tour.dayPatterns(daysOff: 2, consecutive: true)
        #expect(consecutive.count == 7)
        #expect(consecutive.contains([false, true, true, true, true, true, false]))   // Sunday + Monday off
        #expect(consecutive.allSatisfy { $0.filter { !$0 }.count == 2 })
        #expect(Tour.dayPatterns(daysOff: 2, consecutive: false).count == 21)
        #expect(Set(Tour.dayPatterns(daysOff: 2, consecutive: false)).count == 21)
    }

    @Test("the model: one integer variable per tour, 168 shortages, cover and seat rows, exportable")
    func modelShape() throws {
        let input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 2, count: 168), seats: 30)
        let model = try planner.model(for: input)
        // 24 starts × 1 length × 7 patterns = 168 tours, 168 shortages, the headcount N.
        #expect(model.variableCount == 168 + 168 + 1)
        // Cover and seat rows, the headcount row, and 24 aggregated cover cuts (R_k = 14 agent-hours
        // over the 7 days of each hour of the day, not a multiple of 5: ≥ 3 tours through it).
        #expect(model.constraintCount == 168 + 168 + 1 + 24)
        let cut = try #require(model.constraints.first { $0.name == "cover_cut_k9" })
        #expect(cut.lower == 3)
        #expect(cut.terms.count == 8 * 7 + 7)   // the tours through 09:00 (8 starts × 7 patterns) and the 7 shortages
        let text = model.lpFormat()
        #expect(text.contains(" cover_h0:"))
        #expect(text.contains(" seats_h167:"))
        #expect(text.contains("General"))
    }

    @Test("plan JSON carries the solver keys, null when absent")
    func json() throws {
        let input = PlanningInput(weekStart: monday, requiredAgents: Array(repeating: 1, count: 168), seats: 5, startHours: [0, 8, 16])
        var plan = try planner.plan(input)
        plan.solver.bound = nil
        let data = try JSONEncoder().encode(plan)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let solver = try #require(object["solver"] as? [String: Any])
        #expect(Set(solver.keys) == ["name", "status", "objective", "bound", "gap", "seconds", "nodes"])
        #expect(solver["bound"] is NSNull)
        #expect(object["weekStart"] as? String == "2026-12-07")
        for key in ["tours", "scheduled", "required", "agents", "seats", "requiredAgentHours", "scheduledAgentHours",
                    "shortAgentHours", "maxConcurrentAgents", "shortfalls"] {
            #expect(object[key] != nil, "missing \(key)")
        }
    }
}
