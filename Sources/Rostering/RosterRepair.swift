import HotlineCore
import Optimization
import Planning

/// One changed shift of a repair, with the reason.
public struct RepairChange: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case removed, added, moved, dropped }
    public var personId: String
    public var name: String
    public var date: CivilDate
    public var kind: Kind
    /// The shift before and after (`08:00-16:00`), nil for a day off.
    public var before: String?
    public var after: String?
    public var reason: String
}

/// What `RosterRepair` did.
public struct RepairResult: Sendable, Codable {
    public var weekStart: CivilDate
    public var from: CivilDate
    public var removed: [String]
    /// The week's shifts after the repair (what is published).
    public var shifts: [ShiftAssignment]
    public var changes: [RepairChange]
    /// Shifts of the removed people from `from` on (changes nobody can avoid).
    public var forcedChanges: Int
    /// Shifts of other people changed to restore cover.
    public var otherChanges: Int
    /// Person-hours below the requirement from `from` on: before the removal, after the removal
    /// with no repair, and after the repair.
    public var shortBeforeRemoval: Int
    public var shortWithoutRepair: Int
    public var shortAfterRepair: Int
    /// A lower bound on `otherChanges` for the cover reached: each changed shift adds at most one
    /// shift's hours of cover, so ⌈(shortWithoutRepair − shortAfterRepair) / longest shift⌉.
    public var changeLowerBound: Int
    public var changeWeight: Double
    public var underCoverWeight: Double
    public var solver: SolverReport
    public var violations: [RuleViolation]
}

public enum RepairError: Error, CustomStringConvertible, Equatable, Sendable {
    case notAMonday(CivilDate)
    case fromOutsideWeek(CivilDate, CivilDate)
    case unknownPeople([String])
    case noSolution(String)

    public var description: String {
        switch self {
        case .notAMonday(let d): "--week \(d) is not a Monday"
        case .fromOutsideWeek(let f, let w): "--from \(f) is not inside the week of \(w) (Monday to Sunday)"
        case .unknownPeople(let ids): "no shift in the published week for: \(ids.joined(separator: ", "))"
        case .noSolution(let s): "the repair model has no solution (\(s))"
        }
    }
}

/// Re-rosters the rest of a published week after people are removed (sick, replaced), changing as
/// few other people's shifts as possible. A MIP over the days from `from` to Sunday: every person
/// of the roles concerned keeps, changes or gets a shift of their role's shift options; the past
/// (days before `from`, and the previous week) is fixed; every hard rule of the engine holds; the
/// objective is `underCoverWeight` × person-hours short of the requirement (by default the cover
/// of the published week) + `changeWeight` × changed shifts. With `changeWeight` below one shift's
/// hours × `underCoverWeight`, a shift is changed only when it restores more cover than it costs.
public struct RosterRepair: Sendable {
    public var profile: CenterProfile
    public var rules: RosterRules
    public var changeWeight: Double
    public var underCoverWeight: Double
    public var timeLimitSeconds: Double
    public var solver: any MIPSolver

    public init(profile: CenterProfile, rules: RosterRules? = nil, changeWeight: Double = 4, underCoverWeight: Double = 1,
                timeLimitSeconds: Double = 20, solver: any MIPSolver = CBCSolver()) {
        self.profile = profile
        self.rules = rules ?? RosterRules(profile: profile)
        self.changeWeight = changeWeight
        self.underCoverWeight = underCoverWeight
        self.timeLimitSeconds = timeLimitSeconds
        self.solver = solver
    }

    /// `published`: the week's published shifts (latest version); `previous`: published shifts
    /// before the week; `following`: published shifts after it (rest and consecutive days hold
    /// across both week boundaries); `people`: everyone who may work (removed people are taken out here).
    /// `requirement`: people required per hour of the week, by role; default the published cover.
    public func repair(weekStart: CivilDate, published: [ShiftAssignment], previous: [ShiftAssignment],
                       people: [Person], removed: Set<String>, from: CivilDate,
                       constraints: [String: PersonConstraints] = [:], phoneQualified: Set<String>? = nil,
                       requirement: [Role: [Int]]? = nil, following: [ShiftAssignment] = []) throws -> RepairResult {
        guard weekStart.weekday == 1 else { throw RepairError.notAMonday(weekStart) }
        let d0 = from.dayNumber - weekStart.dayNumber
        guard (0..<7).contains(d0) else { throw RepairError.fromOutsideWeek(from, weekStart) }
        let week = published.filter { $0.date >= weekStart && $0.date < weekStart.adding(days: 7) }
        let unknown = removed.filter { id in !week.contains { $0.personId == id } }.sorted()
        guard unknown.isEmpty else { throw RepairError.unknownPeople(unknown) }
        let weekBegin = LocalDateTime(date: weekStart)
        let firstHour = d0 * 24

        // Roles concerned: those of the removed people.
        let roles = Array(Set(week.filter { removed.contains($0.personId) }.map(\.role))).sorted()
        let roleSet = Set(roles)
        // Fixed: shifts before `from` (everyone) and carry-in; also everything of other roles.
        let fixed = (previous.filter { $0.date < weekStart } + week.filter { $0.date < from })
        func hoursCovered(_ s: ShiftAssignment) -> Range<Int> {
            let a = (s.start.seconds - weekBegin.seconds) / 3600
            let b = (s.end.seconds - weekBegin.seconds + 3599) / 3600
            return max(a, 0)..<max(min(b, 168), max(a, 0))
        }
        func coverOf(_ shifts: [ShiftAssignment], _ role: Role) -> [Int] {
            var c = Array(repeating: 0, count: 168)
            for s in shifts where s.role == role { for h in hoursCovered(s) { c[h] += 1 } }
            return c
        }
        let allBefore = previous.filter { $0.date < weekStart } + week
        var req: [Role: [Int]] = [:]
        for r in roles { req[r] = requirement?[r] ?? coverOf(allBefore, r) }
        let fixedCover = Dictionary(uniqueKeysWithValues: roles.map { ($0, coverOf(fixed, $0)) })

        // Options per role.
        var options: [Role: [ShiftOption]] = [:]
        for s in week where roleSet.contains(s.role) {
            let o = ShiftOption(startMinute: s.start.secondOfDay / 60, lengthMinutes: s.durationSeconds / 60)
            if !(options[s.role]?.contains(o) ?? false) { options[s.role, default: []].append(o) }
        }
        for r in roles { options[r]!.sort { ($0.startMinute, $0.lengthMinutes) < ($1.startMinute, $1.lengthMinutes) } }
        let longest = options.values.flatMap { $0 }.map(\.lengthMinutes).max() ?? 480

        // People in the model.
        let members = people.filter { roleSet.contains($0.role) && !removed.contains($0.id) }.sorted { $0.id < $1.id }
        let current = Dictionary(grouping: week.filter { $0.date >= from }, by: \.personId)
        let fixedBy = Dictionary(grouping: fixed, by: \.personId)
        let weekEnd = weekStart.adding(days: 7)
        let followingBy = Dictionary(grouping: following.filter { $0.date >= weekEnd }, by: \.personId)

        var model = LinearModel(name: "roster-repair")
        var y: [[[Variable?]]] = []   // [member][day][option]
        var cur: [[Int]] = []        // current option per member/day, -1 off, -2 not representable
        var start: [Double] = []
        func addVar(_ name: String, upper: Double, integer: Bool, objective: Double, value: Double) -> Variable {
            start.append(value)
            return model.addVariable(name, lower: 0, upper: upper, integer: integer, objective: objective)
        }
        var forcedOther = 0
        var startY: [[[Bool]]] = []
        for (pi, p) in members.enumerated() {
            let opts = options[p.role]!
            let c = constraints[p.id] ?? PersonConstraints()
            let mine = fixedBy[p.id] ?? []
            let lastFixedEnd = mine.map(\.end).max()
            let nextStart = followingBy[p.id]?.map(\.start).min()
            var rowVars: [[Variable?]] = Array(repeating: Array(repeating: nil, count: opts.count), count: 7)
            var rowCur = Array(repeating: -1, count: 7)
            for s in current[p.id] ?? [] {
                let d = s.date.dayNumber - weekStart.dayNumber
                let o = ShiftOption(startMinute: s.start.secondOfDay / 60, lengthMinutes: s.durationSeconds / 60)
                rowCur[d] = opts.firstIndex(of: o) ?? -2
            }
            var rowStart = Array(repeating: Array(repeating: false, count: opts.count), count: 7)
            for d in d0..<7 {
                let date = weekStart.adding(days: d)
                for (oi, o) in opts.enumerated() {
                    let s = LocalDateTime(date: date, minute: o.startMinute), e = s.adding(minutes: o.lengthMinutes)
                    if c.blocks(date: date, start: s, end: e) { continue }
                    if c.protected && RosterRules.touchesNight(start: s, end: e) { continue }
                    if p.role == .agent, let q = phoneQualified, !q.contains(p.id) { continue }
                    if let le = lastFixedEnd, Double(s.seconds - le.seconds) < rules.minRestHours * 3600 - 1e-6 { continue }
                    if let ns = nextStart, Double(ns.seconds - e.seconds) < rules.minRestHours * 3600 - 1e-6 { continue }
                    let on = rowCur[d] == oi
                    rowStart[d][oi] = on
                    rowVars[d][oi] = addVar("y_\(pi)_\(d)_\(oi)", upper: 1, integer: true, objective: 0, value: on ? 1 : 0)
                }
            }
            y.append(rowVars)
            cur.append(rowCur)
            startY.append(rowStart)
        }
        // The warm start must be feasible: a current shift that breaks a rule is not offered (it
        // becomes a forced change), and rows are checked below.
        var cVars: [[Variable?]] = []
        for (pi, p) in members.enumerated() {
            var row: [Variable?] = Array(repeating: nil, count: 7)
            for d in d0..<7 {
                let a = cur[pi][d]
                if a >= 0, let v = y[pi][d][a] {
                    let cv = addVar("c_\(pi)_\(d)", upper: 1, integer: false, objective: changeWeight, value: 0)
                    model.addConstraint("keep_\(pi)_\(d)", [(cv, 1), (v, 1)], lower: 1)
                    row[d] = cv
                } else if a == -1 {
                    let vars = y[pi][d].compactMap { $0 }
                    guard !vars.isEmpty else { continue }
                    let cv = addVar("c_\(pi)_\(d)", upper: 1, integer: false, objective: changeWeight, value: 0)
                    model.addConstraint("new_\(pi)_\(d)", [(cv, 1)] + vars.map { ($0, -1.0) }, lower: 0)
                    row[d] = cv
                } else {
                    forcedOther += 1   // the current shift breaks a hard rule: it must change
                }
            }
            cVars.append(row)
            _ = p
        }
        // Hard rules per person.
        for (pi, p) in members.enumerated() {
            let opts = options[p.role]!
            let mine = fixedBy[p.id] ?? []
            let fixedWeek = mine.filter { $0.date >= weekStart }
            // One shift a day.
            for d in d0..<7 {
                let vars = y[pi][d].compactMap { $0 }
                if vars.count > 1 { model.addConstraint("one_\(pi)_\(d)", vars.map { ($0, 1.0) }, upper: 1) }
            }
            // Rest between consecutive days.
            for d in d0..<6 {
                for (o1, a) in opts.enumerated() {
                    guard let v1 = y[pi][d][o1] else { continue }
                    let end1 = d * 1440 + a.startMinute + a.lengthMinutes
                    let conflicts = opts.indices.compactMap { o2 -> Variable? in
                        guard let v2 = y[pi][d + 1][o2] else { return nil }
                        let s2 = (d + 1) * 1440 + opts[o2].startMinute
                        return Double(s2 - end1) < rules.minRestHours * 60 - 1e-9 ? v2 : nil
                    }
                    if !conflicts.isEmpty { model.addConstraint("rest_\(pi)_\(d)_\(o1)", [(v1, 1)] + conflicts.map { ($0, 1.0) }, upper: 1) }
                }
            }
            let all = (d0..<7).flatMap { d in opts.indices.compactMap { o in y[pi][d][o].map { ($0, d, o) } } }
            // Contract hours and days off.
            let fixedMinutes = fixedWeek.reduce(0) { $0 + $1.durationSeconds / 60 }
            let cap = min(p.contractHoursPerWeek, rules.maxHoursPerWeek) * 60 - Double(fixedMinutes)
            model.addConstraint("hours_\(pi)", all.map { ($0.0, Double(opts[$0.2].lengthMinutes)) }, upper: max(cap, 0))
            let fixedDays = Set(fixedWeek.map(\.date)).count
            model.addConstraint("daysoff_\(pi)", all.map { ($0.0, 1.0) }, upper: Double(max(0, 7 - rules.minDaysOffPerWeek - fixedDays)))
            let fixedNights = fixedWeek.filter { Fairness.isNight(startHour: $0.start.hour, profile: profile) }.count
            let nightVars = all.filter { Fairness.isNight(startHour: opts[$0.2].startMinute / 60, profile: profile) }
            if !nightVars.isEmpty {
                model.addConstraint("nights_\(pi)", nightVars.map { ($0.0, 1.0) }, upper: Double(max(0, rules.maxNightsPerWeek - fixedNights)))
            }
            // Consecutive working days, counting the fixed days before.
            let fixedDayNumbers = Set((mine + (followingBy[p.id] ?? [])).map { $0.date.dayNumber - weekStart.dayNumber })
            let m = rules.maxConsecutiveWorkDays
            for k in (d0 - m)...6 {
                let window = k...(k + m)
                let vars = all.filter { window.contains($0.1) }.map { ($0.0, 1.0) }
                let fixedCount = window.filter { ($0 < d0 || $0 > 6) && fixedDayNumbers.contains($0) }.count
                if !vars.isEmpty { model.addConstraint("consec_\(pi)_\(k)", vars, upper: Double(max(0, m - fixedCount))) }
            }
        }
        // Cover per role and hour from `from` on.
        var underVars: [Role: [Int: Variable]] = [:]
        for r in roles {
            var coverTerms: [Int: [(Variable, Double)]] = [:]
            for (pi, p) in members.enumerated() where p.role == r {
                for d in d0..<7 {
                    for (oi, o) in options[r]!.enumerated() {
                        guard let v = y[pi][d][oi] else { continue }
                        let a = d * 24 + o.startMinute / 60
                        let b = min(168, d * 24 + (o.startMinute + o.lengthMinutes + 59) / 60)
                        for h in a..<b { coverTerms[h, default: []].append((v, 1)) }
                    }
                }
            }
            for h in firstHour..<168 {
                let need = req[r]![h] - fixedCover[r]![h]
                let terms = coverTerms[h] ?? []
                if need > 0 {
                    let have = terms.reduce(0.0) { acc, t in acc + (start[t.0.index] > 0.5 ? 1 : 0) }
                    let u = addVar("u_\(r.rawValue)_\(h)", upper: .infinity, integer: false, objective: underCoverWeight,
                                   value: max(0, Double(need) - have))
                    model.addConstraint("cover_\(r.rawValue)_\(h)", [(u, 1)] + terms, lower: Double(need))
                    underVars[r, default: [:]][h] = u
                }
                if r == .agent && !terms.isEmpty {
                    model.addConstraint("seats_\(h)", terms, upper: Double(profile.seats - fixedCover[r]![h]))
                }
            }
        }

        let result = try solver.solve(model, options: SolveOptions(timeLimitSeconds: timeLimitSeconds, relativeGap: 1e-6,
                                                                 initialSolution: start))
        guard result.status.hasSolution else { throw RepairError.noSolution(result.status.rawValue) }

        // The repaired week.
        var shifts = week.filter { $0.date < from || !roleSet.contains($0.role) }
        let name = { (p: Person, d: Int, o: ShiftOption) -> ShiftAssignment in
            let date = weekStart.adding(days: d)
            let s = LocalDateTime(date: date, minute: o.startMinute)
            return ShiftAssignment(personId: p.id, name: p.name, role: p.role, date: date, start: s, end: s.adding(minutes: o.lengthMinutes),
                                   shift: profile.shifts.name(startHour: o.startMinute / 60)?.chinese ?? "班次")
        }
        var newByPersonDay: [String: [Int: ShiftAssignment]] = [:]
        for (pi, p) in members.enumerated() {
            for d in d0..<7 {
                for (oi, o) in options[p.role]!.enumerated() {
                    if let v = y[pi][d][oi], result.value(v) > 0.5 {
                        let s = name(p, d, o)
                        shifts.append(s)
                        newByPersonDay[p.id, default: [:]][d] = s
                    }
                }
            }
        }
        // People of the roles concerned who are not in the model (not rosterable any more) keep nothing.
        shifts.sort { ($0.start, $0.personId) < ($1.start, $1.personId) }

        // Changes and reasons.
        let removedShifts = week.filter { removed.contains($0.personId) && $0.date >= from }
        func text(_ s: ShiftAssignment?) -> String? { s.map { "\($0.start.clockText)-\($0.end.clockText)" } }
        var changes: [RepairChange] = removedShifts.map {
            RepairChange(personId: $0.personId, name: $0.name, date: $0.date, kind: .removed, before: text($0), after: nil,
                         reason: "\($0.personId) removed from \(from)")
        }
        let newCover = Dictionary(uniqueKeysWithValues: roles.map { ($0, coverOf(previous.filter { $0.date < weekStart } + shifts, $0)) })
        for p in members {
            let old = Dictionary((current[p.id] ?? []).map { ($0.date.dayNumber - weekStart.dayNumber, $0) }, uniquingKeysWith: { a, _ in a })
            for d in d0..<7 {
                let a = old[d], b = newByPersonDay[p.id]?[d]
                if text(a) == text(b) { continue }
                let kind: RepairChange.Kind = a == nil ? .added : (b == nil ? .dropped : .moved)
                var reason: String
                if let b {
                    let span = hoursCovered(b)
                    let overlapping = removedShifts.filter { $0.role == p.role && hoursCovered($0).overlaps(span) }
                    let same = overlapping.filter { $0.start == b.start && $0.end == b.end }
                    let covers = (same.isEmpty ? overlapping : [same[0]])
                        .map { "\($0.personId) \($0.date) \($0.start.clockText)-\($0.end.clockText)" }
                    let short = span.filter { h in newCover[p.role]![h] - 1 < req[p.role]![h] }.count
                    reason = "covers \(short) of its \(span.count) hours that would otherwise be short"
                    if !covers.isEmpty { reason += same.isEmpty ? " (hours of removed people's shifts: \(covers.joined(separator: ", ")))" : " (takes over \(covers[0]))" }
                    if a != nil { reason += "; the earlier shift \(text(a)!) is moved" }
                } else {
                    reason = "frees this person for the added shift(s) (rest, hours or consecutive-day rules)"
                }
                if a != nil && cur[members.firstIndex(of: p)!][d] == -2 { reason = "the published shift is not one of the role's shift options: " + reason }
                changes.append(RepairChange(personId: p.id, name: p.name, date: weekStart.adding(days: d), kind: kind,
                                            before: text(a), after: text(b), reason: reason))
            }
        }
        changes.sort { ($0.date, $0.personId) < ($1.date, $1.personId) }

        func short(_ cover: [Role: [Int]]) -> Int {
            roles.reduce(0) { acc, r in acc + (firstHour..<168).reduce(0) { $0 + max(0, req[r]![$1] - cover[r]![$1]) } }
        }
        let withoutRepair = week.filter { !(removed.contains($0.personId) && $0.date >= from) }
        let before = short(Dictionary(uniqueKeysWithValues: roles.map { ($0, coverOf(allBefore, $0)) }))
        let noRepair = short(Dictionary(uniqueKeysWithValues: roles.map { ($0, coverOf(previous.filter { $0.date < weekStart } + withoutRepair, $0)) }))
        let after = short(newCover)
        let other = changes.filter { $0.kind != .removed }.count
        let lower = Int((Double(noRepair - after) / (Double(longest) / 60)).rounded(.up))
        _ = forcedOther
        let nextViolations = RosterValidator.violations(of: shifts.filter { $0.end > LocalDateTime(date: weekEnd) } + following.filter { $0.date >= weekEnd && $0.date < weekEnd.adding(days: 7) },
                                                        weekStart: weekEnd, rules: rules, constraints: [:], people: [],
                                                        previous: shifts, phoneQualified: nil, profile: nil)
            .filter { $0.rule == "min-rest" || $0.rule == "max-consecutive-days" }
        let violations = nextViolations + RosterValidator.violations(of: previous.filter { $0.date < weekStart && $0.end > weekBegin } + shifts,
                                                    weekStart: weekStart, rules: rules, constraints: constraints,
                                                    people: people, previous: previous, phoneQualified: phoneQualified, profile: profile)
        return RepairResult(weekStart: weekStart, from: from, removed: removed.sorted(), shifts: shifts, changes: changes,
                            forcedChanges: removedShifts.count, otherChanges: other, shortBeforeRemoval: before,
                            shortWithoutRepair: noRepair, shortAfterRepair: after, changeLowerBound: max(0, lower),
                            changeWeight: changeWeight, underCoverWeight: underCoverWeight,
                            solver: SolverReport(result),
                            violations: violations)
    }
}
