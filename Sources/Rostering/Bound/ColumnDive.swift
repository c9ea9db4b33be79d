import Foundation
import HotlineCore
import Optimization
import Planning

/// A week built by the one engine: the local search's roster, or the column dive's (polished by the
/// same local search) when that scores lower, with the proven lower bound of both.
public struct BoundedBuild: Sendable {
    /// The roster kept (the lower objective of the two).
    public var result: EngineResult
    public var bound: WeekLowerBound?
    /// The local search's own roster from the greedy start, before the dive.
    public var localSearch: ObjectiveBreakdown
    /// The dive's roster after its polish (nil: no dive ran: turned off, the master LP failed, or
    /// the local search already met the bound).
    public var dive: ObjectiveBreakdown?
    /// "local search" or "column dive": where the kept roster comes from.
    public var choice: String
    public var diveSeconds: Double
}

extension RosterEngine {
    /// `build`, then the lower bound by column generation (`lowerBound`), then a price-and-dive
    /// from the bound's master LP: people whose LP week is whole are fixed to it, otherwise the
    /// heaviest fractional week is fixed, the LP re-solved and re-priced for the people still
    /// free, until everyone has a week. The dive's roster (every week one the pricing allows)
    /// goes through the same local search at a low temperature (fairness, the relaxed caps on
    /// shifts per named type) and the same clean-up as `build`, without the small roles' exact
    /// program. It is kept when it scores lower and keeps every group's nights, working weekends
    /// and holiday shifts as even as the local search's roster. Runs of several weeks do not dive.
    ///
    /// `boundTimeLimitSeconds` covers the bound and the dive; the polish takes one local search.
    public func buildWithBound(plan: WeeklyPlan, people: [Person], previous: [ShiftAssignment] = [],
                               phoneQualified: Set<String>? = nil, constraints: [String: PersonConstraints] = [:],
                               history: [ShiftAssignment] = [], horizonWeeks: Int = 1, period: RosterPeriod? = nil,
                               start: [ShiftAssignment]? = nil, fixed: [FixedCell] = [],
                               boundTimeLimitSeconds: Double = 20, dive: Bool = true,
                               progress: @Sendable (String) -> Void = { _ in }) throws -> BoundedBuild {
        let clock = ContinuousClock.now
        func elapsed() -> Double {
            let e = ContinuousClock.now - clock
            return Double(e.components.seconds) + Double(e.components.attoseconds) * 1e-18
        }
        let local = build(plan: plan, people: people, previous: previous, phoneQualified: phoneQualified,
                          constraints: constraints, history: history, horizonWeeks: horizonWeeks, period: period,
                          start: start, fixed: fixed)
        guard boundTimeLimitSeconds > 0 else {
            return BoundedBuild(result: local, bound: nil, localSearch: local.objective, dive: nil, choice: "local search", diveSeconds: 0)
        }
        let boundStart = elapsed()
        func sinceBound() -> Double { elapsed() - boundStart }
        let model = engineModel(plan: plan, people: people, previous: previous, phoneQualified: phoneQualified,
                                constraints: constraints, history: history, horizonWeeks: horizonWeeks, period: period,
                                start: start, fixed: fixed)
        var cg = try WeekColumnGeneration(model: model, coverOnly: false)
        cg.seed(hints: local.roster.shifts)
        let bound = cg.run(timeLimitSeconds: boundTimeLimitSeconds, elapsed: sinceBound, incumbent: local.objective.total, progress: progress)
        let objective = local.objective.total
        let closed = objective - bound.lowerBound <= 1e-6 * max(1, abs(objective))
        // A run of several weeks plans its small roles over the whole horizon (the exact program,
        // uneven this week by design): the dive's week cannot keep that plan, so it stays out.
        guard dive, !closed, horizonWeeks <= 1 else {
            return BoundedBuild(result: local, bound: bound, localSearch: local.objective, dive: nil, choice: "local search", diveSeconds: 0)
        }
        let diveStart = elapsed()
        guard let weeks = cg.dive(timeLimitSeconds: boundTimeLimitSeconds, elapsed: sinceBound, progress: progress) else {
            progress("dive: the master LP failed; the local search's roster is kept")
            return BoundedBuild(result: local, bound: bound, localSearch: local.objective, dive: nil, choice: "local search",
                                diveSeconds: elapsed() - diveStart)
        }
        var shifts: [ShiftAssignment] = []
        for i in model.people.indices {
            for d in 0..<7 where weeks[i][d] >= 0 { shifts.append(model.assignment(i, d, weeks[i][d])) }
        }
        var polisher = self
        polisher.startTemperature = 1.0
        // No second run of the small roles' exact program (CBC): two full test runs aborted in Clp
        // (ClpNonLinearCost: lowerValue <= upperValue) while the polish ran it on the dive's
        // rosters, and none since (which model tripped it was not seen); the swaps and the
        // fairness polish still balance those roles, and the evenness check below guards them.
        polisher.groupSolver = nil
        let polished = polisher.build(plan: plan, people: people, previous: previous, phoneQualified: phoneQualified,
                                      constraints: constraints, history: history, horizonWeeks: horizonWeeks, period: period,
                                      start: shifts, fixed: fixed)
        let diveSeconds = elapsed() - diveStart
        func parts(_ b: ObjectiveBreakdown) -> String {
            b.components.sorted { $0.key < $1.key }.filter { $0.value != 0 }.map { String(format: "%@ %.1f", $0.key, $0.value) }.joined(separator: ", ")
        }
        progress(String(format: "dive: roster %.1f before the polish: ", polished.initial.total) + parts(polished.initial))
        progress(String(format: "dive: roster %.1f after the polish (local search %.1f, bound %.1f): ",
                        polished.objective.total, objective, bound.lowerBound) + parts(polished.objective))
        // The dive's roster must keep every group's nights, working weekends and holiday shifts
        // as even as the local search's (within one, or no wider than it is): the polish has no
        // exact program for the small roles.
        let even = spreads(polished.roster.weekShifts, model: model) .<= pointwiseMax(spreads(local.roster.weekShifts, model: model), SIMD4(repeating: 1))
        let fair = even[0] && even[2] && even[3]
        if !fair { progress("dive: its roster spreads a group's nights, working weekends or holiday shifts wider than the local search's; not kept") }
        let better = fair && polished.objective.total < objective - 1e-9
        var kept = better ? polished : local
        kept.initial = local.initial
        // The engine's time is both runs, whichever roster is kept.
        kept.seconds = local.seconds + polished.seconds
        return BoundedBuild(result: kept, bound: bound, localSearch: local.objective, dive: polished.objective,
                            choice: better ? "column dive" : "local search", diveSeconds: diveSeconds)
    }
}

extension RosterEngine {
    /// The widest range (max − min) over the fairness groups of each cumulative metric (nights,
    /// weekend shifts, working weekends, holiday shifts: history plus this week) in `shifts`.
    func spreads(_ shifts: [ShiftAssignment], model: EngineModel) -> SIMD4<Int> {
        let index = Dictionary(uniqueKeysWithValues: model.people.enumerated().map { ($1.id, $0) })
        var rows = Array(repeating: Array(repeating: -1, count: 7), count: model.people.count)
        for s in shifts where s.date >= model.weekStart && s.date < model.weekStart.adding(days: 7) {
            guard let i = index[s.personId] else { continue }
            let r = model.roleOf[i]
            if let o = model.options[r].firstIndex(where: { $0.startMinute == s.start.secondOfDay / 60 && $0.lengthMinutes == s.durationSeconds / 60 }) {
                rows[i][s.date.dayNumber - model.weekStart.dayNumber] = o
            }
        }
        var low = Array(repeating: SIMD4<Int>(repeating: .max), count: model.groupCount)
        var high = Array(repeating: SIMD4<Int>(repeating: .min), count: model.groupCount)
        for i in model.people.indices {
            let m = model.score(i, rows[i]).metrics
            let v = SIMD4((0..<4).map { model.histMetric(i, $0) + m[$0] })
            low[model.groupOf[i]] = pointwiseMin(low[model.groupOf[i]], v)
            high[model.groupOf[i]] = pointwiseMax(high[model.groupOf[i]], v)
        }
        var widest = SIMD4<Int>(repeating: 0)
        for g in 0..<model.groupCount where high[g][0] >= low[g][0] { widest = pointwiseMax(widest, high[g] &- low[g]) }
        return widest
    }
}

extension WeekColumnGeneration {
    /// The dive's price per unit of a person's metric beyond one from the group's target (measured
    /// on the sample week, tools/bench/week-bound: 0 → 3,257, 60 → 3,190, 200 → 3,178 after the polish).
    static let diveSpread = 200.0
    /// Price-and-dive over the master LP as `run` left it: fixes people to weeks until every person
    /// has one, re-solving and re-pricing (at most `rounds` pricing rounds per step) for the people
    /// still free. At the time limit everyone still free takes the heaviest of their weeks in the
    /// last LP. Returns each person's week (option per day, -1 off); nil only when an LP fails.
    mutating func dive(timeLimitSeconds: Double, elapsed: () -> Double, rounds: Int = 4,
                       progress: @Sendable (String) -> Void) -> [[Int]]? {
        let n = model.people.count
        let slack = rows.count
        var fixedColumn = Array(repeating: -1, count: n)
        var free = n
        var steps = 0
        // Fairness enters the dive as a separable cost: each person's metrics against the group's
        // mean in the bound's LP (the LP spreads nights and weekends fractionally; a dive without
        // it put a group's nights on a few people).
        let start = lp.solve(timeLimitSeconds: max(0.5, timeLimitSeconds - elapsed()))
        guard start.status == .optimal else { return nil }
        let w = model.engine.weights
        let weight = SIMD4(w.fairness[0], w.fairness[1], w.fairness[2], w.fairness[3])
        var sums = Array(repeating: SIMD4<Double>(), count: model.groupCount)
        var sizes = Array(repeating: 0.0, count: model.groupCount)
        func history(_ i: Int) -> SIMD4<Double> { SIMD4((0..<4).map { Double(model.histMetric(i, $0)) }) }
        for i in 0..<n { sums[model.groupOf[i]] += history(i); sizes[model.groupOf[i]] += 1 }
        for (k, i) in columnPerson.enumerated() where slack + k < start.values.count {
            let v = start.values[slack + k]
            if v > 1e-9 { sums[model.groupOf[i]] += v * SIMD4(model.score(i, columnRows[k]).metrics) }
        }
        let fairness = (0..<n).map { i in
            SeparableFairness(weight: weight, history: history(i), target: sums[model.groupOf[i]] / max(1, sizes[model.groupOf[i]]),
                              spread: Self.diveSpread)
        }
        func fairnessCost(_ i: Int, _ row: [Int]) -> Double { fairness[i].cost(SIMD4(model.score(i, row).metrics)) }
        for i in 0..<n { pricing[i].fairness = fairness[i] }
        for (k, i) in columnPerson.enumerated() {
            lp.setCost(column: slack + k, cost: personCost(i, columnRows[k]) + fairnessCost(i, columnRows[k]))
        }
        // People share a dynamic program only with the same fairness inputs too.
        var firstWith: [[Int]: Int] = [:]
        let diveSignature = (0..<n).map { i in
            let key = [signatureOf[i], model.groupOf[i]] + (0..<4).map { model.histMetric(i, $0) }
            if let j = firstWith[key] { return j }
            firstWith[key] = i
            return i
        }
        func fix(_ i: Int, _ k: Int) {
            for (c, p) in columnPerson.enumerated() where p == i {
                lp.setBounds(column: slack + c, lower: c == k ? 1 : 0, upper: c == k ? 1 : 0)
            }
            fixedColumn[i] = k
            free -= 1
        }
        var last = start.values
        while free > 0 {
            // Out of time: everyone still free takes the heaviest of their weeks in the last LP.
            if elapsed() >= timeLimitSeconds {
                var heaviest: [Int: (k: Int, v: Double)] = [:]
                for (k, i) in columnPerson.enumerated() where fixedColumn[i] < 0 {
                    let v = slack + k < last.count ? last[slack + k] : 0
                    if v > (heaviest[i]?.v ?? -1) { heaviest[i] = (k, v) }
                }
                for (i, h) in heaviest.sorted(by: { $0.key < $1.key }) { fix(i, h.k) }
                progress("dive: time limit after \(steps) steps; \(heaviest.count) people took their heaviest LP week")
                break
            }
            var result: ColumnLP.Result? = nil
            for _ in 0..<max(1, rounds) {
                guard elapsed() < timeLimitSeconds || result == nil else { break }
                let r = lp.solve(timeLimitSeconds: max(0.5, timeLimitSeconds - elapsed()))
                guard r.status == .optimal else { return nil }
                result = r
                last = r.values
                let y = rows.indices.map { min(rows[$0].high, max(rows[$0].low, r.duals[$0])) }
                var byRole: [Int: [[Double]]] = [:]
                var shared: [Int: (cost: Double, row: [Int])] = [:]
                var added = 0
                for i in 0..<n where fixedColumn[i] < 0 {
                    let role = model.roleOf[i]
                    let cost = byRole[role] ?? cellCosts(role: role, y: y)
                    byRole[role] = cost
                    let s = diveSignature[i]
                    guard let found = shared[s] ?? pricing[i].cheapest(cellCost: cost) else { continue }
                    shared[s] = found
                    if add(i, found.row, cost: personCost(i, found.row) + fairnessCost(i, found.row)) { added += 1 }
                }
                if added == 0 { break }
            }
            guard let values = result?.values else { return nil }
            // New columns enter at 0: the last solution stands for them.
            var best: (k: Int, v: Double)? = nil
            var whole: [(Int, Int)] = []
            for (k, i) in columnPerson.enumerated() where fixedColumn[i] < 0 && slack + k < values.count {
                let v = values[slack + k]
                if v > 1 - 1e-6 { whole.append((i, k)) } else if v > (best?.v ?? 1e-9) { best = (k, v) }
            }
            if whole.isEmpty, let best { whole = [(columnPerson[best.k], best.k)] }
            guard !whole.isEmpty else { return nil }
            var once = Set<Int>()
            for (i, k) in whole where once.insert(i).inserted { fix(i, k) }
            steps += 1
            if steps % 10 == 0 { progress("dive: step \(steps), \(free) people left, \(columns) columns") }
        }
        let whole = lp.solve(timeLimitSeconds: 5)
        progress(String(format: "dive: %d steps, %d columns, master value of the whole weeks %.1f", steps, columns, whole.objective + constant))
        guard fixedColumn.allSatisfy({ $0 >= 0 }) else { return nil }
        return fixedColumn.map { columnRows[$0] }
    }
}
