import Foundation

/// The cheapest legal schedule of one employee of a Curtois & Qu instance, by dynamic programming
/// over the horizon (a resource-constrained shortest path with labels).
///
/// A schedule keeps every hard rule of the benchmark, which are all per employee: days off,
/// shift types the employee may not work, forbidden successions, most shifts of each type, the
/// minimum and maximum total minutes, the maximum and minimum run of shifts, the minimum run of
/// days off and the most weekends worked (blocks touching the first or last day are exempt from
/// the minimum runs, as in `CurtoisEvaluator`). The cost of a schedule is the sum of
/// `cost[day][shift]` over the shifts it works; a day off costs nothing.
///
/// Labels at one day are grouped by what decides the future (last shift or off, length of the
/// current run, whether the run started on the first day, total minutes in units of the gcd of
/// the shift lengths); inside a group a label is dropped when another is no more expensive, has
/// worked no more shifts of every limited type and no more weekends (those resources only have
/// upper limits). Exact when `maxLabelsPerGroup` and `maxLabelsPerDay` are nil; with a cap the
/// cheapest labels are kept (a heuristic that still only returns legal schedules).
public struct CurtoisScheduleDP: Sendable {
    public let instance: CurtoisInstance
    public let employee: Int
    /// Cap on labels per group (nil: exact).
    public var maxLabelsPerGroup: Int?
    /// Cap on labels per day (nil: exact); the cheapest are kept.
    public var maxLabelsPerDay: Int?

    // Pre-computed per-employee data.
    private let unit: Int
    let shiftUnits: [Int]
    let minUnits: Int
    let maxUnits: Int
    /// allowed[d][s]
    let allowed: [[Bool]]
    /// Limited types: index into `counts`, or -1 when the type's limit cannot bind.
    let limitSlot: [Int]
    let limits: [Int]
    let trackWeekends: Bool
    /// Most units that can still be worked from day d to the end (for pruning).
    let maxUnitsFrom: [Int]
    let forbiddenAfter: [[Bool]]

    public init(instance: CurtoisInstance, employee: Int, maxLabelsPerGroup: Int? = nil, maxLabelsPerDay: Int? = nil) {
        self.instance = instance
        self.employee = employee
        self.maxLabelsPerGroup = maxLabelsPerGroup
        self.maxLabelsPerDay = maxLabelsPerDay
        let p = instance.staff[employee]
        let S = instance.shifts.count, D = instance.days
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let types = (0..<S).filter { p.maxShifts[$0] > 0 }
        let g = max(1, types.map { instance.shifts[$0].minutes }.reduce(0, gcd))
        unit = g
        shiftUnits = instance.shifts.map { $0.minutes / g }
        minUnits = (p.minTotalMinutes + g - 1) / g
        maxUnits = p.maxTotalMinutes / g
        allowed = (0..<D).map { d in (0..<S).map { s in p.maxShifts[s] > 0 && !instance.daysOff[employee].contains(d) } }
        var slot = [Int](repeating: -1, count: S), lim: [Int] = []
        for s in types {
            let possible = (0..<D).filter { !instance.daysOff[employee].contains($0) }.count
            if p.maxShifts[s] < possible { slot[s] = lim.count; lim.append(p.maxShifts[s]) }
        }
        limitSlot = slot
        limits = lim
        let weekendsInHorizon = (0..<instance.weeks).filter { !instance.weekendDays($0).isEmpty }.count
        trackWeekends = p.maxWeekends < weekendsInHorizon
        let maxShiftUnits = types.map { instance.shifts[$0].minutes / g }.max() ?? 0
        // Most units from day d on: working days are at most those not off, and at most
        // (runs of ≤ k days separated by ≥ max(1, min days off) days off) in the days left.
        var from = [Int](repeating: 0, count: D + 1)
        var open = 0
        let k = max(0, p.maxConsecutiveShifts), m = max(1, p.minConsecutiveDaysOff)
        for d in stride(from: D - 1, through: 0, by: -1) {
            if !instance.daysOff[employee].contains(d), !types.isEmpty { open += 1 }
            let r = D - d
            let byRuns = k == 0 ? 0 : (r / (k + m)) * k + min(r % (k + m), k)
            from[d] = min(open, byRuns) * maxShiftUnits
        }
        maxUnitsFrom = from
        forbiddenAfter = instance.shifts.map { sh in (0..<S).map { sh.cannotFollow.contains($0) } }
    }

    private struct Label {
        var cost: Double
        var units: Int32
        var last: Int8      // −1: off
        var run: Int16      // length of the current run (work or off), off capped
        var fromStart: Bool // the current run started on the first day
        var weekends: Int16
        var countsAt: Int32 // offset into the day's counts store
        var parent: Int32
    }

    /// The cheapest legal schedules (at most `count`, cheapest first, distinct last labels),
    /// each as `[day] → shift or nil` with its cost; empty when the employee has none.
    /// `restrictions[d][s]`, when given, says whether shift s may be worked on day d, and
    /// `restrictions[d][shifts.count]` whether d may be a day off (branching, fixed cells).
    public func cheapest(cost: [[Double]], count: Int = 1, restrictions: [[Bool]]? = nil) -> [(schedule: [Int?], cost: Double)] {
        let p = instance.staff[employee]
        let S = instance.shifts.count, D = instance.days
        let B = limits.count
        let maxCons = p.maxConsecutiveShifts, minCons = p.minConsecutiveShifts, minOff = p.minConsecutiveDaysOff
        var previousLabels = [Label(cost: 0, units: 0, last: -1, run: 0, fromStart: true, weekends: 0, countsAt: 0, parent: -1)]
        var previousCounts = [UInt16](repeating: 0, count: B)
        var allDays: [[Label]] = []
        var allCounts: [[UInt16]] = []
        let one = maxLabelsPerGroup == 1
        for d in 0..<D {
            var groups: [Int: [Int32]] = [:]
            var single: [Int: Int32] = [:]
            var next: [Label] = []
            var nextCounts: [UInt16] = []
            let saturday = d % 7 == 5, sunday = d % 7 == 6
            let mayOff = restrictions?[d][S] ?? true
            // One label per group (the capped DP of long horizons): the cheapest is kept, replaced
            // in place, its counts copied straight from the parent's (no allocation per label).
            func pushOne(_ label: Label, from base: Int, bump slot: Int) {
                let key = ((Int(label.units) * (S + 1) + Int(label.last) + 1) * 1024 + Int(label.run)) * 2 + (label.fromStart ? 1 : 0)
                let at: Int
                if let existing = single[key] {
                    let o = next[Int(existing)]
                    if label.cost >= o.cost - 1e-9 {
                        // Among equal costs the fewer weekends, then the fewer limited shifts.
                        guard label.cost <= o.cost + 1e-9, label.weekends <= o.weekends else { return }
                        if label.weekends == o.weekends {
                            var mine = slot >= 0 ? 1 : 0, theirs = 0
                            for k in 0..<B { mine += Int(previousCounts[base + k]); theirs += Int(nextCounts[Int(o.countsAt) + k]) }
                            guard mine < theirs else { return }
                        }
                    }
                    at = Int(o.countsAt)
                    var l = label
                    l.countsAt = Int32(at)
                    next[Int(existing)] = l
                    for k in 0..<B { nextCounts[at + k] = previousCounts[base + k] }
                } else {
                    at = nextCounts.count
                    var l = label
                    l.countsAt = Int32(at)
                    single[key] = Int32(next.count)
                    next.append(l)
                    nextCounts.append(contentsOf: previousCounts[base..<(base + B)])
                }
                if slot >= 0 { nextCounts[at + slot] += 1 }
            }
            func push(_ label: Label, counts: ArraySlice<UInt16>) {
                let key = ((Int(label.units) * (S + 1) + Int(label.last) + 1) * 1024 + Int(label.run)) * 2 + (label.fromStart ? 1 : 0)
                var list = groups[key] ?? []
                // Dominance inside the group.
                var i = 0
                while i < list.count {
                    let o = next[Int(list[i])]
                    let oc = Int(o.countsAt)
                    var oDominates = o.cost <= label.cost + 1e-9 && o.weekends <= label.weekends
                    var newDominates = label.cost <= o.cost + 1e-9 && label.weekends <= o.weekends
                    if B > 0 {
                        var k = 0
                        for c in counts {
                            let v = nextCounts[oc + k]
                            if v > c { oDominates = false }
                            if c > v { newDominates = false }
                            k += 1
                        }
                    }
                    if oDominates { return }
                    if newDominates {
                        next[Int(list[i])].cost = .infinity // dead
                        list.swapAt(i, list.count - 1)
                        list.removeLast()
                    } else {
                        i += 1
                    }
                }
                var l = label
                l.countsAt = Int32(nextCounts.count)
                nextCounts.append(contentsOf: counts)
                list.append(Int32(next.count))
                next.append(l)
                if let cap = maxLabelsPerGroup, list.count > cap {
                    var worst = 0
                    for j in 1..<list.count where next[Int(list[j])].cost > next[Int(list[worst])].cost { worst = j }
                    next[Int(list[worst])].cost = .infinity
                    list.swapAt(worst, list.count - 1)
                    list.removeLast()
                }
                groups[key] = list
            }
            let remainingUnits = maxUnitsFrom[d + 1]
            for (pi, l) in previousLabels.enumerated() where l.cost.isFinite {
                let base = Int(l.countsAt)
                let counts = previousCounts[base..<(base + B)]
                // Off.
                if mayOff {
                    var ok = true
                    var n = l
                    if l.last < 0 {
                        n.run = Int16(min(Int(l.run) + 1, max(1, minOff)))
                    } else {
                        ok = l.fromStart || Int(l.run) >= minCons
                        n.last = -1; n.run = 1; n.fromStart = false
                    }
                    if ok, Int(n.units) + remainingUnits >= minUnits {
                        n.parent = Int32(pi)
                        if one { pushOne(n, from: base, bump: -1) } else { push(n, counts: counts) }
                    }
                }
                // Work.
                for s in 0..<S where allowed[d][s] && (restrictions?[d][s] ?? true) {
                    var n = l
                    if l.last < 0 {
                        guard l.fromStart || Int(l.run) >= minOff else { continue }
                        n.run = 1; n.fromStart = d == 0
                    } else {
                        guard !forbiddenAfter[Int(l.last)][s], Int(l.run) + 1 <= maxCons else { continue }
                        n.run = l.run + 1
                        if n.fromStart, Int(n.run) >= minCons { n.fromStart = false }
                    }
                    if maxCons < 1 { continue }
                    n.last = Int8(s)
                    n.units = l.units + Int32(shiftUnits[s])
                    guard Int(n.units) <= maxUnits, Int(n.units) + remainingUnits >= minUnits else { continue }
                    if trackWeekends, saturday || (sunday && (l.last < 0 || d == 0)) {
                        n.weekends += 1
                        guard Int(n.weekends) <= p.maxWeekends else { continue }
                    }
                    n.cost = l.cost + cost[d][s]
                    n.parent = Int32(pi)
                    let slot = limitSlot[s]
                    if one {
                        guard slot < 0 || Int(previousCounts[base + slot]) + 1 <= limits[slot] else { continue }
                        pushOne(n, from: base, bump: slot)
                    } else if slot >= 0 {
                        var c = Array(counts)
                        c[slot] += 1
                        guard Int(c[slot]) <= limits[slot] else { continue }
                        push(n, counts: c[...])
                    } else {
                        push(n, counts: counts)
                    }
                }
            }
            if let cap = maxLabelsPerDay {
                var alive: [(cost: Double, units: Int32, index: Int32)] = []
                alive.reserveCapacity(next.count)
                for (i, l) in next.enumerated() where l.cost.isFinite { alive.append((l.cost, l.units, Int32(i))) }
                if alive.count > cap {
                    // Half the cheapest, half the furthest on towards the minimum total minutes
                    // (cheapest among equals), so that a tight minimum stays reachable.
                    alive.sort { $0.cost < $1.cost }
                    var keep = [Bool](repeating: false, count: next.count)
                    var kept = 0
                    for a in alive.prefix((cap + 1) / 2) { keep[Int(a.index)] = true; kept += 1 }
                    alive.sort { ($0.units, -$0.cost) > ($1.units, -$1.cost) }
                    for a in alive where kept < cap && !keep[Int(a.index)] { keep[Int(a.index)] = true; kept += 1 }
                    for a in alive where !keep[Int(a.index)] { next[Int(a.index)].cost = .infinity }
                }
            }
            allDays.append(previousLabels)
            allCounts.append(previousCounts)
            previousLabels = next
            previousCounts = nextCounts
        }
        // Final labels: the minimum total minutes; runs touching the last day are exempt.
        let finals = previousLabels.indices.filter { previousLabels[$0].cost.isFinite && Int(previousLabels[$0].units) >= minUnits }
            .sorted { previousLabels[$0].cost < previousLabels[$1].cost }
        var out: [(schedule: [Int?], cost: Double)] = []
        for f in finals.prefix(max(1, count)) {
            var schedule = [Int?](repeating: nil, count: D)
            var idx = f
            var labels = previousLabels
            for d in stride(from: D - 1, through: 0, by: -1) {
                let l = labels[idx]
                schedule[d] = l.last >= 0 ? Int(l.last) : nil
                idx = Int(l.parent)
                labels = allDays[d]
            }
            out.append((schedule, previousLabels[f].cost))
        }
        return out
    }
}
