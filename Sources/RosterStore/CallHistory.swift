import Foundation
import GRDB
import HotlineCore

/// Schema of this area ("v3-call-history"), registered after the HR schema. Shipped migrations are never
/// edited: change the schema with a new one.
///
/// `call_history_hours` holds one row per clock hour of every day with records (24 a day, zero-call
/// hours included: a day with records is a day the center was observed). Days without any record
/// (outages, missing files) have no rows: they are the gaps. `call_history_imports` says which file
/// wrote what (the file name only, never its directory or contents).
enum CallHistorySchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-call-history") { db in
            try db.create(table: "call_history_imports") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("file", .text).notNull()                 // file or directory name, no path
                t.column("format", .text).notNull()
                t.column("imported_at", .text).notNull()          // UTC, ISO 8601
                t.column("actor", .text).notNull()
                t.column("first_day", .text).notNull()            // as stored (after any rebase)
                t.column("last_day", .text).notNull()
                t.column("days", .integer).notNull()              // days with records
                t.column("hours", .integer).notNull()             // hours written (24 per day with records)
                t.column("calls", .double).notNull()              // calls offered to agents
                t.column("rebase_weeks", .integer).notNull()      // whole weeks the history was moved by
                t.column("inserted", .integer).notNull()
                t.column("replaced", .integer).notNull()
                t.column("unchanged", .integer).notNull()
            }
            // One clock hour: start = local wall-clock 'YYYY-MM-DDTHH:MM', start_seconds = the same as
            // local seconds since 1970-01-01 (the key). handle_seconds is null when unknown.
            try db.create(table: "call_history_hours", options: [.withoutRowID]) { t in
                t.column("start_seconds", .integer).notNull().primaryKey()
                t.column("start", .text).notNull()
                t.column("offered", .double).notNull()
                t.column("answered", .double).notNull()
                t.column("abandoned", .double).notNull()
                t.column("self_service", .double).notNull()
                t.column("handle_seconds", .double)
                t.column("import_id", .integer).notNull().indexed()
                    .references("call_history_imports", column: "id")
            }
        }
    }
}

/// Calls of one clock hour of the history, as stored (the store's own value type: RosterStore does
/// not depend on Forecasting; `HistoryWorkflow` converts to and from `HourlyObservation`).
public struct CallHistoryHour: Sendable, Hashable, Codable {
    /// Start of the clock hour (local wall-clock time, on the hour).
    public var start: LocalDateTime
    /// Calls offered to agents (answered + abandoned in queue).
    public var offered: Double
    public var answered: Double
    /// Calls abandoned while waiting for an agent.
    public var abandoned: Double
    /// Calls finished in self-service without reaching the agent queue.
    public var selfService: Double
    /// Mean handle time of the answered calls, seconds; nil when unknown.
    public var handleSeconds: Double?

    public init(start: LocalDateTime, offered: Double = 0, answered: Double = 0, abandoned: Double = 0,
                selfService: Double = 0, handleSeconds: Double? = nil) {
        self.start = start
        self.offered = offered
        self.answered = answered
        self.abandoned = abandoned
        self.selfService = selfService
        self.handleSeconds = handleSeconds
    }

    /// No calls of any kind and no handle time: what an hour without data looks like.
    public var isEmpty: Bool { offered == 0 && answered == 0 && abandoned == 0 && selfService == 0 && handleSeconds == nil }
}

/// What one call-history import stored.
public struct CallHistoryImportSummary: Sendable, Codable, Hashable {
    /// The row of `call_history_imports` written by the import.
    public var importId: Int
    /// File (or directory) name, without its path.
    public var file: String
    public var format: String
    public var firstDay: CivilDate
    public var lastDay: CivilDate
    /// Days with records.
    public var days: Int
    /// Hours written: 24 per day with records.
    public var hours: Int
    /// Calls offered to agents, answered, abandoned and self-service in the imported hours.
    public var offered: Double
    public var answered: Double
    public var abandoned: Double
    public var selfService: Double
    /// Hours not stored before.
    public var inserted: Int
    /// Hours already stored with other values, now replaced (never added twice).
    public var replaced: Int
    /// Hours already stored with exactly these values.
    public var unchanged: Int
    /// Whole weeks the history was moved by before it was stored (0: as recorded).
    public var rebaseWeeks: Int
}

/// One row of `call_history_imports`.
public struct CallHistoryImport: Sendable, Codable, Hashable {
    public var id: Int
    public var file: String
    public var format: String
    public var importedAt: String
    public var actor: String
    public var firstDay: CivilDate
    public var lastDay: CivilDate
    public var days: Int
    public var hours: Int
    public var calls: Double
    public var rebaseWeeks: Int
    public var inserted: Int
    public var replaced: Int
    public var unchanged: Int
}

/// One ISO week (Monday to Sunday) of the stored history.
public struct CallHistoryWeek: Sendable, Codable, Hashable {
    public var monday: CivilDate
    /// Days of the week with records.
    public var daysWithRecords: Int
    /// Stored hours (24 per day with records).
    public var hours: Int
    public var offered: Double
    public var answered: Double
    public var abandoned: Double
    public var selfService: Double
    /// Days of the week inside the stored range (first to last day with records) without records.
    public var gaps: [CivilDate]

    /// Answered / offered; nil without offered calls.
    public var answeredShare: Double? { offered > 0 ? answered / offered : nil }
}

/// The stored history by week, with its gaps.
public struct CallHistorySummary: Sendable, Codable, Hashable {
    /// First and last day with records; nil when the store has no call history.
    public var firstDay: CivilDate?
    public var lastDay: CivilDate?
    public var daysWithRecords: Int
    public var hours: Int
    public var offered: Double
    public var answered: Double
    public var abandoned: Double
    public var selfService: Double
    /// Every day between the first and the last day with records that has none, in order.
    public var gaps: [CivilDate]
    /// Every week from the first day's Monday to the last day's, in order (weeks without records included).
    public var weeks: [CallHistoryWeek]

    public var isEmpty: Bool { firstDay == nil }
}

extension RosterStore {
    /// Stores call history in one transaction, replacing what the store holds for the same hours.
    ///
    /// Every day of `recordDays` is stored as 24 clock hours: the hours of `hours` on that day, the
    /// others as zero-call hours. Hours on days not in `recordDays` must be empty (a series may carry
    /// zero hours over its gaps); they are not stored. An hour already stored is replaced when its
    /// values differ and left as it is when they are equal, so importing the same period again adds
    /// nothing (`inserted`, `replaced`, `unchanged` say what happened). Invalid values (an hour not on
    /// the hour, listed twice, negative or non-finite counts) reject the whole import before anything
    /// is written; a failure inside the transaction leaves every table as it was.
    ///
    /// - Parameters:
    ///   - file: the file or directory read; only its last path component is stored.
    ///   - format: the history format, for the record.
    ///   - rebaseWeeks: whole weeks the caller moved the history by (recorded, not applied here).
    public func importCallHistory(_ hours: [CallHistoryHour], recordDays: Set<CivilDate>, file: String,
                                  format: String = "", rebaseWeeks: Int = 0) throws -> CallHistoryImportSummary {
        let name = URL(fileURLWithPath: file).lastPathComponent
        guard let firstDay = recordDays.min(), let lastDay = recordDays.max() else {
            throw RosterStoreError.invalid("\(name): no day with call records to import")
        }
        // Validate everything before the transaction.
        var byStart: [Int: CallHistoryHour] = [:]
        byStart.reserveCapacity(recordDays.count * 24)
        for h in hours {
            guard h.start.seconds % 3600 == 0 else {
                throw RosterStoreError.invalid("\(name): call history hour \(h.start) does not start on the hour")
            }
            for (field, value) in [("offered", h.offered), ("answered", h.answered), ("abandoned", h.abandoned),
                                   ("self_service", h.selfService), ("handle_seconds", h.handleSeconds ?? 0)] {
                guard value.isFinite, value >= 0 else {
                    throw RosterStoreError.invalid("\(name): hour \(h.start): \(field) must be a finite number >= 0, got \(value)")
                }
            }
            guard recordDays.contains(h.start.date) else {
                guard h.isEmpty else {
                    throw RosterStoreError.invalid("\(name): hour \(h.start) has calls but its day is not among the days with records")
                }
                continue
            }
            guard byStart.updateValue(h, forKey: h.start.seconds) == nil else {
                throw RosterStoreError.invalid("\(name): call history hour \(h.start) is given twice")
            }
        }
        var rows: [CallHistoryHour] = []
        rows.reserveCapacity(recordDays.count * 24)
        for day in recordDays.sorted() {
            let midnight = LocalDateTime(date: day)
            for k in 0..<24 {
                let start = midnight.adding(hours: k)
                rows.append(byStart[start.seconds] ?? CallHistoryHour(start: start))
            }
        }
        let offered = rows.reduce(0) { $0 + $1.offered }
        let answered = rows.reduce(0) { $0 + $1.answered }
        let abandoned = rows.reduce(0) { $0 + $1.abandoned }
        let selfService = rows.reduce(0) { $0 + $1.selfService }

        return try writeTransaction { db in
            try db.execute(sql: """
                INSERT INTO call_history_imports(file, format, imported_at, actor, first_day, last_day, days, hours, calls,
                                                 rebase_weeks, inserted, replaced, unchanged)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)
                """, arguments: [name, format, RosterStore.timestamp(), actor, firstDay.description, lastDay.description,
                                 recordDays.count, rows.count, offered, rebaseWeeks])
            let importID = Int(db.lastInsertedRowID)
            // What the store holds over the imported range.
            var stored: [Int: CallHistoryHour] = [:]
            let from = LocalDateTime(date: firstDay).seconds, to = LocalDateTime(date: lastDay.adding(days: 1)).seconds
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT start_seconds, offered, answered, abandoned, self_service, handle_seconds
                FROM call_history_hours WHERE start_seconds >= ? AND start_seconds < ?
                """, arguments: [from, to])
            while let r = try cursor.next() {
                let h = Self.hour(r)
                stored[h.start.seconds] = h
            }
            let insert = try db.makeStatement(sql: """
                INSERT INTO call_history_hours(start_seconds, start, offered, answered, abandoned, self_service, handle_seconds, import_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let update = try db.makeStatement(sql: """
                UPDATE call_history_hours SET offered = ?, answered = ?, abandoned = ?, self_service = ?, handle_seconds = ?, import_id = ?
                WHERE start_seconds = ?
                """)
            var inserted = 0, replaced = 0, unchanged = 0
            for h in rows {
                if let old = stored[h.start.seconds] {
                    if old == h {
                        unchanged += 1
                    } else {
                        try update.execute(arguments: [h.offered, h.answered, h.abandoned, h.selfService, h.handleSeconds, importID, h.start.seconds])
                        replaced += 1
                    }
                } else {
                    try insert.execute(arguments: [h.start.seconds, h.start.description, h.offered, h.answered, h.abandoned,
                                                   h.selfService, h.handleSeconds, importID])
                    inserted += 1
                }
            }
            try db.execute(sql: "UPDATE call_history_imports SET inserted = ?, replaced = ?, unchanged = ? WHERE id = ?",
                           arguments: [inserted, replaced, unchanged, importID])
            try audit(db, "import", "call_history", String(importID),
                      "file=\(name) format=\(format.isEmpty ? "-" : format) days=\(recordDays.count) from=\(firstDay) to=\(lastDay) hours=\(rows.count) calls=\(RequirementsCSV.formatNumber(offered)) inserted=\(inserted) replaced=\(replaced) unchanged=\(unchanged) rebase_weeks=\(rebaseWeeks)")
            return CallHistoryImportSummary(importId: importID, file: name, format: format, firstDay: firstDay, lastDay: lastDay,
                                            days: recordDays.count, hours: rows.count, offered: offered, answered: answered,
                                            abandoned: abandoned, selfService: selfService, inserted: inserted,
                                            replaced: replaced, unchanged: unchanged, rebaseWeeks: rebaseWeeks)
        }
    }

    private static func hour(_ r: Row) -> CallHistoryHour {
        CallHistoryHour(start: LocalDateTime(seconds: r["start_seconds"]), offered: r["offered"], answered: r["answered"],
                        abandoned: r["abandoned"], selfService: r["self_service"], handleSeconds: r["handle_seconds"])
    }

    /// The stored hours of the days from…through (inclusive), in time order. Days without records
    /// have no hours.
    public func callHistory(from: CivilDate, through: CivilDate) throws -> [CallHistoryHour] {
        try writer.read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT start_seconds, offered, answered, abandoned, self_service, handle_seconds
                FROM call_history_hours WHERE start_seconds >= ? AND start_seconds < ? ORDER BY start_seconds
                """, arguments: [LocalDateTime(date: from).seconds, LocalDateTime(date: through.adding(days: 1)).seconds])
            var out: [CallHistoryHour] = []
            while let r = try cursor.next() { out.append(Self.hour(r)) }
            return out
        }
    }

    /// The days with records, in order.
    public func callHistoryDays() throws -> [CivilDate] {
        try writer.read { db in try Self.recordDays(db) }
    }

    private static func recordDays(_ db: Database) throws -> [CivilDate] {
        try String.fetchAll(db, sql: "SELECT DISTINCT substr(start, 1, 10) FROM call_history_hours ORDER BY 1").map {
            guard let d = CivilDate.parse($0) else { throw RosterStoreError.corrupt("call history hour on an invalid date '\($0)'") }
            return d
        }
    }

    /// The imports of call history, oldest first.
    public func callHistoryImports() throws -> [CallHistoryImport] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM call_history_imports ORDER BY id").map { r in
                guard let first = CivilDate.parse(r["first_day"] as String), let last = CivilDate.parse(r["last_day"] as String) else {
                    throw RosterStoreError.corrupt("call history import \(r["id"] as Int) has an invalid first or last day")
                }
                return CallHistoryImport(id: r["id"], file: r["file"], format: r["format"], importedAt: r["imported_at"],
                                         actor: r["actor"], firstDay: first, lastDay: last, days: r["days"], hours: r["hours"],
                                         calls: r["calls"], rebaseWeeks: r["rebase_weeks"], inserted: r["inserted"],
                                         replaced: r["replaced"], unchanged: r["unchanged"])
            }
        }
    }

    /// The stored history per ISO week (Monday), with the days without records inside the stored
    /// range named. An empty store gives an empty summary (`isEmpty`).
    public func callHistorySummary() throws -> CallHistorySummary {
        struct Day { var hours = 0, offered = 0.0, answered = 0.0, abandoned = 0.0, selfService = 0.0 }
        let perDay: [CivilDate: Day] = try writer.read { db in
            var out: [CivilDate: Day] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT substr(start, 1, 10) AS day, COUNT(*) AS hours, SUM(offered) AS offered, SUM(answered) AS answered,
                       SUM(abandoned) AS abandoned, SUM(self_service) AS self_service
                FROM call_history_hours GROUP BY 1
                """) {
                guard let d = CivilDate.parse(r["day"] as String) else {
                    throw RosterStoreError.corrupt("call history hour on an invalid date '\(r["day"] as String)'")
                }
                out[d] = Day(hours: r["hours"], offered: r["offered"], answered: r["answered"], abandoned: r["abandoned"],
                             selfService: r["self_service"])
            }
            return out
        }
        guard let first = perDay.keys.min(), let last = perDay.keys.max() else {
            return CallHistorySummary(firstDay: nil, lastDay: nil, daysWithRecords: 0, hours: 0, offered: 0, answered: 0,
                                      abandoned: 0, selfService: 0, gaps: [], weeks: [])
        }
        var summary = CallHistorySummary(firstDay: first, lastDay: last, daysWithRecords: perDay.count, hours: 0, offered: 0,
                                         answered: 0, abandoned: 0, selfService: 0, gaps: [], weeks: [])
        var monday = first.mondayOfWeek
        while monday <= last {
            var week = CallHistoryWeek(monday: monday, daysWithRecords: 0, hours: 0, offered: 0, answered: 0, abandoned: 0,
                                       selfService: 0, gaps: [])
            for k in 0..<7 {
                let d = monday.adding(days: k)
                guard d >= first, d <= last else { continue }
                guard let day = perDay[d] else { week.gaps.append(d); continue }
                week.daysWithRecords += 1
                week.hours += day.hours
                week.offered += day.offered
                week.answered += day.answered
                week.abandoned += day.abandoned
                week.selfService += day.selfService
            }
            summary.hours += week.hours
            summary.offered += week.offered
            summary.answered += week.answered
            summary.abandoned += week.abandoned
            summary.selfService += week.selfService
            summary.gaps += week.gaps
            summary.weeks.append(week)
            monday = monday.adding(days: 7)
        }
        return summary
    }
}
