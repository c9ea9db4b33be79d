import Foundation
import HotlineCore
import Optimization
import Planning
@testable import Rostering
import TestSupport
import Testing

/// The one engine's column dive (`RosterEngine.buildWithBound`): the bound's master LP dived to
/// whole weeks and polished by the local search. SYNTHETIC inputs (the small profile's week and
/// the tiny hand-made weeks of `WeekLowerBoundTests`).
@Suite struct ColumnDiveTests {
    @Test("small profile: the dive's roster keeps every hard rule (independent validator), scores at least the bound, and the better roster is kept")
    func smallProfileDive() throws {
        let profile = try EngineRolesAndRulesTests.smallProfile()
        let plan = try EngineRolesAndRulesTests.smallPlan.get()
        let people = EngineRolesAndRulesTests.people(for: plan)
        var constraints: [String: PersonConstraints] = [:]
        var leave = PersonConstraints()
        leave.leave = [WeekLowerBoundTests.monday.adding(days: 2), WeekLowerBoundTests.monday.adding(days: 3)]
        constraints[people[0].id] = leave
        let engine = RosterEngine(profile: profile, calendar: .china, iterations: 4_000, groupSolver: nil)
        let built = try engine.buildWithBound(plan: plan, people: people, constraints: constraints, boundTimeLimitSeconds: 10)
        let bound = try #require(built.bound)
        let dive = try #require(built.dive, "the dive did not run: \(bound.note)")
        #expect(bound.lowerBound <= dive.total + 1e-6, "bound \(bound.lowerBound) above the dive's \(dive.total)")
        #expect(bound.lowerBound <= built.localSearch.total + 1e-6)
        #expect(built.result.objective.total == min(dive.total, built.localSearch.total))
        #expect(built.choice == (dive.total < built.localSearch.total - 1e-9 ? "column dive" : "local search"))
        #expect(built.result.objective.components["hardRules"] == 0)
        let rules = RosterRules(profile: profile)
        let v = RosterValidator.violations(of: built.result.roster.shifts, weekStart: plan.weekStart, rules: rules,
                                           constraints: constraints, people: people, profile: profile)
        #expect(v.isEmpty, "\(v.prefix(5))")
        // Nobody works on approved leave.
        #expect(!built.result.roster.shifts.contains { $0.personId == people[0].id && leave.leave.contains($0.date) })
    }

    @Test("tiny weeks: the kept roster is at least the brute-force optimum and at most the local search's; the dive finds the optimum where the LP is integral")
    func tinyWeeks() throws {
        let integral = try WeekLowerBoundTests.tiny(people: 2, days: 2, contract: 16, leave: [1: [1]]) { _, h in
            (8..<22).contains(h) ? ((14..<16).contains(h) ? 2 : 1) : 0
        }
        let peak = try WeekLowerBoundTests.tiny(people: 3, days: 3) { d, h in
            switch d {
            case 0: (8..<22).contains(h) ? ((14..<16).contains(h) ? 2 : 1) : 0
            case 1: (8..<16).contains(h) ? 2 : ((16..<22).contains(h) ? 1 : 0)
            default: (10..<20).contains(h) ? 1 : 0
            }
        }
        for (k, t) in [integral, peak].enumerated() {
            let brute = WeekLowerBoundTests.bruteForce(t)
            let built = try t.engine.buildWithBound(plan: t.plan, people: t.people, constraints: t.constraints, boundTimeLimitSeconds: 10)
            let kept = built.result.objective.total
            #expect(kept >= brute.objective - 1e-6, "case \(k): \(kept) below the optimum \(brute.objective)")
            #expect(kept <= built.localSearch.total + 1e-9, "case \(k)")
            #expect(built.bound.map { $0.lowerBound <= brute.objective + 1e-6 } ?? false, "case \(k)")
            if k == 0 { #expect(abs(kept - brute.objective) <= 1e-6, "integral case: kept \(kept), optimum \(brute.objective)") }
        }
    }
}
