import Foundation
import GRDB
import HotlineCore

/// Schema of the week's working copy ("v3-drafts"), registered after the HR schema. Shipped
/// migrations are never edited: change the schema with a new one.
///
/// A draft is the one working copy of a week's roster: built, edited, reoptimised, and published
/// as a new version (published versions stay as they were). Its cells carry the manager's marks:
/// locked, edited by hand, and declared exceptions (a hard rule knowingly broken, with a reason).
enum DraftsSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-drafts") { db in
            try db.create(table: "roster_drafts") { t in
                t.column("week_start", .text).primaryKey()
                t.column("revision", .integer).notNull()
                t.column("based_on_version", .integer)
                t.column("published_version", .integer)
                t.column("created_at", .text).notNull()
                t.column("updated_at", .text).notNull()
                t.column("actor", .text).notNull()
                /// The workflow's own JSON (plan, requirements, build report): opaque to the store.
                t.column("payload", .blob).notNull()
            }
            try db.create(table: "roster_draft_shifts") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("week_start", .text).notNull().indexed()
                    .references("roster_drafts", column: "week_start", onDelete: .cascade)
                t.column("person_id", .text).notNull()
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("date", .text).notNull()
                t.column("start_seconds", .integer).notNull()
                t.column("end_seconds", .integer).notNull()
                t.column("start", .text).notNull()
                t.column("end", .text).notNull()
                t.column("shift", .text).notNull()
            }
            try db.create(table: "roster_draft_cells") { t in
                t.column("week_start", .text).notNull()
                    .references("roster_drafts", column: "week_start", onDelete: .cascade)
                t.column("person_id", .text).notNull()
                t.column("date", .text).notNull()
                t.column("locked", .boolean).notNull()
                t.column("edited", .boolean).notNull()
                /// Hard rules knowingly broken by this cell (`;`-separated rule names), and why.
                t.column("exception_rules", .text).notNull().defaults(to: "")
                t.column("exception_reason", .text).notNull().defaults(to: "")
                t.primaryKey(["week_start", "person_id", "date"])
            }
            // The declared exceptions a published version was published with.
            try db.create(table: "roster_version_exceptions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("week_start", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("person_id", .text).notNull()
                t.column("date", .text).notNull()
                t.column("rules", .text).notNull()
                t.column("reason", .text).notNull()
                t.foreignKey(["week_start", "version"], references: "roster_versions", columns: ["week_start", "version"])
            }
            try db.execute(sql: """
                CREATE TRIGGER roster_version_exceptions_no_update BEFORE UPDATE ON roster_version_exceptions
                BEGIN SELECT RAISE(ABORT, 'a published roster is never edited: publish a new version'); END;
                CREATE TRIGGER roster_version_exceptions_no_delete BEFORE DELETE ON roster_version_exceptions
                BEGIN SELECT RAISE(ABORT, 'a published roster is never edited: publish a new version'); END;
                """)
        }
    }
}

/// A manager's marks on one cell (person × day) of a draft.
public struct DraftCell: Hashable, Sendable, Codable {
    public var personId: String
    public var date: CivilDate
    /// Kept as it is by reoptimisation.
    public var locked: Bool
    /// Set by hand (an edit or a spreadsheet import): kept by reoptimisation too.
    public var edited: Bool
    /// Hard rules this cell knowingly breaks (a forced edit), and the reason given.
    public var exceptionRules: [String]
    public var exceptionReason: String

    public init(personId: String, date: CivilDate, locked: Bool = false, edited: Bool = false,
                exceptionRules: [String] = [], exceptionReason: String = "") {
        self.personId = personId
        self.date = date
        self.locked = locked
        self.edited = edited
        self.exceptionRules = exceptionRules
        self.exceptionReason = exceptionReason
    }

    /// Whether reoptimisation must keep the cell.
    public var fixed: Bool { locked || edited }
    var isEmpty: Bool { !locked && !edited && exceptionRules.isEmpty && exceptionReason.isEmpty }
}

/// The working copy of a week's roster.
public struct RosterDraft: Sendable {
    public var weekStart: CivilDate
    /// Increases with every save: a save that names an older revision is refused (someone else
    /// changed the draft in between).
    public var revision: Int
    /// The published version the draft started from (nil: built from scratch).
    public var basedOnVersion: Int?
    /// The version this revision was published as (nil: changes not yet published).
    public var publishedVersion: Int?
    public var createdAt: String
    public var updatedAt: String
    public var actor: String
    public var shifts: [ShiftAssignment]
    public var cells: [DraftCell]
    public var payload: Data

    public init(weekStart: CivilDate, revision: Int, basedOnVersion: Int?, publishedVersion: Int?, createdAt: String,
                updatedAt: String, actor: String, shifts: [ShiftAssignment], cells: [DraftCell], payload: Data) {
        self.weekStart = weekStart
        self.revision = revision
        self.basedOnVersion = basedOnVersion
        self.publishedVersion = publishedVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.actor = actor
        self.shifts = shifts
        self.cells = cells
        self.payload = payload
    }
}

/// A declared exception of a published version.
public struct PublishedException: Sendable, Hashable, Codable {
    public var personId: String
    public var date: CivilDate
    public var rules: [String]
    public var reason: String
}

extension RosterStore {
    /// Saves the draft of `weekStart` (replacing its shifts and marks) in one transaction and
    /// returns its new revision. `expectedRevision`: the revision the caller edited (nil: the
    /// caller starts a new draft, which replaces any existing one). Cells without marks are not
    /// stored. `action`/`detail` go to the audit log (no personal data).
    @discardableResult
    public func saveDraft(weekStart: CivilDate, shifts: [ShiftAssignment], cells: [DraftCell], payload: Data,
                          basedOnVersion: Int?, expectedRevision: Int?, action: String, detail: String) throws -> Int {
        try Self.checkWeek(weekStart: weekStart, shifts: shifts, what: "saved in the draft")
        return try writeTransaction { db in
            let week = weekStart.description
            let current = try Int.fetchOne(db, sql: "SELECT revision FROM roster_drafts WHERE week_start = ?", arguments: [week])
            if let expectedRevision, current != expectedRevision {
                throw RosterStoreError.invalid(
                    "the draft of \(week) changed since it was read (revision \(expectedRevision), now \(current.map(String.init) ?? "none")): reload it and edit again")
            }
            let revision = (current ?? 0) + 1
            let now = RosterStore.timestamp()
            if current == nil {
                try db.execute(sql: """
                    INSERT INTO roster_drafts(week_start, revision, based_on_version, published_version, created_at, updated_at, actor, payload)
                    VALUES (?, ?, ?, NULL, ?, ?, ?, ?)
                    """, arguments: [week, revision, basedOnVersion, now, now, actor, payload])
            } else {
                try db.execute(sql: """
                    UPDATE roster_drafts SET revision = ?, based_on_version = ?, published_version = NULL, updated_at = ?, actor = ?, payload = ?
                    WHERE week_start = ?
                    """, arguments: [revision, basedOnVersion, now, actor, payload, week])
                if expectedRevision == nil { try db.execute(sql: "UPDATE roster_drafts SET created_at = ? WHERE week_start = ?", arguments: [now, week]) }
            }
            try db.execute(sql: "DELETE FROM roster_draft_shifts WHERE week_start = ?", arguments: [week])
            try db.execute(sql: "DELETE FROM roster_draft_cells WHERE week_start = ?", arguments: [week])
            let insert = try db.makeStatement(sql: """
                INSERT INTO roster_draft_shifts(week_start, person_id, name, role, date, start_seconds, end_seconds, start, end, shift)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for s in shifts {
                try insert.execute(arguments: [week, s.personId, s.name, s.role.rawValue, s.date.description,
                                               s.start.seconds, s.end.seconds, s.start.description, s.end.description, s.shift])
            }
            let insertCell = try db.makeStatement(sql: """
                INSERT INTO roster_draft_cells(week_start, person_id, date, locked, edited, exception_rules, exception_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            var seen = Set<String>()
            for c in cells where !c.isEmpty {
                guard seen.insert("\(c.personId) \(c.date)").inserted else {
                    throw RosterStoreError.invalid("the draft marks the cell of '\(c.personId)' on \(c.date) twice")
                }
                try insertCell.execute(arguments: [week, c.personId, c.date.description, c.locked, c.edited,
                                                   c.exceptionRules.joined(separator: ";"), c.exceptionReason])
            }
            try audit(db, action, "draft", week, "revision=\(revision) shifts=\(shifts.count) \(detail)")
            return revision
        }
    }

    /// The draft of the week, or nil.
    public func draft(weekStart: CivilDate) throws -> RosterDraft? {
        try writer.read { db in
            let week = weekStart.description
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM roster_drafts WHERE week_start = ?", arguments: [week]) else { return nil }
            let shifts = try ShiftRecord.fetchAll(db, sql: """
                SELECT * FROM roster_draft_shifts WHERE week_start = ? ORDER BY date, start_seconds, person_id
                """, arguments: [week]).map { try $0.assignment() }
            let cells = try Row.fetchAll(db, sql: "SELECT * FROM roster_draft_cells WHERE week_start = ? ORDER BY person_id, date",
                                         arguments: [week]).map { r -> DraftCell in
                guard let date = CivilDate.parse(r["date"] as String) else { throw RosterStoreError.corrupt("draft cell date '\(r["date"] as String)'") }
                let rules = (r["exception_rules"] as String).split(separator: ";").map(String.init)
                return DraftCell(personId: r["person_id"], date: date, locked: r["locked"], edited: r["edited"],
                                 exceptionRules: rules, exceptionReason: r["exception_reason"])
            }
            return RosterDraft(weekStart: weekStart, revision: row["revision"], basedOnVersion: row["based_on_version"],
                               publishedVersion: row["published_version"], createdAt: row["created_at"], updatedAt: row["updated_at"],
                               actor: row["actor"], shifts: shifts, cells: cells, payload: row["payload"])
        }
    }

    /// The weeks that have a draft, in order.
    public func draftWeeks() throws -> [CivilDate] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT week_start FROM roster_drafts ORDER BY week_start").compactMap { CivilDate.parse($0) }
        }
    }

    /// Publishes the draft's current revision as a new version of the week, with its declared
    /// exceptions, in one transaction; refused when the draft changed since `expectedRevision`.
    /// The draft stays as the working copy, marked as published in that version.
    public func publishDraft(weekStart: CivilDate, expectedRevision: Int, reason: String) throws -> Int {
        try writeTransaction { db in
            let week = weekStart.description
            guard let current = try Int.fetchOne(db, sql: "SELECT revision FROM roster_drafts WHERE week_start = ?", arguments: [week]) else {
                throw RosterStoreError.invalid("the week \(week) has no draft to publish: build one first (roster week build --week \(week))")
            }
            guard current == expectedRevision else {
                throw RosterStoreError.invalid("the draft of \(week) changed since it was checked (revision \(expectedRevision), now \(current)): check it again")
            }
            let shifts = try ShiftRecord.fetchAll(db, sql: "SELECT * FROM roster_draft_shifts WHERE week_start = ?", arguments: [week])
                .map { try $0.assignment() }
            let version = try insertVersion(db, weekStart: weekStart, shifts: shifts, reason: reason)
            try db.execute(sql: """
                INSERT INTO roster_version_exceptions(week_start, version, person_id, date, rules, reason)
                SELECT week_start, ?, person_id, date, exception_rules, exception_reason FROM roster_draft_cells
                WHERE week_start = ? AND exception_rules != ''
                """, arguments: [version, week])
            try db.execute(sql: "UPDATE roster_drafts SET published_version = ? WHERE week_start = ?", arguments: [version, week])
            return version
        }
    }

    /// The declared exceptions a version was published with.
    public func publishedExceptions(weekStart: CivilDate, version: Int) throws -> [PublishedException] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM roster_version_exceptions WHERE week_start = ? AND version = ? ORDER BY person_id, date",
                             arguments: [weekStart.description, version]).compactMap { r in
                guard let date = CivilDate.parse(r["date"] as String) else { return nil }
                return PublishedException(personId: r["person_id"], date: date,
                                          rules: (r["rules"] as String).split(separator: ";").map(String.init), reason: r["reason"])
            }
        }
    }

    /// Every shift starts on a day of the week and ends after it starts.
    static func checkWeek(weekStart: CivilDate, shifts: [ShiftAssignment], what: String) throws {
        let weekEnd = weekStart.adding(days: 6)
        for s in shifts {
            guard s.date >= weekStart, s.date <= weekEnd else {
                throw RosterStoreError.invalid("shift of '\(s.personId)' on \(s.date) is outside the week \(weekStart)…\(weekEnd) being \(what)")
            }
            guard s.end > s.start else {
                throw RosterStoreError.invalid("shift of '\(s.personId)' on \(s.date) ends (\(s.end)) before it starts (\(s.start))")
            }
        }
    }
}
