import Foundation
import Optimization
import Testing

/// What is particular to the CBC backend: its parameters, validation, a time limit with an honest
/// gap, agreement with GLPK, serialised concurrent solves (infeasible, unbounded and degenerate
/// models are in `SolverContractTests`, run against every backend).
@Suite("CBC solver")
struct CBCSolverTests {
    let solver = CBCSolver()

    @Test("knapsack: optimum 23 equals brute-force enumeration, bound = objective, nodes reported")
    func knapsackOptimum() throws {
        let (m, x) = knapsack()
        let r = try solver.solve(m, options: SolveOptions(timeLimitSeconds: 10))
        let values = [10.0, 13, 7, 8, 4], weights = [5.0, 7, 4, 5, 3]
        var best = 0.0
        for mask in 0..<32 {
            let w = (0..<5).filter { mask & (1 << $0) != 0 }.reduce(0.0) { $0 + weights[$1] }
            let v = (0..<5).filter { mask & (1 << $0) != 0 }.reduce(0.0) { $0 + values[$1] }
            if w <= 12 { best = max(best, v) }
        }
        #expect(best == 23)
        #expect(r.status == .optimal)
        #expect(r.objective == best)
        #expect(r.bound == best)
        #expect(r.gap == 0)
        #expect(m.maxViolation(r.values) <= 1e-9)
        #expect(x.reduce(0.0) { $0 + r.value($1) * m.info($1).objective } == best)
        #expect(r.solver == "cbc")
        #expect(r.nodes != nil)
    }

    @Test("extra CBC parameters (cuts and heuristics off) keep the optimum; a warm start is used")
    func parameters() throws {
        let (m, _) = knapsack()
        let light = CBCSolver(parameters: ["cuts": "off", "heuristics": "off", "preprocess": "off"])
        let r = try light.solve(m, options: SolveOptions(timeLimitSeconds: 10))
        #expect(r.status == .optimal)
        #expect(r.objective == 23)
        // From a feasible but poor start (nothing packed) the optimum is still found.
        let s = try light.solve(m, options: SolveOptions(timeLimitSeconds: 10, initialSolution: Array(repeating: 0, count: m.variableCount)))
        #expect(s.objective == 23)
        #expect(m.maxViolation(s.values) <= 1e-9)
    }

    @Test("invalid models and options are refused before any C call")
    func validation() {
        var m = LinearModel(name: "bad")
        m.addVariable("x", lower: 3, upper: 1)
        #expect(throws: OptimizationError.invalidBounds(kind: "variable", name: "x", lower: 3, upper: 1)) {
            try solver.solve(m, options: SolveOptions())
        }
        let (k, _) = knapsack()
        #expect(throws: OptimizationError.self) { try solver.solve(k, options: SolveOptions(timeLimitSeconds: 0)) }
        #expect(throws: OptimizationError.self) { try solver.solve(k, options: SolveOptions(relativeGap: -1)) }
        #expect(throws: OptimizationError.self) { try CBCSolver(threads: 0).solve(k, options: SolveOptions()) }
    }

    @Test("a time-limited solve stops near the limit with a feasible answer and an honest gap")
    func timeLimit() throws {
        let m = GLPKSolverTests.hardCover(seed: 7)
        let r = try solver.solve(m, options: SolveOptions(timeLimitSeconds: 0.5, relativeGap: 0))
        #expect(r.seconds < 5)
        #expect(r.status == .feasible || r.status == .optimal)
        let objective = try #require(r.objective), bound = try #require(r.bound), gap = try #require(r.gap)
        #expect(bound <= objective + 1e-6)
        #expect(abs(gap - abs(objective - bound) / max(1e-9, abs(objective))) < 1e-12)
        #expect(m.maxViolation(r.values) <= 1e-6)
        #expect(abs(m.objectiveValue(r.values) - objective) <= 1e-6 * abs(objective))
        if r.status == .feasible { #expect(gap > 0) }
    }

    @Test("both backends agree on the optimum of a random covering instance (checked against each other)")
    func agreeWithGLPK() throws {
        var rng = SplitMix(seed: 11)
        var m = LinearModel(name: "small_cover")
        let x = (0..<30).map { m.addVariable("x\($0)", upper: 10, integer: true, objective: Double(5 + rng.next() % 20)) }
        for i in 0..<20 {
            let terms = x.filter { _ in rng.next() % 5 == 0 }.map { ($0, Double(1 + rng.next() % 4)) }
            m.addConstraint("r\(i)", terms.isEmpty ? [(x[i], 1.0)] : terms, lower: Double(3 + rng.next() % 12))
        }
        let options = SolveOptions(timeLimitSeconds: 20, relativeGap: 0)
        let a = try solver.solve(m, options: options), b = try GLPKSolver().solve(m, options: options)
        #expect(a.status == .optimal)
        #expect(b.status == .optimal)
        #expect(a.objective == b.objective)
        #expect(m.maxViolation(a.values) <= 1e-6)
        #expect(m.maxViolation(b.values) <= 1e-6)
    }

    @Test("a warm start is accepted: both backends reach the optimum from a feasible start")
    func warmStart() throws {
        let (m, _, _, _) = setCover()
        let start = [1.0, 1, 1, 1, 1]           // every set: feasible, cost 11
        #expect(m.maxViolation(start) == 0)
        for backend in [CBCSolver() as any MIPSolver, GLPKSolver()] {
            let r = try backend.solve(m, options: SolveOptions(timeLimitSeconds: 5, initialSolution: start))
            #expect(r.status == .optimal)
            #expect(r.objective == 5)
        }
        // An infeasible or wrong-length start is ignored, not trusted.
        let r = try solver.solve(m, options: SolveOptions(initialSolution: [0, 0, 0, 0, 0]))
        #expect(r.objective == 5)
        #expect(throws: OptimizationError.self) {
            try solver.solve(m, options: SolveOptions(initialSolution: [.nan, 0, 0, 0, 0]))
        }
    }

    @Test("concurrent solves from many tasks are serialised and each gets the right answer")
    func concurrentSolves() async throws {
        let (m, _) = knapsack()
        let (c, _, _, _) = setCover()
        let objectives = try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
            for k in 0..<8 {
                group.addTask { (k, try CBCSolver().solve(k % 2 == 0 ? m : c, options: SolveOptions()).objective) }
            }
            return try await group.reduce(into: [Int: Double?]()) { $0[$1.0] = $1.1 }
        }
        for k in 0..<8 { #expect(objectives[k] == (k % 2 == 0 ? 23 : 5)) }
    }
}
