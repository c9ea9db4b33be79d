import Foundation
import Forecasting
import HotlineCore
import RosterStore

/// What went wrong in a call-history workflow (bad files throw the loader's `InputError`, which
/// names file, line and field).
public enum HistoryWorkflowError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The store holds no call history at all.
    case noHistory
    /// The store holds no call history before the given day.
    case noHistoryBefore(CivilDate)
    /// `rebaseBefore` must be a Monday.
    case rebaseNotMonday(CivilDate)

    public var description: String {
        switch self {
        case .noHistory:
            return "the store has no call history; run roster history import FILE"
        case let .noHistoryBefore(day):
            return "the store has no call history before \(day); run roster history import FILE (or --rebase-before a later Monday)"
        case let .rebaseNotMonday(day):
            return "--rebase-before must be a Monday (the start of the week the history should precede); \(day) is a \(HistoryWorkflow.weekdayName(day))"
        }
    }
}

/// What `HistoryWorkflow.importHistory` did.
public struct HistoryImportReport: Sendable, Codable, Hashable {
    /// The file or directory as given.
    public var source: String
    /// The format read: the one given, else the one detected (`auto` for a directory mixing formats).
    public var format: String
    /// The days as recorded in the file.
    public var recordedFirstDay: CivilDate
    public var recordedLastDay: CivilDate
    /// Whole weeks the history was moved by (0 without `rebaseBefore`); `rebaseDays` = 7 × weeks.
    public var rebaseWeeks: Int
    public var rebaseDays: Int
    /// The days as stored (after the rebase).
    public var firstDay: CivilDate
    public var lastDay: CivilDate
    /// Days with records, and the days between first and last without any (as stored).
    public var daysWithRecords: Int
    public var daysWithoutRecords: [CivilDate]
    public var hours: Int
    public var offered: Double
    public var answered: Double
    public var abandoned: Double
    public var selfService: Double
    /// Hours new to the store, replaced (other values) and unchanged (same values).
    public var inserted: Int
    public var replaced: Int
    public var unchanged: Int
    /// The store's `call_history_imports` row.
    public var importId: Int
}

/// Call history in the roster store: import a history file or directory (optionally moved to just
/// before a given week), read it back as the forecaster's input, summarise it by week.
public struct HistoryWorkflow: Sendable {
    public let store: RosterStore

    public init(store: RosterStore) {
        self.store = store
    }

    // MARK: - Import

    /// Loads `path` (a file, or a directory read as one history; see `HistoryLoader.load`), moves it
    /// by whole weeks when `rebaseBefore` is given (see `rebaseWeeks(lastDay:before:)`), and stores it
    /// in one transaction. A bad file throws the loader's error (file, line, field) and stores nothing;
    /// importing the same period again replaces hours, it never adds them twice.
    public func importHistory(path: String, format: HistoryFormat = .auto, rebaseBefore: CivilDate? = nil) throws -> HistoryImportReport {
        if let rebaseBefore, rebaseBefore.weekday != 1 { throw HistoryWorkflowError.rebaseNotMonday(rebaseBefore) }
        let series = try HistoryLoader.load(path: path, format: format)
        return try importHistory(series, source: path, format: Self.detectedFormat(path: path, requested: format),
                                 rebaseBefore: rebaseBefore)
    }

    /// The format that was read: `requested` unless it is `auto`; then the one format of the file (or
    /// of every history file of the directory), else `auto` (a directory mixing formats).
    static func detectedFormat(path: String, requested: HistoryFormat) -> HistoryFormat {
        guard requested == .auto else { return requested }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .auto }
        guard isDirectory.boolValue else { return HistoryLoader.detect(path: path) ?? .auto }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let formats = Set(names.filter { !$0.hasPrefix(".") }.compactMap {
            HistoryLoader.detect(path: (path as NSString).appendingPathComponent($0))
        })
        return formats.count == 1 ? formats.first! : .auto
    }

    /// Stores an already loaded history (e.g. an upload read by the web application); `source` is
    /// recorded by its last path component only.
    public func importHistory(_ series: HourlySeries, source: String, format: HistoryFormat = .auto,
                              rebaseBefore: CivilDate? = nil) throws -> HistoryImportReport {
        let recordDays = Self.recordDays(series)
        guard let recordedFirst = recordDays.min(), let recordedLast = recordDays.max() else {
            throw InputError(file: source, "holds no call records")
        }
        var weeks = 0
        if let rebaseBefore { weeks = try Self.rebaseWeeks(lastDay: recordedLast, before: rebaseBefore) }
        let moved = Self.rebased(series, weeks: weeks)
        let storedDays = Set(recordDays.map { $0.adding(days: 7 * weeks) })
        let hours = moved.hours.map {
            CallHistoryHour(start: $0.start, offered: $0.offered, answered: $0.answered, abandoned: $0.abandoned,
                            selfService: $0.selfService, handleSeconds: $0.handleSeconds)
        }
        let s = try store.importCallHistory(hours, recordDays: storedDays, file: source, format: format.rawValue, rebaseWeeks: weeks)
        return HistoryImportReport(
            source: source, format: format.rawValue, recordedFirstDay: recordedFirst, recordedLastDay: recordedLast,
            rebaseWeeks: weeks, rebaseDays: 7 * weeks, firstDay: s.firstDay, lastDay: s.lastDay, daysWithRecords: s.days,
            daysWithoutRecords: moved.daysWithoutRecords.sorted(), hours: s.hours, offered: s.offered, answered: s.answered,
            abandoned: s.abandoned, selfService: s.selfService, inserted: s.inserted, replaced: s.replaced,
            unchanged: s.unchanged, importId: s.importId)
    }

    /// The whole number of weeks that moves `lastDay` into the 7 days just before the Monday
    /// `before` (negative moves it back). Weekdays and hours are kept because the shift is whole weeks.
    public static func rebaseWeeks(lastDay: CivilDate, before monday: CivilDate) throws -> Int {
        guard monday.weekday == 1 else { throw HistoryWorkflowError.rebaseNotMonday(monday) }
        let delta = monday.adding(days: -1).dayNumber - lastDay.dayNumber   // days to the Sunday before
        return delta >= 0 ? delta / 7 : -((-delta + 6) / 7)                  // floor(delta / 7)
    }

    /// `series` moved by `weeks` whole weeks (hours, values and days without records alike).
    public static func rebased(_ series: HourlySeries, weeks: Int) -> HourlySeries {
        guard weeks != 0 else { return series }
        let hours = 7 * 24 * weeks
        return HourlySeries(start: series.start.adding(hours: hours),
                            hours: series.hours.map { var h = $0; h.start = h.start.adding(hours: hours); return h },
                            daysWithoutRecords: Set(series.daysWithoutRecords.map { $0.adding(days: 7 * weeks) }))
    }

    /// The days of `series` with records: every day it covers, less its days without records.
    static func recordDays(_ series: HourlySeries) -> Set<CivilDate> {
        Set(series.dates).subtracting(series.daysWithoutRecords)
    }

    // MARK: - Read

    /// The stored history as the forecaster's input: contiguous hours from midnight of the first
    /// stored day to midnight after the last; `daysWithoutRecords` = the stored range's days without records.
    public func series() throws -> HourlySeries {
        let days = try store.callHistoryDays()
        guard let first = days.first, let last = days.last else { throw HistoryWorkflowError.noHistory }
        return try series(first: first, last: last, recordDays: days)
    }

    /// The stored history before midnight of `day` (for forecasting the week starting `day`), ending
    /// with the last stored day before it.
    public func series(before day: CivilDate) throws -> HourlySeries {
        let all = try store.callHistoryDays()
        guard !all.isEmpty else { throw HistoryWorkflowError.noHistory }
        let days = all.filter { $0 < day }
        guard let first = days.first, let last = days.last else { throw HistoryWorkflowError.noHistoryBefore(day) }
        return try series(first: first, last: last, recordDays: days)
    }

    private func series(first: CivilDate, last: CivilDate, recordDays: [CivilDate]) throws -> HourlySeries {
        let start = LocalDateTime(date: first)
        let count = (last.dayNumber - first.dayNumber + 1) * 24
        var hours = (0..<count).map { HourlyObservation(start: start.adding(hours: $0)) }
        for h in try store.callHistory(from: first, through: last) {
            let i = h.start.hourIndex - start.hourIndex
            guard hours.indices.contains(i) else { continue }
            hours[i] = HourlyObservation(start: h.start, offered: h.offered, answered: h.answered, abandoned: h.abandoned,
                                         selfService: h.selfService, handleSeconds: h.handleSeconds)
        }
        let recorded = Set(recordDays)
        let missing = Set((first.dayNumber...last.dayNumber).map(CivilDate.init(dayNumber:))).subtracting(recorded)
        return HourlySeries(start: start, hours: hours, daysWithoutRecords: missing)
    }

    /// The stored history by ISO week, with its gaps (empty when the store has none).
    public func summary() throws -> CallHistorySummary {
        try store.callHistorySummary()
    }

    /// The imports of call history, oldest first.
    public func imports() throws -> [CallHistoryImport] {
        try store.callHistoryImports()
    }

    static func weekdayName(_ day: CivilDate) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][day.weekday - 1]
    }
}
