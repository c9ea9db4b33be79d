import Foundation
import Optimization

/// The standard integer model of a Curtois & Qu instance: a binary x[e,d,s] per employee, day
/// and shift (1 when e works s on d), each hard rule added by its own function, and the
/// benchmark's objective (request weights not granted plus weighted cover under/over).
///
/// Cells of the grid may be fixed (to a shift or to a day off) for a large-neighbourhood search:
/// fixed cells become constants, rows with only constants are dropped (or flagged when they are
/// broken), so a sub-model has only the free part of the roster.
public struct CurtoisModel: Sendable {
    /// What a cell (employee, day) of the grid is held to.
    public enum Cell: Sendable, Equatable {
        case free
        case off
        case shift(Int)
    }

    /// A linear expression over the model's variables plus a constant.
    struct Expr {
        var terms: [(Variable, Double)] = []
        var constant: Double = 0
        static func + (a: Expr, b: Expr) -> Expr { Expr(terms: a.terms + b.terms, constant: a.constant + b.constant) }
        static func * (k: Double, a: Expr) -> Expr { Expr(terms: a.terms.map { ($0.0, k * $0.1) }, constant: k * a.constant) }
        static prefix func - (a: Expr) -> Expr { -1 * a }
        static func constant(_ c: Double) -> Expr { Expr(constant: c) }
    }

    public let instance: CurtoisInstance
    public private(set) var model: LinearModel
    /// Names of rows that are broken by the fixed cells alone (empty for a consistent model).
    public private(set) var brokenRows: [String] = []
    /// x[e][d][s]: a variable or a constant 0/1.
    private var x: [[[Expr]]] = []
    private let included: [Bool]
    /// What each auxiliary variable stands for, so that a roster can be written as a full vector
    /// of values (a MIP start).
    private enum Role {
        case assignment(employee: Int, day: Int, shift: Int)
        case weekend(employee: Int, week: Int)
        case under(cover: Int)
        case over(cover: Int)
    }
    private var roles: [Role] = []

    /// `employees`: the employees in the model (default all); the others are left out entirely
    /// (no shifts, none of their rules), which a greedy construction uses one employee at a time.
    public init(_ instance: CurtoisInstance, fixed: [[Cell]]? = nil, employees: Set<Int>? = nil) {
        self.instance = instance
        self.included = employees.map { set in instance.staff.indices.map { set.contains($0) } } ?? Array(repeating: true, count: instance.staff.count)
        self.model = LinearModel(name: "curtois_\(instance.name)")
        addAssignmentVariables(fixed: fixed)
        addOneShiftPerDay()
        addShiftSuccessions()
        addMaxShiftsPerType()
        addTotalMinutes()
        addMaxConsecutiveShifts()
        addMinConsecutiveShifts()
        addMinConsecutiveDaysOff()
        addMaxWeekends()
        addObjective()
    }

    /// Whether employee e may work shift s on day d at all (not a day off, type allowed).
    public func allowed(_ e: Int, _ d: Int, _ s: Int) -> Bool {
        !instance.daysOff[e].contains(d) && instance.staff[e].maxShifts[s] > 0
    }

    // MARK: hard rules

    /// x[e,d,s], with the days-off rule and zero type limits as fixed zeros.
    private mutating func addAssignmentVariables(fixed: [[Cell]]?) {
        let I = instance
        x = (0..<I.staff.count).map { e in
            (0..<I.days).map { d in
                let cell = included[e] ? (fixed?[e][d] ?? .free) : .off
                return (0..<I.shifts.count).map { s in
                    switch cell {
                    case .off: return Expr.constant(0)
                    case .shift(let t): return Expr.constant(t == s ? 1 : 0)
                    case .free:
                        guard allowed(e, d, s) else { return .constant(0) }
                        let v = model.addVariable("x_\(I.staff[e].id)_\(d)_\(I.shifts[s].id)", lower: 0, upper: 1, integer: true)
                        roles.append(.assignment(employee: e, day: d, shift: s))
                        return Expr(terms: [(v, 1)])
                    }
                }
            }
        }
    }

    /// w[e,d]: 1 when e works on d.
    private func works(_ e: Int, _ d: Int) -> Expr { x[e][d].reduce(Expr(), +) }

    private mutating func row(_ name: String, _ expr: Expr, lower: Double = -.infinity, upper: Double = .infinity, employee: Int? = nil) {
        if let employee, !included[employee] { return }
        var sums: [Int: Double] = [:]
        for (v, c) in expr.terms { sums[v.index, default: 0] += c }
        let terms = sums.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { (Variable(index: $0.key), $0.value) }
        let lo = lower - expr.constant, hi = upper - expr.constant
        if terms.isEmpty {
            if lo > 1e-9 || hi < -1e-9 { brokenRows.append(name) }
            return
        }
        // A row that its variables' bounds satisfy whatever they are is left out.
        var minActivity = 0.0, maxActivity = 0.0
        for (v, c) in terms {
            let info = model.info(v)
            minActivity += c > 0 ? c * info.lower : c * info.upper
            maxActivity += c > 0 ? c * info.upper : c * info.lower
        }
        if minActivity >= lo - 1e-9 && maxActivity <= hi + 1e-9 { return }
        model.addConstraint(name, terms, lower: lo, upper: hi)
    }

    private mutating func addOneShiftPerDay() {
        for e in instance.staff.indices {
            for d in 0..<instance.days { row("one_\(e)_\(d)", works(e, d), upper: 1, employee: e) }
        }
    }

    /// x[e,d,s] + Σ_{t cannot follow s} x[e,d+1,t] ≤ 1.
    private mutating func addShiftSuccessions() {
        for e in instance.staff.indices {
            for d in 0..<max(0, instance.days - 1) {
                for (s, shift) in instance.shifts.enumerated() where !shift.cannotFollow.isEmpty {
                    let next = shift.cannotFollow.map { x[e][d + 1][$0] }.reduce(Expr(), +)
                    row("succ_\(e)_\(d)_\(s)", x[e][d][s] + next, upper: 1, employee: e)
                }
            }
        }
    }

    private mutating func addMaxShiftsPerType() {
        for (e, p) in instance.staff.enumerated() {
            for s in instance.shifts.indices {
                let total = (0..<instance.days).map { x[e][$0][s] }.reduce(Expr(), +)
                row("maxtype_\(e)_\(s)", total, upper: Double(p.maxShifts[s]), employee: e)
            }
        }
    }

    /// Minutes between the employee's limits, divided by the greatest common divisor of the
    /// lengths of the shifts they may work and the limits rounded inwards (with 480-minute shifts
    /// and at least 7560 minutes: at least 16 shifts, not 15.75), which tightens the relaxation.
    private mutating func addTotalMinutes() {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        for (e, p) in instance.staff.enumerated() {
            let allowed = instance.shifts.indices.filter { p.maxShifts[$0] > 0 }
            let g = max(1, allowed.map { instance.shifts[$0].minutes }.reduce(0, gcd))
            var total = Expr()
            for d in 0..<instance.days {
                for (s, shift) in instance.shifts.enumerated() { total = total + (Double(shift.minutes) / Double(g)) * x[e][d][s] }
            }
            let lower = (p.minTotalMinutes + g - 1) / g, upper = p.maxTotalMinutes / g
            row("minutes_\(e)", total, lower: Double(lower), upper: Double(upper), employee: e)
        }
    }

    /// Every window of max+1 days has at most max working days.
    private mutating func addMaxConsecutiveShifts() {
        for (e, p) in instance.staff.enumerated() {
            let k = p.maxConsecutiveShifts
            guard k + 1 <= instance.days else { continue }
            for d in 0...(instance.days - k - 1) {
                let window = (d...(d + k)).map { works(e, $0) }.reduce(Expr(), +)
                row("maxcons_\(e)_\(d)", window, upper: Double(k), employee: e)
            }
        }
    }

    /// No block of l < min working days with a day off on both sides inside the horizon:
    /// −w[d−1] + Σ w[d…d+l−1] − w[d+l] ≤ l − 1.
    private mutating func addMinConsecutiveShifts() {
        for (e, p) in instance.staff.enumerated() where p.minConsecutiveShifts > 1 {
            for l in 1..<p.minConsecutiveShifts {
                for d in stride(from: 1, through: instance.days - 1 - l, by: 1) {
                    let block = (d..<(d + l)).map { works(e, $0) }.reduce(Expr(), +)
                    row("mincons_\(e)_\(d)_\(l)", -works(e, d - 1) + block + -works(e, d + l), upper: Double(l - 1), employee: e)
                }
            }
        }
    }

    /// No block of l < min days off with work on both sides inside the horizon:
    /// w[d−1] − Σ w[d…d+l−1] + w[d+l] ≤ 1.
    private mutating func addMinConsecutiveDaysOff() {
        for (e, p) in instance.staff.enumerated() where p.minConsecutiveDaysOff > 1 {
            for l in 1..<p.minConsecutiveDaysOff {
                for d in stride(from: 1, through: instance.days - 1 - l, by: 1) {
                    let block = (d..<(d + l)).map { works(e, $0) }.reduce(Expr(), +)
                    row("minoff_\(e)_\(d)_\(l)", works(e, d - 1) + -block + works(e, d + l), upper: 1, employee: e)
                }
            }
        }
    }

    /// k[e,w] ≥ w[e,d] for the weekend's days; Σ_w k[e,w] ≤ max weekends.
    private mutating func addMaxWeekends() {
        for (e, p) in instance.staff.enumerated() {
            var total = Expr()
            for w in 0..<instance.weeks {
                let days = instance.weekendDays(w).map { works(e, $0) }
                guard !days.isEmpty else { continue }
                if days.allSatisfy({ $0.terms.isEmpty }) {
                    total.constant += days.map(\.constant).max() ?? 0
                    continue
                }
                let k = model.addVariable("weekend_\(instance.staff[e].id)_\(w)", lower: 0, upper: 1, integer: true)
                roles.append(.weekend(employee: e, week: w))
                for (i, day) in days.enumerated() {
                    row("weekend_\(e)_\(w)_\(i)", Expr(terms: [(k, 1)]) + -day, lower: 0, employee: e)
                }
                total = total + Expr(terms: [(k, 1)])
            }
            row("weekends_\(e)", total, upper: Double(p.maxWeekends), employee: e)
        }
    }

    // MARK: objective

    private mutating func addObjective() {
        var objective = Expr()
        for r in instance.onRequests { objective = objective + Double(r.weight) * (Expr.constant(1) + -x[r.employee][r.day][r.shift]) }
        for r in instance.offRequests { objective = objective + Double(r.weight) * x[r.employee][r.day][r.shift] }
        for (ci, c) in instance.cover.enumerated() {
            let staffed = instance.staff.indices.map { x[$0][c.day][c.shift] }.reduce(Expr(), +)
            if staffed.terms.isEmpty {
                let n = Int(staffed.constant.rounded())
                objective.constant += Double(max(0, c.requirement - n) * c.underWeight + max(0, n - c.requirement) * c.overWeight)
                continue
            }
            let sid = instance.shifts[c.shift].id
            let under = model.addVariable("under_\(c.day)_\(sid)", lower: 0, upper: Double(c.requirement), integer: true)
            roles.append(.under(cover: ci))
            let over = model.addVariable("over_\(c.day)_\(sid)", lower: 0, upper: Double(instance.staff.count), integer: true)
            roles.append(.over(cover: ci))
            // staffed + under − over = requirement
            row("cover_\(c.day)_\(sid)", staffed + Expr(terms: [(under, 1), (over, -1)]),
                lower: Double(c.requirement), upper: Double(c.requirement))
            objective = objective + Expr(terms: [(under, Double(c.underWeight)), (over, Double(c.overWeight))])
        }
        var sums: [Int: Double] = [:]
        for (v, c) in objective.terms { sums[v.index, default: 0] += c }
        for (i, c) in sums { model.setObjective(Variable(index: i), c) }
        model.objectiveConstant = objective.constant
    }

    // MARK: reading a solution

    /// Every variable's value for a roster `[employee][day] → shift or nil` (a MIP start). The
    /// roster must agree with the fixed cells; the vector satisfies the model when the roster
    /// keeps every hard rule.
    public func values(_ grid: [[Int?]]) -> [Double] {
        let S = instance.shifts.count
        var count = [Int](repeating: 0, count: instance.days * S)
        for row in grid { for (d, s) in row.enumerated() { if let s { count[d * S + s] += 1 } } }
        return roles.map { role -> Double in
            switch role {
            case .assignment(let e, let d, let s): return grid[e][d] == s ? 1 : 0
            case .weekend(let e, let w): return instance.weekendDays(w).contains { grid[e][$0] != nil } ? 1 : 0
            case .under(let c):
                let cover = instance.cover[c]
                return Double(max(0, cover.requirement - count[cover.day * S + cover.shift]))
            case .over(let c):
                let cover = instance.cover[c]
                return Double(max(0, count[cover.day * S + cover.shift] - cover.requirement))
            }
        }
    }

    /// The roster of a solver answer: [employee][day] → shift or nil.
    public func grid(_ values: [Double]) -> [[Int?]] {
        x.map { days in
            days.map { shifts in
                shifts.firstIndex { e in
                    if let (v, _) = e.terms.first { return values[v.index] > 0.5 }
                    return e.constant > 0.5
                }
            }
        }
    }
}
