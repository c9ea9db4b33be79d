import Foundation
import HotlineCore
import Testing
@testable import Staffing

@Suite("Queue models: Erlang A figures, goals, minimum agents")
struct QueueModelTests {
    /// Stationary distribution of the M/M/N+M chain by direct products (small loads only).
    func chain(load a: Double, agents n: Int, gamma: Double, states: Int = 3000) -> [Double] {
        var p = [1.0]
        for k in 1..<states {
            let death = k <= n ? Double(k) : Double(n) + Double(k - n) * gamma
            p.append(p[k - 1] * a / death)
        }
        let total = p.reduce(0, +)
        return p.map { $0 / total }
    }

    /// Service level by uniformization of the tagged caller's chain (j callers ahead): an
    /// independent check of the incomplete-gamma formula. Time in handle times.
    func serviceLevelByUniformization(load a: Double, agents n: Int, gamma: Double, t: Double) -> Double {
        let p = chain(load: a, agents: n, gamma: gamma)
        let maxAhead = 150
        let rate = Double(n) + Double(maxAhead) * gamma + gamma
        var v = [Double](repeating: 0, count: maxAhead + 1)   // P(served within k jumps | j)
        var result = [Double](repeating: 0, count: maxAhead + 1)
        let mean = rate * t
        var poisson = exp(-mean)
        var k = 0
        var cumulative = 0.0
        while cumulative < 1 - 1e-15 && k < 100_000 {
            for j in 0...maxAhead { result[j] += poisson * v[j] }
            cumulative += poisson
            var next = v
            for j in 0...maxAhead {
                let advance = (Double(n) + Double(j) * gamma) / rate
                let stay = 1 - advance - gamma / rate
                next[j] = advance * (j == 0 ? 1 : v[j - 1]) + stay * v[j]
            }
            v = next
            k += 1
            poisson *= mean / Double(k)
        }
        var sl = 0.0
        for (state, prob) in p.enumerated() {
            if state < n { sl += prob } else if state - n <= maxAhead { sl += prob * result[state - n] }
        }
        return sl
    }

    /// ASA of answered calls by first-step analysis of the tagged caller's chain.
    func asaByFirstStep(load a: Double, agents n: Int, gamma: Double) -> Double {
        let p = chain(load: a, agents: n, gamma: gamma)
        var served = 0.0, waitServed = 0.0
        var ps = 1.0, m = 0.0   // P(served | j−1), E[V; served | j−1]
        for (state, prob) in p.enumerated() {
            if state < n { served += prob; continue }
            let r = Double(n) + Double(state - n) * gamma
            let newPs = r / (r + gamma) * ps
            m = newPs / (r + gamma) + r / (r + gamma) * m
            ps = newPs
            served += prob * ps
            waitServed += prob * m
        }
        return waitServed / served
    }

    @Test("Erlang A service level and ASA match the tagged caller's chain (synthetic small queues)",
          arguments: [(10.0, 5, 0.6, 20.0 / 180), (10.0, 10, 0.6, 20.0 / 180), (10.0, 14, 0.6, 20.0 / 180),
                      (4.0, 3, 2.0, 0.5), (20.0, 18, 0.25, 0.1), (10.0, 12, 3.0, 0.05)])
    func erlangAAgainstChain(load: Double, agents: Int, gamma: Double, t: Double) throws {
        let aht = 180.0
        let w = Workload(calls: load, intervalSeconds: aht, ahtSeconds: aht, patienceSeconds: aht / gamma)
        let f = try w.figures(agents: agents, withinSeconds: t * aht)
        let sl = serviceLevelByUniformization(load: load, agents: agents, gamma: gamma, t: t)
        #expect(abs(f.serviceLevel - sl) < 1e-9, "SL \(f.serviceLevel) vs \(sl)")
        let asa = asaByFirstStep(load: load, agents: agents, gamma: gamma) * aht
        #expect(abs(f.averageSpeedOfAnswer - asa) <= 1e-9 * max(1, asa), "ASA \(f.averageSpeedOfAnswer) vs \(asa)")
        #expect(abs(f.answerRate + f.abandonment - 1) < 1e-12)
        // Flow balance: abandonment = γ·E[queue]/A.
        #expect(abs(f.abandonment - gamma * f.meanQueue / load) < 1e-12)
    }

    @Test("Very patient callers: Erlang A tends to Erlang C (service level, ASA, wait)")
    func patientLimit() throws {
        let c = try Workload(calls: 100, intervalSeconds: 1800, ahtSeconds: 180).figures(agents: 14, withinSeconds: 20)
        let a = try Workload(calls: 100, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 1e8).figures(agents: 14, withinSeconds: 20)
        #expect(abs(a.serviceLevel - c.serviceLevel) < 1e-5)
        #expect(abs(a.averageSpeedOfAnswer - c.averageSpeedOfAnswer) < 1e-3)
        #expect(abs(a.waitProbability - c.waitProbability) < 1e-5)
        #expect(abs(c.serviceLevel - 0.8883500191794669) < 1e-9)
    }

    @Test("Erlang C with N ≤ A throws unstable; Erlang A has figures there")
    func unstable() throws {
        let c = Workload(calls: 100, intervalSeconds: 1800, ahtSeconds: 180)
        for n in [0, 3, 10] {
            #expect(throws: StaffingError.unstable(agents: n, offeredLoad: 10)) { try c.figures(agents: n, withinSeconds: 20) }
        }
        let a = Workload(calls: 100, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 120)
        let f = try a.figures(agents: 8, withinSeconds: 20)
        #expect(f.abandonment > 0.1 && f.abandonment < 1 && f.occupancy <= 1)
    }

    @Test("Monotone in N: service level rises, waiting, ASA and abandonment fall (synthetic grid)")
    func monotone() throws {
        for (calls, aht, patience) in [(100.0, 180.0, 300.0), (360, 240, 120), (3_000, 300, 60), (5, 600, 900)] {
            for model in QueueModel.allCases {
                let w = Workload(calls: calls, intervalSeconds: 1800, ahtSeconds: aht, patienceSeconds: patience, model: model)
                let first = model == .erlangC ? Int(w.offeredLoad) + 1 : 0
                var previous: QueueFigures?
                for n in first...(first + Int(w.offeredLoad.squareRoot() * 4) + 10) {
                    let f = try w.figures(agents: n, withinSeconds: 20)
                    for v in [f.serviceLevel, f.waitProbability, f.abandonment, f.occupancy, f.answerRate] { #expect(v >= 0 && v <= 1) }
                    if let p = previous {
                        #expect(f.serviceLevel >= p.serviceLevel - 1e-12, "\(model) SL fell at N=\(n), calls \(calls)")
                        #expect(f.waitProbability <= p.waitProbability + 1e-12, "\(model) wait rose at N=\(n)")
                        #expect(f.abandonment <= p.abandonment + 1e-12, "\(model) abandonment rose at N=\(n)")
                        if n > 1 { #expect(f.averageSpeedOfAnswer <= p.averageSpeedOfAnswer + 1e-9, "\(model) ASA rose at N=\(n), calls \(calls)") }
                        #expect(f.occupancy <= p.occupancy + 1e-12, "\(model) occupancy rose at N=\(n)")
                    }
                    previous = f
                }
            }
        }
    }

    @Test("The required N is the smallest meeting every criterion, for combined goals (synthetic)")
    func minimality() throws {
        let goals = [
            StaffingGoal(serviceLevel: 0.8, withinSeconds: 20),
            StaffingGoal(serviceLevel: 0.9, withinSeconds: 15, maxOccupancy: 0.85),
            StaffingGoal(withinSeconds: 20, maxAverageSpeedOfAnswer: 10),
            StaffingGoal(serviceLevel: 0.8, withinSeconds: 20, maxAverageSpeedOfAnswer: 5, maxOccupancy: 0.9),
            StaffingGoal(withinSeconds: 20, maxAbandonment: 0.03),
            StaffingGoal(serviceLevel: 0.95, withinSeconds: 10, maxAbandonment: 0.01),
            StaffingGoal(maxOccupancy: 0.8),
        ]
        for goal in goals {
            for model in QueueModel.allCases where !(model == .erlangC && goal.maxAbandonment != nil) {
                for (calls, aht) in [(1.0, 180.0), (40, 240), (100, 180), (360, 240), (2_500, 300)] {
                    let w = Workload(calls: calls, intervalSeconds: 1800, ahtSeconds: aht, patienceSeconds: 150, model: model)
                    let answer = try Staffing.minimumAgents(w, goal: goal)
                    #expect(goal.isMet(by: answer.figures))
                    #expect(answer.figures == (try w.figures(agents: answer.agents, withinSeconds: goal.withinSeconds)))
                    let fewer = answer.agents - 1
                    if let f = try? w.figures(agents: fewer, withinSeconds: goal.withinSeconds), fewer > 0 {
                        #expect(!goal.isMet(by: f), "\(model) \(goal): N−1 = \(fewer) also meets it for \(calls) calls")
                    }
                    #expect(answer.fractionalAgents > Double(answer.agents - 1) - 1e-9 && answer.fractionalAgents <= Double(answer.agents) + 1e-9)
                }
            }
        }
    }

    @Test("Published checks through the new API: 14 agents (Erlang C), 54 agents for 360 calls, Erlang B tables")
    func published() throws {
        let a = try Staffing.minimumAgents(Workload(calls: 100, intervalSeconds: 1800, ahtSeconds: 180),
                                           goal: StaffingGoal(serviceLevel: 0.8, withinSeconds: 20, maxOccupancy: 0.85))
        #expect(a.agents == 14)
        #expect(Staffing.scheduled(agents: a.agents, shrinkage: 0.3) == 20)
        #expect(abs(a.figures.serviceLevel - 0.8883500191794669) < 1e-9)
        #expect(abs(a.figures.occupancy - 0.7142857142857143) < 1e-9)
        #expect(abs(a.figures.waitProbability - 0.1741319335950498) < 1e-9)
        let b = try Staffing.minimumAgents(Workload(calls: 360, intervalSeconds: 1800, ahtSeconds: 240),
                                           goal: StaffingGoal(serviceLevel: 0.8, withinSeconds: 20))
        #expect(b.agents == 54)
        for (lines, blocking) in [(16, 0.022302), (17, 0.012949), (18, 0.007142)] {
            #expect(abs(ErlangC.erlangB(load: 10, servers: lines) - blocking) < 5e-7)
        }
    }

    @Test("Largest sizes: N = 10,000 and A = 9,500 give finite figures and a finite requirement")
    func largest() throws {
        for patience in [nil, 1.0, 60, 600, 3_600, 1e6] as [Double?] {
            let w = Workload(calls: 9_500, intervalSeconds: 1800, ahtSeconds: 1800, patienceSeconds: patience)
            // (With a patience of 11 days and N far below A the series has millions of terms: slow, so
            // that corner is checked only near N = A.)
            for n in [1, 5_000, 9_499, 9_500, 9_501, 10_000] where patience != 1e6 || n >= 9_499 {
                guard let f = try? w.figures(agents: n, withinSeconds: 20) else {
                    #expect(w.model == .erlangC && n <= 9_500)
                    continue
                }
                for v in [f.serviceLevel, f.waitProbability, f.abandonment, f.occupancy, f.averageSpeedOfAnswer, f.meanQueue] {
                    #expect(v.isFinite && v >= 0, "patience \(String(describing: patience)), N \(n): \(f)")
                }
            }
            let answer = try Staffing.minimumAgents(w, goal: StaffingGoal(serviceLevel: 0.9, withinSeconds: 20))
            #expect(answer.agents > 8_000 && answer.agents < 10_500, "patience \(String(describing: patience)): \(answer.agents)")
            #expect(answer.fractionalAgents.isFinite)
        }
        #expect(ErlangC.erlangB(load: 9_500, servers: 10_000).isFinite)
    }

    @Test("Goals that cannot be set are refused with the parameter named")
    func badGoals() {
        let c = Workload(calls: 100, intervalSeconds: 1800, ahtSeconds: 180)
        #expect(throws: StaffingError.self) { try Staffing.minimumAgents(c, goal: StaffingGoal(maxAbandonment: 0.05)) }
        #expect(throws: StaffingError.self) { try Staffing.minimumAgents(c, goal: StaffingGoal()) }
        #expect(throws: StaffingError.self) {
            try Staffing.minimumAgents(Workload(calls: 1, intervalSeconds: 1, ahtSeconds: 1, model: .erlangA), goal: StaffingGoal(serviceLevel: 0.8))
        }
        do {
            _ = try Staffing.minimumAgents(c, goal: StaffingGoal(serviceLevel: 1.5))
            Issue.record("expected an error")
        } catch let error as StaffingError {
            #expect(error.description.hasPrefix("serviceLevel"))
        } catch { Issue.record("untyped \(error)") }
    }

    @Test("No calls: no agents")
    func noCalls() throws {
        let a = try Staffing.minimumAgents(Workload(calls: 0, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 60),
                                           goal: StaffingGoal(serviceLevel: 0.8))
        #expect(a.agents == 0 && a.fractionalAgents == 0)
    }
}
