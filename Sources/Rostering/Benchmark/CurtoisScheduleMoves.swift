import Foundation

/// Whole-schedule moves for a Curtois & Qu roster by the per-employee DP
/// (`CurtoisScheduleDP`): with the other employees held, one employee's part of the objective is
/// separable by (day, shift) — their requests plus, per cover, the under-cover weight saved while
/// the others leave the cover short or the over-cover weight paid once they meet it — so the DP
/// re-plans that employee's whole horizon exactly (a move can change every day at once).
struct CurtoisScheduleMoves {
    let instance: CurtoisInstance
    /// Exact DP (no label caps); otherwise the cheapest labels per day are kept.
    let exact: Bool
    private(set) var dps: [CurtoisScheduleDP]
    let requestCost: [[[Double]]]
    let coverIndex: [[Int?]]
    /// Set when an employee has no legal schedule at all (the instance is infeasible).
    private(set) var someoneHasNoSchedule = false
    /// The employee the construction found no schedule for (the capped DP lost them all), if any.
    private(set) var unplannedEmployee: Int?

    /// Whether the exact DP is cheap enough on this instance to run for every employee many
    /// times (short horizons, few shift types).
    static func exactIsCheap(_ instance: CurtoisInstance) -> Bool {
        instance.days <= 28 && instance.shifts.count <= 3
    }

    init(_ instance: CurtoisInstance, exact: Bool) {
        self.instance = instance
        self.exact = exact
        let E = instance.staff.count, D = instance.days, S = instance.shifts.count
        // Capped: about 2·10⁸ label extensions for the whole staff's DPs (a few seconds).
        let perDay = max(60, min(3000, 200_000_000 / max(1, E * D * (S + 1))))
        dps = (0..<E).map { CurtoisScheduleDP(instance: instance, employee: $0, maxLabelsPerGroup: exact ? nil : 1, maxLabelsPerDay: exact ? nil : perDay) }
        var rc = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: S), count: D), count: E)
        for r in instance.onRequests { rc[r.employee][r.day][r.shift] -= Double(r.weight) }
        for r in instance.offRequests { rc[r.employee][r.day][r.shift] += Double(r.weight) }
        requestCost = rc
        var index = [[Int?]](repeating: [Int?](repeating: nil, count: S), count: D)
        for (i, c) in instance.cover.enumerated() { index[c.day][c.shift] = i }
        coverIndex = index
    }

    /// Cover counts of a roster, by cover index.
    func counts(_ grid: [[Int?]]) -> [Int] {
        var n = [Int](repeating: 0, count: instance.cover.count)
        for row in grid { for (d, s) in row.enumerated() { if let s, let ci = coverIndex[d][s] { n[ci] += 1 } } }
        return n
    }

    /// Employee e's costs per (day, shift) with the others' cover `others`.
    func marginalCost(_ e: Int, others: [Int]) -> [[Double]] {
        var cost = requestCost[e]
        for (d, row) in coverIndex.enumerated() {
            for (s, ci) in row.enumerated() {
                guard let ci else { continue }
                let c = instance.cover[ci]
                cost[d][s] += others[ci] < c.requirement ? -Double(c.underWeight) : Double(c.overWeight)
            }
        }
        return cost
    }

    func scheduleCost(_ schedule: [Int?], _ cost: [[Double]]) -> Double {
        var total = 0.0
        for (d, s) in schedule.enumerated() { if let s { total += cost[d][s] } }
        return total
    }

    /// Each employee in turn gets their cheapest legal schedule against the cover the ones
    /// before left. Nil when time runs out or an employee has no legal schedule.
    /// `secondsLeft`, when given, is the time the construction should keep to: the capped DP's
    /// beam (labels per day) shrinks for the employees still to plan when the time per employee
    /// so far would overrun it (52-week instances with many shift types), for the construction
    /// and the moves after it.
    mutating func construct(until stop: () -> Bool, secondsLeft: (() -> Double)? = nil) -> [[Int?]]? {
        let E = instance.staff.count, D = instance.days
        var grid = [[Int?]](repeating: [Int?](repeating: nil, count: D), count: E)
        var n = [Int](repeating: 0, count: instance.cover.count)
        let clock = ContinuousClock()
        for e in 0..<E {
            if stop() { return nil }
            let started = clock.now
            defer {
                if !exact, let secondsLeft, e + 1 < E, let cap = dps[e + 1].maxLabelsPerDay {
                    let d = clock.now - started
                    let perEmployee = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
                    let projected = perEmployee * Double(E - e - 1)
                    let left = max(0.01, secondsLeft())
                    if projected > left * 0.8 {
                        let smaller = max(8, Int(Double(cap) * left * 0.8 / projected))
                        for k in (e + 1)..<E { dps[k].maxLabelsPerDay = min(dps[k].maxLabelsPerDay ?? smaller, smaller) }
                    }
                }
            }
            var found = dps[e].cheapest(cost: marginalCost(e, others: n)).first
            if found == nil, !exact, !stop() {
                // The capped DP may drop the only legal schedules (Instance24's employee J, with
                // a 720-minute window on 52 weeks and 36 days off, needs more than 111 labels a
                // day): wider beams, then any legal schedule, then the exact DP on short horizons.
                for factor in [4, 16] where found == nil && !stop() {
                    var wide = dps[e]
                    wide.maxLabelsPerDay = max(60, wide.maxLabelsPerDay ?? 0) * factor
                    found = wide.cheapest(cost: marginalCost(e, others: n)).first
                    if found != nil { dps[e] = wide }
                }
                if found == nil, !stop() {
                    // Any legal schedule: without costs the beam keeps its widest spread of minutes.
                    let zero = [[Double]](repeating: [Double](repeating: 0, count: instance.shifts.count), count: D)
                    found = dps[e].cheapest(cost: zero).first
                }
                if found == nil, instance.days <= 42, !stop() {
                    found = CurtoisScheduleDP(instance: instance, employee: e).cheapest(cost: marginalCost(e, others: n)).first
                    if found == nil { someoneHasNoSchedule = true }
                }
            } else if found == nil {
                someoneHasNoSchedule = exact
            }
            guard let found else { unplannedEmployee = e; return nil }
            grid[e] = found.schedule
            for (d, s) in found.schedule.enumerated() { if let s, let ci = coverIndex[d][s] { n[ci] += 1 } }
        }
        return grid
    }

    /// Re-plans one employee after another (whole horizon, exactly against the others) until no
    /// employee's schedule improves or time runs out. Every roster on the way keeps the hard rules.
    func descend(_ start: [[Int?]], until stop: () -> Bool) -> [[Int?]] {
        var grid = start
        var n = counts(grid)
        let E = instance.staff.count
        var unchanged = 0, e = 0
        while unchanged < E, !stop() {
            // The others' cover.
            for (d, s) in grid[e].enumerated() { if let s, let ci = coverIndex[d][s] { n[ci] -= 1 } }
            let cost = marginalCost(e, others: n)
            let current = scheduleCost(grid[e], cost)
            if let best = dps[e].cheapest(cost: cost).first, best.cost < current - 1e-9 {
                grid[e] = best.schedule
                unchanged = 0
            } else {
                unchanged += 1
            }
            for (d, s) in grid[e].enumerated() { if let s, let ci = coverIndex[d][s] { n[ci] += 1 } }
            e = (e + 1) % E
        }
        return grid
    }
}
