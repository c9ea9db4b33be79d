import Foundation
import HotlineCore
import RosterStore

/// The planner's what-if use cases: list the stored scenarios, check a form's changes to a
/// scenario's multipliers, run it (a background job on the web, `roster scenario` on the CLI),
/// keep each finished run's figures in memory keyed by run id, and compare 2–4 runs side by side.
///
/// Running needs the Scenarios module, which sits above Workflows (it uses HotlineRoster); the
/// caller hands in a `PlannerScenarioRunner` that loads and runs the scenario files. Runs are
/// kept only while the process lives (the most recent `keep`).
public final class PlannerWorkflow: @unchecked Sendable {
    public let runner: any PlannerScenarioRunner
    public let keep: Int
    private let lock = NSLock()
    private var runs: [String: PlannerRunFigures] = [:]
    private var order: [String] = []

    public init(runner: any PlannerScenarioRunner, keep: Int = 50) {
        self.runner = runner
        self.keep = keep
    }

    /// The stored scenarios, by id.
    public func scenarios() throws -> [PlannerScenarioInfo] { try runner.scenarios() }

    /// One scenario by id (never a path: only the listed files can be run).
    public func scenario(id: String) throws -> PlannerScenarioInfo {
        let t = id.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { throw RequestFieldError(field: "scenario", "is required") }
        guard let s = try scenarios().first(where: { $0.id == t }) else {
            throw RequestFieldError(field: "scenario", "no stored scenario '\(t.prefix(60))'")
        }
        return s
    }

    /// A multiplier field: empty keeps the file's value; otherwise a number in (0, 10].
    static func multiplier(_ text: String?, field: String) throws -> Double? {
        guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
        guard let v = Double(t), v.isFinite else { throw RequestFieldError(field: field, "expected a number such as 1.3, got '\(t.prefix(20))'") }
        guard v > 0, v <= 10 else { throw RequestFieldError(field: field, "must be greater than 0 and at most 10, got \(t.prefix(20))") }
        return v
    }

    /// The changes a form asks for: `event_<i>_multiplier` for the events with a multiplier,
    /// `handle_time_multiplier`, `absence_share` (0…0.5), `weeks` (a shorter run: 1…the file's weeks).
    public static func adjustments(for s: PlannerScenarioInfo, fields: [String: String]) throws -> PlannerAdjustments {
        var a = PlannerAdjustments()
        for e in s.events where e.multiplier != nil {
            let field = "event_\(e.index)_multiplier"
            if let v = try multiplier(fields[field], field: field) { a.eventMultipliers[e.index] = v }
        }
        if s.handleTimeMultiplier != nil {
            a.handleTimeMultiplier = try multiplier(fields["handle_time_multiplier"], field: "handle_time_multiplier")
        }
        if s.absenceShare != nil, let t = fields["absence_share"]?.trimmingCharacters(in: .whitespaces), !t.isEmpty {
            guard let v = Double(t), v.isFinite else { throw RequestFieldError(field: "absence_share", "expected a share such as 0.05, got '\(t.prefix(20))'") }
            guard v >= 0, v <= 0.5 else { throw RequestFieldError(field: "absence_share", "must be between 0 and 0.5, got \(t.prefix(20))") }
            a.absenceShare = v
        }
        if let t = fields["weeks"]?.trimmingCharacters(in: .whitespaces), !t.isEmpty {
            guard let w = Int(t), w >= 1, w <= s.weeks else { throw RequestFieldError(field: "weeks", "expected a whole number of weeks from 1 to \(s.weeks)") }
            a.weeks = w == s.weeks ? nil : w
        }
        return a
    }

    /// Runs the scenario (synchronously: call it on a background thread) and keeps its figures
    /// under a new run id, which it returns with them.
    public func run(_ s: PlannerScenarioInfo, adjustments: PlannerAdjustments, startedBy: String,
                    progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> PlannerRunFigures {
        let start = ContinuousClock.now
        var f = try runner.run(s, adjustments: adjustments, progress: progress)
        f.runId = String(UUID().uuidString.lowercased().prefix(8))
        f.startedBy = startedBy
        f.adjustments = adjustments
        let d = ContinuousClock.now - start
        f.seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        f.finishedAt = Date()
        record(f)
        return f
    }

    func record(_ f: PlannerRunFigures) {
        lock.lock()
        defer { lock.unlock() }
        runs[f.runId] = f
        order.append(f.runId)
        while order.count > keep { runs[order.removeFirst()] = nil }
    }

    /// The kept runs, newest first.
    public func finishedRuns() -> [PlannerRunFigures] {
        lock.lock()
        defer { lock.unlock() }
        return order.reversed().compactMap { runs[$0] }
    }

    public func run(id: String) -> PlannerRunFigures? {
        lock.lock()
        defer { lock.unlock() }
        return runs[id]
    }

    /// 2–4 kept runs side by side, in the order given.
    public func compare(ids: [String]) throws -> [PlannerRunFigures] {
        var seen = Set<String>()
        let wanted = ids.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard (2...4).contains(wanted.count) else { throw RequestFieldError(field: "runs", "choose 2 to 4 runs to compare (got \(wanted.count))") }
        return try wanted.map { id in
            guard let r = run(id: id) else { throw RequestFieldError(field: "runs", "no kept run '\(id.prefix(20))' (runs are kept until the server restarts)") }
            return r
        }
    }
}

/// Loads and runs scenario files (the web's and the CLI's implementation live beside the
/// Scenarios module).
public protocol PlannerScenarioRunner: Sendable {
    func scenarios() throws -> [PlannerScenarioInfo]
    func run(_ scenario: PlannerScenarioInfo, adjustments: PlannerAdjustments, progress: @escaping @Sendable (String) -> Void) throws -> PlannerRunFigures
}

/// A stored scenario as the planner page lists it.
public struct PlannerScenarioInfo: Sendable, Codable, Hashable {
    /// The file name without `.toml`.
    public var id: String
    public var file: String
    public var name: String
    public var nameEnglish: String?
    public var start: CivilDate
    public var weeks: Int
    public var events: [Event]
    public var handleTimeMultiplier: Double?
    public var absenceShare: Double?
    public var emergency: Bool
    /// A scenario file written for a test or a trial (beside the store, not one of the project's).
    public var local: Bool

    public struct Event: Sendable, Codable, Hashable {
        public var index: Int
        public var name: String
        public var nameEnglish: String?
        public var from: LocalDateTime
        public var to: LocalDateTime
        public var multiplier: Double?
        public var callsPerHour: Double?

        public init(index: Int, name: String, nameEnglish: String?, from: LocalDateTime, to: LocalDateTime, multiplier: Double?, callsPerHour: Double?) {
            self.index = index
            self.name = name
            self.nameEnglish = nameEnglish
            self.from = from
            self.to = to
            self.multiplier = multiplier
            self.callsPerHour = callsPerHour
        }
    }

    public init(id: String, file: String, name: String, nameEnglish: String?, start: CivilDate, weeks: Int, events: [Event],
                handleTimeMultiplier: Double?, absenceShare: Double?, emergency: Bool, local: Bool) {
        self.id = id
        self.file = file
        self.name = name
        self.nameEnglish = nameEnglish
        self.start = start
        self.weeks = weeks
        self.events = events
        self.handleTimeMultiplier = handleTimeMultiplier
        self.absenceShare = absenceShare
        self.emergency = emergency
        self.local = local
    }
}

/// What a form changed in a scenario before the run (nil / absent: the file's value).
public struct PlannerAdjustments: Sendable, Codable, Hashable {
    /// Event index → call multiplier.
    public var eventMultipliers: [Int: Double] = [:]
    /// Replaces the file's handle-time multipliers (only for a file that has some).
    public var handleTimeMultiplier: Double?
    /// Share of the agents absent, for each of the file's absences (only for a file that has some).
    public var absenceShare: Double?
    /// A shorter run: the first `weeks` weeks of the period.
    public var weeks: Int?

    public init() {}

    public var isEmpty: Bool { eventMultipliers.isEmpty && handleTimeMultiplier == nil && absenceShare == nil && weeks == nil }
}

/// The figures of one case (baseline, if nothing is done, with the surge plan).
public struct PlannerCaseFigures: Sendable, Codable, Hashable {
    public var requiredAgentHours: Int
    public var scheduledAgentHours: Int
    public var shortAgentHours: Int
    public var serviceLevel: Double
    public var abandonment: Double
    public var cost: Double

    public init(requiredAgentHours: Int, scheduledAgentHours: Int, shortAgentHours: Int, serviceLevel: Double, abandonment: Double, cost: Double) {
        self.requiredAgentHours = requiredAgentHours
        self.scheduledAgentHours = scheduledAgentHours
        self.shortAgentHours = shortAgentHours
        self.serviceLevel = serviceLevel
        self.abandonment = abandonment
        self.cost = cost
    }
}

/// A finished run as kept and compared.
public struct PlannerRunFigures: Sendable, Codable, Hashable {
    public var runId: String = ""
    public var scenarioId: String
    public var name: String
    public var nameEnglish: String?
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    public var weeks: Int
    /// The baseline forecast came from a synthetic history.
    public var synthetic: Bool
    public var adjustments = PlannerAdjustments()
    public var startedBy: String = ""
    public var finishedAt = Date()
    public var seconds: Double = 0
    public var baseline: PlannerCaseFigures
    public var nothingDone: PlannerCaseFigures?
    public var scenario: PlannerCaseFigures
    /// Peak agents required in one hour (baseline, scenario).
    public var peakRequiredBaseline: Int
    public var peakRequiredScenario: Int
    /// People given extra work, and the extra hours by measure.
    public var extraPeople: Int
    public var extraHoursByMeasure: [String: Double]
    public var extraCost: Double
    /// Agents required per hour with the scenario's volume (for the chart).
    public var hourlyRequired: [Int]
    public var notes: [String]

    public init(scenarioId: String, name: String, nameEnglish: String?, periodStart: CivilDate, periodEnd: CivilDate, weeks: Int,
                synthetic: Bool, baseline: PlannerCaseFigures, nothingDone: PlannerCaseFigures?, scenario: PlannerCaseFigures,
                peakRequiredBaseline: Int, peakRequiredScenario: Int, extraPeople: Int, extraHoursByMeasure: [String: Double],
                extraCost: Double, hourlyRequired: [Int], notes: [String]) {
        self.scenarioId = scenarioId
        self.name = name
        self.nameEnglish = nameEnglish
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.weeks = weeks
        self.synthetic = synthetic
        self.baseline = baseline
        self.nothingDone = nothingDone
        self.scenario = scenario
        self.peakRequiredBaseline = peakRequiredBaseline
        self.peakRequiredScenario = peakRequiredScenario
        self.extraPeople = extraPeople
        self.extraHoursByMeasure = extraHoursByMeasure
        self.extraCost = extraCost
        self.hourlyRequired = hourlyRequired
        self.notes = notes
    }
}
