/// Infeasibility that the bounds alone prove, found before a backend sees the model.
///
/// CBC 2.10 (Debian) can abort the whole process inside Clp (`ClpNonLinearCost.cpp:1064:
/// checkInfeasibilities: Assertion lowerValue <= upperValue failed`, signal 6) when its
/// preprocessing rounds the bounds of an integer-infeasible model until they cross and then
/// re-solves (coin-or/Cbc#753, coin-or/Clp#173). A model whose bounds and rows already contradict
/// each other is therefore answered in Swift: `.infeasible`, with the row or variable that shows
/// it, and never reaches C.
extension LinearModel {
    /// A plain description of why the model is infeasible when bound propagation proves it
    /// (nil otherwise: the model may still be infeasible, which the solver then decides).
    ///
    /// Propagation: every row gives each of its variables the bounds implied by the others'
    /// bounds (`Σ a·x ≤ upper` ⇒ `a_j·x_j ≤ upper − min Σ_{k≠j} a_k·x_k`, likewise for `lower`),
    /// rounded inward for integer variables, repeated until nothing tightens (at most
    /// `maxPasses` passes). A conflict is reported only beyond a tolerance of 1e-6 relative to
    /// the magnitudes involved, so rounding noise never makes a feasible model "infeasible".
    public func boundConflict(maxPasses: Int = 20) -> String? {
        let n = variableCount
        var lo = variables.map(\.lower), hi = variables.map(\.upper)
        let integer = variables.map(\.integer)
        func describe(_ v: Double) -> String {
            v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        }
        for j in 0..<n where integer[j] {
            if lo[j].isFinite { lo[j] = (lo[j] - 1e-9).rounded(.up) }
            if hi[j].isFinite { hi[j] = (hi[j] + 1e-9).rounded(.down) }
            if lo[j] > hi[j] {
                return "integer variable \(variables[j].name) has no whole value in [\(describe(variables[j].lower)), \(describe(variables[j].upper))]"
            }
        }
        let rows = (0..<constraintCount).map { mergedTerms($0) }
        // Why each variable's bound was last tightened (the row), for the message.
        var loBy = [Int?](repeating: nil, count: n), hiBy = [Int?](repeating: nil, count: n)

        for _ in 0..<max(1, maxPasses) {
            var changed = false
            for (i, terms) in rows.enumerated() {
                let c = constraints[i]
                // Smallest and largest activity: finite part and the number of infinite terms.
                var minFinite = 0.0, maxFinite = 0.0, minInf = 0, maxInf = 0, scale = 1.0
                for t in terms {
                    let a = t.coefficient, l = lo[t.index], u = hi[t.index]
                    let low = a > 0 ? l : u, high = a > 0 ? u : l
                    if low.isFinite { minFinite += a * low; scale = max(scale, abs(a * low)) } else { minInf += 1 }
                    if high.isFinite { maxFinite += a * high; scale = max(scale, abs(a * high)) } else { maxInf += 1 }
                }
                if c.upper.isFinite { scale = max(scale, abs(c.upper)) }
                if c.lower.isFinite { scale = max(scale, abs(c.lower)) }
                let tol = 1e-6 * scale
                if minInf == 0, c.upper.isFinite, minFinite > c.upper + tol {
                    return "constraint \(c.name) cannot be met: with the variables' bounds its smallest possible value is \(describe(minFinite)), above its upper bound \(describe(c.upper))" + because(terms, loBy, hiBy)
                }
                if maxInf == 0, c.lower.isFinite, maxFinite < c.lower - tol {
                    return "constraint \(c.name) cannot be met: with the variables' bounds its largest possible value is \(describe(maxFinite)), below its lower bound \(describe(c.lower))" + because(terms, loBy, hiBy)
                }
                // Implied bounds on each variable.
                for t in terms {
                    let j = t.index, a = t.coefficient
                    let low = a > 0 ? lo[j] : hi[j], high = a > 0 ? hi[j] : lo[j]
                    // Activity of the other terms.
                    let othersMin: Double? = low.isFinite ? (minInf == 0 ? minFinite - a * low : nil) : (minInf == 1 ? minFinite : nil)
                    let othersMax: Double? = high.isFinite ? (maxInf == 0 ? maxFinite - a * high : nil) : (maxInf == 1 ? maxFinite : nil)
                    var newLo = -Double.infinity, newHi = Double.infinity
                    if c.upper.isFinite, let othersMin {
                        let v = (c.upper - othersMin) / a
                        if a > 0 { newHi = v } else { newLo = v }
                    }
                    if c.lower.isFinite, let othersMax {
                        let v = (c.lower - othersMax) / a
                        if a > 0 { newLo = max(newLo, v) } else { newHi = min(newHi, v) }
                    }
                    let vtol = 1e-6 * max(1, scale / abs(a))
                    if integer[j] {
                        if newLo.isFinite { newLo = (newLo - vtol).rounded(.up) }
                        if newHi.isFinite { newHi = (newHi + vtol).rounded(.down) }
                    }
                    // Tighten only by a real step (continuous bounds could creep forever otherwise).
                    let step = integer[j] ? 0.5 : 1e-3 * max(1, abs(lo[j]), abs(hi[j]))
                    if newLo > lo[j] + step || (newLo.isFinite && !lo[j].isFinite) { lo[j] = newLo; loBy[j] = i; changed = true }
                    if newHi < hi[j] - step || (newHi.isFinite && !hi[j].isFinite) { hi[j] = newHi; hiBy[j] = i; changed = true }
                    if lo[j] > hi[j] + (integer[j] ? 0.5 : vtol) {
                        let rows = Set([loBy[j], hiBy[j]].compactMap { $0 }).sorted().map { constraints[$0].name }
                        return "variable \(variables[j].name) would need to be at least \(describe(lo[j])) and at most \(describe(hi[j])) (implied by \(rows.isEmpty ? "its bounds" : "constraints " + rows.joined(separator: ", ")) and the other variables' bounds)"
                    }
                }
            }
            if !changed { break }
        }
        return nil
    }

    /// The rows that tightened the bounds of a row's variables, for a conflict message.
    private func because(_ terms: [(index: Int, coefficient: Double)], _ loBy: [Int?], _ hiBy: [Int?]) -> String {
        let rows = Set(terms.flatMap { [loBy[$0.index], hiBy[$0.index]] }.compactMap { $0 }).sorted().map { constraints[$0].name }
        return rows.isEmpty ? "" : " (bounds implied by constraints \(rows.prefix(5).joined(separator: ", "))\(rows.count > 5 ? ", …" : ""))"
    }
}
