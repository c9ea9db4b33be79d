import Foundation
import Optimization

/// Column generation for a Curtois & Qu instance, with branching (branch and price).
///
/// Master LP: one column per (employee, legal schedule) with the schedule's request penalty as
/// cost; cover rows `Σ schedules working (d, s) + under − over = requirement` with the cover
/// weights on the slacks; one convexity row per employee (`Σ its columns = 1`). Pricing: for each
/// employee the cheapest legal schedule under the cover rows' duals (`CurtoisScheduleDP`, exact),
/// which also gives the Lagrangian bound `LP + Σ_e min(0, reduced cost_e)` at every iteration.
/// Branching (`branching`): first on one employee being off on one day (weekend days first),
/// then on one employee working one shift on one day, the pricing DP honouring the fixings,
/// depth first; a node is cut off when its bound rounded up reaches the incumbent (objectives
/// are whole numbers).
final class CurtoisColumnGeneration {
    struct Column {
        var employee: Int
        var schedule: [Int?]
        var cost: Double
    }

    let instance: CurtoisInstance
    let E: Int, D: Int, S: Int
    /// requestCost[e][d][s]: penalty change when e works s on d; requestConstant[e]: penalty of
    /// e's schedule when off every day.
    private(set) var requestCost: [[[Double]]]
    private(set) var requestConstant: [Double]
    /// coverIndex[d][s]: index into instance.cover, or nil.
    let coverIndex: [[Int?]]
    let dps: [CurtoisScheduleDP]
    let lp: ColumnLP
    private(set) var columns: [Column] = []
    private var seen: Set<[Int8]> = []
    /// LP column of column k is k + slackCount (the under/over slacks come first).
    let slackCount: Int
    let deadline: () -> Bool

    /// Best roster found (by the LP's integer solutions), its objective.
    var incumbent: (grid: [[Int?]], objective: Int)?
    /// Root bound (Lagrangian, from exact pricing), nil until the root's pricing is complete.
    private(set) var rootBound: Double?
    private(set) var nodes = 0
    /// Whether the search tree was explored completely (the incumbent is optimal).
    private(set) var treeExhausted = false
    /// Duals of the last LP whose pricing ran to the end (cover rows, convexity rows) and its
    /// objective; `rootDuals` those of the root node.
    private var lastDuals: (cover: [Double], convexity: [Double], objective: Double)?
    private(set) var rootDuals: (cover: [Double], convexity: [Double], objective: Double)?

    init(_ instance: CurtoisInstance, deadline: @escaping () -> Bool) throws {
        self.instance = instance
        self.deadline = deadline
        E = instance.staff.count; D = instance.days; S = instance.shifts.count
        var rc = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: S), count: D), count: E)
        var constant = [Double](repeating: 0, count: E)
        for r in instance.onRequests { constant[r.employee] += Double(r.weight); rc[r.employee][r.day][r.shift] -= Double(r.weight) }
        for r in instance.offRequests { rc[r.employee][r.day][r.shift] += Double(r.weight) }
        requestCost = rc
        requestConstant = constant
        var index = [[Int?]](repeating: [Int?](repeating: nil, count: S), count: D)
        for (i, c) in instance.cover.enumerated() { index[c.day][c.shift] = i }
        coverIndex = index
        dps = (0..<E).map { CurtoisScheduleDP(instance: instance, employee: $0) }
        let C = instance.cover.count
        let lower = instance.cover.map { Double($0.requirement) } + [Double](repeating: 1, count: E)
        lp = try ColumnLP(rowLower: lower, rowUpper: lower)
        for (i, c) in instance.cover.enumerated() {
            lp.addColumn(cost: Double(c.underWeight), rows: [(i, 1)])
            lp.addColumn(cost: Double(c.overWeight), rows: [(i, -1)])
        }
        slackCount = 2 * C
    }

    func cost(of e: Int, _ schedule: [Int?]) -> Double {
        var c = requestConstant[e]
        for (d, s) in schedule.enumerated() { if let s { c += requestCost[e][d][s] } }
        return c
    }

    /// Adds a column unless it is already there; returns whether it was new.
    @discardableResult
    func add(_ e: Int, _ schedule: [Int?]) -> Bool {
        let key = [Int8(e)] + schedule.map { Int8($0 ?? -1) }
        guard seen.insert(key).inserted else { return false }
        let c = cost(of: e, schedule)
        var rows: [(row: Int, coefficient: Double)] = [(instance.cover.count + e, 1)]
        for (d, s) in schedule.enumerated() { if let s, let ci = coverIndex[d][s] { rows.append((ci, 1)) } }
        let upper = compatible(e, schedule) ? 1.0 : 0
        lp.addColumn(cost: c, lower: 0, upper: upper, rows: rows)
        columns.append(Column(employee: e, schedule: schedule, cost: c))
        return true
    }

    // MARK: branching state

    /// restrictions[e][d][s or S (off)]: allowed at the current node.
    private var restrictions: [[[Bool]]?] = []

    private func compatible(_ e: Int, _ schedule: [Int?]) -> Bool {
        guard restrictions.indices.contains(e), let r = restrictions[e] else { return true }
        for d in 0..<D where !r[d][schedule[d] ?? S] { return false }
        return true
    }

    private func applyRestrictions() {
        for (k, col) in columns.enumerated() {
            lp.setBounds(column: slackCount + k, lower: 0, upper: compatible(col.employee, col.schedule) ? 1 : 0)
        }
    }

    // MARK: column generation at a node

    struct NodeResult {
        var bound: Double        // valid lower bound of the node (−inf when pricing was cut short)
        var lpObjective: Double
        var values: [Double]     // column values (without slacks)
        var infeasible: Bool
    }

    /// Column generation until no column prices out (or the rounded bound meets the rounded LP,
    /// or the cut-off); nil when time ran out.
    func solveNode(cutoff: Double?) -> NodeResult? {
        // Every employee needs a column the node allows.
        var zero = [[Double]](repeating: [Double](repeating: 0, count: S), count: D)
        for e in 0..<E where !columns.indices.contains(where: { columns[$0].employee == e && lp.bounds(column: slackCount + $0).upper > 0 }) {
            for d in 0..<D { for s in 0..<S { zero[d][s] = requestCost[e][d][s] } }
            guard let first = dps[e].cheapest(cost: zero, count: 1, restrictions: restrictions[e]).first else {
                return NodeResult(bound: .infinity, lpObjective: .infinity, values: [], infeasible: true)
            }
            add(e, first.schedule)
        }
        var bestBound = -Double.infinity
        while true {
            if deadline() { return nil }
            let r = lp.solve()
            guard r.status == .optimal else {
                if r.status == .infeasible { return NodeResult(bound: .infinity, lpObjective: .infinity, values: [], infeasible: true) }
                return nil
            }
            let cover = Array(r.duals[0..<instance.cover.count])
            let convexity = Array(r.duals[instance.cover.count...])
            var added = 0
            var lagrangian = r.objective
            var cost = zero
            for e in 0..<E {
                if deadline() { return nil }
                for d in 0..<D {
                    for s in 0..<S {
                        cost[d][s] = requestCost[e][d][s] - (coverIndex[d][s].map { cover[$0] } ?? 0)
                    }
                }
                let best = dps[e].cheapest(cost: cost, count: 3, restrictions: restrictions[e])
                guard let first = best.first else {
                    return NodeResult(bound: .infinity, lpObjective: .infinity, values: [], infeasible: true)
                }
                let reduced = requestConstant[e] + first.cost - convexity[e]
                lagrangian += min(0, reduced)
                for b in best where requestConstant[e] + b.cost - convexity[e] < -1e-7 {
                    if add(e, b.schedule) { added += 1 }
                }
            }
            bestBound = max(bestBound, lagrangian)
            let values = Array(r.values[slackCount...])
            let roundedBound = (bestBound - 1e-6).rounded(.up)
            let roundedLP = (r.objective - 1e-6).rounded(.up)
            if added == 0 || roundedBound >= roundedLP || (cutoff.map { roundedBound >= $0 } ?? false) {
                lastDuals = (cover, convexity, r.objective)
                return NodeResult(bound: bestBound, lpObjective: r.objective, values: values, infeasible: false)
            }
        }
    }

    /// The roster of an integral LP solution, nil when fractional.
    func integralGrid(_ values: [Double]) -> [[Int?]]? {
        var grid = [[Int?]](repeating: [Int?](repeating: nil, count: D), count: E)
        var have = [Bool](repeating: false, count: E)
        for (k, v) in values.enumerated() where v > 1e-6 {
            guard v > 1 - 1e-6 else { return nil }
            let c = columns[k]
            if have[c.employee] { return nil }
            have[c.employee] = true
            grid[c.employee] = c.schedule
        }
        return have.allSatisfy { $0 } ? grid : nil
    }

    /// Each employee's column with the largest LP value.
    func roundedGrid(_ values: [Double]) -> [[Int?]] {
        var grid = [[Int?]](repeating: [Int?](repeating: nil, count: D), count: E)
        var best = [Double](repeating: -1, count: E)
        for (k, v) in values.enumerated() where v > best[columns[k].employee] {
            best[columns[k].employee] = v
            grid[columns[k].employee] = columns[k].schedule
        }
        return grid
    }

    /// Offers a roster as the incumbent (checked by the evaluator).
    @discardableResult
    func offer(_ grid: [[Int?]]) -> Bool {
        let evaluation = CurtoisEvaluator.evaluate(instance, CurtoisSolution(grid: grid))
        guard evaluation.isFeasible else { return false }
        for e in 0..<E { add(e, grid[e]) }
        if incumbent.map({ evaluation.objective < $0.objective }) ?? true {
            incumbent = (grid, evaluation.objective)
            return true
        }
        return false
    }

    // MARK: branch and price

    /// Root column generation, then depth-first branching (`branching`: days off, then shifts)
    /// until the tree is exhausted or time runs out. `onIncumbent` is told of every better roster.
    /// `onNode` gets each node's LP solution rounded to a roster (each employee's column with the
    /// largest value), for a primal heuristic; it returns an improved roster or nil.
    ///
    /// Price and enumerate at the nodes: below the root, when the columns that can still beat
    /// the incumbent at the node (by its reduced costs, `nodePool`) number at most `poolLimit`,
    /// `solvePool` gets them (the master MIP over them: a roster, and whether it is optimal over
    /// them). An optimal answer settles the node — none of its rosters is cheaper — so it is not
    /// branched; an empty pool cuts the node off.
    func run(rootOnly: Bool = false, poolLimit: Int = 0, solvePool: (([Column]) -> (grid: [[Int?]], optimal: Bool)?)? = nil,
             afterRoot: (CurtoisColumnGeneration) -> Void = { _ in },
             onNode: ([[Int?]]) -> [[Int?]]? = { _ in nil }) {
        restrictions = [[[Bool]]?](repeating: nil, count: E)
        applyRestrictions()
        var stack: [[(e: Int, d: Int, s: Int, value: Bool)]] = [[]]
        var isRoot = true
        while let fixings = stack.popLast() {
            if deadline() { return }
            nodes += 1
            // Restrictions of this node (shift S: the day off).
            restrictions = [[[Bool]]?](repeating: nil, count: E)
            for f in fixings {
                var r = restrictions[f.e] ?? [[Bool]](repeating: [Bool](repeating: true, count: S + 1), count: D)
                if f.value { for t in 0...S where t != f.s { r[f.d][t] = false } } else { r[f.d][f.s] = false }
                restrictions[f.e] = r
            }
            applyRestrictions()
            let cutoff = incumbent.map { Double($0.objective) }
            guard let node = solveNode(cutoff: cutoff) else { return }
            if isRoot {
                isRoot = false
                if !node.infeasible {
                    rootBound = node.bound; rootDuals = lastDuals
                    rootCells = cellShares(node.values)
                }
                else { rootBound = .infinity }
                afterRoot(self)
                if rootOnly { return }
            }
            if node.infeasible { continue }
            let roundedBound = (node.bound - 1e-6).rounded(.up)
            if let incumbent, roundedBound >= Double(incumbent.objective) { continue }
            if let improved = onNode(roundedGrid(node.values)) { offer(improved) }
            if let grid = integralGrid(node.values) {
                offer(grid)
                // The LP optimum is integral: this node is solved when its bound meets it.
                if let incumbent, roundedBound >= Double(incumbent.objective) { continue }
            }
            if let solvePool, !fixings.isEmpty, let incumbent,
               let pool = nodePool(upperBound: incumbent.objective, maxColumns: poolLimit) {
                if pool.isEmpty { continue }
                if let m = solvePool(pool) {
                    offer(m.grid)
                    if m.optimal { continue }
                }
            }
            guard let (e, d, s, first) = branching(cellShares(node.values)) else {
                // Integral cells but a fractional mix of identical-cell columns cannot happen
                // (columns are distinct schedules); an integral cell vector is a roster.
                continue
            }
            // Depth first: the child pushed last is solved first.
            stack.append(fixings + [(e, d, s, !first)])
            stack.append(fixings + [(e, d, s, first)])
        }
        treeExhausted = true
    }

    /// An LP solution per cell: cells[e][d][s or S (off)], the share of e's columns working s on
    /// d (or off on d).
    func cellShares(_ values: [Double]) -> [[[Double]]] {
        var cells = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: S + 1), count: D), count: E)
        for (k, v) in values.enumerated() where v > 1e-9 {
            for (d, s) in columns[k].schedule.enumerated() { cells[columns[k].employee][d][s ?? S] += v }
        }
        return cells
    }

    /// The branching decision at a node whose LP solution per cell is `cells` (`cellShares`):
    /// (employee, day, shift or `S` for the day off, the value to explore first), nil when every
    /// cell is integral.
    ///
    /// First on whether an employee is off on a day (the off-cell `S`: 1 forbids every shift that
    /// day, 0 forbids the day off), weekend days before the others, the share nearest to ½, the
    /// side the LP leans to first. On Instance7 the LP rises from 1054.1 to 1056 within four
    /// such levels (weekends are what the cover lacks there and what each employee's weekend
    /// limit rations), where branching on single shifts kept it below 1055 for 60 levels. Then,
    /// with every employee's days integral, on the fractional (employee, day, shift) nearest to
    /// 1, the 1-branch first (a dive towards a roster the LP already leans to).
    func branching(_ cells: [[[Double]]]) -> (e: Int, d: Int, s: Int, first: Bool)? {
        func fractional(_ v: Double) -> Bool { v > 1e-6 && v < 1 - 1e-6 }
        for weekend in [true, false] {
            var pick: (e: Int, d: Int, distance: Double)?
            for e in 0..<E {
                for d in 0..<D where (d % 7 >= 5) == weekend && fractional(cells[e][d][S]) {
                    let distance = abs(cells[e][d][S] - 0.5)
                    if distance < pick?.distance ?? .infinity { pick = (e, d, distance) }
                }
            }
            if let pick { return (pick.e, pick.d, S, cells[pick.e][pick.d][S] >= 0.5) }
        }
        var pick: (e: Int, d: Int, s: Int)?, largest = 0.0
        for e in 0..<E {
            for d in 0..<D {
                for s in 0..<S where fractional(cells[e][d][s]) && cells[e][d][s] > largest {
                    largest = cells[e][d][s]; pick = (e, d, s)
                }
            }
        }
        return pick.map { ($0.e, $0.d, $0.s, true) }
    }

    /// A dive: fix the free employee whose column has the largest LP value to that schedule,
    /// price again, and repeat until the LP solution is a roster (offered) or the node is cut
    /// off. The root's restrictions are restored afterwards.
    func columnDive() {
        var fixedSchedule = [[Int?]?](repeating: nil, count: E)
        defer {
            restrictions = [[[Bool]]?](repeating: nil, count: E)
            applyRestrictions()
        }
        while !deadline() {
            restrictions = (0..<E).map { e in
                fixedSchedule[e].map { schedule in (0..<D).map { d in (0...S).map { $0 == (schedule[d] ?? S) } } }
            }
            applyRestrictions()
            guard let node = solveNode(cutoff: incumbent.map { Double($0.objective) }), !node.infeasible else { return }
            if let incumbent, (node.bound - 1e-6).rounded(.up) >= Double(incumbent.objective) { return }
            if let grid = integralGrid(node.values) { offer(grid); return }
            let candidates = node.values.indices.filter { fixedSchedule[columns[$0].employee] == nil && node.values[$0] > 1e-6 }
                .sorted { node.values[$0] > node.values[$1] }
            guard let pick = candidates.first else { return }
            fixedSchedule[columns[pick].employee] = columns[pick].schedule
        }
    }

    // MARK: integer solution over the generated columns

    /// The restricted master as a MIP over the columns generated so far (CBC), from the incumbent.
    func restrictedMasterMIP(backend: any MIPSolver, seconds: Double) throws -> [[Int?]]? {
        try masterMIP(over: columns, backend: backend, seconds: seconds)?.grid
    }

    /// The master as a MIP over `pool` (the incumbent's schedules are added when missing), from
    /// the incumbent: the roster and whether the backend proved it optimal over the pool.
    func masterMIP(over pool: [Column], backend: any MIPSolver, seconds: Double) throws
        -> (grid: [[Int?]], optimal: Bool)? {
        guard seconds > 0.2 else { return nil }
        var columns = pool
        if let incumbent {
            var have = Set<[Int8]>()
            for c in pool { have.insert([Int8(c.employee)] + c.schedule.map { Int8($0 ?? -1) }) }
            for e in 0..<E where !have.contains([Int8(e)] + incumbent.grid[e].map { Int8($0 ?? -1) }) {
                columns.append(Column(employee: e, schedule: incumbent.grid[e], cost: cost(of: e, incumbent.grid[e])))
            }
        }
        var model = LinearModel(name: "curtois_master_\(instance.name)")
        var slackVars: [Variable] = []
        for (i, c) in instance.cover.enumerated() {
            slackVars.append(model.addVariable("under_\(i)", lower: 0, upper: Double(c.requirement), integer: true))
            model.setObjective(slackVars.last!, Double(c.underWeight))
            slackVars.append(model.addVariable("over_\(i)", lower: 0, upper: Double(E), integer: true))
            model.setObjective(slackVars.last!, Double(c.overWeight))
        }
        var coverTerms = [[(Variable, Double)]](repeating: [], count: instance.cover.count)
        var convexity = [[(Variable, Double)]](repeating: [], count: E)
        var vars: [Variable] = []
        for (k, col) in columns.enumerated() {
            let v = model.addVariable("col_\(k)", lower: 0, upper: 1, integer: true)
            model.setObjective(v, col.cost)
            vars.append(v)
            convexity[col.employee].append((v, 1))
            for (d, s) in col.schedule.enumerated() { if let s, let ci = coverIndex[d][s] { coverTerms[ci].append((v, 1)) } }
        }
        for (i, c) in instance.cover.enumerated() {
            model.addConstraint("cover_\(i)", coverTerms[i] + [(slackVars[2 * i], 1), (slackVars[2 * i + 1], -1)],
                                lower: Double(c.requirement), upper: Double(c.requirement))
        }
        for e in 0..<E { model.addConstraint("one_\(e)", convexity[e], lower: 1, upper: 1) }
        var start: [Double]?
        if let incumbent {
            var values = [Double](repeating: 0, count: slackCount + columns.count)
            var count = [Int](repeating: 0, count: instance.cover.count)
            for (k, col) in columns.enumerated() where col.schedule == incumbent.grid[col.employee] {
                values[slackCount + k] = 1
                for (d, s) in col.schedule.enumerated() { if let s, let ci = coverIndex[d][s] { count[ci] += 1 } }
            }
            for (i, c) in instance.cover.enumerated() {
                values[2 * i] = Double(max(0, c.requirement - count[i]))
                values[2 * i + 1] = Double(max(0, count[i] - c.requirement))
            }
            start = values
        }
        let r = try backend.solve(model, options: SolveOptions(timeLimitSeconds: seconds, relativeGap: 1e-9, initialSolution: start))
        guard r.status.hasSolution else { return nil }
        var grid = [[Int?]](repeating: [Int?](repeating: nil, count: D), count: E)
        for (k, col) in columns.enumerated() where r.values[slackCount + k] > 0.5 { grid[col.employee] = col.schedule }
        return (grid, r.status == .optimal)
    }

    // MARK: price and enumerate

    /// The root LP's solution per cell (`cellShares`).
    private(set) var rootCells: [[[Double]]]?

    /// How far a schedule is from the root LP solution: Σ_d (1 − the LP's share of e on the
    /// schedule's shift or day off on d); 0 for a column the LP uses whole.
    func distanceToRootLP(_ e: Int, _ schedule: [Int?]) -> Double {
        guard let cells = rootCells else { return 0 }
        var total = 0.0
        for (d, s) in schedule.enumerated() { total += 1 - cells[e][d][s ?? S] }
        return total
    }

    /// Every column that can be part of a roster cheaper than `upperBound`, by the root's duals:
    /// a roster's cost is at least `LP + Σ_e reduced cost of e's schedule` (the slacks' reduced
    /// costs are ≥ 0 at an LP optimum), so with the Lagrangian bound `LB = LP + Σ_e min(0, m_e)`
    /// (m_e: e's cheapest reduced cost) a schedule of e whose reduced cost exceeds
    /// `upperBound − 1 − LB + min(0, m_e)` is in no roster costing `upperBound − 1` or less
    /// (objectives are whole numbers). At most `capPerEmployee` per employee (the cheapest);
    /// all of them when they number `allIfAtMost` or fewer in total, else employee e keeps the
    /// `keep(e)` with the lowest `rank(e, schedule)` (the cheaper first among equals). `complete` says nothing was dropped: then a roster cheaper than
    /// `upperBound` uses these columns only, and the master MIP over them plus the incumbent is
    /// exact. nil before the root is solved or when the deadline stopped it. The enumeration is
    /// kept for the next call with the same bound (the selection is redone each call).
    func enumerateColumns(upperBound: Int, capPerEmployee: Int, allIfAtMost: Int = 0, keep: (Int) -> Int,
                          rank: (Int, [Int?]) -> Double) -> (columns: [Column], complete: Bool)? {
        guard let duals = rootDuals else { return nil }
        if pool?.upperBound != upperBound {
            guard let found = reducedCostPool(duals, upperBound: upperBound, capPerEmployee: capPerEmployee) else { return nil }
            pool = (upperBound, found.schedules, found.complete)
        }
        guard let pool else { return nil }
        var out: [Column] = []
        var complete = pool.complete
        let whole = pool.schedules.reduce(0) { $0 + $1.count } <= allIfAtMost
        for e in 0..<E {
            var schedules = pool.schedules[e]
            let k = whole ? .max : keep(e)
            if schedules.count > k {
                // Stable: among equal ranks the cheaper first (the pool is cheapest first).
                schedules = schedules.enumerated().map { ($0.element, rank(e, $0.element), $0.offset) }
                    .sorted { ($0.1, $0.2) < ($1.1, $1.2) }.prefix(k).map { $0.0 }
                complete = false
            }
            for schedule in schedules { out.append(Column(employee: e, schedule: schedule, cost: cost(of: e, schedule))) }
        }
        return (out, complete)
    }

    /// Each employee's schedules (cheapest first) that these duals allow in a roster costing
    /// less than `upperBound` (the rule of `enumerateColumns`), under the current node's
    /// restrictions when `atNode`; at most `capPerEmployee` each and, employee by employee,
    /// about `capTotal` in all (once the total is reached the employees after get none);
    /// `complete` when no cap cut anything. Every list empty (and complete) when the bound
    /// alone rules out a roster below `upperBound`. nil when the deadline stopped it or an
    /// employee has no legal schedule.
    private func reducedCostPool(_ duals: (cover: [Double], convexity: [Double], objective: Double), upperBound: Int,
                                 capPerEmployee: Int, capTotal: Int = .max, atNode: Bool = false)
        -> (schedules: [[[Int?]]], complete: Bool)? {
        var costs: [[[Double]]] = []
        var minimum: [Double] = []
        for e in 0..<E {
            let c = (0..<D).map { d in (0..<S).map { s in requestCost[e][d][s] - (coverIndex[d][s].map { duals.cover[$0] } ?? 0) } }
            guard let first = dps[e].cheapest(cost: c, count: 1, restrictions: atNode ? restrictions[e] : nil).first else { return nil }
            costs.append(c)
            minimum.append(requestConstant[e] + first.cost - duals.convexity[e])
        }
        let lagrangian = duals.objective + minimum.reduce(0) { $0 + min(0, $1) }
        // A little more room than the arithmetic allows: a column exactly at the limit must not
        // be lost to the LP's rounding (more columns never make the proof wrong).
        let room = Double(upperBound) - 1 - lagrangian + 1e-6
        guard room >= -1e-6 else { return ([[[Int?]]](repeating: [], count: E), true) }
        var schedules: [[[Int?]]] = []
        var complete = true, total = 0
        for e in 0..<E {
            if deadline() { return nil }
            let cap = min(capPerEmployee, capTotal - total)
            guard cap > 0 else { return (schedules + [[[Int?]]](repeating: [], count: E - e), false) }
            let limit = room + min(0, minimum[e]) - requestConstant[e] + duals.convexity[e]
            let found = dps[e].enumerate(cost: costs[e], limit: limit, cap: cap,
                                         restrictions: atNode ? restrictions[e] : nil, deadline: deadline)
            if deadline() { return nil }
            if !found.complete { complete = false }
            total += found.schedules.count
            schedules.append(found.schedules.map(\.schedule))
        }
        return (schedules, complete)
    }

    /// Every column that can be in a roster of the current node cheaper than `upperBound`, by
    /// the node's last duals and within its restrictions (a node's LP is the master with some
    /// schedules barred, so the root's argument holds there), when they number at most
    /// `maxColumns`; nil when there are more or no node was solved. Empty when no roster of the
    /// node is cheaper than `upperBound`.
    func nodePool(upperBound: Int, maxColumns: Int) -> [Column]? {
        guard let duals = lastDuals,
              let found = reducedCostPool(duals, upperBound: upperBound, capPerEmployee: maxColumns, capTotal: maxColumns + 1, atNode: true),
              found.complete else { return nil }
        if found.schedules.contains(where: \.isEmpty) { return [] }
        return found.schedules.enumerated().flatMap { e, list in list.map { Column(employee: e, schedule: $0, cost: cost(of: e, $0)) } }
    }

    /// The last enumeration: its upper bound, each employee's schedules (cheapest first), and
    /// whether no cap cut it.
    private var pool: (upperBound: Int, schedules: [[[Int?]]], complete: Bool)?
}
