import HotlineCore
import Optimization

/// Exact fairness for small roles: an integer program that re-assigns all of one role's shifts of
/// the week among its people, keeping the number of people on every (day, shift) exactly as it is
/// (so cover is unchanged), every hard rule of `EngineModel.score` (rest across the week boundary,
/// consecutive days, days off, hours, nights, shift types, leave, training, protected staff), and
/// minimising, in this order of weight: the spread (max − min) of cumulative nights and working
/// weekends in each fairness group, the spread of weekend shifts and holiday shifts, the engine's
/// soft penalties, and the number of cells changed. (Squared deviations by indicator variables made
/// the program symmetric enough to run into its time limit, which made results time-dependent.)
///
/// Two-person swaps cannot split blocks such as the supervisors' night runs (moving a night block
/// needs three people to rotate); the program considers every re-assignment at once.
extension EngineModel {
    /// Weights of the spread terms per metric (nights, weekend shifts, working weekends, holidays).
    static let spreadWeight: [Double] = [1000, 300, 1000, 300]

    /// Re-assigns each role of at most `maxPeople` people (and at least two in one fairness group)
    /// exactly; keeps the current rows when the solver fails or finds nothing better.
    /// `horizonWeeks` > 1: the program plans this week and the following `horizonWeeks − 1` weeks
    /// (each with this week's cover per weekday, the people's leave, training and the hard rules
    /// across week boundaries) and minimises the spread of the totals at the end of the last one;
    /// only this week is applied (the next week plans again over the weeks left). Returns the roles
    /// whose week it re-assigned.
    @discardableResult
    mutating func balanceSmallRoles(solver: any MIPSolver, maxPeople: Int, timeLimitSeconds: Double,
                                    horizonWeeks: Int = 1) -> Set<Int> {
        var done: Set<Int> = []
        for r in roles.indices {
            let members = people.indices.filter { roleOf[$0] == r }
            guard members.count >= 2, members.count <= maxPeople else { continue }
            let groupsHere = Dictionary(grouping: members, by: { groupOf[$0] }).filter { $0.value.count > 1 }
            guard !groupsHere.isEmpty else { continue }
            guard members.allSatisfy({ personCache[$0].hard == 0 }) else { continue }
            if balanceRole(r, members: members, solver: solver, timeLimitSeconds: timeLimitSeconds, weeks: max(1, horizonWeeks)) {
                done.insert(r)
            }
        }
        return done
    }

    private mutating func balanceRole(_ r: Int, members: [Int], solver: any MIPSolver, timeLimitSeconds: Double,
                                      weeks: Int) -> Bool {
        let rules = engine.rules
        let w = engine.weights
        let opts = options[r]
        let nOpt = opts.count
        guard nOpt > 0 else { return false }
        let D = 7 * weeks
        var model = LinearModel(name: "group-balance-\(roles[r].rawValue)")
        var start: [Double] = []
        func addVar(_ name: String, upper: Double, integer: Bool, objective: Double, value: Double) -> Variable {
            start.append(value)
            return model.addVariable(name, lower: 0, upper: upper, integer: integer, objective: objective)
        }
        var constant = 0.0
        // Whether a hard rule forbids option o on day d alone (days after this week: leave, fixed
        // days off, training and protected nights from the people's constraints).
        func forbiddenAt(_ i: Int, _ d: Int, _ o: Int) -> Bool {
            if d < 7 { return forbidden[i][d * nOpt + o] }
            let c = constraints[i]
            let date = weekStart.adding(days: d)
            let st = LocalDateTime(date: date, minute: opts[o].startMinute)
            let en = st.adding(minutes: opts[o].lengthMinutes)
            return c.blocks(date: date, start: st, end: en)
                || (c.protected && RosterRules.touchesNight(start: st, end: en))
        }
        let holidayAt = (0..<D).map { $0 < 7 ? holidayDay[$0] : engine.calendar.isStatutoryHoliday(weekStart.adding(days: $0)) }
        // Start: this week as it is, repeated in the later weeks (ignored by the solver when it
        // breaks a rule across a week boundary).
        let startRow = members.map { i in (0..<D).map { cells[i][$0 % 7] } }

        // x[p][d][o]: person p works option o on day d (absent when a hard rule forbids it alone).
        var x = Array(repeating: Array(repeating: [Variable?](repeating: nil, count: nOpt), count: D), count: members.count)
        for (pi, i) in members.enumerated() {
            for d in 0..<D {
                for o in 0..<nOpt {
                    let (s, e) = shiftTimes(r, o, d)
                    if forbiddenAt(i, d, o) { continue }
                    if Double(e - s) > rules.maxHoursPerDay * 60 + 0.5 { continue }
                    if let le = prevEndMinute[i], Double(s - le) < rules.minRestHours * 60 - 1e-9 { continue }
                    let current = startRow[pi][d] == o
                    x[pi][d][o] = addVar("x_\(pi)_\(d)_\(o)", upper: 1, integer: true, objective: current || d >= 7 ? 0 : 0.01,
                                         value: current ? 1 : 0)
                }
                // The current roster must be a solution (it holds every hard rule).
                if d < 7 && cells[i][d] >= 0 && x[pi][d][cells[i][d]] == nil { return false }
            }
        }
        func work(_ pi: Int, _ d: Int) -> [(Variable, Double)] { x[pi][d].compactMap { $0.map { ($0, 1.0) } } }
        // Fixed cells (locks, hand edits) stay as they are.
        for (pi, i) in members.enumerated() {
            for d in 0..<7 where locked[i][d] {
                if cells[i][d] >= 0 {
                    guard let v = x[pi][d][cells[i][d]] else { return false }
                    model.addConstraint("fixed_\(pi)_\(d)", [(v, 1)], lower: 1, upper: 1)
                } else if !work(pi, d).isEmpty {
                    model.addConstraint("fixed_off_\(pi)_\(d)", work(pi, d), upper: 0)
                }
            }
        }

        // Cover: the same number of people on every (day, option); later weeks as this week.
        for d in 0..<D {
            for o in 0..<nOpt {
                let count = members.filter { cells[$0][d % 7] == o }.count
                let terms = members.indices.compactMap { x[$0][d][o].map { ($0, 1.0) } }
                if terms.count < count { return false }
                if !terms.isEmpty { model.addConstraint("cover_\(d)_\(o)", terms, lower: Double(count), upper: Double(count)) }
            }
        }

        for (pi, i) in members.enumerated() {
            // One shift a day.
            for d in 0..<D {
                let t = work(pi, d)
                if t.count > 1 { model.addConstraint("one_\(pi)_\(d)", t, upper: 1) }
            }
            // Rest between shifts on nearby days.
            for d in 0..<D {
                for o in 0..<nOpt {
                    guard let v = x[pi][d][o] else { continue }
                    let end = shiftTimes(r, o, d).end
                    for d2 in (d + 1)..<min(D, d + 3) {
                        for o2 in 0..<nOpt {
                            guard let v2 = x[pi][d2][o2] else { continue }
                            if Double(shiftTimes(r, o2, d2).start - end) < rules.minRestHours * 60 - 1e-9 {
                                model.addConstraint("rest_\(pi)_\(d)_\(o)_\(d2)_\(o2)", [(v, 1), (v2, 1)], upper: 1)
                            }
                        }
                    }
                }
            }
            // Consecutive working days, counted across week boundaries.
            let k = rules.maxConsecutiveWorkDays
            for s in -prevStreak[i]...max(-prevStreak[i], D - 1 - k) where s + k >= 0 {
                let prior = max(0, -s)
                let terms = (max(0, s)...min(D - 1, s + k)).flatMap { work(pi, $0) }
                model.addConstraint("consec_\(pi)_\(s)", terms, upper: Double(k - prior))
            }
            for wk in 0..<weeks {
                let all = (7 * wk..<7 * wk + 7).flatMap { d in (0..<nOpt).compactMap { o in x[pi][d][o].map { (v: $0, d: d, o: o) } } }
                model.addConstraint("daysoff_\(pi)_\(wk)", all.map { ($0.v, 1.0) }, upper: Double(7 - rules.minDaysOffPerWeek))
                model.addConstraint("hours_\(pi)_\(wk)", all.map { ($0.v, Double(opts[$0.o].lengthMinutes)) }, upper: Double(weekMaxMinutes[i]) + 0.5)
                let nightTerms = all.filter { optionNight[r][$0.o] }.map { ($0.v, 1.0) }
                if !nightTerms.isEmpty { model.addConstraint("nights_\(pi)_\(wk)", nightTerms, upper: Double(rules.maxNightsPerWeek)) }
                for (type, most) in rules.maxShiftsPerType.sorted(by: { $0.key < $1.key }) {
                    let t = all.filter { optionName[r][$0.o]?.english == type }.map { ($0.v, 1.0) }
                    if !t.isEmpty { model.addConstraint("type_\(pi)_\(wk)_\(type)", t, upper: Double(most)) }
                }
                // Soft: contract hours (agents and the plan's roles).
                if holdsContract[r] {
                    let row = startRow[pi]
                    let hours = Double((7 * wk..<7 * wk + 7).reduce(0) { $0 + (row[$1] >= 0 ? opts[row[$1]].lengthMinutes : 0) }) / 60
                    let b = addVar("below_\(pi)_\(wk)", upper: .infinity, integer: false, objective: w.contractHours,
                                   value: max(0, contract[i] - rules.contractHoursTolerance - hours))
                    model.addConstraint("below_\(pi)_\(wk)", [(b, 1)] + all.map { ($0.v, Double(opts[$0.o].lengthMinutes) / 60) },
                                        lower: contract[i] - rules.contractHoursTolerance)
                }
            }

            // The contract period: hours and shifts per type over the weeks of the horizon inside it.
            let inPeriod = (0..<D).filter { $0 < 7 * periodWeeksLeft }
            let periodAll = inPeriod.flatMap { d in (0..<nOpt).compactMap { o in x[pi][d][o].map { (v: $0, o: o) } } }
            model.addConstraint("period_hours_\(pi)", periodAll.map { ($0.v, Double(opts[$0.o].lengthMinutes)) },
                                upper: Double(periodMaxMinutes(i) - periodMinutesSoFar[i]) + 0.5)
            for (type, most) in rules.maxShiftsPerTypePerPeriod.sorted(by: { $0.key < $1.key }) {
                let t = periodAll.filter { optionName[r][$0.o]?.english == type }.map { ($0.v, 1.0) }
                if !t.isEmpty { model.addConstraint("period_type_\(pi)_\(type)", t, upper: Double(most - periodTypesSoFar[i][type, default: 0])) }
            }

            // Soft: wishes (this week's).
            for wish in weekWishes[i] {
                let t = (0..<nOpt).filter { wish.name == nil || optionName[r][$0]?.english == wish.name }.compactMap { x[pi][wish.day][$0] }
                if wish.on {
                    constant += wish.penalty
                    for v in t { model.setObjective(v, model.info(v).objective - wish.penalty) }
                } else {
                    for v in t { model.setObjective(v, model.info(v).objective + wish.penalty) }
                }
            }
            let row = startRow[pi]
            func worksNow(_ d: Int) -> Bool { d >= 0 ? row[d] >= 0 : (d == -1 ? prevWorked[i].0 : prevWorked[i].1) }
            // Soft: lone days off and lone working days (day −1 from last week).
            for d in 0..<(D - 1) {
                let before = d == 0 ? (prevWorked[i].0 ? 1.0 : 0.0) : 0.0
                let prevTerms = d == 0 ? [] : work(pi, d - 1)
                if rules.minConsecutiveDaysOff >= 2 {
                    // ldo ≥ w(d−1) + w(d+1) − w(d) − 1
                    let now = !worksNow(d) && worksNow(d - 1) && worksNow(d + 1)
                    let v = addVar("ldo_\(pi)_\(d)", upper: 1, integer: false, objective: w.loneDayOff, value: now ? 1 : 0)
                    model.addConstraint("ldo_\(pi)_\(d)", [(v, 1)] + prevTerms.map { ($0.0, -1.0) } + work(pi, d + 1).map { ($0.0, -1.0) }
                                        + work(pi, d).map { ($0.0, 1.0) }, lower: before - 1)
                }
                if rules.minConsecutiveWorkDays >= 2 {
                    // lwd ≥ w(d) − w(d−1) − w(d+1)
                    let now = worksNow(d) && !worksNow(d - 1) && !worksNow(d + 1)
                    let v = addVar("lwd_\(pi)_\(d)", upper: 1, integer: false, objective: w.loneWorkDay, value: now ? 1 : 0)
                    model.addConstraint("lwd_\(pi)_\(d)", [(v, 1)] + prevTerms.map { ($0.0, 1.0) } + work(pi, d + 1).map { ($0.0, 1.0) }
                                        + work(pi, d).map { ($0.0, -1.0) }, lower: -before)
                }
            }
        }

        // Fairness metrics per person over the horizon: expressions, working-weekend indicator per
        // week, and the spread per group of the totals at the horizon's end.
        var metricTerms = Array(repeating: Array(repeating: [(Variable, Double)](), count: 4), count: members.count)
        var startMetric = Array(repeating: SIMD4<Int>(), count: members.count)
        for (pi, i) in members.enumerated() {
            let all = (0..<D).flatMap { d in (0..<nOpt).compactMap { o in x[pi][d][o].map { (v: $0, d: d, o: o) } } }
            metricTerms[pi][0] = all.filter { optionNight[r][$0.o] }.map { ($0.v, 1.0) }
            metricTerms[pi][1] = all.filter { $0.d % 7 >= 5 }.map { ($0.v, 1.0) }
            metricTerms[pi][3] = all.filter { holidayAt[$0.d] }.map { ($0.v, 1.0) }
            let row = startRow[pi]
            for d in 0..<D where row[d] >= 0 {
                if optionNight[r][row[d]] { startMetric[pi][0] += 1 }
                if d % 7 >= 5 { startMetric[pi][1] += 1 }
                if holidayAt[d] { startMetric[pi][3] += 1 }
            }
            for wk in 0..<weeks {
                let worked = row[7 * wk + 5] >= 0 || row[7 * wk + 6] >= 0
                if worked { startMetric[pi][2] += 1 }
                let weekend = all.filter { $0.d == 7 * wk + 5 || $0.d == 7 * wk + 6 }.map { ($0.v, 1.0) }
                let ww = addVar("ww_\(pi)_\(wk)", upper: 1, integer: true, objective: 0, value: worked ? 1 : 0)
                if weekend.isEmpty {
                    model.addConstraint("ww0_\(pi)_\(wk)", [(ww, 1)], upper: 0)
                } else {
                    for (v, _) in weekend { model.addConstraint("wwlo_\(pi)_\(v.index)", [(ww, 1), (v, -1)], lower: 0) }
                    model.addConstraint("wwhi_\(pi)_\(wk)", [(ww, 1)] + weekend.map { ($0.0, -1.0) }, upper: 0)
                }
                metricTerms[pi][2].append((ww, 1))
                // Working weekends above the period's maximum (this week's).
                if wk == 0 {
                    let excessNow = Double(max(0, periodWeekends[i] + personCache[i].metrics[2] - rules.maxWorkingWeekends))
                    let ex = addVar("wwex_\(pi)", upper: .infinity, integer: false, objective: w.workingWeekends, value: excessNow)
                    model.addConstraint("wwex_\(pi)", [(ex, 1), (ww, -1)], lower: Double(periodWeekends[i] - rules.maxWorkingWeekends))
                }
            }
        }
        let groupIds = Array(Set(members.map { groupOf[$0] })).sorted()
        for g in groupIds {
            let inGroup = members.indices.filter { groupOf[members[$0]] == g }
            guard inGroup.count > 1 else { continue }
            for m in 0..<4 {
                let values = inGroup.map { Double(histMetric(members[$0], m) + startMetric[$0][m]) }
                let hi = addVar("hi_\(g)_\(m)", upper: .infinity, integer: false, objective: Self.spreadWeight[m], value: values.max()!)
                let lo = addVar("lo_\(g)_\(m)", upper: .infinity, integer: false, objective: -Self.spreadWeight[m], value: values.min()!)
                for pi in inGroup {
                    let h = Double(histMetric(members[pi], m))
                    let terms = metricTerms[pi][m]
                    model.addConstraint("hi_\(g)_\(m)_\(pi)", [(hi, 1)] + terms.map { ($0.0, -$0.1) }, lower: h)
                    model.addConstraint("lo_\(g)_\(m)_\(pi)", [(lo, 1)] + terms.map { ($0.0, -$0.1) }, upper: h)
                }
            }
        }
        model.objectiveConstant = constant

        // One week: keep the current rows unless the program finds a better week. Several weeks:
        // the repeated start may break a rule across a week boundary, so the program's plan is taken.
        guard let result = try? solver.solve(model, options: SolveOptions(timeLimitSeconds: timeLimitSeconds, relativeGap: 1e-9,
                                                                          initialSolution: start)),
              result.status.hasSolution, let value = result.objective,
              weeks > 1 || value < model.objectiveValue(start) - 1e-6 else { return false }

        // Apply, and keep it only if every row still holds every hard rule.
        var rows: [[Int]] = []
        for pi in members.indices {
            var row = Array(repeating: -1, count: 7)
            for d in 0..<7 { for o in 0..<nOpt { if let v = x[pi][d][o], result.value(v) > 0.5 { row[d] = o } } }
            rows.append(row)
        }
        let scores = members.indices.map { score(members[$0], rows[$0]) }
        guard scores.allSatisfy({ $0.hard == 0 }) else { return false }
        for (pi, i) in members.enumerated() { commit(i, rows[pi], scores[pi]) }
        return true
    }
}
