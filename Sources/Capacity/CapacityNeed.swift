import Foundation
import Forecasting
import HotlineCore
import Optimization
import Planning
import Staffing
import TOMLKit

/// A call surge read from a scenario file (`rosters/scenarios/*.toml`): its `[[events]]` (calls ×
/// multiplier or a fixed calls per hour) and `[[handle_time]]` changes, applied on their dates.
/// (The full scenario reader lives in `Scenarios`, which sits above `Workflows`; this reads the
/// two sections the capacity plan needs.)
public struct CapacitySurge: Sendable, Equatable {
    public struct Event: Sendable, Equatable {
        public var name: String
        public var from: LocalDateTime
        public var to: LocalDateTime
        public var multiplier: Double?
        public var callsPerHour: Double?
        public var ahtMultiplier: Double?
    }

    public var file: String
    public var name: String
    public var events: [Event]

    public static func load(path: String) throws -> CapacitySurge {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the scenario file (missing or not UTF-8)")
        }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw InputError(file: path, line: Int(error.source.begin.line), "is not valid TOML: \(error.description)")
        }
        func fail(_ field: String, _ message: String) -> InputError { InputError(file: path, field: field, message) }
        func dateTime(_ t: TOMLTable, _ key: String, _ p: String) throws -> LocalDateTime? {
            guard let v = t[key] else { return nil }
            if let dt = v.dateTime, let d = CivilDate(year: dt.date.year, month: dt.date.month, day: dt.date.day) {
                return LocalDateTime(date: d, hour: dt.time.hour, minute: dt.time.minute)
            }
            if let d = v.date, let c = CivilDate(year: d.year, month: d.month, day: d.day) { return LocalDateTime(date: c) }
            if let s = v.string, let x = LocalDateTime.parse(s) ?? CivilDate.parse(s).map({ LocalDateTime(date: $0) }) { return x }
            throw fail("\(p).\(key)", "expected a date-time like 2026-10-01T08:00")
        }
        func number(_ t: TOMLTable, _ key: String) -> Double? { t[key]?.double ?? t[key]?.int.map(Double.init) }
        var s = CapacitySurge(file: path, name: root["name_en"]?.string ?? root["name"]?.string ?? path, events: [])
        for (i, v) in (root["events"]?.array.map { Array($0) } ?? []).enumerated() {
            let p = "events[\(i)]"
            guard let e = v.table else { throw fail(p, "expected a table ([[events]])") }
            guard let from = try dateTime(e, "from", p) else { throw fail("\(p).from", "is missing") }
            guard let to = try dateTime(e, "to", p) else { throw fail("\(p).to", "is missing") }
            guard from < to else { throw fail("\(p).to", "must be after from") }
            let m = number(e, "multiplier"), c = number(e, "calls_per_hour")
            guard (m == nil) != (c == nil) else { throw fail("\(p).multiplier", "give exactly one of multiplier or calls_per_hour") }
            if let m, !(m >= 0 && m <= 50) { throw fail("\(p).multiplier", "expected a factor between 0 and 50, got \(m)") }
            if let c, !(c >= 0) { throw fail("\(p).calls_per_hour", "must not be negative") }
            s.events.append(Event(name: e["name_en"]?.string ?? e["name"]?.string ?? "event \(i + 1)", from: from, to: to, multiplier: m, callsPerHour: c))
        }
        for (i, v) in (root["handle_time"]?.array.map { Array($0) } ?? []).enumerated() {
            let p = "handle_time[\(i)]"
            guard let e = v.table else { throw fail(p, "expected a table ([[handle_time]])") }
            guard let m = number(e, "multiplier") else { continue }
            guard m > 0, m <= 10 else { throw fail("\(p).multiplier", "expected a factor in (0, 10], got \(m)") }
            let from = try dateTime(e, "from", p) ?? LocalDateTime(seconds: Int.min / 2)
            let to = try dateTime(e, "to", p) ?? LocalDateTime(seconds: Int.max / 2)
            s.events.append(Event(name: "handle time ×\(m)", from: from, to: to, ahtMultiplier: m))
        }
        return s
    }
}

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
    /// monthly from the first planned month), applies the surges on their dates, turns each hour into
    /// agents on shift by Erlang C (the profile's goal and shrinkage, its `[[surge]]` rules), and
    /// sums per month; paid agent-hours = required × `tourEfficiency`.
    public static func fromHistory(_ history: HourlySeries, profile: CenterProfile, calendar: HolidayCalendar, from: PlanMonth, months: Int,
                                   growth: Double = 0, surges: [CapacitySurge] = [], tourEfficiency: Double,
                                   model: String = "auto") throws -> Outcome {
        guard growth.isFinite, growth > -1, growth < 10 else { throw CapacityError.invalid("growth", "an annual growth rate must be above −1 (e.g. 0.05), got \(growth)") }
        let end = from.adding(months: months).firstDay
        let historyEnd = history.start.date.adding(days: history.hours.count / 24)
        let start = min(historyEnd, from.firstDay)
        let days = end.dayNumber - start.dayNumber
        var warnings: [String] = []
        let historyDays = history.hours.count / 24
        if historyDays < 365 {
            warnings.append("the history covers \(historyDays) days: a \(months)-month forecast from less than a year cannot learn yearly seasonality; calls repeat the recent weekly pattern with the holiday calendar's day effects")
        }
        if let y = (from.year...from.adding(months: months - 1).year).first(where: { !calendar.covers(CivilDate(year: $0, month: 6, day: 1)!) }) {
            warnings.append("no holiday calendar covers \(y): holidays and make-up workdays of that year are not known (give --calendar FILE)")
        }
        let f = try Forecaster.forecast(history: history, calendar: calendar, start: start, days: days, model: model).forecast
        let offset = (LocalDateTime(date: from.firstDay).seconds - f.start.seconds) / 3600
        var calls = Array(f.calls[offset...]), aht = Array(f.ahtSeconds[offset...])
        let first = LocalDateTime(date: from.firstDay)
        for i in calls.indices {
            let at = first.adding(hours: i)
            let monthIndex = (PlanMonth(at.date).year - from.year) * 12 + PlanMonth(at.date).month - from.month
            calls[i] *= pow(1 + growth, Double(monthIndex) / 12)
            for s in surges {
                for e in s.events where e.from <= at && at < e.to {
                    if let m = e.multiplier { calls[i] *= m }
                    if let c = e.callsPerHour { calls[i] = c }
                    if let m = e.ahtMultiplier { aht[i] *= m }
                }
            }
        }
        for s in surges {
            let inside = s.events.contains { $0.to > first && $0.from < LocalDateTime(date: end) }
            if !inside { warnings.append("scenario \(s.file): its events lie outside \(from)…\(from.adding(months: months - 1)); it changes nothing") }
        }
        let required = try hourlyAgents(calls: calls, aht: aht, start: first, profile: profile, calendar: calendar)
        let need = try monthly(calls: calls, required: required, start: from, months: months, tourEfficiency: tourEfficiency)
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
