import Foundation
import HotlineCore
import Optimization
import Planning
import Rostering
import Staffing

/// A what-if run: the baseline (forecast → Erlang A requirement → weekly plans → roster of named
/// people) against the scenario's volume, if nothing is done and with the surge plan.
public struct ScenarioRun: Sendable {
    public var profile: CenterProfile
    public var scenario: Scenario
    public var people: [Person]
    public var history: HistoryChoice
    public var calendar: HolidayCalendar
    public var solver: any MIPSolver
    /// Time limit and gap of each weekly plan.
    public var solveOptions: SolveOptions
    /// People who may not work overtime or night shifts (women pregnant 7 months or more, nursing a
    /// child under 1; the people file's `protected_status`): never given extra work.
    public var protectedPeople: Set<String> = []

    public init(profile: CenterProfile, scenario: Scenario, people: [Person], history: HistoryChoice = .synthetic,
                calendar: HolidayCalendar = .china, solver: any MIPSolver = GLPKSolver(),
                solveOptions: SolveOptions = SolveOptions(timeLimitSeconds: 4, relativeGap: 0.01)) {
        self.profile = profile
        self.scenario = scenario
        self.people = people
        self.history = history
        self.calendar = calendar
        self.solver = solver
        self.solveOptions = solveOptions
    }

    /// The baseline of the scenario's period (forecast, requirement, weekly plans, roster): the
    /// slow part (the MIP plans). Runs that differ only in the scenario's events or measures over the
    /// same period can share it.
    public func baseline() throws -> Baseline {
        try checkPeople()
        return try BaselineBuilder.build(profile: profile, scenario: scenario, people: people, history: history,
                                         calendar: calendar, solver: solver, options: solveOptions)
    }

    /// The whole run; with `baseline` given (from `baseline()` of a run over the same period and
    /// people), it is reused instead of planned again.
    public func run(baseline given: Baseline? = nil) throws -> ScenarioOutcome {
        let clock = ContinuousClock.now
        try checkPeople()
        let s = scenario
        // The standby pool's people who are not in the people file join the run (never the baseline).
        let known = Set(people.map(\.id))
        let pool = s.standbyPool.filter { !known.contains($0.id) }.map {
            Person(id: $0.id, name: $0.name, role: .agent, skills: ["phone"], hiredOn: s.start, contractHoursPerWeek: $0.contractHoursPerWeek)
        }
        let rates = PayRates(pay: profile.pay, calendar: calendar)
        var phases: [String: Double] = [:]
        var lap = ContinuousClock.now
        func mark(_ name: String) {
            let now = ContinuousClock.now
            phases[name] = ((now - lap).seconds * 1000).rounded() / 1000
            lap = now
        }
        let baseline = try given ?? BaselineBuilder.build(profile: profile, scenario: s, people: people, history: history,
                                                          calendar: calendar, solver: solver, options: solveOptions)
        guard baseline.starts.first == s.periodStart, baseline.starts.count == s.hours else {
            throw InputError(file: s.file, field: "period", "the baseline given covers another period than \(s.start) + \(s.weeks) weeks")
        }
        phases = baseline.phases
        lap = ContinuousClock.now
        let H = s.hours
        let origin = s.periodStart
        func idx(_ t: LocalDateTime) -> Int { (t.seconds - origin.seconds).floorDiv(3600) }

        // Scenario volume and handle time.
        var calls = baseline.calls
        var aht = baseline.ahtSeconds
        s.apply(calls: &calls, aht: &aht, start: origin)
        let required = try BaselineBuilder.required(profile: profile, starts: baseline.starts, calls: calls, aht: aht)

        // Absence: named people and a seeded share of the rostered agents.
        let baseBlocks = baseline.shifts.map(WorkBlock.init)
        let rosteredIds = Set(baseBlocks.map(\.personId))
        var absentRanges: [String: [(Int, Int)]] = [:]
        var absentPeople: [Absence] = []
        let rosteredAgents = people.filter { $0.role == .agent && rosteredIds.contains($0.id) }.map(\.id).sorted()
        for a in s.absences {
            var ids = a.people
            if a.share > 0 {
                var rng = SplitMix64(seed: s.seed &+ UInt64(a.index))
                let shuffled = rosteredAgents.map { ($0, rng.next()) }.sorted { $0.1 < $1.1 }.map(\.0)
                ids += shuffled.filter { !ids.contains($0) }.prefix(Int((a.share * Double(rosteredAgents.count)).rounded()))
            }
            for id in ids {
                absentRanges[id, default: []].append((idx(a.from), idx(a.to)))
                absentPeople.append(Absence(personId: id, from: a.from, to: a.to, reason: a.name ?? "absence[\(a.index)]"))
            }
        }
        var nothingBlocks: [WorkBlock] = []
        var leaveHours = 0.0
        for b in baseBlocks {
            let (s0, e0) = (idx(b.start), idx(b.end))
            if (absentRanges[b.personId] ?? []).contains(where: { $0.0 < e0 && $0.1 > s0 }) {
                leaveHours += max(0, Double(min(b.end, s.periodEnd).seconds - max(b.start, origin).seconds) / 3600)
            } else {
                nothingBlocks.append(b)
            }
        }
        leaveHours = max(0, leaveHours)
        let baseAgents = Self.agentsOnShift(baseBlocks, origin: origin, hours: H)
        let nothingAgents = Self.agentsOnShift(nothingBlocks, origin: origin, hours: H)

        // Training cancelled in the short hours: its share of the agents' time goes to phones.
        let shrink = profile.shrinkage.total
        let trainingShare = s.measures.cancelTraining
            ? s.measures.trainingComponents.reduce(0) { $0 + (profile.shrinkage.components[$1] ?? 0) } : 0
        var trainingHours = Array(repeating: 0.0, count: H)
        var trainingEq = Array(repeating: 0, count: H)
        if trainingShare > 0 {
            for h in 0..<H where required[h] > nothingAgents[h] {
                trainingHours[h] = Double(nothingAgents[h]) * trainingShare
                trainingEq[h] = Int((trainingHours[h] / (1 - shrink)).rounded(.down))
            }
        }

        var planner = SurgePlanner(profile: profile, scenario: s, rates: rates, people: people + pool, blocks: nothingBlocks,
                                   required: required, trainingEq: trainingEq, rosteredIds: rosteredIds,
                                   absentRanges: absentRanges, protectedPeople: protectedPeople)
        mark("scenarioRequirement")
        let surge = planner.plan()
        mark("surgePlan")
        let surgeBlocks = planner.blocks.filter { $0.end > $0.start }
        let surgeAgents = surge.agents

        // Queue figures per hour (Erlang A with the profile's patience).
        let patience = profile.service.patienceSeconds ?? 180
        let within = profile.service.withinSeconds
        var cache: [QueueKey: QueueFigures] = [:]
        func figures(_ c: Double, _ a: Double, _ onShift: Int, training: Double) -> QueueFigures {
            let onPhones = Int((Double(onShift) * (1 - shrink) + training + 1e-9).rounded(.down))
            let key = QueueKey(calls: c, aht: a, agents: onPhones)
            if let f = cache[key] { return f }
            let f = ErlangA(calls: c, intervalSeconds: 3600, ahtSeconds: a, patienceSeconds: patience)
                .figures(agents: onPhones, withinSeconds: within)
                ?? QueueFigures(agents: onPhones, offeredLoad: c * a / 3600, waitProbability: 1, serviceLevel: 0,
                                averageSpeedOfAnswer: 0, occupancy: 1, abandonment: 1, answerRate: 0, meanQueue: 0)
            cache[key] = f
            return f
        }
        var rows: [HourRow] = []
        rows.reserveCapacity(H)
        for h in 0..<H {
            let fb = figures(baseline.calls[h], baseline.ahtSeconds[h], baseAgents[h], training: 0)
            let fn = figures(calls[h], aht[h], nothingAgents[h], training: 0)
            let fs = figures(calls[h], aht[h], surgeAgents[h], training: trainingHours[h])
            rows.append(HourRow(
                start: baseline.starts[h],
                baselineCalls: baseline.calls[h], scenarioCalls: calls[h],
                baselineAHT: baseline.ahtSeconds[h], scenarioAHT: aht[h],
                baselineRequired: baseline.required[h], baselineScheduled: baseAgents[h],
                baselineServiceLevel: fb.serviceLevel, baselineAbandonment: fb.abandonment,
                scenarioRequired: required[h], nothingScheduled: nothingAgents[h],
                nothingServiceLevel: fn.serviceLevel, nothingAbandonment: fn.abandonment,
                surgeScheduled: surgeAgents[h], trainingHours: trainingHours[h], trainingEquivalent: trainingEq[h],
                surgeServiceLevel: fs.serviceLevel, surgeAbandonment: fs.abandonment))
        }

        mark("queueFigures")
        // Cost.
        let lieu = s.measures.timeOffInLieu
        let baseCost = CostBreakdown.of(baseBlocks, rates: rates, from: origin, to: s.periodEnd, timeOffInLieu: lieu)
        let nothingCost = CostBreakdown.of(nothingBlocks, rates: rates, from: origin, to: s.periodEnd, timeOffInLieu: lieu,
                                           paidLeaveHours: leaveHours)
        let surgeCost = CostBreakdown.of(surgeBlocks, rates: rates, from: origin, to: s.periodEnd, timeOffInLieu: lieu,
                                         paidLeaveHours: leaveHours)

        let baseCase = CaseFigures(rows: rows, calls: \.baselineCalls, required: \.baselineRequired, scheduled: \.baselineScheduled,
                                   training: { _ in 0 }, serviceLevel: \.baselineServiceLevel, abandonment: \.baselineAbandonment,
                                   cost: baseCost)
        let nothingCase = CaseFigures(rows: rows, calls: \.scenarioCalls, required: \.scenarioRequired, scheduled: \.nothingScheduled,
                                      training: { _ in 0 }, serviceLevel: \.nothingServiceLevel, abandonment: \.nothingAbandonment,
                                      cost: nothingCost)
        var surgeCase = CaseFigures(rows: rows, calls: \.scenarioCalls, required: \.scenarioRequired, scheduled: \.surgeScheduled,
                                    training: { $0.trainingEquivalent }, serviceLevel: \.surgeServiceLevel,
                                    abandonment: \.surgeAbandonment, cost: surgeCost)
        surgeCase.ifNothingDone = CaseFigures.IfNothingDone(nothingCase)

        let personMonths = PersonMonth.table(blocks: surgeBlocks, scenario: s, people: people + pool)
        let (bends, exemptions) = RuleBend.list(added: surge.added, removed: surge.removedForLieu, blocks: surgeBlocks,
                                                personMonths: personMonths, trainingHours: trainingHours.reduce(0, +),
                                                profile: profile, scenario: s, maxAgents: surgeAgents.max() ?? 0)
        var extraHours: [String: Double] = [:]
        var extraPeople: [String: Set<String>] = [:]
        for b in surge.added {
            extraHours[b.measure.rawValue, default: 0] += b.hours
            extraPeople[b.measure.rawValue, default: []].insert(b.personId)
        }
        if trainingShare > 0 { extraHours[Measure.training.rawValue] = (trainingHours.reduce(0, +) * 10).rounded() / 10 }
        let extra = Extra(people: Set(surge.added.map(\.personId)).count,
                          peopleByMeasure: extraPeople.mapValues(\.count), hoursByMeasure: extraHours,
                          standbyCalledIn: Set(surge.added.filter { $0.measure == .standby }.map(\.personId)).sorted(),
                          restDaysGivenBack: surge.removedForLieu.count)
        let budget = Budget(annualBudget: profile.pay.annualBudget, baselineCost: baseCost.total, scenarioCost: surgeCost.total,
                            days: s.days)
        let shortHours = rows.filter { $0.surgeShort > 0 }.map {
            ShortHour(start: $0.start, required: $0.scenarioRequired, scheduled: $0.surgeScheduled,
                      trainingEquivalent: $0.trainingEquivalent, short: $0.surgeShort,
                      reason: $0.surgeScheduled >= profile.seats ? "all \(profile.seats) seats in use"
                          : "no allowed measure left (rules, people or limits)")
        }
        mark("costAndReport")
        // In an emergency: what the same baseline would keep short without the art. 42 exemption.
        var withoutExemption: WithoutExemption?
        if s.measures.emergency {
            var plain = self
            plain.scenario.measures.emergency = false
            let p = try plain.run(baseline: baseline)
            withoutExemption = WithoutExemption(shortAgentHours: p.scenario.shortAgentHours, serviceLevel: p.scenario.serviceLevel,
                                                abandonment: p.scenario.abandonment, cost: p.scenario.cost,
                                                extraHoursByMeasure: p.extra.hoursByMeasure)
        }
        let seconds = (ContinuousClock.now - clock).seconds
        return ScenarioOutcome(
            name: s.name, nameEnglish: s.nameEnglish, file: s.file, periodStart: s.start, periodEnd: s.start.adding(days: s.days - 1),
            weeks: s.weeks, emergency: s.measures.emergency, timeOffInLieu: lieu, synthetic: baseline.synthetic,
            historySource: baseline.historySource, forecastModel: baseline.forecastModel, seats: profile.seats,
            baseline: baseCase, scenario: surgeCase, extra: extra, budget: budget, bends: bends, exemptions: exemptions,
            remainingShortfall: shortHours, absences: absentPeople,
            plans: baseline.plans.map { PlanSummary(weekStart: $0.weekStart, agents: $0.agents, shortAgentHours: $0.shortAgentHours, solver: $0.solver) },
            notes: surge.notes + (baseline.unfilledTours > 0 ? ["\(baseline.unfilledTours) planned tours could not be filled by the roster"] : []),
            seconds: seconds, phases: phases, withoutExemption: withoutExemption,
            hourly: rows, baselineShifts: baseline.shifts, scenarioBlocks: surgeBlocks, surgeBlocks: surge.added,
            lieuBlocks: surge.removedForLieu, personMonths: personMonths)
    }

    /// Unknown people in the scenario are errors naming its line.
    func checkPeople() throws {
        var ids = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, p) in scenario.standbyPool.enumerated() {
            if ids[p.id] != nil { throw scenario.error("standby_pool[\(i)].id", "'\(p.id)' is already in the people file; list it under measures.standby instead") }
            ids[p.id] = Person(id: p.id, name: p.name, role: .agent, hiredOn: scenario.start, contractHoursPerWeek: p.contractHoursPerWeek)
        }
        for id in scenario.measures.standby where ids[id] == nil {
            throw scenario.error("measures.standby", "person '\(id)' is not in the people file")
        }
        for a in scenario.absences {
            for id in a.people where ids[id] == nil {
                throw scenario.error("absence[\(a.index)].people", "person '\(id)' is not in the people file")
            }
        }
        for id in scenario.measures.overtimeWorked.keys where ids[id] == nil {
            throw scenario.error("measures.overtime_worked.\(id)", "person '\(id)' is not in the people file")
        }
        for c in scenario.measures.trainingComponents where profile.shrinkage.components[c] == nil {
            throw scenario.error("measures.training_components",
                                 "'\(c)' is not a shrinkage component of the profile (\(profile.shrinkage.components.keys.sorted().joined(separator: ", ")))")
        }
    }

    static func agentsOnShift(_ blocks: [WorkBlock], origin: LocalDateTime, hours H: Int) -> [Int] {
        var a = Array(repeating: 0, count: H)
        for b in blocks where b.role == .agent && b.end > b.start {
            let s = (b.start.seconds - origin.seconds).floorDiv(3600)
            let e = (b.end.seconds - origin.seconds + 3599).floorDiv(3600)
            for h in hourRange(s, e, H) { a[h] += 1 }
        }
        return a
    }
}

struct QueueKey: Hashable {
    var calls: Double
    var aht: Double
    var agents: Int
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
