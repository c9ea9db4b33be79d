import HotlineCore

/// Fills the scenario's shortfall with extra hours of named people, measure by measure.
///
/// A documented greedy, not a MIP: the shortfall of an hour is
/// `required − agents on shift − training returned to phones`; an hour is *useful* while it is
/// short and a seat is free (the seats always bind). Each round looks at every action the rules
/// allow and takes the one that covers the most short agent-hours per unit of pay:
/// - **overtime**: extend a rostered agent's shift (before or after) over contiguous useful hours,
///   at most the profile's daily overtime (3 h), a day on duty of at most 8 + 3 h, and the monthly
///   overtime limit (36 h, counting overtime already worked that month and rest-day work without
///   time off in lieu); in an emergency (Labour Law art. 42) the two art. 41 limits are lifted and
///   only `emergency_max_hours_per_day` on duty bounds the day;
/// - **rest_day**: a rostered agent works a whole shift on a day off (keeping at least one day off
///   in every week and counting toward the monthly limit unless time off in lieu is planned, in
///   which case a shift of the same person on a day with spare agents is given back);
/// - **standby**: a person of the standby pool who is not on the baseline roster works a shift,
///   up to their contract hours a week;
/// and cancelled training is applied first (it costs nothing). The minimum rest between shifts
/// always holds. Whole shifts are used only when at least `min_useful_share` of their hours are
/// short. The loop stops when no action covers a short hour.
struct SurgePlanner {
    struct Span {
        var start: Int   // hour index from the period start (may be negative for carry-in)
        var end: Int
        var date: Int    // day number of the shift's day
        var baseBlock: Int?
    }

    struct Result {
        var added: [WorkBlock]
        var removedForLieu: [WorkBlock]
        var agents: [Int]
        var notes: [String]
    }

    let profile: CenterProfile
    let scenario: Scenario
    let rates: PayRates
    let people: [String: Person]
    let required: [Int]
    let trainingEq: [Int]
    let H: Int
    let origin: LocalDateTime

    // Mutable state.
    var blocks: [WorkBlock]
    var agents: [Int]
    var spans: [String: [Span]] = [:]
    var otDay: [String: [Int: Double]] = [:]
    var otMonth: [String: [Int: Double]] = [:]
    var weekDays: [String: [Int: Set<Int>]] = [:]
    var weekHours: [String: [Int: Double]] = [:]
    var banned: Set<String> = []
    var notes: [String] = []
    let rostered: Set<String>
    let standby: [String]
    let absentRanges: [String: [(Int, Int)]]
    let protectedPeople: Set<String>

    var m: Scenario.Measures { scenario.measures }
    var minRest: Int { Int(profile.labour.minRestHours.rounded(.up)) }
    var dailyOTLimit: Double { m.emergency ? .infinity : profile.labour.maxOvertimeHoursPerDay }
    var monthOTLimit: Double { m.emergency ? .infinity : profile.labour.maxOvertimeHoursPerMonth }
    var maxDuty: Double {
        m.emergency ? m.emergencyMaxHoursPerDay : profile.labour.maxHoursPerDay + profile.labour.maxOvertimeHoursPerDay
    }

    init(profile: CenterProfile, scenario: Scenario, rates: PayRates, people: [Person], blocks: [WorkBlock],
         required: [Int], trainingEq: [Int], rosteredIds: Set<String>, absentRanges: [String: [(Int, Int)]],
         protectedPeople: Set<String> = []) {
        self.protectedPeople = protectedPeople
        self.profile = profile
        self.scenario = scenario
        self.rates = rates
        self.people = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.required = required
        self.trainingEq = trainingEq
        self.H = required.count
        self.origin = scenario.periodStart
        self.blocks = blocks
        self.rostered = rosteredIds
        self.absentRanges = absentRanges
        self.agents = Array(repeating: 0, count: required.count)
        var pool: [String] = []
        for id in scenario.measures.standby {
            if rosteredIds.contains(id) {
                notes.append("standby \(id) is on the baseline roster: not called in as standby (rest-day work and overtime apply instead)")
            } else if self.people[id]?.role != .agent {
                notes.append("standby \(id) is not a phone agent (\(self.people[id]?.role.rawValue ?? "?")): not called in")
            } else {
                pool.append(id)
            }
        }
        self.standby = pool
        let firstMonth = scenario.start.year * 100 + scenario.start.month
        for id in self.people.keys {
            let already = scenario.measures.overtimeAlreadyWorked(id)
            if already > 0 { otMonth[id, default: [:]][firstMonth] = already }
        }
        for (i, b) in blocks.enumerated() { record(b, index: i) }
    }

    func hourIndex(_ t: LocalDateTime) -> Int { (t.seconds - origin.seconds).floorDiv(3600) }
    func time(_ h: Int) -> LocalDateTime { origin.adding(hours: h) }
    func monthKey(_ dayNumber: Int) -> Int { let d = CivilDate(dayNumber: dayNumber); return d.year * 100 + d.month }
    func weekKey(_ dayNumber: Int) -> Int { CivilDate(dayNumber: dayNumber).mondayOfWeek.dayNumber }

    mutating func record(_ b: WorkBlock, index: Int) {
        let s = hourIndex(b.start), e = hourIndex(b.end.adding(seconds: 3599))
        if b.role == .agent {
            for h in hourRange(s, e, H) { agents[h] += 1 }
        }
        let day = b.date.dayNumber
        switch b.measure {
        case .overtime:
            if var list = spans[b.personId], let i = list.firstIndex(where: { $0.date == day }) {
                list[i].start = min(list[i].start, s)
                list[i].end = max(list[i].end, e)
                spans[b.personId] = list
            }
            otDay[b.personId, default: [:]][day, default: 0] += b.hours
            otMonth[b.personId, default: [:]][monthKey(day), default: 0] += b.hours
        default:
            spans[b.personId, default: []].append(Span(start: s, end: e, date: day, baseBlock: index))
            weekDays[b.personId, default: [:]][weekKey(day), default: []].insert(day)
            weekHours[b.personId, default: [:]][weekKey(day), default: 0] += b.hours
            if b.measure == .restDay && b.lieuDate == nil {
                otMonth[b.personId, default: [:]][monthKey(day), default: 0] += b.hours
            }
        }
    }

    func residual(_ h: Int) -> Int { required[h] - agents[h] - trainingEq[h] }
    func useful(_ h: Int) -> Bool { h >= 0 && h < H && residual(h) > 0 && agents[h] < profile.seats }

    func multiplier(_ h: Int, _ kind: WorkTimeKind, lieu: Bool) -> Double {
        rates.multiplier(on: time(h).date, kind: kind, timeOffInLieu: lieu)
    }

    func absent(_ id: String, _ s: Int, _ e: Int) -> Bool {
        (absentRanges[id] ?? []).contains { $0.0 < e && $0.1 > s }
    }

    /// Whether [s, e) keeps the minimum rest to every other span of the person.
    func restOK(_ id: String, _ s: Int, _ e: Int, except date: Int? = nil) -> Bool {
        for sp in spans[id] ?? [] where sp.date != date {
            if !(sp.end + minRest <= s || e + minRest <= sp.start) { return false }
        }
        return true
    }

    struct Candidate {
        var personId: String
        var measure: Measure
        var start: Int
        var end: Int
        var date: Int
        var covered: Int
        var cost: Double
        var lieu: Bool
        var score: Double { Double(covered) / max(cost, 1e-9) }
    }

    static func better(_ a: Candidate, than b: Candidate?) -> Bool {
        guard let b else { return true }
        if abs(a.score - b.score) > 1e-9 { return a.score > b.score }
        if a.covered != b.covered { return a.covered > b.covered }
        return (a.personId, a.start) < (b.personId, b.start)
    }

    mutating func plan() -> Result {
        func prefix(_ kind: WorkTimeKind, lieu: Bool) -> [Double] {
            var p = [0.0]
            p.reserveCapacity(H + 1)
            for h in 0..<H { p.append(p[h] + multiplier(h, kind, lieu: lieu)) }
            return p
        }
        let pRostered = prefix(.rostered, lieu: m.timeOffInLieu)
        let pRest = prefix(.restDay, lieu: false)
        let pRestLieu = prefix(.restDay, lieu: true)
        func sum(_ p: [Double], _ s: Int, _ e: Int) -> Double { let r = hourRange(s, e, H); return r.isEmpty ? 0 : p[r.upperBound] - p[r.lowerBound] }
        func costRostered(_ s: Int, _ e: Int) -> Double { sum(pRostered, s, e) }
        func costRest(_ s: Int, _ e: Int) -> Double { sum(pRest, s, e) }
        func costRestLieu(_ s: Int, _ e: Int) -> Double { sum(pRestLieu, s, e) }
        var added: [WorkBlock] = []
        var removed: [WorkBlock] = []
        let lengths = profile.shifts.lengthsHours.filter { Double($0) <= profile.labour.maxHoursPerDay }.sorted()
        let starts = profile.shifts.startHours.sorted()
        // Protected people (no overtime, no night work) get no extra work at all.
        let agentIds = people.values.filter { $0.role == .agent && rostered.contains($0.id) && !protectedPeople.contains($0.id) }
            .map(\.id).sorted()
        var rounds = 0
        while rounds < 100_000 {
            rounds += 1
            var best: Candidate?
            // Overtime: extend a rostered agent's shift over contiguous useful hours.
            if m.overtime {
                for id in agentIds {
                    for sp in spans[id] ?? [] where sp.baseBlock.map({ blocks[$0].measure == .rostered && blocks[$0].role == .agent }) ?? false {
                        let already = otDay[id]?[sp.date] ?? 0
                        let month = otMonth[id]?[monthKey(sp.date)] ?? 0
                        let room = min(dailyOTLimit - already, maxDuty - Double(sp.end - sp.start), monthOTLimit - month)
                        guard room >= 1 else { continue }
                        let kmax = Int(room.rounded(.down))
                        for after in [true, false] {
                            var k = 0, cost = 0.0
                            while k < kmax {
                                let h = after ? sp.end + k : sp.start - 1 - k
                                guard useful(h), !absent(id, h, h + 1) else { break }
                                let s = after ? sp.end : h, e = after ? h + 1 : sp.start
                                guard restOK(id, s, e, except: sp.date) else { break }
                                cost += multiplier(h, .overtime, lieu: m.timeOffInLieu)
                                k += 1
                            }
                            guard k > 0 else { continue }
                            let c = Candidate(personId: id, measure: .overtime, start: after ? sp.end : sp.start - k,
                                              end: after ? sp.end + k : sp.start, date: sp.date, covered: k, cost: cost, lieu: false)
                            if Self.better(c, than: best) { best = c }
                        }
                    }
                }
            }
            // Whole shifts on short days: rest-day work and the standby pool.
            var shortDays = Set<Int>()
            for h in 0..<H where useful(h) {
                let d = time(h).date.dayNumber
                shortDays.insert(d)
                shortDays.insert(d - 1)
            }
            // Prefix sums: useful hours now, and pay multipliers by kind (for O(1) shift scores).
            var usefulPrefix = [0]
            usefulPrefix.reserveCapacity(H + 1)
            for h in 0..<H { usefulPrefix.append(usefulPrefix[h] + (useful(h) ? 1 : 0)) }
            var fullPrefix = [0]
            fullPrefix.reserveCapacity(H + 1)
            for h in 0..<H { fullPrefix.append(fullPrefix[h] + (agents[h] >= profile.seats ? 1 : 0)) }
            func seatFree(_ s: Int, _ e: Int) -> Bool { let r = hourRange(s, e, H); return r.isEmpty || fullPrefix[r.upperBound] == fullPrefix[r.lowerBound] }
            func covered(_ s: Int, _ e: Int) -> Int { let r = hourRange(s, e, H); return r.isEmpty ? 0 : usefulPrefix[r.upperBound] - usefulPrefix[r.lowerBound] }
            var shiftPeople: [(String, Measure)] = []
            if m.restDayWork { shiftPeople += agentIds.map { ($0, .restDay) } }
            shiftPeople += standby.map { ($0, .standby) }
            for (id, measure) in shiftPeople {
                for day in shortDays.sorted() {
                    if (spans[id] ?? []).contains(where: { $0.date == day }) { continue }
                    if banned.contains("\(id)/\(day)") { continue }
                    let week = weekKey(day)
                    if (weekDays[id]?[week]?.count ?? 0) >= 6 { continue }
                    let dayStart = hourIndex(LocalDateTime(date: CivilDate(dayNumber: day)))
                    for L in lengths {
                        if measure == .standby, (weekHours[id]?[week] ?? 0) + Double(L) > (people[id]?.contractHoursPerWeek ?? 40) { continue }
                        let lieu = measure == .restDay && m.timeOffInLieu
                        if measure == .restDay, !lieu, (otMonth[id]?[monthKey(day)] ?? 0) + Double(L) > monthOTLimit { continue }
                        let need = max(1, Int((m.minUsefulShare * Double(L)).rounded(.up)))
                        for st in starts {
                            let s = dayStart + st, e = s + L
                            guard s < H, e > 0 else { continue }
                            let hit = covered(s, e)
                            guard hit >= need, seatFree(s, e) else { continue }
                            let cost = measure == .restDay ? (lieu ? costRestLieu(s, e) : costRest(s, e)) : costRostered(s, e)
                            guard !absent(id, s, e), restOK(id, s, e) else { continue }
                            let c = Candidate(personId: id, measure: measure, start: s, end: e, date: day, covered: hit,
                                              cost: cost, lieu: lieu)
                            if Self.better(c, than: best) { best = c }
                        }
                    }
                }
            }
            guard let c = best else { break }
            guard let person = people[c.personId] else { break }
            var lieuDate: CivilDate?
            if c.measure == .restDay && c.lieu {
                if let (index, block) = lieuShift(for: c.personId, avoiding: c.date) {
                    lieuDate = block.date
                    removed.append(block)
                    remove(index)
                } else if (otMonth[c.personId]?[monthKey(c.date)] ?? 0) + Double(c.end - c.start) > monthOTLimit {
                    banned.insert("\(c.personId)/\(c.date)")
                    continue
                }
            }
            let b = WorkBlock(personId: person.id, name: person.name, role: person.role, date: CivilDate(dayNumber: c.date),
                              start: time(c.start), end: time(c.end), measure: c.measure, lieuDate: lieuDate)
            blocks.append(b)
            record(b, index: blocks.count - 1)
            added.append(b)
        }
        let noLieu = added.filter { $0.measure == .restDay && $0.lieuDate == nil }.count
        if m.restDayWork && m.timeOffInLieu && noLieu > 0 {
            notes.append("\(noLieu) rest-day shifts found no day in the period with an agent to spare for time off in lieu: paid at 200% and counted as overtime")
        }
        return Result(added: added, removedForLieu: removed, agents: agents, notes: self.notes)
    }

    /// A rostered shift of the person, on another day in the period, whose every hour has an agent
    /// to spare; the one with the most to spare.
    func lieuShift(for id: String, avoiding day: Int) -> (Int, WorkBlock)? {
        var best: (Int, WorkBlock, Int)?
        for sp in spans[id] ?? [] where sp.date != day {
            guard let i = sp.baseBlock, blocks[i].measure == .rostered, sp.start >= 0, sp.end <= H else { continue }
            if (otDay[id]?[sp.date] ?? 0) > 0 { continue }
            let spare = (sp.start..<sp.end).map { agents[$0] + trainingEq[$0] - required[$0] }.min() ?? 0
            guard spare >= 1 else { continue }
            if best == nil || spare > best!.2 { best = (i, blocks[i], spare) }
        }
        return best.map { ($0.0, $0.1) }
    }

    mutating func remove(_ index: Int) {
        let b = blocks[index]
        let s = hourIndex(b.start), e = hourIndex(b.end.adding(seconds: 3599))
        if b.role == .agent { for h in hourRange(s, e, H) { agents[h] -= 1 } }
        spans[b.personId]?.removeAll { $0.baseBlock == index }
        let wk = weekKey(b.date.dayNumber)
        weekDays[b.personId]?[wk]?.remove(b.date.dayNumber)
        weekHours[b.personId]?[wk, default: 0] -= b.hours
        // Keep the index valid for the other spans: mark the block as given back.
        blocks[index].end = blocks[index].start
    }
}

/// The hours of [s, e) inside [0, H) (empty when none).
func hourRange(_ s: Int, _ e: Int, _ H: Int) -> Range<Int> {
    let a = max(0, s), b = min(H, e)
    return a < b ? a..<b : 0..<0
}

extension Int {
    func floorDiv(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
