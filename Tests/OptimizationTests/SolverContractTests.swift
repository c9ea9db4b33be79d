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
}
