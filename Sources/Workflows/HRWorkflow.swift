import Foundation
import HotlineCore
import RosterStore

/// The HR use cases (the web's HR page; the CLI's `people`, `training`, `attendance`, `incidents`,
/// `replacements` and `kpi` commands do the same steps): the people list with masked personal data,
/// hiring, leave, separation, protected status, the training gate, attendance, incidents, open
/// replacement triggers with suggested successors, and the monthly KPI dashboard.
///
/// Every input arrives as text (a form field or a CLI option) and is checked here; a bad value
/// throws `RequestFieldError` naming the field, before anything is written.
public struct HRWorkflow: Sendable {
    public let store: RosterStore
    public let rules: CenterProfile.Replacement
    public let headcountMinimum: Int?

    public init(store: RosterStore, rules: CenterProfile.Replacement = .contractDefaults, headcountMinimum: Int? = nil) {
        self.store = store
        self.rules = rules
        self.headcountMinimum = headcountMinimum
    }

    /// Today in the center's calendar (Asia/Shanghai, UTC+8 all year).
    public static func today(_ now: Date = Date()) -> CivilDate {
        CivilDate(dayNumber: Int(((now.timeIntervalSince1970 + 8 * 3600) / 86400).rounded(.down)))
    }

    // MARK: - Parsing helpers

    public static func date(_ text: String, field: String) throws -> CivilDate {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { throw RequestFieldError(field: field, "is required (a date YYYY-MM-DD)") }
        guard let d = CivilDate.parse(t) else { throw RequestFieldError(field: field, "expected a date YYYY-MM-DD, got '\(t.prefix(40))'") }
        return d
    }

    public static func optionalDate(_ text: String?, field: String, default value: CivilDate) throws -> CivilDate {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return value }
        return try date(text, field: field)
    }

    static func required(_ text: String, field: String, max: Int = 100) throws -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { throw RequestFieldError(field: field, "is required") }
        guard t.count <= max else { throw RequestFieldError(field: field, "is longer than \(max) characters") }
        try plain(t, field: field)
        return t
    }

    /// Free text may not carry markup or control characters (names, kinds, reasons).
    static func plain(_ t: String, field: String) throws {
        if t.contains(where: { "<>".contains($0) }) || t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw RequestFieldError(field: field, "may not contain '<', '>' or control characters")
        }
    }

    func existingPerson(_ id: String, field: String = "person_id") throws -> Person {
        let t = id.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { throw RequestFieldError(field: field, "is required") }
        guard let p = try store.person(id: t) else { throw RequestFieldError(field: field, "no person '\(t.prefix(40))' in the store") }
        return p
    }

    // MARK: - People

    /// One person as HR lists them. `phone` and `nationalID` are masked unless asked for unmasked.
    public struct PersonRow: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var role: Role
        public var skills: [String]
        public var hiredOn: CivilDate
        public var contractHoursPerWeek: Double
        public var contract: String
        public var protectedStatus: ProtectedStatus?
        public var phone: String?
        public var nationalID: String?
        public var phoneQualified: Bool
        /// Pre-job topics still missing on the day (the training gate).
        public var missingPreJobTopics: [TrainingTopic]
        public var onLeave: Bool
        public var separatedOn: CivilDate?
        public var openTrigger: Bool
    }

    /// Everyone, with their state on `date`; personal data masked unless `unmasked`.
    public func people(on date: CivilDate, unmasked: Bool) throws -> [PersonRow] {
        let details = try store.allDetails()
        let qualified = try store.phoneQualified(on: date)
        let leave = try store.onLeave(on: date)
        let separated = Dictionary(try store.separations().map { ($0.personId, $0.date) }, uniquingKeysWith: min)
        let triggered = Set(try store.openTriggers(rules: rules).map(\.personId))
        return try store.people().map { p in
            PersonRow(id: p.id, name: p.name, role: p.role, skills: p.skills, hiredOn: p.hiredOn,
                      contractHoursPerWeek: p.contractHoursPerWeek, contract: details[p.id]?.contract ?? "",
                      protectedStatus: details[p.id]?.protectedStatus,
                      phone: p.phone.map { unmasked ? $0 : PersonalData.mask($0) },
                      nationalID: p.nationalID.map { unmasked ? $0 : PersonalData.mask($0) },
                      phoneQualified: qualified.contains(p.id),
                      missingPreJobTopics: qualified.contains(p.id) ? [] : try store.missingPreJobTopics(personId: p.id, on: date),
                      onLeave: leave.contains(p.id), separatedOn: separated[p.id], openTrigger: triggered.contains(p.id))
        }
    }

    /// The fields of a new hire, as typed.
    public struct Hire: Sendable {
        public var id: String
        public var name: String
        public var role: String
        public var skills: String
        public var hiredOn: String
        public var contractHoursPerWeek: String
        public var phone: String
        public var nationalID: String
        public var contract: String
        public var protectedStatus: String

        public init(id: String, name: String, role: String = "agent", skills: String = "phone", hiredOn: String,
                    contractHoursPerWeek: String = "40", phone: String = "", nationalID: String = "", contract: String = "",
                    protectedStatus: String = "") {
            self.id = id
            self.name = name
            self.role = role
            self.skills = skills
            self.hiredOn = hiredOn
            self.contractHoursPerWeek = contractHoursPerWeek
            self.phone = phone
            self.nationalID = nationalID
            self.contract = contract
            self.protectedStatus = protectedStatus
        }
    }

    /// Checks every field, then adds the person in one transaction (`importPeople`): a bad field
    /// leaves the store unchanged. An id already in the store is refused (hiring never overwrites).
    @discardableResult
    public func hire(_ h: Hire) throws -> Person {
        let id = try Self.required(h.id, field: "id", max: 20)
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw RequestFieldError(field: "id", "use letters, digits, '-' or '_' only (e.g. P0200)")
        }
        guard try store.person(id: id) == nil else { throw RequestFieldError(field: "id", "'\(id)' is already in the store") }
        let name = try Self.required(h.name, field: "name", max: 40)
        guard let role = Role(rawValue: h.role.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw RequestFieldError(field: "role", "expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try Self.plain(h.skills, field: "skills")
        let skills = PeopleCSV.splitSkills(h.skills.replacingOccurrences(of: ",", with: ";"))
        let hired = try Self.date(h.hiredOn, field: "hired_on")
        let hoursText = h.contractHoursPerWeek.trimmingCharacters(in: .whitespaces)
        guard let hours = Double(hoursText.isEmpty ? "40" : hoursText), hours.isFinite, hours > 0, hours <= PeopleCSV.maximumContractHours else {
            throw RequestFieldError(field: "contract_hours_per_week", "expected a number of hours in (0, \(Int(PeopleCSV.maximumContractHours))]")
        }
        let phone = h.phone.trimmingCharacters(in: .whitespaces)
        if !phone.isEmpty, !PeopleCSV.isValidPhone(phone) {
            throw RequestFieldError(field: "phone", "expected a mainland mobile number (11 digits starting with 1)")
        }
        let nid = h.nationalID.trimmingCharacters(in: .whitespaces).uppercased()
        if !nid.isEmpty, !PeopleCSV.isValidNationalID(nid) {
            throw RequestFieldError(field: "national_id", "expected 18 characters (17 digits, then a digit or X)")
        }
        let contract = h.contract.trimmingCharacters(in: .whitespaces)
        try Self.plain(contract, field: "contract")
        guard contract.count <= 100 else { throw RequestFieldError(field: "contract", "is longer than 100 characters") }
        let status = try Self.protectedStatus(h.protectedStatus)
        let person = Person(id: id, name: name, role: role, skills: skills, hiredOn: hired, contractHoursPerWeek: hours,
                            nationalID: nid.isEmpty ? nil : nid, phone: phone.isEmpty ? nil : phone)
        _ = try store.importPeople([person], details: [id: PersonDetails(contract: contract, protectedStatus: status)])
        return person
    }

    static func protectedStatus(_ text: String, field: String = "protected_status") throws -> ProtectedStatus? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty, t != "none" else { return nil }
        guard let s = ProtectedStatus(rawValue: t) else {
            throw RequestFieldError(field: field, "expected none or one of \(ProtectedStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return s
    }

    /// Sets (or clears: empty / `none`) a person's protected status; the contract stays.
    public func setProtectedStatus(personId: String, status: String) throws {
        let p = try existingPerson(personId)
        let s = try Self.protectedStatus(status)
        let contract = try store.details(personId: p.id)?.contract ?? ""
        _ = try store.importPeople([p], details: [p.id: PersonDetails(contract: contract, protectedStatus: s)])
    }

    /// Records leave from `firstDay` through `lastDay` (default: the first day).
    public func recordLeave(personId: String, kind: String, firstDay: String, lastDay: String) throws {
        let p = try existingPerson(personId)
        let k = try Self.required(kind.isEmpty ? "annual" : kind, field: "kind", max: 30)
        let first = try Self.date(firstDay, field: "first_day")
        let last = try Self.optionalDate(lastDay, field: "last_day", default: first)
        guard last >= first else { throw RequestFieldError(field: "last_day", "\(last) is before the first day \(first)") }
        try store.addLeave(personId: p.id, kind: k, firstDay: first, lastDay: last)
    }

    /// Records that a person left (their first day no longer working).
    public func recordSeparation(personId: String, date: String, reason: String) throws {
        let p = try existingPerson(personId)
        let d = try Self.date(date, field: "date")
        guard let r = SeparationReason(rawValue: reason.trimmingCharacters(in: .whitespaces)) else {
            throw RequestFieldError(field: "reason", "expected one of \(SeparationReason.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard d > p.hiredOn else { throw RequestFieldError(field: "date", "\(d) is not after the hire date \(p.hiredOn)") }
        try store.recordSeparation(personId: p.id, date: d, reason: r)
    }

    // MARK: - Training

    public struct TrainingOverview: Sendable, Codable {
        public var date: CivilDate
        public var courses: [TrainingCourse]
        public var phoneQualified: Int
        /// Agents not phone-qualified on the day, with the topics they lack.
        public var notQualified: [Gap]
        public struct Gap: Sendable, Codable, Hashable {
            public var personId: String
            public var name: String
            public var missing: [TrainingTopic]
        }
    }

    public func training(on date: CivilDate) throws -> TrainingOverview {
        let qualified = try store.phoneQualified(on: date)
        let agents = try store.rosterablePeople(on: date).filter { $0.role == .agent }
        let gaps = try agents.filter { !qualified.contains($0.id) }.map {
            TrainingOverview.Gap(personId: $0.id, name: $0.name, missing: try store.missingPreJobTopics(personId: $0.id, on: date))
        }
        return TrainingOverview(date: date, courses: try store.trainingCourses(), phoneQualified: agents.count - gaps.count, notQualified: gaps)
    }

    // MARK: - Attendance and absences

    public struct AttendanceOverview: Sendable, Codable {
        public var month: YearMonth
        public var events: Int
        public var people: [Row]
        public var leave: [LeaveRecord]
        public struct Row: Sendable, Codable, Hashable {
            public var personId: String
            public var events: Int
            public var firstAt: LocalDateTime
            public var lastAt: LocalDateTime
        }
    }

    public static func month(_ text: String?, field: String = "month", default value: YearMonth) throws -> YearMonth {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return value }
        guard let m = YearMonth.parse(text.trimmingCharacters(in: .whitespaces)) else {
            throw RequestFieldError(field: field, "expected a month YYYY-MM, got '\(text.prefix(20))'")
        }
        return m
    }

    public func attendance(month: YearMonth) throws -> AttendanceOverview {
        let events = try store.attendanceEvents(from: LocalDateTime(date: month.firstDay), to: LocalDateTime(date: month.lastDay.adding(days: 1)))
        var rows: [String: AttendanceOverview.Row] = [:]
        for e in events {
            if var r = rows[e.personId] {
                r.events += 1
                r.firstAt = min(r.firstAt, e.at)
                r.lastAt = max(r.lastAt, e.at)
                rows[e.personId] = r
            } else {
                rows[e.personId] = .init(personId: e.personId, events: 1, firstAt: e.at, lastAt: e.at)
            }
        }
        return AttendanceOverview(month: month, events: events.count, people: rows.values.sorted { $0.personId < $1.personId },
                                  leave: try store.leaveRecords(from: month.firstDay, through: month.lastDay))
    }

    // MARK: - Incidents

    /// An incident as listed (the note is never shown: it may name citizens).
    public struct IncidentRow: Sendable, Codable, Hashable {
        public var id: Int
        public var personId: String
        public var date: CivilDate
        public var kind: IncidentKind
        public var verified: Bool
        public var liable: Bool
        public var serious: Bool
    }

    public func incidents() throws -> [IncidentRow] {
        try store.incidents().map { IncidentRow(id: $0.id, personId: $0.personId, date: $0.date, kind: $0.kind, verified: $0.verified, liable: $0.liable, serious: $0.serious) }
    }

    static func bool(_ text: String, field: String) throws -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off", "": return false
        default: throw RequestFieldError(field: field, "expected true or false")
        }
    }

    /// After investigation: verified and liable (or not).
    public func updateIncident(id: String, verified: String, liable: String) throws {
        guard let n = Int(id.trimmingCharacters(in: .whitespaces)), n > 0 else { throw RequestFieldError(field: "id", "expected an incident number") }
        let v = try Self.bool(verified, field: "verified"), l = try Self.bool(liable, field: "liable")
        guard try store.incidents().contains(where: { $0.id == n }) else { throw RequestFieldError(field: "id", "no incident \(n)") }
        try store.updateIncident(id: n, verified: v, liable: l)
    }

    // MARK: - Replacements

    /// A suggested successor, with the reason for the place in one line (both languages).
    public struct Candidate: Sendable, Codable, Hashable {
        public var rank: Int
        public var personId: String
        public var name: String
        public var incidents: Int
        public var liableIncidents: Int
        public var hiredOn: CivilDate
        public var why: String
        public var whyChinese: String
    }

    /// What the ranking knows of everyone (built from the store by `triggers(on:)`).
    public struct CandidatePool: Sendable {
        public var people: [Person]
        public var phoneQualified: Set<String>
        public var rosterable: Set<String>
        public var onLeave: Set<String>
        public var protected: Set<String>
        public var withOpenTrigger: Set<String>
        public var incidents: [String: (all: Int, liable: Int)]

        public init(people: [Person], phoneQualified: Set<String>, rosterable: Set<String>, onLeave: Set<String>,
                    protected: Set<String>, withOpenTrigger: Set<String>, incidents: [String: (all: Int, liable: Int)]) {
            self.people = people
            self.phoneQualified = phoneQualified
            self.rosterable = rosterable
            self.onLeave = onLeave
            self.protected = protected
            self.withOpenTrigger = withOpenTrigger
            self.incidents = incidents
        }
    }

    /// The ranking rule: candidates for `replaced` are people of the same role, phone-qualified on
    /// the day (pre-job training complete; required of phone agents only), rosterable (hired, not
    /// separated or replaced), not protected, not on leave and without an open trigger of their
    /// own; ordered by fewest verified liable incidents, then fewest incidents of any kind, then
    /// longest service (earliest hire), then id.
    public static func rankCandidates(for replaced: Person, on date: CivilDate, pool: CandidatePool, limit: Int = 5) -> [Candidate] {
        let eligible = pool.people.filter { p in
            p.id != replaced.id && p.role == replaced.role && pool.rosterable.contains(p.id)
                && (replaced.role != .agent || pool.phoneQualified.contains(p.id))
                && !pool.onLeave.contains(p.id) && !pool.protected.contains(p.id) && !pool.withOpenTrigger.contains(p.id)
        }
        func counts(_ p: Person) -> (all: Int, liable: Int) { pool.incidents[p.id] ?? (0, 0) }
        let sorted = eligible.sorted { a, b in
            let x = counts(a), y = counts(b)
            return (x.liable, x.all, a.hiredOn.dayNumber, a.id) < (y.liable, y.all, b.hiredOn.dayNumber, b.id)
        }
        return sorted.prefix(limit).enumerated().map { i, p in
            let c = counts(p)
            let qualifiedEn = replaced.role == .agent ? "phone-qualified on \(date), " : ""
            let qualifiedZh = replaced.role == .agent ? "\(date) 已具备上岗资格，" : ""
            return Candidate(rank: i + 1, personId: p.id, name: p.name, incidents: c.all, liableIncidents: c.liable, hiredOn: p.hiredOn,
                             why: "#\(i + 1): same role (\(p.role.rawValue)), \(qualifiedEn)rosterable, not on leave or protected, no open trigger; \(c.liable) liable / \(c.all) incidents; hired \(p.hiredOn)",
                             whyChinese: "第\(i + 1)名：同岗位（\(p.role.chineseName)），\(qualifiedZh)可排班，未休假、非特殊保护期、无待处理触发；有责事件 \(c.liable) 起 / 共 \(c.all) 起；入职 \(p.hiredOn)")
        }
    }

    public struct TriggerSuggestion: Sendable, Codable {
        public var trigger: OpenTrigger
        public var candidates: [Candidate]
    }

    /// The open replacement triggers, each with its ranked suggested successors on `date`.
    public func triggers(on date: CivilDate, limit: Int = 5) throws -> [TriggerSuggestion] {
        let open = try store.openTriggers(rules: rules)
        guard !open.isEmpty else { return [] }
        var counts: [String: (all: Int, liable: Int)] = [:]
        for i in try store.incidents() {
            var c = counts[i.personId] ?? (0, 0)
            c.all += 1
            if i.verified && i.liable { c.liable += 1 }
            counts[i.personId] = c
        }
        let details = try store.allDetails()
        let everyone = try store.people()
        let pool = CandidatePool(people: everyone, phoneQualified: try store.phoneQualified(on: date),
                                 rosterable: Set(try store.rosterablePeople(on: date).map(\.id)), onLeave: try store.onLeave(on: date),
                                 protected: Set(details.filter { $0.value.protectedStatus != nil }.keys),
                                 withOpenTrigger: Set(open.map(\.personId)), incidents: counts)
        let byId = Dictionary(uniqueKeysWithValues: everyone.map { ($0.id, $0) })
        return open.map { t in
            TriggerSuggestion(trigger: t, candidates: byId[t.personId].map { Self.rankCandidates(for: $0, on: date, pool: pool, limit: limit) } ?? [])
        }
    }

    /// Replaces the person of an open trigger by `successorId` from `effectiveOn`.
    public func closeReplacement(personId: String, triggerId: String, successorId: String, effectiveOn: String) throws {
        let p = try existingPerson(personId)
        let t = try Self.required(triggerId, field: "trigger_id")
        let s = try existingPerson(successorId, field: "successor_id")
        let d = try Self.date(effectiveOn, field: "effective_on")
        guard try store.openTriggers(rules: rules).contains(where: { $0.personId == p.id && $0.triggerId == t }) else {
            throw RequestFieldError(field: "trigger_id", "no open trigger '\(t.prefix(40))' for \(p.id)")
        }
        try store.closeReplacement(personId: p.id, triggerId: t, successorId: s.id, effectiveOn: d, rules: rules)
    }

    /// Closes an open trigger without replacing the person, with the reason.
    public func waive(personId: String, triggerId: String, reason: String, on date: String) throws {
        let p = try existingPerson(personId)
        let t = try Self.required(triggerId, field: "trigger_id")
        let r = try Self.required(reason, field: "reason", max: 300)
        let d = try Self.date(date, field: "date")
        guard try store.openTriggers(rules: rules).contains(where: { $0.personId == p.id && $0.triggerId == t }) else {
            throw RequestFieldError(field: "trigger_id", "no open trigger '\(t.prefix(40))' for \(p.id)")
        }
        try store.waiveTrigger(personId: p.id, triggerId: t, reason: r, on: d, rules: rules)
    }

    // MARK: - KPI dashboard

    /// One indicator of the month against its target (a share 0…1, or a count for headcount).
    public struct KPI: Sendable, Codable, Hashable {
        /// Key of the indicator (`utilisation`, `adherence`, `answer_rate`, `turnover`, `headcount`,
        /// `liable_complaints`, `ticket_errors`).
        public var key: String
        public var value: Double?
        public var target: Double?
        /// The target is a floor (value must reach it) or a cap (must stay under it).
        public var higherIsBetter: Bool
        public var met: Bool?
    }

    public struct Dashboard: Sendable, Codable {
        public var month: YearMonth
        public var kpis: [KPI]
        public var assessment: MonthlyAssessment
    }

    /// The month's assessment and its indicators against the targets the profile gives
    /// (service target for the answer rate, turnover cap, minimum headcount).
    public func dashboard(month: YearMonth, answerRateTarget: Double?) throws -> Dashboard {
        let a = try store.assessment(month: month, headcountMinimum: headcountMinimum, rules: rules)
        func kpi(_ key: String, _ v: Double?, _ target: Double?, higher: Bool) -> KPI {
            let met: Bool? = v.flatMap { v in target.map { higher ? v >= $0 : v <= $0 } }
            return KPI(key: key, value: v, target: target, higherIsBetter: higher, met: met)
        }
        return Dashboard(month: month, kpis: [
            kpi("answer_rate", a.effectiveAnswerRate, answerRateTarget, higher: true),
            kpi("utilisation", a.utilisation, nil, higher: true),
            kpi("adherence", a.adherence, nil, higher: true),
            kpi("turnover", a.turnover, a.turnoverCap, higher: false),
            kpi("ticket_errors", a.ticketErrorRate, nil, higher: false),
            kpi("liable_complaints", Double(a.liableComplaints), nil, higher: false),
            kpi("headcount", Double(a.headcount), a.headcountMinimum.map(Double.init), higher: true),
        ], assessment: a)
    }
}
