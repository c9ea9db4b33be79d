import CCBC
import Foundation

/// The CBC backend (COIN-OR Branch and Cut, through its C interface `Cbc_C_Interface.h`).
///
/// Same contract as `GLPKSolver`: the model and options are validated in Swift before any C
/// call, a wall-clock time limit is always set, the relative gap is passed on, and the result
/// reports status, objective, proven bound, gap, seconds and branch-and-bound nodes.
///
/// CBC's C interface runs the CBC command-line driver (`CbcMain1`), which keeps some state in
/// static variables; solves are therefore serialised through one process-wide lock (a second
/// concurrent solve waits; its time limit counts from when it starts solving). The lock is
/// first come, first served: a caller solving many small MIPs in a loop (the column-generation
/// tree's node pools) cannot take it back again and again while another caller waits.
public struct CBCSolver: MIPSolver {
    public var name: String { "cbc" }

    /// Threads CBC may use for its tree search (1: deterministic, no extra cores taken).
    public var threads: Int

    /// Further CBC parameters by name, as the `cbc` command line takes them (e.g. `["cuts": "off",
    /// "preprocess": "off", "heuristics": "off"]` for many small sub-MIPs); applied after the
    /// limits above. `multiWeekPlan` holds the settings `roster plan` uses for a period of
    /// several weeks.
    public var parameters: [String: String]

    /// Preprocessing off: on the 4-week plan (10,251 integers, 60 s, 2026-12-08) CBC with it ended
    /// at 0 nodes (the whole minute at the root; gap 2.36%) and without it reached 1.74% in 279
    /// nodes (cuts off instead: 2.41%).
    public static let multiWeekPlan = ["preprocess": "off"]

    public init(threads: Int = 1, parameters: [String: String] = [:]) {
        self.threads = threads
        self.parameters = parameters
    }

    /// The CBC library version, e.g. `2.10.8`.
    public static var version: String { String(cString: Cbc_getVersion()) }

    public func solve(_ model: LinearModel, options: SolveOptions) throws -> SolveResult {
        try model.validate()
        try options.validate()
        guard threads >= 1 else { throw OptimizationError.invalidOption("CBC threads must be at least 1, got \(threads)") }
        if model.variableCount == 0 {
            let infeasible = model.constraints.contains { $0.lower > 0 || $0.upper < 0 }
            return SolveResult(solver: name, status: infeasible ? .infeasible : .optimal,
                               objective: infeasible ? nil : model.objectiveConstant,
                               bound: infeasible ? nil : model.objectiveConstant, gap: infeasible ? nil : 0,
                               seconds: 0, values: [], nodes: 0)
        }
        // Bounds and rows that contradict each other never reach CBC: its preprocessing can round
        // such bounds until they cross and Clp then aborts the process (see BoundCheck.swift).
        if let why = model.boundConflict() {
            return SolveResult(solver: name, status: .infeasible, objective: nil, bound: nil, gap: nil,
                               seconds: 0, values: [], nodes: 0, detail: why)
        }
        return try CBCSolver.lock.withLock {
            try solveChecked(model, options: options).keepingWarmStart(model, options)
        }
    }

    /// One solve under the lock, with "infeasible" told apart from "unbounded".
    private func solveChecked(_ model: LinearModel, options: SolveOptions) throws -> SolveResult {
        let r = try solveLocked(model, options: options)
        guard r.status == .infeasible, model.variables.contains(where: { $0.objective != 0 }) else { return r }
        // CBC's first LP reports "infeasible" for a dual-infeasible (unbounded) relaxation too.
        // The same rows with a zero objective cannot be unbounded: a solution means the model
        // is feasible, so its relaxation (and, with rational data, the model) is unbounded.
        var feasibility = model
        for j in 0..<model.variableCount { feasibility.setObjective(Variable(index: j), 0) }
        var rest = options
        rest.timeLimitSeconds = max(0.01, options.timeLimitSeconds - r.seconds)
        rest.initialSolution = nil
        let check = try solveLocked(feasibility, options: rest)
        guard check.status.hasSolution else { return r }
        return SolveResult(solver: name, status: .unbounded, objective: nil, bound: nil, gap: nil,
                           seconds: r.seconds + check.seconds, values: [], nodes: r.nodes)
    }

    private static let lock = TicketLock()

    /// CBC's infinity (COIN_DBL_MAX).
    private static func cbcBound(_ v: Double) -> Double {
        v == .infinity ? Double.greatestFiniteMagnitude : (v == -.infinity ? -Double.greatestFiniteMagnitude : v)
    }

    private func solveLocked(_ model: LinearModel, options: SolveOptions) throws -> SolveResult {
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Double {
            let d = clock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        guard let cbc = Cbc_newModel() else { throw OptimizationError.solverFailed(solver: name, message: "cannot create a model") }
        defer { Cbc_deleteModel(cbc) }

        // Column-major matrix (CBC's loadProblem takes compressed sparse columns).
        let n = model.variableCount, m = model.constraintCount
        var columns = Array(repeating: [(row: Int32, value: Double)](), count: n)
        for i in 0..<m {
            for t in model.mergedTerms(i) { columns[t.index].append((row: Int32(i), value: t.coefficient)) }
        }
        var start: [CoinBigIndex] = [0], index: [Int32] = [], value: [Double] = []
        for column in columns {
            for e in column { index.append(e.row); value.append(e.value) }
            start.append(CoinBigIndex(index.count))
        }
        let colLower = model.variables.map { CBCSolver.cbcBound($0.lower) }
        let colUpper = model.variables.map { CBCSolver.cbcBound($0.upper) }
        let objective = model.variables.map(\.objective)
        let rowLower = model.constraints.map { CBCSolver.cbcBound($0.lower) }
        let rowUpper = model.constraints.map { CBCSolver.cbcBound($0.upper) }
        Cbc_loadProblem(cbc, Int32(n), Int32(m), start, index, value, colLower, colUpper, objective, rowLower, rowUpper)
        for (j, v) in model.variables.enumerated() where v.integer { Cbc_setInteger(cbc, Int32(j)) }
        Cbc_setObjSense(cbc, model.sense == .minimize ? 1 : -1)

        // Quiet, wall-clock time limit, relative gap.
        Cbc_setLogLevel(cbc, 0)
        Cbc_setParameter(cbc, "log", "0")
        Cbc_setParameter(cbc, "slog", "0")
        Cbc_setParameter(cbc, "timeMode", "elapsed")
        let seconds = max(0.01, options.timeLimitSeconds - elapsed())
        Cbc_setParameter(cbc, "seconds", String(seconds))
        Cbc_setMaximumSeconds(cbc, seconds)
        Cbc_setParameter(cbc, "ratioGap", String(options.relativeGap))
        Cbc_setAllowableFractionGap(cbc, options.relativeGap)
        if threads > 1 { Cbc_setParameter(cbc, "threads", String(threads)) }
        for (key, value) in parameters.sorted(by: { $0.key < $1.key }) { Cbc_setParameter(cbc, key, value) }

        // A warm start: the caller's incumbent, when it satisfies every constraint.
        if let start = options.initialSolution, start.count == n, model.maxViolation(start) <= 1e-7 {
            let columns = (0..<n).filter { start[$0] != 0 }
            Cbc_setMIPStartI(cbc, Int32(columns.count), columns.map { Int32($0) }, columns.map { start[$0] })
        }

        options.progress?("CBC: \(n) variables (\(model.integerVariableCount) integer), \(m) rows, up to \(String(format: "%.1f", seconds)) s"
                          + (options.initialSolution != nil ? ", warm start offered" : "")
                          + (parameters.isEmpty ? "" : ", " + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
        let ret = Cbc_solve(cbc)
        let nodes = Int(Cbc_getNodeCount(cbc))
        func result(_ status: SolveStatus, objective: Double? = nil, bound: Double? = nil, gap: Double? = nil,
                    values: [Double] = [], detail: String? = nil) -> SolveResult {
            SolveResult(solver: name, status: status, objective: objective, bound: bound, gap: gap,
                        seconds: elapsed(), values: values, nodes: max(0, nodes), detail: detail)
        }
        if Cbc_isContinuousUnbounded(cbc) != 0 { return result(.unbounded) }
        let solution: UnsafePointer<Double>? = model.integerVariableCount == 0
            ? Cbc_getColSolution(cbc) : Cbc_bestSolution(cbc).map { UnsafePointer($0) }
        let hasSolution: Bool
        if model.integerVariableCount == 0 {
            hasSolution = Cbc_isProvenOptimal(cbc) != 0 || Cbc_isInitialSolveProvenOptimal(cbc) != 0
        } else {
            hasSolution = Cbc_bestSolution(cbc) != nil
        }
        if Cbc_isProvenInfeasible(cbc) != 0 || Cbc_isInitialSolveProvenPrimalInfeasible(cbc) != 0 {
            if !hasSolution {
                // CBC's driver reports an initial LP (or preprocessing) cut short by the time
                // limit as "infeasible" too: that is no proof, so it is a time limit.
                if Cbc_isSecondsLimitReached(cbc) != 0 || elapsed() >= seconds * 0.98 {
                    return result(.noSolution, detail: "CBC stopped at the \(seconds) s time limit before it found a solution or proved infeasibility")
                }
                return result(.infeasible)
            }
        }
        guard hasSolution, let solution else {
            if Cbc_isAbandoned(cbc) != 0 || ret != 0 && Cbc_isSecondsLimitReached(cbc) == 0 {
                throw OptimizationError.solverFailed(solver: name, message: "CBC stopped with status \(Cbc_status(cbc)), secondary status \(Cbc_secondaryStatus(cbc))")
            }
            // No solution and no proof of infeasibility (proven cases returned above): CBC stopped
            // early, e.g. on the time limit inside its first LP. Never claim "infeasible" unproven.
            let b = Cbc_getBestPossibleObjValue(cbc)
            let timedOut = Cbc_isSecondsLimitReached(cbc) != 0 || Cbc_secondaryStatus(cbc) == 4
            return result(.noSolution, bound: timedOut && b.isFinite && abs(b) < 1e30 ? model.roundedBound(b + model.objectiveConstant) : nil,
                          detail: "CBC stopped at the \(seconds) s time limit before it found a solution")
        }
        let values = (0..<n).map { j -> Double in
            let x = solution[j]
            return model.variables[j].integer ? x.rounded() : x
        }
        let objectiveValue = model.integerVariableCount == model.variableCount
            ? model.objectiveValue(values) : Cbc_getObjValue(cbc) + model.objectiveConstant
        if model.integerVariableCount == 0 {
            return result(.optimal, objective: objectiveValue, bound: objectiveValue, gap: 0, values: values)
        }
        let provenOptimal = Cbc_isProvenOptimal(cbc) != 0 && Cbc_secondaryStatus(cbc) != 2
        var bound = Cbc_getBestPossibleObjValue(cbc) + model.objectiveConstant
        if !bound.isFinite || abs(bound) >= 1e30 { bound = model.sense == .minimize ? -.infinity : .infinity }
        if provenOptimal { bound = objectiveValue }
        bound = model.roundedBound(bound)
        bound = model.sense == .minimize ? min(bound, objectiveValue) : max(bound, objectiveValue)
        let gap = bound.isFinite ? SolveResult.relativeGap(objective: objectiveValue, bound: bound) : nil
        let status: SolveStatus = provenOptimal || (gap.map { $0 <= options.relativeGap } ?? false) ? .optimal : .feasible
        return result(status, objective: objectiveValue, bound: bound.isFinite ? bound : nil, gap: gap, values: values)
    }
}

/// A first-come, first-served lock: each caller takes a ticket and runs when it is served.
final class TicketLock: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0, serving = 0

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        let ticket = next
        next += 1
        while serving != ticket { condition.wait() }
        condition.unlock()
        defer {
            condition.lock()
            serving += 1
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }

    /// Callers holding a ticket that is not yet served (for tests).
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return next - serving - 1
    }
}
