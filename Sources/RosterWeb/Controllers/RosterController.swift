import Foundation
import HotlineCore
import HTTPTypes
import Hummingbird
import RosterStore
import Workflows

/// The roster week pages and their /api JSON: the grid people × days with a coverage chart per
/// day and the build report (managers, HR, planners; an agent sees only their own row), the cell
/// edit form (same validation as `roster week edit`; a refusal shows the rules broken, 422,
/// nothing saved), build and reoptimize as background jobs, publish, diff, downloads and the
/// workbook import. Every step is one call of `WeekWorkflow` (as the CLI's `roster week`).
struct RosterController {
    let env: WebEnvironment
    typealias WeekView = WeekWorkflow.WeekView

    static let everyone: [AccountRole] = [.manager, .agent, .hr, .planner]

    func addRoutes(to router: Router<WebContext>) {
        let pages = router.group("roster").add(middleware: RequireRole(.manager, .agent, .hr, .planner))
        let staff = router.group("roster").add(middleware: RequireRole(.manager, .hr, .planner))
        let manage = router.group("roster").add(middleware: RequireRole(.manager))
        let api = router.group("api/roster").add(middleware: RequireRole(.manager, .agent, .hr, .planner))
        let apiStaff = router.group("api/roster").add(middleware: RequireRole(.manager, .hr, .planner))
        let apiManage = router.group("api/roster").add(middleware: RequireRole(.manager))
        let people = router.group("api/people").add(middleware: RequireRole(.manager, .agent, .hr, .planner))

        // The week (the view, the grid and the JSON come from the page cache: made once per change of the store).
        pages.get { request, context -> Response in
            let user = try context.requireUser()
            let wf = env.week(for: user)
            let q = request.uri.queryParameters
            let week = try wf.week(field: q.get("week"))
            let ref = try WeekWorkflow.ref(field: q.get("version"), field: "version", default: .current)
            let L = context.language
            let stamp = try env.store.changeStamp()
            let view: WeekView
            do { view = try await cachedView(wf, week: week, ref, user: user, stamp: stamp) } catch WorkflowError.refused(let message) {
                return env.renderer.page("roster-week", title: WebStrings.text("roster_title", L), data: [
                    "week": week.description, "prevWeek": week.adding(days: -7).description, "nextWeek": week.adding(days: 7).description,
                    "empty": message, "manager": user.may([.manager]),
                ], context: context)
            }
            let editable = user.may([.manager])
            let renderer = env.renderer
            let body: String = try await env.cache.value("body|\(week)|\(ref)|\(L.rawValue)|\(scope(user))|\(editable)", stamp: stamp) {
                renderer.fragment("roster-week-body", data: RosterViews.weekBody(view, editable: editable, L), language: L)
            }
            let title = WebStrings.text("roster_title", L) + " \(week)"
            guard let notice = notice(q, L) else {
                // No notice: the whole page is kept for every session of this role and scope.
                let role = user.role, person = user.personId
                let page: SessionPage? = try await env.cache.value("page|\(week)|\(ref)|\(L.rawValue)|\(scope(user))|\(role.rawValue)", stamp: stamp) {
                    var data = RosterViews.week(view, user: user, L, notice: nil)
                    data["body"] = body
                    return renderer.sessionPage("roster-week", title: title, data: data, language: L, role: role, personId: person)
                }
                guard let page else { throw HTTPError(.internalServerError, message: "template roster-week is missing") }
                return page.response(csrf: context.sessions.session?.csrf ?? "", name: user.name)
            }
            var data = RosterViews.week(view, user: user, L, notice: notice)
            data["body"] = body
            return env.renderer.page("roster-week", title: title, data: data, context: context)
        }
        api.get("week") { request, context -> Response in
            let user = try context.requireUser()
            let wf = env.week(for: user)
            let q = request.uri.queryParameters
            let week = try wf.week(field: q.get("week"))
            let ref = try WeekWorkflow.ref(field: q.get("version"), field: "version", default: .current)
            let stamp = try env.store.changeStamp()
            let view = try await cachedView(wf, week: week, ref, user: user, stamp: stamp)
            return JSONResponse.raw(try await env.cache.value("json|\(week)|\(ref)|\(scope(user))", stamp: stamp) { try JSONResponse.encode(view) })
        }
        people.get(":id/schedule") { request, context -> Response in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            if user.isAgent, id != user.personId {
                throw HTTPError(.forbidden, message: "an agent sees only their own schedule")
            }
            let wf = env.week(for: user)
            let q = request.uri.queryParameters
            let ref = try WeekWorkflow.ref(field: q.get("version"), field: "version", default: .current)
            let view = try await cachedView(wf, week: try wf.week(field: q.get("week")), ref, user: user, stamp: try env.store.changeStamp())
            return try JSONResponse.make(try WeekWorkflow.schedule(of: id, in: view))
        }

        // Edits.
        manage.get("edit") { request, context -> Response in
            let user = try context.requireUser()
            let q = request.uri.queryParameters
            return try editPage(user, context, week: q.get("week"), person: q.get("person"), date: q.get("date"),
                                form: [:], breaches: [], message: nil, status: .ok)
        }
        manage.post("edit") { _, context -> Response in
            let user = try context.requireUser()
            let f = context.form
            let wf = env.week(for: user)
            let week = try wf.week(field: f.require("week"))
            let edit = try WeekWorkflow.edit(action: f["action"], person: f["person"], date: f["date"], shift: f["shift"], other: f["other"])
            let force = WeekWorkflow.flag(f["force"])
            let reason = try WeekWorkflow.reason(field: f["reason"])
            do {
                let report = try wf.edit(week: week, [edit], force: force, reason: reason, source: "web-edit")
                return .redirect(to: "/roster?week=\(week)&saved=\(report.changes.count)" + (report.exceptions.isEmpty ? "" : "&forced=\(report.exceptions.count)"))
            } catch WorkflowError.ruleBroken(let breaches, let message) {
                let form = ["action": f["action"] ?? "", "shift": f["shift"] ?? "", "other": f["other"] ?? "", "reason": f["reason"] ?? ""]
                return try editPage(user, context, week: week.description, person: f["person"], date: f["date"], form: form,
                                    breaches: breaches, message: message, status: .unprocessableContent)
            }
        }
        apiManage.post("edit") { _, context -> Response in
            let user = try context.requireUser()
            let f = context.form
            let wf = env.week(for: user)
            let week = try wf.week(field: f.require("week"))
            let edit = try WeekWorkflow.edit(action: f["action"], person: f["person"], date: f["date"], shift: f["shift"], other: f["other"])
            do {
                return try JSONResponse.make(try wf.edit(week: week, [edit], force: WeekWorkflow.flag(f["force"]),
                                                         reason: try WeekWorkflow.reason(field: f["reason"]), source: "web-edit"))
            } catch WorkflowError.ruleBroken(let breaches, let message) {
                return try refusal(breaches, message)
            }
        }

        // Build and reoptimize: background jobs.
        manage.post("build") { _, context -> Response in .redirect(to: "/jobs/\(try await startJob(context, reoptimize: false))") }
        manage.post("reoptimize") { _, context -> Response in .redirect(to: "/jobs/\(try await startJob(context, reoptimize: true))") }
        apiManage.post("build") { _, context -> Response in
            let id = try await startJob(context, reoptimize: false)
            return try JSONResponse.make(["job": id, "poll": "/api/jobs/\(id)"], status: .accepted)
        }
        apiManage.post("reoptimize") { _, context -> Response in
            let id = try await startJob(context, reoptimize: true)
            return try JSONResponse.make(["job": id, "poll": "/api/jobs/\(id)"], status: .accepted)
        }

        // Publish.
        manage.post("publish") { _, context -> Response in
            let user = try context.requireUser()
            let wf = env.week(for: user)
            let week = try wf.week(field: context.form.require("week"))
            let report = try wf.publish(week: week, reason: try WeekWorkflow.reason(field: context.form["reason"]) ?? "publish")
            return .redirect(to: "/roster?week=\(week)&published=\(report.version)")
        }
        apiManage.post("publish") { _, context -> Response in
            let user = try context.requireUser()
            let wf = env.week(for: user)
            let week = try wf.week(field: context.form.require("week"))
            do {
                return try JSONResponse.make(try wf.publish(week: week, reason: try WeekWorkflow.reason(field: context.form["reason"]) ?? "publish"),
                                             status: .created)
            } catch WorkflowError.ruleBroken(let breaches, let message) {
                return try refusal(breaches, message)
            }
        }

        // Diff.
        staff.get("diff") { request, context -> Response in
            let user = try context.requireUser()
            let wf = env.week(for: user)
            let q = request.uri.queryParameters
            let week = try wf.week(field: q.get("week"))
            let refs = try wf.diffRefs(week: week, from: q.get("from"), to: q.get("to"))
            let changes = try wf.diff(week: week, from: refs.from, to: refs.to)
            return env.renderer.page("roster-diff", title: WebStrings.text("roster_diff_title", context.language),
                                     data: RosterViews.diff(week: week, from: refs.from, to: refs.to, changes: changes, context.language),
                                     context: context)
        }
        apiStaff.get("diff") { request, context -> Response in
            struct Body: Encodable { var weekStart: CivilDate; var from: String; var to: String; var changes: [WeekDiff.Change] }
            let user = try context.requireUser()
            let wf = env.week(for: user)
            let q = request.uri.queryParameters
            let week = try wf.week(field: q.get("week"))
            let refs = try wf.diffRefs(week: week, from: q.get("from"), to: q.get("to"))
            return try JSONResponse.make(Body(weekStart: week, from: refs.from.description, to: refs.to.description,
                                              changes: try wf.diff(week: week, from: refs.from, to: refs.to)))
        }

        // Downloads.
        staff.get("export.csv") { request, context -> Response in
            let (view, week) = try exportView(request, context)
            return download(Data(view.csv().utf8), type: "text/csv; charset=utf-8", name: "roster-\(week).csv")
        }
        staff.get("export.xlsx") { request, context -> Response in
            let (view, week) = try exportView(request, context)
            let data = try env.week(for: try context.requireUser()).workbook(view, language: document(context.language))
            return download(data, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "roster-\(week).xlsx")
        }
        pages.get("export.ics") { request, context -> Response in
            let user = try context.requireUser()
            let (view, week) = try exportView(request, context)
            let asked = request.uri.queryParameters.get("person").flatMap { $0.isEmpty ? nil : $0 }
            let person: String
            if user.isAgent {
                guard let own = user.personId else { throw HTTPError(.forbidden, message: "this agent account belongs to no person") }
                if let asked, asked != own { throw HTTPError(.forbidden, message: "an agent downloads only their own calendar") }
                person = own
            } else {
                guard let asked else { throw WebInputError(field: "person", "is required (the person whose calendar to download)") }
                person = asked
            }
            let text = try view.icalendar(of: person, profile: env.profile, language: document(context.language))
            return download(Data(text.utf8), type: "text/calendar; charset=utf-8", name: "roster-\(week)-\(person).ics")
        }

        // Workbook import: the raw .xlsx body with the X-CSRF-Token header; all or nothing.
        apiManage.post("import") { request, context -> Response in
            let user = try context.requireUser()
            let wf = env.week(for: user)
            let q = request.uri.queryParameters
            let week = try wf.week(field: q.get("week") ?? "")
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            do {
                return try JSONResponse.make(try wf.importWorkbook(data: Data(buffer: body), week: week,
                                                                   force: WeekWorkflow.flag(q.get("force")),
                                                                   reason: try WeekWorkflow.reason(field: q.get("reason"))))
            } catch WorkflowError.ruleBroken(let breaches, let message) {
                return try refusal(breaches, message)
            }
        }
    }

    // MARK: - Helpers

    /// The week view as of `stamp` (computed once per change of the store), narrowed to what the
    /// user may see.
    func cachedView(_ wf: WeekWorkflow, week: CivilDate, _ ref: WeekWorkflow.VersionRef, user: WebUser, stamp: Int64) async throws -> WeekView {
        try visible(try await env.cache.value("view|\(week)|\(ref)", stamp: stamp) { try wf.view(week: week, ref) }, to: user)
    }

    /// Whose part of a week a cached page or JSON shows.
    func scope(_ user: WebUser) -> String { user.isAgent ? "agent:\(user.personId ?? "")" : "all" }

    /// What the user may see of a view: an agent only their own row.
    func visible(_ view: WeekView, to user: WebUser) throws -> WeekView {
        guard user.isAgent else { return view }
        guard let own = user.personId else { throw HTTPError(.forbidden, message: "this agent account belongs to no person") }
        return view.only(personId: own)
    }

    func notice(_ q: Parameters, _ L: WebLanguage) -> String? {
        if let v = q.get("published"), let n = Int(v) { return WebStrings.text("roster_published_notice", L) + " \(n)" }
        if let v = q.get("saved"), let n = Int(v) {
            var s = WebStrings.text("roster_saved_notice", L) + " (\(n))"
            if let f = q.get("forced"), let k = Int(f) { s += " · " + WebStrings.text("roster_forced_notice", L) + " \(k)" }
            return s
        }
        return nil
    }

    func editPage(_ user: WebUser, _ context: WebContext, week text: String?, person: String?, date dateText: String?,
                  form: [String: String], breaches: [RuleBreach], message: String?, status: HTTPResponse.Status) throws -> Response {
        let wf = env.week(for: user)
        let week = try wf.week(field: text)
        guard let person = person?.trimmingCharacters(in: .whitespaces), !person.isEmpty else { throw WebInputError(field: "person", "is required") }
        guard let dt = dateText, let date = CivilDate.parse(dt) else { throw WebInputError(field: "date", "expected YYYY-MM-DD, got '\((dateText ?? "").prefix(40))'") }
        let L = context.language
        let view = try wf.view(week: week, .current)
        let data = try RosterViews.edit(view, person: person, date: date, form: form, breaches: breaches, message: message, L)
        return env.renderer.page("roster-edit", title: WebStrings.text("roster_edit_title", L), data: data, context: context, status: status)
    }

    func refusal(_ breaches: [RuleBreach], _ message: String) throws -> Response {
        struct Body: Encodable {
            struct Inner: Encodable { var status: Int; var message: String }
            var error: Inner
            var breaches: [RuleBreach]
        }
        return try JSONResponse.make(Body(error: .init(status: 422, message: message), breaches: breaches), status: .unprocessableContent)
    }

    func startJob(_ context: WebContext, reoptimize: Bool) async throws -> String {
        let user = try context.requireUser()
        let wf = env.week(for: user)
        let week = try wf.week(field: context.form.require("week"))
        let fresh = WeekWorkflow.flag(context.form["fresh"])
        return await env.jobs.start(kind: (reoptimize ? "reoptimize " : "build ") + week.description, owner: user.name) { progress in
            if reoptimize { _ = try wf.reoptimize(week: week, progress: progress) } else {
                _ = try wf.build(week: week, forecast: .storedHistory, fresh: fresh, progress: progress)
            }
            return "/roster?week=\(week)"
        }
    }

    func exportView(_ request: Request, _ context: WebContext) throws -> (WeekView, CivilDate) {
        let user = try context.requireUser()
        let wf = env.week(for: user)
        let q = request.uri.queryParameters
        let week = try wf.week(field: q.get("week"))
        let ref = try WeekWorkflow.ref(field: q.get("version"), field: "version", default: .current)
        return (try visible(try wf.view(week: week, ref), to: user), week)
    }

    func document(_ L: WebLanguage) -> DocumentLanguage { L == .zh ? .zh : .en }

    func download(_ data: Data, type: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
