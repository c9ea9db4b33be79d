import Foundation
import Forecasting
import HotlineCore
import Optimization
import Planning
import Staffing

/// The need side of a capacity plan: a forecast over the horizon turned into agent-hours per month.
public enum CapacityNeed {
    public struct Outcome: Sendable {
        public var need: [MonthlyNeed]
        /// Agents to have on shift in each hour from the first planned month's first hour.
        public var hourlyAgents: [Int]
        public var forecastModel: String
        public var warnings: [String]
    }

    /// Forecasts from the day after the history ends through the last planned month (the
    /// forecaster's seasonality and holiday calendar), grows calls by `growth` a year (compounded
    /// monthly from the first planned month) — or, with `volumes`, scales each month's forecast
    /// hours so that they sum to the month's given calls (the forecast then gives only the shape:
    /// hour of week and the calendar's day effects) — applies the scenarios' events and handle-time
    /// changes on their dates, turns each hour into agents on shift by Erlang C (the profile's goal
    /// and shrinkage, its `[[surge]]` rules), and sums per month; paid agent-hours = required ×
    /// `tourEfficiency`.
    public static func fromHistory(_ history: HourlySeries, profile: CenterProfile, calendar: HolidayCalendar, from: PlanMonth, months: Int,
                                   growth: Double = 0, volumes: MonthlyVolumes? = nil, scenarios: [Scenario] = [],
                                   tourEfficiency: Double, model: String = "auto") throws -> Outcome {
        guard growth.isFinite, growth > -1, growth < 10 else { throw CapacityError.invalid("growth", "an annual growth rate must be above −1 (e.g. 0.05), got \(growth)") }
        if volumes != nil, growth != 0 {
            throw CapacityError.invalid("growth", "give --growth or --volumes, not both: the monthly volumes already are the horizon's calls")
        }
        let totals = try volumes?.calls(from: from, months: months)
        let end = from.adding(months: months).firstDay
        let historyEnd = history.start.date.adding(days: history.hours.count / 24)
        let start = min(historyEnd, from.firstDay)
        let days = end.dayNumber - start.dayNumber
        var warnings: [String] = []
        let historyDays = history.hours.count / 24
        if historyDays < 365 {
            warnings.append(volumes == nil
                ? "the history covers \(historyDays) days: a \(months)-month forecast from less than a year cannot learn yearly seasonality; calls repeat the recent weekly pattern with the holiday calendar's day effects"
                : "the history covers \(historyDays) days: it gives the hour-of-week shape within each month; the month totals are the volumes of \(volumes!.file)")
        }
        let years = from.year...from.adding(months: months - 1).year
        for y in years where !calendar.covers(CivilDate(year: y, month: 6, day: 1)!) {
            warnings.append("no holiday calendar covers \(y): its holiday blocks and make-up workdays (春节, 清明, 劳动节, 端午, 中秋, 国庆) are not known, so the forecast treats those days as ordinary days and the holiday surge rules do not fire; the built-in China calendar has 2025–2026 only and no estimate of later years — give --calendar FILE with the State Council's dates once published")
        }
        if let volumes {
            let outside = volumes.calls.keys.filter { $0 < from || $0 >= from.adding(months: months) }.sorted()
            if !outside.isEmpty { warnings.append("\(volumes.file): \(outside.count) month(s) outside the horizon are not used (\(outside.map(\.description).joined(separator: ", ")))") }
        }
        let f = try Forecaster.forecast(history: history, calendar: calendar, start: start, days: days, model: model).forecast
        let offset = (LocalDateTime(date: from.firstDay).seconds - f.start.seconds) / 3600
        var calls = Array(f.calls[offset...]), aht = Array(f.ahtSeconds[offset...])
        let first = LocalDateTime(date: from.firstDay)
        var i = 0
        for k in 0..<months {
            let n = from.adding(months: k).days * 24
            let hours = i..<min(calls.count, i + n)
            if let totals {
                let sum = calls[hours].reduce(0, +)
                // A month the forecast gives no calls at all (an empty shape): spread evenly.
                for h in hours { calls[h] = sum > 0 ? calls[h] * totals[k] / sum : totals[k] / Double(n) }
            } else {
                for h in hours { calls[h] *= pow(1 + growth, Double(k) / 12) }
            }
            i += n
        }
        let horizonEnd = LocalDateTime(date: end)
        for s in scenarios {
            s.apply(calls: &calls, aht: &aht, start: first)
            if !s.touches(from: first, to: horizonEnd) {
                warnings.append("scenario \(s.file): its events lie outside \(from)…\(from.adding(months: months - 1)); it changes nothing")
            }
        }
        let required = try hourlyAgents(calls: calls, aht: aht, start: first, profile: profile, calendar: calendar)
        let need = try Self.monthly(calls: calls, required: required, start: from, months: months, tourEfficiency: tourEfficiency)
        return Outcome(need: need, hourlyAgents: required, forecastModel: f.model, warnings: warnings)
    }

    /// Hourly calls and agents on shift from `start`'s first hour → agent-hours per month.
    public static func monthly(calls: [Double], required: [Int], start: PlanMonth, months: Int,
                               tourEfficiency: Double) throws -> [MonthlyNeed] {
        var out: [MonthlyNeed] = []
        var i = 0
        for k in 0..<months {
            let m = start.adding(months: k)
            let n = m.days * 24
            guard i + n <= calls.count, i + n <= required.count else { throw CapacityError.invalid("need", "the forecast ends before \(m) is over") }
            let c = calls[i..<(i + n)].reduce(0, +)
            let a = Double(required[i..<(i + n)].reduce(0, +))
            out.append(MonthlyNeed(month: m, calls: c, requiredAgentHours: a, paidAgentHours: a * tourEfficiency))
            i += n
        }
        return out
    }

    /// Agents to have on shift in each hour: Erlang C with the profile's goal and shrinkage, then
    /// the profile's surge rules, never above the seats.
    public static func hourlyAgents(calls: [Double], aht: [Double], start: LocalDateTime, profile: CenterProfile,
                                    calendar: HolidayCalendar) throws -> [Int] {
        let goal = ServiceGoal(target: profile.service.target, withinSeconds: profile.service.withinSeconds,
                               maxOccupancy: profile.service.maxOccupancy, shrinkage: profile.shrinkage.total)
        let starts = calls.indices.map { start.adding(hours: $0) }
        let reqs = try Staffing.requirements(starts: starts, calls: calls, ahtSeconds: aht, intervalMinutes: 60, goal: goal)
        return reqs.map { r in
            var n = r.agents
            for s in profile.surge ?? [] where s.applies(on: r.start.date, hour: r.start.hour, calendar: calendar) { n = s.apply(n) }
            return n
        }
    }

    /// Tour efficiency from one planned week: scheduled / required agent-hours of the tour plan
    /// (`TourPlanner`, GLPK) of the week starting `week` with these hourly requirements (168 values).
    public static func calibrateTourEfficiency(profile: CenterProfile, week: CivilDate, requiredAgents: [Int],
                                               timeLimitSeconds: Double = 10) throws -> Double {
        guard requiredAgents.count == 168 else { throw CapacityError.invalid("tour efficiency", "a week has 168 hours, got \(requiredAgents.count)") }
        var input = PlanningInput(profile: profile, weekStart: week, requiredAgents: requiredAgents, availableAgents: nil)
        // The curve alone: the agent floor is the capacity program's own constraint.
        input.minAgents = 0
        let plan = try TourPlanner(options: SolveOptions(timeLimitSeconds: timeLimitSeconds, relativeGap: 0.01)).plan(input)
        let req = plan.required.reduce(0, +), sched = plan.scheduled.reduce(0, +)
        guard req > 0 else { return 1 }
        return max(1, Double(sched) / Double(req))
    }
}
