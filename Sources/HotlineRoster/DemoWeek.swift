import Foundation
import Forecasting
import HotlineCore
import Optimization
import Planning
import RosterStore
import Rostering
import Staffing
import Workflows

/// The demo week, end to end: the synthetic sample history → forecast of the next week →
/// requirements (Erlang C) → GLPK tour plan → roster of the sample people → files in
/// `rosters/demo/` (roster.csv, coverage.csv, plan.json, roster.html, summary.json) and the
/// roster published in the demo store.
public struct DemoWeek: Sendable {
    public struct Options: Sendable {
        /// The package root: profiles, sample history and people are read below it.
        public var root: String
        public var outputDirectory: String
        public var language: DocumentLanguage
        /// The Monday to plan; default the Monday after the sample history ends.
        public var weekStart: CivilDate?
        public var timeLimitSeconds: Double
        /// The solver stops once its plan is proven within this relative gap of optimal.
        public var relativeGap: Double
        /// Consecutive weeks to roster (each planned, rostered with the store's history, published).
        public var weeks: Int
        /// Annealing iterations of the roster engine per week.
        public var engineIterations: Int
        /// Time limit of the roster engine's lower bound on the first week (0: none).
        public var boundTimeLimitSeconds: Double

        public init(root: String = ".", outputDirectory: String? = nil, language: DocumentLanguage = .zh,
                    weekStart: CivilDate? = nil, timeLimitSeconds: Double = 20, relativeGap: Double = 0.01,
                    weeks: Int = 1, engineIterations: Int = 120_000, boundTimeLimitSeconds: Double = 20) {
            self.boundTimeLimitSeconds = boundTimeLimitSeconds
            self.weeks = max(1, weeks)
            self.engineIterations = engineIterations
            self.root = root
            self.outputDirectory = outputDirectory ?? root + "/rosters/demo"
            self.language = language
            self.weekStart = weekStart
            self.timeLimitSeconds = timeLimitSeconds
            self.relativeGap = relativeGap
        }

        var profilePath: String { root + "/rosters/profiles/yuhang-12345.toml" }
        var historyPath: String { root + "/forecasts/sample/synthetic-12345-history.csv" }
        var peoplePath: String { root + "/rosters/people/sample-people.csv" }
        var coursesPath: String { root + "/rosters/people/sample-training-courses.csv" }
        var trainingPath: String { root + "/rosters/people/sample-training-records.csv" }
        var requestsPath: String { root + "/rosters/people/sample-requests.csv" }
    }

    /// An hour with fewer agents on shift than required, and why.
    public typealias ShortHour = WeekWorkflow.ShortHour

    /// `summary.json`: the plan keys of DESIGN.md plus what the demo did.
    public struct Summary: Sendable, Codable {
        public var synthetic: Bool
        public var weekStart: CivilDate
        public var forecastModel: String
        public var forecastCalls: Double
        public var staff: Int
        public var seats: Int
        public var agents: Int
        public var requiredAgentHours: Int
        public var scheduledAgentHours: Int
        public var shortAgentHours: Int
        public var maxConcurrentAgents: Int
        public var solver: SolverReport
        public var shortHours: [ShortHour]
        public var carryInShifts: Int
        public var unfilledTours: Int
        public var idle: [WeekRoster.IdlePerson]
        public var violations: [RuleViolation]
        /// The roster engine's objective by component (first week), and of its greedy start.
        public var objective: ObjectiveBreakdown
        public var initialObjective: ObjectiveBreakdown
        /// A proven lower bound of the first week's engine objective and the gap (null: none
        /// computed), as in `roster week build`.
        public var engineLowerBound: Nullable<Double>
        public var engineGap: Nullable<Double>
        public var boundNote: String
        public var softRuleBreaks: Int
        public var droppedShifts: [DroppedShift]
        /// Every week of the run (one unless `--weeks`).
        public var weeks: [WeekSummary]
        /// Nights, weekends and holidays per person over the run, by role and contract.
        public var fairness: [Fairness.Group]
        /// The contract period(s) of the run: hard breaks (hours, shifts per type) and the people
        /// below the period's minimum hours (soft, explained in explanations.csv).
        public var period: RosterValidator.PeriodCheck
        /// The first week's breaks per person (when the plan's tours carry breaks).
        public var breaks: [ShiftBreak]
        /// Hours of the first week in which a planned role (supervisors, back office) has fewer
        /// people on site than the plan's tours or its minimum.
        public var roleCoverGaps: [RoleCoverGap]
        public var files: [String]
    }

    public struct WeekSummary: Sendable, Codable {
        public var weekStart: CivilDate
        public var objective: ObjectiveBreakdown
        public var shortAgentHours: Int
        public var violations: [RuleViolation]
        public var softRuleBreaks: Int
        public var engineSeconds: Double
        /// Planned-role hours short of the plan's tours, and of its minimum on site.
        public var roleCoverShortHours: Int
        public var roleCoverBelowMinimumHours: Int
    }

    public var options: Options

    public init(options: Options) { self.options = options }

    /// The center's own workflow over the sample data: a fresh store in the output directory,
    /// `people import`, `training`, `history import`, `requests import` (approved), then for each
    /// week `week build` and `week publish` (Workflows), and the files of the first week.
    public func run() throws -> Summary {
        let fm = FileManager.default
        let calendar = HolidayCalendar.china
        let profile = try CenterProfile.load(path: options.profilePath)

        // A fresh demo store with the sample people, their training, the history and the requests.
        try fm.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
        let storePath = options.outputDirectory + "/roster.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: storePath + suffix) }
        let store = try RosterStore(path: storePath, actor: "demo")
        _ = try store.importPeople(fromCSV: options.peoplePath)
        _ = try store.importTrainingCourses(fromCSV: options.coursesPath)
        _ = try store.importTrainingRecords(fromCSV: options.trainingPath)
        let historyFlow = HistoryWorkflow(store: store)
        _ = try historyFlow.importHistory(path: options.historyPath, format: .interval)
        if fm.fileExists(atPath: options.requestsPath) {
            _ = try RequestsWorkflow(store: store).importCSV(path: options.requestsPath, status: .approved, by: "demo")
        }
        let history = try historyFlow.series()
        guard let lastHour = history.hours.last?.start else {
            throw InputError(file: options.historyPath, "has no rows")
        }
        let dayAfter = lastHour.date.adding(days: 1)
        let weekStart = options.weekStart ?? (dayAfter.weekday == 1 ? dayAfter : dayAfter.mondayOfWeek.adding(days: 7))
        guard weekStart.weekday == 1 else { throw InputError(file: "--week", "\(weekStart) is not a Monday") }

        // One forecast of the whole run: the model with the lowest error over the last weeks
        // before the start (`auto`).
        let forecast = try Forecaster.forecast(history: try historyFlow.series(before: weekStart), calendar: calendar,
                                               start: weekStart, days: 7 * options.weeks, model: "auto").forecast
        let rules = RosterRules(profile: profile)
        let workflow = WeekWorkflow(store: store, settings: .init(profile: profile, calendar: calendar,
                                                                   timeLimitSeconds: options.timeLimitSeconds,
                                                                   relativeGap: options.relativeGap,
                                                                   engineIterations: options.engineIterations))
        let dir = options.outputDirectory
        var weekSummaries: [WeekSummary] = []
        var first: (plan: WeeklyPlan, input: PlanningInput, report: WeekWorkflow.BuildReport, people: [Person],
                    coverage: [CoverageRow])? = nil
        var allBreaks: [SoftRuleBreak] = []
        var allShiftBreaks: [ShiftBreak] = []
        var everyone: [String: Person] = [:]
        var constraints: [String: PersonConstraints] = [:]
        for k in 0..<options.weeks {
            let monday = weekStart.adding(days: 7 * k)
            let people = try store.rosterablePeople(on: monday)
            for p in people { everyone[p.id] = p }
            let periodWeeks = rules.periodWeeks ?? options.weeks
            let period = RosterPeriod(start: weekStart.adding(days: 7 * (k / periodWeeks * periodWeeks)), weeks: periodWeeks)
            let report = try workflow.build(week: monday, forecast: .given(forecast), horizonWeeks: options.weeks - k, period: period,
                                            boundTimeLimitSeconds: k == 0 ? options.boundTimeLimitSeconds : 0)
            _ = try workflow.publish(week: monday, reason: "demo")
            guard let (plan, requirements) = try workflow.plan(week: monday) else { throw WorkflowError.refused("the draft of \(monday) has no plan") }
            let shifts = try store.publishedShifts(weekStart: monday)
            let carryIn = try store.publishedShifts(from: monday.adding(days: -7), through: monday.adding(days: -1))
                .filter { $0.end > LocalDateTime(date: monday) }
            let coverage = Coverage.rows(requirements: requirements, intervalMinutes: 60, shifts: carryIn + shifts)
            for (id, c) in try RequestsWorkflow(store: store).constraints(weekStart: monday) where constraints[id] == nil { constraints[id] = c }
            allBreaks += report.softRuleBreaks
            allShiftBreaks += report.breaks
            weekSummaries.append(WeekSummary(weekStart: monday, objective: report.objective,
                                             shortAgentHours: report.shortAgentHours, violations: report.violations,
                                             softRuleBreaks: report.softRuleBreaks.count, engineSeconds: report.engineSeconds,
                                             roleCoverShortHours: report.roleCoverGaps.reduce(0) { $0 + max(0, $1.planned - $1.onSite) },
                                             roleCoverBelowMinimumHours: report.roleCoverGaps.filter(\.belowMinimum).count))
            if k == 0 {
                let input = PlanningInput(profile: profile, weekStart: monday, requiredAgents: requirements.map(\.agents),
                                          availableAgents: report.availableAgents)
                first = (plan, input, report, people, coverage)
            } else {
                let weekDir = dir + "/weeks/\(monday)"
                try fm.createDirectory(atPath: weekDir, withIntermediateDirectories: true)
                try RosterCSV.write(carryIn + shifts, to: weekDir + "/roster.csv")
                try Coverage.write(coverage, to: weekDir + "/coverage.csv")
            }
        }
        guard let first else { throw InputError(file: "--weeks", "must be at least 1") }
        let (plan, input, report, people, coverage) = (first.plan, first.input, first.report, first.people, first.coverage)
        let firstShifts = try store.publishedShifts(from: weekStart.adding(days: -7), through: weekStart.adding(days: 6))
            .filter { $0.date >= weekStart || $0.end > LocalDateTime(date: weekStart) }
        let roster = WeekRoster(weekStart: weekStart, shifts: firstShifts,
                                carryIn: .init(count: report.carryInShifts, source: report.carryInShifts > 0 ? "published" : "none"),
                                breaks: report.breaks)

        // The same cover the workflow counted (the published carry-in and the week's shifts).
        let shortHours = report.shortHours

        // Files.
        try RosterCSV.write(roster.shifts, to: dir + "/roster.csv")
        try Coverage.write(coverage, to: dir + "/coverage.csv")
        try Self.writeJSON(PlanReport(plan: plan, input: input, fixedRoleHeadcount: profile.fixedRoleHeadcount, hourly: true),
                           to: dir + "/plan.json")
        let html = RosterHTML(profile: profile, calendar: calendar, language: options.language)
            .render(roster, people: people, coverage: coverage, synthetic: true, roleCoverGaps: report.roleCoverGaps)
        try html.write(toFile: dir + "/roster.html", atomically: true, encoding: .utf8)
        // One iCalendar per person (all weeks of the run) and the explanations of soft rules broken.
        let runEnd = weekStart.adding(days: 7 * options.weeks)
        let published = try store.publishedShifts(from: weekStart, through: runEnd.adding(days: -1))
        let icsDir = dir + "/ics"
        try? fm.removeItem(atPath: icsDir)
        try fm.createDirectory(atPath: icsDir, withIntermediateDirectories: true)
        let stamp = LocalDateTime(seconds: Int(Date().timeIntervalSince1970) + LocalDateTime(date: CivilDate(year: 1970, month: 1, day: 1)!).seconds)
        let breaksByPerson = Dictionary(grouping: allShiftBreaks, by: \.personId)
        for (id, own) in Dictionary(grouping: published, by: \.personId) {
            try ICalendar.text(personId: id, name: own[0].name, shifts: own, stamp: stamp, timezone: profile.timezone, language: options.language,
                               breaks: breaksByPerson[id] ?? [])
                .write(toFile: icsDir + "/\(id).ics", atomically: true, encoding: .utf8)
        }
        try Explanations.csv(allBreaks).write(toFile: dir + "/explanations.csv", atomically: true, encoding: .utf8)
        try Explanations.html(allBreaks, weekStart: weekStart, synthetic: true).write(toFile: dir + "/explanations.html", atomically: true, encoding: .utf8)
        let fairness = Fairness.report(published, people: everyone.values.filter { p in published.contains { $0.personId == p.id } },
                                       from: weekStart, to: runEnd, profile: profile, calendar: calendar,
                                       protected: Set(constraints.filter { $0.value.protected }.keys))

        // The contract periods of the run (each `rules.period_weeks`, default the whole run).
        let periodWeeks = rules.periodWeeks ?? options.weeks
        var periodCheck = RosterValidator.PeriodCheck(violations: [], belowMinimum: [])
        for k in stride(from: 0, to: options.weeks, by: periodWeeks) {
            let period = RosterPeriod(start: weekStart.adding(days: 7 * k), weeks: periodWeeks)
            let c = RosterValidator.periodCheck(of: published, period: period, people: Array(everyone.values), rules: rules,
                                                profile: profile, constraints: constraints)
            periodCheck.violations += c.violations
            periodCheck.belowMinimum += c.belowMinimum
        }

        let summary = Summary(
            synthetic: true, weekStart: weekStart, forecastModel: forecast.model,
            forecastCalls: (forecast.calls.prefix(168).reduce(0, +) * 10).rounded() / 10,
            staff: Set(roster.weekShifts.map(\.personId)).count, seats: profile.seats, agents: plan.agents,
            requiredAgentHours: coverage.reduce(0) { $0 + $1.requiredAgents },
            scheduledAgentHours: coverage.reduce(0) { $0 + $1.scheduledAgents },
            shortAgentHours: coverage.reduce(0) { $0 + $1.short },
            maxConcurrentAgents: coverage.map(\.scheduledAgents).max() ?? 0,
            solver: plan.solver, shortHours: shortHours, carryInShifts: report.carryInShifts,
            unfilledTours: report.unfilledTours, idle: report.idle, violations: report.violations,
            objective: report.objective, initialObjective: report.initialObjective,
            engineLowerBound: report.engineLowerBound, engineGap: report.engineGap, boundNote: report.boundNote,
            softRuleBreaks: report.softRuleBreaks.count,
            droppedShifts: report.dropped, weeks: weekSummaries, fairness: fairness, period: periodCheck,
            breaks: report.breaks, roleCoverGaps: report.roleCoverGaps,
            files: ["roster.csv", "coverage.csv", "plan.json", "roster.html", "summary.json", "explanations.csv",
                    "explanations.html", "ics/"].map { dir + "/" + $0 })
        try Self.writeJSON(summary, to: dir + "/summary.json")
        return summary
    }

    static func writeJSON(_ value: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: URL(fileURLWithPath: path))
    }
}
