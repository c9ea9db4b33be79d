import CGLPK

/// The GLPK backend (GNU Linear Programming Kit, linked as a C library).
///
/// GLPK aborts the process on a bad index or bound, so the model is validated in Swift first and
/// only valid data reaches C. Each solve creates, solves and deletes its own problem object on the
/// calling thread (GLPK keeps its environment in thread-local storage), with terminal output off
/// and a time limit always set.
///
/// The LP relaxation is solved first with the simplex method and the LP presolver, which tells
/// infeasible and unbounded models apart and gives the root bound. The branch and cut then starts
/// from that optimal basis (so the MIP presolver is off: GLPK requires one or the other), with
/// cuts, GLPK's rounding heuristic and a rounding warm start of ours that offers the rounded-up
/// LP solution of a node as an incumbent when it satisfies every constraint. A callback records
/// the best bound of the open nodes, so a solve stopped by the time limit reports a true gap.
///
/// Defaults (`GLPKSolver()`): cuts on, Driebeck–Tomlin branching, best-bound backtracking, no
/// feasibility pump, no proximity search. BENCHMARKS.md "Solvers" screened the alternatives on
/// the hard planning models (templates, overtime, multi-week): none found a better solution in
/// the time given, and pseudocost branching overruns the time limit (its initialisation does
/// not check it), so the defaults are GLPK's own. Use CBC for those models.
public struct GLPKSolver: MIPSolver {
    public var name: String { "glpk" }

    /// How GLPK picks the variable to branch on (`glp_iocp.br_tech`). Note: `.pseudocost`
    /// initialises its costs without looking at the time limit and can overrun it.
    public enum Branching: String, Sendable, CaseIterable {
        /// Driebeck and Tomlin's heuristic (GLPK's own default).
        case driebeckTomlin
        /// Hybrid pseudocost branching.
        case pseudocost
        case mostFractional, firstFractional, lastFractional
    }

    /// Which open node GLPK solves next (`glp_iocp.bt_tech`).
    public enum Backtracking: String, Sendable, CaseIterable {
        /// The node with the best local bound (GLPK's own default: raises the bound fastest).
        case bestBound
        /// Best projection: a compromise between finding better incumbents and the bound.
        case bestProjection
        case depthFirst, breadthFirst
    }

    /// Branch-and-cut settings.
    public var cuts: Bool
    /// Models with more integer variables than this are "large": no cuts, and most-fractional
    /// branching instead of Driebeck–Tomlin. GLPK checks its time limit only between nodes, and
    /// both run inside one node: on the 4-week plan (10,251 integers) two root cut rounds took
    /// 20.7 s and 23.4 s of a 60-s limit and moved the bound by 0.09%; without them, the first
    /// Driebeck–Tomlin branching (penalties for every fractional variable) took 47.7 s. The weekly
    /// plan (675 integers) keeps both.
    public var largeModelIntegers = 5_000
    public var feasibilityPump: Bool
    /// GLPK's proximity search from the incumbent (the warm start, or the rounding heuristic's
    /// first solution), limited to a quarter of the time limit.
    public var proximitySearch: Bool
    public var branching: Branching
    public var backtracking: Backtracking

    public init() {
        self.init(cuts: true)
    }

    public init(cuts: Bool, feasibilityPump: Bool = false, proximitySearch: Bool = false,
                branching: Branching = .driebeckTomlin, backtracking: Backtracking = .bestBound) {
        self.cuts = cuts
        self.feasibilityPump = feasibilityPump
        self.proximitySearch = proximitySearch
        self.branching = branching
        self.backtracking = backtracking
    }

    /// The GLPK library version, e.g. `5.0`.
    public static var version: String { String(cString: glp_version()) }

    public func solve(_ model: LinearModel, options: SolveOptions) throws -> SolveResult {
        try model.validate()
        try options.validate()
        // Bounds and rows that contradict each other: answered without GLPK, naming the row.
        if model.variableCount > 0, let why = model.boundConflict() {
            return SolveResult(solver: name, status: .infeasible, objective: nil, bound: nil, gap: nil,
                               seconds: 0, values: [], nodes: 0, detail: why)
        }
        return try solveValidated(model, options: options).keepingWarmStart(model, options)
    }

    private func solveValidated(_ model: LinearModel, options: SolveOptions) throws -> SolveResult {
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Double {
            let d = clock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let limitMs = options.timeLimitSeconds * 1000
        func remainingMs() -> Int32 {
            let left = limitMs - elapsed() * 1000
            return Int32(max(1, min(Double(Int32.max), left.rounded(.up))))
        }

        // An empty model has nothing for GLPK to do.
        if model.variableCount == 0 {
            let infeasible = model.constraints.contains { $0.lower > 0 || $0.upper < 0 }
            return SolveResult(solver: name, status: infeasible ? .infeasible : .optimal,
                               objective: infeasible ? nil : model.objectiveConstant,
                               bound: infeasible ? nil : model.objectiveConstant, gap: infeasible ? nil : 0,
                               seconds: elapsed(), values: [])
        }

        glp_term_out(GLP_OFF)
        guard let problem = glp_create_prob() else { throw OptimizationError.solverFailed(solver: name, message: "cannot create a problem") }
        defer { glp_delete_prob(problem) }
        load(model, into: problem)

        // 1. LP relaxation.
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        smcp.presolve = GLP_ON
        smcp.tm_lim = remainingMs()
        var ret = glp_simplex(problem, &smcp)
        if ret == GLP_ENODFS || (ret == 0 && glp_get_status(problem) != GLP_OPT) {
            // Dual infeasible: unbounded or infeasible. The simplex without presolver tells which.
            smcp.presolve = GLP_OFF
            smcp.tm_lim = remainingMs()
            ret = glp_simplex(problem, &smcp)
        }
        var contextNodes = 0
        func result(_ status: SolveStatus, objective: Double? = nil, bound: Double? = nil, gap: Double? = nil,
                    values: [Double] = [], detail: String? = nil) -> SolveResult {
            SolveResult(solver: name, status: status, objective: objective, bound: bound, gap: gap,
                        seconds: elapsed(), values: values, nodes: contextNodes, detail: detail)
        }
        switch ret {
        case 0: break
        case GLP_ENOPFS: return result(.infeasible)
        case GLP_ETMLIM:
            if model.integerVariableCount == 0, glp_get_status(problem) == GLP_FEAS {
                return result(.feasible, objective: glp_get_obj_val(problem), values: columnValues(problem, model, mip: false))
            }
            return result(.noSolution, detail: "GLPK stopped at the time limit inside the LP relaxation")
        default:
            throw OptimizationError.solverFailed(solver: name, message: "simplex returned code \(ret)")
        }
        switch glp_get_status(problem) {
        case GLP_OPT: break
        case GLP_NOFEAS: return result(.infeasible)
        case GLP_UNBND: return result(.unbounded)
        default: return result(.noSolution)
        }
        let lpObjective = glp_get_obj_val(problem)
        if model.integerVariableCount == 0 {
            return result(.optimal, objective: lpObjective, bound: lpObjective, gap: 0,
                          values: columnValues(problem, model, mip: false))
        }

        // 2. Branch and cut from the optimal basis.
        let context = BranchContext(model: model, rounding: options.roundingHeuristic)
        if let start = options.initialSolution, start.count == model.variableCount, model.maxViolation(start) <= 1e-7 {
            context.warmStart = start
        }
        context.progress = options.progress
        context.progressInterval = options.progressIntervalSeconds
        context.started = started
        context.lastProgress = started
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = GLP_OFF
        iocp.mip_gap = options.relativeGap
        iocp.tm_lim = remainingMs()
        iocp.sr_heur = GLP_ON
        iocp.fp_heur = feasibilityPump ? GLP_ON : GLP_OFF
        iocp.ps_heur = proximitySearch ? GLP_ON : GLP_OFF
        iocp.ps_tm_lim = Int32(max(1, min(60_000, Double(iocp.tm_lim) / 4)))
        let large = model.integerVariableCount > largeModelIntegers
        switch branching {
        case .driebeckTomlin: iocp.br_tech = large ? GLP_BR_MFV : GLP_BR_DTH
        case .pseudocost: iocp.br_tech = GLP_BR_PCH
        case .mostFractional: iocp.br_tech = GLP_BR_MFV
        case .firstFractional: iocp.br_tech = GLP_BR_FFV
        case .lastFractional: iocp.br_tech = GLP_BR_LFV
        }
        switch backtracking {
        case .bestBound: iocp.bt_tech = GLP_BT_BLB
        case .bestProjection: iocp.bt_tech = GLP_BT_BPH
        case .depthFirst: iocp.bt_tech = GLP_BT_DFS
        case .breadthFirst: iocp.bt_tech = GLP_BT_BFS
        }
        if cuts, !large {
            iocp.mir_cuts = GLP_ON
            iocp.gmi_cuts = GLP_ON
            iocp.cov_cuts = GLP_ON
            iocp.clq_cuts = GLP_ON
        }
        iocp.cb_func = glpkBranchCallback
        iocp.cb_info = unmanaged.toOpaque()
        ret = glp_intopt(problem, &iocp)
        contextNodes = context.nodes
        if ret == GLP_EROOT {
            // No optimal basis survived the LP presolver: re-solve the relaxation without it and retry.
            smcp.presolve = GLP_OFF
            smcp.tm_lim = remainingMs()
            if glp_simplex(problem, &smcp) == 0, glp_get_status(problem) == GLP_OPT {
                iocp.tm_lim = remainingMs()
                ret = glp_intopt(problem, &iocp)
                contextNodes = context.nodes
            }
        }
        switch ret {
        case 0, GLP_EMIPGAP, GLP_ETMLIM, GLP_ESTOP: break
        case GLP_ENOPFS: return result(.infeasible)
        case GLP_ENODFS: return result(.unbounded)
        default: throw OptimizationError.solverFailed(solver: name, message: "branch and cut returned code \(ret)")
        }
        let mipStatus = glp_mip_status(problem)
        switch mipStatus {
        case GLP_OPT, GLP_FEAS: break
        case GLP_NOFEAS where ret == 0: return result(.infeasible)
        default:
            // Stopped (time limit) before any integer solution: no proof of anything but the bound.
            return result(.noSolution, bound: model.roundedBound(context.bound(combinedWith: lpObjective, sense: model.sense)),
                          detail: "GLPK stopped at the time limit before it found an integer solution")
        }
        // The objective of the rounded integer values (GLPK's carries rounding noise, e.g. 5880.000000000001).
        let values = columnValues(problem, model, mip: true)
        let objective = model.integerVariableCount == model.variableCount ? model.objectiveValue(values) : glp_mip_obj_val(problem)
        contextNodes = context.nodes
        let refused = context.warmStartRefused ? "GLPK refused the warm start" : nil
        if ret == 0 && mipStatus == GLP_OPT {
            return result(.optimal, objective: objective, bound: objective, gap: 0, values: values, detail: refused)
        }
        var bound = model.roundedBound(context.bound(combinedWith: lpObjective, sense: model.sense))
        bound = model.sense == .minimize ? min(bound, objective) : max(bound, objective)
        let gap = SolveResult.relativeGap(objective: objective, bound: bound)
        let status: SolveStatus = ret == GLP_EMIPGAP || (ret == 0 && gap <= options.relativeGap) ? .optimal : .feasible
        return result(status, objective: objective, bound: bound, gap: gap, values: values, detail: refused)
    }

    /// Copies a validated model into a GLPK problem (1-based rows and columns).
    private func load(_ model: LinearModel, into problem: OpaquePointer) {
        glp_set_obj_dir(problem, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_coef(problem, 0, model.objectiveConstant)
        let n = model.variableCount
        glp_add_cols(problem, Int32(n))
        for (j, v) in model.variables.enumerated() {
            let col = Int32(j + 1)
            let (type, lb, ub) = GLPKSolver.boundType(v.lower, v.upper)
            glp_set_col_bnds(problem, col, type, lb, ub)
            glp_set_obj_coef(problem, col, v.objective)
            if v.integer { glp_set_col_kind(problem, col, GLP_IV) }
        }
        // GLPK's simplex refuses a problem without rows; a free empty row changes nothing.
        let m = max(1, model.constraintCount)
        glp_add_rows(problem, Int32(m))
        if model.constraintCount == 0 { glp_set_row_bnds(problem, 1, GLP_FR, 0, 0) }
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        for (i, c) in model.constraints.enumerated() {
            let (type, lb, ub) = GLPKSolver.boundType(c.lower, c.upper)
            glp_set_row_bnds(problem, Int32(i + 1), type, lb, ub)
            for t in model.mergedTerms(i) {
                ia.append(Int32(i + 1))
                ja.append(Int32(t.index + 1))
                ar.append(t.coefficient)
            }
        }
        glp_load_matrix(problem, Int32(ia.count - 1), &ia, &ja, &ar)
    }

    static func boundType(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): (GLP_FR, 0, 0)
        case (true, false): (GLP_LO, lower, 0)
        case (false, true): (GLP_UP, 0, upper)
        case (true, true): lower == upper ? (GLP_FX, lower, lower) : (GLP_DB, lower, upper)
        }
    }

    private func columnValues(_ problem: OpaquePointer, _ model: LinearModel, mip: Bool) -> [Double] {
        (0..<model.variableCount).map { j in
            let col = Int32(j + 1)
            var x = mip ? glp_mip_col_val(problem, col) : glp_get_col_prim(problem, col)
            if model.variables[j].integer { x = x.rounded() }
            return x
        }
    }
}

/// State shared with the branch-and-cut callback of one solve (used on the solving thread only).
final class BranchContext {
    let model: LinearModel
    let rounding: Bool
    /// Best bound seen on the open nodes (in the model's sense: lower bound when minimising).
    var trackedBound: Double?
    var heuristicCalls = 0
    /// Nodes of the search tree created so far (GLPK's total count).
    var nodes = 0
    /// An incumbent to offer at the first heuristic call (validated by the caller).
    var warmStart: [Double]?
    /// GLPK did not take the warm start (`glp_ios_heur_sol` refused it).
    var warmStartRefused = false
    /// Progress lines (`SolveOptions.progress`) and when the last one was written.
    var progress: (@Sendable (String) -> Void)?
    var progressInterval = 5.0
    var started = ContinuousClock.now
    var lastProgress = ContinuousClock.now

    /// A progress line when one is due: seconds, nodes (active), incumbent, bound and gap.
    func reportProgress(_ tree: OpaquePointer, active: Int32) {
        guard let progress else { return }
        let now = ContinuousClock.now
        let since = now - lastProgress
        guard Double(since.components.seconds) + Double(since.components.attoseconds) * 1e-18 >= progressInterval else { return }
        lastProgress = now
        let e = now - started
        let seconds = Double(e.components.seconds) + Double(e.components.attoseconds) * 1e-18
        var incumbent: Double? = nil
        if let problem = glp_ios_get_prob(tree), glp_mip_status(problem) == GLP_FEAS || glp_mip_status(problem) == GLP_OPT {
            incumbent = glp_mip_obj_val(problem)
        }
        let boundText = trackedBound.map { String(format: "%.6g", $0) } ?? "n/a"
        let gapText = incumbent.flatMap { inc in trackedBound.map { String(format: "%.2f%%", 100 * SolveResult.relativeGap(objective: inc, bound: $0)) } } ?? "n/a"
        progress(String(format: "GLPK %.1f s, %d nodes (%d open), incumbent %@, bound %@, gap %@", seconds, nodes, Int(active),
                        incumbent.map { String(format: "%.6g", $0) } ?? "none", boundText, gapText))
    }

    init(model: LinearModel, rounding: Bool) {
        self.model = model
        self.rounding = rounding
    }

    func note(bound: Double) {
        guard bound.isFinite else { return }
        switch model.sense {
        case .minimize: trackedBound = max(trackedBound ?? -.infinity, bound)
        case .maximize: trackedBound = min(trackedBound ?? .infinity, bound)
        }
    }

    func bound(combinedWith lp: Double, sense: LinearModel.Sense) -> Double {
        guard let trackedBound else { return lp }
        return sense == .minimize ? max(lp, trackedBound) : min(lp, trackedBound)
    }

    /// Offers rounded versions of the current node's LP solution as incumbents when feasible.
    func roundNodeSolution(_ tree: OpaquePointer) {
        if let start = warmStart {
            warmStart = nil
            var oneBased = [0.0] + start
            warmStartRefused = glp_ios_heur_sol(tree, &oneBased) != 0
        }
        heuristicCalls += 1
        guard rounding, heuristicCalls <= 200 || heuristicCalls % 50 == 0,
              let problem = glp_ios_get_prob(tree) else { return }
        let n = model.variableCount
        let lp = (0..<n).map { glp_get_col_prim(problem, Int32($0 + 1)) }
        for mode in [FloatingPointRoundingRule.up, .toNearestOrAwayFromZero] {
            let x = lp.enumerated().map { j, value -> Double in
                let v = model.variables[j]
                guard v.integer else { return value }
                let r = mode == .up ? (value - 1e-6).rounded(.up) : value.rounded(mode)
                return min(max(r, v.lower), v.upper)
            }
            guard model.maxViolation(x) <= 1e-7 else { continue }
            var oneBased = [0.0] + x
            if glp_ios_heur_sol(tree, &oneBased) == 0 { return }
        }
    }
}

/// The C callback of `glp_intopt`: records the best open-node bound and runs the rounding heuristic.
private func glpkBranchCallback(_ tree: OpaquePointer?, _ info: UnsafeMutableRawPointer?) {
    guard let tree, let info else { return }
    let context = Unmanaged<BranchContext>.fromOpaque(info).takeUnretainedValue()
    var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
    glp_ios_tree_size(tree, &active, &current, &total)
    context.nodes = max(context.nodes, Int(total))
    let best = glp_ios_best_node(tree)
    if best != 0 { context.note(bound: glp_ios_node_bound(tree, best)) }
    context.reportProgress(tree, active: active)
    if glp_ios_reason(tree) == GLP_IHEUR { context.roundNodeSolution(tree) }
}
