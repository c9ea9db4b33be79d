import ArgumentParser
import Foundation
import HotlineCore
import HotlineRoster

extension DocumentLanguage: ExpressibleByArgument {}

extension Roster {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Run the demo week on SYNTHETIC data: forecast, staffing, GLPK plan, roster → rosters/demo/.")

        @Option(help: "Language of roster.html: zh (Simplified Chinese) or en.")
        var lang: DocumentLanguage = .zh

        @Option(help: "The Monday to plan (default: the week after the sample history).")
        var week: String?

        @Option(name: .long, help: "Solver time limit, seconds.")
        var timeLimit: Double = 20

        @Option(name: .long, help: "The project folder holding rosters/ and forecasts/.")
        var root: String = "."

        @Option(help: "Consecutive weeks to roster (fairness across weeks uses the store's history).")
        var weeks: Int = 1

        @Option(help: "Annealing iterations of the roster engine per week.")
        var engineIterations: Int = 120_000

        @Option(help: "Time limit in seconds of the roster engine's lower bound on the first week; 0: no bound.")
        var boundTimeLimit: Double = 20

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard engineIterations >= 0 else { throw ValidationError("--engine-iterations must not be negative") }
            guard (1...12).contains(weeks) else { throw ValidationError("--weeks takes 1 to 12, got \(weeks)") }
            if let week, CivilDate.parse(week) == nil { throw ValidationError("--week takes a date YYYY-MM-DD (a Monday), got '\(week)'") }
            guard boundTimeLimit >= 0, boundTimeLimit.isFinite else { throw ValidationError("--bound-time-limit takes seconds ≥ 0 (0: no bound)") }
            guard timeLimit > 0 else { throw ValidationError("--time-limit must be positive (seconds)") }
        }

        func run() async throws {
            LoggingSetup.once
            let options = DemoWeek.Options(root: root, language: lang, weekStart: week.flatMap(CivilDate.parse),
                                           timeLimitSeconds: timeLimit, weeks: weeks,
                                           engineIterations: engineIterations, boundTimeLimitSeconds: boundTimeLimit)
            let s = try DemoWeek(options: options).run()
            if output.json { try Output.printJSON(s); return }
            let solver = s.solver
            var lines = [
                "HotlineRoster demo (synthetic data) — week of \(s.weekStart)",
                "  forecast (\(s.forecastModel)): \(Int(s.forecastCalls.rounded())) calls",
                "  plan: \(s.agents) phone agents, \(s.staff) staff rostered, \(s.seats) seats, at most \(s.maxConcurrentAgents) agents on shift",
                "  agent-hours: required \(s.requiredAgentHours), scheduled \(s.scheduledAgentHours), short \(s.shortAgentHours)",
                "  solver \(solver.name): \(solver.status), objective \(solver.objective.map { String(format: "%.1f", $0) } ?? "-"), gap \(solver.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "-"), \(String(format: "%.2f", solver.seconds)) s",
            ]
            lines.append("  roster engine: objective \(String(format: "%.1f", s.objective.total)) (greedy start \(String(format: "%.1f", s.initialObjective.total)))"
                + (s.engineLowerBound.value.map { b in ", lower bound \(String(format: "%.1f", b)), gap \(s.engineGap.value.map { String(format: "%.2f%%", $0 * 100) } ?? "-")" } ?? ", no lower bound")
                + ", \(s.softRuleBreaks) soft rule(s) broken (explanations.csv)")
            for g in s.fairness where g.people > 1 {
                lines.append("  fairness \(g.role.rawValue) \(Int(g.contractHoursPerWeek)) h\(g.protected ? " protected" : "") (\(g.people) people, \(s.weeks.count) week(s)): nights \(g.nights.min)–\(g.nights.max), working weekends \(g.workingWeekends.min)–\(g.workingWeekends.max), weekend shifts \(g.weekendShifts.min)–\(g.weekendShifts.max), statutory-holiday shifts \(g.holidayShifts.min)–\(g.holidayShifts.max)")
            }
            let roleShort = s.weeks.reduce(0) { $0 + $1.roleCoverShortHours }, roleBelow = s.weeks.reduce(0) { $0 + $1.roleCoverBelowMinimumHours }
            if roleShort > 0 {
                lines.append("  planned roles (supervisors, back office): \(roleShort) person-hours short of the plan's tours, \(roleBelow) hours below the minimum on site (summary.json roleCoverGaps)")
            }
            if !s.period.violations.isEmpty { lines.append("  PERIOD RULE VIOLATIONS: \(s.period.violations.count) (summary.json period)") }
            if !s.period.belowMinimum.isEmpty { lines.append("  below the period's minimum hours: \(s.period.belowMinimum.count) people (explanations.csv)") }
            if !s.violations.isEmpty { lines.append("  RULE VIOLATIONS: \(s.violations.count) (see summary.json)") }
            if !s.shortHours.isEmpty { lines.append("  short hours: \(s.shortHours.count) (see summary.json)") }
            lines.append("  files: " + s.files.joined(separator: ", "))
            print(lines.joined(separator: "\n"))
        }
    }

    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample",
            abstract: "Write SYNTHETIC demo data: a 12345-like call history or a people file.",
            subcommands: [History.self, Staff.self])

        struct History: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Synthetic hourly call history (interval CSV).")
            @Option(help: "First day (YYYY-MM-DD).") var from: String
            @Option(help: "Number of weeks.") var weeks: Int = 13
            @Option(help: "Calls on an ordinary Wednesday.") var dailyCalls: Double = 3000
            @Option(help: "Random seed.") var seed: UInt64 = 12345
            @Option(name: .shortAndLong, help: "Output file (default stdout).") var output: String?

            func run() async throws {
                guard let start = CivilDate.parse(from) else { throw ValidationError("--from takes YYYY-MM-DD, got '\(from)'") }
                let text = SyntheticHistory(baseDailyCalls: dailyCalls, seed: seed).csv(from: start, days: weeks * 7)
                try write(text, to: output)
            }
        }

        struct Staff: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "people", abstract: "Synthetic people CSV for a profile.")
            @Option(help: "Center profile (TOML).") var profile: String
            @Option(help: "Phone agents (default: the profile's minimum).") var agents: Int?
            @Option(help: "Random seed.") var seed: UInt64 = 91
            @Option(help: "How many of the agents are new hires still in pre-job training (the last ones).") var trainees: Int = 1
            @Option(help: "Hire date of the trainees (YYYY-MM-DD).") var traineesHiredOn: String = "2026-11-16"
            @Option(help: "Also write the training courses CSV here.") var courses: String?
            @Option(help: "Also write the training records CSV here.") var records: String?
            @Option(name: .shortAndLong, help: "Output file (default stdout).") var output: String?

            func run() async throws {
                let p = try CenterProfile.load(path: profile)
                guard let hired = CivilDate.parse(traineesHiredOn) else {
                    throw ValidationError("--trainees-hired-on takes YYYY-MM-DD, got '\(traineesHiredOn)'")
                }
                var counts: [Role: Int] = [:]
                for role in Role.allCases { counts[role] = p.staff.minimum(for: role) }
                counts[.agent] = agents ?? max(p.staff.minimum(for: .agent), p.staff.minTotal - p.fixedRoleHeadcount)
                var people = SamplePeople.make(counts: counts, seed: seed)
                let agentIndices = people.indices.filter { people[$0].role == .agent }
                let traineeIndices = agentIndices.suffix(max(0, min(trainees, agentIndices.count)))
                for i in traineeIndices { people[i].hiredOn = hired }
                try write(SamplePeople.csv(people), to: output)
                let training = SamplePeople.trainingCSVs(people, trainees: Set(traineeIndices.map { people[$0].id }))
                if let courses { try write(training.courses, to: courses) }
                if let records { try write(training.records, to: records) }
            }
        }

        static func write(_ text: String, to path: String?) throws {
            if let path { try text.write(toFile: path, atomically: true, encoding: .utf8) } else { print(text, terminator: "") }
        }
    }
}
