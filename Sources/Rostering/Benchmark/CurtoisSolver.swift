import Foundation
import Optimization

/// Options of a Curtois & Qu solve.
public struct CurtoisSolveOptions: Sendable {
    /// Wall-clock limit of the whole solve, in seconds.
    public var timeLimitSeconds: Double
    /// Share of the time given to the full MIP (started from the best roster when the search
    /// stalls or has used the rest; first when the construction found no roster): its proven
    /// bound, sometimes a better roster, on small instances the proof of optimality.
    public var fullModelShare: Double
    /// Time limit of one neighbourhood sub-MIP, in seconds.
    public var subproblemSeconds: Double
    /// Employee-days freed in the first neighbourhood (then grown or shrunk with the sub-MIP times).
    public var initialNeighbourhoodCells: Int
    /// Seed of the neighbourhood choice (the search is reproducible for a given seed and timing).
    public var seed: UInt64

    public init(timeLimitSeconds: Double = 60, fullModelShare: Double = 0.25, subproblemSeconds: Double = 1, initialNeighbourhoodCells: Int = 150, seed: UInt64 = 1) {
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
    /// Objective of the first roster (the construction's, or the full MIP's when the
    /// construction found none), nil without one.
    public var fullModelObjective: Int?
    /// Seconds from the start until the returned roster was found.
    public var bestFoundSeconds: Double? = nil
}

/// Solves a Curtois & Qu instance with the project's MIP layer: a greedy construction (one
/// employee's sub-MIP at a time), a large-neighbourhood search (most of the roster fixed, a few
/// employees × the horizon, every employee × a few days or a block re-optimised by a sub-MIP
/// started from the incumbent), and the full MIP from the best roster for the proven bound, until
/// the time limit or the bound is reached.
public struct CurtoisSolver: Sendable {
    /// Solves the full model (and gives the bound); CBC with one thread by default (CBC 2.10.8
    /// crashed in its cut library with two threads on Instance7).
    public var backend: any MIPSolver
    /// Solves the construction's and the neighbourhoods' sub-models (`subMIPBackend` by default).
    public var neighbourhoodBackend: any MIPSolver

    public init(backend: any MIPSolver = CBCSolver(threads: 1), neighbourhoodBackend: any MIPSolver = CurtoisSolver.subMIPBackend) {
        self.backend = backend
        self.neighbourhoodBackend = neighbourhoodBackend
    }

    /// CBC for the many small sub-MIPs of the search: from the incumbent, without cut generation
    /// or primal heuristics, whose set-up costs more than these small trees.
    public static let subMIPBackend = CBCSolver(threads: 1, parameters: ["cuts": "off", "heuristics": "off"])

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
        // 1. A first roster, built one employee at a time (each employee's hard rules are their
        //    own; cover is soft), in at most a quarter of the time.
        let constructed = try construct(instance, until: options.timeLimitSeconds * 0.3, elapsed: elapsed)
        let E = instance.staff.count, D = instance.days
        var grid: [[Int?]] = constructed ?? []
        var best = constructed.map { CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: $0)) }
        var bestFound = elapsed()
        var bound: Double?
        var fullObjective: Int?
        var tried = 0, improved = 0
        func proven() -> Bool {
            guard let best, let bound else { return false }
            return best.isFeasible && Double(best.objective) <= bound + 1e-6
        }

        // The full MIP from the incumbent as its MIP start: the proven bound, maybe a better
        // roster, on small instances the proof of optimality. Returns false when it proves the
        // model infeasible.
        func fullMIP(until end: Double) throws -> Bool {
            let limit = end - elapsed()
            guard limit > 0.2 else { return true }
            let r = try backend.solve(full.model, options: SolveOptions(timeLimitSeconds: limit, relativeGap: 1e-9,
                                                                        initialSolution: best == nil ? nil : full.values(grid)))
            if r.status == .infeasible { return false }
            if let b = r.bound { bound = max(bound ?? -.infinity, full.model.roundedBound(b)) }
            if r.status.hasSolution {
                let candidate = full.grid(r.values)
                let evaluation = CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: candidate))
                if evaluation.isFeasible, best.map({ evaluation.objective < $0.objective }) ?? true {
                    if best != nil { improved += 1 }
                    grid = candidate; best = evaluation; bestFound = elapsed()
                }
                if r.status == .optimal, let best, best.objective == evaluation.objective { bound = Double(best.objective) }
            }
            fullObjective = fullObjective ?? best?.objective
            return true
        }

        // Large-neighbourhood search: most of the roster fixed, a part re-optimised by a sub-MIP
        // from the incumbent. Three kinds of neighbourhood, each with its own size, grown after a
        // sub-MIP solved quickly to optimality and shrunk after a timeout: a few employees over
        // the whole horizon (their per-horizon rules move with them), every employee over a few
        // days (shifts trade between people), and a block of employees × days.
        var rng = SplitMix64(seed: options.seed)
        var size = [min(E, 2), min(D, 3), min(E * D, options.initialNeighbourhoodCells)]
        let lowest = [min(E, 2), min(D, 2), 20], highest = [E, D, E * D]
        func search(until end: Double, stallSeconds: Double) throws {
            var lastImprovement = elapsed()
            while !proven(), best != nil {
                let now = elapsed()
                let left = end - now
                guard left > 0.1, now - lastImprovement < stallSeconds else { break }
                let kind = [0, 0, 0, 1, 1, 2][Int(rng.next() % 6)]
                let employeeCount: Int, dayCount: Int
                switch kind {
                case 0: employeeCount = size[0]; dayCount = D
                case 1: employeeCount = E; dayCount = size[1]
                default:
                    dayCount = max(2, min(D, Int(Double(size[2]).squareRoot() * 1.5)))
                    employeeCount = max(1, min(E, size[2] / dayCount))
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
                let r = try neighbourhoodBackend.solve(sub.model, options: SolveOptions(timeLimitSeconds: limit, relativeGap: 1e-9,
                                                                                        initialSolution: sub.values(grid)))
                if r.status == .optimal && r.seconds < limit / 4 { size[kind] = min(highest[kind], size[kind] * 5 / 4 + 1) }
                else if r.status != .optimal { size[kind] = max(lowest[kind], size[kind] * 3 / 4) }
                guard r.status.hasSolution, let incumbent = best else { continue }
                let candidate = sub.grid(r.values)
                let evaluation = CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: candidate))
                guard evaluation.isFeasible, evaluation.objective <= incumbent.objective else { continue }
                if evaluation.objective < incumbent.objective { improved += 1; bestFound = elapsed(); lastImprovement = bestFound }
                grid = candidate
                best = evaluation
            }
        }

        let T = options.timeLimitSeconds
        let share = min(1, max(0, options.fullModelShare))
        if best == nil {
            // No roster from the construction: the full MIP first.
            guard try fullMIP(until: elapsed() + max(0.5, T * share)) else {
                return CurtoisResult(status: .infeasible, objective: nil, bound: nil, seconds: elapsed(), solution: nil, evaluation: nil,
                                     neighbourhoods: 0, improvements: 0, fullModelObjective: nil)
            }
            if best == nil, let again = try construct(instance, until: T, elapsed: elapsed) {
                // Neither in their time: the construction again with all that is left.
                grid = again
                best = CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: again))
                bestFound = elapsed()
                fullObjective = best?.objective
            }
            try search(until: T, stallSeconds: .infinity)
        } else {
            fullObjective = best?.objective
            // The search until it stalls or the full MIP's share is all that is left, then the
            // full MIP from the best roster, then the search again with whatever time remains.
            try search(until: T * (1 - share), stallSeconds: max(3, T * 0.15))
            guard try fullMIP(until: proven() ? 0 : min(T, elapsed() + max(0.5, T * share))) else {
                return CurtoisResult(status: .infeasible, objective: nil, bound: nil, seconds: elapsed(), solution: nil, evaluation: nil,
                                     neighbourhoods: tried, improvements: improved, fullModelObjective: nil)
            }
            try search(until: T, stallSeconds: .infinity)
        }
        guard let best else {
            return CurtoisResult(status: .noSolution, objective: nil, bound: bound, seconds: elapsed(), solution: nil, evaluation: nil,
                                 neighbourhoods: tried, improvements: improved, fullModelObjective: nil)
        }
        return CurtoisResult(status: proven() ? .optimal : .feasible, objective: best.objective, bound: bound, seconds: elapsed(),
                             solution: CurtoisSolution(grid: grid), evaluation: best,
                             neighbourhoods: tried, improvements: improved, fullModelObjective: fullObjective,
                             bestFoundSeconds: bestFound)
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
            var r = try neighbourhoodBackend.solve(sub.model, options: SolveOptions(timeLimitSeconds: min(left, max(1, left / Double(E - e))), relativeGap: 0.02))
            if !r.status.hasSolution, r.status != .infeasible, limit - elapsed() > 0.2 {
                // Any schedule that keeps this employee's rules: the same rows without an objective.
                var feasibility = sub.model
                for j in 0..<feasibility.variableCount { feasibility.setObjective(Variable(index: j), 0) }
                r = try neighbourhoodBackend.solve(feasibility, options: SolveOptions(timeLimitSeconds: limit - elapsed(), relativeGap: 1e-9))
            }
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

