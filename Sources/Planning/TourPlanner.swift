import HotlineCore
import Optimization

/// Tour scheduling as an integer program over the intervals of a cyclic week (168 hours, or 336
/// half hours with 30-minute intervals) or of a cyclic planning period of several weeks.
///
/// Variables: `x_t` (integer ≥ 0) people on tour t, `s_h` (≥ 0) agents short in interval h.
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
        /// For each planned role (`input.roles`, same order): people on each tour of `tours`.
        public var roleTourVariables: [[Variable]] = []
        /// For each planned role: its headcount Σ y_t.
        public var roleHeadcountVariables: [Variable] = []
        /// Objective coefficient of one person on each tour (hours or pay).
        public var tourCosts: [Double] = []
        /// For each tour, the intervals it is on shift in with its shares of them.
        public var shares: [[IntervalShare]] = []
    }

    public func model(for input: PlanningInput) throws -> LinearModel {
        try formulation(for: input).model
    }

    public func formulation(for input: PlanningInput) throws -> Formulation {
        try input.validate()
        let tours = input.allowedTours
        var model = LinearModel(name: "weekly_tours_\(input.weekStart)", sense: .minimize)
        let shares = tours.map { $0.intervalShares(intervalMinutes: input.intervalMinutes) }
        let costs = zip(tours, shares).map { TourPlanner.objectiveCoefficient($0, input, shares: $1) }
        let x = zip(tours, costs).map { tour, cost in
            model.addVariable("x_\(TourPlanner.code(tour))", lower: 0, upper: Double(input.maxAgents.map { min($0, input.seats) } ?? input.seats),
                              integer: true, objective: cost)
        }
        // Shortages are whole agents at any optimum (x and the requirement are whole), so they are
        // declared integer: with whole penalties the objective then moves in whole steps, which
        // tightens the proven bound.
        // With breaks coverage is fractional in the break hours, and so are the shortages.
        let penaltyIsWhole = input.shortagePenaltyPerAgentHour == input.shortagePenaltyPerAgentHour.rounded() && !input.hasBreaks
        let tag = TourPlanner.intervalTag(input)
        let s = (0..<input.periodIntervals).map { h in
            model.addVariable("short_\(tag)\(h)", lower: 0, upper: Double(input.requiredAgents[h]), integer: penaltyIsWhole,
                              objective: TourPlanner.shortagePenalty(input) * input.intervalHours)
        }
        let onShift = TourPlanner.toursOnShift(shares, intervals: input.periodIntervals)
        TourPlanner.coverRequirement(&model, input, shares, x, s)
        TourPlanner.seatLimit(&model, input, x, onShift)
        let agents = TourPlanner.headcount(&model, input, x)
        var f = Formulation(model: model, tours: tours, tourVariables: x, shortageVariables: s, agentsVariable: agents)
        f.tourCosts = costs
        f.shares = shares
        for role in input.roles {
            let y = TourPlanner.roleTours(&f.model, role, tours, costs)
            TourPlanner.roleOnSite(&f.model, role, y, onShift, tag: tag)
            TourPlanner.roleDailyHours(&f.model, role, y, shares, input)
            f.roleTourVariables.append(y)
            f.roleHeadcountVariables.append(TourPlanner.roleHeadcount(&f.model, role, y))
        }
        TourPlanner.centerHeadcount(&f.model, input, agents, f.roleHeadcountVariables)
        TourPlanner.protectedStaff(&f.model, input, tours, x)
        TourPlanner.aggregatedCoverCuts(&f.model, input, f, penaltyIsWhole: penaltyIsWhole)
        return f
    }

    /// Aggregated cover cuts (valid inequalities: they remove fractional LP solutions, never an
    /// integer plan). For each hour of the day k the seven cover rows of hour k (one per day) are
    /// added up: Σ_t c_tk·x_t + Σ_d s_(d,k) ≥ R_k, where c_tk ≤ W is how many of those seven hours
    /// tour t works. Divided by W and rounded up (Chvátal–Gomory, all variables integer):
    /// Σ_{c_tk > 0} x_t + Σ_d s_(d,k) ≥ ⌈R_k / W⌉. E.g. one supervisor every hour on 5-day tours
    /// needs two tours through every hour of the day, which the LP alone puts at 7/5. The same for
    /// each planned role's on-site rows, and its daily hours over the week.
    /// With 30-minute intervals the same holds for each interval of the day.
    static func aggregatedCoverCuts(_ model: inout LinearModel, _ input: PlanningInput, _ f: Formulation, penaltyIsWhole: Bool) {
        let perDay = input.intervalsPerDay
        // How many of the intervals k, k + one day, … each tour works.
        let perHourOfDay: [[Int]] = f.shares.map { shares in
            var c = Array(repeating: 0, count: perDay)
            for share in shares { c[share.interval % perDay] += 1 }
            return c
        }
        // Roles' daily hours exclude breaks, so their coefficients may be fractional (the cut is
        // still valid: every coefficient a ≤ W rounds up to 1).
        let weekly: [Double] = f.shares.map { shares in
            TourPlanner.hoursByDay(shares, input).reduce(0, +)
        }
        func addCut(_ name: String, _ tourVars: [Variable], _ k: Int, slack: [Variable], required: Int) {
            let w = f.tours.indices.map { perHourOfDay[$0][k] }.max() ?? 0
            guard w > 1, required > 0, required % w != 0 else { return }
            let terms = f.tours.indices.compactMap { t in perHourOfDay[t][k] > 0 ? (tourVars[t], 1.0) : nil } + slack.map { ($0, 1.0) }
            model.addConstraint(name, terms, lower: Double((required + w - 1) / w))
        }
        if penaltyIsWhole {
            for k in 0..<perDay {
                let hours = (0..<input.periodDays).map { $0 * perDay + k }
                let r = hours.reduce(0) { $0 + input.requiredAgents[$1] }
                addCut("cover_cut_k\(k)", f.tourVariables, k, slack: hours.filter { input.requiredAgents[$0] > 0 }.map { f.shortageVariables[$0] }, required: r)
            }
        }
        for (i, role) in input.roles.enumerated() {
            for k in 0..<perDay {
                let r = (0..<input.periodDays).reduce(0) { $0 + role.onSite[$1 * perDay + k] }
                addCut("\(role.role.rawValue)_on_site_cut_k\(k)", f.roleTourVariables[i], k, slack: [], required: r)
            }
            // The week's hours: Σ_t (weekly hours of t)·y_t ≥ Σ_d hoursPerDay_d, rounded by the longest tour.
            let total = (0..<input.periodDays).reduce(0.0) { $0 + role.hoursPerDay[$1 % role.hoursPerDay.count] }
            let w = weekly.max() ?? 0
            if total > 0, w > 0 {
                let bound = (total / Double(w) - 1e-9).rounded(.up)
                if bound > total / Double(w) + 1e-9 {
                    model.addConstraint("\(role.role.rawValue)_hours_cut", f.roleTourVariables[i].map { ($0, 1.0) }, lower: bound)
                }
            }
        }
    }

    /// The objective coefficient of one person on `tour`: its paid hours, or with the cost
    /// objective its pay on the actual dates of the week (the hours of a shift crossing midnight
    /// are paid at the rate of the date they fall on; the cyclic week's Sunday night runs into the
    /// week's Monday).
    public static func objectiveCoefficient(_ tour: Tour, _ input: PlanningInput, shares: [IntervalShare]? = nil) -> Double {
        switch input.objective {
        case .hours: return tour.weeklyPaidHours
        case .cost: return tourCost(tour, input, shares: shares) ?? tour.weeklyPaidHours
        }
    }

    /// The pay of one person on `tour` for the week of `input` (nil without pay rates).
    /// `shares`: the tour's interval shares at the input's interval (computed when nil).
    public static func tourCost(_ tour: Tour, _ input: PlanningInput, shares: [IntervalShare]? = nil) -> Double? {
        guard let rates = input.payRates else { return nil }
        let m = input.intervalMinutes
        let shares = shares ?? tour.intervalShares(intervalMinutes: m)
        var multipliers: [Double] = []
        // With the comprehensive system the rota's days off are the rest days: a calendar rest day
        // worked is an ordinary day (holidays stay 300%).
        let ordinaryRestDays = input.timeOffInLieu || input.workingHoursSystem == .comprehensive
        for d in 0..<tour.workDays.count {
            multipliers.append(rates.multiplier(on: input.weekStart.adding(days: d), kind: .rostered, timeOffInLieu: ordinaryRestDays))
        }
        var total = shares.reduce(0.0) { $0 + multipliers[$1.interval * m / 1440] * $1.paid * Double(m) / 60 }
        if let overtime = input.overtime {
            // Overtime hours are paid at least the overtime rate (holiday and rest-day rates are higher).
            let daily = overtime.dailyOvertime(tour)
            for d in tour.workDays.indices where tour.workDays[d] { total += daily * max(0, rates.pay.overtime - multipliers[d]) }
            let weeklyExcess = overtime.overtimeHours(tour) - daily * Double(tour.workDayCount)
            total += weeklyExcess * max(0, rates.pay.overtime - 1)
        }
        return (total * rates.pay.hourlyWage * 1e6).rounded() / 1e6
    }

    /// Penalty of one agent-hour short: `shortagePenaltyPerAgentHour` ordinary hours (× the wage
    /// with the cost objective).
    static func shortagePenalty(_ input: PlanningInput) -> Double {
        switch input.objective {
        case .hours: return input.shortagePenaltyPerAgentHour
        case .cost: return input.shortagePenaltyPerAgentHour * (input.payRates?.pay.hourlyWage ?? 1)
        }
    }

    // MARK: Rules

    /// Cover: agents on the phones + shortage ≥ requirement, every interval.
    static func coverRequirement(_ model: inout LinearModel, _ input: PlanningInput, _ shares: [[IntervalShare]], _ x: [Variable], _ s: [Variable]) {
        var terms = Array(repeating: [(Variable, Double)](), count: input.periodIntervals)
        for (t, list) in shares.enumerated() {
            // Breaks take people off the phones: a tour counts with its share of the interval.
            for share in list where share.available > 0 { terms[share.interval].append((x[t], share.available)) }
        }
        let tag = intervalTag(input)
        for h in 0..<input.periodIntervals where input.requiredAgents[h] > 0 {
            model.addConstraint("cover_\(tag)\(h)", terms[h] + [(s[h], 1.0)], lower: Double(input.requiredAgents[h]))
        }
    }

    /// Seats: never more agents on shift than seats, every interval (hard; people on a break keep their seat).
    static func seatLimit(_ model: inout LinearModel, _ input: PlanningInput, _ x: [Variable], _ onShift: [[Int]]) {
        let tag = intervalTag(input)
        for h in onShift.indices where !onShift[h].isEmpty {
            model.addConstraint("seats_\(tag)\(h)", onShift[h].map { (x[$0], 1.0) }, upper: Double(input.seats))
        }
    }

    /// Names of interval rows and columns: `h` (hour) with 60-minute intervals, `i` with 30.
    static func intervalTag(_ input: PlanningInput) -> String { input.intervalMinutes == 60 ? "h" : "i" }

    /// Headcount: the number of agents N = Σ x_t is an integer variable bounded by `minAgents`
    /// and `maxAgents` (hard). Branching on N (e.g. N ≤ 145 or N ≥ 146) closes much of the gap
    /// that the many near-identical tours leave.
    static func headcount(_ model: inout LinearModel, _ input: PlanningInput, _ x: [Variable]) -> Variable {
        let upper = input.maxAgents.map(Double.init) ?? .infinity
        let n = model.addVariable("agents", lower: Double(input.minAgents), upper: upper, integer: true, objective: 0)
        model.addConstraint("headcount", x.map { ($0, 1.0) } + [(n, -1.0)], lower: 0, upper: 0)
        return n
    }

    /// A planned role's tours: y_t (integer ≥ 0) people of the role on tour t, at the tour's cost.
    static func roleTours(_ model: inout LinearModel, _ role: RoleRequirement, _ tours: [Tour], _ costs: [Double]) -> [Variable] {
        zip(tours, costs).map { tour, cost in
            model.addVariable("\(role.role.rawValue)_\(TourPlanner.code(tour))", lower: 0, upper: 1000, integer: true, objective: cost)
        }
    }

    /// A role's people on site: Σ_{t on shift in h} y_t ≥ onSite_h, every hour (hard; e.g. at least
    /// one supervisor on site in every hour). Not seat-bound.
    static func roleOnSite(_ model: inout LinearModel, _ role: RoleRequirement, _ y: [Variable], _ onShift: [[Int]], tag: String = "h") {
        for h in role.onSite.indices where role.onSite[h] > 0 {
            model.addConstraint("\(role.role.rawValue)_on_site_\(tag)\(h)", onShift[h].map { (y[$0], 1.0) }, lower: Double(role.onSite[h]))
        }
    }

    /// A role's daily work: Σ_t y_t · (hours of t on day d) ≥ hoursPerDay_d (hard; e.g. the back
    /// office's ticket-handling hours).
    static func roleDailyHours(_ model: inout LinearModel, _ role: RoleRequirement, _ y: [Variable], _ shares: [[IntervalShare]], _ input: PlanningInput) {
        let days = input.periodDays
        let byDay = shares.map { TourPlanner.hoursByDay($0, input) }
        for d in 0..<days where role.hoursPerDay[d % role.hoursPerDay.count] > 0 {
            let terms = y.indices.compactMap { t in byDay[t][d] > 0 ? (y[t], byDay[t][d]) : nil }
            model.addConstraint("\(role.role.rawValue)_hours_d\(d)", terms, lower: role.hoursPerDay[d % role.hoursPerDay.count])
        }
    }

    /// A role's headcount M = Σ y_t, at least its minimum (hard).
    static func roleHeadcount(_ model: inout LinearModel, _ role: RoleRequirement, _ y: [Variable]) -> Variable {
        let m = model.addVariable("\(role.role.rawValue)_headcount", lower: Double(role.minHeadcount), upper: .infinity, integer: true, objective: 0)
        model.addConstraint("\(role.role.rawValue)_headcount", y.map { ($0, 1.0) } + [(m, -1.0)], lower: 0, upper: 0)
        return m
    }

    /// The whole center's minimum headcount: agents + planned roles + the other roles ≥ minTotalStaff (hard).
    static func centerHeadcount(_ model: inout LinearModel, _ input: PlanningInput, _ agents: Variable, _ roles: [Variable]) {
        let others = input.otherStaff.values.reduce(0, +)
        let needed = input.minTotalStaff - others
        guard needed > input.minAgents + input.roles.reduce(0, { $0 + $1.minHeadcount }) else { return }
        model.addConstraint("center_headcount", [(agents, 1.0)] + roles.map { ($0, 1.0) }, lower: Double(needed))
    }

    /// Protected staff: at least `protectedAgents` agent tours without night work or overtime (hard).
    static func protectedStaff(_ model: inout LinearModel, _ input: PlanningInput, _ tours: [Tour], _ x: [Variable]) {
        guard input.protectedAgents > 0 else { return }
        let terms = tours.indices.filter { input.isProtectedEligible(tours[$0]) }.map { (x[$0], 1.0) }
        model.addConstraint("protected_staff", terms, lower: Double(input.protectedAgents))
    }

    /// Hours of a tour on the phones (less breaks) on each day of the period (hours after midnight
    /// count on the next day; the cyclic week's Sunday night on Monday), from its interval shares.
    static func hoursByDay(_ shares: [IntervalShare], _ input: PlanningInput) -> [Double] {
        var days = Array(repeating: 0.0, count: input.periodDays)
        for share in shares { days[share.interval / input.intervalsPerDay] += share.available * input.intervalHours }
        return days
    }

    /// For each interval, the indices of the tours on shift in it.
    static func toursOnShift(_ shares: [[IntervalShare]], intervals: Int) -> [[Int]] {
        var result = Array(repeating: [Int](), count: intervals)
        for (t, list) in shares.enumerated() {
            for share in list { result[share.interval].append(t) }
        }
        return result
    }

    /// Tours in reading order: by start hour, length, then Monday-first working days.
    static func ordered(_ a: Tour, _ b: Tour) -> Bool {
        func days(_ t: Tour) -> Int {
            let n = t.workDays.count
            return (1 << n) - 1 - t.workDays.enumerated().reduce(0) { $0 + ($1.element ? 1 << (n - 1 - $1.offset) : 0) }
        }
        return (a.startMinute, a.lengthMinutes, days(a)) < (b.startMinute, b.lengthMinutes, days(b))
    }

    /// A tour's column name: `s8_l8_1111100` (start hour, length in hours, days); off the whole
    /// hours the minutes are added (`s7h30_l8h30_…`); breaks as `_m4x60` or `_b2h30x30`.
    static func code(_ tour: Tour) -> String {
        func hm(_ minutes: Int) -> String { minutes % 60 == 0 ? "\(minutes / 60)" : "\(minutes / 60)h\(minutes % 60)" }
        return "s\(hm(tour.startMinute))_l\(hm(tour.lengthMinutes))_" + tour.workDays.map { $0 ? "1" : "0" }.joined()
            + tour.breaks.map { "_\($0.paid ? "b" : "m")\(hm($0.offsetMinutes))x\($0.minutes)" }.joined()
    }

    // MARK: Solving

    public func plan(_ input: PlanningInput) throws -> WeeklyPlan {
        // The clock starts before the model is built: on large models (4 weeks × 24 starts) building
        // it takes seconds, and the time limit covers the whole plan.
        let clock = ContinuousClock(), started = clock.now
        let f = try formulation(for: input)
        func elapsed() -> Double {
            let d = clock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        // Warm start: the LP relaxation rounded down and repaired greedily (always within the
        // seats; the shortages take up the rest), offered to the solver as its first incumbent
        // and kept as the plan if the solver finds none in time.
        let progress = options.progress
        progress?(String(format: "model: %d variables (%d integer), %d rows, built in %.1f s", f.model.variableCount,
                         f.model.integerVariableCount, f.model.constraintCount, elapsed()))
        var runOptions = options
        var warm: WarmStart?
        if options.roundingHeuristic, options.initialSolution == nil {
            warm = try warmStart(f, input, budget: options.timeLimitSeconds / 4)
            runOptions.initialSolution = warm?.values
            progress?(warm.map { w in String(format: "warm start: objective %.6g%@ at %.1f s", w.objective,
                                             w.lpBound.map { String(format: ", LP bound %.6g", $0) } ?? "", elapsed()) }
                      ?? String(format: "warm start: none within its budget (%.1f s)", elapsed()))
        }
        runOptions.timeLimitSeconds = max(0.05, options.timeLimitSeconds - elapsed())
        progress?(String(format: "%@ up to %.1f s", solver.name, runOptions.timeLimitSeconds))
        var result = try solver.solve(f.model, options: runOptions)
        result.seconds = elapsed()
        progress?(String(format: "%@ %@ at %.1f s: objective %@, bound %@, gap %@", result.solver, result.status.rawValue, result.seconds,
                         result.objective.map { String(format: "%.6g", $0) } ?? "none", result.bound.map { String(format: "%.6g", $0) } ?? "none",
                         result.gap.map { String(format: "%.2f%%", 100 * $0) } ?? "n/a"))
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
            // The warm start satisfies every row of this model, so the model is feasible: a solver
            // stopped by a very short time limit inside its first LP or preprocessing has said
            // "infeasible" wrongly (seen under load with 0.05 s). Keep the warm start's plan.
            guard let warm else { throw PlanningError.infeasible(infeasibilityReason(input)) }
            result = warm.result(solver: result.solver, model: f.model, bound: nil, seconds: elapsed(), nodes: result.nodes)
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
        }.sorted { TourPlanner.ordered($0.tour, $1.tour) }
        var plan = WeeklyPlan(weekStart: input.weekStart, tours: planned, required: input.requiredAgents,
                              seats: input.seats, solver: SolverReport(result), intervalMinutes: input.intervalMinutes)
        plan.weeks = input.weeks
        plan.workingHoursSystem = input.workingHoursSystem
        for (r, role) in input.roles.enumerated() {
            let tours = zip(f.tours, f.roleTourVariables[r]).compactMap { tour, v -> PlannedTour? in
                let n = Int(result.value(v).rounded())
                return n > 0 ? PlannedTour(tour: tour, count: n) : nil
            }.sorted { TourPlanner.ordered($0.tour, $1.tour) }
            plan.roles.append(RolePlan(role: role.role, tours: tours, requiredOnSite: role.onSite, requiredHoursPerDay: role.hoursPerDay,
                                       intervalMinutes: input.intervalMinutes))
        }
        plan.otherStaff = Dictionary(uniqueKeysWithValues: input.otherStaff.map { ($0.key.rawValue, $0.value) })
        plan.objective = input.objective
        if input.payRates != nil {
            let all = plan.tours + plan.roles.flatMap(\.tours)
            plan.cost = all.reduce(0.0) { $0 + Double($1.count) * (TourPlanner.tourCost($1.tour, input) ?? 0) }
            plan.currency = input.payRates?.pay.currency
        }
        plan.protectedAgents = input.protectedAgents
        plan.protectedEligibleAgents = plan.tours.filter { input.isProtectedEligible($0.tour) }.reduce(0) { $0 + $1.count }
        plan.overtimeHours = (plan.tours + plan.roles.flatMap(\.tours)).reduce(0.0) { $0 + Double($1.count) * input.overtimeHours($1.tour) }
        plan.baseRequired = input.baseRequiredAgents
        plan.surges = input.surges
        plan.shortfalls = shortfalls(plan, input, f, result)
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
        // One budget for the relaxation and the dive together (the dive had a budget of its own
        // after the LP's: a 4-week plan spent 28 s of a 60-s limit here instead of 15).
        let deadline = ContinuousClock.now + .seconds(max(1, budget))
        var relaxed = f.model
        relaxed.relaxIntegrality()
        let lp = try solver.solve(relaxed, options: SolveOptions(timeLimitSeconds: max(1, budget), relativeGap: 0, roundingHeuristic: false))
        let solved = lp.status == .optimal && lp.objective != nil
        let hours = f.shares.map { $0.map(\.interval) }
        let share = f.shares.map { $0.map(\.available) }
        let cost = f.tourVariables.map { f.model.info($0).objective }
        var counts = f.tourVariables.map { solved ? max(0, (lp.value($0) + 1e-6).rounded(.down)) : 0 }
        var cover = Array(repeating: 0.0, count: input.periodIntervals)   // available on the phones
        var seated = Array(repeating: 0.0, count: input.periodIntervals)  // on shift (seats)
        for (t, n) in counts.enumerated() where n > 0 {
            for (k, h) in hours[t].enumerated() { cover[h] += n * share[t][k]; seated[h] += n }
        }
        let required = input.requiredAgents.map(Double.init), seats = Double(input.seats)
        let penalty = f.shortageVariables.map { f.model.info($0).objective }
        let upper = input.maxAgents.map(Double.init) ?? .infinity
        func fits(_ t: Int) -> Bool { hours[t].allSatisfy { seated[$0] + 1 <= seats } }
        func add(_ t: Int) {
            counts[t] += 1
            for (k, h) in hours[t].enumerated() { cover[h] += share[t][k]; seated[h] += 1 }
        }
        // Protected staff first (the rounding may have lost a few of their tours): the eligible tour
        // that meets the most shortage, else the cheapest that fits.
        var total = counts.reduce(0, +)
        let eligible = f.tours.indices.filter { input.isProtectedEligible(f.tours[$0]) }
        while eligible.reduce(0.0, { $0 + counts[$1] }) < Double(input.protectedAgents) {
            let fitting = eligible.filter(fits)
            let gain = { (t: Int) in hours[t].indices.reduce(0.0) { acc, k in acc + min(share[t][k], max(0, required[hours[t][k]] - cover[hours[t][k]])) } }
            guard total < upper, let t = fitting.max(by: { (gain($0), -cost[$0]) < (gain($1), -cost[$1]) }) else { return nil }
            add(t)
            total += 1
        }
        while total < upper {
            var best: (t: Int, score: Double)?
            for t in f.tours.indices where fits(t) {
                let gain = hours[t].indices.reduce(0.0) { acc, k in
                    let h = hours[t][k]
                    return acc + min(share[t][k], max(0, required[h] - cover[h])) * penalty[h]
                }
                let score = gain - cost[t]
                if score > 0, score > (best?.score ?? 0) { best = (t, score) }
            }
            guard let best else { break }
            add(best.t)
            total += 1
        }
        // Planned roles: the LP rounded up (covering rules only, so always feasible), then the
        // cheapest tours up to each role's floor.
        var roleCounts: [[Double]] = []
        for (r, role) in input.roles.enumerated() {
            var y = f.roleTourVariables[r].map { solved ? max(0, (lp.value($0) - 1e-6).rounded(.up)) : 0 }
            if !solved { y = TourPlanner.greedyRoleCover(role, f.shares, cost, input) }
            let cheapest = f.tours.indices.min { cost[$0] < cost[$1] }!
            let missing = Double(role.minHeadcount) - y.reduce(0, +)
            if missing > 0 { y[cheapest] += missing }
            roleCounts.append(y)
        }
        let roleTotal = roleCounts.reduce(0.0) { $0 + $1.reduce(0, +) }
        let others = Double(input.otherStaff.values.reduce(0, +))
        let floor = max(Double(input.minAgents), Double(input.minTotalStaff) - others - roleTotal)
        while total < floor {
            guard total < upper, let t = f.tours.indices.filter(fits).min(by: { cost[$0] < cost[$1] }) else { return nil }
            add(t)
            total += 1
        }
        // Drop redundant tours, dearest first: one whose removal leaves every hour covered as far
        // as it was, the floors and the protected staff met.
        let protectedFloor = Double(input.protectedAgents)
        for t in f.tours.indices.sorted(by: { cost[$0] > cost[$1] }) {
            while counts[t] > 0, total - 1 >= floor,
                  !eligible.contains(t) || eligible.reduce(0.0, { $0 + counts[$1] }) - 1 >= protectedFloor,
                  hours[t].indices.allSatisfy({ k in cover[hours[t][k]] - share[t][k] >= min(required[hours[t][k]], cover[hours[t][k]]) - 1e-9 && cover[hours[t][k]] - share[t][k] >= required[hours[t][k]] - 1e-9 }) {
                counts[t] -= 1
                total -= 1
                for (k, h) in hours[t].enumerated() { cover[h] -= share[t][k]; seated[h] -= 1 }
            }
        }
        var values = Array(repeating: 0.0, count: f.model.variableCount)
        for (t, v) in f.tourVariables.enumerated() { values[v.index] = counts[t] }
        for (h, v) in f.shortageVariables.enumerated() {
            let short = max(0, required[h] - cover[h])
            values[v.index] = f.model.info(v).integer ? (short - 1e-9).rounded(.up) : short
        }
        values[f.agentsVariable.index] = total
        for (r, y) in roleCounts.enumerated() {
            for (t, v) in f.roleTourVariables[r].enumerated() { values[v.index] = y[t] }
            values[f.roleHeadcountVariables[r].index] = y.reduce(0, +)
        }
        let lpBound = solved ? lp.objective.map { f.model.roundedBound($0) } : nil
        let greedy: [Double]? = f.model.maxViolation(values) <= 1e-7 ? values : nil
        // A dive (round the LP's tours up, re-solve, until it is whole) often beats the greedy repair
        // on models with several shift lengths; the better of the two is the warm start.
        let dived = solved ? try dive(f, relaxed, from: lp, deadline: deadline) : nil
        let candidates = [greedy, dived].compactMap { $0 }
        guard let best = candidates.min(by: { f.model.objectiveValue($0) < f.model.objectiveValue($1) }) else { return nil }
        return WarmStart(values: best, objective: f.model.objectiveValue(best), lpBound: lpBound)
    }

    /// LP diving: solve the relaxation, fix every tour variable with a fractional part ≥ 0.5 (or
    /// else the most fractional one) at least at its value rounded up and those below 0.25 at most
    /// at their value rounded down, and solve again, until the tours are whole; then the shortages
    /// and headcounts follow. Small fractions are rounded down in the same round: the cover is
    /// soft, so that never makes the relaxation infeasible, and on models with many tours
    /// (half-hour starts) the LP spreads people thinly, so one variable a round would take hundreds
    /// of rounds. When rounding up makes the relaxation infeasible (the seats), those variables are
    /// rounded down instead. Nil when the deadline passes or nothing feasible is left.
    /// `from`: the relaxation's optimum when the caller has it (not solved again).
    func dive(_ f: Formulation, _ relaxed: LinearModel, from first: SolveResult? = nil, deadline: ContinuousClock.Instant) throws -> [Double]? {
        var m = relaxed
        let tourVars = f.tourVariables + f.roleTourVariables.flatMap { $0 }
        func solve(_ model: LinearModel) throws -> SolveResult? {
            let left = deadline - ContinuousClock.now
            let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18
            guard seconds > 0.05 else { return nil }
            return try solver.solve(model, options: SolveOptions(timeLimitSeconds: seconds, relativeGap: 0, roundingHeuristic: false))
        }
        guard var r = try first ?? solve(m), r.status == .optimal else { return nil }
        for round in 0..<60 {
            let fractional = tourVars.filter { let v = r.value($0); return abs(v - v.rounded()) > 1e-6 }
            if fractional.isEmpty {
                var values = r.values
                for (j, v) in values.enumerated() where f.model.variables[j].integer {
                    values[j] = v.rounded()
                    if abs(v - values[j]) > 1e-6 {
                        // A shortage left fractional: the smallest whole value that still covers.
                        values[j] = (v - 1e-6).rounded(.up)
                    }
                }
                return f.model.maxViolation(values) <= 1e-7 ? values : nil
            }
            func frac(_ v: Variable) -> Double { r.value(v) - r.value(v).rounded(.down) }
            let up = fractional.filter { frac($0) >= 0.5 }
            let down = fractional.filter { frac($0) < 0.25 }
            let chosen = up.isEmpty ? [fractional.max { frac($0) < frac($1) }!] : up
            var next = m
            for v in chosen { next.addConstraint("dive\(round)_\(v.index)", [(v, 1.0)], lower: r.value(v).rounded(.up)) }
            for v in down where !chosen.contains(v) { next.addConstraint("dive\(round)_dn\(v.index)", [(v, 1.0)], upper: r.value(v).rounded(.down)) }
            guard let rn = try solve(next) else { return nil }
            if rn.status == .optimal {
                m = next
                r = rn
                continue
            }
            // Rounding up broke the seats: round the same variables down instead.
            next = m
            for v in Set(chosen + down) { next.addConstraint("dive\(round)_dn\(v.index)", [(v, 1.0)], upper: r.value(v).rounded(.down)) }
            guard let rd = try solve(next), rd.status == .optimal else { return nil }
            m = next
            r = rd
        }
        return nil
    }

    /// People of a role on tours until its on-site and daily-hours minimums are met: each step
    /// adds the tour that meets the most missing person-hours per unit of cost.
    static func greedyRoleCover(_ role: RoleRequirement, _ shares: [[IntervalShare]], _ cost: [Double], _ input: PlanningInput) -> [Double] {
        let days = input.periodDays
        let hours = shares.map { $0.map(\.interval) }, byDay = shares.map { TourPlanner.hoursByDay($0, input) }
        let tours = shares
        var y = Array(repeating: 0.0, count: tours.count)
        var onSite = role.onSite.map(Double.init), daily = (0..<days).map { role.hoursPerDay[$0 % role.hoursPerDay.count] }
        while onSite.contains(where: { $0 > 0 }) || daily.contains(where: { $0 > 1e-9 }) {
            var best: (t: Int, score: Double)?
            for t in tours.indices {
                let met = hours[t].reduce(0.0) { $0 + ($1 < onSite.count && onSite[$1] > 0 ? 1 : 0) }
                    + (0..<days).reduce(0.0) { $0 + min(max(daily[$1], 0), byDay[t][$1]) }
                let score = met / max(cost[t], 1e-9)
                if met > 0, score > (best?.score ?? 0) { best = (t, score) }
            }
            guard let best else { break }
            y[best.t] += 1
            for h in hours[best.t] { onSite[h] -= 1 }
            for d in 0..<days { daily[d] -= byDay[best.t][d] }
        }
        return y
    }

    /// Every hour short of its requirement, with the binding cause in plain words.
    func shortfalls(_ plan: WeeklyPlan, _ input: PlanningInput, _ f: Formulation, _ result: SolveResult) -> [Shortfall] {
        let onShift = TourPlanner.toursOnShift(f.shares, intervals: input.periodIntervals)
        let tourHours = f.shares.map { $0.map(\.interval) }
        let what = input.intervalMinutes == 60 ? "hour" : "interval"
        var list: [Shortfall] = []
        for h in 0..<input.periodIntervals where plan.scheduled[h] < plan.required[h] {
            let required = plan.required[h]
            // Seats bind when every tour that covers h also spans an hour whose seats are all taken.
            let seatsBlock = !onShift[h].isEmpty && onShift[h].allSatisfy { t in tourHours[t].contains { plan.onShift[$0] >= input.seats } }
            let reason: String, zh: String
            let whatZh = input.intervalMinutes == 60 ? "小时" : "时段"
            if required > input.seats {
                reason = "requirement \(required) exceeds the \(TourPlanner.seatsText(input.seats))"
                zh = "需求 \(required) 人超过 \(input.seats) 个席位"
            } else if onShift[h].isEmpty {
                reason = "shift rules: no allowed shift (lengths \(input.shiftLengths.sorted()) h, start hours \(input.startHours.sorted())) covers this \(what)"
                zh = "班次规则：没有允许的班次（时长 \(input.shiftLengths.sorted()) 小时，开始时刻 \(input.startHours.sorted())）覆盖这个\(whatZh)"
            } else if let maxAgents = input.maxAgents, plan.agents >= maxAgents {
                reason = "the \(maxAgents) available agents cannot cover it"
                zh = "可用的 \(maxAgents) 名话务员不够覆盖"
            } else if seatsBlock {
                let nearest = TourPlanner.nearest(to: h, period: input.periodIntervals, among: onShift[h].flatMap { t in tourHours[t].filter { plan.onShift[$0] >= input.seats } })
                reason = "every shift that covers it also spans an \(what) where all \(TourPlanner.seatsText(input.seats)) are taken (e.g. \(plan.start(ofInterval: nearest)))"
                zh = "覆盖它的每个班次都跨过一个 \(input.seats) 个席位已满的\(whatZh)（如 \(plan.start(ofInterval: nearest))）"
            } else if result.status != .optimal || (result.gap ?? 0) > 0 {
                reason = "the solver stopped (time limit or gap tolerance) at a gap of \(TourPlanner.percent(result.gap)) before closing it"
                zh = "求解器在差距 \(TourPlanner.percent(result.gap)) 时停止（时限或差距容差），未能补上"
            } else {
                reason = "shift rules: an extra tour to cover it costs more agent-hours than the shortage penalty of \(TourPlanner.seconds(input.shortagePenaltyPerAgentHour)) per agent-hour"
                zh = "班次规则：为它多排一个班次所需的人时多于每人时 \(TourPlanner.seconds(input.shortagePenaltyPerAgentHour)) 的缺员惩罚"
            }
            list.append(Shortfall(hourOfWeek: h, start: plan.start(ofInterval: h), required: required,
                                  scheduled: plan.scheduled[h], reason: reason, reasonZh: zh))
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
    static func nearest(to h: Int, period p: Int = PlanningWeek.hours, among hours: [Int]) -> Int {
        hours.min { a, b in
            let da = min((a - h + p) % p, (h - a + p) % p), db = min((b - h + p) % p, (h - b + p) % p)
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
