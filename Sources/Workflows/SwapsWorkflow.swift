import Foundation
import HotlineCore
import RosterStore
import Rostering

/// Who acts on the requests desk: an agent (their own requests and swaps only), HR (reads
/// everything, decides leave requests) or a manager (decides everything). The web maps its
/// roles to these; the CLI acts as `.manager`.
public enum DeskAuthority: Sendable, Hashable {
    case agent(personId: String)
    case hr
    case manager

    var personId: String? { if case let .agent(p) = self { return p } else { return nil } }
}

/// Why the requests desk refused a step for this user (the web: 403 and 404).
public enum DeskError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The step is someone else's to take.
    case forbidden(String)
    /// No such request or swap.
    case notFound(String)

    public var description: String {
        switch self {
        case .forbidden(let m), .notFound(let m): return m
        }
    }
}

/// One request as the requests pages and `/api/requests` list it: the text fields of the
/// request (as the requests CSV writes them), the decision's who/when/why and the steps the
/// reader may take (`approve`, `reject`, `withdraw`).
public struct RequestRow: Sendable, Codable, Hashable {
    public var id: Int
    public var personId: String
    public var name: String
    public var kind: String
    public var from: String
    public var to: String
    public var shift: String
    public var weight: String
    public var leaveKind: String
    public var validFrom: String
    public var validUntil: String
    public var note: String
    public var status: String
    public var filedAt: String
    public var filedBy: String
    public var decidedAt: String?
    public var decidedBy: String?
    public var reason: String?
    public var actions: [String]
}

/// One swap as the pages and `/api/swaps` list it, with the steps the reader may take
/// (`accept`, `decline`, `approve`, `reject`, `withdraw`).
public struct SwapRow: Sendable, Codable, Hashable {
    public var swap: ShiftSwap
    public var requesterName: String
    public var colleagueName: String
    public var actions: [String]
}

/// The requests desk over `RequestsWorkflow`: filing, listing and deciding requests with the
/// checks of who may do what (an agent files and withdraws only their own; a manager decides
/// all; HR decides leave). Every change is audited as the store's actor.
public struct RequestDesk: Sendable {
    public let requests: RequestsWorkflow
    public let authority: DeskAuthority

    public init(store: RosterStore, authority: DeskAuthority) {
        self.requests = RequestsWorkflow(store: store)
        self.authority = authority
    }

    /// The kinds an agent files for themselves (training and protected status are HR's).
    public static let selfServiceKinds: [RequestKind] = [.leave, .dayOff, .shiftOn, .shiftOff, .unavailable]
    /// The longest note kept.
    public static let maxNote = 500

    /// Files one request for `personId` (an agent: empty or their own id; anyone else: required).
    public func file(personId: String?, fields: StaffRequestsCSV.Fields, note: String) throws -> RequestsWorkflow.Filed {
        let given = (personId ?? "").trimmingCharacters(in: .whitespaces)
        let person: String
        switch authority {
        case let .agent(own):
            guard given.isEmpty || given == own else {
                throw DeskError.forbidden("an agent files requests only for themselves (\(own)), not for \(given)")
            }
            let kind = fields.kind.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
            if let k = RequestKind(rawValue: kind), !Self.selfServiceKinds.contains(k) {
                throw RequestFieldError(field: "kind", "a \(k.rawValue) request is filed by HR; you may file \(Self.selfServiceKinds.map(\.rawValue).joined(separator: ", "))")
            }
            person = own
        case .hr, .manager:
            guard !given.isEmpty else { throw RequestFieldError(field: "person_id", "is required: whose request it is") }
            person = given
        }
        let text = try Self.note(note)
        return try requests.add(personId: person, fields: fields, note: text, source: "web")
    }

    /// A note as kept: trimmed, at most `maxNote` characters, no control characters.
    static func note(_ raw: String, field: String = "note") throws -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= maxNote else { throw RequestFieldError(field: field, "is \(text.count) characters long; at most \(maxNote)") }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) else {
            throw RequestFieldError(field: field, "contains control characters")
        }
        return text
    }

    /// Requests by id (an agent: only their own; naming another person is refused).
    public func list(personId: String? = nil, status: RequestStatus? = nil, week: CivilDate? = nil) throws -> [RequestRow] {
        var person = personId
        if let own = authority.personId {
            if let p = personId, p != own { throw DeskError.forbidden("an agent sees only their own requests") }
            person = own
        }
        let names = Dictionary(try requests.store.people().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try requests.list(personId: person, status: status, week: week).map { row($0, names: names) }
    }

    func row(_ r: StaffRequest, names: [String: String]) -> RequestRow {
        let f = StaffRequestsCSV.fields(r.payload)
        return RequestRow(id: r.id, personId: r.personId, name: names[r.personId] ?? "", kind: r.kind.rawValue, from: f.from, to: f.to,
                          shift: f.shift, weight: f.weight, leaveKind: f.leaveKind, validFrom: f.validFrom, validUntil: f.validUntil,
                          note: r.note, status: r.status.rawValue, filedAt: r.filedAt ?? "", filedBy: r.filedBy ?? "",
                          decidedAt: r.decidedAt, decidedBy: r.decidedBy, reason: r.decisionReason, actions: actions(r))
    }

    /// The steps this reader may take on the request.
    func actions(_ r: StaffRequest) -> [String] {
        var out: [String] = []
        let decides: Bool
        switch authority {
        case .manager: decides = true
        case .hr: decides = r.kind == .leave
        case let .agent(own): decides = false; if own == r.personId, r.status.isOpen { out.append("withdraw") }
        }
        if decides {
            if r.status == .pending { out += ["approve", "reject"] }
            if r.status.isOpen { out.append("withdraw") }
        }
        return out
    }

    /// Approves a pending request (a manager; HR for leave).
    @discardableResult
    public func approve(id: Int, reason: String?) throws -> StaffRequest {
        let r = try permitted(id, "approve")
        return try requests.approve(id: r.id, reason: try reason.map { try Self.note($0, field: "reason") })
    }

    /// Rejects a pending request; the reason is required (checked before anything changes).
    @discardableResult
    public func reject(id: Int, reason: String?) throws -> StaffRequest {
        let r = try permitted(id, "reject")
        let why = try Self.note(reason ?? "", field: "reason")
        guard !why.isEmpty else { throw RequestFieldError(field: "reason", "is required: say why the request is rejected") }
        return try requests.reject(id: r.id, reason: why)
    }

    /// Withdraws a pending or approved request (its own person, a manager; HR for leave).
    @discardableResult
    public func withdraw(id: Int, reason: String?) throws -> StaffRequest {
        let r = try permitted(id, "withdraw")
        return try requests.withdraw(id: r.id, reason: try reason.map { try Self.note($0, field: "reason") })
    }

    private func permitted(_ id: Int, _ step: String) throws -> StaffRequest {
        guard let r = try requests.store.request(id: id) else { throw DeskError.notFound("no request #\(id)") }
        if let own = authority.personId, own != r.personId {
            throw DeskError.forbidden("request #\(id) is another person's")
        }
        guard actions(r).contains(step) else {
            if r.status.allowedNext.contains(step == "approve" ? .approved : step == "reject" ? .rejected : .withdrawn) {
                throw DeskError.forbidden(authority == .hr ? "HR decides leave requests only; a manager decides request #\(id) (\(r.kind.rawValue))"
                                                           : "only a manager approves or rejects request #\(id)")
            }
            throw RequestTransitionError(requestId: id, status: r.status,
                                         requested: step == "approve" ? .approved : step == "reject" ? .rejected : .withdrawn)
        }
        return r
    }
}

/// Shift swaps between colleagues: an agent files one (themselves and a colleague of the same
/// role, one day: the two exchange what they do that day), the named colleague accepts or
/// declines, a manager approves (the swap is applied to the week's draft through
/// `WeekWorkflow.edit` with `.swap`, so every hard rule is checked, and a swap that breaks one
/// is refused with the rule named and nothing saved) or rejects with a reason; the requester or
/// a manager withdraws an open swap. Every step is audited as the store's actor.
public struct SwapsWorkflow: Sendable {
    public let week: WeekWorkflow
    public let authority: DeskAuthority
    var store: RosterStore { week.store }

    public init(week: WeekWorkflow, authority: DeskAuthority) {
        self.week = week
        self.authority = authority
    }

    /// Files a swap of `requesterId` (an agent: empty or themselves) with `colleagueId` on `date`
    /// (`YYYY-MM-DD`). Bad fields throw `RequestFieldError` naming `requester`, `colleague`,
    /// `date` or `note`.
    @discardableResult
    public func file(requesterId: String?, colleagueId: String, date: String, note: String) throws -> ShiftSwap {
        let given = (requesterId ?? "").trimmingCharacters(in: .whitespaces)
        let requester: String
        if let own = authority.personId {
            guard given.isEmpty || given == own else {
                throw DeskError.forbidden("an agent files swaps only for themselves (\(own)), not for \(given)")
            }
            requester = own
        } else {
            guard !given.isEmpty else { throw RequestFieldError(field: "requester", "is required: who asks for the swap") }
            requester = given
        }
        guard let a = try store.person(id: requester) else { throw RequestFieldError(field: "requester", "no person '\(requester)' in the store") }
        let colleague = colleagueId.trimmingCharacters(in: .whitespaces)
        guard !colleague.isEmpty else { throw RequestFieldError(field: "colleague", "is required: whom to swap with") }
        guard let b = try store.person(id: colleague) else { throw RequestFieldError(field: "colleague", "no person '\(colleague)' in the store") }
        guard a.id != b.id else { throw RequestFieldError(field: "colleague", "a swap needs a colleague other than yourself") }
        guard a.role == b.role else {
            throw RequestFieldError(field: "colleague", "\(b.id) is \(b.role.rawValue) and \(a.id) is \(a.role.rawValue): a swap stays within one role")
        }
        let dayText = date.trimmingCharacters(in: .whitespaces)
        guard let day = CivilDate.parse(dayText) else {
            throw RequestFieldError(field: "date", dayText.isEmpty ? "is empty; expected a date YYYY-MM-DD" : "expected a date YYYY-MM-DD, got '\(dayText)'")
        }
        let text = try RequestDesk.note(note)
        let known = try shifts(on: day, a.id, b.id)
        return try store.fileSwap(requesterId: a.id, colleagueId: b.id, date: day, requesterShift: known?.0, colleagueShift: known?.1, note: text)
    }

    /// The two people's shifts that day (`HH:MM-HH:MM`, "" = off) in the week's draft, else its
    /// latest published version; nil when the week has neither.
    func shifts(on day: CivilDate, _ p: String, _ q: String) throws -> (String, String)? {
        let monday = day.mondayOfWeek
        let list: [ShiftAssignment]
        if let d = try store.draft(weekStart: monday) {
            list = d.shifts
        } else if let v = try store.rosterVersions(weekStart: monday).last {
            list = try store.publishedShifts(weekStart: monday, version: v.version)
        } else {
            return nil
        }
        func of(_ id: String) -> String { list.first { $0.personId == id && $0.date == day }.map(ShiftCode.range) ?? "" }
        return (of(p), of(q))
    }

    /// Swaps (an agent: those they are one of the two people in; naming another person is refused).
    public func list(personId: String? = nil, status: SwapStatus? = nil, week: CivilDate? = nil) throws -> [SwapRow] {
        var person = personId
        if let own = authority.personId {
            if let p = personId, p != own { throw DeskError.forbidden("an agent sees only their own swaps") }
            person = own
        }
        let names = Dictionary(try store.people().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try store.swaps(personId: person, status: status, in: week.map { $0...$0.adding(days: 6) }).map {
            SwapRow(swap: $0, requesterName: names[$0.requesterId] ?? "", colleagueName: names[$0.colleagueId] ?? "", actions: actions($0))
        }
    }

    /// The steps this reader may take on the swap.
    func actions(_ s: ShiftSwap) -> [String] {
        switch authority {
        case let .agent(own):
            var out: [String] = []
            if s.status == .filed, s.colleagueId == own { out += ["accept", "decline"] }
            if s.status.isOpen, s.requesterId == own { out.append("withdraw") }
            return out
        case .manager:
            return s.status == .accepted ? ["approve", "reject", "withdraw"] : s.status == .filed ? ["reject", "withdraw"] : []
        case .hr:
            return []
        }
    }

    /// The colleague accepts the swap (only the named colleague may).
    @discardableResult
    public func accept(id: Int, reason: String? = nil) throws -> ShiftSwap {
        try answer(id, .accepted, reason)
    }

    /// The colleague declines the swap (only the named colleague may).
    @discardableResult
    public func decline(id: Int, reason: String? = nil) throws -> ShiftSwap {
        try answer(id, .declined, reason)
    }

    private func answer(_ id: Int, _ status: SwapStatus, _ reason: String?) throws -> ShiftSwap {
        let s = try existing(id)
        guard authority.personId == s.colleagueId else {
            throw DeskError.forbidden("only the colleague named in swap #\(id) (\(s.colleagueId)) accepts or declines it")
        }
        return try move(id, status, reason)
    }

    /// A manager approves an accepted swap: it is applied to the week's draft (all hard rules
    /// checked; a broken one refuses it with the rule named, and nothing is saved), then marked
    /// approved with the two shifts swapped and the draft's new revision.
    @discardableResult
    public func approve(id: Int, reason: String? = nil) throws -> (swap: ShiftSwap, edit: WeekWorkflow.EditReport) {
        let s = try existing(id)
        guard authority == .manager else { throw DeskError.forbidden("only a manager approves swap #\(id)") }
        let why = try reason.map { try RequestDesk.note($0, field: "reason") }
        guard s.status == .accepted else {
            throw WorkflowError.refused(SwapTransitionError(swapId: id, status: s.status, requested: .approved).description)
        }
        let monday = s.date.mondayOfWeek
        guard let draft = try store.draft(weekStart: monday) else {
            throw WorkflowError.refused("the week \(monday) has no draft roster to apply swap #\(id) to: build the week's draft first; the swap stays accepted")
        }
        func of(_ p: String) -> String { draft.shifts.first { $0.personId == p && $0.date == s.date }.map(ShiftCode.range) ?? "" }
        let swapped = (requester: of(s.requesterId), colleague: of(s.colleagueId))
        let report = try week.edit(week: monday, [.swap(personId: s.requesterId, otherId: s.colleagueId, date: s.date)],
                                   expectedRevision: draft.revision, source: "swap")
        do {
            return (try move(id, .approved, why, shifts: swapped, revision: report.revision), report)
        } catch {
            // The swap changed status in between (withdrawn, rejected by someone else): the draft
            // and the swap are two transactions, so the exchange is undone (a swap is its own
            // inverse; it restores cells that were legal a moment ago) and the error reported.
            _ = try? week.edit(week: monday, [.swap(personId: s.requesterId, otherId: s.colleagueId, date: s.date)], force: true,
                               reason: "swap #\(id) was not approved after all: exchange undone",
                               expectedRevision: report.revision, source: "swap-undo")
            throw error
        }
    }

    /// A manager rejects an open swap; the reason is required.
    @discardableResult
    public func reject(id: Int, reason: String?) throws -> ShiftSwap {
        _ = try existing(id)
        guard authority == .manager else { throw DeskError.forbidden("only a manager rejects swap #\(id)") }
        let why = try RequestDesk.note(reason ?? "", field: "reason")
        guard !why.isEmpty else { throw RequestFieldError(field: "reason", "is required: say why the swap is rejected") }
        return try move(id, .rejected, why)
    }

    /// The requester (or a manager) withdraws an open swap.
    @discardableResult
    public func withdraw(id: Int, reason: String? = nil) throws -> ShiftSwap {
        let s = try existing(id)
        guard authority == .manager || authority.personId == s.requesterId else {
            throw DeskError.forbidden("only the requester of swap #\(id) (\(s.requesterId)) or a manager withdraws it")
        }
        return try move(id, .withdrawn, reason)
    }

    private func existing(_ id: Int) throws -> ShiftSwap {
        guard let s = try store.swap(id: id) else { throw DeskError.notFound("no swap #\(id)") }
        if let own = authority.personId, !s.involves(own) { throw DeskError.forbidden("swap #\(id) is not yours") }
        return s
    }

    private func move(_ id: Int, _ status: SwapStatus, _ reason: String?, shifts: (requester: String, colleague: String)? = nil,
                      revision: Int? = nil) throws -> ShiftSwap {
        let why = try reason.map { try RequestDesk.note($0, field: "reason") }
        do {
            return try store.moveSwap(id: id, to: status, reason: why, shifts: shifts, draftRevision: revision)
        } catch let e as SwapTransitionError {
            throw WorkflowError.refused(e.description)
        }
    }
}
