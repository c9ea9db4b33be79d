import Foundation
import HotlineCore
import Hummingbird
import RosterStore
import Workflows

/// The Requests page and its /api JSON (agents, managers, HR, admins): an agent files leave, a
/// fixed day off, shift wishes and availability for themselves and swaps with a colleague, sees
/// their own requests and swaps, and accepts or declines swaps where they are the colleague; a
/// manager sees everything (filtered by status, week and person) and approves or rejects (a
/// rejection needs a reason); HR reads everything and decides leave. Every step is a call of
/// `RequestDesk` or `SwapsWorkflow`, audited as the web user.
struct RequestsController {
    let env: WebEnvironment

    static let requestSteps = ["approve", "reject", "withdraw"]
    static let swapSteps = ["accept", "decline", "approve", "reject", "withdraw"]

    func authority(_ user: WebUser) throws -> DeskAuthority {
        switch user.role {
        case .admin, .manager: return .manager
        case .hr: return .hr
        case .agent:
            guard let p = user.personId else { throw HTTPError(.forbidden, message: "this agent account names no person") }
            return .agent(personId: p)
        case .planner: throw HTTPError(.forbidden, message: "your role (planner) may not open the requests")
        }
    }

    func desk(_ user: WebUser) throws -> RequestDesk { RequestDesk(store: env.store(for: user), authority: try authority(user)) }
    func swaps(_ user: WebUser) throws -> SwapsWorkflow { SwapsWorkflow(week: env.week(for: user), authority: try authority(user)) }

    /// Runs a desk step; its refusals read as 403 (someone else's step) and 404 (no such id).
    func guarded<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DeskError {
            switch e {
            case .forbidden(let m): throw HTTPError(.forbidden, message: m)
            case .notFound(let m): throw HTTPError(.notFound, message: m)
            }
        }
    }

    func addRoutes(to router: Router<WebContext>) {
        let roles = RequireRole(.agent, .manager, .hr)
        let requestPages = router.group("requests").add(middleware: roles)
        let swapPages = router.group("swaps").add(middleware: roles)
        let requestAPI = router.group("api/requests").add(middleware: roles)
        let swapAPI = router.group("api/swaps").add(middleware: roles)

        requestPages.get { request, context -> Response in try page(request, context) }

        // Filing.
        requestPages.post { _, context -> Response in
            let filed = try fileRequest(context)
            return .redirect(to: "/requests?done=\(filed.alreadyFiled ? "duplicate" : "filed")")
        }
        requestAPI.post { _, context -> Response in
            let filed = try fileRequest(context)
            let user = try context.requireUser()
            let row = try guarded { try desk(user).list(personId: filed.request.personId).first { $0.id == filed.request.id } }
            return try JSONResponse.make(FiledBody(request: row, alreadyFiled: filed.alreadyFiled), status: filed.alreadyFiled ? .ok : .created)
        }
        swapPages.post { _, context -> Response in
            _ = try fileSwap(context)
            return .redirect(to: "/requests?done=swap_filed")
        }
        swapAPI.post { _, context -> Response in
            try JSONResponse.make(try fileSwap(context), status: .created)
        }

        // Decisions.
        for step in Self.requestSteps {
            let path = RouterPath(stringLiteral: ":id/\(step)")
            requestPages.post(path) { _, context -> Response in
                _ = try decideRequest(step, context)
                return .redirect(to: "/requests?done=\(step)")
            }
            requestAPI.post(path) { _, context -> Response in
                let r = try decideRequest(step, context)
                let user = try context.requireUser()
                let row = try guarded { try desk(user).list(personId: r.personId).first { $0.id == r.id } }
                return try JSONResponse.make(row)
            }
        }
        for step in Self.swapSteps {
            let path = RouterPath(stringLiteral: ":id/\(step)")
            swapPages.post(path) { _, context -> Response in
                _ = try decideSwap(step, context)
                return .redirect(to: "/requests?done=swap_\(step)")
            }
            swapAPI.post(path) { _, context -> Response in
                try JSONResponse.make(try decideSwap(step, context))
            }
        }

        // Lists.
        requestAPI.get { request, context -> Response in
            let user = try context.requireUser()
            let f = try Filters(request, context.language)
            let rows = try guarded { try desk(user).list(personId: f.person, status: f.requestStatus, week: f.week) }
            return try JSONResponse.make(["requests": f.status.isEmpty || f.requestStatus != nil ? rows : []])
        }
        swapAPI.get { request, context -> Response in
            let user = try context.requireUser()
            let f = try Filters(request, context.language)
            let rows = try guarded { try swaps(user).list(personId: f.person, status: f.swapStatus, week: f.week) }
            return try JSONResponse.make(["swaps": f.status.isEmpty || f.swapStatus != nil ? rows : []])
        }
    }

    // MARK: - Steps

    struct FiledBody: Encodable {
        var request: RequestRow?
        var alreadyFiled: Bool
    }

    struct SwapDecision: Encodable {
        var swap: ShiftSwap
        /// The draft's revision and changes when the swap was approved.
        var draftRevision: Int?
        var changes: Int?
    }

    func fileRequest(_ context: WebContext) throws -> RequestsWorkflow.Filed {
        let user = try context.requireUser()
        let f = context.form
        let fields = StaffRequestsCSV.Fields(kind: f["kind"] ?? "", from: f["from"] ?? "", to: f["to"] ?? "", shift: f["shift"] ?? "",
                                             weight: f["weight"] ?? "", validFrom: f["valid_from"] ?? "", validUntil: f["valid_until"] ?? "",
                                             leaveKind: f["leave_kind"] ?? "")
        return try guarded { try desk(user).file(personId: f["person_id"], fields: fields, note: f["note"] ?? "") }
    }

    func fileSwap(_ context: WebContext) throws -> ShiftSwap {
        let user = try context.requireUser()
        let f = context.form
        return try guarded { try swaps(user).file(requesterId: f["requester"], colleagueId: f["colleague"] ?? "", date: f["date"] ?? "",
                                                  note: f["note"] ?? "") }
    }

    static func id(_ context: WebContext) throws -> Int {
        let text = try context.parameters.require("id")
        guard let id = Int(text), id > 0 else { throw WebInputError(field: "id", "expected a number, got '\(text)'") }
        return id
    }

    func decideRequest(_ step: String, _ context: WebContext) throws -> StaffRequest {
        let user = try context.requireUser()
        let id = try Self.id(context)
        let reason = context.form["reason"]
        let d = try desk(user)
        return try guarded {
            switch step {
            case "approve": return try d.approve(id: id, reason: reason)
            case "reject": return try d.reject(id: id, reason: reason)
            default: return try d.withdraw(id: id, reason: reason)
            }
        }
    }

    func decideSwap(_ step: String, _ context: WebContext) throws -> SwapDecision {
        let user = try context.requireUser()
        let id = try Self.id(context)
        let reason = context.form["reason"]
        let w = try swaps(user)
        return try guarded {
            switch step {
            case "accept": return SwapDecision(swap: try w.accept(id: id, reason: reason))
            case "decline": return SwapDecision(swap: try w.decline(id: id, reason: reason))
            case "approve":
                let (s, report) = try w.approve(id: id, reason: reason)
                return SwapDecision(swap: s, draftRevision: report.revision, changes: report.changes.count)
            case "reject": return SwapDecision(swap: try w.reject(id: id, reason: reason))
            default: return SwapDecision(swap: try w.withdraw(id: id, reason: reason))
            }
        }
    }

    // MARK: - The page

    /// The list filters of the page and the API: `status` (a request or a swap status; empty =
    /// all), `week` (any day of it; the Monday is used) and `person`.
    struct Filters {
        var status: String
        var requestStatus: RequestStatus?
        var swapStatus: SwapStatus?
        var week: CivilDate?
        var person: String?

        init(_ request: Request, _ language: WebLanguage) throws {
            let q = request.uri.queryParameters
            status = (q.get("status") ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            requestStatus = RequestStatus(rawValue: status)
            swapStatus = SwapStatus(rawValue: status)
            if !status.isEmpty, requestStatus == nil, swapStatus == nil {
                throw WebInputError(field: "status", "unknown status '\(status)'; expected one of "
                                    + Set(RequestStatus.allCases.map(\.rawValue) + SwapStatus.allCases.map(\.rawValue)).sorted().joined(separator: ", "))
            }
            let w = (q.get("week") ?? "").trimmingCharacters(in: .whitespaces)
            if !w.isEmpty {
                guard let d = CivilDate.parse(w) else { throw WebInputError(field: "week", "expected a date YYYY-MM-DD, got '\(w)'") }
                week = d.mondayOfWeek
            }
            let p = (q.get("person") ?? "").trimmingCharacters(in: .whitespaces)
            person = p.isEmpty ? nil : p
        }
    }

    func page(_ request: Request, _ context: WebContext) throws -> Response {
        let user = try context.requireUser()
        let L = context.language
        let f = try Filters(request, L)
        let desk = try desk(user), swaps = try swaps(user)
        let requestRows = f.status.isEmpty || f.requestStatus != nil
            ? try guarded { try desk.list(personId: f.person, status: f.requestStatus, week: f.week) } : []
        let swapRows = f.status.isEmpty || f.swapStatus != nil
            ? try guarded { try swaps.list(personId: f.person, status: f.swapStatus, week: f.week) } : []
        let openRequests = requestRows.filter { $0.status == RequestStatus.pending.rawValue }
        let decidedRequests = requestRows.filter { $0.status != RequestStatus.pending.rawValue }
        let openSwaps = swapRows.filter(\.swap.status.isOpen)
        let decidedSwaps = swapRows.filter { !$0.swap.status.isOpen }
        let kinds = user.isAgent ? RequestDesk.selfServiceKinds : RequestKind.allCases
        // An agent picks the colleague among the people of their own role.
        var colleagues: [[String: String]] = []
        if let own = user.personId, let me = try env.store.person(id: own) {
            colleagues = try env.store.people().filter { $0.role == me.role && $0.id != own }.map { ["id": $0.id, "name": $0.name] }
        }
        let done = request.uri.queryParameters.get("done").map { "requests_done_\($0)" }
            .flatMap { WebStrings.all[$0] != nil ? WebStrings.text($0, L) : nil }
        var statuses: [[String: Any]] = [["value": "", "label": WebStrings.text("requests_all", L), "selected": f.status.isEmpty]]
        for s in RequestStatus.allCases.map(\.rawValue) + [SwapStatus.filed, .accepted, .declined].map(\.rawValue) {
            statuses.append(["value": s, "label": WebStrings.text("requests_status_\(s)", L), "selected": f.status == s])
        }
        return env.renderer.page("requests", title: WebStrings.text("requests_title", L), data: [
            "isAgent": user.isAgent, "fileForOthers": !user.isAgent,
            "done": done ?? "", "hasDone": done != nil,
            "kinds": kinds.map { ["value": $0.rawValue, "label": WebStrings.text("requests_kind_\($0.rawValue)", L)] },
            "wishShifts": WishShift.allCases.map { ["value": $0.rawValue, "label": WebStrings.text("requests_shift_\($0.rawValue)", L)] },
            "colleagues": colleagues, "pickColleague": !colleagues.isEmpty,
            "statuses": statuses, "filterWeek": f.week?.description ?? "", "filterPerson": f.person ?? "",
            "openRequests": openRequests.map { Self.requestData($0, L) }, "hasOpenRequests": !openRequests.isEmpty,
            "decidedRequests": decidedRequests.map { Self.requestData($0, L) }, "hasDecidedRequests": !decidedRequests.isEmpty,
            "openSwaps": openSwaps.map { Self.swapData($0, L) }, "hasOpenSwaps": !openSwaps.isEmpty,
            "decidedSwaps": decidedSwaps.map { Self.swapData($0, L) }, "hasDecidedSwaps": !decidedSwaps.isEmpty,
        ], context: context)
    }

    /// `2026-12-01T08:30:12.345Z` → `2026-12-01 08:30`.
    static func when(_ t: String?) -> String {
        guard let t, t.count >= 16 else { return t ?? "" }
        return String(t.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    static func requestData(_ r: RequestRow, _ L: WebLanguage) -> [String: Any] {
        var what: [String] = []
        switch r.kind {
        case RequestKind.leave.rawValue:
            what.append(r.from == r.to || r.to.isEmpty ? r.from : "\(r.from) – \(r.to)")
            if !r.leaveKind.isEmpty { what.append("(\(r.leaveKind))") }
        case RequestKind.dayOff.rawValue:
            what.append(Int(r.from).map { WebStrings.text("requests_weekday_\($0)", L) } ?? r.from)
        case RequestKind.shiftOn.rawValue, RequestKind.shiftOff.rawValue:
            what.append(r.from)
            if !r.shift.isEmpty { what.append(WebStrings.text("requests_shift_\(r.shift)", L)) }
        default:
            what.append(r.to.isEmpty ? r.from : "\(r.from) \(r.to)")
        }
        if !r.validFrom.isEmpty || !r.validUntil.isEmpty { what.append("[\(r.validFrom) – \(r.validUntil)]") }
        return [
            "id": r.id, "person": r.personId, "name": r.name,
            "kind": WebStrings.text("requests_kind_\(r.kind)", L), "what": what.joined(separator: " "),
            "note": r.note, "status": WebStrings.text("requests_status_\(r.status)", L), "statusCode": r.status,
            "filedAt": when(r.filedAt), "filedBy": r.filedBy,
            "decidedAt": when(r.decidedAt), "decidedBy": r.decidedBy ?? "", "reason": r.reason ?? "",
            "hasNote": !r.note.isEmpty, "hasDecided": r.decidedBy != nil, "hasReason": !(r.reason ?? "").isEmpty,
            "approve": r.actions.contains("approve"), "reject": r.actions.contains("reject"),
            "decide": r.actions.contains("approve") || r.actions.contains("reject"), "withdraw": r.actions.contains("withdraw"),
        ]
    }

    static func swapData(_ row: SwapRow, _ L: WebLanguage) -> [String: Any] {
        let s = row.swap
        func shift(_ t: String?) -> String {
            guard let t else { return WebStrings.text("requests_unknown_shift", L) }
            return t.isEmpty ? WebStrings.text("requests_off", L) : t
        }
        return [
            "id": s.id, "requester": s.requesterId, "requesterName": row.requesterName,
            "colleague": s.colleagueId, "colleagueName": row.colleagueName, "date": s.date.description,
            "requesterShift": shift(s.requesterShift), "colleagueShift": shift(s.colleagueShift),
            "note": s.note, "status": WebStrings.text("requests_status_\(s.status.rawValue)", L), "statusCode": s.status.rawValue,
            "filedAt": when(s.filedAt), "filedBy": s.filedBy,
            "answeredAt": when(s.answeredAt), "answeredBy": s.answeredBy ?? "", "answerReason": s.answerReason ?? "",
            "decidedAt": when(s.decidedAt), "decidedBy": s.decidedBy ?? "", "reason": s.decisionReason ?? "",
            "draftRevision": s.draftRevision.map(String.init) ?? "",
            "hasNote": !s.note.isEmpty, "hasAnswered": s.answeredBy != nil, "hasAnswerReason": !(s.answerReason ?? "").isEmpty,
            "hasDecided": s.decidedBy != nil, "hasReason": !(s.decisionReason ?? "").isEmpty, "hasRevision": s.draftRevision != nil,
            "accept": row.actions.contains("accept"), "decline": row.actions.contains("decline"),
            "answer": row.actions.contains("accept") || row.actions.contains("decline"),
            "approve": row.actions.contains("approve"), "reject": row.actions.contains("reject"),
            "decide": row.actions.contains("approve") || row.actions.contains("reject"), "withdraw": row.actions.contains("withdraw"),
        ]
    }
}
