import Foundation
import GRDB
import HotlineCore

/// Schema of shift swaps between colleagues ("v4-swaps"): filed by one agent, accepted or declined
/// by the colleague, then approved or rejected by a manager. Shipped migrations are never edited.
///
/// `shift_swaps` holds one row per swap: the requester and the colleague exchange what they do on
/// `date` (a shift each, or one shift and a day off). `requester_shift`/`colleague_shift` are the
/// two shifts as the week's roster had them (`HH:MM-HH:MM`, empty = off; NULL = not known when
/// filed), set again from the draft when a manager approves (the shifts actually swapped);
/// `draft_revision` is the draft revision the approved swap made. Each step keeps who, when and why.
enum SwapsSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-swaps") { db in
            try db.create(table: "shift_swaps") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("requester_id", .text).notNull().indexed().references("people", column: "person_id")
                t.column("colleague_id", .text).notNull().indexed().references("people", column: "person_id")
                t.column("date", .text).notNull().indexed()        // YYYY-MM-DD
                t.column("requester_shift", .text)                 // HH:MM-HH:MM, '' = off, NULL = unknown
                t.column("colleague_shift", .text)
                t.column("note", .text).notNull().defaults(to: "")
                t.column("status", .text).notNull()
                    .check(sql: "status IN ('filed', 'accepted', 'declined', 'approved', 'rejected', 'withdrawn')")
                t.column("filed_at", .text).notNull()
                t.column("filed_by", .text).notNull()
                // The colleague's answer (accepted or declined).
                t.column("answered_at", .text)
                t.column("answered_by", .text)
                t.column("answer_reason", .text)
                // The manager's decision (approved, rejected), or the withdrawal.
                t.column("decided_at", .text)
                t.column("decided_by", .text)
                t.column("decision_reason", .text)
                t.column("draft_revision", .integer)
                t.check(sql: "requester_id <> colleague_id")
            }
            try db.create(index: "shift_swaps_status", on: "shift_swaps", columns: ["status"])
        }
    }
}

/// The state of a swap: `filed` by the requester; the colleague `accepted` or `declined` it; a
/// manager `approved` (applied to the draft) or `rejected` it; `withdrawn` before a decision.
public enum SwapStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case filed, accepted, declined, approved, rejected, withdrawn

    /// The statuses a swap in this status may move to.
    public var allowedNext: [SwapStatus] {
        switch self {
        case .filed: [.accepted, .declined, .rejected, .withdrawn]
        case .accepted: [.approved, .rejected, .withdrawn]
        case .declined, .approved, .rejected, .withdrawn: []
        }
    }

    /// Still waiting for the colleague or a manager.
    public var isOpen: Bool { self == .filed || self == .accepted }
}

/// A refused status change of a swap: names the swap, its status and what is allowed.
public struct SwapTransitionError: Error, CustomStringConvertible, Equatable, Sendable {
    public var swapId: Int
    public var status: SwapStatus
    public var requested: SwapStatus

    public init(swapId: Int, status: SwapStatus, requested: SwapStatus) {
        self.swapId = swapId
        self.status = status
        self.requested = requested
    }

    public var description: String {
        let head = "swap #\(swapId) is \(status.rawValue) and cannot become \(requested.rawValue)"
        switch status {
        case .filed: return head + "; the colleague accepts or declines it first (or it is withdrawn or rejected)"
        case .accepted: return head + "; an accepted swap is approved, rejected or withdrawn"
        default: return head + "; a \(status.rawValue) swap is final (file a new swap instead)"
        }
    }
}

/// One swap between two colleagues and each step's who, when and why.
public struct ShiftSwap: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var requesterId: String
    public var colleagueId: String
    public var date: CivilDate
    public var requesterShift: String?
    public var colleagueShift: String?
    public var note: String
    public var status: SwapStatus
    public var filedAt: String
    public var filedBy: String
    public var answeredAt: String?
    public var answeredBy: String?
    public var answerReason: String?
    public var decidedAt: String?
    public var decidedBy: String?
    public var decisionReason: String?
    public var draftRevision: Int?

    /// Whether the person is one of the two.
    public func involves(_ personId: String) -> Bool { requesterId == personId || colleagueId == personId }
}

extension RosterStore {
    /// Files a swap (status `filed`); both people must be in the store and differ, and no open swap
    /// of the same two people on the same day may exist already. Audited (the note is not).
    @discardableResult
    public func fileSwap(requesterId: String, colleagueId: String, date: CivilDate, requesterShift: String?,
                         colleagueShift: String?, note: String) throws -> ShiftSwap {
        try writeTransaction { db in
            for p in [requesterId, colleagueId] where try Row.fetchOne(db, sql: "SELECT 1 FROM people WHERE person_id = ?", arguments: [p]) == nil {
                throw RosterStoreError.invalid("no person '\(p)' in the store")
            }
            guard requesterId != colleagueId else { throw RosterStoreError.invalid("a swap needs two different people") }
            if let open = try Int.fetchOne(db, sql: """
                SELECT id FROM shift_swaps WHERE date = ? AND status IN ('filed', 'accepted')
                AND ((requester_id = ? AND colleague_id = ?) OR (requester_id = ? AND colleague_id = ?)) LIMIT 1
                """, arguments: [date.description, requesterId, colleagueId, colleagueId, requesterId]) {
                throw RosterStoreError.invalid("swap #\(open) of \(requesterId) and \(colleagueId) on \(date) is still open")
            }
            try db.execute(sql: """
                INSERT INTO shift_swaps(requester_id, colleague_id, date, requester_shift, colleague_shift, note, status, filed_at, filed_by)
                VALUES (?, ?, ?, ?, ?, ?, 'filed', ?, ?)
                """, arguments: [requesterId, colleagueId, date.description, requesterShift, colleagueShift, note,
                                 RosterStore.timestamp(), actor])
            let id = Int(db.lastInsertedRowID)
            try audit(db, "file", "swap", String(id), "\(requesterId)<->\(colleagueId) date=\(date) by=\(actor)")
            return try RosterStore.fetchSwap(db, id: id)!
        }
    }

    /// Swaps by id; filtered by a person (either side), a status and the days `range`.
    public func swaps(personId: String? = nil, status: SwapStatus? = nil, in range: ClosedRange<CivilDate>? = nil) throws -> [ShiftSwap] {
        var clauses: [String] = []
        var args: StatementArguments = []
        if let personId { clauses.append("(requester_id = ? OR colleague_id = ?)"); args += [personId, personId] }
        if let status { clauses.append("status = ?"); args += [status.rawValue] }
        if let range { clauses.append("date >= ? AND date <= ?"); args += [range.lowerBound.description, range.upperBound.description] }
        let sql = "SELECT * FROM shift_swaps" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")) + " ORDER BY id"
        return try writer.read { db in try Row.fetchAll(db, sql: sql, arguments: args).map(RosterStore.decodeSwap) }
    }

    /// One swap, or nil.
    public func swap(id: Int) throws -> ShiftSwap? {
        try writer.read { db in try RosterStore.fetchSwap(db, id: id) }
    }

    /// Moves a swap to `status` (only along `SwapStatus.allowedNext`, else `SwapTransitionError`),
    /// recording who (the store's actor), when and why: accepted/declined as the colleague's
    /// answer, approved/rejected/withdrawn as the decision. `shifts`/`draftRevision`: what an
    /// approval swapped and the draft revision it made. A rejection needs a reason. Audited.
    @discardableResult
    public func moveSwap(id: Int, to status: SwapStatus, reason: String? = nil,
                         shifts: (requester: String, colleague: String)? = nil, draftRevision: Int? = nil) throws -> ShiftSwap {
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let why = (trimmed?.isEmpty ?? true) ? nil : trimmed
        return try writeTransaction { db in
            guard let current = try RosterStore.fetchSwap(db, id: id) else { throw RosterStoreError.invalid("no swap #\(id) in the store") }
            guard current.status.allowedNext.contains(status) else {
                throw SwapTransitionError(swapId: id, status: current.status, requested: status)
            }
            if status == .rejected, why == nil { throw RosterStoreError.invalid("rejecting swap #\(id) needs a reason") }
            let now = RosterStore.timestamp()
            switch status {
            case .accepted, .declined:
                try db.execute(sql: "UPDATE shift_swaps SET status = ?, answered_at = ?, answered_by = ?, answer_reason = ? WHERE id = ?",
                               arguments: [status.rawValue, now, actor, why, id])
            default:
                try db.execute(sql: "UPDATE shift_swaps SET status = ?, decided_at = ?, decided_by = ?, decision_reason = ? WHERE id = ?",
                               arguments: [status.rawValue, now, actor, why, id])
            }
            if let shifts {
                try db.execute(sql: "UPDATE shift_swaps SET requester_shift = ?, colleague_shift = ? WHERE id = ?",
                               arguments: [shifts.requester, shifts.colleague, id])
            }
            if let draftRevision {
                try db.execute(sql: "UPDATE shift_swaps SET draft_revision = ? WHERE id = ?", arguments: [draftRevision, id])
            }
            var detail = "\(current.status.rawValue)->\(status.rawValue) by=\(actor)"
            if let draftRevision { detail += " draft_revision=\(draftRevision)" }
            let action = switch status {
            case .accepted: "accept"
            case .declined: "decline"
            case .approved: "approve"
            case .rejected: "reject"
            case .withdrawn: "withdraw"
            case .filed: "file"
            }
            try audit(db, action, "swap", String(id), detail)
            return try RosterStore.fetchSwap(db, id: id)!
        }
    }

    static func fetchSwap(_ db: Database, id: Int) throws -> ShiftSwap? {
        try Row.fetchOne(db, sql: "SELECT * FROM shift_swaps WHERE id = ?", arguments: [id]).map(decodeSwap)
    }

    static func decodeSwap(_ r: Row) throws -> ShiftSwap {
        let id: Int = r["id"]
        guard let date = CivilDate.parse(r["date"] as String) else { throw RosterStoreError.corrupt("swap #\(id): bad date") }
        guard let status = SwapStatus(rawValue: r["status"]) else { throw RosterStoreError.corrupt("swap #\(id): unknown status") }
        return ShiftSwap(id: id, requesterId: r["requester_id"], colleagueId: r["colleague_id"], date: date,
                         requesterShift: r["requester_shift"], colleagueShift: r["colleague_shift"], note: r["note"], status: status,
                         filedAt: r["filed_at"], filedBy: r["filed_by"], answeredAt: r["answered_at"], answeredBy: r["answered_by"],
                         answerReason: r["answer_reason"], decidedAt: r["decided_at"], decidedBy: r["decided_by"],
                         decisionReason: r["decision_reason"], draftRevision: r["draft_revision"])
    }
}
