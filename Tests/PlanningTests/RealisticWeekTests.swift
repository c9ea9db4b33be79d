import HotlineCore
import Optimization
import Planning
import Testing

@Suite("realistic week")
struct RealisticWeekTests {
    @Test("synthetic 12345-shaped week, 77 seats: gap ≤ 1%, coverage checked independently of the model")
    func realisticWeek() throws {
        let required = SyntheticWeek.required
        #expect((60...70).contains(required.max()!))
        let input = PlanningInput(weekStart: SyntheticWeek.monday, requiredAgents: required, seats: 77)
        let planner = TourPlanner(options: SolveOptions(timeLimitSeconds: 60, relativeGap: 0.01))
        let plan = try planner.plan(input)

        #expect(plan.solver.status == "optimal" || plan.solver.status == "feasible")
        let gap = try #require(plan.solver.gap)
        #expect(gap <= 0.01)
        let objective = try #require(plan.solver.objective), bound = try #require(plan.solver.bound)
        #expect(bound <= objective)

        // Independent check: coverage from the tours, the rules of every tour, the objective.
        let cover = independentCoverage(plan.tours)
        #expect(cover == plan.scheduled)
        #expect(cover.allSatisfy { $0 <= 77 })
        let short = zip(required, cover).reduce(0) { $0 + max(0, $1.0 - $1.1) }
        #expect(short == plan.shortAgentHours)
        #expect(short == 0)   // the peak (70) fits the 77 seats, so nothing is short
        let hours = plan.tours.reduce(0) { $0 + $1.count * $1.tour.lengthHours * $1.tour.workDays.filter { $0 }.count }
        #expect(hours == plan.scheduledAgentHours)
        #expect(Double(hours + 100 * short) == objective)
        for planned in plan.tours {
            let off = (0..<7).filter { !planned.tour.workDays[$0] }
            #expect(off.count == 2)
            #expect((off[1] - off[0] == 1) || (off == [0, 6]))   // consecutive, Sunday + Monday wraps
            #expect(planned.tour.lengthHours == 8)
            #expect(planned.count > 0)
        }
        // A lower bound from the requirement alone: every agent works 40 hours.
        #expect(plan.agents * 40 >= plan.requiredAgentHours)
        #expect(plan.agents == plan.tours.reduce(0) { $0 + $1.count })
    }
}
