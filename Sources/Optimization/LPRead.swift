import CGLPK

extension LinearModel {
    /// Reads a model in CPLEX LP format (as `lpFormat()` writes it, or from another tool) with
    /// GLPK's reader, e.g. to solve an exported planning model again with other settings.
    /// Throws `OptimizationError.solverFailed` naming the file when GLPK cannot read it.
    public static func readLP(path: String) throws -> LinearModel {
        glp_term_out(GLP_OFF)
        guard let p = glp_create_prob() else { throw OptimizationError.solverFailed(solver: "glpk", message: "cannot create a problem") }
        defer { glp_delete_prob(p) }
        guard glp_read_lp(p, nil, path) == 0 else {
            throw OptimizationError.solverFailed(solver: "glpk", message: "cannot read the CPLEX LP file \(path)")
        }
        var m = LinearModel(name: glp_get_prob_name(p).map { String(cString: $0) } ?? "model",
                            sense: glp_get_obj_dir(p) == GLP_MAX ? .maximize : .minimize)
        m.objectiveConstant = glp_get_obj_coef(p, 0)
        func bounds(_ type: Int32, _ lb: Double, _ ub: Double) -> (Double, Double) {
            switch type {
            case GLP_FR: (-.infinity, .infinity)
            case GLP_LO: (lb, .infinity)
            case GLP_UP: (-.infinity, ub)
            case GLP_FX: (lb, lb)
            default: (lb, ub)
            }
        }
        let n = Int(glp_get_num_cols(p)), rows = Int(glp_get_num_rows(p))
        var vars: [Variable] = []
        for j in 1...max(1, n) where n > 0 {
            let col = Int32(j)
            let (lo, hi) = bounds(glp_get_col_type(p, col), glp_get_col_lb(p, col), glp_get_col_ub(p, col))
            let name = glp_get_col_name(p, col).map { String(cString: $0) } ?? "x\(j)"
            vars.append(m.addVariable(name, lower: lo, upper: hi, integer: glp_get_col_kind(p, col) != GLP_CV,
                                      objective: glp_get_obj_coef(p, col)))
        }
        var ind = [Int32](repeating: 0, count: n + 1), val = [Double](repeating: 0, count: n + 1)
        for i in 1...max(1, rows) where rows > 0 {
            let row = Int32(i)
            let k = Int(glp_get_mat_row(p, row, &ind, &val))
            let terms = (1...max(1, k)).compactMap { t -> (Variable, Double)? in k > 0 ? (vars[Int(ind[t]) - 1], val[t]) : nil }
            let (lo, hi) = bounds(glp_get_row_type(p, row), glp_get_row_lb(p, row), glp_get_row_ub(p, row))
            m.addConstraint(glp_get_row_name(p, row).map { String(cString: $0) } ?? "r\(i)", terms, lower: lo, upper: hi)
        }
        return m
    }
}
