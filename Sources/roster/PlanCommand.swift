import ArgumentParser
import Foundation
import HotlineCore
import Optimization
import Planning

extension Roster {
    /// `roster plan`: the weekly tours (start, length, days off) that cover an hourly requirement.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Plan a week of shift tours for the phone agents (integer program).",
            discussion: """
            Reads 168 hourly requirement rows (start,calls,agents) starting on a Monday at 00:00 and \
            the center profile (seats, shift lengths and start hours, days off, headcount minimums). \
            Never more agents on shift than seats; at least the headcount floor max(min agents, \
            min staff − fixed roles) of agents. Hours that cannot be covered are listed as shortfalls \
            with the reason. -o DIR writes plan.json, coverage.csv and coverage.svg there.
            """)

        enum SolverChoice: String, ExpressibleByArgument, CaseIterable {
            case glpk
            case cbc
        }

        @Option(name: .long, help: "Center profile (TOML).")
        var profile: String

        @Option(name: .long, help: "Requirements CSV (start,calls,agents): 168 hourly rows from a Monday 00:00.")
        var requirements: String

        @Option(name: .long, help: "MIP solver: \(SolverChoice.allCases.map(\.rawValue).joined(separator: "|")).")
        var solver: SolverChoice = .glpk

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

        @Option(name: .long, help: "Protected agents (pregnant 7 months or more, nursing): that many agent tours without night work or overtime.")
        var protected: Int = 0

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
            if protected < 0 { throw ValidationError("--protected must not be negative; got \(protected)") }
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
            let rows = try RequirementsCSV.read(path: requirements)
            let periodWeeks = weeks ?? (centre.labour.workingHoursSystem == .comprehensive ? centre.labour.averagingWeeks : 1)
            let weekStart = try Plan.checkWeek(rows, file: requirements, weeks: periodWeeks)

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
            input.protectedAgents = protected
            if emergency { input.overtime?.emergency = true }
            for s in input.surges where !out.json {
                Output.note("surge '\(s.name)': +\(s.addedAgentHours) agent-hours on \(s.hours.count) hours")
            }
            if let availableAgents, availableAgents < input.minAgents {
                throw ValidationError("--available-agents \(availableAgents) is below the headcount floor of \(input.minAgents) agents (\(profile): staff.min_total \(centre.staff.minTotal) − \(centre.fixedRoleHeadcount) fixed roles)")
            }
            let backend: any MIPSolver
            switch solver {
            case .glpk: backend = GLPKSolver()
            case .cbc: backend = CBCSolver()
            }
            let planner = TourPlanner(solver: backend, options: SolveOptions(timeLimitSeconds: timeLimit, relativeGap: gap))
            if let exportModel {
                try planner.model(for: input).lpFormat().write(toFile: exportModel, atomically: true, encoding: .utf8)
                if !out.json { Output.note("wrote the model to \(exportModel)") }
            }
            let plan = try planner.plan(input)
            let report = PlanReport(plan: plan, input: input, fixedRoleHeadcount: centre.fixedRoleHeadcount, hourly: false)

            if let output {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                let full = PlanReport(plan: plan, input: input, fixedRoleHeadcount: centre.fixedRoleHeadcount, hourly: true)
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

        /// The rows must be one week (or `weeks` weeks) of hours from a Monday 00:00, in order.
        static func checkWeek(_ rows: [Requirement], file: String, weeks: Int = 1) throws -> CivilDate {
            guard let first = rows.first else { throw InputError(file: file, "has no rows") }
            let weekday = PlanningWeek.fullDayNames[first.start.date.weekday - 1]
            guard first.start.date.weekday == 1, first.start.secondOfDay == 0 else {
                throw InputError(file: file, line: 2, field: "start",
                                 "the week must start on a Monday at 00:00; the first row starts at \(first.start) (a \(weekday))")
            }
            let expectedRows = PlanningWeek.hours * weeks
            for (i, row) in rows.enumerated().prefix(expectedRows) {
                let expected = first.start.adding(hours: i)
                guard row.start == expected else {
                    throw InputError(file: file, line: i + 2, field: "start",
                                     "expected hourly rows: \(expected), got \(row.start)")
                }
            }
            guard rows.count == expectedRows else {
                if weeks == 1 {
                    throw InputError(file: file, "has \(rows.count) rows; the planner needs 168 hourly rows (Monday 00:00 to Sunday 23:00)")
                }
                throw InputError(file: file, "has \(rows.count) rows; a \(weeks)-week plan needs \(expectedRows) hourly rows (\(weeks) weeks from Monday 00:00)")
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
            var lines: [String] = []
            let period = r.weeks > 1 ? "\(r.weeks) weeks from \(r.weekStart) (\(r.workingHoursSystem) working hours)" : "Week of \(r.weekStart)"
            lines.append("\(period): \(r.staff) staff (\(r.agents) agents), \(r.seats) seats")
            let byRole = r.staffByRole.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("Staff by role: \(byRole)")
            for role in r.roles {
                lines.append("  \(role.role): \(role.headcount) people, \(role.hours) h, at least \(role.minOnSite) on site (required \(role.requiredOnSite)), hours per day \(role.hoursPerDay.map(String.init).joined(separator: "/"))")
            }
            if let cost = r.cost { lines.append("Pay cost of the \(r.weeks > 1 ? "period" : "week"): \(String(format: "%.2f", cost)) \(r.currency ?? "")  (objective: \(r.objective))") }
            if r.protectedAgents > 0 || r.overtimeHours > 0 {
                lines.append("Protected agents: \(r.protectedAgents) required, \(r.protectedEligibleAgents) on tours without night work or overtime; overtime \(String(format: "%.1f", r.overtimeHours)) h")
            }
            for s in r.surges { lines.append("Surge '\(s.name)': ×\(s.multiplier) +\(s.extraAgents) on \(s.hours.count) hours, +\(s.addedAgentHours) agent-hours") }
            lines.append("Agent-hours: required \(r.requiredAgentHours), scheduled \(r.scheduledAgentHours), short \(r.shortAgentHours); at most \(r.maxConcurrentAgents) on shift at once")
            let gap = r.solver.gap.map { "\((($0 * 10000).rounded() / 100))%" } ?? "n/a"
            lines.append("Solver \(r.solver.name): \(r.solver.status), objective \(r.solver.objective.map { "\($0)" } ?? "n/a"), bound \(r.solver.bound.map { "\($0)" } ?? "n/a"), gap \(gap), \(String(format: "%.1f", r.solver.seconds)) s\(r.solver.nodes.map { ", \($0) nodes" } ?? "")")
            lines.append("Tours:")
            for t in r.tours { lines.append(String(format: "  %3d × ", t.count) + "\(t.start)+\(t.lengthHours)h \(t.days)" + (t.breaks.isEmpty ? "" : " (\(t.breaks.joined(separator: ", ")))") + (t.template.map { " [\($0)]" } ?? "")) }
            if !r.shortfalls.isEmpty {
                lines.append("Shortfalls (\(r.shortfalls.count) hours):")
                for s in r.shortfalls.prefix(20) { lines.append("  \(s.start): \(s.scheduled) of \(s.required) — \(s.reason)") }
                if r.shortfalls.count > 20 { lines.append("  … \(r.shortfalls.count - 20) more (see --json or plan.json)") }
            }
            return lines.joined(separator: "\n")
        }
    }
}
