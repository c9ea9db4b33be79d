import Foundation
import HotlineCore
import Optimization
import Planning
@testable import Rostering
import TestSupport
import Testing

/// The roster engine's lower bound (`RosterEngine.lowerBound`, column generation) against brute
/// force on tiny hand-made weeks and against the engine's own rosters, all on SYNTHETIC inputs.
@Suite struct WeekLowerBoundTests {
    static let monday = CivilDate(year: 2026, month: 11, day: 30)!
    static let hired = CivilDate(year: 2024, month: 1, day: 1)!

    /// A tiny week: `n` agents, shifts only on the first `days` days (everyone is on leave after),
    /// two shift options (08:00–16:00 and 14:00–22:00), the requirement per (day, hour) given.
    struct Tiny {
        var engine: RosterEngine
        var plan: WeeklyPlan
        var people: [Person]
        var constraints: [String: PersonConstraints]
        var days: Int
    }

    static func tiny(people n: Int, days: Int, contract: Double = 24, leave: [Int: [Int]] = [:],
                     wishes: [Int: [ShiftWish]] = [:], required: (Int, Int) -> Int) throws -> Tiny {
        let text = try String(contentsOfFile: SharedData.project("rosters/profiles/small-12345.toml"), encoding: .utf8)
        let profile = try CenterProfile.parse(text, file: "small-12345.toml")
        let workDays = (0..<7).map { $0 < days }
        let tours = [PlannedTour(tour: Tour(startHour: 8, lengthHours: 8, workDays: workDays), count: 1),
                     PlannedTour(tour: Tour(startHour: 14, lengthHours: 8, workDays: workDays), count: 1)]
        let req = (0..<168).map { h in h / 24 < days ? required(h / 24, h % 24) : 0 }
        let plan = WeeklyPlan(weekStart: monday, tours: tours, required: req, seats: 77,
                              solver: SolverReport(name: "hand-made", status: "optimal", objective: nil, bound: nil, gap: nil, seconds: 0))
        let people = (0..<n).map { Person(id: "A\($0)", name: "话务员\($0)", role: .agent, skills: ["phone"], hiredOn: hired, contractHoursPerWeek: contract) }
        var constraints: [String: PersonConstraints] = [:]
        for (i, p) in people.enumerated() {
            var c = PersonConstraints()
            c.leave = Set((days..<7).map { monday.adding(days: $0) } + (leave[i] ?? []).map { monday.adding(days: $0) })
            c.wishes = wishes[i] ?? []
            constraints[p.id] = c
        }
        let engine = RosterEngine(profile: profile, calendar: .china, iterations: 3_000, groupSolver: nil)
        return Tiny(engine: engine, plan: plan, people: people, constraints: constraints, days: days)
    }

    /// The least objective over every assignment of the tiny week (each person off or on either
    /// option on each of the first days), scored by the engine's own objective.
    static func bruteForce(_ t: Tiny) -> (objective: Double, cells: [[Int]]) {
        let model = t.engine.engineModel(plan: t.plan, people: t.people, constraints: t.constraints)
        let n = model.people.count
        let r = model.roleOf[0]
        let choices = [-1] + Array(model.options[r].indices)
        var rows: [[Int]] = [Array(repeating: -1, count: 7)]
        for d in 0..<t.days {
            rows = rows.flatMap { row in choices.map { o in var x = row; x[d] = o; return x } }
        }
        var best = (objective: Double.infinity, cells: [[Int]]())
        var pick = Array(repeating: 0, count: n)
        while true {
            let cells = pick.map { rows[$0] }
            let v = model.objective(of: cells).total
            if v < best.objective { best = (v, cells) }
            var k = 0
            while k < n { pick[k] += 1; if pick[k] < rows.count { break }; pick[k] = 0; k += 1 }
            if k == n { break }
        }
        return best
    }

    static func bound(_ t: Tiny) throws -> WeekLowerBound {
        try t.engine.lowerBound(plan: t.plan, people: t.people, constraints: t.constraints, timeLimitSeconds: 10)
    }

    @Test("tiny weeks: the bound is at most the brute-force optimum of the same objective")
    func boundBelowBruteForce() throws {
        let cases: [Tiny] = [
            // 3 agents, 3 days: a peak at 14–16 on Monday, two people by day on Tuesday (a late
            // then an early shift breaks the 11-h rest), a short Wednesday.
            try Self.tiny(people: 3, days: 3) { d, h in
                switch d {
                case 0: (8..<22).contains(h) ? ((14..<16).contains(h) ? 2 : 1) : 0
                case 1: (8..<16).contains(h) ? 2 : ((16..<22).contains(h) ? 1 : 0)
                default: (10..<20).contains(h) ? 1 : 0
                }
            },
            // 4 agents, 2 days, one on leave on Tuesday, a wish to be off on Monday: more people than work.
            try Self.tiny(people: 4, days: 2, contract: 16, leave: [1: [1]],
                          wishes: [2: [ShiftWish(kind: .off, date: Self.monday, shiftName: nil, weight: 1)]]) { d, h in
                (8..<22).contains(h) ? (d == 0 && (12..<18).contains(h) ? 3 : 1) : 0
            },
            // 2 agents, 3 days, too little demand for the contracts (contract-hours and lone-day terms).
            try Self.tiny(people: 2, days: 3, contract: 40) { d, h in d == 1 && (9..<15).contains(h) ? 1 : 0 },
        ]
        for (k, t) in cases.enumerated() {
            let brute = Self.bruteForce(t)
            let b = try Self.bound(t)
            #expect(b.converged, "case \(k): \(b.note)")
            #expect(b.lowerBound <= brute.objective + 1e-6, "case \(k): bound \(b.lowerBound) above the optimum \(brute.objective)")
            #expect(b.lowerBound > 0, "case \(k): a bound of 0 proves nothing here (optimum \(brute.objective))")
            #expect(!b.note.contains("WARNING"), "case \(k): \(b.note)")
            #expect(b.lpValue >= b.lowerBound - 1e-6)
        }
    }

    @Test("a tiny week whose LP is integral: the bound equals the brute-force optimum")
    func boundEqualsOptimumWhenIntegral() throws {
        // Each hour needs exactly one of the two shifts' people (two at 14–16), the second agent is
        // on leave on Tuesday: the cheapest week leaves Tuesday's late shift uncovered or breaks a
        // pattern, and no fractional mix is cheaper.
        let t = try Self.tiny(people: 2, days: 2, contract: 16, leave: [1: [1]]) { _, h in
            (8..<22).contains(h) ? ((14..<16).contains(h) ? 2 : 1) : 0
        }
        let brute = Self.bruteForce(t)
        let b = try Self.bound(t)
        #expect(b.converged)
        #expect(brute.objective > 0)
        #expect(abs(b.lowerBound - brute.objective) <= 1e-6 * max(1, brute.objective),
                "bound \(b.lowerBound), LP \(b.lpValue), optimum \(brute.objective)")
    }

    @Test("the bound never exceeds the objective of the engine's rosters (small profile, several seeds)")
    func boundBelowEngineRosters() throws {
        let profile = try EngineRolesAndRulesTests.smallProfile()
        let plan = try EngineRolesAndRulesTests.smallPlan.get()
        let people = EngineRolesAndRulesTests.people(for: plan)
        var constraints: [String: PersonConstraints] = [:]
        var leave = PersonConstraints()
        leave.leave = [Self.monday.adding(days: 2), Self.monday.adding(days: 3)]
        constraints[people[0].id] = leave
        var wish = PersonConstraints()
        wish.wishes = [ShiftWish(kind: .on, date: Self.monday.adding(days: 5), shiftName: "Early", weight: 2)]
        constraints[people[1].id] = wish
        let base = RosterEngine(profile: profile, calendar: .china, iterations: 4_000, groupSolver: nil)
        let bound = try base.lowerBound(plan: plan, people: people, constraints: constraints, timeLimitSeconds: 8)
        #expect(bound.lowerBound > 0, "\(bound.note)")
        #expect(!bound.note.contains("WARNING"), "\(bound.note)")
        for seed: UInt64 in [1, 2, 3] {
            var engine = base
            engine.seed = seed
            let result = engine.build(plan: plan, people: people, constraints: constraints)
            #expect(bound.lowerBound <= result.objective.total + 1e-6,
                    "seed \(seed): bound \(bound.lowerBound) above the engine's \(result.objective.total)")
            #expect(bound.lowerBound <= result.initial.total + 1e-6)
        }
        // The cover-only bound is at most the cover terms of every roster.
        let cover = try base.lowerBound(plan: plan, people: people, constraints: constraints, timeLimitSeconds: 8, coverOnly: true)
        let result = base.build(plan: plan, people: people, constraints: constraints)
        let c = result.objective.components
        let coverTerms = ["underCover", "overCover", "belowMinimumOnSite"].reduce(0) { $0 + (c[$1] ?? 0) }
        #expect(cover.lowerBound <= coverTerms + 1e-6, "cover bound \(cover.lowerBound) above the engine's cover terms \(coverTerms)")
        #expect(cover.coverOnly)
    }
}
