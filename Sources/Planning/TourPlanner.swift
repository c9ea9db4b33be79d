import HotlineCore
import Optimization

/// Weekly tour scheduling as an integer program over the 168 hours of a cyclic week.
///
/// Variables: `x_t` (integer ≥ 0) people on tour t, `s_h` (≥ 0) agents short in hour h.
/// Objective: minimise scheduled agent-hours + penalty × short agent-hours.
/// Rules (one function each, below): cover the requirement (soft, through the shortage),
/// never more agents than seats (hard), the headcount floor and the people available (hard).
public struct TourPlanner: Sendable {
    public var solver: any MIPSolver
    public var options: SolveOptions

    public init(solver: any MIPSolver = GLPKSolver(), options: SolveOptions = SolveOptions()) {
        self.solver = solver
        self.options = options
    }

    /// The variables of a built model, to read a solution back.
    public struct Formulation: Sendable {
        public var model: LinearModel
        public var tours: [Tour]
        public var tourVariables: [Variable]
        public var shortageVariables: [Variable]
        /// N = Σ x_t.
        public var agentsVariable: Variable
    }

    public func model(for input: PlanningInput) throws -> LinearModel {
        try formulation(for: input).model
    }

    public func formulation(for input: PlanningInput) throws -> Formulation {
        try input.validate()
        let tours = input.allowedTours
        var model = LinearModel(name: "weekly_tours_\(input.weekStart)", sense: .minimize)
        let x = tours.map { tour in
            model.addVariable("x_\(TourPlanner.code(tour))", lower: 0, upper: Double(input.maxAgents.map { min($0, input.seats) } ?? input.seats),
                              integer: true, objective: Double(tour.weeklyHours))
        }
        // Shortages are whole agents at any optimum (x and the requirement are whole), so they are
        // declared integer: with whole penalties the objective then moves in whole steps, which
        // tightens the proven bound.
        let penaltyIsWhole = input.shortagePenaltyPerAgentHour == input.shortagePenaltyPerAgentHour.rounded()
        let s = (0..<PlanningWeek.hours).map { h in
            model.addVariable("short_h\(h)", lower: 0, upper: Double(input.requiredAgents[h]), integer: penaltyIsWhole,
                              objective: input.shortagePenaltyPerAgentHour)
        }
        let onShift = TourPlanner.toursOnShift(tours)
        TourPlanner.coverRequirement(&model, input, x, s, onShift)
        TourPlanner.seatLimit(&model, input, x, onShift)
        let agents = TourPlanner.headcount(&model, input, x)
        return Formulation(model: model, tours: tours, tourVariables: x, shortageVariables: s, agentsVariable: agents)
    }

    // MARK: Rules

    /// Cover: agents on shift + shortage ≥ requirement, every hour.
    static func coverRequirement(_ model: inout LinearModel, _ input: PlanningInput, _ x: [Variable], _ s: [Variable],
                                 _ onShift: [[Int]]) {
        for h in 0..<PlanningWeek.hours where input.requiredAgents[h] > 0 {
            model.addConstraint("cover_h\(h)", onShift[h].map { (x[$0], 1.0) } + [(s[h], 1.0)],
                                lower: Double(input.requiredAgents[h]))
        }
    }

    /// Seats: never more agents on shift than seats, every hour (hard).
    static func seatLimit(_ model: inout LinearModel, _ input: PlanningInput, _ x: [Variable], _ onShift: [[Int]]) {
        for h in 0..<PlanningWeek.hours where !onShift[h].isEmpty {
            model.addConstraint("seats_h\(h)", onShift[h].map { (x[$0], 1.0) }, upper: Double(input.seats))
        }
    }

    /// Headcount: the number of agents N = Σ x_t is an integer variable bounded by `minAgents`
    /// and `maxAgents` (hard). Branching on N (e.g. N ≤ 145 or N ≥ 146) closes much of the gap
    /// that the many near-identical tours leave.
    static func headcount(_ model: inout LinearModel, _ input: PlanningInput, _ x: [Variable]) -> Variable {
        let upper = input.maxAgents.map(Double.init) ?? .infinity
        let n = model.addVariable("agents", lower: Double(input.minAgents), upper: upper, integer: true, objective: 0)
        model.addConstraint("headcount", x.map { ($0, 1.0) } + [(n, -1.0)], lower: 0, upper: 0)
        return n
    }

    /// For each hour, the indices of the tours on shift in it.
    static func toursOnShift(_ tours: [Tour]) -> [[Int]] {
        var result = Array(repeating: [Int](), count: PlanningWeek.hours)
        for (t, tour) in tours.enumerated() {
            for h in tour.hoursOnShift { result[h].append(t) }
        }
        return result
    }

    /// Tours in reading order: by start hour, length, then Monday-first working days.
    static func sortKey(_ tour: Tour) -> Int {
        tour.startHour * 1_000_000 + tour.lengthHours * 1000 + 127 - tour.workDays.enumerated().reduce(0) { $0 + ($1.element ? 1 << (6 - $1.offset) : 0) }
    }

    static func code(_ tour: Tour) -> String {
        "s\(tour.startHour)_l\(tour.lengthHours)_" + tour.workDays.map { $0 ? "1" : "0" }.joined()
    }

    // MARK: Solving

    public func plan(_ input: PlanningInput) throws -> WeeklyPlan {
        let f = try formulation(for: input)
        let clock = ContinuousClock(), started = clock.now
        func elapsed() -> Double {
            let d = clock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        // Warm start: the LP relaxation rounded down and repaired greedily (always within the
        // seats; the shortages take up the rest), offered to the solver as its first incumbent
        // and kept as the plan if the solver finds none in time.
        var runOptions = options
        var warm: WarmStart?
        if options.roundingHeuristic, options.initialSolution == nil {
            warm = try warmStart(f, input, budget: options.timeLimitSeconds / 4)
            runOptions.initialSolution = warm?.values
        }
        runOptions.timeLimitSeconds = max(0.05, options.timeLimitSeconds - elapsed())
        var result = try solver.solve(f.model, options: runOptions)
        result.seconds = elapsed()
        switch result.status {
        case .optimal, .feasible:
            if let warm, let objective = result.objective {
                if warm.objective < objective - 1e-9 {
                    result = warm.result(solver: result.solver, model: f.model, bound: result.bound, seconds: elapsed(), nodes: result.nodes)
                } else if let lpBound = warm.lpBound, (result.bound ?? -.infinity) < lpBound {
                    // Our LP bound is proven too: keep the tighter of the two.
                    let bound = min(objective, lpBound)
                    result.bound = bound
                    result.gap = SolveResult.relativeGap(objective: objective, bound: bound)
                    if (result.gap ?? 1) <= options.relativeGap { result.status = .optimal }
                }
            }
        case .infeasible:
            throw PlanningError.infeasible(infeasibilityReason(input))
        case .unbounded:
            throw PlanningError.noPlan("the model is unbounded, which should not happen; please report it")
        case .noSolution:
            guard let warm else {
                throw PlanningError.noPlan("\(result.solver) found no plan within the \(TourPlanner.seconds(options.timeLimitSeconds)) s time limit; allow more time")
            }
            result = warm.result(solver: result.solver, model: f.model, bound: result.bound, seconds: elapsed(), nodes: result.nodes)
        }
        let planned = zip(f.tours, f.tourVariables).compactMap { tour, v -> PlannedTour? in
            let n = Int(result.value(v).rounded())
            return n > 0 ? PlannedTour(tour: tour, count: n) : nil
        }.sorted { TourPlanner.sortKey($0.tour) < TourPlanner.sortKey($1.tour) }
        var plan = WeeklyPlan(weekStart: input.weekStart, tours: planned, required: input.requiredAgents,
                              seats: input.seats, solver: SolverReport(result))
        plan.shortfalls = shortfalls(plan, input, f.tours, result)
        return plan
    }

    /// A feasible assignment of the model built without branch and bound, and the LP bound.
    struct WarmStart {
        var values: [Double]
        var objective: Double
        /// The LP relaxation's optimum rounded to the next attainable objective (a proven bound);
        /// nil when the relaxation was not solved in time (the repair then starts from nothing).
        var lpBound: Double?

        func result(solver: String, model: LinearModel, bound: Double?, seconds: Double, nodes: Int?) -> SolveResult {
            let known = [bound, lpBound].compactMap { $0 }
            let b = known.max().map { min(objective, $0) }
            let gap = b.map { SolveResult.relativeGap(objective: objective, bound: $0) }
            return SolveResult(solver: solver, status: gap == 0 ? .optimal : .feasible, objective: objective, bound: b,
                               gap: gap, seconds: seconds, values: values, nodes: nodes)
        }
    }

    /// Rounds the LP relaxation down (which keeps every hour within the seats), then adds, one at
    /// a time, the tour that removes the most short agent-hours while it fits the seats and pays
    /// for itself against the shortage penalty, then tours that fit until the headcount floor is
    /// met. Nil when the relaxation has no optimum in the budget or the floor cannot be met.
    /// The relaxation gets at least 1 s (it takes milliseconds, but a starved machine must not
    /// lose the proven bound under a very short time limit).
    func warmStart(_ f: Formulation, _ input: PlanningInput, budget: Double) throws -> WarmStart? {
        var relaxed = f.model
        relaxed.relaxIntegrality()
        let lp = try solver.solve(relaxed, options: SolveOptions(timeLimitSeconds: max(1, budget), relativeGap: 0, roundingHeuristic: false))
        let solved = lp.status == .optimal && lp.objective != nil
        let hours = f.tours.map(\.hoursOnShift)
        var counts = f.tourVariables.map { solved ? max(0, (lp.value($0) + 1e-6).rounded(.down)) : 0 }
        var cover = Array(repeating: 0.0, count: PlanningWeek.hours)
        for (t, n) in counts.enumerated() where n > 0 { for h in hours[t] { cover[h] += n } }
        let required = input.requiredAgents.map(Double.init), seats = Double(input.seats)
        let upper = input.maxAgents.map(Double.init) ?? .infinity
        func fits(_ t: Int) -> Bool { hours[t].allSatisfy { cover[$0] + 1 <= seats } }
        func add(_ t: Int) { counts[t] += 1; for h in hours[t] { cover[h] += 1 } }
        var total = counts.reduce(0, +)
        while total < upper {
            var best: (t: Int, score: Double)?
            for t in f.tours.indices where fits(t) {
                let gain = Double(hours[t].filter { cover[$0] < required[$0] }.count) * input.shortagePenaltyPerAgentHour
                let score = gain - Double(f.tours[t].weeklyHours)
                if score > 0, score > (best?.score ?? 0) { best = (t, score) }
            }
            guard let best else { break }
            add(best.t)
            total += 1
        }
        while total < Double(input.minAgents) {
            guard total < upper, let t = f.tours.indices.filter(fits).min(by: { f.tours[$0].weeklyHours < f.tours[$1].weeklyHours }) else { return nil }
            add(t)
            total += 1
        }
        var values = Array(repeating: 0.0, count: f.model.variableCount)
        for (t, v) in f.tourVariables.enumerated() { values[v.index] = counts[t] }
        for (h, v) in f.shortageVariables.enumerated() { values[v.index] = max(0, required[h] - cover[h]) }
        values[f.agentsVariable.index] = total
        guard f.model.maxViolation(values) <= 1e-7 else { return nil }
        return WarmStart(values: values, objective: f.model.objectiveValue(values), lpBound: solved ? lp.objective.map { f.model.roundedBound($0) } : nil)
    }

    /// Every hour short of its requirement, with the binding cause in plain words.
    func shortfalls(_ plan: WeeklyPlan, _ input: PlanningInput, _ tours: [Tour], _ result: SolveResult) -> [Shortfall] {
        let onShift = TourPlanner.toursOnShift(tours)
        let tourHours = tours.map(\.hoursOnShift)
        var list: [Shortfall] = []
        for h in 0..<PlanningWeek.hours where plan.scheduled[h] < plan.required[h] {
            let required = plan.required[h]
            // Seats bind when every tour that covers h also spans an hour whose seats are all taken.
            let seatsBlock = !onShift[h].isEmpty && onShift[h].allSatisfy { t in tourHours[t].contains { plan.scheduled[$0] >= input.seats } }
            let reason: String
            if required > input.seats {
                reason = "requirement \(required) exceeds the \(TourPlanner.seatsText(input.seats))"
            } else if onShift[h].isEmpty {
                reason = "shift rules: no allowed shift (lengths \(input.shiftLengths.sorted()) h, start hours \(input.startHours.sorted())) covers this hour"
            } else if let maxAgents = input.maxAgents, plan.agents >= maxAgents {
                reason = "the \(maxAgents) available agents cannot cover it"
            } else if seatsBlock {
                let nearest = TourPlanner.nearest(to: h, among: onShift[h].flatMap { t in tourHours[t].filter { plan.scheduled[$0] >= input.seats } })
                reason = "every shift that covers it also spans an hour where all \(TourPlanner.seatsText(input.seats)) are taken (e.g. \(plan.start(ofHour: nearest)))"
            } else if result.status != .optimal || (result.gap ?? 0) > 0 {
                reason = "the solver stopped (time limit or gap tolerance) at a gap of \(TourPlanner.percent(result.gap)) before closing it"
            } else {
                reason = "shift rules: an extra tour to cover it costs more agent-hours than the shortage penalty of \(TourPlanner.seconds(input.shortagePenaltyPerAgentHour)) per agent-hour"
            }
            list.append(Shortfall(hourOfWeek: h, start: plan.start(ofHour: h), required: required,
                                  scheduled: plan.scheduled[h], reason: reason))
        }
        return list
    }

    /// Why the hard rules contradict each other (the cover rule is soft, so only headcount and seats can).
    func infeasibilityReason(_ input: PlanningInput) -> String {
        if let maxAgents = input.maxAgents, maxAgents < input.minAgents {
            return "the headcount floor of \(input.minAgents) agents exceeds the \(maxAgents) available agents"
        }
        return "the headcount floor of \(input.minAgents) agents cannot be on their tours without more agents on shift than the \(TourPlanner.seatsText(input.seats)) in some hour"
    }

    /// The hour of the cyclic week closest to `h` among `hours`.
    static func nearest(to h: Int, among hours: [Int]) -> Int {
        hours.min { a, b in
            let da = min((a - h + 168) % 168, (h - a + 168) % 168), db = min((b - h + 168) % 168, (h - b + 168) % 168)
            return (da, a) < (db, b)
        } ?? h
    }

    static func seatsText(_ n: Int) -> String { n == 1 ? "1 seat" : "\(n) seats" }

    static func seconds(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
    static func percent(_ gap: Double?) -> String {
        guard let gap else { return "unknown" }
        return "\((gap * 10000).rounded() / 100)%"
    }
}
