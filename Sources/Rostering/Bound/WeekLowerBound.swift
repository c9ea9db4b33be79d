import Foundation
import HotlineCore
import Optimization
import Planning

/// A proven lower bound of the roster engine's objective (`EngineWeights`, `ObjectiveBreakdown`)
/// on one week: no roster the engine can return for the same inputs scores below `lowerBound`.
public struct WeekLowerBound: Sendable, Codable, Equatable {
    /// The proven bound (Lagrangian bound of the column-generation master, at most `weights.hard`).
    public var lowerBound: Double
    /// The last master LP's value (not a bound unless `converged`).
    public var lpValue: Double
    /// Column-generation iterations (master solves followed by a complete pricing round).
    public var iterations: Int
    public var columns: Int
    public var seconds: Double
    /// No column priced out at the last iteration: the LP is optimal over all schedules and the
    /// bound equals it (up to the pricing's tolerance).
    public var converged: Bool
    /// The bound of the cover terms only (underCover, overCover, belowMinimumOnSite and seats):
    /// every person's own soft terms counted as 0.
    public var coverOnly: Bool
    /// Hard rules the pricing does not honour (the bound stays valid; it may be weaker).
    public var relaxedRules: [String]
    /// Objective components the bound counts as 0 (each is ≥ 0 in every roster).
    public var boundedByZero: [String]
    /// People whose fixed cells break a hard rule already: every hard rule relaxed for them.
    public var relaxedPeople: [String]
    /// People whose weight the last master LP splits over several weeks (0: the LP solution is a
    /// roster, and the gap lies in the terms the master does not see, fairness, or in the engine).
    public var fractionalPeople: Int
    public var note: String
}

extension RosterEngine {
    /// A proven lower bound of `build`'s objective for the same inputs, by column generation:
    /// a master LP with one column per (person, week) and a convexity row per person, cover rows
    /// per role and hour (`Σ columns + under ≥ requirement`, `Σ columns − over ≤ requirement`, the
    /// planned roles' minimum on site, the seats for agents) whose slacks carry exactly the
    /// engine's weights, carry-in shifts as constants; pricing per person by `SchedulePricing`
    /// (exact dynamic programming over a superset of the weeks the engine may give the person).
    ///
    /// The bound at every iteration is the Lagrangian `Σ rows rhs·y + Σ persons min_schedule
    /// (cost − cover duals)`, with the duals clipped to the slacks' weights (so it is valid for
    /// whatever duals the LP returns). A roster that breaks a rule the pricing honours scores at
    /// least `weights.hard`; so the bound returned is `min(Lagrangian, weights.hard)`.
    /// `fairness` (a sum of squared deviations) and the hard rules the pricing relaxes are ≥ 0 and
    /// counted as 0.
    ///
    /// `hints`: shifts of rosters of the week (e.g. the engine's result) whose weeks seed the master.
    /// `incumbent`: an objective to report the gap to in `progress` lines.
    public func lowerBound(plan: WeeklyPlan, people: [Person], previous: [ShiftAssignment] = [],
                           phoneQualified: Set<String>? = nil, constraints: [String: PersonConstraints] = [:],
                           history: [ShiftAssignment] = [], horizonWeeks: Int = 1, period: RosterPeriod? = nil,
                           start: [ShiftAssignment]? = nil, fixed: [FixedCell] = [],
                           timeLimitSeconds: Double = 20, coverOnly: Bool = false, incumbent: Double? = nil,
                           hints: [ShiftAssignment] = [], progress: @Sendable (String) -> Void = { _ in }) throws -> WeekLowerBound {
        let clock = ContinuousClock.now
        func elapsed() -> Double {
            let e = ContinuousClock.now - clock
            return Double(e.components.seconds) + Double(e.components.attoseconds) * 1e-18
        }
        let model = engineModel(plan: plan, people: people, previous: previous, phoneQualified: phoneQualified,
                                constraints: constraints, history: history, horizonWeeks: horizonWeeks, period: period,
                                start: start, fixed: fixed)
        var cg = try WeekColumnGeneration(model: model, coverOnly: coverOnly)
        cg.seed(hints: hints)
        let result = cg.run(timeLimitSeconds: timeLimitSeconds, elapsed: elapsed, incumbent: incumbent, progress: progress)
        return result
    }
}

extension RosterEngine {
    /// The engine's model of the week exactly as `build` makes it (greedy start, options, cover,
    /// requirements, per-person context).
    func engineModel(plan: WeeklyPlan, people: [Person], previous: [ShiftAssignment] = [],
                     phoneQualified: Set<String>? = nil, constraints: [String: PersonConstraints] = [:],
                     history: [ShiftAssignment] = [], horizonWeeks: Int = 1, period: RosterPeriod? = nil,
                     start: [ShiftAssignment]? = nil, fixed: [FixedCell] = []) -> EngineModel {
        let greedy = RosterBuilder(profile: profile, calendar: calendar).build(
            plan: plan, people: people, previous: previous, phoneQualified: phoneQualified)
        return EngineModel(engine: self, plan: plan, people: people, greedy: greedy,
                           phoneQualified: phoneQualified, constraints: constraints, history: history,
                           period: period ?? RosterPeriod(start: plan.weekStart, weeks: max(1, horizonWeeks)),
                           start: start, fixed: fixed)
    }
}

/// The column generation behind `RosterEngine.lowerBound`.
struct WeekColumnGeneration {
    enum RowKind { case under, over, minimum, seats }
    struct Row {
        var role: Int
        var hour: Int
        var kind: RowKind
        var rhs: Double
        /// Box of a valid dual: [low, high].
        var low: Double
        var high: Double
    }

    let model: EngineModel
    let coverOnly: Bool
    var rows: [Row] = []
    /// rowsAt[role][hour]: master rows of the hour.
    var rowsAt: [[[Int]]]
    /// Cost of the cover terms no column can change (hours no option of the role covers).
    var constant = 0.0
    let lp: ColumnLP
    let personRow0: Int
    var pricing: [SchedulePricing]
    var reps: [[Int]]
    var seen: Set<[Int]> = []
    var columns = 0
    /// Person and week of each master column (after the slacks).
    var columnPerson: [Int] = []
    var columnRows: [[Int]] = []
    /// Columns whose pricing cost differed from `EngineModel.score` (0 unless the pricing is wrong).
    var costMismatches = 0
    /// Pricing signature → first person with it (people with the same inputs share one DP).
    var signatureOf: [Int] = []

    init(model: EngineModel, coverOnly: Bool) throws {
        self.model = model
        self.coverOnly = coverOnly
        let w = model.engine.weights
        let R = model.roles.count
        // Distinct (start, length) options per role.
        reps = model.options.map { opts in
            var seenKeys: Set<[Int]> = []
            return opts.indices.filter { seenKeys.insert([opts[$0].startMinute, opts[$0].lengthMinutes]).inserted }
        }
        // Fixed cover: the engine's cover minus its cells (the carry-in from last week).
        var fixedCover = model.cover
        for i in model.people.indices {
            for d in 0..<7 where model.cells[i][d] >= 0 {
                for h in model.coverHours[model.roleOf[i]][model.cells[i][d]][d] { fixedCover[model.roleOf[i]][h] -= 1 }
            }
        }
        var coverable = Array(repeating: Array(repeating: false, count: 168), count: R)
        for r in 0..<R where model.people.indices.contains(where: { model.roleOf[$0] == r }) {
            for o in model.options[r].indices { for d in 0..<7 { for h in model.coverHours[r][o][d] { coverable[r][h] = true } } }
        }
        var rowsAt = Array(repeating: Array(repeating: [Int](), count: 168), count: R)
        var rows: [Row] = []
        var constant = 0.0
        for r in 0..<R {
            for h in 0..<168 {
                let f = Double(fixedCover[r][h]), req = Double(model.required[r][h])
                let minimum = model.minOnSite[r].isEmpty ? nil : Double(model.minOnSite[r][h])
                let seats = model.roles[r] == .agent ? Double(model.engine.profile.seats) : nil
                guard coverable[r][h] else {
                    constant += f < req ? (req - f) * w.underCover : (f - req) * w.overCover
                    if let minimum, f < minimum { constant += (minimum - f) * w.belowMinimumOnSite }
                    if let seats, f > seats { constant += (f - seats) * w.hard }
                    continue
                }
                func add(_ kind: RowKind, _ rhs: Double, _ low: Double, _ high: Double) {
                    rowsAt[r][h].append(rows.count)
                    rows.append(Row(role: r, hour: h, kind: kind, rhs: rhs, low: low, high: high))
                }
                if req - f > 0 { add(.under, req - f, 0, w.underCover) }
                add(.over, req - f, -w.overCover, 0)
                if let minimum, minimum - f > 0 { add(.minimum, minimum - f, 0, w.belowMinimumOnSite) }
                if let seats { add(.seats, seats - f, -w.hard, 0) }
            }
        }
        self.rows = rows
        self.rowsAt = rowsAt
        self.constant = constant
        personRow0 = rows.count
        let lower = rows.map { $0.kind == .under || $0.kind == .minimum ? $0.rhs : -.infinity }
            + Array(repeating: 1.0, count: model.people.count)
        let upper = rows.map { $0.kind == .over || $0.kind == .seats ? $0.rhs : .infinity }
            + Array(repeating: 1.0, count: model.people.count)
        lp = try ColumnLP(rowLower: lower, rowUpper: upper)
        for (k, row) in rows.enumerated() {
            switch row.kind {
            case .under: lp.addColumn(cost: w.underCover, rows: [(k, 1)])
            case .over: lp.addColumn(cost: w.overCover, rows: [(k, -1)])
            case .minimum: lp.addColumn(cost: w.belowMinimumOnSite, rows: [(k, 1)])
            case .seats: lp.addColumn(cost: w.hard, rows: [(k, -1)])
            }
        }
        let repsHere = reps
        pricing = model.people.indices.map { SchedulePricing(model: model, person: $0, reps: repsHere[model.roleOf[$0]], coverOnly: coverOnly) }
        // People whose pricing inputs are the same share one dynamic program per round.
        var firstWith: [Signature: Int] = [:]
        signatureOf = model.people.indices.map { i in
            let s = Signature(model: model, pricing: pricing[i])
            if let j = firstWith[s] { return j }
            firstWith[s] = i
            return i
        }
        // Enforced rules that leave no week (fixed cells breaking them): relax that person.
        let zero = reps.map { Array(repeating: Array(repeating: 0.0, count: $0.count), count: 7) }
        for i in model.people.indices where signatureOf[i] == i {
            if pricing[i].cheapest(cellCost: zero[model.roleOf[i]]) == nil { pricing[i].relax() }
        }
        for i in model.people.indices where signatureOf[i] != i { pricing[i] = pricing[signatureOf[i]] }
    }

    struct Signature: Hashable {
        var ints: [Int]
        var doubles: [Double]
        var flags: [Bool]

        init(model m: EngineModel, pricing p: SchedulePricing) {
            let i = p.person
            ints = [m.roleOf[i], m.prevEndMinute[i] ?? Int.min, m.prevStreak[i], m.weekMaxMinutes[i], m.periodMinutesSoFar[i],
                    m.periodMaxMinutes(i), m.periodWeekends[i]]
            doubles = [m.contract[i], m.people[i].contractHoursPerWeek] + p.wishCost.flatMap { $0 }
            flags = [m.prevWorked[i].0, m.prevWorked[i].1] + p.offAllowed + p.allowed.flatMap { $0 }
        }
    }

    /// The person's soft cost of a week as the engine scores it (0 for the cover-only bound).
    func personCost(_ i: Int, _ row: [Int]) -> Double {
        coverOnly ? 0 : model.score(i, row).soft
    }

    /// Adds the week `row` of person i unless it is there; returns whether it was new.
    @discardableResult
    mutating func add(_ i: Int, _ row: [Int], cost: Double) -> Bool {
        guard seen.insert([i] + row).inserted else { return false }
        let r = model.roleOf[i]
        var coef: [Int: Double] = [personRow0 + i: 1]
        for d in 0..<7 where row[d] >= 0 {
            for h in model.coverHours[r][row[d]][d] { for k in rowsAt[r][h] { coef[k, default: 0] += 1 } }
        }
        lp.addColumn(cost: cost, rows: coef.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        columnPerson.append(i)
        columnRows.append(row)
        columns += 1
        return true
    }

    /// Whether a week is one the pricing optimises over (so that it may enter the master).
    func admissible(_ i: Int, _ row: [Int]) -> Bool {
        let p = pricing[i]
        for d in 0..<7 {
            if row[d] < 0 { if !p.offAllowed[d] { return false }; continue }
            let o = model.options[model.roleOf[i]][row[d]]
            guard let k = p.reps.firstIndex(where: { model.options[model.roleOf[i]][$0].startMinute == o.startMinute
                && model.options[model.roleOf[i]][$0].lengthMinutes == o.lengthMinutes }), p.allowed[d][k] else { return false }
        }
        return !p.enforce || model.score(i, row).hard == 0
    }

    /// Seeds the master with the engine's starting weeks and the weeks of `hints`.
    mutating func seed(hints: [ShiftAssignment]) {
        for i in model.people.indices where admissible(i, model.cells[i]) { add(i, model.cells[i], cost: personCost(i, model.cells[i])) }
        let index = Dictionary(uniqueKeysWithValues: model.people.enumerated().map { ($1.id, $0) })
        var rows: [Int: [Int]] = [:]
        var bad: Set<Int> = []
        for s in hints where s.date >= model.weekStart && s.date < model.weekStart.adding(days: 7) {
            guard let i = index[s.personId] else { continue }
            let r = model.roleOf[i]
            guard let o = reps[r].first(where: { model.options[r][$0].startMinute == s.start.secondOfDay / 60
                && model.options[r][$0].lengthMinutes == s.durationSeconds / 60 }) else { bad.insert(i); continue }
            rows[i, default: Array(repeating: -1, count: 7)][s.date.dayNumber - model.weekStart.dayNumber] = o
        }
        for (i, row) in rows.sorted(by: { $0.key < $1.key }) where !bad.contains(i) && admissible(i, row) {
            add(i, row, cost: personCost(i, row))
        }
    }

    /// Cell costs of role r under clipped duals y (per row): minus the duals of the hours a shift covers.
    func cellCosts(role r: Int, y: [Double]) -> [[Double]] {
        let repsR = reps[r]
        return (0..<7).map { d in repsR.map { o in
            var c = 0.0
            for h in model.coverHours[r][o][d] { for k in rowsAt[r][h] { c -= y[k] } }
            return c
        } }
    }

    mutating func run(timeLimitSeconds: Double, elapsed: () -> Double, incumbent: Double?,
                      progress: @Sendable (String) -> Void) -> WeekLowerBound {
        let w = model.engine.weights
        var best = -Double.infinity
        var lpValue = Double.nan
        var iterations = 0
        var converged = false
        var fractional = 0
        let n = model.people.count
        // Every person needs a column: the cheapest week with no duals.
        var y = Array(repeating: 0.0, count: rows.count)
        while true {
            var lagrangian = constant + zip(rows, y).reduce(0) { $0 + $1.0.rhs * $1.1 }
            var byRole: [Int: [[Double]]] = [:]
            var shared: [Int: (cost: Double, row: [Int])] = [:]
            var complete = true
            var newColumns: [(Int, [Int], Double, Double)] = []   // person, row, DP value, column cost
            for i in 0..<n {
                if elapsed() > timeLimitSeconds && iterations > 0 { complete = false; break }
                let r = model.roleOf[i]
                let cost = byRole[r] ?? cellCosts(role: r, y: y)
                byRole[r] = cost
                let s = signatureOf[i]
                let found = shared[s] ?? pricing[i].cheapest(cellCost: cost)
                guard let found else { complete = false; break }   // cannot happen: relaxed people always have a week
                shared[s] = found
                lagrangian += found.cost
                newColumns.append((i, found.row, found.cost, personCost(i, found.row)))
            }
            guard complete else { break }
            // The bound of these duals (valid for any duals in the boxes).
            best = max(best, lagrangian)
            var added = 0
            for (i, row, value, cost) in newColumns {
                // Check the pricing's cost against the engine's score of the same week.
                var cover = 0.0
                let r = model.roleOf[i]
                let cc = byRole[r]!
                for d in 0..<7 where row[d] >= 0 { cover += cc[d][reps[r].firstIndex(of: row[d])!] }
                if abs(cover + cost - value) > 1e-6 * max(1, abs(value)) { costMismatches += 1 }
                if add(i, row, cost: cost) { added += 1 }
            }
            if iterations > 0 && added == 0 { converged = true }
            let gapText = incumbent.map { String(format: ", gap %.2f%% to %.1f", 100 * ($0 - min(best, w.hard)) / max(abs($0), 1e-9), $0) } ?? ""
            if iterations > 0 {
                progress(String(format: "bound: iteration %d, lower bound %.1f, LP %.1f, %d columns", iterations, min(best, w.hard), lpValue, columns) + gapText)
            }
            if converged || elapsed() > timeLimitSeconds { break }
            // Master LP.
            let result = lp.solve(timeLimitSeconds: max(0.5, timeLimitSeconds - elapsed()))
            guard result.status == .optimal else { break }
            iterations += 1
            lpValue = result.objective + constant
            var split = Set<Int>()
            for (k, v) in result.values.dropFirst(rows.count).enumerated() where v > 1e-6 && v < 1 - 1e-6 { split.insert(columnPerson[k]) }
            fractional = split.count
            y = rows.indices.map { min(rows[$0].high, max(rows[$0].low, result.duals[$0])) }
            // Stop when the LP meets the bound.
            if lpValue - best <= 1e-7 * max(1, abs(lpValue)) { converged = true; break }
        }
        var relaxed = ["most shifts per named type in the week and in the period (rules.max_shifts_per_type, max_shifts_per_type_per_period)"]
        let relaxedPeople = model.people.indices.filter { !pricing[$0].enforce }.map { model.people[$0].id }
        if !relaxedPeople.isEmpty { relaxed.append("every hard rule of \(relaxedPeople.count) people whose fixed cells already break one") }
        let zeroTerms = coverOnly
            ? ["fairness", "wishes", "contractHours", "loneDaysOff", "loneWorkDays", "workingWeekends", "hardRules (people's rules)"]
            : ["fairness", "hardRules (each ≥ 0; a roster breaking an honoured rule scores ≥ weights.hard)"]
        let boundValue = best.isFinite ? min(best - 1e-9 * max(1, abs(best)), w.hard) : 0
        let what = coverOnly ? "the cover terms (underCover, overCover, belowMinimumOnSite, seats)" : "the whole objective"
        let note = "column generation, \(iterations) iterations, \(columns) columns\(converged ? ", converged" : ", stopped at the time limit")"
            + (fractional > 0 ? ", LP fractional for \(fractional) people" : ", LP integral")
            + ": bounds \(what) of every role (agents, supervisors, back office and the fixed-shift roles) per hour with the carry-in as constants"
            + (coverOnly ? "" : " and each person's wishes, contract hours, lone days off, lone working days and working weekends")
            + "; \(zeroTerms.joined(separator: ", ")) counted as 0; pricing honours leave, fixed days off, training, availability, protected nights, fixed cells, rest, shift length, consecutive days, days off, week and period hours and nights a week, and relaxes "
            + relaxed.joined(separator: "; ")
            + (costMismatches > 0 ? "; WARNING: \(costMismatches) priced weeks differ from the engine's score" : "")
        return WeekLowerBound(lowerBound: boundValue, lpValue: lpValue, iterations: iterations, columns: columns,
                              seconds: elapsed(), converged: converged, coverOnly: coverOnly, relaxedRules: relaxed,
                              boundedByZero: zeroTerms, relaxedPeople: relaxedPeople, fractionalPeople: fractional, note: note)
    }
}
