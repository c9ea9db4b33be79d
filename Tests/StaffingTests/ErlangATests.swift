import Foundation
import Testing
@testable import Staffing

@Suite("Erlang A")
struct ErlangATests {
    /// The same birth–death chain solved the plain way (direct products, truncated far out),
    /// valid for small loads where nothing overflows: an independent check of the log-space sums.
    func bruteForce(load a: Double, agents n: Int, gamma: Double) -> (abandonment: Double, wait: Double) {
        var p = [1.0]
        for k in 1..<4000 {
            let death = k <= n ? Double(k) : Double(n) + Double(k - n) * gamma
            p.append(p[k - 1] * a / death)
        }
        let total = p.reduce(0, +)
        var queue = 0.0, wait = 0.0
        for (k, v) in p.enumerated() where k >= n {
            queue += Double(k - n) * v / total
            wait += v / total
        }
        return (gamma / a * queue, wait)
    }

    @Test("Matches a direct solution of the M/M/N+M chain", arguments: [0, 1, 5, 8, 10, 12, 14, 20])
    func crossCheck(agents: Int) throws {
        let model = ErlangA(calls: 100, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 300)
        let s = try #require(model.steadyState(agents: agents))
        let expected = bruteForce(load: 10, agents: agents, gamma: 180.0 / 300)
        #expect(abs(s.abandonment - expected.abandonment) <= 1e-12 * max(1, expected.abandonment))
        #expect(abs(s.waitProbability - expected.wait) <= 1e-12)
    }

    @Test("No agents: every caller abandons")
    func noAgents() throws {
        let model = ErlangA(calls: 50, intervalSeconds: 1800, ahtSeconds: 200, patienceSeconds: 60)
        let ab = try #require(model.abandonment(agents: 0))
        #expect(abs(ab - 1) < 1e-12)
    }

    @Test("Abandonment falls as agents are added, and stays in [0, 1] even when N ≤ A")
    func monotone() throws {
        let model = ErlangA(calls: 360, intervalSeconds: 1800, ahtSeconds: 240, patienceSeconds: 120)
        var previous = 1.0
        for n in 0...80 {
            let ab = try #require(model.abandonment(agents: n))
            #expect(ab >= 0 && ab <= 1)
            #expect(ab <= previous + 1e-15)
            previous = ab
        }
    }

    @Test("Very patient callers approach Erlang C: wait probability → C, abandonment → 0")
    func patientLimit() throws {
        let model = ErlangA(calls: 100, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 1e7)
        let s = try #require(model.steadyState(agents: 14))
        #expect(abs(s.waitProbability - 0.1741319335950498) < 1e-4)
        #expect(s.abandonment < 1e-4)
    }

    @Test("Large queues (N = 10,000, A = 9,500) give finite values in [0, 1]")
    func large() throws {
        let model = ErlangA(calls: 9_500, intervalSeconds: 3600, ahtSeconds: 3600, patienceSeconds: 600)
        for n in [100, 9_000, 9_500, 10_000] {
            let s = try #require(model.steadyState(agents: n))
            #expect(s.abandonment.isFinite && s.abandonment >= 0 && s.abandonment <= 1)
            #expect(s.waitProbability.isFinite && s.waitProbability >= 0 && s.waitProbability <= 1)
        }
    }

    @Test("Staffing reports abandonment only when a patience is given")
    func staffingAbandonment() throws {
        let goal = ServiceGoal(target: 0.8, withinSeconds: 20, maxOccupancy: 0.85, shrinkage: 0.3, patienceSeconds: 300)
        let f = try Staffing.required(calls: 100, intervalSeconds: 1800, ahtSeconds: 180, goal: goal)
        #expect(f.agents == 14)
        let ab = try #require(f.abandonment)
        #expect(abs(ab - bruteForce(load: 10, agents: 14, gamma: 0.6).abandonment) < 1e-12)
    }
}
