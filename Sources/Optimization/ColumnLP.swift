import CGLPK
import Foundation

/// A linear program that grows by columns between solves, for column generation: GLPK's primal
/// simplex, warm-started from the last basis (new columns enter at their lower bound), with the
/// rows' duals after every solve.
///
/// Rows are fixed at creation (`lower ≤ row ≤ upper`, ±infinity for a free side); columns are
/// added with their cost, bounds and non-zeros, and their bounds may change later (branching).
/// Minimises. Not thread-safe: one instance is used by one task at a time.
public final class ColumnLP {
    public struct Result: Sendable {
        public var status: SolveStatus
        public var objective: Double
        /// Column values, in the order the columns were added.
        public var values: [Double]
        /// Row duals (∂objective/∂row right-hand side), in row order.
        public var duals: [Double]
        public var seconds: Double
    }

    private let problem: OpaquePointer
    public let rowCount: Int
    public private(set) var columnCount = 0

    public init(rowLower: [Double], rowUpper: [Double]) throws {
        precondition(rowLower.count == rowUpper.count, "row bounds of different lengths")
        glp_term_out(GLP_OFF)
        guard let p = glp_create_prob() else { throw OptimizationError.solverFailed(solver: "GLPK", message: "cannot create a problem") }
        problem = p
        rowCount = rowLower.count
        glp_set_obj_dir(problem, GLP_MIN)
        if rowCount > 0 { glp_add_rows(problem, Int32(rowCount)) }
        for i in 0..<rowCount {
            let (type, lb, ub) = Self.bounds(rowLower[i], rowUpper[i])
            glp_set_row_bnds(problem, Int32(i + 1), type, lb, ub)
        }
    }

    deinit { glp_delete_prob(problem) }

    private static func bounds(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, lower, 0)
        case (false, true): return (GLP_UP, 0, upper)
        case (true, true): return lower == upper ? (GLP_FX, lower, upper) : (GLP_DB, lower, upper)
        }
    }

    /// Adds a column; returns its index (0-based, in the order added).
    @discardableResult
    public func addColumn(cost: Double, lower: Double = 0, upper: Double = .infinity, rows: [(row: Int, coefficient: Double)]) -> Int {
        glp_add_cols(problem, 1)
        columnCount += 1
        let j = Int32(columnCount)
        let (type, lb, ub) = Self.bounds(lower, upper)
        glp_set_col_bnds(problem, j, type, lb, ub)
        glp_set_obj_coef(problem, j, cost)
        var ind: [Int32] = [0] + rows.map { Int32($0.row + 1) }
        var val: [Double] = [0] + rows.map(\.coefficient)
        if !rows.isEmpty { glp_set_mat_col(problem, j, Int32(rows.count), &ind, &val) }
        glp_set_col_stat(problem, j, GLP_NL)
        return columnCount - 1
    }

    public func setBounds(column: Int, lower: Double, upper: Double) {
        let (type, lb, ub) = Self.bounds(lower, upper)
        glp_set_col_bnds(problem, Int32(column + 1), type, lb, ub)
    }

    public func setCost(column: Int, cost: Double) {
        glp_set_obj_coef(problem, Int32(column + 1), cost)
    }

    public func bounds(column: Int) -> (lower: Double, upper: Double) {
        let j = Int32(column + 1)
        let type = glp_get_col_type(problem, j)
        let lb = glp_get_col_lb(problem, j), ub = glp_get_col_ub(problem, j)
        switch type {
        case GLP_FR: return (-.infinity, .infinity)
        case GLP_LO: return (lb, .infinity)
        case GLP_UP: return (-.infinity, ub)
        default: return (lb, ub)
        }
    }

    /// Solves from the current basis (primal simplex, dual simplex as a fallback).
    public func solve(timeLimitSeconds: Double = .infinity) -> Result {
        let started = Date()
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        smcp.presolve = GLP_OFF
        if timeLimitSeconds.isFinite { smcp.tm_lim = Int32(max(1, min(Double(Int32.max), timeLimitSeconds * 1000))) }
        var ret = glp_simplex(problem, &smcp)
        if ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND {
            glp_adv_basis(problem, 0)
            ret = glp_simplex(problem, &smcp)
        }
        let seconds = Date().timeIntervalSince(started)
        let status: SolveStatus
        if ret == GLP_ETMLIM { status = .noSolution }
        else if ret != 0 { status = .noSolution }
        else {
            switch glp_get_status(problem) {
            case GLP_OPT: status = .optimal
            case GLP_NOFEAS: status = .infeasible
            case GLP_UNBND: status = .unbounded
            case GLP_FEAS: status = .feasible
            default: status = .noSolution
            }
        }
        let values = (0..<columnCount).map { glp_get_col_prim(problem, Int32($0 + 1)) }
        let duals = (0..<rowCount).map { glp_get_row_dual(problem, Int32($0 + 1)) }
        return Result(status: status, objective: glp_get_obj_val(problem), values: values, duals: duals, seconds: seconds)
    }
}
