import Foundation
import Planning
import HotlineCore
import RosterStore
import Rostering

/// What the web's roster page needs beside the CLI's week functions: reading the week and the
/// version refs of a query, the default week, one person's schedule (an agent's own view), an
/// edit from a form's fields, and an uploaded workbook. Bad input is a `RequestFieldError`
/// naming the field (400), never a crash.
extension WeekWorkflow {
    /// One person's week: their row, shifts and the hard rules that name them.
    public struct PersonSchedule: Sendable, Codable {
        public var weekStart: CivilDate
        public var source: String
        public var version: Int?
        public var row: WeekView.Row
        public var shifts: [ShiftAssignment]
        public var violations: [RuleBreach]
    }

    /// The week of a `week=YYYY-MM-DD` field: a Monday, or (empty) `defaultWeek`.
    public func week(field text: String?, field: String = "week", today: CivilDate = HRWorkflow.today()) throws -> CivilDate {
        guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return try defaultWeek(today: today) }
        guard let d = CivilDate.parse(t) else {
            throw RequestFieldError(field: field, "expected the Monday of a week as YYYY-MM-DD, got '\(t.prefix(40))'")
        }
        guard d.weekday == 1 else {
            throw RequestFieldError(field: field, "\(d) is a \(PlanningWeek.fullDayNames[d.weekday - 1]); a roster week starts on a Monday (\(d.mondayOfWeek))")
        }
        return d
    }

    /// The week a page opens on: this week when it has a draft or a published version, else the
    /// latest week with one, else this week.
    public func defaultWeek(today: CivilDate = HRWorkflow.today()) throws -> CivilDate {
        let monday = today.mondayOfWeek
        let weeks = Set(try store.draftWeeks()).union(try store.publishedWeeks())
        if weeks.contains(monday) { return monday }
        return weeks.max() ?? monday
    }

    /// A version ref of a field (`draft`, `current`, a version number); empty → `fallback`.
    public static func ref(field text: String?, field: String, default fallback: VersionRef) throws -> VersionRef {
        guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return fallback }
        guard let r = VersionRef(t) else {
            throw RequestFieldError(field: field, "expected a version number, 'draft' or 'current', got '\(t.prefix(40))'")
        }
        return r
    }

    /// The refs a diff compares by default: the last published version against the draft.
    public func diffRefs(week: CivilDate, from: String?, to: String?) throws -> (from: VersionRef, to: VersionRef) {
        let last = try store.rosterVersions(weekStart: week).last?.version
        let a = try Self.ref(field: from, field: "from", default: last.map { .version($0) } ?? .draft)
        let b = try Self.ref(field: to, field: "to", default: .draft)
        return (a, b)
    }

    /// One person's part of a view (unknown in the week: 400 naming `person`).
    public static func schedule(of personId: String, in view: WeekView) throws -> PersonSchedule {
        guard let row = view.rows.first(where: { $0.personId == personId }) else {
            throw RequestFieldError(field: "person", "no person '\(personId.prefix(40))' in the roster of \(view.weekStart)")
        }
        return PersonSchedule(weekStart: view.weekStart, source: view.source, version: view.version, row: row,
                              shifts: view.shifts.filter { $0.personId == personId },
                              violations: view.violations.filter { $0.personId == personId })
    }

    /// The edit of a form: `action` assign|off|swap|lock|unlock, `person`, `date`, `shift` (assign),
    /// `other` (swap).
    public static func edit(action: String?, person: String?, date: String?, shift: String?, other: String?) throws -> WeekEdit {
        func required(_ v: String?, _ field: String) throws -> String {
            guard let t = v?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { throw RequestFieldError(field: field, "is required") }
            guard t.count <= 40 else { throw RequestFieldError(field: field, "is longer than 40 characters") }
            return t
        }
        let p = try required(person, "person")
        let dt = try required(date, "date")
        guard let d = CivilDate.parse(dt) else { throw RequestFieldError(field: "date", "expected YYYY-MM-DD, got '\(dt)'") }
        switch try required(action, "action") {
        case "assign": return .assign(personId: p, date: d, shift: try required(shift, "shift"))
        case "off": return .off(personId: p, date: d)
        case "swap": return .swap(personId: p, otherId: try required(other, "other"), date: d)
        case "lock": return .lock(personId: p, date: d)
        case "unlock": return .unlock(personId: p, date: d)
        case let a: throw RequestFieldError(field: "action", "expected assign, off, swap, lock or unlock, got '\(a.prefix(40))'")
        }
    }

    /// The reason of a forced edit or a publish note: optional, plain text, at most 200 characters.
    public static func reason(field text: String?, field: String = "reason") throws -> String? {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        guard t.count <= 200 else { throw RequestFieldError(field: field, "is longer than 200 characters") }
        try HRWorkflow.plain(t, field: field)
        return t
    }

    /// A yes of a checkbox or JSON flag (`on`, `1`, `true`, `yes`).
    public static func flag(_ text: String?) -> Bool { ["on", "1", "true", "yes"].contains((text ?? "").lowercased()) }

    /// Imports an uploaded workbook (its bytes) like `importWorkbook(path:)`: all or nothing.
    public func importWorkbook(data: Data, week: CivilDate, force: Bool = false, reason: String? = nil) throws -> EditReport {
        guard !data.isEmpty else { throw RequestFieldError(field: "file", "the upload is empty: choose an .xlsx file") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("upload.xlsx")
        try data.write(to: file)
        do {
            return try importWorkbook(path: file.path, week: week, force: force, reason: reason)
        } catch var e as InputError {
            // Name the upload, not the temporary file.
            if e.file == file.path { e.file = "upload.xlsx" }
            e.message = e.message.replacingOccurrences(of: file.path, with: "upload.xlsx")
            throw e
        } catch WorkflowError.refused(let m) {
            throw WorkflowError.refused(m.replacingOccurrences(of: file.path, with: "upload.xlsx"))
        }
    }
}

extension WeekWorkflow.WeekView {
    /// The view as one person may see it: their row and shifts, the rules that name them, the
    /// center's cover (no names), no build report (it names other people).
    public func only(personId: String) -> Self {
        var v = self
        v.rows = rows.filter { $0.personId == personId }
        v.shifts = shifts.filter { $0.personId == personId }
        v.violations = violations.filter { $0.personId == personId }
        v.build = nil
        return v
    }

    /// The iCalendar of one person of the week (an empty calendar when they have no shift; an
    /// unknown person: 400 naming `person`).
    public func icalendar(of personId: String, profile: CenterProfile, language: DocumentLanguage) throws -> String {
        let schedule = try WeekWorkflow.schedule(of: personId, in: self)
        if let text = only(personId: personId).icalendars(profile: profile, language: language)[personId] { return text }
        let stamp = LocalDateTime(seconds: Int(Date().timeIntervalSince1970) + LocalDateTime(date: CivilDate(year: 1970, month: 1, day: 1)!).seconds)
        return ICalendar.text(personId: personId, name: schedule.row.name, shifts: [], stamp: stamp, timezone: profile.timezone, language: language)
    }
}

extension WeekWorkflow.BuildReport {
    /// The keys a page shows first: the plan's status and gap, the short hours and the rules broken.
    public struct Summary: Sendable, Codable {
        public var planStatus: String
        /// The plan's relative gap (nil: the solver proved none).
        public var planGap: Double?
        public var planSeconds: Double
        public var requiredAgentHours: Int
        public var scheduledAgentHours: Int
        public var shortAgentHours: Int
        public var overAgentHours: Int
        public var shortHours: [WeekWorkflow.ShortHour]
        public var violations: [RuleBreach]
        public var droppedShifts: Int
        public var warnings: [String]
        public var seconds: Double
        /// The roster engine's weighted objective, its proven lower bound and the relative gap
        /// (nil in drafts built before the bound was computed, or with the bound turned off).
        public var engineObjective: Double?
        public var engineLowerBound: Double?
        public var engineGap: Double?
    }

    public var summary: Summary {
        Summary(planStatus: solver.status, planGap: solver.gap, planSeconds: solver.seconds,
                requiredAgentHours: requiredAgentHours, scheduledAgentHours: scheduledAgentHours,
                shortAgentHours: shortAgentHours, overAgentHours: overAgentHours, shortHours: shortHours,
                violations: violations.map(RuleBreach.init), droppedShifts: dropped.count, warnings: warnings, seconds: seconds,
                engineObjective: objective.total, engineLowerBound: engineLowerBound.value, engineGap: engineGap.value)
    }
}
