import Foundation
import HotlineCore
import Planning
import RosterStore
import Rostering

extension WeeklyPlan: WeeklyPlanLike {
    public func tourShapes(role: Role) -> [(start: Int, length: Int)] {
        let tours = role == .agent ? self.tours : (roles.first { $0.role == role }?.tours ?? [])
        return tours.filter { $0.count > 0 }.map { ($0.tour.startMinute, $0.tour.lengthMinutes) }
    }
}

/// Every changed assignment between two rosters of a week.
public enum WeekDiff {
    public struct Change: Sendable, Codable, Equatable {
        public var personId: String
        public var name: String
        public var date: CivilDate
        /// `07:00-16:00`, or nil when off.
        public var from: String?
        public var to: String?
    }

    public static func changes(from old: [ShiftAssignment], to new: [ShiftAssignment]) -> [Change] {
        func key(_ s: ShiftAssignment) -> String { "\(s.personId) \(s.date)" }
        let a = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
        let b = Dictionary(new.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
        var result: [Change] = []
        for k in Set(a.keys).union(b.keys) {
            let x = a[k], y = b[k]
            let fx = x.map(ShiftCode.range), fy = y.map(ShiftCode.range)
            guard fx != fy else { continue }
            let s = (y ?? x)!
            result.append(Change(personId: s.personId, name: s.name, date: s.date, from: fx, to: fy))
        }
        return result.sorted { ($0.date, $0.personId) < ($1.date, $1.personId) }
    }
}

extension WeekWorkflow {
    /// Which roster of a week: a published version, or the working draft.
    public enum VersionRef: Sendable, Equatable, CustomStringConvertible {
        case draft
        case version(Int)
        /// The draft when there is one, else the latest published version.
        case current

        public init?(_ text: String) {
            if text == "draft" { self = .draft } else if text == "current" || text == "latest" { self = .current }
            else if let n = Int(text), n > 0 { self = .version(n) } else { return nil }
        }

        public var description: String {
            switch self {
            case .draft: return "draft"
            case .version(let n): return "version \(n)"
            case .current: return "current"
            }
        }
    }

    /// A week's roster as people × days, with coverage and every rule broken: what `show`
    /// renders as a table, HTML, CSV, ICS, xlsx or JSON, and the web's grid.
    public struct WeekView: Sendable, Codable {
        public struct Cell: Sendable, Codable, Equatable {
            /// `E07`, or empty when off.
            public var code: String
            /// `07:00-16:00`, or empty.
            public var range: String
            /// `leave`, `day_off`, `training`, `unavailable` when the person is off for a request.
            public var absence: String?
            public var locked: Bool
            public var edited: Bool
            public var exception: [String]
        }

        public struct Row: Sendable, Codable, Equatable {
            public var personId: String
            public var name: String
            public var role: Role
            public var cells: [Cell]
            public var hours: Double
        }

        public struct Hour: Sendable, Codable, Equatable {
            public var start: LocalDateTime
            public var forecastCalls: Double
            public var required: Int
            public var scheduled: Int
        }

        public var weekStart: CivilDate
        /// `draft` or `version N`.
        public var source: String
        public var version: Int?
        public var revision: Int?
        public var publishedVersion: Int?
        public var versions: [RosterVersion]
        public var rows: [Row]
        public var coverage: [Hour]
        public var violations: [RuleBreach]
        public var shifts: [ShiftAssignment]
        public var build: BuildReport?

        public var dates: [CivilDate] { (0..<7).map { weekStart.adding(days: $0) } }
    }

    /// The roster of `ref` as a view.
    public func view(week: CivilDate, _ ref: VersionRef = .current) throws -> WeekView {
        try Self.requireMonday(week)
        let versions = try store.rosterVersions(weekStart: week)
        let draft = try store.draft(weekStart: week)
        var shifts: [ShiftAssignment]
        var marks: [DraftCell] = []
        var payload: Payload? = nil
        var source: String
        var version: Int? = nil
        let useDraft: Bool
        switch ref {
        case .draft: useDraft = true
        case .current: useDraft = draft != nil
        case .version: useDraft = false
        }
        if useDraft {
            guard let draft else { throw WorkflowError.refused("the week \(week) has no draft: build one (roster week build --week \(week))") }
            shifts = draft.shifts
            marks = draft.cells
            payload = try decodePayload(draft)
            source = draft.publishedVersion.map { "draft (published as version \($0))" } ?? "draft"
        } else if case .version(let n) = ref {
            guard versions.contains(where: { $0.version == n }) else {
                throw WorkflowError.refused("the week \(week) has no version \(n); published: \(versions.map { String($0.version) }.joined(separator: ", ").ifEmpty("none"))")
            }
            shifts = try store.publishedShifts(weekStart: week, version: n)
            source = "version \(n)"
            version = n
            if let draft, draft.publishedVersion == n { payload = try decodePayload(draft); marks = draft.cells }
        } else {
            guard let last = versions.last else {
                throw WorkflowError.refused("the week \(week) has no roster yet: build one (roster week build --week \(week))")
            }
            shifts = try store.publishedShifts(weekStart: week, version: last.version)
            source = "version \(last.version)"
            version = last.version
        }
        let ctx = try context(week: week)
        let violations = ctx.violations(of: shifts, profile: profile)
        let byCell = Dictionary(shifts.map { ("\($0.personId) \($0.date)", $0) }, uniquingKeysWith: { a, _ in a })
        let markBy = Dictionary(marks.map { ("\($0.personId) \($0.date)", $0) }, uniquingKeysWith: { a, _ in a })
        let inRoster = Set(shifts.map(\.personId))
        let people = (ctx.people + ctx.everyone.filter { inRoster.contains($0.id) })
        var seen = Set<String>()
        let listed = people.filter { seen.insert($0.id).inserted }.sorted { ($0.role.rawValue, $0.id) < ($1.role.rawValue, $1.id) }
        let rows = listed.map { p -> WeekView.Row in
            let c = ctx.constraints[p.id] ?? PersonConstraints()
            let cells = (0..<7).map { k -> WeekView.Cell in
                let d = week.adding(days: k)
                let s = byCell["\(p.id) \(d)"]
                let m = markBy["\(p.id) \(d)"]
                var absence: String? = nil
                if s == nil {
                    if c.leave.contains(d) { absence = "leave" } else if c.fixedDaysOff.contains(d.weekday) { absence = "day_off" }
                    else if c.training.contains(where: { $0.lowerBound.date == d }) { absence = "training" }
                }
                return WeekView.Cell(code: s.map { ShiftCode.code($0, profile: profile) } ?? "", range: s.map(ShiftCode.range) ?? "",
                                     absence: absence, locked: m?.locked ?? false, edited: m?.edited ?? false,
                                     exception: m?.exceptionRules ?? [])
            }
            let hours = Double(shifts.filter { $0.personId == p.id }.reduce(0) { $0 + $1.durationSeconds }) / 3600
            return WeekView.Row(personId: p.id, name: p.name, role: p.role, cells: cells, hours: hours)
        }
        let requirements = payload?.requirements ?? []
        let coverage: [WeekView.Hour]
        if requirements.isEmpty {
            coverage = (0..<168).map { h in
                let t = LocalDateTime(date: week).adding(hours: h)
                let n = (ctx.carryIn + shifts).filter { $0.role == .agent && $0.start <= t && t < $0.end }.count
                return WeekView.Hour(start: t, forecastCalls: 0, required: 0, scheduled: n)
            }
        } else {
            coverage = Coverage.rows(requirements: requirements, intervalMinutes: 60, shifts: ctx.carryIn + shifts).map {
                WeekView.Hour(start: $0.start, forecastCalls: $0.forecastCalls, required: $0.requiredAgents, scheduled: $0.scheduledAgents)
            }
        }
        return WeekView(weekStart: week, source: source, version: version, revision: ref == .draft || version == nil ? draft?.revision : nil,
                        publishedVersion: draft?.publishedVersion, versions: versions, rows: rows, coverage: coverage,
                        violations: violations.map(RuleBreach.init), shifts: shifts, build: payload?.build)
    }

    /// Every changed assignment from one roster of the week to another.
    public func diff(week: CivilDate, from: VersionRef, to: VersionRef) throws -> [WeekDiff.Change] {
        WeekDiff.changes(from: try view(week: week, from).shifts, to: try view(week: week, to).shifts)
    }
}

extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
