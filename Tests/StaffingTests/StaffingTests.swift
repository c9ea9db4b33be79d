import Foundation
import HotlineCore
import Testing
@testable import Staffing

@Suite("Staffing")
struct StaffingTests {
    let goal = ServiceGoal(target: 0.8, withinSeconds: 20, maxOccupancy: 0.85, shrinkage: 0.3)

    @Test("Acceptance: 100 calls / 30 min, AHT 180 s, 80/20, shrinkage 30%, occupancy ≤ 85% → 14 agents, 20 scheduled")
    func acceptance() throws {
        let f = try Staffing.required(calls: 100, intervalSeconds: 1800, ahtSeconds: 180, goal: goal)
        #expect(f.agents == 14)
        #expect(f.scheduled == 20)
        #expect(abs(f.serviceLevel - 0.8883500191794669) < 1e-9)
        #expect(abs(f.occupancy - 0.7142857142857143) < 1e-9)
        #expect(abs(f.waitProbability - 0.1741319335950498) < 1e-9)
        #expect(abs(f.averageSpeedOfAnswer - 0.1741319335950498 * 180 / 4) < 1e-9)
        #expect(f.abandonment == nil)
    }

    @Test("360 calls / 30 min, AHT 240 s, 80/20 → 54 agents")
    func fiftyFour() throws {
        let f = try Staffing.required(calls: 360, intervalSeconds: 1800, ahtSeconds: 240,
                                      goal: ServiceGoal(target: 0.8, withinSeconds: 20))
        #expect(f.agents == 54)
        #expect(f.scheduled == 54)
    }

    @Test("The required N is the smallest meeting the goal: N − 1 fails it")
    func minimality() throws {
        let goals = [
            ServiceGoal(target: 0.8, withinSeconds: 20),
            ServiceGoal(target: 0.9, withinSeconds: 15, shrinkage: 0.25),
            ServiceGoal(target: 0.95, withinSeconds: 30, maxOccupancy: 0.9),
        ]
        for g in goals {
            for calls in [1.0, 7, 40, 100, 360, 1_234, 5_000] {
                for aht in [60.0, 180, 240, 420] {
                    let f = try Staffing.required(calls: calls, intervalSeconds: 1800, ahtSeconds: aht, goal: g)
                    #expect(f.serviceLevel >= g.target)
                    if let cap = g.maxOccupancy { #expect(f.occupancy <= cap + 1e-12) }
                    let e = ErlangC(calls: calls, intervalSeconds: 1800, ahtSeconds: aht)
                    let fewer = f.agents - 1
                    let slFewer = e.serviceLevel(agents: fewer, withinSeconds: g.withinSeconds)
                    let failsSL = slFewer.map { $0 < g.target } ?? true
                    let failsCap = g.maxOccupancy.map { e.occupancy(agents: fewer) > $0 || fewer == 0 } ?? false
                    #expect(failsSL || failsCap, "N−1 = \(fewer) also meets \(g) for \(calls) calls, AHT \(aht)")
                }
            }
        }
    }

    @Test("No calls → 0 agents and 0 scheduled")
    func noCalls() throws {
        let f = try Staffing.required(calls: 0, intervalSeconds: 1800, ahtSeconds: 180, goal: goal)
        #expect(f.agents == 0)
        #expect(f.scheduled == 0)
        #expect(f.serviceLevel == 1)
        #expect(f.occupancy == 0)
    }

    @Test("Figures for a given N; N ≤ A throws unstable with a message")
    func figuresForAgents() throws {
        let f = try Staffing.figures(agents: 14, calls: 100, intervalSeconds: 1800, ahtSeconds: 180, goal: goal)
        #expect(abs(f.serviceLevel - 0.8883500191794669) < 1e-9)
        #expect(f.scheduled == 20)
        #expect(throws: StaffingError.unstable(agents: 10, offeredLoad: 10)) {
            try Staffing.figures(agents: 10, calls: 100, intervalSeconds: 1800, ahtSeconds: 180, goal: goal)
        }
        do {
            _ = try Staffing.figures(agents: 8, calls: 100, intervalSeconds: 1800, ahtSeconds: 180, goal: goal)
            Issue.record("expected an error")
        } catch let error as StaffingError {
            #expect(error.description.contains("no steady state"))
            #expect(error.description.contains("more than 10 agents"))
        }
    }

    @Test("Bad input throws typed errors that name the parameter", arguments: [
        (-1.0, 1800.0, 180.0, 0.8, "calls"),
        (100, 1800, 0, 0.8, "ahtSeconds"),
        (100, 1800, -5, 0.8, "ahtSeconds"),
        (100, 0, 180, 0.8, "intervalSeconds"),
        (100, 1800, 180, 0, "target"),
        (100, 1800, 180, 1, "target"),
        (100, 1800, 180, 80, "target"),
        (Double.nan, 1800, 180, 0.8, "calls"),
    ])
    func badInput(calls: Double, interval: Double, aht: Double, target: Double, parameter: String) {
        do {
            _ = try Staffing.required(calls: calls, intervalSeconds: interval, ahtSeconds: aht,
                                      goal: ServiceGoal(target: target, withinSeconds: 20))
            Issue.record("expected an error for \(parameter)")
        } catch let error as StaffingError {
            guard case let .invalid(p, _, expected) = error else { Issue.record("wrong case \(error)"); return }
            #expect(p == parameter)
            #expect(!expected.isEmpty)
            #expect(error.description.hasPrefix(parameter))
        } catch {
            Issue.record("untyped error \(error)")
        }
    }

    @Test("An absurd offered load (wrong units) is refused instead of searching forever")
    func hugeLoad() {
        #expect(throws: StaffingError.self) {
            try Staffing.required(calls: 1e12, intervalSeconds: 1800, ahtSeconds: 180, goal: goal)
        }
    }

    @Test("Bad shrinkage and occupancy cap are refused")
    func badGoal() {
        #expect(throws: StaffingError.self) {
            try Staffing.required(calls: 10, intervalSeconds: 1800, ahtSeconds: 180,
                                  goal: ServiceGoal(target: 0.8, withinSeconds: 20, shrinkage: 1))
        }
        #expect(throws: StaffingError.self) {
            try Staffing.required(calls: 10, intervalSeconds: 1800, ahtSeconds: 180,
                                  goal: ServiceGoal(target: 0.8, withinSeconds: 20, maxOccupancy: 0))
        }
    }

    @Test("Scheduled people after shrinkage round up, but not on rounding noise")
    func scheduledRounding() {
        #expect(Staffing.scheduled(agents: 14, shrinkage: 0.3) == 20)
        #expect(Staffing.scheduled(agents: 15, shrinkage: 0.3) == 22)
        #expect(Staffing.scheduled(agents: 7, shrinkage: 0.3) == 10)
        #expect(Staffing.scheduled(agents: 0, shrinkage: 0.3) == 0)
        #expect(Staffing.scheduled(agents: 54, shrinkage: 0) == 54)
    }

    @Test("Requirements: one row per interval, agents = scheduled people")
    func requirements() throws {
        let day = try #require(CivilDate(year: 2026, month: 12, day: 7))
        let starts = (0..<3).map { LocalDateTime(date: day, hour: 8).adding(minutes: 30 * $0) }
        let rows = try Staffing.requirements(starts: starts, calls: [100, 0, 360], ahtSeconds: [180, 180, 240],
                                             intervalMinutes: 30, goal: goal)
        #expect(rows.map(\.agents) == [20, 0,
                                      try Staffing.required(calls: 360, intervalSeconds: 1800, ahtSeconds: 240, goal: goal).scheduled])
        #expect(rows.map(\.start) == starts)
        #expect(rows.map(\.calls) == [100, 0, 360])
        #expect(throws: StaffingError.self) {
            try Staffing.requirements(starts: starts, calls: [1, 2], ahtSeconds: [180, 180, 180], intervalMinutes: 30, goal: goal)
        }
        do {
            _ = try Staffing.requirements(starts: starts, calls: [1, -2, 3], ahtSeconds: [180, 180, 180],
                                          intervalMinutes: 30, goal: goal)
            Issue.record("expected an error")
        } catch let error as StaffingError {
            #expect(error.description.contains("2026-12-07T08:30"))
            #expect(error.description.contains("calls"))
        }
    }

    @Test("Figures encode with the JSON keys of DESIGN.md")
    func jsonKeys() throws {
        let f = try Staffing.required(calls: 100, intervalSeconds: 1800, ahtSeconds: 180, goal: goal)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(f)) as? [String: Any])
        #expect(Set(object.keys) == ["agents", "scheduled", "serviceLevel", "waitProbability", "averageSpeedOfAnswer", "occupancy"])
    }
}
