import Foundation

/// Every legal schedule of one employee up to a cost limit (the enumeration half of
/// price-and-enumerate: with the root duals of the column generation and the limit the gap to the
/// incumbent allows, no schedule outside the list can be part of a better roster).
///
/// A backward pass gives, for each day and each state that decides the future (last shift or
/// off, length of the current run, whether the run started on the first day, total minutes in
/// gcd units, weekends worked, shifts of each limited type), the cheapest legal completion; a
/// depth-first search then extends partial schedules and drops a branch as soon as its cost plus
/// that completion exceeds the limit, so it never walks into a dead end. The state space is small
/// on the instances the exact DP is used for (1–7). The transitions are those of
/// `CurtoisScheduleDP.cheapest`.
extension CurtoisScheduleDP {
    /// What the rules still look at of a partial schedule.
    private struct RunState: Hashable {
        var units: Int
        var last: Int      // −1: off
        var run: Int
        var fromStart: Bool
        var weekends: Int
        /// Shifts worked of each limited type, 8 bits per type.
        var counts: UInt64
    }

    /// The state after day `d` worked as `shift` (nil: off), nil when a rule forbids it.
    private func step(_ state: RunState, day d: Int, shift: Int?, restrictions: [[Bool]]?) -> RunState? {
        let p = instance.staff[employee]
        let S = instance.shifts.count
        var n = state
        if let s = shift {
            guard allowed[d][s], restrictions?[d][s] ?? true, p.maxConsecutiveShifts >= 1 else { return nil }
            if state.last < 0 {
                guard state.fromStart || state.run >= p.minConsecutiveDaysOff else { return nil }
                n.run = 1; n.fromStart = d == 0
            } else {
                guard !forbiddenAfter[state.last][s], state.run + 1 <= p.maxConsecutiveShifts else { return nil }
                n.run = state.run + 1
                if n.fromStart, n.run >= p.minConsecutiveShifts { n.fromStart = false }
            }
            n.last = s
            n.units = state.units + shiftUnits[s]
            guard n.units <= maxUnits else { return nil }
            let slot = limitSlot[s]
            if slot >= 0 {
                guard Int((state.counts >> (8 * slot)) & 0xFF) + 1 <= limits[slot] else { return nil }
                n.counts = state.counts + (1 << (8 * slot))
            }
            if trackWeekends, d % 7 == 5 || (d % 7 == 6 && (state.last < 0 || d == 0)) {
                n.weekends = state.weekends + 1
                guard n.weekends <= p.maxWeekends else { return nil }
            }
        } else {
            guard restrictions?[d][S] ?? true else { return nil }
            if state.last < 0 {
                n.run = min(state.run + 1, max(1, p.minConsecutiveDaysOff))
            } else {
                guard state.fromStart || state.run >= p.minConsecutiveShifts else { return nil }
                n.last = -1; n.run = 1; n.fromStart = false
            }
        }
        guard n.units + maxUnitsFrom[d + 1] >= minUnits else { return nil }
        return n
    }

    /// Every legal schedule costing at most `limit` (the cost of a schedule as in `cheapest`),
    /// cheapest first, at most `cap` of them; `complete` is false when more exist than `cap` (the
    /// cheapest `cap` are returned) or the deadline stopped the search.
    func enumerate(cost: [[Double]], limit: Double, cap: Int, restrictions: [[Bool]]? = nil,
                   deadline: () -> Bool = { false }) -> (schedules: [(schedule: [Int?], cost: Double)], complete: Bool) {
        let S = instance.shifts.count, D = instance.days
        var memo = [[RunState: Double]](repeating: [:], count: D + 1)
        func completion(_ d: Int, _ state: RunState) -> Double {
            if d == D { return state.units >= minUnits ? 0 : .infinity }
            if let v = memo[d][state] { return v }
            var best = Double.infinity
            if let n = step(state, day: d, shift: nil, restrictions: restrictions) { best = completion(d + 1, n) }
            for s in 0..<S {
                if let n = step(state, day: d, shift: s, restrictions: restrictions) { best = min(best, cost[d][s] + completion(d + 1, n)) }
            }
            memo[d][state] = best
            return best
        }
        let start = RunState(units: 0, last: -1, run: 0, fromStart: true, weekends: 0, counts: 0)
        let tolerance = 1e-7 * max(1, abs(limit))
        var found: [(schedule: [Int?], cost: Double)] = []
        guard completion(0, start) <= limit + tolerance else { return ([], true) }
        var complete = true
        var schedule = [Int?](repeating: nil, count: D)
        // The search keeps at most 2·cap schedules, then the cheapest cap of them and a limit
        // lowered to the dearest kept: whatever is dropped costs more than everything returned.
        var bound = limit
        func visit(_ d: Int, _ state: RunState, _ spent: Double) {
            if d == D { found.append((schedule, spent)); return }
            if found.count >= 2 * cap {
                found.sort { $0.cost < $1.cost }
                found.removeLast(found.count - cap)
                bound = found[cap - 1].cost
                complete = false
            }
            if d % 7 == 0, deadline() { complete = false; return }
            for shift in [nil] + (0..<S).map({ Optional($0) }) {
                guard let n = step(state, day: d, shift: shift, restrictions: restrictions) else { continue }
                let c = spent + (shift.map { cost[d][$0] } ?? 0)
                guard c + completion(d + 1, n) <= bound + tolerance else { continue }
                schedule[d] = shift
                visit(d + 1, n, c)
            }
            schedule[d] = nil
        }
        visit(0, start, 0)
        found.sort { $0.cost < $1.cost }
        if found.count > cap { found.removeLast(found.count - cap); complete = false }
        return (found, complete)
    }
}
