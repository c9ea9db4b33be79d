import Optimization
import Testing

/// What every MIP backend must do alike, run against each of them.
@Suite("every solver backend")
struct SolverContractTests {
    static let backends: [any MIPSolver] = [GLPKSolver(), CBCSolver()]

    @Test("set cover: optimum equals brute-force enumeration and covers every element", arguments: backends)
    func setCoverOptimum(solver: any MIPSolver) throws {
        let (m, x, sets, costs) = setCover()
        let r = try solver.solve(m, options: SolveOptions())
        var best = Double.infinity
        for mask in 0..<(1 << sets.count) {
            let chosen = sets.indices.filter { mask & (1 << $0) != 0 }
            if Set(chosen.flatMap { sets[$0] }).count == 6 { best = min(best, chosen.reduce(0.0) { $0 + costs[$1] }) }
        }
        #expect(r.status == .optimal)
        #expect(r.objective == best)
        let chosen = x.indices.filter { r.value(x[$0]) > 0.5 }
        #expect(Set(chosen.flatMap { sets[$0] }).count == 6)
    }

    @Test("pure LP: continuous optimum with a ranged row and a free variable", arguments: backends)
    func linearProgram(solver: any MIPSolver) throws {
        // max x + y s.t. 1 ≤ x + 2y ≤ 4, x ≤ 2, y free but ≥ -1 through a row → x = 2, y = 1, obj 3.
        var m = LinearModel(name: "lp", sense: .maximize)
        let x = m.addVariable("x", upper: 2, objective: 1)
        let y = m.addVariable("y", lower: -.infinity, objective: 1)
        m.addConstraint("band", [(x, 1), (y, 2)], lower: 1, upper: 4)
        m.addConstraint("ylow", [(y, 1)], lower: -1)
        let r = try solver.solve(m, options: SolveOptions())
        #expect(r.status == .optimal)
        #expect(abs((r.objective ?? 0) - 3) < 1e-9)
        #expect(abs(r.value(x) - 2) < 1e-9)
        #expect(abs(r.value(y) - 1) < 1e-9)
    }

    @Test("repeated variables in a constraint are added up", arguments: backends)
    func repeatedTerms(solver: any MIPSolver) throws {
        var m = LinearModel(name: "rep", sense: .maximize)
        let x = m.addVariable("x", integer: true, objective: 1)
        m.addConstraint("c", [(x, 1), (x, 2)], upper: 7)  // 3x ≤ 7 → x = 2
        let r = try solver.solve(m, options: SolveOptions())
        #expect(r.status == .optimal)
        #expect(r.value(x) == 2)
    }

    @Test("infeasible MIP (LP infeasible, and integer-infeasible only) and infeasible LP are reported, not thrown",
          arguments: backends)
    func infeasible(solver: any MIPSolver) throws {
        var m = LinearModel(name: "inf")
        let x = m.addVariable("x", integer: true)
        let y = m.addVariable("y", integer: true)
        m.addConstraint("a", [(x, 1), (y, 1)], lower: 5)
        m.addConstraint("b", [(x, 1), (y, 1)], upper: 3)
        let r = try solver.solve(m, options: SolveOptions())
        #expect(r.status == .infeasible)
        #expect(r.objective == nil)
        #expect(r.values.isEmpty)
        #expect(r.value(x).isNaN)

        // Integer-infeasible although the LP relaxation is feasible: 2z = 3.
        var n = LinearModel(name: "parity")
        let z = n.addVariable("z", upper: 10, integer: true)
        n.addConstraint("odd", [(z, 2)], lower: 3, upper: 3)
        #expect(try solver.solve(n, options: SolveOptions()).status == .infeasible)

        var lp = LinearModel(name: "inf_lp")
        let w = lp.addVariable("w", objective: 1)
        lp.addConstraint("a", [(w, 1)], lower: 5)
        lp.addConstraint("b", [(w, 1)], upper: 3)
        #expect(try solver.solve(lp, options: SolveOptions()).status == .infeasible)
    }

    @Test("unbounded MIP and LP are reported", arguments: backends)
    func unbounded(solver: any MIPSolver) throws {
        var m = LinearModel(name: "unb", sense: .maximize)
        let x = m.addVariable("x", integer: true, objective: 1)
        let y = m.addVariable("y", objective: 1)
        m.addConstraint("c", [(x, 1), (y, -1)], upper: 2)
        #expect(try solver.solve(m, options: SolveOptions()).status == .unbounded)

        var lp = LinearModel(name: "unb_lp")
        let z = lp.addVariable("z", lower: -.infinity, objective: 1)
        lp.addConstraint("c", [(z, 1)], upper: 5)
        #expect(try solver.solve(lp, options: SolveOptions()).status == .unbounded)
    }

    @Test("model without constraints, empty model, objective constant", arguments: backends)
    func degenerate(solver: any MIPSolver) throws {
        var m = LinearModel(name: "free")
        let x = m.addVariable("x", lower: 2, upper: 9, integer: true, objective: 3)
        let r = try solver.solve(m, options: SolveOptions())
        #expect(r.status == .optimal)
        #expect(r.value(x) == 2)
        #expect(r.objective == 6)

        let e = try solver.solve(LinearModel(name: "empty"), options: SolveOptions())
        #expect(e.status == .optimal)
        #expect(e.objective == 0)

        var k = LinearModel(name: "k")
        k.objectiveConstant = 10
        let y = k.addVariable("y", lower: 1, upper: 4, integer: true, objective: 2)
        k.addConstraint("c", [(y, 1)], lower: 2)
        let rk = try solver.solve(k, options: SolveOptions())
        #expect(rk.objective == 14)
        #expect(rk.bound == 14)
    }

    @Test("infeasible where the bounds prove nothing: the LP (free variables) and integrality across three variables",
          arguments: backends)
    func infeasibleBeyondBounds(solver: any MIPSolver) throws {
        var lp = LinearModel(name: "cycle")
        let x = lp.addVariable("x", lower: -.infinity, integer: true, objective: 1)
        let y = lp.addVariable("y", lower: -.infinity, integer: true, objective: 1)
        lp.addConstraint("a", [(x, 1), (y, -1)], lower: 3)
        lp.addConstraint("b", [(y, 1), (x, -1)], lower: 3)
        #expect(lp.boundConflict() == nil)
        #expect(try solver.solve(lp, options: SolveOptions(timeLimitSeconds: 10)).status == .infeasible)

        // 2u + 2v + 2w = 3: each variable at most 1, no bound crosses; only integrality excludes it.
        var pair = LinearModel(name: "triple")
        let u = pair.addVariable("u", upper: 5, integer: true, objective: 1)
        let v = pair.addVariable("v", upper: 5, integer: true, objective: 2)
        let w = pair.addVariable("w", upper: 5, integer: true, objective: 3)
        pair.addConstraint("odd", [(u, 2), (v, 2), (w, 2)], lower: 3, upper: 3)
        #expect(pair.boundConflict() == nil)
        #expect(try solver.solve(pair, options: SolveOptions(timeLimitSeconds: 10)).status == .infeasible)
    }

    /// A covering model (synthetic) whose first LP takes longer than a few milliseconds.
    static func slowCover() -> LinearModel {
        var rng = SplitMix(seed: 3)
        var m = LinearModel(name: "slow_cover")
        let n = 1500
        let x = (0..<n).map { m.addVariable("x\($0)", upper: 50, integer: true, objective: Double(10 + rng.next() % 90)) }
        for i in 0..<1000 {
            let terms = (0..<12).map { _ in (x[Int(rng.next() % UInt64(n))], Double(1 + rng.next() % 9)) }
            m.addConstraint("r\(i)", terms, lower: Double(30 + rng.next() % 70))
        }
        return m
    }

    @Test("a time limit hit before any integer solution is 'no solution', never 'infeasible'; with a warm start, the start is returned",
          arguments: backends)
    func timeLimitIsNotInfeasible(solver: any MIPSolver) throws {
        let m = Self.slowCover()
        let r = try solver.solve(m, options: SolveOptions(timeLimitSeconds: 0.001, relativeGap: 0))
        #expect(r.status != .infeasible)
        if !r.status.hasSolution {
            #expect(r.status == .noSolution)
            #expect(r.detail?.contains("time limit") == true, "\(r.detail ?? "")")
        }
        // Every variable at its upper bound covers every row: a feasible (poor) warm start.
        let start = Array(repeating: 50.0, count: m.variableCount)
        #expect(m.maxViolation(start) == 0)
        let w = try solver.solve(m, options: SolveOptions(timeLimitSeconds: 0.001, relativeGap: 0, initialSolution: start))
        #expect(w.status == .feasible || w.status == .optimal)
        let objective = try #require(w.objective)
        #expect(objective <= m.objectiveValue(start) + 1e-6)
        #expect(m.maxViolation(w.values) <= 1e-6)
        #expect(abs(m.objectiveValue(w.values) - objective) <= 1e-9 * objective)
        if let bound = w.bound { #expect(bound <= objective + 1e-6) }
    }
}
