import Foundation
import GRDB
import HotlineCore

/// Schema of this area ("v3-requests"), registered after the HR schema. Shipped migrations are never
/// edited: change the schema with a new one.
///
/// `staff_requests` holds one row per request a person filed (leave, a fixed weekly day off, a
/// shift wish, a training session, protected status, an availability window), with its decision.
/// The payload is spread over typed columns (which ones a kind uses: see `StaffRequest.Payload`);
/// `first_day`/`last_day` are the days the request covers (NULL = open-ended), so a range query
/// needs no decoding; `payload_key` is the payload in one canonical text, used to find an identical
/// open request (re-imports do not duplicate). `leave_id` links an approved leave request to the
/// row it put in HR's `leave` table.
enum RequestsSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-requests") { db in
            try db.create(table: "staff_requests") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("person_id", .text).notNull().indexed().references("people", column: "person_id")
                t.column("kind", .text).notNull()
                    .check(sql: "kind IN ('leave', 'day_off', 'shift_on', 'shift_off', 'training', 'protected', 'unavailable')")
                // Payload.
                t.column("first_day", .text)           // YYYY-MM-DD or NULL (open)
                t.column("last_day", .text)            // YYYY-MM-DD or NULL (open)
                t.column("weekdays", .text)            // ISO weekdays, ';'-joined (day_off, unavailable)
                t.column("from_minute", .integer)      // unavailable: window start, minutes after midnight
                t.column("to_minute", .integer)        // unavailable: window end (<= start: past midnight)
                t.column("start_at", .text)            // training: YYYY-MM-DDTHH:MM
                t.column("end_at", .text)
                t.column("shift", .text)               // shift_on/off: early|middle|late|night|any
                t.column("weight", .double)            // shift_on/off: > 0
                t.column("leave_kind", .text)          // leave: annual, sick, …
                t.column("protected_status", .text)    // protected: pregnant|nursing or NULL
                t.column("payload_key", .text).notNull()
                t.column("note", .text).notNull().defaults(to: "")
                // Decision.
                t.column("status", .text).notNull()
                    .check(sql: "status IN ('pending', 'approved', 'rejected', 'withdrawn')")
                t.column("filed_at", .text).notNull()
                t.column("filed_by", .text).notNull()
                t.column("decided_at", .text)
                t.column("decided_by", .text)
                t.column("decision_reason", .text)
                t.column("source", .text).notNull()
                t.column("leave_id", .integer).references("leave", column: "id", onDelete: .setNull)
            }
            try db.create(index: "staff_requests_open_payload", on: "staff_requests", columns: ["person_id", "payload_key", "status"])
            try db.create(index: "staff_requests_status", on: "staff_requests", columns: ["status"])
        }
    }
}

/// The state of a request. Filed `pending` (or `approved` when HR files a decided request);
/// only a pending request is decided (approved or rejected); a pending or approved request can be
/// withdrawn; rejected and withdrawn are final.
public enum RequestStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case pending, approved, rejected, withdrawn

    /// The statuses a request in this status may move to.
    public var allowedNext: [RequestStatus] {
        switch self {
        case .pending: [.approved, .rejected, .withdrawn]
        case .approved: [.withdrawn]
        case .rejected, .withdrawn: []
        }
    }

    /// Whether the request still stands (pending or approved): identical open requests are not filed twice.
    public var isOpen: Bool { self == .pending || self == .approved }
}

/// A refused status change: names the request, its status and what is allowed.
public struct RequestTransitionError: Error, CustomStringConvertible, Equatable, Sendable {
    public var requestId: Int
    public var status: RequestStatus
    public var requested: RequestStatus

    public init(requestId: Int, status: RequestStatus, requested: RequestStatus) {
        self.requestId = requestId
        self.status = status
        self.requested = requested
    }

    public var allowed: [RequestStatus] { status.allowedNext }

    public var description: String {
        let head = "request #\(requestId) is \(status.rawValue) and cannot become \(requested.rawValue)"
        switch status {
        case .pending: return head + "; a pending request can be approved, rejected or withdrawn"
        case .approved: return head + "; an approved request can only be withdrawn"
        case .rejected, .withdrawn: return head + "; a \(status.rawValue) request is final (file a new request instead)"
        }
    }
}

/// The days a request is in force: from `from` through `until`, either end open (nil).
public struct DateValidity: Hashable, Sendable, Codable {
    public var from: CivilDate?
    public var until: CivilDate?

    public init(from: CivilDate? = nil, until: CivilDate? = nil) {
        self.from = from
        self.until = until
    }

    /// Always in force.
    public static let always = DateValidity()

    public func contains(_ date: CivilDate) -> Bool {
        (from.map { date >= $0 } ?? true) && (until.map { date <= $0 } ?? true)
    }

    /// Whether any day of `first…last` is in force.
    public func overlaps(_ first: CivilDate, _ last: CivilDate) -> Bool {
        (from.map { last >= $0 } ?? true) && (until.map { first <= $0 } ?? true)
    }
}

/// The shift a shift wish names.
public enum WishShift: String, Sendable, Codable, CaseIterable, Hashable {
    case early, middle, late, night, any
}

/// What a request is (the requests CSV `kind`).
public enum RequestKind: String, Sendable, Codable, CaseIterable, Hashable {
    case leave
    case dayOff = "day_off"
    case shiftOn = "shift_on"
    case shiftOff = "shift_off"
    case training
    case `protected`
    case unavailable
}

/// One person's request and its decision.
public struct StaffRequest: Sendable, Hashable, Codable, Identifiable {
    /// What is asked for, typed by kind.
    public enum Payload: Sendable, Hashable, Codable {
        /// Leave from `firstDay` through `lastDay` (`leaveKind`: annual, sick, maternity, …).
        case leave(firstDay: CivilDate, lastDay: CivilDate, leaveKind: String)
        /// A fixed weekly day off (ISO weekday 1 = Monday … 7 = Sunday) while `validity` holds.
        case dayOff(weekday: Int, validity: DateValidity)
        /// A wish to work (`shiftOn`) or not to work (`shiftOff`) a shift on a date; weight > 0.
        case shiftOn(date: CivilDate, shift: WishShift, weight: Double)
        case shiftOff(date: CivilDate, shift: WishShift, weight: Double)
        /// A training session off the phones.
        case training(start: LocalDateTime, end: LocalDateTime)
        /// Protected staff (pregnant 7+ months, nursing under 1 year): no nights, no overtime.
        /// `status` is `pregnant`, `nursing` or nil (not said).
        case `protected`(status: ProtectedStatus?, validity: DateValidity)
        /// The person cannot work on `weekdays` from `fromMinute` to `toMinute` after midnight
        /// (0…1440 = the whole day; `toMinute <= fromMinute` runs past midnight) while `validity` holds.
        case unavailable(weekdays: Set<Int>, fromMinute: Int, toMinute: Int, validity: DateValidity)

        public var kind: RequestKind {
            switch self {
            case .leave: .leave
            case .dayOff: .dayOff
            case .shiftOn: .shiftOn
            case .shiftOff: .shiftOff
            case .training: .training
            case .protected: .protected
            case .unavailable: .unavailable
            }
        }

        /// The first and last day the request touches (nil = open-ended).
        public var span: (first: CivilDate?, last: CivilDate?) {
            switch self {
            case let .leave(f, l, _): (f, l)
            case let .dayOff(_, v): (v.from, v.until)
            case let .shiftOn(d, _, _), let .shiftOff(d, _, _): (d, d)
            // A session ending at midnight does not touch the next day.
            case let .training(s, e): (s.date, e.adding(seconds: -1).date)
            case let .protected(_, v): (v.from, v.until)
            case let .unavailable(_, from, to, v):
                // A window past midnight on the last valid day reaches into the next one.
                (v.from, v.until.map { to < from ? $0.adding(days: 1) : $0 })
            }
        }

        /// Whether the request touches a day of `first…last`.
        public func touches(_ first: CivilDate, _ last: CivilDate) -> Bool {
            let s = span
            return (s.first.map { last >= $0 } ?? true) && (s.last.map { first <= $0 } ?? true)
        }

        /// Checks the values; throws `RosterStoreError.invalid` saying what is wrong.
        public func validate() throws {
            func bad(_ m: String) -> RosterStoreError { .invalid("\(kind.rawValue) request: \(m)") }
            func check(_ v: DateValidity) throws {
                if let f = v.from, let u = v.until, u < f { throw bad("valid until \(u), before it is valid from \(f)") }
            }
            switch self {
            case let .leave(f, l, k):
                guard l >= f else { throw bad("ends (\(l)) before it starts (\(f))") }
                guard !k.trimmingCharacters(in: .whitespaces).isEmpty else { throw bad("the kind of leave is empty") }
            case let .dayOff(w, v):
                guard (1...7).contains(w) else { throw bad("weekday must be 1 (Monday) … 7 (Sunday), got \(w)") }
                try check(v)
            case let .shiftOn(_, _, w), let .shiftOff(_, _, w):
                guard w.isFinite, w > 0 else { throw bad("weight must be a positive number, got \(w)") }
            case let .training(s, e):
                guard e > s else { throw bad("ends (\(e)) before or when it starts (\(s))") }
            case let .protected(st, v):
                if let st, st != .pregnant, st != .nursing {
                    throw bad("status must be pregnant or nursing (or not given), got \(st.rawValue)")
                }
                try check(v)
            case let .unavailable(days, from, to, v):
                guard !days.isEmpty else { throw bad("no weekday given") }
                guard days.allSatisfy({ (1...7).contains($0) }) else { throw bad("weekdays must be 1 (Monday) … 7 (Sunday)") }
                guard (0...1439).contains(from), (1...1440).contains(to) else {
                    throw bad("hours must lie in 00:00…24:00 (from \(from), to \(to) minutes)")
                }
                guard from != to else { throw bad("the window starts and ends at the same time; leave the hours empty for the whole day") }
                try check(v)
            }
        }

        /// The payload as one canonical text: equal payloads, equal keys.
        var key: String {
            func d(_ date: CivilDate?) -> String { date?.description ?? "" }
            switch self {
            case let .leave(f, l, k): return "leave|\(f)|\(l)|\(k)"
            case let .dayOff(w, v): return "day_off|\(w)|\(d(v.from))|\(d(v.until))"
            case let .shiftOn(date, s, w): return "shift_on|\(date)|\(s.rawValue)|\(w)"
            case let .shiftOff(date, s, w): return "shift_off|\(date)|\(s.rawValue)|\(w)"
            case let .training(s, e): return "training|\(s)|\(e)"
            case let .protected(st, v): return "protected|\(st?.rawValue ?? "")|\(d(v.from))|\(d(v.until))"
            case let .unavailable(days, from, to, v):
                return "unavailable|\(days.sorted().map(String.init).joined(separator: ";"))|\(from)|\(to)|\(d(v.from))|\(d(v.until))"
            }
        }
    }

    /// 0 until filed; then the store's id.
    public var id: Int
    public var personId: String
    public var payload: Payload
    /// Free text from the person (may be personal: stored and listed, never audited).
    public var note: String
    public var status: RequestStatus
    /// Where the request came from: a file name, `cli`, `web` or `api`.
    public var source: String
    /// Set by the store: when (UTC, ISO 8601) and by whom it was filed and decided.
    public internal(set) var filedAt: String?
    public internal(set) var filedBy: String?
    public internal(set) var decidedAt: String?
    public internal(set) var decidedBy: String?
    public internal(set) var decisionReason: String?
    /// The row of HR's `leave` table an approved leave request put there.
    public internal(set) var leaveId: Int?

    public var kind: RequestKind { payload.kind }

    public init(id: Int = 0, personId: String, payload: Payload, note: String = "", status: RequestStatus = .pending,
                source: String = "api") {
        self.id = id
        self.personId = personId
        self.payload = payload
        self.note = note
        self.status = status
        self.source = source
    }
}

/// What `fileRequests` did: the ids of the new requests and of the open requests that already
/// said the same (not filed again), in input order.
public struct RequestFilingSummary: Sendable, Hashable, Codable {
    public var filed: [Int]
    public var duplicates: [Int]

    public init(filed: [Int] = [], duplicates: [Int] = []) {
        self.filed = filed
        self.duplicates = duplicates
    }
}

extension RosterStore {
    // MARK: Requests

    /// Files one request (status pending, or approved when HR files a decided one) and returns its
    /// id. An identical open request of the same person (same payload, pending or approved) is not
    /// filed again: its id is returned instead.
    @discardableResult
    public func fileRequest(_ request: StaffRequest, by: String? = nil) throws -> Int {
        let summary = try fileRequests([request], source: request.source, by: by)
        return summary.filed.first ?? summary.duplicates[0]
    }

    /// Files `requests` in one transaction (all or nothing: any invalid request, unknown person or
    /// refused status files none). When `by` is a person in the store, they file only their own
    /// requests (pending) unless they are a manager or supervisor (see `decideRequest`). `source` (a file name, `cli`, `web`) is recorded on each. Identical
    /// open requests (already stored, or repeated in `requests`) are not filed twice.
    /// Approved leave is also recorded in HR's `leave` table.
    public func fileRequests(_ requests: [StaffRequest], source: String, by: String? = nil) throws -> RequestFilingSummary {
        let who = try RosterStore.actorName(by ?? actor)
        for (n, r) in requests.enumerated() {
            let label = requests.count == 1 ? "the request" : "request \(n + 1) of \(requests.count)"
            guard !r.personId.isEmpty else { throw RosterStoreError.invalid("\(label) has no person id") }
            guard r.status == .pending || r.status == .approved else {
                throw RosterStoreError.invalid("\(label) (person '\(r.personId)'): a request is filed pending or approved, not \(r.status.rawValue)")
            }
            do { try r.payload.validate() } catch let RosterStoreError.invalid(m) {
                throw RosterStoreError.invalid("\(label) (person '\(r.personId)'): \(m)")
            }
        }
        return try writeTransaction { db in
            var summary = RequestFilingSummary()
            let now = RosterStore.timestamp()
            for r in requests {
                guard try PersonRecord.exists(db, key: r.personId) else {
                    throw RosterStoreError.invalid("no person '\(r.personId)' in the store; import the people file first (roster people import)")
                }
                if let role = try String.fetchOne(db, sql: "SELECT role FROM people WHERE person_id = ?", arguments: [who]) {
                    // A person files their own requests; a manager or supervisor files anyone's, and
                    // only they file one approved (never their own).
                    let deciding = RosterStore.decidingRoles.contains(role)
                    guard who == r.personId || deciding else {
                        throw RosterStoreError.invalid("\(who) (\(role)) cannot file a request for \(r.personId): only that person or a manager or supervisor can")
                    }
                    if r.status == .approved {
                        guard deciding, who != r.personId else {
                            throw RosterStoreError.invalid("\(who) cannot file \(who == r.personId ? "their own request" : "a request") as approved: a manager or supervisor decides it")
                        }
                    }
                }
                let key = r.payload.key
                if let existing = try Int.fetchOne(db, sql: """
                    SELECT id FROM staff_requests WHERE person_id = ? AND payload_key = ? AND status IN ('pending', 'approved')
                    ORDER BY id LIMIT 1
                    """, arguments: [r.personId, key]) {
                    summary.duplicates.append(existing)
                    continue
                }
                let id = try insert(db, r, key: key, source: source, by: who, at: now)
                summary.filed.append(id)
                try audit(db, "file", "request", String(id), "kind=\(r.kind.rawValue) status=\(r.status.rawValue) source=\(source) by=\(who)")
                if r.status == .approved, case let .leave(first, last, kind) = r.payload {
                    try recordApprovedLeave(db, requestId: id, personId: r.personId, kind: kind, first: first, last: last)
                }
            }
            return summary
        }
    }

    /// Requests, by id; filtered by person, status and the days they touch (`overlapping`:
    /// requests whose days meet that range; open-ended ones always do).
    public func requests(personId: String? = nil, status: RequestStatus? = nil,
                         overlapping range: ClosedRange<CivilDate>? = nil) throws -> [StaffRequest] {
        var clauses: [String] = []
        var args: StatementArguments = []
        if let personId { clauses.append("person_id = ?"); args += [personId] }
        if let status { clauses.append("status = ?"); args += [status.rawValue] }
        if let range {
            clauses.append("(first_day IS NULL OR first_day <= ?) AND (last_day IS NULL OR last_day >= ?)")
            args += [range.upperBound.description, range.lowerBound.description]
        }
        let sql = "SELECT * FROM staff_requests" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")) + " ORDER BY id"
        return try writer.read { db in try Row.fetchAll(db, sql: sql, arguments: args).map(RosterStore.decodeRequest) }
    }

    /// One request, or nil.
    public func request(id: Int) throws -> StaffRequest? {
        try writer.read { db in try RosterStore.fetchRequest(db, id: id) }
    }

    /// Decides a request: pending → approved or rejected (a rejection needs a reason), pending or
    /// approved → withdrawn. Any other change throws `RequestTransitionError`.
    ///
    /// When `by` is a person in the store, their role is checked: only a manager or supervisor
    /// approves or rejects, never their own request; a request is withdrawn by its own person or
    /// a manager or supervisor. Any other `by` (a login or operator name) is taken as a manager
    /// account: which accounts may decide is the front end's check (the web's roles); the store
    /// records `by` on the request and in the audit log. Approving a leave
    /// request records the leave in HR's `leave` table; withdrawing an approved one removes that
    /// row; both in the same transaction. Returns the request as it now is.
    @discardableResult
    public func decideRequest(id: Int, status: RequestStatus, by: String? = nil, reason: String? = nil) throws -> StaffRequest {
        let who = try RosterStore.actorName(by ?? actor)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let why = (reason?.isEmpty ?? true) ? nil : reason
        return try writeTransaction { db in
            guard let current = try RosterStore.fetchRequest(db, id: id) else {
                throw RosterStoreError.invalid("no request #\(id) in the store; `roster requests list` shows the requests")
            }
            guard current.status.allowedNext.contains(status) else {
                throw RequestTransitionError(requestId: id, status: current.status, requested: status)
            }
            try RosterStore.checkAuthority(db, who: who, request: current, status: status)
            if status == .rejected, why == nil {
                throw RosterStoreError.invalid("rejecting request #\(id) needs a reason")
            }
            try db.execute(sql: "UPDATE staff_requests SET status = ?, decided_at = ?, decided_by = ?, decision_reason = ? WHERE id = ?",
                           arguments: [status.rawValue, RosterStore.timestamp(), who, why, id])
            var detail = "kind=\(current.kind.rawValue) \(current.status.rawValue)->\(status.rawValue) by=\(who)"
            if status == .approved, case let .leave(first, last, kind) = current.payload {
                let leaveId = try recordApprovedLeave(db, requestId: id, personId: current.personId, kind: kind, first: first, last: last)
                detail += " leave_row=\(leaveId)"
            }
            if status == .withdrawn, current.status == .approved, let leaveId = current.leaveId {
                try db.execute(sql: "DELETE FROM leave WHERE id = ?", arguments: [leaveId])
                if db.changesCount > 0 {
                    try audit(db, "delete", "leave", String(leaveId), "request=\(id) withdrawn")
                }
                try db.execute(sql: "UPDATE staff_requests SET leave_id = NULL WHERE id = ?", arguments: [id])
                detail += " leave_row_removed=\(leaveId)"
            }
            try audit(db, status == .approved ? "approve" : status == .rejected ? "reject" : "withdraw", "request", String(id), detail)
            guard let updated = try RosterStore.fetchRequest(db, id: id) else { throw RosterStoreError.corrupt("request #\(id) vanished") }
            return updated
        }
    }

    /// HR's leave rows that meet `from…through`, by first day (e.g. leave HR recorded directly).
    public func leaveRecords(from: CivilDate, through: CivilDate, personId: String? = nil) throws -> [LeaveRecord] {
        var sql = "SELECT person_id, kind, first_day, last_day FROM leave WHERE first_day <= ? AND last_day >= ?"
        var args: StatementArguments = [through.description, from.description]
        if let personId { sql += " AND person_id = ?"; args += [personId] }
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql + " ORDER BY first_day, person_id, id", arguments: args).map { r in
                guard let f = CivilDate.parse(r["first_day"] as String), let l = CivilDate.parse(r["last_day"] as String) else {
                    throw RosterStoreError.corrupt("a leave row of '\(r["person_id"] as String)' has a bad date")
                }
                return LeaveRecord(personId: r["person_id"], kind: r["kind"], firstDay: f, lastDay: l)
            }
        }
    }

    /// Roles that may decide other people's requests.
    static let decidingRoles: Set<String> = [Role.manager.rawValue, Role.supervisor.rawValue]

    private static func checkAuthority(_ db: Database, who: String, request: StaffRequest, status: RequestStatus) throws {
        guard let role = try String.fetchOne(db, sql: "SELECT role FROM people WHERE person_id = ?", arguments: [who]) else { return }
        let own = who == request.personId
        switch status {
        case .approved, .rejected:
            guard !own else {
                throw RosterStoreError.invalid("request #\(request.id) is \(who)'s own: a manager or supervisor decides it")
            }
            guard decidingRoles.contains(role) else {
                throw RosterStoreError.invalid("\(who) (\(role)) cannot decide request #\(request.id): only a manager or supervisor approves or rejects")
            }
        case .withdrawn:
            guard own || decidingRoles.contains(role) else {
                throw RosterStoreError.invalid("\(who) (\(role)) cannot withdraw request #\(request.id) of \(request.personId): only that person or a manager or supervisor can")
            }
        case .pending:
            break
        }
    }

    // MARK: Rows

    private static func actorName(_ name: String) throws -> String {
        let n = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !n.isEmpty else { throw RosterStoreError.invalid("who files or decides a request must be named (got an empty name)") }
        return n
    }

    @discardableResult
    private func recordApprovedLeave(_ db: Database, requestId: Int, personId: String, kind: String,
                                     first: CivilDate, last: CivilDate) throws -> Int {
        try db.execute(sql: "INSERT INTO leave(person_id, kind, first_day, last_day) VALUES (?, ?, ?, ?)",
                       arguments: [personId, kind, first.description, last.description])
        let leaveId = Int(db.lastInsertedRowID)
        try db.execute(sql: "UPDATE staff_requests SET leave_id = ? WHERE id = ?", arguments: [leaveId, requestId])
        try audit(db, "insert", "leave", String(leaveId), "request=\(requestId) kind=\(kind) \(first)…\(last)")
        return leaveId
    }

    private func insert(_ db: Database, _ r: StaffRequest, key: String, source: String, by: String, at now: String) throws -> Int {
        let (first, last) = r.payload.span
        var weekdays: String?, fromMinute: Int?, toMinute: Int?, startAt: String?, endAt: String?
        var shift: String?, weight: Double?, leaveKind: String?, protectedStatus: String?
        switch r.payload {
        case let .leave(_, _, k): leaveKind = k
        case let .dayOff(w, _): weekdays = String(w)
        case let .shiftOn(_, s, w), let .shiftOff(_, s, w): shift = s.rawValue; weight = w
        case let .training(s, e): startAt = s.description; endAt = e.description
        case let .protected(st, _): protectedStatus = st?.rawValue
        case let .unavailable(days, f, t, _):
            weekdays = days.sorted().map(String.init).joined(separator: ";")
            fromMinute = f; toMinute = t
            // first_day/last_day (the span) hold the validity, one day longer for a window past midnight.
        }
        try db.execute(sql: """
            INSERT INTO staff_requests(person_id, kind, first_day, last_day, weekdays, from_minute, to_minute, start_at, end_at,
                                       shift, weight, leave_kind, protected_status, payload_key, note, status,
                                       filed_at, filed_by, decided_at, decided_by, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [r.personId, r.kind.rawValue, first?.description, last?.description, weekdays, fromMinute, toMinute,
                             startAt, endAt, shift, weight, leaveKind, protectedStatus, key, r.note, r.status.rawValue,
                             now, by, r.status == .approved ? now : nil, r.status == .approved ? by : nil, source])
        return Int(db.lastInsertedRowID)
    }

    static func fetchRequest(_ db: Database, id: Int) throws -> StaffRequest? {
        try Row.fetchOne(db, sql: "SELECT * FROM staff_requests WHERE id = ?", arguments: [id]).map(decodeRequest)
    }

    static func decodeRequest(_ r: Row) throws -> StaffRequest {
        let id: Int = r["id"]
        func corrupt(_ what: String) -> RosterStoreError { .corrupt("request #\(id): \(what)") }
        func date(_ column: String) throws -> CivilDate? {
            guard let t = r[column] as String? else { return nil }
            guard let d = CivilDate.parse(t) else { throw corrupt("bad \(column) '\(t)'") }
            return d
        }
        func required<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw corrupt("\(column) is missing") }
            return value
        }
        func weekdays() throws -> [Int] {
            let t: String = try required(r["weekdays"], "weekdays")
            let days = t.split(separator: ";").compactMap { Int($0) }
            guard !days.isEmpty else { throw corrupt("bad weekdays '\(t)'") }
            return days
        }
        func time(_ column: String) throws -> LocalDateTime {
            let t: String = try required(r[column], column)
            guard let v = LocalDateTime.parse(t) else { throw corrupt("bad \(column) '\(t)'") }
            return v
        }
        func wish() throws -> (CivilDate, WishShift, Double) {
            let s: String = try required(r["shift"], "shift")
            guard let shift = WishShift(rawValue: s) else { throw corrupt("bad shift '\(s)'") }
            return (try required(date("first_day"), "first_day"), shift, try required(r["weight"], "weight"))
        }
        let validity = DateValidity(from: try date("first_day"), until: try date("last_day"))
        guard let kind = RequestKind(rawValue: r["kind"]) else { throw corrupt("unknown kind '\(r["kind"] as String)'") }
        let payload: StaffRequest.Payload
        switch kind {
        case .leave:
            payload = .leave(firstDay: try required(date("first_day"), "first_day"), lastDay: try required(date("last_day"), "last_day"),
                             leaveKind: try required(r["leave_kind"], "leave_kind"))
        case .dayOff:
            payload = .dayOff(weekday: try weekdays()[0], validity: validity)
        case .shiftOn:
            let (d, s, w) = try wish()
            payload = .shiftOn(date: d, shift: s, weight: w)
        case .shiftOff:
            let (d, s, w) = try wish()
            payload = .shiftOff(date: d, shift: s, weight: w)
        case .training:
            payload = .training(start: try time("start_at"), end: try time("end_at"))
        case .protected:
            let t: String? = r["protected_status"]
            guard t == nil || ProtectedStatus(rawValue: t!) != nil else { throw corrupt("bad protected_status") }
            payload = .protected(status: t.flatMap(ProtectedStatus.init(rawValue:)), validity: validity)
        case .unavailable:
            let f: Int = try required(r["from_minute"], "from_minute"), t: Int = try required(r["to_minute"], "to_minute")
            // The stored last day may be one past the validity (a window running past midnight).
            let until = validity.until.map { t < f ? $0.adding(days: -1) : $0 }
            payload = .unavailable(weekdays: Set(try weekdays()), fromMinute: f, toMinute: t,
                                   validity: DateValidity(from: validity.from, until: until))
        }
        guard let status = RequestStatus(rawValue: r["status"]) else { throw corrupt("unknown status '\(r["status"] as String)'") }
        var out = StaffRequest(id: id, personId: r["person_id"], payload: payload, note: r["note"], status: status, source: r["source"])
        out.filedAt = r["filed_at"]
        out.filedBy = r["filed_by"]
        out.decidedAt = r["decided_at"]
        out.decidedBy = r["decided_by"]
        out.decisionReason = r["decision_reason"]
        out.leaveId = r["leave_id"]
        return out
    }
}
