import ArgumentParser
import Foundation
import HotlineCore
import Optimization
import Planning
import RosterStore

extension Roster {
    /// `roster plan`: the weekly tours (start, length, days off) that cover an hourly requirement.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Plan a week of shift tours for the phone agents (integer program).",
            discussion: """
            Reads the requirement rows (start,calls,agents) of a week starting on a Monday at 00:00 \
            (168 hourly or 336 half-hourly rows; × N for --weeks N) and the center profile (seats, \
            shift lengths and start hours, days off, headcount minimums). The planning interval is \
            the profile's service.interval_minutes (60 or 30) or --interval: hourly rows planned at \
            30 minutes give each half hour the hour's agents (and half its calls); half-hourly rows \
            planned at 60 minutes give each hour the larger of its two half hours. \
            Never more agents on shift than seats; at least the headcount floor max(min agents, \
            min staff − fixed roles) of agents. Hours that cannot be covered are listed as shortfalls \
            with the reason. -o DIR writes plan.json, coverage.csv and coverage.svg there.
            """)

        enum SolverChoice: String, ExpressibleByArgument, CaseIterable {
            /// GLPK for one week, CBC for a period of several weeks.
            case auto
            case glpk
            case cbc
        }

        @Option(name: .long, help: "Center profile (TOML).")
        var profile: String

        @Option(name: .long, help: "Requirements CSV (start,calls,agents): 168 hourly or 336 half-hourly rows from a Monday 00:00 (× weeks).")
        var requirements: String

        @Option(name: .long, help: "Planning interval in minutes, 60 or 30 (default: the profile's service.interval_minutes).")
        var interval: Int?

        @Option(name: .long, help: "Roster store (SQLite): plan at least as many protected tours as agents there with protected status pregnant or nursing on the plan's dates (--protected N overrides).")
        var store: String?

        @Option(name: .long, help: "MIP solver: \(SolverChoice.allCases.map(\.rawValue).joined(separator: "|")) (auto: GLPK for one week, CBC without preprocessing for --weeks 2 or more: on the 4-week plan it reaches a 1.7% gap in 60 s, GLPK 29.7%).")
        var solver: SolverChoice = .auto

        @Option(name: .long, help: "Solver time limit in seconds.")
        var timeLimit: Double = 20

        @Option(name: .long, help: "Stop when the relative gap between the plan and the bound is at most this.")
        var gap: Double = 1e-4

        @Option(name: .long, help: "Weeks of the planning period (1–4): the requirements file then has 168 × N hourly rows and the tours span them (default: labour.averaging_weeks with labour.working_hours_system = \"comprehensive\", else 1).")
        var weeks: Int?

        @Option(name: .long, help: "Seats (default: the profile's).")
        var seats: Int?

        @Option(name: .long, help: "Minimum total staff of the center (default: the profile's staff.min_total).")
        var minStaff: Int?

        @Option(name: .long, help: "Phone agents available: at most this many tours (default: no limit).")
        var availableAgents: Int?

        enum ObjectiveChoice: String, ExpressibleByArgument, CaseIterable {
            case cost
            case hours
        }

        @Option(name: .long, help: "Objective: cost (pay at the week's dates: 300% holidays, 200% calendar rest days) or hours (paid hours).")
        var objective: ObjectiveChoice = .cost

        @Flag(name: .long, help: "Calendar rest days worked get time off in lieu (paid 100%, not 200%).")
        var timeOffInLieu = false

        @Option(name: .long, help: "Holiday calendar CSV (date,kind,name) merged over the built-in China 2025–2026 calendar.")
        var calendar: String?

        @Option(name: .long, help: "Protected agents (pregnant 7 months or more, nursing): that many agent tours without night work or overtime (default: the count from --store, else 0).")
        var protected: Int?

        @Flag(name: .long, help: "Public emergency (Labour Law art. 42): the daily and monthly overtime limits are lifted (with labour.allow_overtime).")
        var emergency = false

        @Option(name: .long, help: "Write the integer program in CPLEX LP format to this file (for glpsol, HiGHS, CBC).")
        var exportModel: String?

        @Option(name: [.customShort("o"), .long], help: "Directory for plan.json, coverage.csv and coverage.svg (required vs scheduled per hour).")
        var output: String?

        @Option(name: .long, help: "Language of coverage.svg: zh|en.")
        var lang: DocumentLanguage = .zh

        @OptionGroup var out: OutputOptions

        func validate() throws {
            guard timeLimit.isFinite, timeLimit > 0 else {
                throw ValidationError("--time-limit must be a positive number of seconds, e.g. --time-limit 20; got \(timeLimit)")
            }
            guard gap.isFinite, gap >= 0, gap < 1 else {
                throw ValidationError("--gap must be between 0 and 1, e.g. --gap 0.01; got \(gap)")
            }
            if let seats, seats <= 0 { throw ValidationError("--seats must be positive; got \(seats)") }
            if let weeks, !(1...4).contains(weeks) { throw ValidationError("--weeks must be 1 to 4; got \(weeks)") }
            if let protected, protected < 0 { throw ValidationError("--protected must not be negative; got \(protected)") }
            if let interval, interval != 60, interval != 30 { throw ValidationError("--interval must be 60 or 30 minutes; got \(interval)") }
            if let minStaff, minStaff < 0 { throw ValidationError("--min-staff must not be negative; got \(minStaff)") }
            if let availableAgents, availableAgents < 0 {
                throw ValidationError("--available-agents must not be negative; got \(availableAgents)")
            }
        }

        func run() async throws {
            _ = LoggingSetup.once
            var centre = try CenterProfile.load(path: profile)
            if let seats { centre.seats = seats }
            if let minStaff { centre.staff.minTotal = minStaff }
            if let interval { centre.service.intervalMinutes = interval }
            let fileRows = try RequirementsCSV.read(path: requirements)
            let periodWeeks = weeks ?? (centre.labour.workingHoursSystem == .comprehensive ? centre.labour.averagingWeeks : 1)
            let rowMinutes = IntervalRequirements.rowMinutes(fileRows) ?? 60
            guard rowMinutes == 60 || rowMinutes == 30 else {
                throw InputError(file: requirements, line: 3, field: "start",
                                 "rows must be 60 or 30 minutes apart; the first two are \(rowMinutes) minutes apart")
            }
            let weekStart = try Plan.checkWeek(fileRows, file: requirements, weeks: periodWeeks, intervalMinutes: rowMinutes)
            let rows = IntervalRequirements.resample(fileRows, from: rowMinutes, to: centre.service.intervalMinutes)
            if rowMinutes != centre.service.intervalMinutes, !out.json {
                Output.note(rowMinutes == 60
                    ? "planning at 30-minute intervals: each half hour requires its hour's agents"
                    : "planning at 60-minute intervals: each hour requires the larger of its two half hours")
            }
            let protectedCount: Int, protectedSource: String
            if let protected {
                (protectedCount, protectedSource) = (protected, "--protected")
            } else if let store {
                protectedCount = try Plan.protectedAgents(store: store, from: weekStart, days: 7 * periodWeeks)
                protectedSource = "store \(store)"
            } else {
                (protectedCount, protectedSource) = (0, "none")
            }

            let holidays = try calendar.map { HolidayCalendar.china.merging(try HolidayCalendar.load(path: $0)) } ?? .china
            for d in 0..<(7 * periodWeeks) where !holidays.covers(weekStart.adding(days: d)) {
                Output.note("warning: no holiday calendar covers \(weekStart.adding(days: d)); it is planned as an ordinary day (--calendar FILE)")
                break
            }
            var input = PlanningInput(profile: centre, weekStart: weekStart, requiredAgents: rows.map(\.agents),
                                      availableAgents: availableAgents, calendar: holidays, weeks: periodWeeks)
            input.forecastCalls = rows.map(\.calls)
            input.objective = objective == .cost ? .cost : .hours
            input.timeOffInLieu = timeOffInLieu
            input.protectedAgents = protectedCount
            if emergency { input.overtime?.emergency = true }
            for s in input.surges where !out.json {
                Output.note("surge '\(s.name)': +\(s.addedAgentHours) agent-hours on \(s.hours.count) intervals")
            }
            if let availableAgents, availableAgents < input.minAgents {
                throw ValidationError("--available-agents \(availableAgents) is below the headcount floor of \(input.minAgents) agents (\(profile): staff.min_total \(centre.staff.minTotal) − \(centre.fixedRoleHeadcount) fixed roles)")
            }
            let backend: any MIPSolver
            switch solver {
            case .glpk: backend = GLPKSolver()
            case .cbc: backend = CBCSolver()
            case .auto: backend = periodWeeks > 1 ? CBCSolver(parameters: CBCSolver.multiWeekPlan) : GLPKSolver()
            }
            let planner = TourPlanner(solver: backend, options: SolveOptions(timeLimitSeconds: timeLimit, relativeGap: gap,
                                                                             progress: { Output.note("plan: " + $0) }))
            if let exportModel {
                try planner.model(for: input).lpFormat().write(toFile: exportModel, atomically: true, encoding: .utf8)
                if !out.json { Output.note("wrote the model to \(exportModel)") }
            }
            let plan = try planner.plan(input)
            var report = PlanReport(plan: plan, input: input, fixedRoleHeadcount: centre.fixedRoleHeadcount, hourly: false)
            if protected != nil || store != nil { report.protectedAgentsSource = protectedSource }

            if let output {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                var full = PlanReport(plan: plan, input: input, fixedRoleHeadcount: centre.fixedRoleHeadcount, hourly: true)
                full.protectedAgentsSource = report.protectedAgentsSource
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(full).write(to: URL(fileURLWithPath: output + "/plan.json"))
                try Plan.coverageCSV(plan, rows).write(toFile: output + "/coverage.csv", atomically: true, encoding: .utf8)
                try CoverageChart.svg(plan, language: lang).write(toFile: output + "/coverage.svg", atomically: true, encoding: .utf8)
                if !out.json { Output.note("wrote \(output)/plan.json, \(output)/coverage.csv and \(output)/coverage.svg") }
            }
            if out.json {
                try Output.printJSON(report)
            } else {
                print(Plan.text(report))
            }
        }

        /// Agents in the store (not separated on the plan's first day or on any later day of the
        /// period) whose protected status is pregnant or nursing: they may work no night and no
        /// overtime (Labour Law art. 61, 63).
        static func protectedAgents(store path: String, from start: CivilDate, days: Int) throws -> Int {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("--store \(path): no such roster store (import people with `roster people import FILE --store \(path)`)")
            }
            let store = try RosterStore(path: path)
            let details = try store.allDetails()
            var ids = Set<String>()
            for d in 0..<days {
                for p in try store.rosterablePeople(on: start.adding(days: d)) where p.role == .agent {
                    if let status = details[p.id]?.protectedStatus, status == .pregnant || status == .nursing { ids.insert(p.id) }
                }
            }
            return ids.count
        }

        /// The rows must be one week (or `weeks` weeks) of intervals from a Monday 00:00, in order.
        static func checkWeek(_ rows: [Requirement], file: String, weeks: Int = 1, intervalMinutes: Int = 60) throws -> CivilDate {
            guard let first = rows.first else { throw InputError(file: file, "has no rows") }
            let weekday = PlanningWeek.fullDayNames[first.start.date.weekday - 1]
            guard first.start.date.weekday == 1, first.start.secondOfDay == 0 else {
                throw InputError(file: file, line: 2, field: "start",
                                 "the week must start on a Monday at 00:00; the first row starts at \(first.start) (a \(weekday))")
            }
            let expectedRows = PlanningWeek.intervals(minutes: intervalMinutes) * weeks
            let unit = intervalMinutes == 60 ? "hourly" : "half-hourly"
            for (i, row) in rows.enumerated().prefix(expectedRows) {
                let expected = first.start.adding(minutes: i * intervalMinutes)
                guard row.start == expected else {
                    throw InputError(file: file, line: i + 2, field: "start",
                                     "expected \(unit) rows: \(expected), got \(row.start)")
                }
            }
            guard rows.count == expectedRows else {
                let last = intervalMinutes == 60 ? "23:00" : "23:30"
                if weeks == 1 {
                    throw InputError(file: file, "has \(rows.count) rows; the planner needs \(expectedRows) \(unit) rows (Monday 00:00 to Sunday \(last))")
                }
                throw InputError(file: file, "has \(rows.count) rows; a \(weeks)-week plan needs \(expectedRows) \(unit) rows (\(weeks) weeks from Monday 00:00)")
            }
            return first.start.date
        }

        static func coverageCSV(_ plan: WeeklyPlan, _ rows: [Requirement]) -> String {
            var text = "start,forecast_calls,required_agents,scheduled_agents\n"
            for (h, row) in rows.enumerated() {
                text += "\(row.start),\(RequirementsCSV.formatNumber(row.calls)),\(plan.required[h]),\(plan.scheduled[h])\n"
            }
            return text
        }

        static func text(_ r: PlanReport) -> String {
            func h(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
            var lines: [String] = []
            let period = r.weeks > 1 ? "\(r.weeks) weeks from \(r.weekStart) (\(r.workingHoursSystem) working hours)" : "Week of \(r.weekStart)"
            lines.append("\(period): \(r.staff) staff (\(r.agents) agents), \(r.seats) seats")
            let byRole = r.staffByRole.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("Staff by role: \(byRole)")
            for role in r.roles {
                lines.append("  \(role.role): \(role.headcount) people, \(h(role.hours)) h, at least \(role.minOnSite) on site (required \(role.requiredOnSite)), hours per day \(role.hoursPerDay.map(h).joined(separator: "/"))")
            }
            if let cost = r.cost { lines.append("Pay cost of the \(r.weeks > 1 ? "period" : "week"): \(String(format: "%.2f", cost)) \(r.currency ?? "")  (objective: \(r.objective))") }
            if r.protectedAgents > 0 || r.overtimeHours > 0 || r.protectedAgentsSource != nil {
                lines.append("Protected agents: \(r.protectedAgents) required\(r.protectedAgentsSource.map { " (from \($0))" } ?? ""), \(r.protectedEligibleAgents) on tours without night work or overtime; overtime \(String(format: "%.1f", r.overtimeHours)) h")
            }
            for s in r.surges { lines.append("Surge '\(s.name)': ×\(s.multiplier) +\(s.extraAgents) on \(s.hours.count) \(r.intervalMinutes == nil ? "hours" : "intervals"), +\(h(s.addedAgentHours)) agent-hours") }
            lines.append("Agent-hours: required \(h(r.requiredAgentHours)), scheduled \(h(r.scheduledAgentHours)), short \(h(r.shortAgentHours)); at most \(r.maxConcurrentAgents) on shift at once" + (r.intervalMinutes.map { " (\($0)-minute intervals)" } ?? ""))
            let gap = r.solver.gap.map { "\((($0 * 10000).rounded() / 100))%" } ?? "n/a"
            lines.append("Solver \(r.solver.name): \(r.solver.status), objective \(r.solver.objective.map { "\($0)" } ?? "n/a"), bound \(r.solver.bound.map { "\($0)" } ?? "n/a"), gap \(gap), \(String(format: "%.1f", r.solver.seconds)) s\(r.solver.nodes.map { ", \($0) nodes" } ?? "")")
            lines.append("Tours:")
            for t in r.tours { lines.append(String(format: "  %3d × ", t.count) + "\(t.start)+\(h(t.lengthHours))h \(t.days)" + (t.breaks.isEmpty ? "" : " (\(t.breaks.joined(separator: ", ")))") + (t.template.map { " [\($0)]" } ?? "")) }
            if !r.shortfalls.isEmpty {
                lines.append("Shortfalls (\(r.shortfalls.count) hours):")
                for s in r.shortfalls.prefix(20) { lines.append("  \(s.start): \(s.scheduled) of \(s.required) — \(s.reason)") }
                if r.shortfalls.count > 20 { lines.append("  … \(r.shortfalls.count - 20) more (see --json or plan.json)") }
            }
            return lines.joined(separator: "\n")
        }
    }
}
