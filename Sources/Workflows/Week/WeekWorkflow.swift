import Foundation
import Forecasting
import HotlineCore
import Optimization
import Planning
import RosterStore
import Rostering
import Staffing

/// The shift manager's week over the store: build a draft from the stored history, the store's
/// people and approved requests and the previous published week; review it; edit it with every
/// hard rule checked; reoptimise around locks and hand edits; publish it as a new version; diff
/// versions. Every function returns values; the CLI and the web application render them.
public struct WeekWorkflow: Sendable {
    public struct Settings: Sendable {
        public var profile: CenterProfile
        public var calendar: HolidayCalendar
        /// The planner's time limit (seconds) and relative gap.
        public var timeLimitSeconds: Double
        public var relativeGap: Double
        /// Annealing iterations of the roster engine.
        public var engineIterations: Int
        /// Time limit (seconds) of the roster engine's lower bound (`RosterEngine.lowerBound`,
        /// column generation); 0: no bound (`engineLowerBound` null).
        public var boundTimeLimitSeconds: Double
        /// Also bound the cover terms alone (`engineCoverBound`, a second run of the same time limit),
        /// to see which part of the objective the gap lies in.
        public var coverBound = false
        /// After the bound, dive in its master LP for a second roster (polished by the same local
        /// search) and keep the better one (`engineRosterChoice`); the bound's time limit covers both.
        public var dive = true

        public init(profile: CenterProfile, calendar: HolidayCalendar = .china, timeLimitSeconds: Double = 20,
                    relativeGap: Double = 0.01, engineIterations: Int = 120_000, boundTimeLimitSeconds: Double = 20) {
            self.boundTimeLimitSeconds = boundTimeLimitSeconds
            self.profile = profile
            self.calendar = calendar
            self.timeLimitSeconds = timeLimitSeconds
            self.relativeGap = relativeGap
            self.engineIterations = engineIterations
        }
    }

    public let store: RosterStore
    public let settings: Settings
    var profile: CenterProfile { settings.profile }
    var rules: RosterRules { RosterRules(profile: settings.profile) }

    public init(store: RosterStore, settings: Settings) {
        self.store = store
        self.settings = settings
    }

    /// What the draft carries beside its shifts (stored as the draft's payload).
    struct Payload: Codable {
        var plan: WeeklyPlan?
        var requirements: [Requirement]
        var forecastModel: String
        var forecastSource: String
        var build: BuildReport?

        init(plan: WeeklyPlan?, requirements: [Requirement], forecastModel: String, forecastSource: String, build: BuildReport?) {
            self.plan = plan
            self.requirements = requirements
            self.forecastModel = forecastModel
            self.forecastSource = forecastSource
            self.build = build
        }

        /// The build report is what a build said at the time: a report written by another version
        /// of the tool that no longer reads is dropped, never a reason to refuse the draft.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            plan = try c.decodeIfPresent(WeeklyPlan.self, forKey: .plan)
            requirements = try c.decode([Requirement].self, forKey: .requirements)
            forecastModel = try c.decode(String.self, forKey: .forecastModel)
            forecastSource = try c.decode(String.self, forKey: .forecastSource)
            build = try? c.decodeIfPresent(BuildReport.self, forKey: .build)
        }
    }

    // MARK: - Build

    /// Where the forecast of a build comes from.
    public enum ForecastSource: Sendable {
        /// Forecast from the history in the store (`roster history import`), model `auto`.
        case storedHistory
        /// A forecast CSV written by `roster forecast` (`start,calls,aht_seconds`).
        case file(String)
        /// A forecast already made (e.g. one forecast of several weeks, adjusted by a planner).
        case given(HourlyForecast)
    }

    /// An hour with fewer agents on shift than required, and why.
    public struct ShortHour: Sendable, Codable, Equatable {
        public var start: LocalDateTime
        public var required: Int
        public var scheduled: Int
        public var reason: String
        /// The same in Simplified Chinese (nil in reports stored before it was written).
        public var reasonZh: String?
    }

    /// What `build` and `reoptimize` did: the keys a manager reads first.
    public struct BuildReport: Sendable, Codable {
        public var weekStart: CivilDate
        public var revision: Int
        public var basedOnVersion: Int?
        public var forecastModel: String
        public var forecastSource: String
        public var forecastCalls: Double
        public var staff: Int
        public var seats: Int
        public var agents: Int
        public var requiredAgentHours: Int
        public var scheduledAgentHours: Int
        public var shortAgentHours: Int
        public var overAgentHours: Int
        public var maxConcurrentAgents: Int
        /// The tour plan's solver: objective, bound and gap of the plan (a proven bound).
        public var solver: SolverReport
        /// The roster engine's weighted objective by component, and that of its start.
        public var objective: ObjectiveBreakdown
        public var initialObjective: ObjectiveBreakdown
        /// A proven lower bound of the roster engine's objective (`RosterEngine.lowerBound`: no
        /// roster the engine can return for these inputs scores below it) and the gap
        /// (objective − bound) / max(|objective|, 1e-9); null when no bound was computed
        /// (`boundTimeLimitSeconds` 0). `boundNote` says what the bound covers and which rules its
        /// pricing relaxes (the keys are always there, so integrations can rely on them).
        public var engineLowerBound: Nullable<Double>
        public var engineGap: Nullable<Double>
        public var boundNote: String
        /// The bound's figures (iterations, columns, seconds, relaxed rules); nil when none was computed.
        public var engineBound: WeekLowerBound?
        /// With `Settings.coverBound`: the bound of the cover terms alone (underCover, overCover,
        /// belowMinimumOnSite, seats), to compare with those components of `objective`.
        public var engineCoverBound: WeekLowerBound?
        /// Where the roster comes from: "local search" (greedy start and simulated annealing) or
        /// "column dive" (the bound's master LP dived to whole weeks, then the same local search),
        /// with both objectives (the dive's nil when it did not run).
        public var engineRosterChoice: String = "local search"
        public var localSearchObjective: Double? = nil
        public var diveObjective: Double? = nil
        public var shortHours: [ShortHour]
        /// Hard rules the roster still breaks (declared exceptions included), one line each.
        public var violations: [RuleViolation]
        /// Shifts the engine had to leave out, and the rule that made it.
        public var dropped: [DroppedShift]
        public var softRuleBreaks: [SoftRuleBreak]
        public var unfilledTours: Int
        public var idle: [WeekRoster.IdlePerson]
        /// Cells kept as they were (locks, hand edits).
        public var keptCells: Int
        public var requestsApplied: Int
        /// Phone-qualified agents the plan could use.
        public var availableAgents: Int
        /// Shifts of the week before that run into this one (published, else none).
        public var carryInShifts: Int
        /// Hours in which a planned role (supervisors, back office) has fewer people on site than the plan.
        public var roleCoverGaps: [RoleCoverGap]
        /// The breaks of each shift (when the plan's tours carry breaks).
        public var breaks: [ShiftBreak]
        public var warnings: [String]
        public var engineSeconds: Double
        public var seconds: Double
    }

    /// Builds the week's draft: forecast (stored history or a file) → requirements (Erlang C) →
    /// tour plan → roster of the store's eligible people with every approved request and the
    /// previous published week → a new draft revision. Locks and hand edits of an existing draft
    /// are kept unless `fresh`.
    ///
    /// `horizonWeeks`: the weeks from this one to the end of a multi-week run whose fairness the
    /// engine's exact program for small roles plans ahead (requests of those weeks count);
    /// `period`: the contract period (default: `rules.period_weeks` weeks counted from 1970-01-05).
    ///
    /// `boundTimeLimitSeconds`: the engine bound's time limit for this build (nil: the settings').
    public func build(week: CivilDate, forecast source: ForecastSource = .storedHistory, fresh: Bool = false,
                      horizonWeeks: Int = 1, period: RosterPeriod? = nil, boundTimeLimitSeconds: Double? = nil,
                      progress: @Sendable (String) -> Void = { _ in }) throws -> BuildReport {
        let clock = ContinuousClock.now
        try Self.requireMonday(week)
        var warnings: [String] = []
        for d in [week, week.adding(days: 6)] where !settings.calendar.covers(d) {
            warnings.append("no holiday calendar covers \(d.year): holidays and make-up workdays of that year are not known")
            break
        }
        // Forecast.
        progress("forecast: \(source.label)")
        let forecast: HourlyForecast
        switch source {
        case .storedHistory:
            let history = try HistoryWorkflow(store: store).series(before: week)
            forecast = try Forecaster.forecast(history: history, calendar: settings.calendar, start: week, days: 7, model: "auto").forecast
        case .file(let path):
            forecast = try Self.week(week, of: try ForecastCSV.read(path: path), name: path)
        case .given(let f):
            forecast = try Self.week(week, of: f, name: "the forecast")
        }
        let goal = ServiceGoal(target: profile.service.target, withinSeconds: profile.service.withinSeconds,
                               maxOccupancy: profile.service.maxOccupancy, shrinkage: profile.shrinkage.total)
        let starts = (0..<168).map { forecast.start.adding(hours: $0) }
        let requirements = try Staffing.requirements(starts: starts, calls: Array(forecast.calls.prefix(168)),
                                                     ahtSeconds: Array(forecast.ahtSeconds.prefix(168)), intervalMinutes: 60, goal: goal)

        // Plan.
        let ctx = try context(week: week, weeks: max(1, horizonWeeks), period: period)
        let agents = ctx.people.filter { $0.role == .agent && ctx.qualified.contains($0.id) }.count
        progress("plan: \(agents) phone-qualified agents, \(ctx.people.count) people, GLPK up to \(Int(settings.timeLimitSeconds)) s")
        let input = PlanningInput(profile: profile, weekStart: week, requiredAgents: requirements.map(\.agents), availableAgents: agents)
        // The solver's progress lines go to the build's progress for the plan's duration only.
        let plan = try withoutActuallyEscaping(progress) { progress in
            try TourPlanner(options: SolveOptions(timeLimitSeconds: settings.timeLimitSeconds, relativeGap: settings.relativeGap,
                                                  progress: { progress("plan: " + $0) })).plan(input)
        }

        // Roster, keeping the marked cells of the current draft.
        let existing = try store.draft(weekStart: week)
        let marks = fresh ? [] : (existing?.cells ?? [])
        let fixed = fixedCells(marks, shifts: existing?.shifts ?? [])
        progress("roster: \(settings.engineIterations) engine iterations\(fixed.isEmpty ? "" : ", \(fixed.count) cells kept")")
        let payload = Payload(plan: plan, requirements: requirements, forecastModel: forecast.model,
                              forecastSource: source.label, build: nil)
        return try roster(week: week, ctx: ctx, payload: payload, start: nil, marks: marks,
                          fixed: fixed, horizonWeeks: max(1, horizonWeeks), basedOnVersion: existing?.basedOnVersion ?? store.rosterVersions(weekStart: week).last?.version,
                          expectedRevision: fresh ? nil : existing?.revision, action: "build", warnings: warnings, clock: clock,
                          boundTimeLimitSeconds: boundTimeLimitSeconds ?? settings.boundTimeLimitSeconds, progress: progress)
    }

    /// Re-runs the roster engine on the draft keeping every locked and hand-edited cell as it is
    /// (the plan and requirements of the draft's build stay).
    public func reoptimize(week: CivilDate, progress: @Sendable (String) -> Void = { _ in }) throws -> BuildReport {
        let clock = ContinuousClock.now
        let draft = try requireDraft(week)
        let payload = try decodePayload(draft)
        guard payload.plan != nil else {
            throw WorkflowError.refused("the draft of \(week) has no stored plan (it was started from a version published elsewhere): run roster week build --week \(week)")
        }
        let ctx = try context(week: week)
        let fixed = fixedCells(draft.cells, shifts: draft.shifts)
        progress("reoptimize: \(settings.engineIterations) engine iterations, \(fixed.count) cells kept")
        return try roster(week: week, ctx: ctx, payload: payload, start: draft.shifts, marks: draft.cells, fixed: fixed,
                          horizonWeeks: 1, basedOnVersion: draft.basedOnVersion, expectedRevision: draft.revision, action: "reoptimize",
                          warnings: [], clock: clock, boundTimeLimitSeconds: settings.boundTimeLimitSeconds, progress: progress)
    }

    private func roster(week: CivilDate, ctx: WeekContext, payload: Payload, start: [ShiftAssignment]?, marks: [DraftCell],
                        fixed: [FixedCell], horizonWeeks: Int, basedOnVersion: Int?, expectedRevision: Int?, action: String, warnings: [String],
                        clock: ContinuousClock.Instant, boundTimeLimitSeconds: Double,
                        progress: @Sendable (String) -> Void) throws -> BuildReport {
        guard let plan = payload.plan else { throw WorkflowError.refused("no plan") }
        let engine = RosterEngine(profile: profile, calendar: settings.calendar, rules: rules, iterations: settings.engineIterations)
        let history = try store.publishedShifts(from: week.adding(days: -7 * 52), through: week.adding(days: -1))
        // The one engine: local search, the proven lower bound by column generation, and a column
        // dive polished by the same local search; the better roster is kept.
        if boundTimeLimitSeconds > 0 {
            progress("bound: column generation\(settings.dive ? " and dive" : "") up to \(Int(boundTimeLimitSeconds.rounded(.up))) s")
        }
        let built = try engine.buildWithBound(plan: plan, people: ctx.people, previous: ctx.previous, phoneQualified: ctx.qualified,
                                              constraints: ctx.constraints, history: history, horizonWeeks: horizonWeeks, period: ctx.period,
                                              start: start, fixed: fixed, boundTimeLimitSeconds: boundTimeLimitSeconds,
                                              dive: settings.dive, progress: progress)
        let result = built.result
        let bound = built.bound
        var coverBound: WeekLowerBound? = nil
        if boundTimeLimitSeconds > 0 && settings.coverBound {
            let c = result.objective.components
            let cover = ["underCover", "overCover", "belowMinimumOnSite"].reduce(0) { $0 + (c[$1] ?? 0) }
            progress("bound of the cover terms alone: up to \(Int(boundTimeLimitSeconds.rounded(.up))) s")
            coverBound = try engine.lowerBound(plan: plan, people: ctx.people, previous: ctx.previous, phoneQualified: ctx.qualified,
                                               constraints: ctx.constraints, history: history, horizonWeeks: horizonWeeks, period: ctx.period,
                                               start: start, fixed: fixed, timeLimitSeconds: boundTimeLimitSeconds, coverOnly: true,
                                               incumbent: cover, hints: result.roster.shifts, progress: progress)
        }
        let objective = result.objective.total
        // Fixed cells of people the engine does not roster (e.g. a forced edit) stay as they were.
        var shifts = result.roster.weekShifts
        let modelled = Set(shifts.map(\.personId))
        for f in fixed where !modelled.contains(f.personId) {
            shifts.removeAll { $0.personId == f.personId && $0.date == f.date }
            if let s = f.shift { shifts.append(s) }
        }
        shifts.sort { ($0.start, $0.personId) < ($1.start, $1.personId) }
        let violations = ctx.violations(of: shifts, profile: profile)
        let coverage = Coverage.rows(requirements: payload.requirements, intervalMinutes: 60, shifts: ctx.carryIn + shifts)
        let reasons = Dictionary(plan.shortfalls.map { ($0.start, (en: $0.reason, zh: $0.reasonZh)) }, uniquingKeysWith: { a, _ in a })
        // A shift that starts on Sunday ends on Monday at most its length after midnight: only the
        // hours before the longest shift's length can be short for want of last week's roster.
        let carryInHours = max(1, (shifts.map(\.durationSeconds).max() ?? 12 * 3600 + 3599) / 3600)
        let elapsed = ContinuousClock.now - clock
        var report = BuildReport(
            weekStart: week, revision: 0, basedOnVersion: basedOnVersion, forecastModel: payload.forecastModel,
            forecastSource: payload.forecastSource,
            forecastCalls: (payload.requirements.reduce(0) { $0 + $1.calls } * 10).rounded() / 10,
            staff: Set(shifts.map(\.personId)).count, seats: profile.seats, agents: plan.agents,
            requiredAgentHours: coverage.reduce(0) { $0 + $1.requiredAgents },
            scheduledAgentHours: coverage.reduce(0) { $0 + $1.scheduledAgents },
            shortAgentHours: coverage.reduce(0) { $0 + $1.short },
            overAgentHours: coverage.reduce(0) { $0 + max(0, $1.scheduledAgents - $1.requiredAgents) },
            maxConcurrentAgents: coverage.map(\.scheduledAgents).max() ?? 0,
            solver: plan.solver, objective: result.objective, initialObjective: result.initial,
            engineLowerBound: Nullable(bound?.lowerBound),
            engineGap: Nullable(bound.map { (objective - $0.lowerBound) / max(abs(objective), 1e-9) }),
            boundNote: bound?.note ?? "no lower bound computed (bound time limit 0); the plan's bound and gap are in solver",
            engineBound: bound, engineCoverBound: coverBound,
            engineRosterChoice: built.choice, localSearchObjective: built.localSearch.total, diveObjective: built.dive?.total,
            shortHours: coverage.filter { $0.short > 0 }.map { c -> ShortHour in
                let why: (en: String, zh: String?) = reasons[c.start]
                    ?? (ctx.previous.isEmpty && c.start < LocalDateTime(date: week).adding(hours: carryInHours)
                        ? ("no published roster of the week before: the shifts that run from Sunday into Monday are not in the store (publish that week first)",
                           "上一周没有已发布的排班：周日跨到周一的班次不在库中（请先发布上一周）")
                        : ("the roster left these hours short (leave, training, requests or rules)",
                           "排班后这些小时仍缺员（休假、培训、申请或规则所致）"))
                return ShortHour(start: c.start, required: c.requiredAgents, scheduled: c.scheduledAgents, reason: why.en, reasonZh: why.zh)
            },
            violations: violations,
            dropped: result.dropped,
            softRuleBreaks: result.softBreaks, unfilledTours: result.roster.unfilledTours.count, idle: result.roster.idle,
            keptCells: fixed.count, requestsApplied: ctx.constraints.count,
            availableAgents: ctx.people.filter { $0.role == .agent && ctx.qualified.contains($0.id) }.count,
            carryInShifts: ctx.carryIn.count, roleCoverGaps: RosterValidator.roleCover(of: ctx.carryIn + shifts, plan: plan),
            breaks: result.roster.breaks.filter { $0.date >= week }, warnings: warnings, engineSeconds: result.seconds,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        var stored = payload
        stored.build = report
        let revision = try store.saveDraft(weekStart: week, shifts: shifts, cells: marks, payload: try Self.encode(stored),
                                           basedOnVersion: basedOnVersion, expectedRevision: expectedRevision, action: action,
                                           detail: "kept=\(fixed.count) short=\(report.shortAgentHours) violations=\(violations.count)")
        report.revision = revision
        return report
    }

    /// The 168 hours of `week` out of a longer forecast.
    static func week(_ week: CivilDate, of f: HourlyForecast, name: String) throws -> HourlyForecast {
        let begin = LocalDateTime(date: week)
        guard f.start <= begin, f.start.adding(hours: f.calls.count) >= begin.adding(hours: 168),
              (begin.seconds - f.start.seconds) % 3600 == 0 else {
            throw InputError(file: name, "covers \(f.start) for \(f.calls.count) hours; the week \(week) needs all 168 hours from \(week)T00:00")
        }
        let offset = (begin.seconds - f.start.seconds) / 3600
        return HourlyForecast(start: begin, calls: Array(f.calls[offset..<(offset + 168)]),
                              ahtSeconds: Array(f.ahtSeconds[offset..<(offset + 168)]), model: f.model)
    }

    /// The locked and hand-edited cells of `marks`, with the draft's shift in each (nil: off).
    func fixedCells(_ marks: [DraftCell], shifts: [ShiftAssignment]) -> [FixedCell] {
        let byCell = Dictionary(shifts.map { ("\($0.personId) \($0.date)", $0) }, uniquingKeysWith: { a, _ in a })
        return marks.filter(\.fixed).map { FixedCell(personId: $0.personId, date: $0.date, shift: byCell["\($0.personId) \($0.date)"]) }
    }

    /// The plan and requirements the draft of the week was built with (nil: no draft, or one
    /// started from a version published elsewhere).
    public func plan(week: CivilDate) throws -> (plan: WeeklyPlan, requirements: [Requirement])? {
        guard let draft = try store.draft(weekStart: week), let plan = try decodePayload(draft).plan else { return nil }
        return (plan, try decodePayload(draft).requirements)
    }

    // MARK: - Publish

    /// The result of a publish.
    public struct PublishReport: Sendable, Codable {
        public var weekStart: CivilDate
        public var version: Int
        public var revision: Int
        public var by: String
        public var shifts: Int
        /// Hard rules broken as declared exceptions (with their reasons).
        public var exceptions: [PublishedException]
        public var changes: Int
    }

    /// Publishes the draft as a new version of the week. Refused while the draft breaks a hard rule
    /// that is not a declared exception (each one named); records who and when.
    public func publish(week: CivilDate, reason: String = "publish") throws -> PublishReport {
        let draft = try requireDraft(week)
        let ctx = try context(week: week)
        let violations = ctx.violations(of: draft.shifts, profile: profile)
        let undeclared = undeclaredViolations(violations, cells: draft.cells)
        guard undeclared.isEmpty else {
            throw WorkflowError.ruleBroken(undeclared.map { RuleBreach(violation: $0) },
                                           "the draft of \(week) breaks \(undeclared.count) hard rule(s) that are not declared exceptions: fix them, or edit with --force and a reason")
        }
        let previous = try store.rosterVersions(weekStart: week).last
        let before = previous.map { try? store.publishedShifts(weekStart: week, version: $0.version) } ?? nil
        let version = try store.publishDraft(weekStart: week, expectedRevision: draft.revision, reason: reason)
        let exceptions = try store.publishedExceptions(weekStart: week, version: version)
        return PublishReport(weekStart: week, version: version, revision: draft.revision, by: store.actor, shifts: draft.shifts.count,
                             exceptions: exceptions, changes: WeekDiff.changes(from: before ?? [], to: draft.shifts).count)
    }

    /// Violations not covered by a declared exception of the same person and rule.
    func undeclaredViolations(_ violations: [RuleViolation], cells: [DraftCell]) -> [RuleViolation] {
        var declared: Set<String> = []
        for c in cells {
            for r in c.exceptionRules { declared.insert(r == "seats" ? " seats" : "\(c.personId) \(r)") }
        }
        return violations.filter { !declared.contains("\($0.personId) \($0.rule)") }
    }

    // MARK: - Shared

    func requireDraft(_ week: CivilDate) throws -> RosterDraft {
        try Self.requireMonday(week)
        guard let draft = try store.draft(weekStart: week) else {
            throw WorkflowError.refused("the week \(week) has no draft: build one first (roster week build --week \(week))")
        }
        return draft
    }

    static func requireMonday(_ week: CivilDate) throws {
        guard week.weekday == 1 else {
            throw InputError(file: "--week", "\(week) is a \(PlanningWeek.fullDayNames[week.weekday - 1]); a roster week starts on a Monday (\(week.mondayOfWeek))")
        }
    }

    func decodePayload(_ draft: RosterDraft) throws -> Payload {
        do { return try JSONDecoder().decode(Payload.self, from: draft.payload) } catch {
            throw RosterStoreError.corrupt("the draft of \(draft.weekStart) has an unreadable payload: \(error)")
        }
    }

    static func encode(_ payload: Payload) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(payload)
    }

    /// Everything the rules of the week need from the store.
    func context(week: CivilDate, weeks: Int = 1, period override: RosterPeriod? = nil) throws -> WeekContext {
        let people = try store.rosterablePeople(on: week)
        let qualified = try store.phoneQualified(on: week)
        var constraints = try RequestsWorkflow(store: store).constraints(weekStart: week, days: 7 * weeks)
        for (id, d) in try store.allDetails() where d.protectedStatus == .pregnant || d.protectedStatus == .nursing {
            constraints[id, default: PersonConstraints()].protected = true
        }
        let previous = try store.publishedShifts(from: week.adding(days: -7), through: week.adding(days: -1))
        let rules = self.rules
        // The contract period: `rules.period_weeks` weeks counted from the first Monday of 1970.
        let period: RosterPeriod
        if let override {
            period = override
        } else if let n = rules.periodWeeks, n > 1 {
            let epoch = CivilDate(year: 1970, month: 1, day: 5)!
            let k = (week.dayNumber - epoch.dayNumber) / 7
            period = RosterPeriod(start: epoch.adding(days: 7 * (k / n * n)), weeks: n)
        } else {
            period = RosterPeriod(start: week, weeks: 1)
        }
        return WeekContext(week: week, people: people, everyone: try store.people(), qualified: qualified,
                           constraints: constraints, previous: previous, rules: rules, period: period)
    }
}

/// The store's facts the rules of one week are checked against.
struct WeekContext {
    let week: CivilDate
    let people: [Person]
    let everyone: [Person]
    let qualified: Set<String>
    let constraints: [String: PersonConstraints]
    let previous: [ShiftAssignment]
    let rules: RosterRules
    let period: RosterPeriod

    /// Published shifts of the week before that reach into this one (for cover).
    var carryIn: [ShiftAssignment] { previous.filter { $0.end > LocalDateTime(date: week) } }

    /// Every hard rule the week's shifts break: the validator's (rest, hours, days off,
    /// consecutive days, nights, contract hours, leave, fixed days off, training, availability,
    /// protected staff, the training gate) counted with the previous published week, and seats.
    func violations(of shifts: [ShiftAssignment], profile: CenterProfile) -> [RuleViolation] {
        let recent = previous.filter { $0.date >= week.adding(days: -2) }
        var result = RosterValidator.violations(of: recent + shifts, weekStart: week, rules: rules, constraints: constraints,
                                                people: everyone, previous: previous, phoneQualified: qualified, profile: profile)
        // Seats: agents on shift at once (breaks keep their seats).
        var onShift = [Int](repeating: 0, count: 168)
        let begin = LocalDateTime(date: week).seconds
        for s in carryIn + shifts where s.role == .agent {
            let a = max(0, (s.start.seconds - begin) / 3600), b = min(168, (s.end.seconds - begin + 3599) / 3600)
            guard a < b else { continue }
            for h in a..<b { onShift[h] += 1 }
        }
        for h in 0..<168 where onShift[h] > profile.seats {
            // The whole center's rule: no one person is named.
            result.append(RuleViolation(rule: "seats", personId: "",
                                        detail: "\(onShift[h]) agents on shift at \(LocalDateTime(seconds: begin + h * 3600)); the center has \(profile.seats) seats"))
        }
        return result
    }
}

extension WeekWorkflow.ForecastSource {
    var label: String {
        switch self {
        case .storedHistory: return "stored history"
        case .file(let path): return (path as NSString).lastPathComponent
        case .given(let f): return "given forecast (\(f.model))"
        }
    }
}

/// An optional value whose JSON key is always present (`null` when there is none).
public struct Nullable<Wrapped: Codable & Sendable>: Codable, Sendable {
    public var value: Wrapped?
    public init(_ value: Wrapped?) { self.value = value }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        value = c.decodeNil() ? nil : try c.decode(Wrapped.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A `Nullable` whose key is missing (written before the key existed) reads as null.
    public func decode<T>(_ type: Nullable<T>.Type, forKey key: Key) throws -> Nullable<T> {
        try decodeIfPresent(type, forKey: key) ?? Nullable(nil)
    }
}
