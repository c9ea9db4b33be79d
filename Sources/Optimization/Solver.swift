/// Limits of one solve.
public struct SolveOptions: Sendable {
    /// Wall-clock limit of the whole solve (LP relaxation and branch and bound), in seconds.
    public var timeLimitSeconds: Double
    /// Stop when (|objective − bound| / |objective|) falls to this.
    public var relativeGap: Double
    /// Try a rounding of node LP solutions as an incumbent (a cheap warm start).
    public var roundingHeuristic: Bool
    /// A warm start: one value per variable of the model. Offered to the solver as its first
    /// incumbent when it satisfies every bound, integrality and constraint; ignored otherwise.
    public var initialSolution: [Double]?
    /// Progress lines of a long solve (elapsed seconds, nodes, incumbent, bound, gap), at most one
    /// every `progressIntervalSeconds`; nil: silent. GLPK reports from its branch-and-bound
    /// callback; CBC (no callback in its C interface here) at its start only.
    public var progress: (@Sendable (String) -> Void)?
    public var progressIntervalSeconds = 5.0

    public init(timeLimitSeconds: Double = 20, relativeGap: Double = 1e-4, roundingHeuristic: Bool = true,
                initialSolution: [Double]? = nil, progress: (@Sendable (String) -> Void)? = nil) {
        self.progress = progress
        self.timeLimitSeconds = timeLimitSeconds
        self.relativeGap = relativeGap
        self.roundingHeuristic = roundingHeuristic
        self.initialSolution = initialSolution
    }

    public func validate() throws(OptimizationError) {
        guard timeLimitSeconds.isFinite, timeLimitSeconds > 0 else { throw .invalidOption("time limit must be a positive number of seconds, got \(timeLimitSeconds)") }
        guard relativeGap.isFinite, relativeGap >= 0 else { throw .invalidOption("relative gap must be a non-negative number, got \(relativeGap)") }
        if let initialSolution, let bad = initialSolution.firstIndex(where: { !$0.isFinite }) {
            throw .invalidOption("initial solution value \(bad) is not a finite number: \(initialSolution[bad])")
        }
    }
}

public enum SolveStatus: String, Sendable, Codable {
    /// Proven optimal (within the relative gap asked for).
    case optimal
    /// Stopped (time limit) with a solution that may not be optimal.
    case feasible
    case infeasible
    case unbounded
    /// Stopped (time limit) before any solution was found.
    case noSolution = "no_solution"

    public var hasSolution: Bool { self == .optimal || self == .feasible }
}

public struct SolveResult: Sendable {
    public var solver: String
    public var status: SolveStatus
    /// Objective of the solution returned (nil without one).
    public var objective: Double?
    /// Best proven bound on the optimum (a lower bound when minimising).
    public var bound: Double?
    /// |objective − bound| / max(1e-9, |objective|); 0 when proven optimal.
    public var gap: Double?
    public var seconds: Double
    /// One value per variable of the model; empty without a solution.
    public var values: [Double]
    /// Branch-and-bound nodes explored (nil when the backend does not say).
    public var nodes: Int?
    /// Why, in plain words, when the status needs it: the row or variable that makes the model
    /// infeasible when its bounds prove it, or that a time limit stopped the solver before it
    /// proved anything (nil otherwise).
    public var detail: String?

    public init(solver: String, status: SolveStatus, objective: Double?, bound: Double?, gap: Double?,
                seconds: Double, values: [Double], nodes: Int? = nil, detail: String? = nil) {
        self.nodes = nodes
        self.detail = detail
        self.solver = solver
        self.status = status
        self.objective = objective
        self.bound = bound
        self.gap = gap
        self.seconds = seconds
        self.values = values
    }

    /// The value of `v` in the solution; NaN when there is no solution.
    public func value(_ v: Variable) -> Double {
        values.indices.contains(v.index) ? values[v.index] : .nan
    }

    /// The relative gap of DESIGN.md between an objective and a bound.
    public static func relativeGap(objective: Double, bound: Double) -> Double {
        abs(objective - bound) / max(1e-9, abs(objective))
    }
}

/// A MIP solver backend.
public protocol MIPSolver: Sendable {
    var name: String { get }
    func solve(_ model: LinearModel, options: SolveOptions) throws -> SolveResult
}

/// An invalid model or option, or a solver failure, said plainly.
public enum OptimizationError: Error, CustomStringConvertible, Equatable, Sendable {
    case emptyName(kind: String, index: Int)
    case duplicateName(kind: String, name: String)
    case nameTooLong(kind: String, name: String)
    case invalidCoefficient(context: String, value: Double)
    case invalidBounds(kind: String, name: String, lower: Double, upper: Double)
    case fractionalIntegerBounds(name: String, lower: Double, upper: Double)
    case unknownVariable(constraint: String, index: Int, variableCount: Int)
    case invalidOption(String)
    case solverFailed(solver: String, message: String)

    public var description: String {
        switch self {
        case .emptyName(let kind, let index): "\(kind) \(index) has an empty name"
        case .duplicateName(let kind, let name): "two \(kind)s are named '\(name)'; names must be unique"
        case .nameTooLong(let kind, let name): "\(kind) name '\(name.prefix(40))…' is longer than 255 bytes"
        case .invalidCoefficient(let context, let value): "\(context): coefficient \(value) is not a finite number"
        case .invalidBounds(let kind, let name, let lower, let upper): "\(kind) \(name): invalid bounds [\(lower), \(upper)]"
        case .fractionalIntegerBounds(let name, let lower, let upper): "integer variable \(name) has fractional bounds [\(lower), \(upper)]"
        case .unknownVariable(let constraint, let index, let count): "constraint \(constraint) uses variable \(index), but the model has \(count) variables"
        case .invalidOption(let message): message
        case .solverFailed(let solver, let message): "\(solver) failed: \(message)"
        }
    }
}

extension SolveResult {
    /// The answer of a solve that stopped without a solution (time limit) or said "infeasible"
    /// although the caller's warm start satisfies every bound, integrality and row, so the model
    /// is feasible: the warm start, as a feasible solution with the bound proven so far. Any other
    /// result is returned unchanged. Both backends apply it, so a time limit is never reported as
    /// "infeasible" and a warm start is never lost.
    func keepingWarmStart(_ model: LinearModel, _ options: SolveOptions) -> SolveResult {
        guard status == .noSolution || status == .infeasible,
              let start = options.initialSolution, start.count == model.variableCount,
              model.maxViolation(start) <= 1e-7 else { return self }
        let values = zip(model.variables, start).map { $0.integer ? $1.rounded() : $1 }
        let objective = model.objectiveValue(values)
        var b = bound.map { model.sense == .minimize ? min($0, objective) : max($0, objective) }
        if let v = b, !v.isFinite { b = nil }
        let gap = b.map { SolveResult.relativeGap(objective: objective, bound: $0) }
        let why = status == .infeasible
            ? "\(solver) said infeasible, but the warm start satisfies every constraint: it stopped before proving anything (time limit); the warm start is returned"
            : "\(solver) found no better solution within the time limit; the warm start is returned"
        return SolveResult(solver: solver, status: gap.map { $0 <= options.relativeGap } == true ? .optimal : .feasible,
                           objective: objective, bound: b, gap: gap, seconds: seconds, values: values,
                           nodes: nodes, detail: why)
    }
}
