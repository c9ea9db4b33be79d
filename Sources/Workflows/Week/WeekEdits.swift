import Foundation
import HotlineCore
import RosterStore
import Rostering

/// A broken hard rule, said for a person: the rule, who, when (when the rule is about a day) and
/// the figures.
public struct RuleBreach: Sendable, Codable, Equatable, CustomStringConvertible {
    public var rule: String
    public var personId: String
    public var detail: String

    public init(violation v: RuleViolation) {
        rule = v.rule
        personId = v.personId
        detail = v.detail
    }

    public var description: String { personId.isEmpty ? "\(rule): \(detail)" : "\(personId): \(rule): \(detail)" }
}

/// Why a workflow step did nothing.
public enum WorkflowError: Error, CustomStringConvertible, Sendable {
    /// The step is not possible as asked (what to do instead is said).
    case refused(String)
    /// The change would break hard rules; nothing was saved.
    case ruleBroken([RuleBreach], String)

    public var description: String {
        switch self {
        case .refused(let message): return message
        case let .ruleBroken(breaches, message):
            return message + ": " + breaches.map(\.description).joined(separator: "; ")
        }
    }
}

/// One change a manager makes to a draft.
public enum WeekEdit: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Give the person this shift on the day (`shift`: a code, a shift name or `HH:MM-HH:MM`).
    case assign(personId: String, date: CivilDate, shift: String)
    /// The person is off that day.
    case off(personId: String, date: CivilDate)
    /// The two people exchange what they do that day.
    case swap(personId: String, otherId: String, date: CivilDate)
    /// Keep the cell as it is when reoptimising; `unlock` frees it again (locks and hand edits).
    case lock(personId: String, date: CivilDate)
    case unlock(personId: String, date: CivilDate)

    public var description: String {
        switch self {
        case let .assign(p, d, s): return "assign \(p) \(d) \(s)"
        case let .off(p, d): return "off \(p) \(d)"
        case let .swap(p, q, d): return "swap \(p) \(q) \(d)"
        case let .lock(p, d): return "lock \(p) \(d)"
        case let .unlock(p, d): return "unlock \(p) \(d)"
        }
    }

    var date: CivilDate {
        switch self {
        case let .assign(_, d, _), let .off(_, d), let .swap(_, _, d), let .lock(_, d), let .unlock(_, d): return d
        }
    }

    var people: [String] {
        switch self {
        case let .assign(p, _, _), let .off(p, _), let .lock(p, _), let .unlock(p, _): return [p]
        case let .swap(p, q, _): return [p, q]
        }
    }
}

extension WeekWorkflow {
    /// The result of a set of edits: what changed and the rules now broken as declared exceptions.
    public struct EditReport: Sendable, Codable {
        public var weekStart: CivilDate
        public var revision: Int
        public var applied: [String]
        public var changes: [WeekDiff.Change]
        /// Hard rules the edits break, recorded as declared exceptions (only with `force`).
        public var exceptions: [RuleBreach]
    }

    /// Applies `edits` to the week's draft (starting one from the latest published version when
    /// the week has no draft), all or nothing: each edit is checked against every hard rule, and
    /// an edit that breaks one that was not broken before is refused with the rule, person, date
    /// and figures, and nothing is saved — unless `force`, which records the breaks as declared
    /// exceptions with `reason` (audited). `expectedRevision`: the revision the caller looked at.
    public func edit(week: CivilDate, _ edits: [WeekEdit], force: Bool = false, reason: String? = nil,
                     expectedRevision: Int? = nil, source: String = "edit") throws -> EditReport {
        try Self.requireMonday(week)
        guard !edits.isEmpty else { throw WorkflowError.refused("no edit given (--assign, --off, --swap, --lock or --unlock)") }
        if force, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw WorkflowError.refused("--force needs --reason: a declared exception says why the rule is broken")
        }
        var draft: RosterDraft
        var payload: Data
        if let d = try store.draft(weekStart: week) {
            draft = d
            payload = d.payload
        } else if let latest = try store.rosterVersions(weekStart: week).last {
            let shifts = try store.publishedShifts(weekStart: week, version: latest.version)
            draft = RosterDraft(weekStart: week, revision: 0, basedOnVersion: latest.version, publishedVersion: latest.version,
                                createdAt: "", updatedAt: "", actor: store.actor, shifts: shifts, cells: [], payload: Data())
            payload = try Self.encode(Payload(plan: nil, requirements: [], forecastModel: "", forecastSource: "version \(latest.version)", build: nil))
        } else {
            throw WorkflowError.refused("the week \(week) has neither a draft nor a published roster: build one first (roster week build --week \(week))")
        }
        if let expectedRevision, draft.revision != expectedRevision {
            throw WorkflowError.refused("the draft of \(week) changed since you read it (revision \(expectedRevision), now \(draft.revision)): reload it and edit again")
        }
        let ctx = try context(week: week)
        let people = Dictionary(ctx.everyone.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rosterable = Set(ctx.people.map(\.id))
        let planTours = (try? decodePayload(draft))?.plan
        var shifts = draft.shifts
        var cells = Dictionary(draft.cells.map { ("\($0.personId) \($0.date)", $0) }, uniquingKeysWith: { a, _ in a })
        func mark(_ p: String, _ d: CivilDate, _ change: (inout DraftCell) -> Void) {
            var c = cells["\(p) \(d)"] ?? DraftCell(personId: p, date: d)
            change(&c)
            cells["\(p) \(d)"] = c
        }

        var exceptions: [RuleBreach] = []
        var applied: [String] = []
        for (n, e) in edits.enumerated() {
            let label = edits.count > 1 ? "edit \(n + 1) (\(e))" : "\(e)"
            guard e.date >= week, e.date < week.adding(days: 7) else {
                throw InputError(file: label, field: "date", "\(e.date) is not in the week \(week)…\(week.adding(days: 6))")
            }
            for p in e.people {
                guard let person = people[p] else { throw InputError(file: label, field: "person", "no person '\(p)' in the store") }
                if case .unlock = e { continue }
                if case .lock = e { continue }
                guard rosterable.contains(p) else {
                    throw WorkflowError.refused("\(label): \(p) (\(person.role.rawValue)) cannot be rostered in the week \(week): not yet hired, separated or replaced")
                }
            }
            let stepBefore = ctx.violations(of: shifts, profile: profile)
            switch e {
            case let .assign(p, d, code):
                let person = people[p]!
                let spec = try ShiftCode.parse(code, role: person.role, plan: planTours, draft: shifts, profile: profile, file: label)
                shifts.removeAll { $0.personId == p && $0.date == d }
                if let spec {
                    let start = LocalDateTime(date: d, minute: spec.startMinute)
                    shifts.append(ShiftAssignment(personId: p, name: person.name, role: person.role, date: d, start: start,
                                                  end: start.adding(minutes: spec.lengthMinutes),
                                                  shift: profile.shifts.name(startHour: spec.startMinute / 60)?.chinese ?? "班次"))
                }
                mark(p, d) { $0.edited = true }
            case let .off(p, d):
                shifts.removeAll { $0.personId == p && $0.date == d }
                mark(p, d) { $0.edited = true }
            case let .swap(p, q, d):
                guard p != q else { throw InputError(file: label, field: "person", "a swap needs two different people") }
                let (a, b) = (people[p]!, people[q]!)
                guard a.role == b.role else {
                    throw WorkflowError.refused("\(label): \(p) is \(a.role.rawValue) and \(q) is \(b.role.rawValue); a swap stays within one role (use --assign)")
                }
                let sp = shifts.first { $0.personId == p && $0.date == d }
                let sq = shifts.first { $0.personId == q && $0.date == d }
                guard sp != nil || sq != nil else { throw WorkflowError.refused("\(label): neither \(p) nor \(q) works on \(d): nothing to swap") }
                shifts.removeAll { ($0.personId == p || $0.personId == q) && $0.date == d }
                if let sq { shifts.append(ShiftAssignment(personId: p, name: a.name, role: a.role, date: d, start: sq.start, end: sq.end, shift: sq.shift)) }
                if let sp { shifts.append(ShiftAssignment(personId: q, name: b.name, role: b.role, date: d, start: sp.start, end: sp.end, shift: sp.shift)) }
                mark(p, d) { $0.edited = true }
                mark(q, d) { $0.edited = true }
            case let .lock(p, d):
                mark(p, d) { $0.locked = true }
            case let .unlock(p, d):
                mark(p, d) { $0.locked = false; $0.edited = false }
            }
            // The rules this edit breaks that were not broken before it.
            let after = ctx.violations(of: shifts, profile: profile)
            let new = Self.added(after, to: stepBefore)
            if !new.isEmpty {
                let breaches = new.map(RuleBreach.init)
                guard force else {
                    throw WorkflowError.ruleBroken(breaches, "\(label) refused, nothing saved: it breaks \(new.count) hard rule(s)")
                }
                exceptions += breaches
                for p in e.people {
                    mark(p, e.date) { c in
                        for v in new where (v.personId == p || v.personId.isEmpty) && !c.exceptionRules.contains(v.rule) {
                            c.exceptionRules.append(v.rule)
                        }
                        c.exceptionReason = reason ?? ""
                    }
                }
                // Breaks named on another person (e.g. a swap partner's rest) are that person's cell.
                for v in new where !v.personId.isEmpty && !e.people.contains(v.personId) {
                    mark(v.personId, e.date) { c in
                        if !c.exceptionRules.contains(v.rule) { c.exceptionRules.append(v.rule) }
                        c.exceptionReason = reason ?? ""
                    }
                }
            }
            applied.append(e.description)
        }

        shifts.sort { ($0.start, $0.personId) < ($1.start, $1.personId) }
        let changes = WeekDiff.changes(from: draft.shifts, to: shifts)
        let revision = try store.saveDraft(weekStart: week, shifts: shifts, cells: Array(cells.values), payload: payload,
                                           basedOnVersion: draft.basedOnVersion,
                                           expectedRevision: draft.revision == 0 ? nil : draft.revision, action: source,
                                           detail: "edits=\(edits.count) changes=\(changes.count) exceptions=\(exceptions.count)"
                                               + (force ? " forced reason=\(reason ?? "")" : ""))
        return EditReport(weekStart: week, revision: revision, applied: applied, changes: changes, exceptions: exceptions)
    }

    /// The violations of `after` that `before` does not have (as a multiset).
    static func added(_ after: [RuleViolation], to before: [RuleViolation]) -> [RuleViolation] {
        var counts: [RuleViolation: Int] = [:]
        for v in before { counts[v, default: 0] += 1 }
        var result: [RuleViolation] = []
        for v in after {
            if let c = counts[v], c > 0 { counts[v] = c - 1 } else { result.append(v) }
        }
        return result
    }
}

/// Shift codes of the grid and the spreadsheet: `E07` (the shift family's letter and its start
/// hour, `E0730` for a half-hour start), a time range `07:00-15:00`, a shift name of the profile
/// (`早班`, `Early`), or off (`休`, `off`, `-`, empty).
public enum ShiftCode {
    public struct Spec: Sendable, Equatable {
        public var startMinute: Int
        public var lengthMinutes: Int
    }

    static let offWords: Set<String> = ["", "-", "—", "休", "休息", "off", "rest", "x", "假", "请假", "leave", "训", "培训", "training"]

    /// The code shown in a grid cell for a shift.
    public static func code(_ s: ShiftAssignment, profile: CenterProfile) -> String {
        let startMinute = s.start.secondOfDay / 60
        let letter = profile.shifts.name(startHour: startMinute / 60)?.english.prefix(1).uppercased() ?? "S"
        let hh = CivilDate.pad(startMinute / 60, 2)
        let mm = startMinute % 60 == 0 ? "" : CivilDate.pad(startMinute % 60, 2)
        let standard = 8 * 60 + 60
        let length = s.durationSeconds / 60
        // A length other than the common 9 h on site (8 h paid + 1 h break) or 8 h is shown: E07/10h.
        let suffix = (length == standard || length == 8 * 60) ? "" : "/" + (length % 60 == 0 ? "\(length / 60)h" : "\(length)m")
        return letter + hh + mm + suffix
    }

    /// The time range of a shift, `07:00-15:00`.
    public static func range(_ s: ShiftAssignment) -> String { "\(s.start.clockText)-\(s.end.clockText)" }

    /// Reads a cell: nil means off. `plan` and `draft` give the usual lengths of the role's shifts.
    public static func parse(_ raw: String, role: Role, plan: WeeklyPlanLike?, draft: [ShiftAssignment], profile: CenterProfile,
                             file: String, line: Int? = nil, field: String = "shift") throws -> Spec? {
        let text = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "：", with: ":")
            .replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: "~", with: "-")
        if offWords.contains(text.lowercased()) { return nil }
        // A time range, optionally after a name: "早班 07:00-15:00".
        let parts = text.split(separator: " ").map(String.init)
        if let last = parts.last, let range = timeRange(last) { return range }
        // The role's known shifts: the plan's tours and the draft's shifts.
        var known: [(start: Int, length: Int)] = []
        for s in draft where s.role == role { known.append((s.start.secondOfDay / 60, s.durationSeconds / 60)) }
        known += plan?.tourShapes(role: role) ?? []
        func usualLength(start: Int) -> Int? {
            let lengths = known.filter { $0.start == start }.map(\.length)
            return Dictionary(grouping: lengths, by: { $0 }).max { ($0.value.count, -$0.key) < ($1.value.count, -$1.key) }?.key
        }
        // A code: letter + HH[MM] [/Nh].
        let codePattern = text.uppercased()
        if let first = codePattern.first, first.isLetter, first.isASCII {
            var rest = codePattern.dropFirst()
            var explicitLength: Int? = nil
            if let slash = rest.firstIndex(of: "/") {
                let l = rest[rest.index(after: slash)...]
                if l.hasSuffix("H"), let h = Int(l.dropLast()) { explicitLength = h * 60 } else if l.hasSuffix("M"), let m = Int(l.dropLast()) { explicitLength = m }
                else { throw InputError(file: file, line: line, field: field, "'\(raw)': the length after / must be like 10h or 510m") }
                rest = rest[..<slash]
            }
            if rest.allSatisfy(\.isNumber), rest.count == 2 || rest.count == 4, let v = Int(rest) {
                let start = rest.count == 2 ? v * 60 : (v / 100) * 60 + v % 100
                guard start < 1440, rest.count == 2 || v % 100 < 60 else {
                    throw InputError(file: file, line: line, field: field, "'\(raw)': the start hour must be 00–23")
                }
                let length = explicitLength ?? usualLength(start: start) ?? 9 * 60
                guard (60...16 * 60).contains(length) else { throw InputError(file: file, line: line, field: field, "'\(raw)': a shift lasts 1 to 16 hours") }
                return Spec(startMinute: start, lengthMinutes: length)
            }
        }
        // A shift name: the role's most common shift of that name.
        if let name = profile.shifts.names.first(where: { $0.chinese == text || $0.english.lowercased() == text.lowercased()
                                                          || $0.chinese.hasPrefix(text) && text.count == 1 }) {
            let shapes = known.filter { name.fromHour <= $0.start / 60 && $0.start / 60 < name.toHour }
            guard let best = Dictionary(grouping: shapes, by: { "\($0.start) \($0.length)" }).max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) })?.value.first else {
                throw InputError(file: file, line: line, field: field, "'\(raw)': no \(role.rawValue) shift of the kind \(name.english) in this week's plan; give the times, e.g. 07:00-16:00")
            }
            return Spec(startMinute: best.start, lengthMinutes: best.length)
        }
        throw InputError(file: file, line: line, field: field,
                         "'\(raw)' is not a shift: expected a code such as E07 or N22, a time range such as 07:00-16:00, a shift name (\(profile.shifts.names.map(\.chinese).joined(separator: "/"))) or 休/off")
    }

    /// `HH:MM-HH:MM` (end ≤ start: the next day).
    static func timeRange(_ text: String) -> Spec? {
        let ends = text.split(separator: "-")
        guard ends.count == 2, let a = clock(ends[0]), let b = clock(ends[1]) else { return nil }
        let length = b > a ? b - a : 1440 - a + b
        guard length >= 60, length <= 16 * 60 else { return nil }
        return Spec(startMinute: a, lengthMinutes: length)
    }

    static func clock(_ t: Substring) -> Int? {
        let p = t.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return (h * 60 + m) % 1440
    }
}

/// What the shift codes need of a plan: the shapes (start minute, length) of a role's tours.
public protocol WeeklyPlanLike {
    func tourShapes(role: Role) -> [(start: Int, length: Int)]
}
