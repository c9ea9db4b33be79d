import ArgumentParser
import Foundation
import HotlineCore
import RosterStore
import Workflows

extension Roster {
    /// `roster week`: the shift manager's week over the store.
    struct Week: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "week",
            abstract: "Build, review, edit, reoptimize, publish and diff a week's roster in the store.",
            discussion: """
                A week has one working draft and its published versions (never overwritten). \
                build → show → edit (each edit checked against every hard rule) → reoptimize (keeps locks \
                and hand edits) → publish → diff. Excel: show --format xlsx, import-xlsx.
                """,
            subcommands: [Build.self, Show.self, Edit.self, Reoptimize.self, Publish.self, Diff.self, ImportXLSX.self])
    }
}

/// Options of every `roster week` subcommand.
struct WeekOptions: ParsableArguments {
    @Option(name: .long, help: "The Monday of the week, YYYY-MM-DD.")
    var week: String
    @Option(name: .long, help: "The center profile (TOML).")
    var profile: String = "rosters/profiles/yuhang-12345.toml"
    @Option(name: .long, help: "A holiday calendar CSV (date,kind,name) for years the built-in China calendar does not cover.")
    var calendar: String?
    @Option(name: .long, help: "Who makes the change (audit log); default ROSTER_ACTOR or the login name.")
    var by: String?
    @OptionGroup var store: StoreOptions

    func monday() throws -> CivilDate {
        guard let d = CivilDate.parse(week) else { throw InputError(file: "--week", "expected YYYY-MM-DD, got '\(week)'") }
        return d
    }

    func workflow(iterations: Int = 120_000, timeLimit: Double = 20, boundTimeLimit: Double = 20, coverBound: Bool = false,
                  dive: Bool = true) throws -> WeekWorkflow {
        var cal = HolidayCalendar.china
        if let calendar { cal = cal.merging(try HolidayCalendar.load(path: calendar)) }
        let profile = try CenterProfile.load(path: profile)
        let store = try RosterStore(path: store.store, actor: by ?? RosterStore.defaultActor)
        var settings = WeekWorkflow.Settings(profile: profile, calendar: cal, timeLimitSeconds: timeLimit,
                                             engineIterations: iterations, boundTimeLimitSeconds: boundTimeLimit)
        settings.coverBound = coverBound
        settings.dive = dive
        return WeekWorkflow(store: store, settings: settings)
    }
}

extension Roster.Week {
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forecast, plan and roster the week into a new draft revision.",
            discussion: """
                Forecasts from the stored history (roster history import) or --forecast FILE (roster forecast -o), \
                computes requirements, plans tours and rosters the store's eligible people with every approved \
                request and the previous published week. Locks and hand edits of the draft are kept unless --fresh.
                """)
        @OptionGroup var options: WeekOptions
        @Option(help: "A forecast CSV (start,calls,aht_seconds) instead of forecasting from the stored history.")
        var forecast: String?
        @Flag(help: "Drop the draft's locks and hand edits.")
        var fresh = false
        @Option(help: "The planner's time limit in seconds.")
        var timeLimit: Double = 20
        @Option(help: "Annealing iterations of the roster engine.")
        var iterations: Int = 120_000
        @Option(help: "Time limit in seconds of the roster engine's lower bound (column generation); 0: no bound.")
        var boundTimeLimit: Double = 20
        @Flag(help: "Also bound the cover terms alone (engineCoverBound; a second run of the bound's time limit).")
        var coverBound = false
        @Flag(help: "Keep the local search's roster: no column dive after the bound (engineRosterChoice).")
        var noDive = false
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard boundTimeLimit >= 0, boundTimeLimit.isFinite else { throw ValidationError("--bound-time-limit takes seconds ≥ 0 (0: no bound), got \(boundTimeLimit)") }
        }

        func run() async throws {
            let wf = try options.workflow(iterations: iterations, timeLimit: timeLimit, boundTimeLimit: boundTimeLimit, coverBound: coverBound,
                                          dive: !noDive)
            let report = try wf.build(week: try options.monday(), forecast: forecast.map { .file($0) } ?? .storedHistory, fresh: fresh,
                                      progress: { Output.note("week build: " + $0) })
            if output.json { try Output.printJSON(report) } else { print(WeekText.build(report)) }
        }
    }

    struct Reoptimize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-run the roster engine keeping every locked and hand-edited cell.")
        @OptionGroup var options: WeekOptions
        @Option(help: "Annealing iterations of the roster engine.")
        var iterations: Int = 120_000
        @Option(help: "Time limit in seconds of the roster engine's lower bound (column generation); 0: no bound.")
        var boundTimeLimit: Double = 20
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard boundTimeLimit >= 0, boundTimeLimit.isFinite else { throw ValidationError("--bound-time-limit takes seconds ≥ 0 (0: no bound), got \(boundTimeLimit)") }
        }

        func run() async throws {
            let report = try options.workflow(iterations: iterations, boundTimeLimit: boundTimeLimit).reoptimize(week: try options.monday(),
                                                                                progress: { Output.note("week reoptimize: " + $0) })
            if output.json { try Output.printJSON(report) } else { print(WeekText.build(report)) }
        }
    }

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, html, xlsx, json, ics }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a week's roster: the draft, or a published version.")
        @OptionGroup var options: WeekOptions
        @Option(help: "A published version number, or 'draft' (default: the draft, else the latest version).")
        var version: String?
        @Option(help: "table (terminal grid), csv, html, xlsx, json, ics.")
        var format: Format = .table
        @Option(help: "zh or en.")
        var lang: DocumentLanguage = .zh
        @Option(name: .shortAndLong, help: "Write to this file (for ics: a directory); default stdout (xlsx needs -o).")
        var output: String?

        func run() async throws {
            let wf = try options.workflow()
            let week = try options.monday()
            guard let ref = version.map(WeekWorkflow.VersionRef.init) ?? .current else {
                throw ValidationError("--version takes a version number or 'draft', got '\(version ?? "")'")
            }
            let view = try wf.view(week: week, ref)
            func emit(_ text: String) throws {
                if let output { try text.write(toFile: output, atomically: true, encoding: .utf8) } else { print(text, terminator: "") }
            }
            switch format {
            case .table: try emit(view.textTable(language: lang))
            case .csv: try emit(view.csv())
            case .json:
                if let output {
                    let e = JSONEncoder()
                    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    try e.encode(view).write(to: URL(fileURLWithPath: output))
                } else { try Output.printJSON(view) }
            case .html:
                try emit(view.html(profile: wf.settings.profile, calendar: wf.settings.calendar, people: try wf.store.people(), language: lang))
            case .ics:
                guard let output else { throw ValidationError("--format ics writes one file per person: give -o DIRECTORY") }
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                let files = view.icalendars(profile: wf.settings.profile, language: lang)
                for (id, text) in files { try text.write(toFile: output + "/\(id).ics", atomically: true, encoding: .utf8) }
                Output.note("wrote \(files.count) iCalendar files to \(output)")
            case .xlsx:
                guard let output else { throw ValidationError("--format xlsx writes a workbook: give -o FILE.xlsx") }
                try wf.workbook(view, language: lang).write(to: URL(fileURLWithPath: output))
                Output.note("wrote \(output): \(view.rows.count) people, \(view.source)")
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit the draft; every edit is checked against every hard rule before it is saved.",
            discussion: """
                --assign P DATE SHIFT (SHIFT: a code such as E07, a range 07:00-16:00, a shift name, or 休/off), \
                --off P DATE, --swap P1 P2 DATE, --lock P DATE, --unlock P DATE; repeat any of them. All edits \
                are applied together or not at all. An edit that breaks a hard rule is refused (rule, person, \
                date, figures) unless --force --reason TEXT records it as a declared exception.
                """)
        @OptionGroup var options: WeekOptions
        @Option(parsing: .upToNextOption, help: "P DATE SHIFT")
        var assign: [String] = []
        @Option(parsing: .upToNextOption, help: "P DATE")
        var off: [String] = []
        @Option(parsing: .upToNextOption, help: "P1 P2 DATE")
        var swap: [String] = []
        @Option(parsing: .upToNextOption, help: "P DATE")
        var lock: [String] = []
        @Option(parsing: .upToNextOption, help: "P DATE")
        var unlock: [String] = []
        @Flag(help: "Save edits that break hard rules as declared exceptions (needs --reason).")
        var force = false
        @Option(help: "Why the rule is broken (with --force).")
        var reason: String?
        @OptionGroup var output: OutputOptions

        func edits() throws -> [WeekEdit] {
            func groups(_ values: [String], _ n: Int, _ name: String) throws -> [[String]] {
                guard values.count % n == 0 else {
                    throw ValidationError("--\(name) takes \(n) values each time (\(name == "assign" ? "P DATE SHIFT" : name == "swap" ? "P1 P2 DATE" : "P DATE")), got \(values.count)")
                }
                return stride(from: 0, to: values.count, by: n).map { Array(values[$0..<$0 + n]) }
            }
            func date(_ t: String, _ name: String) throws -> CivilDate {
                guard let d = CivilDate.parse(t) else { throw InputError(file: "--\(name)", field: "date", "expected YYYY-MM-DD, got '\(t)'") }
                return d
            }
            var result: [WeekEdit] = []
            for g in try groups(assign, 3, "assign") { result.append(.assign(personId: g[0], date: try date(g[1], "assign"), shift: g[2])) }
            for g in try groups(off, 2, "off") { result.append(.off(personId: g[0], date: try date(g[1], "off"))) }
            for g in try groups(swap, 3, "swap") { result.append(.swap(personId: g[0], otherId: g[1], date: try date(g[2], "swap"))) }
            for g in try groups(lock, 2, "lock") { result.append(.lock(personId: g[0], date: try date(g[1], "lock"))) }
            for g in try groups(unlock, 2, "unlock") { result.append(.unlock(personId: g[0], date: try date(g[1], "unlock"))) }
            return result
        }

        func run() async throws {
            let report = try options.workflow().edit(week: try options.monday(), try edits(), force: force, reason: reason)
            if output.json { try Output.printJSON(report) } else { print(WeekText.edit(report)) }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish the draft as a new version (refused while it breaks a hard rule that is not a declared exception).")
        @OptionGroup var options: WeekOptions
        @Option(help: "A note for the version (audit log).")
        var reason: String = "publish"
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let report = try options.workflow().publish(week: try options.monday(), reason: reason)
            if output.json { try Output.printJSON(report) } else {
                print("Published \(report.weekStart) as version \(report.version) (draft revision \(report.revision)) by \(report.by): \(report.shifts) shifts, \(report.changes) changed since the last version, \(report.exceptions.count) declared exception(s).")
            }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every changed assignment between two rosters of the week.")
        @OptionGroup var options: WeekOptions
        @Option(help: "A version number or 'draft'.")
        var from: String
        @Option(help: "A version number or 'draft' (default: the draft).")
        var to: String = "draft"
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var weekStart: CivilDate
            var from: String
            var to: String
            var changes: [WeekDiff.Change]
        }

        func run() async throws {
            guard let a = WeekWorkflow.VersionRef(from), let b = WeekWorkflow.VersionRef(to) else {
                throw ValidationError("--from and --to take a version number or 'draft'")
            }
            let week = try options.monday()
            let changes = try options.workflow().diff(week: week, from: a, to: b)
            if output.json { try Output.printJSON(Report(weekStart: week, from: a.description, to: b.description, changes: changes)) } else {
                print("\(changes.count) changed assignment(s) from \(a) to \(b):")
                for c in changes { print("  \(c.date) \(c.personId) \(c.name): \(c.from ?? "off") → \(c.to ?? "off")") }
            }
        }
    }

    struct ImportXLSX: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-xlsx",
            abstract: "Read an edited roster workbook back: its changes go through the same validation as edit.")
        @Argument(help: "The .xlsx file (written by show --format xlsx and edited).")
        var file: String
        @OptionGroup var options: WeekOptions
        @Flag(help: "Save changes that break hard rules as declared exceptions (needs --reason).")
        var force = false
        @Option(help: "Why the rule is broken (with --force).")
        var reason: String?
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let report = try options.workflow().importWorkbook(path: file, week: try options.monday(), force: force, reason: reason)
            if output.json { try Output.printJSON(report) } else { print(WeekText.edit(report)) }
        }
    }
}


/// Plain-text reports of the week commands.
enum WeekText {
    static func build(_ r: WeekWorkflow.BuildReport) -> String {
        var lines = [
            "Draft \(r.weekStart) revision \(r.revision): \(r.staff) people on shift, \(r.agents) agents planned, forecast \(Int(r.forecastCalls.rounded())) calls (\(r.forecastModel), \(r.forecastSource)).",
            "Plan: \(r.solver.status) objective \(fmt(r.solver.objective)) bound \(fmt(r.solver.bound)) gap \(r.solver.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "-") in \(String(format: "%.1f", r.solver.seconds)) s.",
            "Roster engine: objective \(fmt(r.objective.total)) (start \(fmt(r.initialObjective.total))) in \(String(format: "%.1f", r.engineSeconds)) s" + (r.engineLowerBound.value.map { b in
                ", lower bound \(fmt(b)), gap \(r.engineGap.value.map { String(format: "%.2f%%", $0 * 100) } ?? "-")" + (r.engineBound.map { String(format: " (bound in %.1f s)", $0.seconds) } ?? "") + "."
            } ?? "; lower bound: none (\(r.boundNote))."),
            "Cover: required \(r.requiredAgentHours), scheduled \(r.scheduledAgentHours), short \(r.shortAgentHours), over \(r.overAgentHours) agent-hours; \(r.keptCells) cell(s) kept, \(r.requestsApplied) people with requests.",
        ]
        if r.engineLowerBound.value != nil { lines.insert("Bound: \(r.boundNote).", at: 3) }
        for w in r.warnings { lines.append("Warning: \(w)") }
        if !r.violations.isEmpty {
            lines.append("Hard rules broken (\(r.violations.count)):")
            lines += r.violations.map { "  \($0)" }
        }
        if !r.dropped.isEmpty {
            lines.append("Shifts left out (\(r.dropped.count)):")
            lines += r.dropped.map { "  \($0.shift.personId) \($0.shift.date): \($0.reason)" }
        }
        if !r.shortHours.isEmpty {
            lines.append("Short hours (\(r.shortHours.count)), first ones:")
            lines += r.shortHours.prefix(10).map { "  \($0.start) \($0.scheduled)/\($0.required): \($0.reason)" }
        }
        if !r.softRuleBreaks.isEmpty {
            lines.append("Soft rules not met (\(r.softRuleBreaks.count)), first ones:")
            lines += r.softRuleBreaks.prefix(10).map { "  \($0.personId) \($0.date.map { "\($0)" } ?? ""): \($0.english)" }
        }
        lines.append("Total \(String(format: "%.1f", r.seconds)) s.")
        return lines.joined(separator: "\n")
    }

    static func edit(_ r: WeekWorkflow.EditReport) -> String {
        var lines = ["Saved draft \(r.weekStart) revision \(r.revision): \(r.applied.count) edit(s), \(r.changes.count) changed assignment(s)."]
        lines += r.changes.map { "  \($0.date) \($0.personId) \($0.name): \($0.from ?? "off") → \($0.to ?? "off")" }
        if !r.exceptions.isEmpty {
            lines.append("Declared exceptions (\(r.exceptions.count)):")
            lines += r.exceptions.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    static func fmt(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "-" }
}
