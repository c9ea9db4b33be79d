import Foundation

/// Pricing of the engine's lower bound: the cheapest week of one person by dynamic programming
/// over the seven days (a shortest path whose labels carry what the rules need).
///
/// The schedules it optimises over are a SUPERSET of the weeks the engine may give the person
/// without a hard-rule penalty (`EngineModel.score(_:_:).hard == 0`): it honours approved leave,
/// fixed days off, training sessions, availability windows and protected staff's nights (all in
/// `EngineModel.forbidden`), locked and hand-edited cells, the longest shift, the minimum rest
/// (from the carry-in too), the longest run of working days (across the week boundary), the days
/// off of the week, the week's and the period's maximum minutes and the most nights a week. It
/// relaxes the most shifts per named type (week and period). For a person whose fixed cells leave
/// no schedule keeping those rules (a forced edit), every hard rule is relaxed and only the fixed
/// cells hold.
///
/// The cost of a schedule is the sum of `cellCost[day][rep]` over its shifts plus, unless
/// `coverOnly`, the person's own soft terms exactly as `EngineModel.score` counts them (wishes,
/// contract hours for the week and the period, lone days off, lone working days, working weekends).
struct SchedulePricing {
    let model: EngineModel
    let person: Int
    /// Option indices of the role with distinct (start, length): the engine's cover, names,
    /// nights and forbidden cells depend on nothing else.
    let reps: [Int]
    /// allowed[d][k], offAllowed[d].
    let allowed: [[Bool]]
    let offAllowed: [Bool]
    /// wishCost[d][k + 1] (index 0: the day off).
    let wishCost: [[Double]]
    /// Whether the hard rules above are honoured (false: a fixed cell already breaks them).
    private(set) var enforce: Bool
    let coverOnly: Bool
    let restMinutes: Double
    let maxConsecutive: Int
    let maxWorked: Int
    let maxNights: Int
    let trackNights: Bool
    let trackFullStreak: Bool
    let earliestStart: Int
    /// The column dive's separable fairness (not the bound's: there fairness counts 0): per metric
    /// (nights, weekend shifts, working weekend, holiday shifts) weight · (history + count − target)²,
    /// added at the week's end. With a target at the group's mean, the sum over a group is the
    /// engine's fairness term plus a constant.
    var fairness: SeparableFairness? = nil

    init(model: EngineModel, person i: Int, reps: [Int], coverOnly: Bool) {
        self.model = model
        person = i
        self.reps = reps
        self.coverOnly = coverOnly
        let r = model.roleOf[i]
        let rules = model.engine.rules
        let count = model.options[r].count
        var allowed = Array(repeating: Array(repeating: true, count: reps.count), count: 7)
        var offAllowed = Array(repeating: true, count: 7)
        var wish = Array(repeating: Array(repeating: 0.0, count: reps.count + 1), count: 7)
        for d in 0..<7 {
            for (k, o) in reps.enumerated() {
                let (s, e) = model.shiftTimes(r, o, d)
                if model.forbidden[i][d * count + o] || Double(e - s) > rules.maxHoursPerDay * 60 + 0.5 { allowed[d][k] = false }
            }
            if model.locked[i][d] {
                let o = model.cells[i][d]
                offAllowed[d] = o < 0
                let opt = o >= 0 ? model.options[r][o] : nil
                for (k, q) in reps.enumerated() {
                    let same = opt.map { model.options[r][q].startMinute == $0.startMinute && model.options[r][q].lengthMinutes == $0.lengthMinutes } ?? false
                    allowed[d][k] = same
                }
            }
            for wsh in model.weekWishes[i] where wsh.day == d {
                for k in -1..<reps.count {
                    let o = k < 0 ? -1 : reps[k]
                    let matches = o >= 0 && (wsh.name == nil || model.optionName[r][o]?.english == wsh.name)
                    if wsh.on != matches { wish[d][k + 1] += wsh.penalty }
                }
            }
        }
        self.allowed = allowed
        self.offAllowed = offAllowed
        wishCost = wish
        enforce = true
        restMinutes = rules.minRestHours * 60
        maxConsecutive = rules.maxConsecutiveWorkDays
        maxWorked = max(0, 7 - rules.minDaysOffPerWeek)
        maxNights = rules.maxNightsPerWeek
        let minLength = max(1, reps.map { model.options[r][$0].lengthMinutes }.min() ?? 1)
        let byHours = model.weekMaxMinutes[i] / minLength
        trackNights = min(7, maxWorked, byHours) > rules.maxNightsPerWeek
        trackFullStreak = min(6, maxWorked, byHours) > rules.maxConsecutiveWorkDays
        earliestStart = reps.map { model.options[r][$0].startMinute }.min() ?? 0
    }

    /// Relaxes every hard rule (a fixed cell already breaks one).
    mutating func relax() { enforce = false }

    private struct Label {
        var lastEnd: Int?      // minutes from the week's start; nil: cannot constrain any later shift
        var streak: Int        // enforce && !trackFullStreak: −1 once a day off was taken
        var minutes: Int
        var worked: Int
        var nights: Int
        var w0: Bool           // worked the day before yesterday
        var w1: Bool           // worked yesterday
        var sat: Bool          // worked on Saturday
        var holidays: Int      // shifts on statutory holidays (counted with `fairness` only)
        var cost: Double
        var parent: Int32
        var choice: Int16      // rep index, −1 off
    }

    /// The person's soft cost at the end of the week (contract hours, working weekends).
    func terminalCost(minutes: Int, weekend: Bool) -> Double {
        guard !coverOnly else { return 0 }
        let m = model, i = person, r = m.roleOf[i]
        let rules = m.engine.rules, w = m.engine.weights
        var c = 0.0
        if m.holdsContract[r] {
            let below = m.contract[i] - rules.contractHoursTolerance - Double(minutes) / 60
            if below > 0 { c += below * w.contractHours }
            let periodBelow = m.periodShortfallHours(i, minutes: minutes)
            if periodBelow > 0 { c += periodBelow * w.contractHours }
        }
        let weekends = m.periodWeekends[i] + (weekend ? 1 : 0)
        if weekends > rules.maxWorkingWeekends { c += Double(weekends - rules.maxWorkingWeekends) * w.workingWeekends }
        return c
    }

    /// The cheapest schedule (option index per day, −1 off) and its cost; nil when none keeps the
    /// honoured rules. `cellCost[d][k]`: the cost of working rep k on day d (e.g. minus the cover
    /// duals of its hours).
    func cheapest(cellCost: [[Double]]) -> (cost: Double, row: [Int])? {
        let m = model, i = person, r = m.roleOf[i]
        let rules = m.engine.rules, w = m.engine.weights
        let soft = coverOnly ? 0.0 : 1.0
        let loneOff = rules.minConsecutiveDaysOff >= 2 ? w.loneDayOff * soft : 0
        let loneWork = rules.minConsecutiveWorkDays >= 2 ? w.loneWorkDay * soft : 0
        let weekMax = m.weekMaxMinutes[i]
        let periodRoom = m.periodMaxMinutes(i) - m.periodMinutesSoFar[i]
        let starts = reps.map { m.options[r][$0].startMinute }
        let lengths = reps.map { m.options[r][$0].lengthMinutes }
        let night = reps.map { m.optionNight[r][$0] }

        func clamp(_ end: Int?, nextDay: Int) -> Int? {
            guard enforce, let end else { return nil }
            return Double(nextDay * 1440 + earliestStart - end) >= restMinutes - 1e-9 ? nil : end
        }
        func key(_ l: Label, day: Int) -> Int {
            let le = l.lastEnd.map { $0 - (day + 1) * 1440 + 4096 } ?? 0
            var k = le
            k |= (l.streak + 1) << 13
            k |= l.minutes << 19
            k |= l.worked << 34
            k |= l.nights << 38
            k |= (l.w0 ? 1 : 0) << 42
            k |= (l.w1 ? 1 : 0) << 43
            k |= (l.sat ? 1 : 0) << 44
            k |= l.holidays << 45
            return k
        }
        let startStreak = enforce ? min(m.prevStreak[i], maxConsecutive + 1) : 0
        var layers: [[Label]] = []
        var current = [Label(lastEnd: clamp(m.prevEndMinute[i], nextDay: 0), streak: startStreak, minutes: 0, worked: 0, nights: 0,
                             w0: m.prevWorked[i].1, w1: m.prevWorked[i].0, sat: false, holidays: 0, cost: 0, parent: -1, choice: -1)]
        let fair = coverOnly ? nil : fairness
        // Nights are counted for the rule (honoured rules only) and for the dive's fairness.
        let countNights = (enforce && trackNights) || fair != nil
        func fairnessCost(_ l: Label, sunday: Bool) -> Double {
            guard let fair else { return 0 }
            let weekend = (l.sat ? 1 : 0) + (sunday ? 1 : 0)
            return fair.cost(SIMD4(Double(l.nights), Double(weekend), weekend > 0 ? 1 : 0, Double(l.holidays)))
        }
        for d in 0..<7 {
            var next: [Label] = []
            var index: [Int: Int] = [:]
            next.reserveCapacity(current.count * 4)
            func offer(_ l: Label) {
                let k = key(l, day: d)
                if let at = index[k] {
                    if l.cost < next[at].cost { next[at] = l }
                } else {
                    index[k] = next.count
                    next.append(l)
                }
            }
            for (p, l) in current.enumerated() {
                // Lone day off / lone working day at day d − 1 (days 0…5 count), known once day d is chosen.
                func pattern(_ on: Bool) -> Double {
                    guard d >= 1 else { return 0 }
                    var c = 0.0
                    if !l.w1 && l.w0 && on { c += loneOff }
                    if l.w1 && !l.w0 && !on { c += loneWork }
                    return c
                }
                if offAllowed[d] {
                    var n = l
                    n.lastEnd = clamp(l.lastEnd, nextDay: d + 1)
                    n.streak = enforce ? (trackFullStreak ? 0 : -1) : 0
                    n.w0 = l.w1; n.w1 = false
                    n.cost = l.cost + soft * wishCost[d][0] + pattern(false)
                    if d == 6 { n.cost += terminalCost(minutes: n.minutes, weekend: l.sat) + fairnessCost(n, sunday: false) }
                    n.parent = Int32(p); n.choice = -1
                    offer(n)
                }
                for k in reps.indices where allowed[d][k] {
                    let s = d * 1440 + starts[k], e = s + lengths[k]
                    var n = l
                    if enforce {
                        if let le = l.lastEnd, Double(s - le) < restMinutes - 1e-9 { continue }
                        if l.streak >= 0 {
                            n.streak = l.streak + 1
                            if n.streak > maxConsecutive { continue }
                        }
                        n.worked = l.worked + 1
                        if n.worked > maxWorked { continue }
                    }
                    if countNights && night[k] {
                        n.nights = l.nights + 1
                        if enforce && trackNights && n.nights > maxNights { continue }
                    }
                    if fair != nil && m.holidayDay[d] { n.holidays = l.holidays + 1 }
                    n.minutes = l.minutes + lengths[k]
                    if enforce && (n.minutes > weekMax || n.minutes > periodRoom) { continue }
                    n.lastEnd = clamp(e, nextDay: d + 1)
                    n.w0 = l.w1; n.w1 = true
                    if d == 5 { n.sat = true }
                    n.cost = l.cost + cellCost[d][k] + soft * wishCost[d][k + 1] + pattern(true)
                    if d == 6 { n.cost += terminalCost(minutes: n.minutes, weekend: true) + fairnessCost(n, sunday: true) }
                    n.parent = Int32(p); n.choice = Int16(k)
                    offer(n)
                }
            }
            layers.append(current)
            current = next
            if current.isEmpty { return nil }
        }
        // Day 6 labels hold the whole cost; keep the cheapest one keeping the week's day-off rule.
        var best: Int? = nil
        for (p, l) in current.enumerated() {
            if enforce && 7 - l.worked < rules.minDaysOffPerWeek { continue }
            if best.map({ l.cost < current[$0].cost }) ?? true { best = p }
        }
        guard let b = best else { return nil }
        var row = Array(repeating: -1, count: 7)
        var at = b
        var label = current[b]
        for d in stride(from: 6, through: 0, by: -1) {
            row[d] = label.choice >= 0 ? reps[Int(label.choice)] : -1
            at = Int(label.parent)
            if d > 0 { label = layers[d][at] }
        }
        return (current[b].cost, row)
    }
}

/// Per metric (nights, weekend shifts, working weekend 0/1, holiday shifts): weight · (history +
/// count − target)².
struct SeparableFairness: Hashable {
    var weight: SIMD4<Double>
    var history: SIMD4<Double>
    var target: SIMD4<Double>
    /// Per unit of distance beyond one from the target: the engine's fairness polish narrows every
    /// group's spread to one afterwards (at a cost in patterns); the dive pays for it up front.
    var spread: Double = 0

    func cost(_ count: SIMD4<Double>) -> Double {
        let d = history + count - target
        let beyond = (d * d).squareRoot() - 1
        return (weight * d * d).sum() + spread * beyond.replacing(with: 0, where: beyond .< 0).sum()
    }
}
