import Foundation
import HotlineCore
import RosterStore
import Rostering

/// A bad value given for one field of a request (a CLI option or a web form field), named by its
/// requests-CSV column (`kind`, `from`, `to`, `shift`, `weight`, `valid_from`, …).
public struct RequestFieldError: Error, CustomStringConvertible, Equatable, Sendable {
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "field '\(field)': \(message)" }
}

/// The requests CSV, as the store imports it: the format of `RequestsCSV` (header
/// `person_id,kind,from,to,shift,weight`) plus optional columns `status`, `valid_from`,
/// `valid_until`, `leave_kind` and `note`, and the kind `unavailable`.
///
/// | kind | from | to | shift | weight |
/// |---|---|---|---|---|
/// | `leave` | first day | last day (default = from) | | |
/// | `day_off` | ISO weekday 1–7 or `mon`…`sun` (fixed weekly day off) | | | |
/// | `training` | start `YYYY-MM-DDTHH:MM` | end | | |
/// | `protected` | (optional) `pregnant` or `nursing` | | | |
/// | `shift_on` / `shift_off` | date | | `early`/`middle`/`late`/`night`/`any` (default any) | > 0, default 1 |
/// | `unavailable` | weekdays: `;`-separated days and ranges, e.g. `sat;sun`, `1-5`, `mon-wed;fri` | hours `HH:MM-HH:MM` (empty = the whole day) | | |
///
/// `unavailable`: the person cannot work on those weekdays, in those hours. The hours run from
/// the first time to the second; `24:00` is allowed as the end; an end at or before the start runs
/// past midnight into the next day (`22:00-06:00`: from 22:00 that day to 06:00 the next). A range
/// `a-b` needs a ≤ b (write `sat;sun;mon`, not `sat-mon`). Weekdays are ISO numbers 1 (Monday) … 7
/// (Sunday), English names or their first three letters, or 周一…周日 / 星期一…星期日.
///
/// Optional columns:
/// - `status`: `pending` or `approved` (empty: the import's status, pending unless said).
/// - `valid_from`, `valid_until`: the days a `day_off`, `unavailable` or `protected` request is
///   in force (either may be empty: open-ended), e.g. a fixed day off from the first day of a new
///   contract, or nursing protection until the child's first birthday.
/// - `leave_kind`: for `leave`, the kind HR records (`annual`, `sick`, `maternity`, …; default annual).
/// - `note`: free text (stored and listed; never written to the audit log).
///
/// A field a kind does not use must be empty. Imports are all-or-nothing: every bad line is
/// reported (file, line, field).
public enum StaffRequestsCSV {
    public static let columns = ["person_id", "kind", "from", "to", "shift", "weight"]
    public static let optionalColumns = ["status", "valid_from", "valid_until", "leave_kind", "note"]

    /// The text fields of one request, as in the CSV (empty = not given).
    public struct Fields: Sendable, Hashable {
        public var kind: String
        public var from: String
        public var to: String = ""
        public var shift: String = ""
        public var weight: String = ""
        public var validFrom: String = ""
        public var validUntil: String = ""
        public var leaveKind: String = ""

        public init(kind: String, from: String, to: String = "", shift: String = "", weight: String = "",
                    validFrom: String = "", validUntil: String = "", leaveKind: String = "") {
            self.kind = kind
            self.from = from
            self.to = to
            self.shift = shift
            self.weight = weight
            self.validFrom = validFrom
            self.validUntil = validUntil
            self.leaveKind = leaveKind
        }
    }

    static let weekdayNames: [String: Int] = {
        var m: [String: Int] = [:]
        let english = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        for (i, name) in english.enumerated() {
            m[name] = i + 1
            m[String(name.prefix(3))] = i + 1
        }
        for (i, c) in ["一", "二", "三", "四", "五", "六", "日"].enumerated() {
            m["周" + c] = i + 1
            m["星期" + c] = i + 1
        }
        m["周天"] = 7
        m["星期天"] = 7
        return m
    }()
    static let dayAbbreviations = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// One weekday: `1`…`7`, `mon`…`sun`, `monday`…`sunday`, 周一…周日.
    public static func weekday(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let n = Int(t) { return (1...7).contains(n) ? n : nil }
        return weekdayNames[t]
    }

    /// A list of weekdays and ranges: `sat;sun`, `1-5`, `mon-wed;fri` (`,` also separates); throws
    /// `RequestFieldError` (field `from`).
    public static func weekdays(_ text: String) throws -> Set<Int> {
        let items = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
            throw RequestFieldError(field: "from", "expected weekdays such as 'sat;sun' or '1-5', got '\(text)'")
        }
        var days = Set<Int>()
        for item in items {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            switch ends.count {
            case 1:
                guard let d = weekday(item) else {
                    throw RequestFieldError(field: "from", "'\(item)' is not a weekday; expected 1–7 or mon…sun (e.g. 'sat;sun' or '1-5')")
                }
                days.insert(d)
            case 2:
                guard let a = weekday(ends[0]), let b = weekday(ends[1]) else {
                    throw RequestFieldError(field: "from", "'\(item)' is not a range of weekdays; expected e.g. '1-5' or 'mon-fri'")
                }
                guard a <= b else {
                    throw RequestFieldError(field: "from", "the range '\(item)' runs backwards; list the days instead (e.g. 'sat;sun;mon')")
                }
                days.formUnion(a...b)
            default:
                throw RequestFieldError(field: "from", "'\(item)' is not a weekday or a range of weekdays")
            }
        }
        return days
    }

    /// `HH:MM-HH:MM` as minutes after midnight (`24:00` only as the end; an end of `00:00` is
    /// midnight, 1440); empty = the whole day. Throws `RequestFieldError` (field `to`).
    public static func hours(_ text: String) throws -> (from: Int, to: Int) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return (0, 1440) }
        func minute(_ s: Substring) -> Int? {
            let parts = s.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
                  let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m), h < 24 || m == 0 else { return nil }
            return h * 60 + m
        }
        let ends = t.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2, let f = minute(ends[0]), let e = minute(ends[1]) else {
            throw RequestFieldError(field: "to", "expected hours HH:MM-HH:MM (e.g. 18:00-22:00) or empty for the whole day, got '\(t)'")
        }
        guard f < 1440 else { throw RequestFieldError(field: "to", "the window cannot start at 24:00; write 00:00") }
        guard f != e % 1440 || (f == 0 && e == 1440) else {
            throw RequestFieldError(field: "to", "the window '\(t)' starts and ends at the same time; leave it empty for the whole day")
        }
        return (f, e == 0 ? 1440 : e)
    }

    static func date(_ text: String, _ field: String) throws -> CivilDate {
        guard let d = CivilDate.parse(text.trimmingCharacters(in: .whitespaces)) else {
            throw RequestFieldError(field: field, text.isEmpty ? "is empty; expected a date YYYY-MM-DD" : "expected a date YYYY-MM-DD, got '\(text)'")
        }
        return d
    }

    static func dateTime(_ text: String, _ field: String) throws -> LocalDateTime {
        guard let d = LocalDateTime.parse(text.trimmingCharacters(in: .whitespaces)) else {
            throw RequestFieldError(field: field, text.isEmpty ? "is empty; expected a local time YYYY-MM-DDTHH:MM"
                                                               : "expected a local time YYYY-MM-DDTHH:MM, got '\(text)'")
        }
        return d
    }

    /// Reads the text fields of one request into a payload; throws `RequestFieldError` naming the bad field.
    public static func payload(_ f: Fields) throws -> StaffRequest.Payload {
        let kindText = f.kind.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        guard let kind = RequestKind(rawValue: kindText) else {
            throw RequestFieldError(field: "kind", (kindText.isEmpty ? "is empty" : "unknown kind '\(kindText)'") +
                                    "; expected one of \(RequestKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        func unused(_ value: String, _ field: String) throws {
            guard value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw RequestFieldError(field: field, "a \(kind.rawValue) request takes no \(field) (got '\(value)')")
            }
        }
        func validity() throws -> DateValidity {
            let v = DateValidity(from: f.validFrom.isEmpty ? nil : try date(f.validFrom, "valid_from"),
                                 until: f.validUntil.isEmpty ? nil : try date(f.validUntil, "valid_until"))
            if let a = v.from, let b = v.until, b < a {
                throw RequestFieldError(field: "valid_until", "\(b) is before valid_from \(a)")
            }
            return v
        }
        func noValidity() throws {
            for (value, field) in [(f.validFrom, "valid_from"), (f.validUntil, "valid_until")] where !value.isEmpty {
                throw RequestFieldError(field: field, "a \(kind.rawValue) request has its own dates; valid_from/valid_until apply to day_off, unavailable and protected")
            }
        }
        if kind != .leave { try unused(f.leaveKind, "leave_kind") }
        if kind != .shiftOn && kind != .shiftOff { try unused(f.shift, "shift"); try unused(f.weight, "weight") }
        switch kind {
        case .leave:
            try noValidity()
            let first = try date(f.from, "from")
            let last = f.to.isEmpty ? first : try date(f.to, "to")
            guard last >= first else { throw RequestFieldError(field: "to", "leave ends (\(last)) before it starts (\(first))") }
            let k = f.leaveKind.trimmingCharacters(in: .whitespaces).lowercased()
            guard k.isEmpty || k.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" }) else {
                throw RequestFieldError(field: "leave_kind", "expected a word such as annual, sick or maternity, got '\(f.leaveKind)'")
            }
            return .leave(firstDay: first, lastDay: last, leaveKind: k.isEmpty ? "annual" : k)
        case .dayOff:
            try unused(f.to, "to")
            guard let d = weekday(f.from) else {
                throw RequestFieldError(field: "from", "expected an ISO weekday 1–7 or mon…sun, got '\(f.from)'")
            }
            return .dayOff(weekday: d, validity: try validity())
        case .shiftOn, .shiftOff:
            try noValidity()
            try unused(f.to, "to")
            let d = try date(f.from, "from")
            let s = f.shift.trimmingCharacters(in: .whitespaces).lowercased()
            guard let shift = s.isEmpty ? .any : WishShift(rawValue: s) else {
                throw RequestFieldError(field: "shift", "expected early, middle, late, night or any, got '\(f.shift)'")
            }
            var w = 1.0
            let wt = f.weight.trimmingCharacters(in: .whitespaces)
            if !wt.isEmpty {
                guard let v = Double(wt), v.isFinite, v > 0 else {
                    throw RequestFieldError(field: "weight", "expected a positive number, got '\(wt)'")
                }
                w = v
            }
            return kind == .shiftOn ? .shiftOn(date: d, shift: shift, weight: w) : .shiftOff(date: d, shift: shift, weight: w)
        case .training:
            try noValidity()
            let s = try dateTime(f.from, "from")
            guard !f.to.isEmpty else { throw RequestFieldError(field: "to", "a training request needs its end (YYYY-MM-DDTHH:MM)") }
            let e = try dateTime(f.to, "to")
            guard e > s else { throw RequestFieldError(field: "to", "training ends (\(e)) before or when it starts (\(s))") }
            return .training(start: s, end: e)
        case .protected:
            try unused(f.to, "to")
            let t = f.from.trimmingCharacters(in: .whitespaces).lowercased()
            let status: ProtectedStatus?
            switch t {
            case "": status = nil
            case "pregnant": status = .pregnant
            case "nursing": status = .nursing
            default: throw RequestFieldError(field: "from", "expected empty, 'pregnant' or 'nursing', got '\(f.from)'")
            }
            return .protected(status: status, validity: try validity())
        case .unavailable:
            let days = try weekdays(f.from)
            let (a, b) = try hours(f.to)
            return .unavailable(weekdays: days, fromMinute: a, toMinute: b, validity: try validity())
        }
    }

    /// The payload's text fields as the CSV writes them (the inverse of `payload(_:)`).
    public static func fields(_ p: StaffRequest.Payload) -> Fields {
        func day(_ d: CivilDate?) -> String { d?.description ?? "" }
        func clock(_ m: Int) -> String { "\(CivilDate.pad(m / 60, 2)):\(CivilDate.pad(m % 60, 2))" }
        func number(_ w: Double) -> String { w == w.rounded() && abs(w) < 1e15 ? String(Int(w)) : String(w) }
        switch p {
        case let .leave(f, l, k):
            return Fields(kind: p.kind.rawValue, from: day(f), to: day(l), leaveKind: k)
        case let .dayOff(w, v):
            return Fields(kind: p.kind.rawValue, from: dayAbbreviations[w - 1], validFrom: day(v.from), validUntil: day(v.until))
        case let .shiftOn(d, s, w), let .shiftOff(d, s, w):
            return Fields(kind: p.kind.rawValue, from: day(d), shift: s.rawValue, weight: number(w))
        case let .training(s, e):
            return Fields(kind: p.kind.rawValue, from: s.description, to: e.description)
        case let .protected(st, v):
            return Fields(kind: p.kind.rawValue, from: st?.rawValue ?? "", validFrom: day(v.from), validUntil: day(v.until))
        case let .unavailable(days, a, b, v):
            return Fields(kind: p.kind.rawValue, from: days.sorted().map { dayAbbreviations[$0 - 1] }.joined(separator: ";"),
                          to: a == 0 && b == 1440 ? "" : "\(clock(a))-\(clock(b))", validFrom: day(v.from), validUntil: day(v.until))
        }
    }

    /// Reads and checks every row; any bad line rejects the file (`ImportRejected`, every bad line
    /// with file, line and field). `knownPeople`: a person_id not in it is a bad line.
    public static func parse(_ table: CSVTable, knownPeople: Set<String>, defaultStatus: RequestStatus = .pending,
                             source: String) throws -> [StaffRequest] {
        let expected = columns + optionalColumns.map { "[\($0)]" }
        let id = try table.requireColumn("person_id", expected: expected)
        let kind = try table.requireColumn("kind", expected: expected)
        let from = try table.requireColumn("from", expected: expected)
        let index = Dictionary(uniqueKeysWithValues: (["to", "shift", "weight"] + optionalColumns).map { ($0, table.columnIndex($0)) })
        var out: [StaffRequest] = []
        var errors: [InputError] = []
        for row in table.cursors {
            do {
                let person = try row.requiredText(id)
                guard knownPeople.contains(person) else {
                    throw row.error(id, "unknown person_id '\(person)'; import the people file first (roster people import)")
                }
                var status = defaultStatus
                let st = row.text(index["status"]!).lowercased()
                if !st.isEmpty {
                    guard let s = RequestStatus(rawValue: st), s == .pending || s == .approved else {
                        throw row.error(index["status"]!, "expected pending or approved (or empty), got '\(st)'")
                    }
                    status = s
                }
                let fields = Fields(kind: row.text(kind), from: row.text(from), to: row.text(index["to"]!),
                                    shift: row.text(index["shift"]!), weight: row.text(index["weight"]!),
                                    validFrom: row.text(index["valid_from"]!), validUntil: row.text(index["valid_until"]!),
                                    leaveKind: row.text(index["leave_kind"]!))
                let payload: StaffRequest.Payload
                do {
                    payload = try Self.payload(fields)
                } catch let error as RequestFieldError {
                    let column: Int? = switch error.field {
                    case "kind": kind
                    case "from": from
                    default: index[error.field] ?? nil
                    }
                    throw InputError(file: table.file, line: row.line, field: column.map { table.header[$0] } ?? error.field, error.message)
                }
                out.append(StaffRequest(personId: person, payload: payload, note: row.text(index["note"]!), status: status, source: source))
            } catch let e as InputError {
                errors.append(e)
            }
        }
        guard errors.isEmpty else { throw ImportRejected(file: table.file, errors: errors) }
        return out
    }
}

/// Requests with approval: filing (one, or a CSV file all-or-nothing), listing, deciding, and
/// the binding to the roster engine (`constraints(weekStart:days:)`, from approved requests only).
public struct RequestsWorkflow: Sendable {
    public let store: RosterStore

    public init(store: RosterStore) {
        self.store = store
    }

    /// What an import did.
    public struct ImportResult: Sendable, Hashable, Codable {
        /// The file's name (the source recorded on each request).
        public var file: String
        /// Data rows in the file.
        public var rows: Int
        /// Ids of the requests filed.
        public var filed: [Int]
        /// Ids of open requests that already said what a row says (not filed again).
        public var duplicates: [Int]
    }

    /// A request filed one at a time, and whether an identical open request was there already.
    public struct Filed: Sendable, Hashable {
        public var request: StaffRequest
        public var alreadyFiled: Bool
    }

    /// Imports a requests CSV (`StaffRequestsCSV`): every row checked (the person must be in the
    /// store; dates, weekdays, hours, weights), every bad line reported, nothing filed unless all
    /// are good. Rows without a `status` are filed as `status` (pending or approved). Identical
    /// open requests are not filed twice, so importing the same file again files nothing.
    public func importCSV(path: String, status: RequestStatus = .pending, by: String? = nil) throws -> ImportResult {
        guard status == .pending || status == .approved else {
            throw RosterStoreError.invalid("requests are imported pending or approved, not \(status.rawValue)")
        }
        let table = try CSVTable.read(path: path)
        let source = URL(fileURLWithPath: path).lastPathComponent
        let known = Set(try store.people().map(\.id))
        let requests = try StaffRequestsCSV.parse(table, knownPeople: known, defaultStatus: status, source: source)
        let summary = try store.fileRequests(requests, source: source, by: by)
        return ImportResult(file: source, rows: table.rows.count, filed: summary.filed, duplicates: summary.duplicates)
    }

    /// Files one request given as text fields (as the CLI and the web form take them); a bad field
    /// or an unknown person throws `RequestFieldError`.
    public func add(personId: String, fields: StaffRequestsCSV.Fields, note: String = "", status: RequestStatus = .pending,
                    by: String? = nil, source: String = "cli") throws -> Filed {
        guard try store.person(id: personId) != nil else {
            throw RequestFieldError(field: "person_id", "no person '\(personId)' in the store; import the people file first (roster people import)")
        }
        return try add(StaffRequest(personId: personId, payload: try StaffRequestsCSV.payload(fields), note: note, status: status,
                                    source: source), by: by)
    }

    /// Files one typed request.
    public func add(_ request: StaffRequest, by: String? = nil) throws -> Filed {
        let summary = try store.fileRequests([request], source: request.source, by: by)
        let id = summary.filed.first ?? summary.duplicates[0]
        guard let stored = try store.request(id: id) else { throw RosterStoreError.corrupt("request #\(id) was filed but cannot be read") }
        return Filed(request: stored, alreadyFiled: summary.filed.isEmpty)
    }

    /// Requests by id, filtered by person, status and the week (7 days from `week`) they touch.
    public func list(personId: String? = nil, status: RequestStatus? = nil, week: CivilDate? = nil) throws -> [StaffRequest] {
        try store.requests(personId: personId, status: status, overlapping: week.map { $0...$0.adding(days: 6) })
    }

    @discardableResult
    public func approve(id: Int, by: String? = nil, reason: String? = nil) throws -> StaffRequest {
        try store.decideRequest(id: id, status: .approved, by: by, reason: reason)
    }

    /// Rejects a pending request; the reason is required.
    @discardableResult
    public func reject(id: Int, by: String? = nil, reason: String) throws -> StaffRequest {
        try store.decideRequest(id: id, status: .rejected, by: by, reason: reason)
    }

    /// Withdraws a pending or approved request (an approved leave leaves HR's leave table again).
    @discardableResult
    public func withdraw(id: Int, by: String? = nil, reason: String? = nil) throws -> StaffRequest {
        try store.decideRequest(id: id, status: .withdrawn, by: by, reason: reason)
    }

    /// The per-person constraints of the `days` days from `weekStart`, for the roster engine:
    /// from approved requests that touch those days, protected status in the people table
    /// (pregnant or nursing) and HR's leave rows in the range. Pending, rejected and withdrawn
    /// requests are ignored. Only people with a constraint appear.
    public func constraints(weekStart: CivilDate, days: Int = 7) throws -> [String: PersonConstraints] {
        guard days >= 1 else { throw RosterStoreError.invalid("constraints need at least one day, got \(days)") }
        let last = weekStart.adding(days: days - 1)
        var result = RequestsWorkflow.constraints(approved: try store.requests(status: .approved, overlapping: weekStart...last),
                                                  weekStart: weekStart, days: days)
        for (id, d) in try store.allDetails() where d.protectedStatus == .pregnant || d.protectedStatus == .nursing {
            result[id, default: PersonConstraints()].protected = true
        }
        for l in try store.leaveRecords(from: weekStart, through: last) {
            for n in max(l.firstDay, weekStart).dayNumber...min(l.lastDay, last).dayNumber {
                result[l.personId, default: PersonConstraints()].leave.insert(CivilDate(dayNumber: n))
            }
        }
        return result
    }

    /// Maps approved requests to constraints over the `days` days from `weekStart` (requests of
    /// any other status are skipped).
    ///
    /// - leave: its days in the range; day_off: a fixed day off, or (over a range longer than a
    ///   week, when its validity covers only some of that weekday's dates) those dates as blocked
    ///   days; shift wishes: those dated in the range; training: sessions meeting the range;
    ///   protected: when its validity meets the range.
    /// - unavailable: an `AvailabilityWindow` over the weekdays whose dates in the range (and, for
    ///   a window past midnight, the day before it) its validity covers. A weekday is kept when
    ///   any of its dates is valid, so over a range longer than a week a validity edge inside the
    ///   range blocks whole weekdays (the safe side of a hard rule).
    public static func constraints(approved requests: [StaffRequest], weekStart: CivilDate, days: Int) -> [String: PersonConstraints] {
        let first = weekStart, last = weekStart.adding(days: max(days, 1) - 1)
        let dates = (0..<max(days, 1)).map { first.adding(days: $0) }
        let rangeStart = LocalDateTime(date: first), rangeEnd = LocalDateTime(date: last.adding(days: 1))
        var result: [String: PersonConstraints] = [:]
        func shiftName(_ s: WishShift) -> String? {
            switch s {
            case .early: "Early"
            case .middle: "Middle"
            case .late: "Late"
            case .night: "Night"
            case .any: nil
            }
        }
        for r in requests where r.status == .approved {
            var c = result[r.personId] ?? PersonConstraints()
            switch r.payload {
            case let .leave(f, l, _):
                guard f <= last, l >= first else { continue }
                for n in max(f, first).dayNumber...min(l, last).dayNumber { c.leave.insert(CivilDate(dayNumber: n)) }
            case let .dayOff(w, v):
                let ofWeekday = dates.filter { $0.weekday == w }
                let valid = ofWeekday.filter(v.contains)
                guard !valid.isEmpty else { continue }
                if valid.count == ofWeekday.count { c.fixedDaysOff.insert(w) } else { c.leave.formUnion(valid) }
            case let .shiftOn(d, s, w), let .shiftOff(d, s, w):
                guard d >= first, d <= last else { continue }
                c.wishes.append(ShiftWish(kind: r.kind == .shiftOn ? .on : .off, date: d, shiftName: shiftName(s), weight: w))
            case let .training(s, e):
                guard s < rangeEnd, rangeStart < e else { continue }
                c.training.append(s...e)
            case let .protected(_, v):
                guard v.overlaps(first, last) else { continue }
                c.protected = true
            case let .unavailable(weekdays, a, b, v):
                let candidates = b < a ? [first.adding(days: -1)] + dates : dates
                let kept = weekdays.filter { w in candidates.contains { $0.weekday == w && v.contains($0) } }
                guard !kept.isEmpty else { continue }
                c.unavailableWindows.append(AvailabilityWindow(weekdays: kept, fromMinute: a, toMinute: b))
            }
            result[r.personId] = c
        }
        return result
    }
}
