import ArgumentParser
import Forecasting
import Foundation
import HotlineCore
import Optimization
import RosterStore
import Scenarios

extension Roster {
    /// `roster scenario`: a what-if run of a holiday or an emergency against the baseline.
    struct ScenarioCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scenario",
            abstract: "What-if surge run: what a holiday or an emergency needs, costs and breaks.",
            discussion: """
            Builds the baseline of the scenario's period (forecast from --history, or a synthetic history \
            when it does not cover the weeks before the period; Erlang A requirement; weekly plans and the \
            roster of the --people), applies the scenario's events, handle-time changes and absence, and \
            fills the shortfall with the measures the scenario allows (overtime, rest-day work, cancelled \
            training, the standby pool; art. 42 emergency only when the scenario says so). Seats always bind. \
            -o DIR writes hourly.csv, surge.csv, people.csv, cost.csv, the baseline and scenario rosters, \
            chart.svg, report.zh.html, report.en.html and summary.json.
            """)

        enum SolverChoice: String, ExpressibleByArgument, CaseIterable {
            case glpk
            case cbc
        }

        @Option(name: .long, help: "Center profile (TOML).")
        var profile: String

        @Option(name: .long, help: "Scenario (TOML), e.g. rosters/scenarios/national-day-2026.toml.")
        var scenario: String

        @Option(name: .long, help: "Call history (file or directory) for the baseline forecast; default: the synthetic sample, or a generated synthetic history when it does not cover the period.")
        var history: String = "forecasts/sample/synthetic-12345-history.csv"

        @Option(name: .long, help: "History format: \(HistoryFormat.allCases.map(\.rawValue).joined(separator: "|")).")
        var format: String = "auto"

        @Option(name: .long, help: "People CSV (person_id,name,role,skills,hired_on,contract_hours_per_week).")
        var people: String = "rosters/people/sample-people.csv"

        @Option(name: .long, help: "Training courses CSV for the training gate (default: the sample's when --people is the sample).")
        var trainingCourses: String?

        @Option(name: .long, help: "Training records CSV: agents without completed pre-job training on the first day are left out (default: the sample's when --people is the sample).")
        var trainingRecords: String?

        @Option(name: [.customShort("o"), .long], help: "Directory for the files (default: rosters/scenarios/out/<scenario name>).")
        var output: String?

        @Option(name: .long, help: "Language of chart.svg: zh|en (the report is written in both).")
        var lang: DocumentLanguage = .zh

        @Option(name: .long, help: "MIP solver of the weekly plans: glpk|cbc.")
        var solver: SolverChoice = .glpk

        @Option(name: .long, help: "Time limit of each weekly plan, seconds.")
        var timeLimit: Double = 4

        @Flag(name: .long, help: "Run without the scenario's emergency exemption (art. 42), to compare.")
        var noEmergency = false

        @OptionGroup var out: OutputOptions

        func validate() throws {
            guard timeLimit.isFinite, timeLimit > 0 else {
                throw ValidationError("--time-limit must be a positive number of seconds, e.g. --time-limit 4; got \(timeLimit)")
            }
            guard HistoryFormat(rawValue: format) != nil else {
                throw ValidationError("--format must be one of \(HistoryFormat.allCases.map(\.rawValue).joined(separator: ", ")); got \(format)")
            }
        }

        func run() async throws {
            _ = LoggingSetup.once
            let centre = try CenterProfile.load(path: profile)
            var s = try HotlineCore.Scenario.load(path: scenario)
            if noEmergency { s.measures.emergency = false }
            let sample = people == "rosters/people/sample-people.csv"
            let roll = try ScenarioPeople.load(
                peopleCSV: people,
                trainingCourses: trainingCourses ?? (sample ? "rosters/people/sample-training-courses.csv" : nil),
                trainingRecords: trainingRecords ?? (sample ? "rosters/people/sample-training-records.csv" : nil),
                on: s.start)
            let staff = roll.people, protected = roll.protectedPeople
            let choice: HistoryChoice
            if FileManager.default.fileExists(atPath: history) {
                choice = .series(try HistoryLoader.load(path: history, format: HistoryFormat(rawValue: format) ?? .auto), path: history)
            } else {
                if !out.json { Output.note("\(history) not found: using a synthetic history") }
                choice = .synthetic
            }
            let backend: any MIPSolver = solver == .cbc ? CBCSolver() : GLPKSolver()
            let runner = Scenarios.ScenarioRun(profile: centre, scenario: s, people: staff, history: choice, solver: backend,
                                               solveOptions: SolveOptions(timeLimitSeconds: timeLimit, relativeGap: 0.01))
            var run = runner
            run.protectedPeople = protected
            var outcome = try run.run()
            if !roll.notPhoneQualified.isEmpty {
                outcome.notes.append("left out (pre-job training not complete on \(s.start), never on phones): " + roll.notPhoneQualified.joined(separator: ", "))
            }
            let dir = output ?? "rosters/scenarios/out/" + URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
            outcome.files = try ScenarioFiles.write(outcome, profile: centre, to: dir, chartLanguage: lang)
            if out.json {
                try Output.printJSON(outcome)
            } else {
                print(Self.text(outcome, lang))
            }
        }

        static func text(_ o: ScenarioOutcome, _ L: DocumentLanguage) -> String {
            func pct(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }
            var lines = ["\(L == .zh ? o.name : (o.nameEnglish ?? o.name)): \(o.periodStart) – \(o.periodEnd)\(o.synthetic ? " (synthetic baseline)" : "")"]
            lines.append("                     baseline   nothing done   surge plan")
            let n = o.scenario.nothingDone
            func row(_ label: String, _ f: (CaseFigures) -> String) {
                lines.append(label.padding(toLength: 20, withPad: " ", startingAt: 0) + " " + f(o.baseline).leftPad(9)
                             + " " + (n.map(f) ?? "").leftPad(14) + " " + f(o.scenario).leftPad(12))
            }
            row("required agent-h") { "\($0.requiredAgentHours)" }
            row("scheduled agent-h") { "\($0.scheduledAgentHours)" }
            row("short agent-h") { "\($0.shortAgentHours)" }
            row("service level") { pct($0.serviceLevel) }
            row("abandonment") { pct($0.abandonment) }
            row("cost") { String(format: "%.0f", $0.cost) }
            lines.append("extra people \(o.extra.people); hours by measure: " + o.extra.hoursByMeasure.sorted { $0.key < $1.key }
                .map { "\($0.key) \(String(format: "%.1f", $0.value))" }.joined(separator: ", "))
            for e in o.exemptions { lines.append("exemption used: \(e.rule) (\(e.count) cases, max \(String(format: "%.1f", e.maximum)) h)") }
            lines.append("files: " + o.files.joined(separator: ", "))
            return lines.joined(separator: "\n")
        }
    }
}

extension String {
    fileprivate func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
