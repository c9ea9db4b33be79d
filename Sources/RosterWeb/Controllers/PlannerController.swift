import Foundation
import HotlineCore
import Hummingbird
import RosterStore
import Scenarios
import Workflows

/// The Planner pages and their /api JSON (planners, managers, admins): the stored scenarios, a
/// form to change a scenario's multipliers, runs as background jobs, and 2–4 finished runs side
/// by side. Finished runs are kept in memory by `PlannerWorkflow` (until the server restarts).
struct PlannerController {
    let env: WebEnvironment
    /// One per router: the kept runs of this server.
    let planner: PlannerWorkflow

    init(env: WebEnvironment) {
        self.env = env
        self.planner = PlannerWorkflow(runner: WebScenarioRunner(env: env))
    }

    func addRoutes(to router: Router<WebContext>) {
        let pages = router.group("planner").add(middleware: RequireRole(.planner, .manager))
        let api = router.group("api/planner").add(middleware: RequireRole(.planner, .manager))

        pages.get { _, context -> Response in
            let L = context.language
            let runs = planner.finishedRuns()
            return env.renderer.page("planner", title: WebStrings.text("planner_title", L), data: [
                "scenarios": try planner.scenarios().map { Self.scenarioData($0, L) },
                "runs": runs.map { Self.runData($0, L) }, "hasRuns": !runs.isEmpty,
                "canCompare": runs.count >= 2,
            ], context: context)
        }
        api.get("scenarios") { _, _ -> Response in try JSONResponse.make(try planner.scenarios()) }
        api.get("runs") { _, _ -> Response in try JSONResponse.make(planner.finishedRuns()) }
        api.get("runs/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let r = planner.run(id: id) else { throw HTTPError(.notFound, message: "no kept run \(id)") }
            return try JSONResponse.make(r)
        }

        // The form of one scenario: its multipliers, editable.
        pages.get("scenarios/:id") { _, context -> Response in
            let s = try planner.scenario(id: try context.parameters.require("id"))
            let L = context.language
            return env.renderer.page("planner_scenario", title: Self.title(s.name, s.nameEnglish, L),
                                     data: ["scenario": Self.scenarioData(s, L)], context: context)
        }

        // Start a run: a background job; the job page polls and then shows the run.
        let start: @Sendable (WebContext) async throws -> String = { context in
            let user = try context.requireUser()
            let s = try planner.scenario(id: context.form["scenario"] ?? "")
            var fields: [String: String] = [:]
            for (k, v) in context.form.fields { fields[k] = v.first }
            let adjustments = try PlannerWorkflow.adjustments(for: s, fields: fields)
            let planner = self.planner
            return await env.jobs.start(kind: "scenario \(s.id)", owner: user.name) { progress in
                let f = try planner.run(s, adjustments: adjustments, startedBy: user.name, progress: progress)
                progress("run \(f.runId) done in \(String(format: "%.1f", f.seconds)) s")
                return "/planner/runs/\(f.runId)"
            }
        }
        pages.post("runs") { _, context -> Response in .redirect(to: "/jobs/\(try await start(context))") }
        api.post("runs") { _, context -> Response in
            let id = try await start(context)
            return try JSONResponse.make(["job": id, "poll": "/api/jobs/\(id)"], status: .accepted)
        }

        pages.get("runs/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let r = planner.run(id: id) else { throw HTTPError(.notFound, message: "no kept run \(id) (runs are kept until the server restarts)") }
            let L = context.language
            return env.renderer.page("planner_run", title: Self.title(r.name, r.nameEnglish, L), data: [
                "run": Self.runData(r, L),
                "chartSvg": Self.comparisonChart([r], L),
                "hourlySvg": SVGChart.line(r.hourlyRequired.map(Double.init), title: WebStrings.text("planner_hourly_required", L)),
            ], context: context)
        }

        // 2–4 runs side by side: ?runs=a&runs=b or ?runs=a,b.
        pages.get("compare") { request, context -> Response in
            let runs = try planner.compare(ids: request.uri.queryParameters.getAll("runs").map { String($0) })
            let L = context.language
            return env.renderer.page("planner_compare", title: WebStrings.text("planner_compare", L), data: [
                "runs": runs.map { Self.runData($0, L) },
                "chartSvg": Self.comparisonChart(runs, L),
            ], context: context)
        }
        api.get("compare") { request, _ -> Response in
            try JSONResponse.make(try planner.compare(ids: request.uri.queryParameters.getAll("runs").map { String($0) }))
        }
    }

    static func title(_ zh: String, _ en: String?, _ L: WebLanguage) -> String { L == .zh ? zh : (en ?? zh) }

    static func pct(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }
    static func money(_ v: Double) -> String { String(format: "%.0f", v) }

    static func scenarioData(_ s: PlannerScenarioInfo, _ L: WebLanguage) -> [String: Any] {
        [
            "id": s.id, "name": title(s.name, s.nameEnglish, L), "start": s.start.description, "weeks": s.weeks,
            "end": s.start.adding(days: s.weeks * 7 - 1).description, "local": s.local, "emergency": s.emergency,
            "events": s.events.map { e -> [String: Any] in
                ["index": e.index, "name": title(e.name, e.nameEnglish, L), "from": e.from.description, "to": e.to.description,
                 "editable": e.multiplier != nil, "multiplier": e.multiplier.map { String($0) } ?? "",
                 "callsPerHour": e.callsPerHour.map { SVGChart.number($0) } ?? ""]
            },
            "hasHandleTime": s.handleTimeMultiplier != nil, "handleTime": s.handleTimeMultiplier.map { String($0) } ?? "",
            "hasAbsence": s.absenceShare != nil, "absenceShare": s.absenceShare.map { String($0) } ?? "",
        ]
    }

    static func caseData(_ c: PlannerCaseFigures) -> [String: Any] {
        ["required": c.requiredAgentHours, "scheduled": c.scheduledAgentHours, "short": c.shortAgentHours,
         "serviceLevel": pct(c.serviceLevel), "abandonment": pct(c.abandonment), "cost": money(c.cost)]
    }

    static func runData(_ r: PlannerRunFigures, _ L: WebLanguage) -> [String: Any] {
        var changes: [String] = r.adjustments.eventMultipliers.sorted { $0.key < $1.key }.map { "event[\($0.key)] ×\($0.value)" }
        if let h = r.adjustments.handleTimeMultiplier { changes.append("AHT ×\(h)") }
        if let a = r.adjustments.absenceShare { changes.append("absence \(pct(a))") }
        if let w = r.adjustments.weeks { changes.append(WebStrings.text("planner_weeks", L) + " \(w)") }
        return [
            "id": r.runId, "scenarioId": r.scenarioId, "name": title(r.name, r.nameEnglish, L),
            "period": "\(r.periodStart) – \(r.periodEnd)", "weeks": r.weeks, "synthetic": r.synthetic,
            "changes": changes.isEmpty ? WebStrings.text("planner_as_filed", L) : changes.joined(separator: ", "),
            "by": r.startedBy, "seconds": String(format: "%.1f", r.seconds),
            "baseline": caseData(r.baseline), "scenario": caseData(r.scenario),
            "nothingDone": r.nothingDone.map(caseData) ?? [:], "hasNothingDone": r.nothingDone != nil,
            "peakBaseline": r.peakRequiredBaseline, "peakScenario": r.peakRequiredScenario,
            "extraPeople": r.extraPeople, "extraCost": money(r.extraCost),
            "measures": r.extraHoursByMeasure.sorted { $0.key < $1.key }.map { ["measure": $0.key, "hours": String(format: "%.1f", $0.value)] },
            "notes": r.notes,
        ]
    }

    /// Staff needed (peak agents in an hour), cost and service level of each run, grouped.
    static func comparisonChart(_ runs: [PlannerRunFigures], _ L: WebLanguage) -> String {
        SVGChart.grouped(categories: [WebStrings.text("planner_peak_required", L), WebStrings.text("planner_required_hours", L),
                                      WebStrings.text("planner_cost", L), WebStrings.text("planner_service_level", L)],
                         series: runs.map { r in
                             SVGChart.Series(name: "\(r.runId) \(title(r.name, r.nameEnglish, L))",
                                             values: [Double(r.peakRequiredScenario), Double(r.scenario.requiredAgentHours), r.scenario.cost,
                                                      r.scenario.serviceLevel * 100])
                         },
                         title: WebStrings.text("planner_chart", L))
    }
}

/// Loads the scenario files of the project (`rosters/scenarios/`, beside the profile's
/// directory) and of the store's directory (`scenarios/` next to the store file: local trials), and
/// runs one with the store's people (training gate and protected status as `roster scenario`
/// applies them) against a baseline forecast from the store's call history (the synthetic sample
/// history where the store holds none before the period).
struct WebScenarioRunner: PlannerScenarioRunner {
    let projectDirectory: String
    let localDirectory: String?
    let profile: CenterProfile
    let calendar: HolidayCalendar
    let store: RosterStore

    init(env: WebEnvironment) {
        let profileURL = URL(fileURLWithPath: env.configuration.profilePath)
        projectDirectory = profileURL.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios").path
        localDirectory = env.store.path.map { URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("scenarios").path }
        profile = env.profile
        calendar = env.calendar
        store = env.store
    }

    func scenarios() throws -> [PlannerScenarioInfo] {
        var out: [PlannerScenarioInfo] = []
        var seen = Set<String>()
        for (dir, local) in [(projectDirectory, false)] + (localDirectory.map { [($0, true)] } ?? []) {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
            for f in files {
                let id = String(f.dropLast(5))
                guard seen.insert(id).inserted else { continue }
                let s = try Scenario.load(path: dir + "/" + f)
                out.append(PlannerScenarioInfo(
                    id: id, file: f, name: s.name, nameEnglish: s.nameEnglish, start: s.start, weeks: s.weeks,
                    events: s.events.enumerated().map { i, e in
                        .init(index: i, name: e.name, nameEnglish: e.nameEnglish, from: e.from, to: e.to, multiplier: e.multiplier, callsPerHour: e.callsPerHour)
                    },
                    handleTimeMultiplier: s.handleTime.compactMap(\.multiplier).first,
                    absenceShare: s.absences.isEmpty ? nil : (s.absences.map(\.share).max() ?? 0),
                    emergency: s.measures.emergency, local: local))
            }
        }
        return out
    }

    func path(of info: PlannerScenarioInfo) -> String { (info.local ? (localDirectory ?? projectDirectory) : projectDirectory) + "/" + info.file }

    func run(_ info: PlannerScenarioInfo, adjustments a: PlannerAdjustments, progress: @escaping @Sendable (String) -> Void) throws -> PlannerRunFigures {
        progress("loading \(info.file)")
        var s = try Scenario.load(path: path(of: info))
        for (i, m) in a.eventMultipliers where s.events.indices.contains(i) && s.events[i].multiplier != nil { s.events[i].multiplier = m }
        if let h = a.handleTimeMultiplier { for i in s.handleTime.indices where s.handleTime[i].multiplier != nil { s.handleTime[i].multiplier = h } }
        if let share = a.absenceShare { for i in s.absences.indices { s.absences[i].share = share } }
        if let w = a.weeks { s.weeks = w }
        // The store's people on the first day, with the training gate of `roster scenario`.
        let qualified = try store.phoneQualified(on: s.start)
        let leftOut = try store.rosterablePeople(on: s.start).filter { $0.role == .agent && !qualified.contains($0.id) }.map(\.id)
        let people = try store.rosterablePeople(on: s.start).filter { $0.role != .agent || qualified.contains($0.id) }
        let protected = Set(try store.allDetails().filter { $0.value.protectedStatus != nil }.keys)
        // The CLI's default solver (GLPK) and time limit (4 s a weekly plan).
        // The baseline forecast from the store's call history before the period (as `roster week
        // build` forecasts); where the store holds none, or not the 8 weeks before the period, the
        // run says so and uses the synthetic sample history (its figures are marked synthetic).
        let history: HistoryChoice
        if let series = try? HistoryWorkflow(store: store).series(before: s.start) {
            let files = Set(try store.callHistoryImports().map(\.file)).sorted()
            history = .series(series, path: "the store's call history (imported from \(files.joined(separator: ", ")))")
        } else {
            history = .synthetic
        }
        var run = ScenarioRun(profile: profile, scenario: s, people: people, history: history, calendar: calendar)
        run.protectedPeople = protected
        progress("baseline: forecast, requirement and \(s.weeks) weekly plans for \(people.count) people")
        let baseline = try run.baseline()
        progress("scenario: volume, absence and surge measures")
        let o = try run.run(baseline: baseline)
        func figures(_ c: CaseFigures) -> PlannerCaseFigures {
            PlannerCaseFigures(requiredAgentHours: c.requiredAgentHours, scheduledAgentHours: c.scheduledAgentHours, shortAgentHours: c.shortAgentHours,
                               serviceLevel: c.serviceLevel, abandonment: c.abandonment, cost: c.cost)
        }
        var notes = ["baseline forecast from " + o.historySource] + o.notes
        if !leftOut.isEmpty { notes.append("left out (pre-job training not complete on \(s.start)): \(leftOut.count) agents") }
        return PlannerRunFigures(scenarioId: info.id, name: o.name, nameEnglish: o.nameEnglish, periodStart: o.periodStart, periodEnd: o.periodEnd,
                                 weeks: o.weeks, synthetic: o.synthetic, baseline: figures(o.baseline), nothingDone: o.scenario.nothingDone.map(figures),
                                 scenario: figures(o.scenario), peakRequiredBaseline: o.hourly.map(\.baselineRequired).max() ?? 0,
                                 peakRequiredScenario: o.hourly.map(\.scenarioRequired).max() ?? 0, extraPeople: o.extra.people,
                                 extraHoursByMeasure: o.extra.hoursByMeasure, extraCost: o.budget.extraCost,
                                 hourlyRequired: o.hourly.map(\.scenarioRequired), notes: notes)
    }
}
