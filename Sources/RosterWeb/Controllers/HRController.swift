import Foundation
import HotlineCore
import Hummingbird
import RosterStore
import Workflows

/// The HR pages and their /api JSON (HR, managers, admins): people (personal data masked unless
/// the user sees it), hiring, leave, separation, protected status; the training gate; attendance
/// and absences; incidents; open replacement triggers with suggested successors; the monthly KPIs.
/// Every step is a call of `HRWorkflow`.
struct HRController {
    let env: WebEnvironment

    func workflow(_ user: WebUser) -> HRWorkflow {
        HRWorkflow(store: env.store(for: user), rules: env.profile.replacementRules, headcountMinimum: env.profile.staff.minTotal)
    }

    func addRoutes(to router: Router<WebContext>) {
        let pages = router.group("hr").add(middleware: RequireRole(.hr, .manager))
        let api = router.group("api/hr").add(middleware: RequireRole(.hr, .manager))

        // People.
        pages.get { request, context -> Response in
            let user = try context.requireUser()
            let date = try HRWorkflow.optionalDate(request.uri.queryParameters.get("date"), field: "date", default: HRWorkflow.today())
            let rows = try workflow(user).people(on: date, unmasked: user.seesPersonalData)
            let L = context.language
            return env.renderer.page("hr", title: WebStrings.text("hr_title", L), data: [
                "hrNav": Self.nav("people", L), "date": date.description, "count": rows.count,
                "people": rows.map { Self.personData($0, L) },
                "unmasked": user.seesPersonalData,
                "saved": request.uri.queryParameters.get("saved") != nil,
                "roles": Role.allCases.map { ["value": $0.rawValue, "label": Self.roleName($0, L)] },
                "statuses": ProtectedStatus.allCases.map { ["value": $0.rawValue, "label": WebStrings.text("hr_ps_\($0.rawValue)", L)] },
                "reasons": SeparationReason.allCases.map { ["value": $0.rawValue, "label": WebStrings.text("hr_sep_\($0.rawValue)", L)] },
            ], context: context)
        }
        api.get("people") { request, context -> Response in
            let user = try context.requireUser()
            let date = try HRWorkflow.optionalDate(request.uri.queryParameters.get("date"), field: "date", default: HRWorkflow.today())
            return try JSONResponse.make(try workflow(user).people(on: date, unmasked: user.seesPersonalData))
        }
        pages.post("people") { _, context -> Response in
            try workflow(try context.requireUser()).hire(Self.hire(context.form))
            return .redirect(to: "/hr?saved=1")
        }
        api.post("people") { _, context -> Response in
            let p = try workflow(try context.requireUser()).hire(Self.hire(context.form))
            return try JSONResponse.make(["id": p.id, "name": p.name], status: .created)
        }
        for (path, action) in [("leave", "leave"), ("separation", "separation"), ("protected", "protected")] {
            let handler: @Sendable (Request, WebContext) async throws -> Void = { _, context in
                let w = workflow(try context.requireUser())
                let f = context.form
                switch action {
                case "leave":
                    try w.recordLeave(personId: f["person_id"] ?? "", kind: f["kind"] ?? "", firstDay: f["first_day"] ?? "", lastDay: f["last_day"] ?? "")
                case "separation":
                    try w.recordSeparation(personId: f["person_id"] ?? "", date: f["date"] ?? "", reason: f["reason"] ?? "")
                default:
                    try w.setProtectedStatus(personId: f["person_id"] ?? "", status: f["status"] ?? "")
                }
            }
            pages.post(RouterPath(stringLiteral: path)) { request, context -> Response in
                try await handler(request, context)
                return .redirect(to: "/hr?saved=1")
            }
            api.post(RouterPath(stringLiteral: path)) { request, context -> Response in
                try await handler(request, context)
                return try JSONResponse.make(["ok": true])
            }
        }

        // Training gate.
        pages.get("training") { request, context -> Response in
            let user = try context.requireUser()
            let date = try HRWorkflow.optionalDate(request.uri.queryParameters.get("date"), field: "date", default: HRWorkflow.today())
            let o = try workflow(user).training(on: date)
            let L = context.language
            return env.renderer.page("hr_training", title: WebStrings.text("hr_training", L), data: [
                "hrNav": Self.nav("training", L), "date": date.description, "qualified": o.phoneQualified,
                "courses": o.courses.map { ["id": $0.courseId, "name": $0.name, "stage": WebStrings.text("hr_stage_\($0.stage.rawValue)", L),
                                            "topic": WebStrings.text("hr_topic_\($0.topic.rawValue)", L), "hours": SVGChart.number($0.hours)] },
                "gaps": o.notQualified.map { ["id": $0.personId, "name": $0.name,
                                              "missing": $0.missing.map { WebStrings.text("hr_topic_\($0.rawValue)", L) }.joined(separator: L == .zh ? "、" : ", ")] },
            ], context: context)
        }
        api.get("training") { request, context -> Response in
            let date = try HRWorkflow.optionalDate(request.uri.queryParameters.get("date"), field: "date", default: HRWorkflow.today())
            return try JSONResponse.make(try workflow(try context.requireUser()).training(on: date))
        }

        // Attendance and absences.
        pages.get("attendance") { request, context -> Response in
            let user = try context.requireUser()
            let month = try HRWorkflow.month(request.uri.queryParameters.get("month"), default: Self.thisMonth())
            let o = try workflow(user).attendance(month: month)
            let L = context.language
            return env.renderer.page("hr_attendance", title: WebStrings.text("hr_attendance", L), data: [
                "hrNav": Self.nav("attendance", L), "month": month.description, "events": o.events,
                "rows": o.people.map { ["id": $0.personId, "events": $0.events, "first": $0.firstAt.description, "last": $0.lastAt.description] },
                "leave": o.leave.map { ["id": $0.personId, "kind": $0.kind, "first": $0.firstDay.description, "last": $0.lastDay.description] },
            ], context: context)
        }
        api.get("attendance") { request, context -> Response in
            let month = try HRWorkflow.month(request.uri.queryParameters.get("month"), default: Self.thisMonth())
            return try JSONResponse.make(try workflow(try context.requireUser()).attendance(month: month))
        }

        // Incidents.
        pages.get("incidents") { _, context -> Response in
            let rows = try workflow(try context.requireUser()).incidents()
            let L = context.language
            return env.renderer.page("hr_incidents", title: WebStrings.text("hr_incidents", L), data: [
                "hrNav": Self.nav("incidents", L),
                "incidents": rows.map { ["id": $0.id, "person": $0.personId, "date": $0.date.description,
                                         "kind": WebStrings.text("hr_kind_\($0.kind.rawValue)", L), "verified": $0.verified,
                                         "liable": $0.liable, "serious": $0.serious] },
            ], context: context)
        }
        api.get("incidents") { _, context -> Response in
            try JSONResponse.make(try workflow(try context.requireUser()).incidents())
        }
        pages.post("incidents/:id") { _, context -> Response in
            try workflow(try context.requireUser()).updateIncident(id: try context.parameters.require("id"),
                                                                     verified: context.form["verified"] ?? "", liable: context.form["liable"] ?? "")
            return .redirect(to: "/hr/incidents")
        }

        // Replacement triggers with suggested successors.
        pages.get("replacements") { request, context -> Response in
            let user = try context.requireUser()
            let date = try HRWorkflow.optionalDate(request.uri.queryParameters.get("date"), field: "date", default: HRWorkflow.today())
            let list = try workflow(user).triggers(on: date)
            let L = context.language
            return env.renderer.page("hr_replacements", title: WebStrings.text("hr_replacements", L), data: [
                "hrNav": Self.nav("replacements", L), "date": date.description,
                "triggers": list.map { s -> [String: Any] in
                    let t = s.trigger
                    return ["person": t.personId, "name": t.name, "role": Self.roleName(t.role, L), "triggerId": t.triggerId,
                            "trigger": WebStrings.text("hr_trigger_\(t.trigger.rawValue)", L), "firedOn": t.firedOn.description,
                            "evidence": t.evidence.count,
                            "protected": t.protectedStatus.map { WebStrings.text("hr_ps_\($0.rawValue)", L) } ?? "",
                            "candidates": s.candidates.map { ["rank": $0.rank, "id": $0.personId, "name": $0.name,
                                                              "why": L == .zh ? $0.whyChinese : $0.why] },
                            "noCandidates": s.candidates.isEmpty]
                },
            ], context: context)
        }
        api.get("replacements") { request, context -> Response in
            let date = try HRWorkflow.optionalDate(request.uri.queryParameters.get("date"), field: "date", default: HRWorkflow.today())
            return try JSONResponse.make(try workflow(try context.requireUser()).triggers(on: date))
        }
        pages.post("replacements/close") { _, context -> Response in
            let f = context.form
            try workflow(try context.requireUser()).closeReplacement(personId: f["person_id"] ?? "", triggerId: f["trigger_id"] ?? "",
                                                                     successorId: f["successor_id"] ?? "", effectiveOn: f["effective_on"] ?? "")
            return .redirect(to: "/hr/replacements")
        }
        pages.post("replacements/waive") { _, context -> Response in
            let f = context.form
            try workflow(try context.requireUser()).waive(personId: f["person_id"] ?? "", triggerId: f["trigger_id"] ?? "",
                                                          reason: f["reason"] ?? "", on: f["date"] ?? "")
            return .redirect(to: "/hr/replacements")
        }

        // KPI dashboard.
        pages.get("kpi") { request, context -> Response in
            let user = try context.requireUser()
            let month = try HRWorkflow.month(request.uri.queryParameters.get("month"), default: Self.thisMonth())
            let d = try workflow(user).dashboard(month: month, answerRateTarget: env.profile.service.target)
            let L = context.language
            let shares = d.kpis.filter { !["liable_complaints", "headcount"].contains($0.key) }
            let chart = SVGChart.bars(shares.map {
                SVGChart.Bar(label: WebStrings.text("hr_kpi_\($0.key)", L), value: ($0.value ?? 0) * 100, target: $0.target.map { $0 * 100 },
                             good: $0.met, valueText: $0.value.map { String(format: "%.1f%%", $0 * 100) } ?? "—")
            }, title: WebStrings.text("hr_kpi_chart", L) + " \(month)", max: 100)
            let counts = d.kpis.filter { ["liable_complaints", "headcount"].contains($0.key) }
            let countChart = SVGChart.bars(counts.map {
                SVGChart.Bar(label: WebStrings.text("hr_kpi_\($0.key)", L), value: $0.value ?? 0, target: $0.target, good: $0.met)
            }, title: WebStrings.text("hr_kpi_counts", L), width: 300)
            return env.renderer.page("hr_kpi", title: WebStrings.text("hr_kpi", L), data: [
                "hrNav": Self.nav("kpi", L), "month": month.description,
                "kpis": d.kpis.map { k -> [String: Any] in
                    let share = !["liable_complaints", "headcount"].contains(k.key)
                    func show(_ v: Double?) -> String { v.map { share ? String(format: "%.2f%%", $0 * 100) : SVGChart.number($0) } ?? "—" }
                    return ["name": WebStrings.text("hr_kpi_\(k.key)", L), "value": show(k.value), "target": show(k.target),
                            "met": k.met == true, "missed": k.met == false]
                },
                "chartSvg": chart, "countSvg": countChart, "anomalies": d.assessment.anomalies.count,
            ], context: context)
        }
        api.get("kpi") { request, context -> Response in
            let month = try HRWorkflow.month(request.uri.queryParameters.get("month"), default: Self.thisMonth())
            return try JSONResponse.make(try workflow(try context.requireUser()).dashboard(month: month, answerRateTarget: env.profile.service.target))
        }
    }

    static func thisMonth() -> YearMonth {
        let d = HRWorkflow.today()
        return YearMonth(year: d.year, month: d.month)!
    }

    static func hire(_ f: FormData) -> HRWorkflow.Hire {
        HRWorkflow.Hire(id: f["id"] ?? "", name: f["name"] ?? "", role: f["role"] ?? "agent", skills: f["skills"] ?? "phone",
                        hiredOn: f["hired_on"] ?? "", contractHoursPerWeek: f["contract_hours_per_week"] ?? "40",
                        phone: f["phone"] ?? "", nationalID: f["national_id"] ?? "", contract: f["contract"] ?? "",
                        protectedStatus: f["protected_status"] ?? "")
    }

    static func roleName(_ r: Role, _ L: WebLanguage) -> String { L == .zh ? r.chineseName : r.rawValue }

    static func personData(_ p: HRWorkflow.PersonRow, _ L: WebLanguage) -> [String: Any] {
        [
            "id": p.id, "name": p.name, "role": roleName(p.role, L), "hiredOn": p.hiredOn.description,
            "skills": p.skills.joined(separator: ", "), "hours": SVGChart.number(p.contractHoursPerWeek), "contract": p.contract,
            "protected": p.protectedStatus.map { WebStrings.text("hr_ps_\($0.rawValue)", L) } ?? "",
            "phone": p.phone ?? "", "nationalID": p.nationalID ?? "",
            "qualified": p.phoneQualified,
            "missing": p.missingPreJobTopics.map { WebStrings.text("hr_topic_\($0.rawValue)", L) }.joined(separator: L == .zh ? "、" : ", "),
            "onLeave": p.onLeave, "separatedOn": p.separatedOn?.description ?? "", "openTrigger": p.openTrigger,
        ]
    }

    static func nav(_ current: String, _ L: WebLanguage) -> [[String: Any]] {
        [("people", "/hr"), ("training", "/hr/training"), ("attendance", "/hr/attendance"), ("incidents", "/hr/incidents"),
         ("replacements", "/hr/replacements"), ("kpi", "/hr/kpi")].map {
            ["path": $0.1, "label": WebStrings.text($0.0 == "people" ? "hr_people" : "hr_\($0.0)", L), "current": $0.0 == current]
        }
    }
}
