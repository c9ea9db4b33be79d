import Forecasting
import Foundation
import HotlineCore
import HotlineRoster
import Optimization
import Planning
import Rostering
import Staffing

/// The "if nothing is done" case of a scenario: the forecast of the period, the hourly staffing
/// requirement (Erlang A with the profile's patience) and the roster of the center's named people
/// planned week by week (TourPlanner, then the roster engine over the greedy mapping with the
/// earlier weeks as history: rest, consecutive days, fairness and contract hours over the period
/// carry over between weeks).
public struct Baseline: Sendable {
    /// Hour starts of the period.
    public var starts: [LocalDateTime]
    public var calls: [Double]
    public var ahtSeconds: [Double]
    /// People required on shift per hour (after shrinkage).
    public var required: [Int]
    /// Every shift of the baseline roster (all roles), including carry-in shifts before the period.
    public var shifts: [ShiftAssignment]
    public var plans: [WeeklyPlan]
    public var forecastModel: String
    /// Where the history came from, in plain words.
    public var historySource: String
    /// True when the history (and so the forecast) is synthetic.
    public var synthetic: Bool
    public var unfilledTours: Int
    public var idle: [WeekRoster.IdlePerson]
    /// Seconds per step (forecast, requirement, plans, rosters).
    public var phases: [String: Double] = [:]
}

/// Where the baseline's history comes from.
public enum HistoryChoice: Sendable {
    /// A history file or directory (interval or per-call CSV), with its path for the report.
    case series(HourlySeries, path: String)
    /// The in-memory synthetic 12345 history (HotlineRoster's `SyntheticHistory`) of the 13 weeks
    /// before the period.
    case synthetic
}

enum BaselineBuilder {
    /// Weeks of history the forecaster needs before the period for `auto` selection.
    static let weeksNeeded = 8

    static func forecast(scenario: Scenario, history: HistoryChoice, calendar: HolidayCalendar)
        throws -> (HourlyForecast, source: String, synthetic: Bool)
    {
        let start = scenario.start
        var series: HourlySeries?
        var source = ""
        var synthetic = false
        if case .series(let s, let path) = history {
            // Usable when it holds the weeks before the period and reaches the period's start.
            let first = s.start.date, end = s.end.date
            if first.dayNumber <= start.dayNumber - 7 * weeksNeeded, end.dayNumber >= start.dayNumber {
                series = s
                source = path
                synthetic = path.lowercased().contains("synthetic")
            } else {
                source = "\(path) covers \(first)…\(end.adding(days: -1)), not the \(weeksNeeded) weeks before \(start): "
            }
        }
        if series == nil {
            let from = start.adding(days: -91)
            let rows = SyntheticHistory(calendar: calendar).rows(from: from, days: 91)
            let hours = rows.map {
                HourlyObservation(start: $0.start, offered: Double($0.calls), answered: Double($0.answered),
                                  abandoned: Double($0.abandoned), handleSeconds: $0.ahtSeconds)
            }
            series = HourlySeries(start: LocalDateTime(date: from), hours: hours)
            source += "synthetic history (SyntheticHistory, seed 12345) of the 13 weeks \(from)…\(start.adding(days: -1)), generated in memory"
            synthetic = true
        }
        let outcome = try Forecaster.forecast(history: series!, calendar: calendar, start: start, days: scenario.days, model: "auto")
        return (outcome.forecast, source, synthetic)
    }

    static func staffing(profile: CenterProfile) -> ChannelStaffing {
        let goal = ServiceGoal(target: profile.service.target, withinSeconds: profile.service.withinSeconds,
                               maxOccupancy: profile.service.maxOccupancy, shrinkage: profile.shrinkage.total)
        let patience = profile.service.patienceSeconds
        return ChannelStaffing(channel: .phone, model: patience == nil ? .erlangC : .erlangA, patienceSeconds: patience,
                               goal: StaffingGoal(goal, maxAbandonment: patience == nil ? nil : profile.service.maxAbandonment),
                               shrinkage: profile.shrinkage.total)
    }

    static func required(profile: CenterProfile, starts: [LocalDateTime], calls: [Double], aht: [Double]) throws -> [Int] {
        try staffing(profile: profile).requirements(starts: starts, calls: calls, ahtSeconds: aht, intervalMinutes: 60).map(\.scheduled)
    }

    static func build(profile: CenterProfile, scenario: Scenario, people: [Person], history: HistoryChoice,
                      calendar: HolidayCalendar, solver: any MIPSolver, options: SolveOptions) throws -> Baseline {
        var phases: [String: Double] = [:]
        var lap = ContinuousClock.now
        func mark(_ name: String) {
            let now = ContinuousClock.now
            phases[name, default: 0] += ((now - lap).seconds * 1000).rounded() / 1000
            lap = now
        }
        let (forecast, source, synthetic) = try forecast(scenario: scenario, history: history, calendar: calendar)
        mark("forecast")
        let starts = (0..<scenario.hours).map { scenario.periodStart.adding(hours: $0) }
        let calls = Array(forecast.calls.prefix(scenario.hours))
        let aht = Array(forecast.ahtSeconds.prefix(scenario.hours)).map { $0 > 0 ? $0 : profile.service.ahtSeconds }
        let required = try required(profile: profile, starts: starts, calls: calls, aht: aht)
        mark("baselineRequirement")

        let agents = people.filter { $0.role == .agent }.count
        let planner = TourPlanner(solver: solver, options: options)
        // The roster engine without the exact per-role program (a what-if needs cover and the hard
        // rules; the annealing still spreads nights and weekends) and with fewer iterations than a
        // published roster, to keep a 4-week scenario well under 30 s.
        let engine = RosterEngine(profile: profile, calendar: calendar, iterations: 40_000, groupSolver: nil)
        let period = RosterPeriod(start: scenario.start, weeks: scenario.weeks)
        var shifts: [ShiftAssignment] = []
        var plans: [WeeklyPlan] = []
        var previous: [ShiftAssignment] = []
        var unfilled = 0
        var idle: [WeekRoster.IdlePerson] = []
        for w in 0..<scenario.weeks {
            let weekStart = scenario.start.adding(days: 7 * w)
            let slice = Array(required[(w * 168)..<((w + 1) * 168)])
            var input = PlanningInput(profile: profile, weekStart: weekStart, requiredAgents: slice,
                                      availableAgents: max(agents, PlanningInput.minimumAgents(profile)))
            input.forecastCalls = Array(calls[(w * 168)..<((w + 1) * 168)])
            let plan = try planner.plan(input)
            plans.append(plan)
            mark("plans")
            let roster = engine.build(plan: plan, people: people, previous: previous, history: shifts,
                                      horizonWeeks: scenario.weeks - w, period: period).roster
            shifts += w == 0 ? roster.shifts : roster.weekShifts
            previous = roster.weekShifts
            unfilled += roster.unfilledTours.count
            if w == 0 { idle = roster.idle }
            mark("rosters")
        }
        // Idle in every week: the people nobody rostered.
        let worked = Set(shifts.map(\.personId))
        idle = idle.filter { !worked.contains($0.personId) }
        return Baseline(starts: starts, calls: calls, ahtSeconds: aht, required: required, shifts: shifts, plans: plans,
                        forecastModel: forecast.model, historySource: source, synthetic: synthetic,
                        unfilledTours: unfilled, idle: idle, phases: phases)
    }
}
