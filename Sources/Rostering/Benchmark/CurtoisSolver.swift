import Foundation
import Optimization

/// Options of a Curtois & Qu solve.
public struct CurtoisSolveOptions: Sendable {
    /// Wall-clock limit of the whole solve, in seconds.
    public var timeLimitSeconds: Double
    /// Time limit of one neighbourhood sub-MIP, in seconds.
    public var subproblemSeconds: Double
    /// Employee-days freed in the first neighbourhood (then grown or shrunk with the sub-MIP times).
    public var initialNeighbourhoodCells: Int
    /// Seed of the neighbourhood choice (the search is reproducible for a given seed and timing).
    public var seed: UInt64
    /// Told of each phase and each better roster (for `--verbose`); the library prints nothing.
    public var progress: (@Sendable (String) -> Void)?

    public init(timeLimitSeconds: Double = 60, subproblemSeconds: Double = 1, initialNeighbourhoodCells: Int = 150, seed: UInt64 = 1,
                progress: (@Sendable (String) -> Void)? = nil) {
        self.timeLimitSeconds = timeLimitSeconds
        self.progress = progress
        self.subproblemSeconds = subproblemSeconds
        self.seed = seed
        self.initialNeighbourhoodCells = max(1, initialNeighbourhoodCells)
    }
}

/// The answer of a Curtois & Qu solve.
public struct CurtoisResult: Sendable {
    /// `optimal` when the objective equals the proven bound, `feasible` with a roster,
    /// `infeasible` when an employee has no legal schedule at all, `no_solution` when time ran
    /// out (or the capped DP found none) first.
    public var status: SolveStatus
    public var objective: Int?
    /// Best proven lower bound (column generation's, rounded up to a whole number; the
    /// objective when the branch-and-price tree was exhausted or the master MIP over every
    /// column that can improve was solved), nil when the pricing did not
    /// finish in time or was not run (large instances).
    public var bound: Double?
    public var seconds: Double
    public var solution: CurtoisSolution?
    /// The independent evaluator's verdict on `solution`.
    public var evaluation: CurtoisEvaluation?
    /// Neighbourhoods searched and how many improved the roster.
    public var neighbourhoods: Int
    public var improvements: Int
    /// Objective of the first roster (the DP construction's), nil without one.
    public var constructionObjective: Int?
    /// Seconds from the start until the returned roster was found.
    public var bestFoundSeconds: Double? = nil
    /// Branch-and-price nodes solved (column generation at each).
    public var nodes: Int = 0
}

/// Solves a Curtois & Qu instance within its time limit:
/// 1. a first roster from the per-employee schedule DP (`CurtoisScheduleDP`: each employee's
///    cheapest legal schedule against the cover the ones before left), then whole-schedule DP
///    moves (each employee re-planned exactly against the others) — always legal;
/// 2. on instances where the exact DP is cheap (≤ 4 weeks, ≤ 3 shift types: 1–7), column
///    generation (`CurtoisColumnGeneration`: master LP by GLPK, exact DP pricing) for the proven
///    bound (Lagrangian, rounded up), a column dive for a roster, price and enumerate
///    (`enumerateColumns`: every column the root's reduced costs allow in a roster within 2 of
///    the bound, the master MIP by CBC over all of them — a proof when nothing was cut — or
///    over those nearest to the root LP) until 15 % of the limit (or of a minute, whichever is
///    less), then branch and price with the time left (on days off, weekends first, then on
///    single shifts), price and enumerate again at every node whose columns that can beat the
///    incumbent are few (a node settled by one small MIP), the restricted master now and then
///    for rosters;
/// 3. the large-neighbourhood search (sub-MIPs of the compact model `CurtoisModel` from the
///    incumbent) with whatever time remains (on large instances after step 1).
/// Every phase checks the remaining time; a sub-MIP gets at most what is left.
public struct CurtoisSolver: Sendable {
    /// Solves the restricted master MIP over the generated columns; CBC with one thread by
    /// default (CBC 2.10.8 crashed in its cut library with two threads on Instance7).
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
        let T = options.timeLimitSeconds
        let E = instance.staff.count, D = instance.days
        var phase = "construction"
        func note(_ message: String) { options.progress?(String(format: "%7.2f s ", elapsed()) + message) }
        var tried = 0, improved = 0

        // 1. A first roster: each employee's cheapest legal schedule by dynamic programming
        //    against the cover left by the employees before, then whole-schedule moves.
        var moves = CurtoisScheduleMoves(instance, exact: CurtoisScheduleMoves.exactIsCheap(instance))
        guard let constructed = moves.construct(until: { elapsed() > T * 0.5 }, secondsLeft: { T * 0.3 - elapsed() }) else {
            let status: SolveStatus = moves.someoneHasNoSchedule ? .infeasible : .noSolution
            if let e = moves.unplannedEmployee { note("construction: no schedule found for employee \(instance.staff[e].id)") }
            return CurtoisResult(status: status, objective: nil, bound: nil, seconds: elapsed(), solution: nil, evaluation: nil,
                                 neighbourhoods: 0, improvements: 0, constructionObjective: nil)
        }
        var grid = constructed
        var best = CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: grid))
        precondition(best.isFeasible, "the schedule DP built a roster that breaks a hard rule: \(best.violations.first?.message ?? "")")
        let firstObjective = best.objective
        note("construction: \(best.objective)")
        phase = "DP moves"
        var bestFound = elapsed()
        var bound: Double?
        func offer(_ candidate: [[Int?]]) -> Bool {
            let evaluation = CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: candidate))
            guard evaluation.isFeasible, evaluation.objective <= best.objective else { return false }
            let better = evaluation.objective < best.objective
            if better { improved += 1; bestFound = elapsed(); note("\(phase): \(evaluation.objective)") }
            grid = candidate
            best = evaluation
            return better
        }
        func descend(until end: Double) {
            let g = moves.descend(grid, until: { elapsed() > end })
            _ = offer(g)
        }
        func proven() -> Bool { bound.map { Double(best.objective) <= $0 + 1e-6 } ?? false }
        // Until no employee's schedule improves (at once on 1–21); on 52 weeks the moves keep
        // improving far longer than the sub-MIPs of the search do (Instance24: −45 % in 23 s).
        descend(until: T * 0.85)

        // Large-neighbourhood search: most of the roster fixed, a part re-optimised by a sub-MIP
        // from the incumbent. Three kinds of neighbourhood, each with its own size, grown after a
        // sub-MIP solved quickly to optimality and shrunk after a timeout: a few employees over
        // the whole horizon (their per-horizon rules move with them), every employee over a few
        // days (shifts trade between people), and a block of employees × days. Whole-schedule
        // moves by the DP after every improvement.
        // CBC 2.10.8 crashed the process (null pointer in libCgl, also with preprocessing off)
        // on sub-MIPs of Instances 10, 12 and 13: GLPK for the sub-MIPs of the instances beyond
        // the exact DP (8–24); CBC where it ran without a crash (1–7).
        let lnsBackend: any MIPSolver = !moves.exact && neighbourhoodBackend is CBCSolver
            ? GLPKSolver(cuts: false) : neighbourhoodBackend
        var rng = SplitMix64(seed: options.seed)
        var size = [min(E, 2), min(D, 3), min(E * D, options.initialNeighbourhoodCells)]
        let lowest = [min(E, 2), min(D, 2), 20], highest = [E, D, E * D]
        func search(until end: Double, stallSeconds: Double) throws {
            var lastImprovement = elapsed()
            // Building a sub-model of a 52-week instance takes longer than its solve: no new
            // neighbourhood when the last one (model and solve) would not fit in the time left.
            var lastRound = 0.0
            while !proven() {
                let now = elapsed()
                let left = end - now
                guard left > max(0.1, lastRound * 1.2), now - lastImprovement < stallSeconds else { break }
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
                guard limit > 0.05 else { break }
                let r = try lnsBackend.solve(sub.model, options: SolveOptions(timeLimitSeconds: limit, relativeGap: 1e-9,
                                                                                        initialSolution: sub.values(grid)))
                lastRound = elapsed() - now
                if r.status == .optimal && r.seconds < limit / 4 { size[kind] = min(highest[kind], size[kind] * 5 / 4 + 1) }
                else if r.status != .optimal { size[kind] = max(lowest[kind], size[kind] * 3 / 4) }
                guard r.status.hasSolution else { continue }
                if offer(sub.grid(r.values)) {
                    lastImprovement = elapsed()
                    descend(until: end)
                }
            }
        }

        // 2. Column generation (exact pricing by the DP) for the bound, a column dive, price and
        //    enumerate and DP moves for rosters, then branching on days off and shifts with the
        //    time left.
        var nodes = 0
        if moves.exact, elapsed() < T * 0.9 {
            phase = "column generation"
            let cg = try CurtoisColumnGeneration(instance, deadline: { elapsed() > T * 0.97 || proven() })
            cg.offer(grid)
            var lastMaster = elapsed()
            // Price and enumerate: every column that can be in a roster within 2 of the root bound
            // (or better than the incumbent when that is nearer), by the root's reduced costs; the
            // master MIP over all of them when they are few enough (a roster proven optimal when
            // nothing was cut), else over those nearest to the root LP solution (300 per employee,
            // doubled while the MIP solves), then over the 3000 nearest of 6 random employees and
            // the 100 nearest of everyone else's, until 15 % of the limit. On Instance7 this finds
            // 1057 in 7–12 s. Its shares are of a minute at most: the tree, which proves 1–7, gets
            // the rest of a longer limit (at 600 s the enumeration held Instance5's proof to 64 s).
            let P = min(T, 60)
            func enumerate() {
                let mipSeconds = max(2, P * 0.13), whole = 20_000
                var keep = 300, widening = false
                while !proven(), elapsed() < P * 0.15, let b = bound {
                    phase = "price and enumerate"
                    let started = elapsed()
                    cg.offer(grid)
                    let target = min(best.objective, Int(b) + 2)
                    var wide = Set<Int>()
                    if widening { while wide.count < min(E, 6) { wide.insert(Int(rng.next() % UInt64(E))) } }
                    guard let found = cg.enumerateColumns(upperBound: target, capPerEmployee: 400_000, allIfAtMost: whole,
                                                          keep: { widening ? (wide.contains($0) ? 3000 : 100) : keep },
                                                          rank: { e, s in cg.distanceToRootLP(e, s) }) else { return }
                    note("enumerated \(found.columns.count) columns in \(String(format: "%.2f", elapsed() - started)) s"
                         + (found.complete ? " (all that can be in a roster below \(target))"
                            : widening ? ", 3000 of employees \(wide.sorted()), 100 of the others" : ", \(keep) per employee nearest to the LP"))
                    let mipStarted = elapsed()
                    guard let m = try? cg.masterMIP(over: found.columns, backend: backend,
                                                    seconds: min(found.complete ? P * 0.3 : mipSeconds, T * 0.9 - elapsed())) else { return }
                    let better = offer(m.grid)
                    note("master MIP over them: \(m.optimal ? "optimal" : "stopped") in \(String(format: "%.2f", elapsed() - mipStarted)) s")
                    if better { descend(until: T * 0.9) }
                    if found.complete {
                        // Every roster below `target` is made of these columns: when the MIP's
                        // optimum is below `target` it is the optimum, else none is below.
                        if m.optimal {
                            let mip = CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: m.grid)).objective
                            bound = max(bound ?? -.infinity, Double(min(mip, target)))
                        }
                        return
                    }
                    if better { continue }
                    if !widening, m.optimal, keep < 600 { keep *= 2 } else { widening = true }
                }
            }
            // Price and enumerate at the nodes: the master MIP over a node's columns that can
            // beat the incumbent when there are at most 3000 (CBC solves those in 0.1–3 s on
            // Instance7; 8000 took too long), which settles the node.
            cg.run(poolLimit: 3000, solvePool: { pool in
                try? cg.masterMIP(over: pool, backend: backend, seconds: min(T * 0.1, T * 0.97 - elapsed()))
            }) { cg in
                if let root = cg.rootBound, root.isFinite { bound = max(bound ?? -.infinity, (root - 1e-6).rounded(.up)) }
                note("root bound \(bound.map { String(Int($0)) } ?? "–"), \(cg.columns.count) columns")
                phase = "column dive"
                cg.columnDive()
                if let incumbent = cg.incumbent { _ = offer(incumbent.grid) }
                descend(until: T * 0.97)
                enumerate()
                // Then the tree with the rest of the time: with price and enumerate at its nodes
                // it proves 1–6 sooner than the restricted master, neighbourhood searches and
                // randomised dives that used to come first (Instance1: 0.1 s instead of 36 s).
                cg.offer(grid)
                phase = "branch and price"
                note("branch and price from \(best.objective)")
            } onNode: { rounded in
                let g = moves.descend(rounded, until: { elapsed() > T * 0.97 })
                var better = offer(g) ? g : nil
                // Now and then the restricted master again over the columns the tree generated.
                if elapsed() - lastMaster > T * 0.12, !proven(),
                   let m = try? cg.restrictedMasterMIP(backend: backend, seconds: min(T * 0.06, T * 0.97 - elapsed())) {
                    lastMaster = elapsed()
                    let d = moves.descend(m, until: { elapsed() > T * 0.97 })
                    if offer(d) { better = d }
                }
                return better
            }
            if let incumbent = cg.incumbent { _ = offer(incumbent.grid) }
            nodes = cg.nodes
            note("tree: \(cg.nodes) nodes, \(cg.treeExhausted ? "exhausted" : "stopped")")
            if cg.treeExhausted { bound = max(bound ?? -.infinity, Double(best.objective)) }
        }
        // 3. The search with whatever time remains.
        phase = "neighbourhood search"
        try search(until: T * 0.97, stallSeconds: .infinity)
        return CurtoisResult(status: proven() ? .optimal : .feasible, objective: best.objective, bound: bound, seconds: elapsed(),
                             solution: CurtoisSolution(grid: grid), evaluation: best,
                             neighbourhoods: tried, improvements: improved, constructionObjective: firstObjective,
                             bestFoundSeconds: bestFound, nodes: nodes)
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

