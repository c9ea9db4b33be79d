import HotlineCore
import Optimization
@testable import Planning
import Testing

@Suite("warm start")
struct WarmStartTests {
    @Test("rounding the LP relaxation and repairing it gives a feasible plan within the seats, never below the LP bound",
          arguments: [(77, 0), (77, 74), (60, 0), (10, 0)])
    func feasible(seats: Int, minAgents: Int) throws {
        let input = PlanningInput(weekStart: SyntheticWeek.monday, requiredAgents: overSeatsWeek(), seats: seats, minAgents: minAgents)
        let planner = TourPlanner()
        let f = try planner.formulation(for: input)
        let warm = try #require(try planner.warmStart(f, input, budget: 5))
        #expect(f.model.maxViolation(warm.values) <= 1e-9)
        let lpBound = try #require(warm.lpBound)
        #expect(warm.objective >= lpBound)
        #expect(warm.objective == f.model.objectiveValue(warm.values))
        let n = f.tourVariables.reduce(0.0) { $0 + warm.values[$1.index] }
        #expect(n >= Double(minAgents))
        // Within 25% of the bound on this week (the repair is greedy, not exact).
        #expect(warm.objective <= 1.25 * lpBound)
    }

    @Test("a floor the seats cannot hold gives no warm start (and the plan is an infeasible-rules error)")
    func noWarmStart() throws {
        let input = PlanningInput(weekStart: SyntheticWeek.monday, requiredAgents: Array(repeating: 1, count: 168), seats: 1, minAgents: 10)
        let planner = TourPlanner()
        let f = try planner.formulation(for: input)
        #expect(try planner.warmStart(f, input, budget: 5) == nil)
    }
}

extension TourPlanner.WarmStart: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.values == b.values }
}
