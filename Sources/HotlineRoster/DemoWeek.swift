import Foundation
import Forecasting
import HotlineCore
import Optimization
import Planning
import RosterStore
import Rostering
import Staffing

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

        public init(root: String = ".", outputDirectory: String? = nil, language: DocumentLanguage = .zh,
                    weekStart: CivilDate? = nil, timeLimitSeconds: Double = 20, relativeGap: Double = 0.01) {
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
    }

    /// An hour with fewer agents on shift than required, and why.
    public struct ShortHour: Sendable, Codable {
        public var start: LocalDateTime
        public var required: Int
        public var scheduled: Int
        public var reason: String
    }

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
        public var files: [String]
    }

    public var options: Options

    public init(options: Options) { self.options = options }

    public func run() throws -> Summary {
        let fm = FileManager.default
        let calendar = HolidayCalendar.china
        let profile = try CenterProfile.load(path: options.profilePath)
        let history = try HistoryLoader.load(path: options.historyPath, format: .interval)
        guard let lastHour = history.hours.last?.start else {
            throw InputError(file: options.historyPath, "has no rows")
        }
        let dayAfter = lastHour.date.adding(days: 1)
        let weekStart = options.weekStart ?? (dayAfter.weekday == 1 ? dayAfter : dayAfter.mondayOfWeek.adding(days: 7))
        guard weekStart.weekday == 1 else { throw InputError(file: "--week", "\(weekStart) is not a Monday") }

        // Forecast and requirements.
        // The model with the lowest error over the last weeks before the start (`auto`).
        let forecast = try Forecaster.forecast(history: history, calendar: calendar, start: weekStart, days: 7,
                                               model: "auto").forecast
        let goal = ServiceGoal(target: profile.service.target, withinSeconds: profile.service.withinSeconds,
                               maxOccupancy: profile.service.maxOccupancy, shrinkage: profile.shrinkage.total)
        let starts = (0..<forecast.calls.count).map { forecast.start.adding(hours: $0) }
        let requirements = try Staffing.requirements(starts: starts, calls: forecast.calls, ahtSeconds: forecast.ahtSeconds,
                                                     intervalMinutes: 60, goal: goal)

        // A fresh demo store with the sample people.
        try fm.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
        let storePath = options.outputDirectory + "/roster.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: storePath + suffix) }
        let store = try RosterStore(path: storePath)
        _ = try store.importPeople(fromCSV: options.peoplePath)
        _ = try store.importTrainingCourses(fromCSV: options.coursesPath)
        _ = try store.importTrainingRecords(fromCSV: options.trainingPath)
        // Who may work this week (not separated, not replaced) and who may take calls (pre-job
        // training complete).
        let people = try store.rosterablePeople(on: weekStart)
        let qualified = try store.phoneQualified(on: weekStart)
        let agents = people.filter { $0.role == .agent && qualified.contains($0.id) }.count

        // Plan: the planner picks how many of the available agents to use (at least the
        // profile's floor); agents left without a tour are listed as idle.
        let input = PlanningInput(profile: profile, weekStart: weekStart,
                                  requiredAgents: requirements.map(\.agents), availableAgents: agents)
        let plan = try TourPlanner(options: SolveOptions(timeLimitSeconds: options.timeLimitSeconds,
                                                         relativeGap: options.relativeGap)).plan(input)

        // Roster, checks, coverage.
        let previous = try store.publishedShifts(from: weekStart.adding(days: -7), through: weekStart.adding(days: -1))
        let roster = RosterBuilder(profile: profile, calendar: calendar).build(plan: plan, people: people, previous: previous,
                                                                             phoneQualified: qualified)
        let violations = RosterValidator.violations(of: roster.shifts, weekStart: weekStart, rules: RosterRules(profile: profile))
        let coverage = Coverage.rows(requirements: requirements, intervalMinutes: 60, shifts: roster.shifts)
        try store.publishRoster(weekStart: weekStart, shifts: roster.weekShifts)

        let reasons = Dictionary(plan.shortfalls.map { ($0.start, $0.reason) }, uniquingKeysWith: { a, _ in a })
        let shortHours = coverage.filter { $0.short > 0 }.map {
            ShortHour(start: $0.start, required: $0.requiredAgents, scheduled: $0.scheduledAgents,
                      reason: reasons[$0.start] ?? "planned tours left unfilled by the roster")
        }

        // Files.
        let dir = options.outputDirectory
        try RosterCSV.write(roster.shifts, to: dir + "/roster.csv")
        try Coverage.write(coverage, to: dir + "/coverage.csv")
        try Self.writeJSON(PlanReport(plan: plan, input: input, fixedRoleHeadcount: profile.fixedRoleHeadcount, hourly: true),
                           to: dir + "/plan.json")
        let html = RosterHTML(profile: profile, calendar: calendar, language: options.language)
            .render(roster, people: people, coverage: coverage, synthetic: true)
        try html.write(toFile: dir + "/roster.html", atomically: true, encoding: .utf8)

        let summary = Summary(
            synthetic: true, weekStart: weekStart, forecastModel: forecast.model,
            forecastCalls: (forecast.calls.reduce(0, +) * 10).rounded() / 10,
            staff: Set(roster.weekShifts.map(\.personId)).count, seats: profile.seats, agents: plan.agents,
            requiredAgentHours: coverage.reduce(0) { $0 + $1.requiredAgents },
            scheduledAgentHours: coverage.reduce(0) { $0 + $1.scheduledAgents },
            shortAgentHours: coverage.reduce(0) { $0 + $1.short },
            maxConcurrentAgents: coverage.map(\.scheduledAgents).max() ?? 0,
            solver: plan.solver, shortHours: shortHours, carryInShifts: roster.carryIn.count,
            unfilledTours: roster.unfilledTours.count, idle: roster.idle, violations: violations,
            files: ["roster.csv", "coverage.csv", "plan.json", "roster.html", "summary.json"].map { dir + "/" + $0 })
        try Self.writeJSON(summary, to: dir + "/summary.json")
        return summary
    }

    static func writeJSON(_ value: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: URL(fileURLWithPath: path))
    }
}
