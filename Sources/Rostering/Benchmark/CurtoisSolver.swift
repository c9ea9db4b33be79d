import Foundation
import Optimization

/// Options of a Curtois & Qu solve.
public struct CurtoisSolveOptions: Sendable {
    /// Wall-clock limit of the whole solve, in seconds.
    public var timeLimitSeconds: Double
    /// Share of the time the full MIP gets before the large-neighbourhood search takes over
    /// (when it has not proven optimality by then).
    public var fullModelShare: Double
    /// Time limit of one neighbourhood sub-MIP, in seconds.
    public var subproblemSeconds: Double
    /// Employee-days freed in the first neighbourhood (then grown or shrunk with the sub-MIP times).
    public var initialNeighbourhoodCells: Int
    /// Seed of the neighbourhood choice (the search is reproducible for a given seed and timing).
    public var seed: UInt64

    public init(timeLimitSeconds: Double = 60, fullModelShare: Double = 0.5, subproblemSeconds: Double = 3, initialNeighbourhoodCells: Int = 150, seed: UInt64 = 1) {
        self.timeLimitSeconds = timeLimitSeconds
        self.fullModelShare = fullModelShare
        self.subproblemSeconds = subproblemSeconds
        self.seed = seed
        self.initialNeighbourhoodCells = max(1, initialNeighbourhoodCells)
    }
}

/// The answer of a Curtois & Qu solve.
public struct CurtoisResult: Sendable {
    /// `optimal` when the objective equals the proven bound, `feasible` with a roster,
    /// `infeasible` when the MIP proves there is none, `no_solution` when time ran out first.
    public var status: SolveStatus
    public var objective: Int?
    /// Best proven lower bound (the full MIP's, rounded up to a whole number), nil when the LP
    /// relaxation did not finish in time.
    public var bound: Double?
    public var seconds: Double
    public var solution: CurtoisSolution?
    /// The independent evaluator's verdict on `solution`.
    public var evaluation: CurtoisEvaluation?
    /// Neighbourhoods searched and how many improved the roster.
    public var neighbourhoods: Int
    public var improvements: Int
    /// Objective after the full MIP (before the neighbourhood search), nil without one.
    public var fullModelObjective: Int?
}

/// Solves a Curtois & Qu instance with the project's MIP layer: the full model first, then a
/// large-neighbourhood search (most of the roster fixed, a block of employees × days re-optimised
/// by the same MIP backend) until the time limit or the proven bound is reached.
public struct CurtoisSolver: Sendable {
    /// Solves the full model (and gives the bound).
    public var backend: any MIPSolver
    /// Solves the neighbourhood sub-models (GLPK without cuts by default: small models, many solves).
    public var neighbourhoodBackend: any MIPSolver

    public init(backend: any MIPSolver = GLPKSolver(), neighbourhoodBackend: any MIPSolver = GLPKSolver(cuts: false)) {
        self.backend = backend
        self.neighbourhoodBackend = neighbourhoodBackend
    }

    public func solve(_ instance: CurtoisInstance, options: CurtoisSolveOptions = .init()) throws -> CurtoisResult {
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Double {
            let d = clock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        guard options.timeLimitSeconds.isFinite, options.timeLimitSeconds > 0 else {
            throw OptimizationError.invalidOption("time limit must be a positive number of seconds, got \(options.timeLimitSeconds)")
        }

        let full = CurtoisModel(instance)
        if !full.brokenRows.isEmpty {
            return CurtoisResult(status: .infeasible, objective: nil, bound: nil, seconds: elapsed(), solution: nil, evaluation: nil,
                                 neighbourhoods: 0, improvements: 0, fullModelObjective: nil)
        }
        let fullLimit = max(0.5, options.timeLimitSeconds * min(1, max(0, options.fullModelShare)))
        var first = try backend.solve(full.model, options: SolveOptions(timeLimitSeconds: fullLimit, relativeGap: 1e-9))
        // No roster yet: build one greedily, one employee at a time (each employee's hard rules are
        // their own; cover is soft), the employees already placed fixed, then search from it.
        var constructed: [[Int?]]?
        if first.status == .noSolution, let greedy = try construct(instance, until: options.timeLimitSeconds, elapsed: elapsed) {
            constructed = greedy
            first = SolveResult(solver: first.solver, status: .feasible, objective: nil, bound: first.bound, gap: nil,
                                seconds: first.seconds, values: [])
        }
        var bound = first.bound.map { full.model.roundedBound($0) }
        if first.status == .infeasible {
            return CurtoisResult(status: .infeasible, objective: nil, bound: nil, seconds: elapsed(), solution: nil, evaluation: nil,
                                 neighbourhoods: 0, improvements: 0, fullModelObjective: nil)
        }
        guard first.status.hasSolution else {
            return CurtoisResult(status: .noSolution, objective: nil, bound: bound, seconds: elapsed(), solution: nil, evaluation: nil,
                                 neighbourhoods: 0, improvements: 0, fullModelObjective: nil)
        }
        var grid = constructed ?? full.grid(first.values)
        var best = CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: grid))
        let fullObjective = best.objective
        if first.status == .optimal { bound = Double(best.objective) }

        // Large-neighbourhood search.
        var rng = SplitMix64(seed: options.seed)
        let E = instance.staff.count, D = instance.days
        var targetCells = min(E * D, options.initialNeighbourhoodCells)
        var tried = 0, improved = 0
        func proven() -> Bool { bound.map { Double(best.objective) <= $0 + 1e-6 } ?? false }
        while !proven() {
            let left = options.timeLimitSeconds - elapsed()
            guard left > 0.2 else { break }
            // A block of employees × consecutive days with about `targetCells` cells.
            let dayCount: Int
            let employeeCount: Int
            switch rng.next() % 3 {
            case 0: // whole horizon for a few employees
                employeeCount = max(1, min(E, targetCells / D)); dayCount = D
            case 1: // every employee for a window of days
                dayCount = max(2, min(D, targetCells / E)); employeeCount = E
            default: // a square-ish block
                dayCount = max(2, min(D, Int(Double(targetCells).squareRoot() * 1.5))); employeeCount = max(1, min(E, targetCells / dayCount))
            }
            let firstDay = D > dayCount ? Int(rng.next() % UInt64(D - dayCount + 1)) : 0
            var employees = Array(0..<E)
            for i in stride(from: E - 1, to: 0, by: -1) { employees.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            let freeEmployees = Set(employees.prefix(employeeCount))
            let fixed: [[CurtoisModel.Cell]] = (0..<E).map { e in
                (0..<D).map { d in
                    if freeEmployees.contains(e), d >= firstDay, d < firstDay + dayCount { return .free }
                    return grid[e][d].map { .shift($0) } ?? .off
                }
            }
            let sub = CurtoisModel(instance, fixed: fixed)
            tried += 1
            guard sub.brokenRows.isEmpty else { continue }
            let limit = min(options.subproblemSeconds, left)
            let r = try neighbourhoodBackend.solve(sub.model, options: SolveOptions(timeLimitSeconds: limit, relativeGap: 1e-9))
            // Adapt the size: grow after a sub-MIP solved to optimality, shrink after a timeout.
            if r.status == .optimal && r.seconds < limit / 4 { targetCells = min(E * D, targetCells * 5 / 4 + 1) }
            else if r.status != .optimal { targetCells = max(20, targetCells * 3 / 4) }
            guard r.status.hasSolution else { continue }
            let candidate = sub.grid(r.values)
            let evaluation = CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: candidate))
            guard evaluation.isFeasible, evaluation.objective <= best.objective else { continue }
            if evaluation.objective < best.objective { improved += 1 }
            grid = candidate
            best = evaluation
        }
        let status: SolveStatus = (best.isFeasible && proven()) ? .optimal : .feasible
        return CurtoisResult(status: status, objective: best.objective, bound: bound, seconds: elapsed(),
                             solution: CurtoisSolution(grid: grid), evaluation: best,
                             neighbourhoods: tried, improvements: improved, fullModelObjective: fullObjective)
    }
}

extension CurtoisSolver {
    /// A roster built one employee at a time: each sub-MIP has one free employee, the ones placed
    /// before fixed and the rest left out. Nil when an employee has no feasible schedule or time runs out.
    func construct(_ instance: CurtoisInstance, until limit: Double, elapsed: () -> Double) throws -> [[Int?]]? {
        let E = instance.staff.count, D = instance.days
        var fixed = [[CurtoisModel.Cell]](repeating: [CurtoisModel.Cell](repeating: .free, count: D), count: E)
        var placed = Set<Int>()
        var grid = [[Int?]](repeating: [Int?](repeating: nil, count: D), count: E)
        for e in 0..<E {
            let left = limit - elapsed()
            guard left > 0.2 else { return nil }
            placed.insert(e)
            let sub = CurtoisModel(instance, fixed: fixed, employees: placed)
            guard sub.brokenRows.isEmpty else { return nil }
            let r = try neighbourhoodBackend.solve(sub.model, options: SolveOptions(timeLimitSeconds: min(left, max(1, left / Double(E - e))), relativeGap: 1e-9))
            guard r.status.hasSolution else { return nil }
            grid[e] = sub.grid(r.values)[e]
            fixed[e] = grid[e].map { $0.map { .shift($0) } ?? .off }
        }
        return grid
    }
}

/// A small seeded generator (SplitMix64), so neighbourhood choices are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
