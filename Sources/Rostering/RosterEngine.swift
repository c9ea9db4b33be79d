import Foundation
import HotlineCore
import Optimization
import Planning

/// Weights of the engine's objective (all penalties, minimised). Hard rules carry `hard`, which no
/// soft gain can outweigh.
public struct EngineWeights: Sendable, Codable, Equatable {
    /// Per person-hour below the requirement (agents: the plan's hourly requirement; other roles:
    /// the profile's fixed-shift cover).
    public var underCover = 10.0
    /// Per person-hour above the requirement.
    public var overCover = 1.0
    /// Per unit of wish weight not granted.
    public var wish = 5.0
    /// Per hour below `contract − tolerance` in the week.
    public var contractHours = 1.0
    public var loneDayOff = 15.0
    public var loneWorkDay = 10.0
    /// Per working weekend above `maxWorkingWeekends` in the period.
    public var workingWeekends = 20.0
    /// Times the sum of squared deviations from the group mean (same role and contract) of
    /// cumulative nights, weekend shifts, working weekends and holiday shifts (in that order).
    public var fairness = [12.0, 2.0, 12.0, 12.0]
    public var hard = 100_000.0
    /// The most soft cost the fairness polish may add to narrow a group's nights or working
    /// weekends to a spread of one (swaps never change cover, so this buys fairness with patterns
    /// such as a lone day off, never with cover).
    public var fairnessRangeAllowance = 150.0
    /// Per person-hour of a planned role below the plan's minimum on site (e.g. one supervisor every
    /// hour), on top of `underCover`.
    public var belowMinimumOnSite = 100.0

    public init() {}
}

/// The objective by component (weighted values) and its total.
public struct ObjectiveBreakdown: Sendable, Codable, Equatable {
    public var total: Double
    public var components: [String: Double]
}

/// A soft rule a person's roster breaks, explained in Chinese and English.
public struct SoftRuleBreak: Hashable, Sendable, Codable {
    public var personId: String
    public var name: String
    public var rule: String
    public var date: CivilDate?
    public var chinese: String
    public var english: String
}

/// A shift of the initial (greedy) roster the engine had to drop, and why.
public struct DroppedShift: Hashable, Sendable, Codable {
    public var shift: ShiftAssignment
    public var reason: String
}

public struct EngineResult: Sendable, Codable {
    public var roster: WeekRoster
    /// The greedy start (tours mapped with continuity, fixed role shifts) scored by the same objective.
    public var initial: ObjectiveBreakdown
    public var objective: ObjectiveBreakdown
    public var softBreaks: [SoftRuleBreak]
    public var dropped: [DroppedShift]
    /// Hours per planned role (supervisors, back office) with fewer people on site than the plan's
    /// tours put there, after the engine (e.g. fewer people of the role than the plan's headcount).
    public var roleCoverGaps: [RoleCoverGap] = []
    public var iterations: Int
    public var seconds: Double
}

/// The roster engine: starts from the greedy mapping of `RosterBuilder` (continuity with last week,
/// training gate, fixed role shifts) and improves it by simulated annealing over two moves —
/// swapping the shifts of two people of one role over a run of days (cover unchanged), and
/// setting one person's shift on one day (cover changes) — minimising the weighted objective of
/// `EngineWeights`. Hard rules (`RosterValidator`) are penalised by `weights.hard`; shifts still
/// breaking one at the end are dropped and listed.
public struct RosterEngine: Sendable {
    public var profile: CenterProfile
    public var calendar: HolidayCalendar
    public var rules: RosterRules
    public var weights: EngineWeights
    public var iterations: Int
    public var seed: UInt64
    /// Solver of the exact fairness program for small roles (`nil`: swaps only).
    public var groupSolver: (any MIPSolver)?
    /// Roles with at most this many people get the exact fairness program.
    public var groupMaxPeople: Int
    /// The local search's first temperature (it cools to 0.05): 20 lets it wander far from the
    /// greedy start; a low one (about 1) keeps a good start (the column dive's roster) and polishes it.
    public var startTemperature = 20.0

    public init(profile: CenterProfile, calendar: HolidayCalendar, rules: RosterRules? = nil,
                weights: EngineWeights = EngineWeights(), iterations: Int = 120_000, seed: UInt64 = 12345,
                groupSolver: (any MIPSolver)? = CBCSolver(parameters: ["maxNodes": "3000"]), groupMaxPeople: Int = 8) {
        self.groupSolver = groupSolver
        self.groupMaxPeople = groupMaxPeople
        self.profile = profile
        self.calendar = calendar
        self.rules = rules ?? RosterRules(profile: profile)
        self.weights = weights
        self.iterations = iterations
        self.seed = seed
    }

    /// Builds the week of `plan.weekStart`. `previous`: published shifts before the week (rest,
    /// consecutive days and carry-in); `history`: published shifts of earlier weeks (fairness,
    /// working weekends); `constraints`: per-person leave, fixed days off, training, protected
    /// status and wishes. `horizonWeeks`: the weeks from this one to the end of the period whose
    /// fairness counts (this week included; e.g. 4 − k in week k of a 4-week run): the exact program
    /// for small roles plans them all, so that the period's cumulative nights and working weekends
    /// end within one in every group, and applies this week.
    ///
    /// `start`: the week's shifts to start from instead of the greedy mapping (reoptimising a
    /// draft); `fixed`: cells the engine keeps exactly as given (a manager's locks and hand edits):
    /// no move changes them, the exact program for small roles holds them, and they are never
    /// dropped for a hard rule (a forced edit is the manager's declared exception).
    public func build(plan: WeeklyPlan, people: [Person], previous: [ShiftAssignment] = [],
                      phoneQualified: Set<String>? = nil, constraints: [String: PersonConstraints] = [:],
                      history: [ShiftAssignment] = [], horizonWeeks: Int = 1, period: RosterPeriod? = nil,
                      start: [ShiftAssignment]? = nil, fixed: [FixedCell] = []) -> EngineResult {
        let clock = ContinuousClock.now
        let greedy = RosterBuilder(profile: profile, calendar: calendar).build(
            plan: plan, people: people, previous: previous, phoneQualified: phoneQualified)
        var model = EngineModel(engine: self, plan: plan, people: people, greedy: greedy,
                                phoneQualified: phoneQualified, constraints: constraints, history: history,
                                period: period ?? RosterPeriod(start: plan.weekStart, weeks: max(1, horizonWeeks)),
                                start: start, fixed: fixed)
        let initial = model.breakdown()
        let done = model.anneal(iterations: iterations, seed: seed)
        var planned: Set<Int> = []
        if let groupSolver {
            // Supervisors on the plan's own tours make the multi-week program hard for CBC (on the
            // demo's 4 weeks it does not close its gap; a 10-s limit left their nights 2 apart). The
            // default solver stops after 3000 nodes (one thread), so the roster does not depend on
            // the machine's load; the 120 s are a safety net. A single week solves in a few seconds.
            planned = model.balanceSmallRoles(solver: groupSolver, maxPeople: groupMaxPeople, timeLimitSeconds: 120,
                                              horizonWeeks: horizonWeeks)
        }
        // A role planned over several weeks may be uneven now by design (it ends even); swaps that
        // narrow today's spread would spoil the plan.
        model.polishFairness(skippingRoles: horizonWeeks > 1 ? planned : [])
        let dropped = model.dropHardViolations()
        let roster = model.roster(greedy: greedy)
        let elapsed = ContinuousClock.now - clock
        return EngineResult(roster: roster, initial: initial, objective: model.breakdown(),
                            softBreaks: model.softBreaks(), dropped: dropped,
                            roleCoverGaps: RosterValidator.roleCover(of: roster.shifts, plan: plan), iterations: done,
                            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}

/// A cell of the week the engine keeps as it is: a person's shift on a day (`shift`), or that
/// day off (`shift == nil`).
public struct FixedCell: Hashable, Sendable, Codable {
    public var personId: String
    public var date: CivilDate
    public var shift: ShiftAssignment?

    public init(personId: String, date: CivilDate, shift: ShiftAssignment?) {
        self.personId = personId
        self.date = date
        self.shift = shift
    }
}

/// The contract period the engine counts hours and shift types over (the comprehensive
/// working-hours system's averaging period, or a roster run of several weeks): `weeks` weeks from
/// the Monday `start`. Shifts of the period before the week being built come from `history`.
public struct RosterPeriod: Sendable, Codable, Equatable {
    public var start: CivilDate
    public var weeks: Int

    public init(start: CivilDate, weeks: Int) {
        self.start = start
        self.weeks = max(1, weeks)
    }

    public var end: CivilDate { start.adding(days: 7 * weeks) }
}

/// One shift option of a role: start (minutes after midnight), length (minutes) and the breaks of
/// the planned tour it comes from.
struct ShiftOption: Hashable {
    var startMinute: Int
    var lengthMinutes: Int
    var breaks: [TourBreak] = []
}

struct EngineModel {
    let engine: RosterEngine
    let weekStart: CivilDate
    let people: [Person]
    let roleOf: [Int]                 // role index per person
    let roles: [Role]
    let groupOf: [Int]                // fairness group per person
    let groupCount: Int
    var options: [[ShiftOption]]      // per role
    var optionName: [[CenterProfile.ShiftName?]]
    var optionNight: [[Bool]]
    var optionTouchesNight: [[Bool]]
    var coverHours: [[[[Int]]]]       // [role][option][day] → hour indices of the week
    var required: [[Int]]             // [role][hour]
    var cover: [[Int]]                // [role][hour]
    var cells: [[Int]]                // [person][day] → option index or -1
    /// [person][day]: the cell is fixed (locked or edited by hand) and no move may change it.
    var locked: [[Bool]] = []
    let constraints: [PersonConstraints]
    let contract: [Double]
    /// Hard weekly maximum (contract + allowed excess, at most the labour week) in minutes.
    let weekMaxMinutes: [Int]
    /// Minutes and shifts per type worked earlier in the contract period, and the weeks left in it
    /// (this one included).
    let periodMinutesSoFar: [Int]
    let periodTypesSoFar: [[String: Int]]
    let periodWeeksLeft: Int
    let periodWeeks: Int
    /// Whether the role is held to its contract hours (agents and the plan's roles).
    let holdsContract: [Bool]
    /// Per role: the plan's minimum on site per hour (planned roles; empty otherwise).
    var minOnSite: [[Int]] = []
    let prevEndMinute: [Int?]         // minutes relative to week start
    let prevStreak: [Int]
    let prevWorked: [(Bool, Bool)]    // worked day -1, day -2
    let history: [FairnessCounts]
    let periodWeekends: [Int]         // working weekends in the period's earlier weeks
    let holidayDay: [Bool]
    /// [person][day * optionCount + option]: leave, fixed day off, training or protected night.
    var forbidden: [[Bool]] = []
    /// Wishes inside the week: (day, on?, English shift name or nil, weighted penalty).
    var weekWishes: [[(day: Int, on: Bool, name: String?, penalty: Double)]] = []
    // Fairness sums: [group][metric]
    var s1: [[Double]]
    var s2: [[Double]]
    var groupSize: [Double]
    var personCache: [PersonScore]
    let carryIn: [ShiftAssignment]

    struct PersonScore {
        var hard = 0
        var soft = 0.0
        var metrics = SIMD4<Int>()      // nights, weekend shifts, working weekend (0/1), holiday shifts
        var parts = SIMD8<Double>()     // wishes, contract hours, lone day off, lone work day, weekends
    }

    init(engine: RosterEngine, plan: WeeklyPlan, people allPeople: [Person], greedy: WeekRoster,
         phoneQualified: Set<String>?, constraints: [String: PersonConstraints], history: [ShiftAssignment],
         period: RosterPeriod, start: [ShiftAssignment]? = nil, fixed: [FixedCell] = []) {
        self.engine = engine
        let weekStart = plan.weekStart
        self.weekStart = weekStart
        let profile = engine.profile
        // Everyone the greedy roster could use: agents past the training gate and the other roles.
        // (People of the plan's roles who list skills but not the role's stay off its tours.)
        let plannedRoleSet = Set(plan.roles.filter { $0.tours.contains { $0.count > 0 } }.map(\.role))
        let people = allPeople.filter { $0.role != .agent || (phoneQualified?.contains($0.id) ?? true) }
            .filter { !plannedRoleSet.contains($0.role) || RoleSkills.qualifies($0) }
            .sorted { $0.id < $1.id }
        self.people = people
        let roles = Array(Set(people.map(\.role))).sorted()
        self.roles = roles
        let roleIndex = Dictionary(uniqueKeysWithValues: roles.enumerated().map { ($1, $0) })
        roleOf = people.map { roleIndex[$0.role]! }
        var groupKeys: [String: Int] = [:]
        groupOf = people.map { p in
            let key = "\(p.role.rawValue)|\(p.contractHoursPerWeek)|\(constraints[p.id]?.protected ?? false)"
            if let g = groupKeys[key] { return g }
            groupKeys[key] = groupKeys.count
            return groupKeys.count - 1
        }
        groupCount = groupKeys.count
        let index = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1.id, $0) })
        let weekBegin = LocalDateTime(date: weekStart)

        // Options per role: the shifts of the greedy roster and the plan's tours (agents; the planned
        // roles such as supervisors and back office), each with its tour's breaks.
        var opts: [[ShiftOption]] = Array(repeating: [], count: roles.count)
        func add(_ r: Int, _ o: ShiftOption) { if !opts[r].contains(o) { opts[r].append(o) } }
        func option(_ t: Tour) -> ShiftOption {
            ShiftOption(startMinute: t.startMinute, lengthMinutes: t.lengthMinutes, breaks: t.breaks.sorted { $0.offsetMinutes < $1.offsetMinutes })
        }
        if let a = roleIndex[.agent] {
            for t in plan.tours where t.count > 0 { add(a, option(t.tour)) }
        }
        var plannedRoles: Set<Int> = []
        for rp in plan.roles where rp.tours.contains(where: { $0.count > 0 }) {
            guard let r = roleIndex[rp.role] else { continue }
            plannedRoles.insert(r)
            for t in rp.tours where t.count > 0 { add(r, option(t.tour)) }
        }
        let weekShifts = greedy.shifts.filter { $0.date >= weekStart && index[$0.personId] != nil }
        var greedyBreaks: [String: [TourBreak]] = [:]
        for b in greedy.breaks {
            let s = greedy.shifts.first { $0.personId == b.personId && $0.date == b.date }
            guard let s else { continue }
            greedyBreaks["\(b.personId) \(b.date)", default: []].append(
                TourBreak(offsetMinutes: (b.start.seconds - s.start.seconds) / 60, minutes: (b.end.seconds - b.start.seconds) / 60, paid: b.paid))
        }
        func option(of s: ShiftAssignment) -> ShiftOption {
            ShiftOption(startMinute: s.start.secondOfDay / 60, lengthMinutes: s.durationSeconds / 60,
                        breaks: (greedyBreaks["\(s.personId) \(s.date)"] ?? []).sorted { $0.offsetMinutes < $1.offsetMinutes })
        }
        for s in weekShifts { add(roleOf[index[s.personId]!], option(of: s)) }
        // A starting roster's and the fixed cells' shifts: the role's option of the same start and
        // length (with its breaks), or a new one.
        let weekEnd = weekStart.adding(days: 7)
        let startShifts = start.map { $0.filter { $0.date >= weekStart && $0.date < weekEnd && index[$0.personId] != nil } }
        let fixedCells = fixed.filter { $0.date >= weekStart && $0.date < weekEnd && index[$0.personId] != nil }
        func plain(_ s: ShiftAssignment) -> ShiftOption {
            ShiftOption(startMinute: s.start.secondOfDay / 60, lengthMinutes: s.durationSeconds / 60)
        }
        for s in (startShifts ?? []) + fixedCells.compactMap(\.shift) {
            let r = roleOf[index[s.personId]!], o = plain(s)
            if !opts[r].contains(where: { $0.startMinute == o.startMinute && $0.lengthMinutes == o.lengthMinutes }) { add(r, o) }
        }
        for r in opts.indices {
            opts[r].sort { ($0.startMinute, $0.lengthMinutes, $0.breaks.description) < ($1.startMinute, $1.lengthMinutes, $1.breaks.description) }
        }
        options = opts
        optionName = opts.map { $0.map { profile.shifts.name(startHour: $0.startMinute / 60) } }
        optionNight = opts.map { $0.map { Fairness.isNight(startHour: $0.startMinute / 60, profile: profile) } }
        optionTouchesNight = opts.map { $0.map {
            let s = LocalDateTime(date: weekStart, minute: $0.startMinute)
            return RosterRules.touchesNight(start: s, end: s.adding(minutes: $0.lengthMinutes))
        } }
        coverHours = opts.map { $0.map { o in (0..<7).map { d in
            let first = d * 24 + o.startMinute / 60
            let last = d * 24 + (o.startMinute + o.lengthMinutes + 59) / 60
            return (first..<min(last, 168)).map { $0 }
        } } }

        // Cells from the greedy roster.
        var cells = Array(repeating: Array(repeating: -1, count: 7), count: people.count)
        let roleOfPerson = roleOf
        func plainIndex(_ s: ShiftAssignment) -> Int {
            let i = index[s.personId]!, o = plain(s)
            return opts[roleOfPerson[i]].firstIndex { $0.startMinute == o.startMinute && $0.lengthMinutes == o.lengthMinutes }!
        }
        if let startShifts {
            for s in startShifts { cells[index[s.personId]!][s.date.dayNumber - weekStart.dayNumber] = plainIndex(s) }
        } else {
            for s in weekShifts {
                let i = index[s.personId]!
                let d = s.date.dayNumber - weekStart.dayNumber
                cells[i][d] = opts[roleOf[i]].firstIndex(of: option(of: s))!
            }
        }
        var locked = Array(repeating: Array(repeating: false, count: 7), count: people.count)
        for f in fixedCells {
            let i = index[f.personId]!, d = f.date.dayNumber - weekStart.dayNumber
            cells[i][d] = f.shift.map(plainIndex) ?? -1
            locked[i][d] = true
        }
        self.cells = cells
        self.locked = locked

        // Fixed carry-in cover and the requirement per role.
        carryIn = greedy.shifts.filter { $0.date < weekStart }
        var fixed = Array(repeating: Array(repeating: 0, count: 168), count: roles.count)
        for s in carryIn {
            guard let r = roleIndex[s.role] else { continue }
            let end = (s.end.seconds - weekBegin.seconds + 3599) / 3600
            for h in 0..<min(max(end, 0), 168) { fixed[r][h] += 1 }
        }
        var req = fixed
        if let a = roleIndex[.agent] { let perHour = plan.requiredPerHour
            req[a] = (0..<168).map { $0 < perHour.count ? perHour[$0] : 0 } }
        var cover = fixed
        for i in people.indices {
            for d in 0..<7 where cells[i][d] >= 0 {
                for h in coverHours[roleOf[i]][cells[i][d]][d] { cover[roleOf[i]][h] += 1 }
            }
        }
        // Planned roles: the plan's tours on site per hour (cyclic: Sunday's tours run into Monday
        // morning, as the carry-in does); the plan's minimum on site on top. Other roles: the fixed
        // shifts' own cover.
        var minimum = Array(repeating: [Int](), count: roles.count)
        for rp in plan.roles {
            guard let r = roleIndex[rp.role], plannedRoles.contains(r) else { continue }
            req[r] = (0..<168).map { $0 < rp.onSite.count ? rp.onSite[$0] : 0 }
            minimum[r] = (0..<168).map { $0 < rp.requiredOnSite.count ? rp.requiredOnSite[$0] : 0 }
        }
        for r in roles.indices where roles[r] != .agent && !plannedRoles.contains(r) { req[r] = cover[r] }
        required = req
        minOnSite = minimum
        self.cover = cover
        holdsContract = roles.indices.map { roles[$0] == .agent || plannedRoles.contains($0) }

        // Per-person context.
        self.constraints = people.map { constraints[$0.id] ?? PersonConstraints() }
        contract = people.map { min($0.contractHoursPerWeek, engine.rules.maxHoursPerWeek) }
        let rulesHere = engine.rules
        weekMaxMinutes = people.indices.map { i in
            let c = constraints[people[i].id] ?? PersonConstraints()
            let above = c.protected ? 0 : rulesHere.weekHoursAboveContract
            return Int((min(people[i].contractHoursPerWeek + above, rulesHere.maxHoursPerWeek) * 60 + 0.5).rounded(.down))
        }
        periodWeeks = period.weeks
        periodWeeksLeft = max(1, (period.end.dayNumber - weekStart.dayNumber + 6) / 7)
        var soFar = Array(repeating: 0, count: people.count)
        var typesSoFar = Array(repeating: [String: Int](), count: people.count)
        for s in history where s.date >= period.start && s.date < weekStart {
            guard let i = index[s.personId] else { continue }
            soFar[i] += s.durationSeconds / 60
            if let n = profile.shifts.name(startHour: s.start.hour)?.english { typesSoFar[i][n, default: 0] += 1 }
        }
        periodMinutesSoFar = soFar
        periodTypesSoFar = typesSoFar
        let earlier = (carryIn + history.filter { $0.date < weekStart }).filter { index[$0.personId] != nil }
        var prevEnd: [Int?] = Array(repeating: nil, count: people.count)
        var workedDays = Array(repeating: Set<Int>(), count: people.count)
        for s in earlier {
            let i = index[s.personId]!
            let e = (s.end.seconds - weekBegin.seconds) / 60
            prevEnd[i] = max(prevEnd[i] ?? e, e)
            workedDays[i].insert(s.date.dayNumber - weekStart.dayNumber)
        }
        prevEndMinute = prevEnd
        prevStreak = workedDays.map { days in var n = 0; while days.contains(-1 - n) { n += 1 }; return n }
        prevWorked = workedDays.map { ($0.contains(-1), $0.contains(-2)) }
        let lookbackStart = weekStart.adding(days: -7 * 52)
        let counts = Fairness.counts(history, from: lookbackStart, to: weekStart, profile: profile, calendar: engine.calendar)
        self.history = people.map { counts[$0.id] ?? FairnessCounts() }
        let periodCounts = Fairness.counts(history, from: weekStart.adding(days: -7 * (engine.rules.weekendPeriodWeeks - 1)),
                                           to: weekStart, profile: profile, calendar: engine.calendar)
        periodWeekends = people.map { periodCounts[$0.id]?.workingWeekends ?? 0 }
        holidayDay = (0..<7).map { engine.calendar.isStatutoryHoliday(weekStart.adding(days: $0)) }

        for i in people.indices {
            let r = roleOf[i], c = self.constraints[i]
            var f = Array(repeating: false, count: 7 * max(1, opts[r].count))
            for d in 0..<7 {
                let date = weekStart.adding(days: d)
                for o in opts[r].indices {
                    let st = LocalDateTime(date: date, minute: opts[r][o].startMinute)
                    let en = st.adding(minutes: opts[r][o].lengthMinutes)
                    f[d * opts[r].count + o] = c.blocks(date: date, start: st, end: en)
                        || (c.protected && RosterRules.touchesNight(start: st, end: en))
                }
            }
            forbidden.append(f)
            weekWishes.append(c.wishes.compactMap { w in
                let d = w.date.dayNumber - weekStart.dayNumber
                return (0..<7).contains(d) ? (d, w.kind == .on, w.shiftName, w.weight * engine.weights.wish) : nil
            })
        }
        s1 = Array(repeating: [0, 0, 0, 0], count: groupCount)
        s2 = s1
        groupSize = Array(repeating: 0, count: groupCount)
        personCache = []
        for i in people.indices {
            let sc = score(i, cells[i])
            personCache.append(sc)
            groupSize[groupOf[i]] += 1
            for m in 0..<4 {
                let v = Double(histMetric(i, m) + sc.metrics[m])
                s1[groupOf[i]][m] += v
                s2[groupOf[i]][m] += v * v
            }
        }
    }

    func histMetric(_ i: Int, _ m: Int) -> Int {
        switch m {
        case 0: history[i].nights
        case 1: history[i].weekendShifts
        case 2: history[i].workingWeekends
        default: history[i].holidayShifts
        }
    }

    // MARK: Scoring

    func shiftTimes(_ r: Int, _ o: Int, _ d: Int) -> (start: Int, end: Int) {
        let opt = options[r][o]
        let s = d * 1440 + opt.startMinute
        return (s, s + opt.lengthMinutes)
    }

    /// Hard-rule breaks and soft penalties of one person's week.
    func score(_ i: Int, _ row: [Int]) -> PersonScore {
        let r = roleOf[i]
        let rules = engine.rules
        let w = engine.weights
        var sc = PersonScore()
        var minutes = 0
        var nights = 0
        var perType: [String: Int] = [:]
        let checkTypes = !rules.maxShiftsPerType.isEmpty || !rules.maxShiftsPerTypePerPeriod.isEmpty
        var lastEnd = prevEndMinute[i]
        var streak = prevStreak[i]
        var worked = 0
        for d in 0..<7 {
            let o = row[d]
            guard o >= 0 else { streak = 0; continue }
            worked += 1
            streak += 1
            if streak > rules.maxConsecutiveWorkDays { sc.hard += 1 }
            let (s, e) = shiftTimes(r, o, d)
            minutes += e - s
            if let le = lastEnd, Double(s - le) < rules.minRestHours * 60 - 1e-9 { sc.hard += 1 }
            lastEnd = e
            if Double(e - s) > rules.maxHoursPerDay * 60 + 0.5 { sc.hard += 1 }
            if forbidden[i][d * options[r].count + o] { sc.hard += 1 }
            if optionNight[r][o] { nights += 1; sc.metrics[0] += 1 }
            if checkTypes, let n = optionName[r][o]?.english { perType[n, default: 0] += 1 }
            if d >= 5 { sc.metrics[1] += 1; sc.metrics[2] = 1 }
            if holidayDay[d] { sc.metrics[3] += 1 }
        }
        if minutes > weekMaxMinutes[i] { sc.hard += 1 }
        if periodMinutesSoFar[i] + minutes > periodMaxMinutes(i) { sc.hard += 1 }
        if 7 - worked < rules.minDaysOffPerWeek { sc.hard += 1 }
        if nights > rules.maxNightsPerWeek { sc.hard += 1 }
        for (t, n) in perType {
            if let m = rules.maxShiftsPerType[t], n > m { sc.hard += 1 }
            if let m = rules.maxShiftsPerTypePerPeriod[t], n + periodTypesSoFar[i][t, default: 0] > m { sc.hard += 1 }
        }

        // Soft: wishes.
        for wish in weekWishes[i] {
            let o = row[wish.day]
            let matches = o >= 0 && (wish.name == nil || optionName[r][o]?.english == wish.name)
            if wish.on != matches { sc.parts[0] += wish.penalty }
        }
        // Contract hours (the fixed role shifts decide those roles' hours; agents and the plan's
        // roles are held to it): the week's minimum, and the period's minimum as far as the weeks
        // left cannot make it up any more.
        if holdsContract[r] {
            let below = contract[i] - rules.contractHoursTolerance - Double(minutes) / 60
            if below > 0 { sc.parts[1] += below * w.contractHours }
            let periodBelow = periodShortfallHours(i, minutes: minutes)
            if periodBelow > 0 { sc.parts[1] += periodBelow * w.contractHours }
        }
        // Lone days off and lone working days.
        func works(_ d: Int) -> Bool { d >= 0 ? row[d] >= 0 : (d == -1 ? prevWorked[i].0 : prevWorked[i].1) }
        for d in 0..<6 {
            if rules.minConsecutiveDaysOff >= 2 && !works(d) && works(d - 1) && works(d + 1) { sc.parts[2] += w.loneDayOff }
            if rules.minConsecutiveWorkDays >= 2 && works(d) && !works(d - 1) && !works(d + 1) { sc.parts[3] += w.loneWorkDay }
        }
        let weekends = periodWeekends[i] + sc.metrics[2]
        if weekends > rules.maxWorkingWeekends { sc.parts[4] += Double(weekends - rules.maxWorkingWeekends) * w.workingWeekends }
        sc.soft = sc.parts.sum()
        return sc
    }

    /// Hard maximum of the period's minutes (contract × weeks + the allowed excess; protected staff none).
    func periodMaxMinutes(_ i: Int) -> Int {
        let above = constraints[i].protected ? 0 : engine.rules.periodHoursAboveContract
        return Int(((people[i].contractHoursPerWeek * Double(periodWeeks) + above) * 60 + 0.5).rounded(.down))
    }

    /// Hours of the period's soft minimum (contract × weeks − `periodHoursBelowContract`) that the
    /// weeks left after this one can no longer make up at the weekly maximum (0: none).
    func periodShortfallHours(_ i: Int, minutes: Int) -> Double {
        // (A one-week period is the week's own minimum, counted above.)
        guard let below = engine.rules.periodHoursBelowContract, periodWeeks > 1 else { return 0 }
        let target = (people[i].contractHoursPerWeek * Double(periodWeeks) - below) * 60
        let reachable = Double(periodMinutesSoFar[i] + minutes + (periodWeeksLeft - 1) * weekMaxMinutes[i])
        return max(0, (target - reachable) / 60)
    }

    func coverCost(_ r: Int, _ c: Int, _ h: Int) -> Double {
        let req = required[r][h]
        var v = c < req ? Double(req - c) * engine.weights.underCover : Double(c - req) * engine.weights.overCover
        if !minOnSite[r].isEmpty && c < minOnSite[r][h] { v += Double(minOnSite[r][h] - c) * engine.weights.belowMinimumOnSite }
        if roles[r] == .agent && c > engine.profile.seats { v += Double(c - engine.profile.seats) * engine.weights.hard }
        return v
    }

    func fairnessTerm(_ g: Int) -> Double {
        guard groupSize[g] > 0 else { return 0 }
        var t = 0.0
        for m in 0..<4 { t += (s2[g][m] - s1[g][m] * s1[g][m] / groupSize[g]) * engine.weights.fairness[m] }
        return t
    }

    func breakdown() -> ObjectiveBreakdown {
        var comp: [String: Double] = [:]
        var under = 0.0, over = 0.0, seatsOver = 0.0, belowMinimum = 0.0
        for r in roles.indices {
            for h in 0..<168 {
                let c = cover[r][h], req = required[r][h]
                if c < req { under += Double(req - c) } else { over += Double(c - req) }
                if !minOnSite[r].isEmpty && c < minOnSite[r][h] { belowMinimum += Double(minOnSite[r][h] - c) }
                if roles[r] == .agent && c > engine.profile.seats { seatsOver += Double(c - engine.profile.seats) }
            }
        }
        let w = engine.weights
        comp["underCover"] = under * w.underCover
        comp["overCover"] = over * w.overCover
        comp["belowMinimumOnSite"] = belowMinimum * w.belowMinimumOnSite
        comp["wishes"] = personCache.reduce(0) { $0 + $1.parts[0] }
        comp["contractHours"] = personCache.reduce(0) { $0 + $1.parts[1] }
        comp["loneDaysOff"] = personCache.reduce(0) { $0 + $1.parts[2] }
        comp["loneWorkDays"] = personCache.reduce(0) { $0 + $1.parts[3] }
        comp["workingWeekends"] = personCache.reduce(0) { $0 + $1.parts[4] }
        comp["fairness"] = (0..<groupCount).reduce(0) { $0 + fairnessTerm($1) }
        comp["hardRules"] = (Double(personCache.reduce(0) { $0 + $1.hard }) + seatsOver) * w.hard
        // Summed in key order: Dictionary order is randomised per process, and so would be the rounding.
        return ObjectiveBreakdown(total: comp.keys.sorted().reduce(0) { $0 + comp[$1]! }, components: comp)
    }

    // MARK: Moves

    /// Cost change of replacing rows of one or two people and updating the fairness sums.
    func personDelta(_ i: Int, _ sc: PersonScore, _ j: Int = -1, _ sj: PersonScore = PersonScore()) -> Double {
        let w = engine.weights
        let oi = personCache[i]
        var d = Double(sc.hard - oi.hard) * w.hard + sc.soft - oi.soft
        if j >= 0 {
            let oj = personCache[j]
            d += Double(sj.hard - oj.hard) * w.hard + sj.soft - oj.soft
        }
        let gi = groupOf[i]
        let gj = j >= 0 ? groupOf[j] : -1
        for g in (gj >= 0 && gj != gi ? [gi, gj] : [gi]) {
            guard groupSize[g] > 0 else { continue }
            for m in 0..<4 {
                var a1 = s1[g][m], a2 = s2[g][m]
                let before = a2 - a1 * a1 / groupSize[g]
                if groupOf[i] == g && sc.metrics[m] != oi.metrics[m] {
                    let h = Double(histMetric(i, m)), x = h + Double(oi.metrics[m]), y = h + Double(sc.metrics[m])
                    a1 += y - x; a2 += y * y - x * x
                }
                if j >= 0 && groupOf[j] == g && sj.metrics[m] != personCache[j].metrics[m] {
                    let h = Double(histMetric(j, m)), x = h + Double(personCache[j].metrics[m]), y = h + Double(sj.metrics[m])
                    a1 += y - x; a2 += y * y - x * x
                }
                d += (a2 - a1 * a1 / groupSize[g] - before) * w.fairness[m]
            }
        }
        return d
    }

    mutating func commit(_ i: Int, _ row: [Int], _ sc: PersonScore) {
        let g = groupOf[i]
        let old = personCache[i]
        for m in 0..<4 where sc.metrics[m] != old.metrics[m] {
            let h = Double(histMetric(i, m))
            let a = h + Double(old.metrics[m]), b = h + Double(sc.metrics[m])
            s1[g][m] += b - a
            s2[g][m] += b * b - a * a
        }
        cells[i] = row
        personCache[i] = sc
    }

    mutating func anneal(iterations: Int, seed: UInt64) -> Int {
        var rng = HotlineCore.SplitMix64(seed: seed)
        let byRole = Dictionary(grouping: people.indices, by: { roleOf[$0] })
        let n = people.count
        guard n > 0, iterations > 0 else { return 0 }
        let t1 = 0.05, t0 = max(engine.startTemperature, t1)
        for it in 0..<iterations {
            let temp = t0 * pow(t1 / t0, Double(it) / Double(iterations))
            let p = Int(rng.next() % UInt64(n))
            let r = roleOf[p]
            if rng.next() % 2 == 0 {
                // Swap a run of days with another person of the role.
                let mates = byRole[r]!
                guard mates.count > 1 else { continue }
                let q = mates[Int(rng.next() % UInt64(mates.count))]
                guard q != p else { continue }
                let a = Int(rng.next() % 7)
                let b = rng.next() % 4 == 0 ? 6 : min(6, a + Int(rng.next() % 3))
                var rp = cells[p], rq = cells[q]
                var same = true, fixedDay = false
                for d in a...b where rp[d] != rq[d] {
                    if locked[p][d] || locked[q][d] { fixedDay = true; break }
                    same = false; swap(&rp[d], &rq[d])
                }
                guard !same, !fixedDay else { continue }
                let sp = score(p, rp), sq = score(q, rq)
                let delta = personDelta(p, sp, q, sq)
                if delta <= 0 || rng.uniform() < exp(-delta / temp) {
                    commit(p, rp, sp)
                    commit(q, rq, sq)
                }
            } else {
                // Set one day's shift (or day off).
                let d = Int(rng.next() % 7)
                let count = options[r].count
                guard count > 0, !locked[p][d] else { continue }
                let o = rng.next() % 3 == 0 ? -1 : Int(rng.next() % UInt64(count))
                let old = cells[p][d]
                guard o != old else { continue }
                var row = cells[p]
                row[d] = o
                let sc = score(p, row)
                var delta = personDelta(p, sc)
                if old >= 0 {
                    for h in coverHours[r][old][d] { delta += coverCost(r, cover[r][h] - 1, h) - coverCost(r, cover[r][h], h); cover[r][h] -= 1 }
                }
                if o >= 0 {
                    for h in coverHours[r][o][d] { delta += coverCost(r, cover[r][h] + 1, h) - coverCost(r, cover[r][h], h); cover[r][h] += 1 }
                }
                if delta <= 0 || rng.uniform() < exp(-delta / temp) {
                    commit(p, row, sc)
                } else {
                    if o >= 0 { for h in coverHours[r][o][d] { cover[r][h] -= 1 } }
                    if old >= 0 { for h in coverHours[r][old][d] { cover[r][h] += 1 } }
                }
            }
        }
        return iterations
    }

    func metricValue(_ i: Int, _ m: Int) -> Int { histMetric(i, m) + personCache[i].metrics[m] }

    /// Fairness polish: while a group's cumulative nights or working weekends differ by more than
    /// one, tries every swap of a run of days between a person at the group's maximum and one at its
    /// minimum, and takes the best one that narrows the gap without breaking a hard rule, raising the
    /// objective by at most `fairnessRangeAllowance`.
    mutating func polishFairness(skippingRoles: Set<Int> = []) {
        for g in 0..<groupCount {
            let members = people.indices.filter { groupOf[$0] == g }
            guard members.count > 1, !skippingRoles.contains(roleOf[members[0]]) else { continue }
            // Nights, then working weekends, holiday shifts, weekend shifts; a move for a later metric keeps
            // the earlier metrics of both people inside their group's current range.
            let order = [0, 2, 3, 1]
            for (rank, m) in order.enumerated() {
                var rounds = 0
                while rounds < 400 {
                    rounds += 1
                    let values = members.map { metricValue($0, m) }
                    let hi = values.max()!, lo = values.min()!
                    guard hi - lo > 1 else { break }
                    let ranges = (0..<4).map { e in
                        let v = members.map { metricValue($0, e) }
                        return (lo: v.min()!, hi: max(v.max()!, v.min()! + 1))
                    }
                    var best: (delta: Double, p: Int, q: Int, rp: [Int], rq: [Int], sp: PersonScore, sq: PersonScore)? = nil
                    // Move count from a person at the maximum to one at least two below it, or from
                    // one at least two above the minimum to a person at the minimum; the two new
                    // values stay within [lo, hi] and their squares shrink, so the spread never widens.
                    let pairs = members.flatMap { p in members.compactMap { q -> (Int, Int)? in
                        let vp = metricValue(p, m), vq = metricValue(q, m)
                        return (vp == hi && vq <= hi - 2) || (vp >= lo + 2 && vq == lo) ? (p, q) : nil
                    } }
                    // Day sets to exchange: one run of days, or (small groups, when one run is not
                    // enough) two separate runs.
                    var daySets: [[Int]] = []
                    for a in 0..<7 { for b in a..<7 { daySets.append(Array(a...b)) } }
                    var tried2 = false
                    while true {
                    for (p, q) in pairs {
                        let vp = metricValue(p, m), vq = metricValue(q, m)
                        for days in daySets {
                            do {
                                var rp = cells[p], rq = cells[q]
                                guard !days.contains(where: { locked[p][$0] || locked[q][$0] }) else { continue }
                                for d in days { swap(&rp[d], &rq[d]) }
                                let sp = score(p, rp), sq = score(q, rq)
                                guard sp.hard <= personCache[p].hard, sq.hard <= personCache[q].hard else { continue }
                                let np = vp + sp.metrics[m] - personCache[p].metrics[m]
                                let nq = vq + sq.metrics[m] - personCache[q].metrics[m]
                                guard np < vp, np >= lo, nq <= hi, np * np + nq * nq < vp * vp + vq * vq else { continue }
                                guard order.prefix(rank).allSatisfy({ e in
                                    let r = ranges[e]
                                    let a = metricValue(p, e) + sp.metrics[e] - personCache[p].metrics[e]
                                    let b = metricValue(q, e) + sq.metrics[e] - personCache[q].metrics[e]
                                    return (r.lo...r.hi).contains(a) && (r.lo...r.hi).contains(b)
                                }) else { continue }
                                let delta = personDelta(p, sp, q, sq)
                                if delta <= engine.weights.fairnessRangeAllowance && delta < (best?.delta ?? .infinity) { best = (delta, p, q, rp, rq, sp, sq) }
                            }
                        }
                    }
                    if best != nil || tried2 || members.count > 20 { break }
                    tried2 = true
                    daySets = []
                    for a in 0..<7 { for b in a..<7 { for c in (b + 2)..<max(b + 2, 7) { for e in c..<7 { daySets.append(Array(a...b) + Array(c...e)) } } } }
                    }
                    guard let best else { break }
                    commit(best.p, best.rp, best.sp)
                    commit(best.q, best.rq, best.sq)
                }
            }
        }
    }

    /// Drops shifts until nobody breaks a hard rule (each drop removes the shift whose removal
    /// fixes most breaks); returns what was dropped.
    mutating func dropHardViolations() -> [DroppedShift] {
        var dropped: [DroppedShift] = []
        for i in people.indices where personCache[i].hard > 0 {
            while personCache[i].hard > 0 {
                var best: (d: Int, score: PersonScore)? = nil
                for d in 0..<7 where cells[i][d] >= 0 && !locked[i][d] {
                    var row = cells[i]
                    row[d] = -1
                    let sc = score(i, row)
                    if sc.hard < (best?.score.hard ?? personCache[i].hard) { best = (d, sc) }
                }
                guard let (d, sc) = best else { break }
                let r = roleOf[i], o = cells[i][d]
                dropped.append(DroppedShift(shift: assignment(i, d, o), reason: hardReason(i, d, o)))
                for h in coverHours[r][o][d] { cover[r][h] -= 1 }
                var row = cells[i]
                row[d] = -1
                commit(i, row, sc)
            }
        }
        return dropped
    }

    func hardReason(_ i: Int, _ d: Int, _ o: Int) -> String {
        let date = weekStart.adding(days: d)
        let c = constraints[i]
        if c.leave.contains(date) { return "approved leave on \(date)" }
        if c.fixedDaysOff.contains(date.weekday) { return "fixed day off (\(PlanningWeek.fullDayNames[date.weekday - 1]))" }
        if c.protected && optionTouchesNight[roleOf[i]][o] { return "protected staff: no night work" }
        let (s, e) = shiftTimes(roleOf[i], o, d)
        let begin = LocalDateTime(date: weekStart)
        if c.overlapsTraining(start: begin.adding(minutes: s), end: begin.adding(minutes: e)) { return "training session" }
        if c.overlapsUnavailableWindow(start: begin.adding(minutes: s), end: begin.adding(minutes: e)) { return "unavailable at these hours (approved availability request)" }
        return "rest, hours or consecutive-day rules"
    }

    func assignment(_ i: Int, _ d: Int, _ o: Int) -> ShiftAssignment {
        let opt = options[roleOf[i]][o]
        let date = weekStart.adding(days: d)
        let start = LocalDateTime(date: date, minute: opt.startMinute)
        let p = people[i]
        return ShiftAssignment(personId: p.id, name: p.name, role: p.role, date: date, start: start,
                               end: start.adding(minutes: opt.lengthMinutes),
                               shift: engine.profile.shifts.name(startHour: opt.startMinute / 60)?.chinese ?? "班次")
    }

    func roster(greedy: WeekRoster) -> WeekRoster {
        var shifts = carryIn
        var breaks = greedy.breaks.filter { $0.date < weekStart }
        for i in people.indices {
            for d in 0..<7 where cells[i][d] >= 0 {
                let s = assignment(i, d, cells[i][d])
                shifts.append(s)
                breaks += ShiftBreak.of(options[roleOf[i]][cells[i][d]].breaks, personId: s.personId, shiftStart: s.start)
            }
        }
        shifts.sort { ($0.start, $0.personId) < ($1.start, $1.personId) }
        var idle = greedy.idle.filter { $0.reason.hasPrefix("pre-job") || $0.reason.hasPrefix("the profile") || $0.reason.hasPrefix("lacks the skill") }
        let working = Set(shifts.filter { $0.date >= weekStart }.map(\.personId))
        for (i, p) in people.enumerated() where !working.contains(p.id) {
            let c = constraints[i]
            let onLeave = (0..<7).allSatisfy { c.unavailable(on: weekStart.adding(days: $0)) }
            idle.append(.init(personId: p.id, reason: onLeave ? "on leave or days off all week" : "standby: cover is met without this person"))
        }
        // Tours the greedy mapping found no one for stay listed (the engine covers their hours as it can).
        return WeekRoster(weekStart: weekStart, shifts: shifts, unfilledTours: greedy.unfilledTours,
                          idle: idle.sorted { $0.personId < $1.personId }, carryIn: greedy.carryIn,
                          breaks: breaks.sorted { ($0.start, $0.personId) < ($1.start, $1.personId) })
    }

    // MARK: Explanations

    func softBreaks() -> [SoftRuleBreak] {
        var out: [SoftRuleBreak] = []
        let rules = engine.rules
        for (i, p) in people.enumerated() {
            let r = roleOf[i]
            let row = cells[i]
            func add(_ rule: String, _ date: CivilDate?, _ zh: String, _ en: String) {
                out.append(SoftRuleBreak(personId: p.id, name: p.name, rule: rule, date: date, chinese: zh, english: en))
            }
            for wish in constraints[i].wishes {
                let d = wish.date.dayNumber - weekStart.dayNumber
                guard (0..<7).contains(d) else { continue }
                let o = row[d]
                let matches = o >= 0 && (wish.shiftName == nil || optionName[r][o]?.english == wish.shiftName)
                let what = wish.shiftName ?? "any"
                if wish.kind == .on && !matches {
                    add("wish-not-granted", wish.date, "\(wish.date) 希望上\(zhShift(wish.shiftName))未能安排：该时段人员已满足需求或与休息规则冲突",
                        "\(wish.date): asked to work (\(what) shift), not granted: cover or rest rules did not allow it")
                } else if wish.kind == .off && matches {
                    add("wish-not-granted", wish.date, "\(wish.date) 希望休息（\(zhShift(wish.shiftName))）未能安排：该时段人手不足",
                        "\(wish.date): asked to be off (\(what) shift), not granted: too few people for the cover")
                }
            }
            let hours = Double((0..<7).reduce(0) { $0 + (row[$1] >= 0 ? options[r][row[$1]].lengthMinutes : 0) }) / 60
            if holdsContract[r] && hours < contract[i] - rules.contractHoursTolerance {
                add("below-contract-hours", nil, "本周排班 \(fmt(hours)) 小时，低于合同 \(fmt(contract[i])) 小时（需求不足或休假）",
                    "\(fmt(hours)) h this week, below the contract's \(fmt(contract[i])) h (too little demand, or leave)")
            }
            if holdsContract[r], periodWeeksLeft == 1, periodWeeks > 1, let below = rules.periodHoursBelowContract {
                let total = Double(periodMinutesSoFar[i]) / 60 + hours
                let minimum = p.contractHoursPerWeek * Double(periodWeeks) - below
                if total < minimum - 1e-9 {
                    add("below-period-hours", nil,
                        "本期（\(periodWeeks) 周）共排班 \(fmt(total)) 小时，低于最低 \(fmt(minimum)) 小时（合同每周 \(fmt(p.contractHoursPerWeek)) 小时；需求不足、休假或规则限制）",
                        "\(fmt(total)) h over the \(periodWeeks)-week period, below its minimum of \(fmt(minimum)) h (contract \(fmt(p.contractHoursPerWeek)) h a week; too little demand, leave, or rules)")
                }
            }
            func works(_ d: Int) -> Bool { d >= 0 ? row[d] >= 0 : (d == -1 ? prevWorked[i].0 : prevWorked[i].1) }
            for d in 0..<6 {
                let date = weekStart.adding(days: d)
                if rules.minConsecutiveDaysOff >= 2 && !works(d) && works(d - 1) && works(d + 1) {
                    add("lone-day-off", date, "\(date) 为单独一天休息（规则：连休至少 \(rules.minConsecutiveDaysOff) 天）",
                        "\(date) is a single day off (rule: at least \(rules.minConsecutiveDaysOff) consecutive days off)")
                }
                if rules.minConsecutiveWorkDays >= 2 && works(d) && !works(d - 1) && !works(d + 1) {
                    add("lone-working-day", date, "\(date) 为单独一天上班（规则：连续上班至少 \(rules.minConsecutiveWorkDays) 天）",
                        "\(date) is a single working day between days off (rule: at least \(rules.minConsecutiveWorkDays))")
                }
            }
            let weekends = periodWeekends[i] + personCache[i].metrics[2]
            if weekends > rules.maxWorkingWeekends {
                add("too-many-working-weekends", nil, "近 \(rules.weekendPeriodWeeks) 周上班周末 \(weekends) 个，超过 \(rules.maxWorkingWeekends) 个",
                    "\(weekends) working weekends in the last \(rules.weekendPeriodWeeks) weeks, more than \(rules.maxWorkingWeekends)")
            }
            let g = groupOf[i]
            if groupSize[g] > 1 {
                let mean = s1[g][0] / groupSize[g]
                let mine = Double(histMetric(i, 0) + personCache[i].metrics[0])
                if mine > mean.rounded(.up) + 0.5 {
                    add("nights-above-average", nil, "累计夜班 \(Int(mine)) 个，高于同岗位同合同人员平均 \(fmt(mean)) 个",
                        "\(Int(mine)) night shifts in total, above the average \(fmt(mean)) of the same role and contract")
                }
            }
        }
        return out
    }

    func zhShift(_ english: String?) -> String {
        switch english {
        case "Early": "早班"
        case "Middle": "中班"
        case "Late": "晚班"
        case "Night": "夜班"
        default: "班"
        }
    }

    func fmt(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String((v * 10).rounded() / 10) }
}
