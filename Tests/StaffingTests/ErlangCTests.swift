import Foundation
import Testing
@testable import Staffing

@Suite("Erlang C")
struct ErlangCTests {
    let tolerance = 1e-9

    @Test("Erlang B recursion matches tables for A = 10")
    func erlangBTable() {
        #expect(abs(ErlangC.erlangB(load: 10, servers: 16) - 0.022302) < 5e-7)
        #expect(abs(ErlangC.erlangB(load: 10, servers: 17) - 0.012949) < 5e-7)
        #expect(abs(ErlangC.erlangB(load: 10, servers: 18) - 0.007142) < 5e-7)
        #expect(ErlangC.erlangB(load: 10, servers: 0) == 1)
        #expect(ErlangC.erlangB(load: 0, servers: 5) == 0)
    }

    @Test("Offered load, wait probability, service level, ASA and occupancy for 100 calls / 30 min, AHT 180 s, 14 agents")
    func acceptanceFigures() throws {
        let e = ErlangC(calls: 100, intervalSeconds: 1800, ahtSeconds: 180)
        #expect(abs(e.offeredLoad - 10) < tolerance)
        let c = try #require(e.waitProbability(agents: 14))
        #expect(abs(c - 0.1741319335950498) < tolerance)
        let sl = try #require(e.serviceLevel(agents: 14, withinSeconds: 20))
        #expect(abs(sl - 0.8883500191794669) < tolerance)
        let asa = try #require(e.averageSpeedOfAnswer(agents: 14))
        #expect(abs(asa - c * 180 / 4) < tolerance)
        #expect(abs(e.occupancy(agents: 14) - 0.7142857142857143) < tolerance)
    }

    @Test("N ≤ A is reported as unstable (nil), never as a number")
    func unstable() {
        let e = ErlangC(calls: 100, intervalSeconds: 1800, ahtSeconds: 180)  // A = 10
        for n in [0, 5, 9, 10] {
            #expect(e.waitProbability(agents: n) == nil)
            #expect(e.serviceLevel(agents: n, withinSeconds: 20) == nil)
            #expect(e.averageSpeedOfAnswer(agents: n) == nil)
        }
        #expect(e.occupancy(agents: 5) == 1)
        #expect(e.waitProbability(agents: 11) != nil)
    }

    @Test("Large queues (N = 10,000, A = 9,500) give finite figures in [0, 1]")
    func large() throws {
        let e = ErlangC(calls: 9_500, intervalSeconds: 3600, ahtSeconds: 3600)
        #expect(abs(e.offeredLoad - 9_500) < 1e-9)
        let b = ErlangC.erlangB(load: 9_500, servers: 10_000)
        #expect(b.isFinite && b >= 0 && b <= 1)
        let c = try #require(e.waitProbability(agents: 10_000))
        #expect(c.isFinite && c >= 0 && c <= 1)
        let sl = try #require(e.serviceLevel(agents: 10_000, withinSeconds: 20))
        #expect(sl.isFinite && sl >= 0 && sl <= 1)
        let asa = try #require(e.averageSpeedOfAnswer(agents: 10_000))
        #expect(asa.isFinite && asa >= 0)
        #expect(abs(e.occupancy(agents: 10_000) - 0.95) < 1e-12)
    }

    @Test("Service level rises and wait probability and ASA fall as agents are added")
    func monotone() throws {
        for (calls, aht) in [(100.0, 180.0), (360.0, 240.0), (1_000.0, 300.0), (3.0, 600.0)] {
            let e = ErlangC(calls: calls, intervalSeconds: 1800, ahtSeconds: aht)
            let first = Int(e.offeredLoad.rounded(.down)) + 1
            var previous: (sl: Double, c: Double, asa: Double)?
            for n in first...(first + 40) {
                let sl = try #require(e.serviceLevel(agents: n, withinSeconds: 20))
                let c = try #require(e.waitProbability(agents: n))
                let asa = try #require(e.averageSpeedOfAnswer(agents: n))
                if let p = previous {
                    #expect(sl >= p.sl - 1e-15, "SL fell from \(p.sl) to \(sl) at N=\(n), calls \(calls)")
                    #expect(c <= p.c + 1e-15, "C rose at N=\(n), calls \(calls)")
                    #expect(asa <= p.asa + 1e-12, "ASA rose at N=\(n), calls \(calls)")
                }
                previous = (sl, c, asa)
            }
        }
    }

    @Test("Erlang C agrees with the factorial formula where that formula is still exact")
    func factorialCrossCheck() throws {
        // Direct sum: C = (A^N/N!)·N/(N−A) / (Σ_{k<N} A^k/k! + (A^N/N!)·N/(N−A)), fine for small N.
        for (a, n) in [(2.5, 3), (10.0, 14), (20.0, 25), (48.0, 54)] {
            var term = 1.0, sum = 0.0
            for k in 0..<n { sum += term; term *= a / Double(k + 1) }
            let top = term * Double(n) / (Double(n) - a)
            let expected = top / (sum + top)
            let e = ErlangC(calls: a, intervalSeconds: 1, ahtSeconds: 1)
            let c = try #require(e.waitProbability(agents: n))
            #expect(abs(c - expected) <= 1e-12 * max(1, expected))
        }
    }
}
