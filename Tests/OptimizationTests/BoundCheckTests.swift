import Optimization
import Testing

/// `LinearModel.boundConflict()`: infeasibility proven by the bounds alone, answered before a
/// backend sees the model (CBC's preprocessing can otherwise cross such bounds and abort the
/// process inside Clp).
@Suite("bound check before the solver")
struct BoundCheckTests {
    @Test("an integer row with no whole solution, contradictory rows, an empty row, an impossible row are named")
    func conflicts() throws {
        var parity = LinearModel(name: "parity")
        let z = parity.addVariable("z", upper: 10, integer: true)
        parity.addConstraint("odd", [(z, 2)], lower: 3, upper: 3)
        let p = try #require(parity.boundConflict())
        #expect(p.contains("z") && p.contains("odd"), "\(p)")

        var rows = LinearModel(name: "rows")
        let x = rows.addVariable("x", integer: true), y = rows.addVariable("y", integer: true)
        rows.addConstraint("atLeast5", [(x, 1), (y, 1)], lower: 5)
        rows.addConstraint("atMost3", [(x, 1), (y, 1)], upper: 3)
        let r = try #require(rows.boundConflict())
        #expect(r.contains("atLeast5") || r.contains("atMost3"), "\(r)")

        var empty = LinearModel(name: "empty_row")
        empty.addVariable("x", upper: 3)
        empty.addConstraint("nothing", [], lower: 1, upper: 2)
        #expect(try #require(empty.boundConflict()).contains("nothing"))

        var capped = LinearModel(name: "capped")
        let a = capped.addVariable("a", upper: 1, integer: true), b = capped.addVariable("b", upper: 1, integer: true)
        capped.addConstraint("three", [(a, 1), (b, 1)], lower: 3)
        let c = try #require(capped.boundConflict())
        #expect(c.contains("three") && c.contains("largest possible value is 2"), "\(c)")
    }

    @Test("feasible models are never flagged: the test models and random models built around a known point (synthetic)")
    func noFalseConflicts() {
        #expect(knapsack().0.boundConflict() == nil)
        #expect(setCover().0.boundConflict() == nil)
        #expect(GLPKSolverTests.hardCover(seed: 7).boundConflict() == nil)
        var rng = SplitMix(seed: 42)
        for k in 0..<300 {
            var m = LinearModel(name: "random\(k)")
            let n = 2 + Int(rng.next() % 8)
            var point: [Double] = []
            var vars: [Variable] = []
            for j in 0..<n {
                let integer = rng.next() % 2 == 0
                let lo = -Double(rng.next() % 5), hi = lo + Double(rng.next() % 6)
                let x0 = integer ? lo + Double(rng.next() % UInt64(hi - lo + 1)) : lo + (hi - lo) * Double(rng.next() % 1000) / 999
                point.append(x0)
                vars.append(m.addVariable("x\(j)", lower: rng.next() % 4 == 0 ? -.infinity : lo,
                                          upper: rng.next() % 4 == 0 ? .infinity : hi, integer: integer))
            }
            for i in 0..<(1 + Int(rng.next() % 6)) {
                let terms = vars.filter { _ in rng.next() % 2 == 0 }.map { ($0, (Double(Int(rng.next() % 19)) - 9) * 0.7) }
                let activity = terms.reduce(0.0) { $0 + $1.1 * point[$1.0.index] }
                // Tight rows (equalities at the point) as well as ranged and one-sided ones.
                switch rng.next() % 3 {
                case 0: m.addConstraint("r\(i)", terms, lower: activity, upper: activity)
                case 1: m.addConstraint("r\(i)", terms, lower: activity - Double(rng.next() % 3))
                default: m.addConstraint("r\(i)", terms, upper: activity + Double(rng.next() % 3))
                }
            }
            #expect(m.maxViolation(point) <= 1e-9)
            #expect(m.boundConflict() == nil, "model \(k) is feasible (point \(point)) but was flagged: \(m.boundConflict() ?? "")")
        }
    }

    @Test("a flagged model is infeasible for both backends, which say why (coin-or/Cbc#753's model among them)",
          arguments: SolverContractTests.backends)
    func backendsAgree(solver: any MIPSolver) throws {
        // coin-or/Cbc#753: CBC's preprocessing of this integer-infeasible model aborts in Clp upstream.
        var m = LinearModel(name: "cbc753")
        let a = m.addVariable("a", lower: -100, integer: true, objective: 1)
        let b = m.addVariable("b", lower: -100, integer: true)
        let c = m.addVariable("c", integer: true)
        m.addConstraint("c1", [(a, 39.21), (b, -35.6), (c, -69.92)], upper: -11.38)
        m.addConstraint("c2", [(a, 404.6), (b, 329.03), (c, 357.54)], upper: -12825.35)
        m.addConstraint("c7", [(a, 77.12), (b, 20.29), (c, 49.8)], lower: 0)
        m.addConstraint("c13", [(a, 11.96)], lower: 31.65)
        let r = try solver.solve(m, options: SolveOptions(timeLimitSeconds: 10))
        #expect(r.status == .infeasible)
        if m.boundConflict() != nil { #expect(r.detail == m.boundConflict()) }

        var parity = LinearModel(name: "parity")
        let z = parity.addVariable("z", upper: 10, integer: true, objective: 1)
        parity.addConstraint("odd", [(z, 2)], lower: 3, upper: 3)
        let p = try solver.solve(parity, options: SolveOptions())
        #expect(p.status == .infeasible)
        #expect(p.detail?.contains("odd") == true)
    }
}
