import Foundation
import Optimization
import Testing

/// A 0/1 knapsack: values 10, 13, 7, 8, 4; weights 5, 7, 4, 5, 3; capacity 12.
/// Best: items 0 + 1 (weight 12, value 23) — checked by enumerating all 32 subsets below.
func knapsack() -> (LinearModel, [Variable]) {
    let values = [10.0, 13, 7, 8, 4], weights = [5.0, 7, 4, 5, 3]
    var m = LinearModel(name: "knapsack", sense: .maximize)
    let x = values.indices.map { m.addVariable("take\($0)", lower: 0, upper: 1, integer: true, objective: values[$0]) }
    m.addConstraint("capacity", x.indices.map { (x[$0], weights[$0]) }, upper: 12)
    return (m, x)
}

/// Set cover: 6 elements, 5 sets with costs; optimum 5 = sets B (2) + D (3)? see enumeration in the test.
func setCover() -> (LinearModel, [Variable], [[Int]], [Double]) {
    let sets: [[Int]] = [[0, 1, 2], [2, 3], [3, 4, 5], [0, 4], [1, 5]]
    let costs: [Double] = [3, 1, 3, 2, 2]
    var m = LinearModel(name: "cover")
    let x = sets.indices.map { m.addVariable("set\($0)", upper: 1, integer: true, objective: costs[$0]) }
    for e in 0..<6 {
        m.addConstraint("elem\(e)", sets.indices.filter { sets[$0].contains(e) }.map { (x[$0], 1.0) }, lower: 1)
    }
    return (m, x, sets, costs)
}

@Suite("GLPK solver")
struct GLPKSolverTests {
    let solver = GLPKSolver()

    @Test("knapsack: optimum equals brute-force enumeration")
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
        #expect(r.status == .optimal)
        #expect(r.objective == best)
        #expect(r.gap == 0)
        #expect(r.bound == best)
        #expect(m.maxViolation(r.values) <= 1e-9)
        #expect(x.reduce(0.0) { $0 + r.value($1) * m.info($1).objective } == best)
        #expect(r.solver == "glpk")
    }

    @Test("the warm start reaches GLPK through the branch-and-cut callback and is taken as its first incumbent")
    func warmStartTaken() throws {
        let m = SolverContractTests.slowCover()
        let start = Array(repeating: 50.0, count: m.variableCount)
        // Any incumbent within 100% stops the search: with our rounding off, the first one is the start.
        let r = try solver.solve(m, options: SolveOptions(timeLimitSeconds: 20, relativeGap: 1, roundingHeuristic: false,
                                                          initialSolution: start))
        #expect(r.detail == nil, "\(r.detail ?? "")")   // neither refused nor substituted after a time limit
        #expect(r.objective == m.objectiveValue(start))
        #expect(r.values == start)
        #expect(r.status == .optimal)
    }

    @Test("concurrent solves on many threads each get their own GLPK problem and the right answer")
    func concurrentSolves() async throws {
        let (m, _) = knapsack()
        let (c, _, _, _) = setCover()
        let objectives = try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
            for k in 0..<16 {
                group.addTask { (k, try GLPKSolver().solve(k % 2 == 0 ? m : c, options: SolveOptions()).objective) }
            }
            return try await group.reduce(into: [Int: Double?]()) { $0[$1.0] = $1.1 }
        }
        for k in 0..<16 { #expect(objectives[k] == (k % 2 == 0 ? 23 : 5)) }
    }

    @Test("objective step: whole coefficients on integer variables round the bound to the next attainable value")
    func objectiveStep() {
        var m = LinearModel(name: "step")
        let x = m.addVariable("x", integer: true, objective: 40)
        m.addVariable("y", integer: true, objective: 100)
        #expect(m.objectiveStep == 20)
        #expect(m.roundedBound(5819.92) == 5820)
        #expect(m.roundedBound(5820.0000001) == 5820)
        m.objectiveConstant = 3
        #expect(m.roundedBound(10) == 23)
        m.setObjective(x, 40.5)
        #expect(m.objectiveStep == nil)
        #expect(m.roundedBound(5819.92) == 5819.92)
        var c = LinearModel(name: "cont", sense: .maximize)
        c.addVariable("z", integer: false, objective: 2)
        #expect(c.objectiveStep == nil)
        var d = LinearModel(name: "max", sense: .maximize)
        d.addVariable("z", integer: true, objective: 3)
        #expect(d.roundedBound(10) == 9)
    }

    @Test("maxViolation measures bounds, integrality and rows")
    func violation() {
        let (m, _) = knapsack()
        #expect(m.maxViolation([1, 1, 0, 0, 0]) == 0)
        #expect(m.maxViolation([1, 1, 1, 0, 0]) == 4)      // weight 16 > 12
        #expect(m.maxViolation([0.5, 0, 0, 0, 0]) == 0.5)  // fractional
        #expect(m.maxViolation([2, 0, 0, 0, 0]) == 1)      // above the upper bound 1
        #expect(m.maxViolation([0]) == .infinity)          // wrong length
    }

    /// A set-partition-like covering problem hard enough for GLPK not to close in 0.2 s:
    /// 60 random 0/1 rows over 120 general integer columns with random costs.
    static func hardCover(seed: UInt64) -> LinearModel {
        var rng = SplitMix(seed: seed)
        var m = LinearModel(name: "hard")
        let x = (0..<160).map { m.addVariable("x\($0)", upper: 20, integer: true, objective: Double(10 + rng.next() % 90)) }
        for i in 0..<120 {
            let terms = x.filter { _ in rng.next() % 8 == 0 }.map { ($0, Double(1 + rng.next() % 9)) }
            m.addConstraint("r\(i)", terms, lower: Double(30 + rng.next() % 70))
        }
        return m
    }

    @Test("a time-limited solve reports feasible with a positive gap and a valid bound")
    func timeLimit() throws {
        let m = Self.hardCover(seed: 7)
        let r = try solver.solve(m, options: SolveOptions(timeLimitSeconds: 0.3, relativeGap: 0))
        // The instance is not closed in 0.3 s (nor in 2 s): the root rounding gives a solution, with an honest gap.
        #expect(r.status == .feasible)
        do {
            let objective = try #require(r.objective), bound = try #require(r.bound), gap = try #require(r.gap)
            #expect(bound <= objective + 1e-6)
            #expect(gap > 0)
            #expect(abs(gap - abs(objective - bound) / max(1e-9, abs(objective))) < 1e-12)
            #expect(m.maxViolation(r.values) <= 1e-6)
            #expect(abs(m.objectiveValue(r.values) - objective) <= 1e-6 * abs(objective))
        }
        #expect(r.seconds < 5)
    }
}

/// A small deterministic generator for test instances.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
