import Forecasting
import Foundation
import HotlineCore
import RosterStore
import Testing
import TestSupport
@testable import Workflows

private func day(_ text: String) -> CivilDate { CivilDate.parse(text)! }
private func at(_ text: String) -> LocalDateTime { LocalDateTime.parse(text)! }

private struct Totals: Equatable {
    var offered = 0.0, answered = 0.0, abandoned = 0.0, selfService = 0.0
    init(_ hours: [HourlyObservation]) {
        for h in hours {
            offered += h.offered; answered += h.answered; abandoned += h.abandoned; selfService += h.selfService
        }
    }
}

/// Every table's row count, the stored hours and imports, and the audit log.
private struct Snapshot: Equatable {
    var tables: [String: Int]
    var hours: [CallHistoryHour]
    var imports: [CallHistoryImport]
    var audit: [AuditEntry]

    init(_ s: RosterStore) throws {
        tables = try s.check().tables
        hours = try s.callHistory(from: day("1900-01-01"), through: day("2100-12-31"))
        imports = try s.callHistoryImports()
        audit = try s.auditLog()
    }
}

private func writeTemp(_ name: String, _ text: String) throws -> String { try SharedData.temporaryFile(name, text) }

@Suite("History workflow")
struct HistoryWorkflowTests {
    static let perCall = """
        arrived_at,answered_at,ended_at,outcome,channel
        2026-11-02T08:01:00,2026-11-02T08:01:20,2026-11-02T08:05:20,answered,phone
        2026-11-02T08:30:00,,,abandoned,phone
        2026-11-02T09:10:00,,,self_service,phone
        2026-11-04T10:00:00,2026-11-04T10:00:05,2026-11-04T10:02:05,answered,
        2026-11-04T11:00:00,,,answered,wechat

        """

    @Test("The empty store: series() says to import history first; the summary is empty")
    func empty() throws {
        let w = HistoryWorkflow(store: try RosterStore.inMemory())
        let e = #expect(throws: HistoryWorkflowError.self) { try w.series() }
        #expect(e?.description == "the store has no call history; run roster history import FILE")
        #expect(throws: HistoryWorkflowError.noHistory) { try w.series(before: day("2026-11-30")) }
        #expect(try w.summary().isEmpty && w.summary().weeks.isEmpty)
    }

    @Test("A per-call file: stored as loaded, read back as the same series; gap day named")
    func perCallFile() throws {
        let path = try writeTemp("calls.csv", Self.perCall)
        let loaded = try HistoryLoader.load(path: path)
        let w = HistoryWorkflow(store: try RosterStore.inMemory())
        let r = try w.importHistory(path: path)
        #expect(r.format == "per-call" && r.rebaseWeeks == 0)
        #expect(r.firstDay == day("2026-11-02") && r.lastDay == day("2026-11-04") && r.daysWithRecords == 2)
        #expect(r.daysWithoutRecords == [day("2026-11-03")])
        #expect(r.offered == 3 && r.answered == 2 && r.abandoned == 1 && r.selfService == 1)
        #expect(r.inserted == 48 && r.replaced == 0 && r.unchanged == 0)
        let s = try w.series()
        #expect(s.start == loaded.start && s.hours == loaded.hours && s.daysWithoutRecords == loaded.daysWithoutRecords)
        #expect(s.observation(at: at("2026-11-02T08:00"))?.handleSeconds == 240)
        #expect(try w.summary().weeks.first?.gaps == [day("2026-11-03")])
        #expect(try w.store.callHistoryImports().first?.file == "calls.csv")
    }

    @Test("series(before:) ends with the last stored day before the given day")
    func seriesBefore() throws {
        let w = HistoryWorkflow(store: try RosterStore.inMemory())
        _ = try w.importHistory(path: try writeTemp("calls.csv", Self.perCall))
        let s = try w.series(before: day("2026-11-04"))
        #expect(s.start == at("2026-11-02T00:00") && s.hours.count == 24 && s.daysWithoutRecords.isEmpty)
        #expect(try w.series(before: day("2026-11-05")).hours.count == 72)
        #expect(throws: HistoryWorkflowError.noHistoryBefore(day("2026-11-02"))) { try w.series(before: day("2026-11-02")) }
    }

    @Test("Rebase: whole weeks that put the last day in the 7 days before the Monday")
    func rebaseArithmetic() throws {
        let monday = day("2026-11-30")
        for last in ["1999-07-31", "2026-11-29", "2026-11-23", "2026-11-22", "2026-11-30", "2027-01-01", "1998-12-31"].map(day) {
            let weeks = try HistoryWorkflow.rebaseWeeks(lastDay: last, before: monday)
            let moved = last.adding(days: 7 * weeks)
            #expect(moved >= day("2026-11-23") && moved <= day("2026-11-29"), "\(last) → \(moved)")
            #expect(moved.weekday == last.weekday)
        }
        #expect(try HistoryWorkflow.rebaseWeeks(lastDay: day("2026-11-29"), before: monday) == 0)
        #expect(try HistoryWorkflow.rebaseWeeks(lastDay: day("2026-11-30"), before: monday) == -1)
        let e = #expect(throws: HistoryWorkflowError.self) { try HistoryWorkflow.rebaseWeeks(lastDay: day("1999-07-31"), before: day("2026-12-01")) }
        #expect(e?.description.contains("2026-12-01 is a Tuesday") == true)
        let w = HistoryWorkflow(store: try RosterStore.inMemory())
        let path = try writeTemp("calls.csv", Self.perCall)
        #expect(throws: HistoryWorkflowError.rebaseNotMonday(day("2026-12-01"))) {
            try w.importHistory(path: path, rebaseBefore: day("2026-12-01"))
        }
        #expect(try w.store.callHistoryImports().isEmpty)
    }

    @Test("A malformed line rejects the file: the error names file, line and field; every table is unchanged")
    func badPerCallFile() throws {
        let w = HistoryWorkflow(store: try RosterStore.inMemory())
        _ = try w.importHistory(path: try writeTemp("calls.csv", Self.perCall))
        let before = try Snapshot(w.store)
        var lines = Self.perCall.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[3] = "2026-11-02T09:10:00,,,maybe,phone"          // line 4
        let bad = try writeTemp("calls-copy.csv", lines.joined(separator: "\n"))
        let e = #expect(throws: InputError.self) { try w.importHistory(path: bad) }
        #expect(e?.file == bad && e?.line == 4 && e?.field == "outcome")
        #expect(e?.description.contains("calls-copy.csv") == true)
        #expect(try Snapshot(w.store) == before)
        #expect(throws: InputError.self) { try w.importHistory(path: bad + ".missing") }
        #expect(try Snapshot(w.store) == before)
    }
}

@Suite("History workflow: Anonymous Bank 1999 (real data)",
       .enabled(if: SharedData.hasAnonymousBank, "needs ../shared/data/anonymous-bank-1999 (see ../shared/data/README.md); skipped without it"))
struct HistoryWorkflowAnonymousBankTests {
    /// The directory loaded once for the suite (a few seconds in debug builds).
    static let loaded: Result<HourlySeries, any Error> = Result { try HistoryLoader.load(path: SharedData.anonymousBank) }
    static func series() throws -> HourlySeries { try loaded.get() }

    @Test("The whole directory: stored calls equal the loader's totals exactly; Jan 11–12 named as gaps; re-import changes nothing")
    func wholeDirectory() throws {
        let loaded = try Self.series()
        let store = try RosterStore(path: try SharedData.temporaryDirectory() + "/roster.sqlite", actor: "planner")
        let w = HistoryWorkflow(store: store)
        let r = try w.importHistory(path: SharedData.anonymousBank)
        let totals = Totals(loaded.hours)
        print("Anonymous Bank 1999 stored: \(r.daysWithRecords) days, \(r.hours) hours, \(r.offered) calls offered, \(r.answered) answered, \(r.abandoned) abandoned, \(r.selfService) self-service")
        #expect(r.firstDay == day("1999-01-01") && r.lastDay == day("1999-07-31"))
        #expect(r.daysWithRecords == 210 && r.hours == 210 * 24 && r.inserted == 210 * 24)
        #expect(r.daysWithoutRecords == [day("1999-01-11"), day("1999-01-12")])
        #expect(r.offered == totals.offered && r.answered == totals.answered)
        #expect(r.abandoned == totals.abandoned && r.selfService == totals.selfService)

        let summary = try w.summary()
        #expect(summary.offered == totals.offered && summary.answered == totals.answered && summary.abandoned == totals.abandoned)
        #expect(summary.gaps == [day("1999-01-11"), day("1999-01-12")])
        let gapWeek = try #require(summary.weeks.first { $0.monday == day("1999-01-11") })
        #expect(gapWeek.gaps == [day("1999-01-11"), day("1999-01-12")] && gapWeek.daysWithRecords == 5)
        #expect(summary.weeks.first?.monday == day("1998-12-28") && summary.weeks.last?.monday == day("1999-07-26"))
        #expect(summary.weeks.reduce(0) { $0 + $1.daysWithRecords } == 210)

        // The forecaster's input read back from the store is the loaded series, hour for hour.
        let s = try w.series()
        #expect(s.start == loaded.start && s.hours.count == loaded.hours.count)
        #expect(s.hours == loaded.hours)
        #expect(s.daysWithoutRecords == loaded.daysWithoutRecords)

        // Importing the same directory again: every hour unchanged, nothing added.
        let again = try w.importHistory(loaded, source: SharedData.anonymousBank)
        #expect(again.inserted == 0 && again.replaced == 0 && again.unchanged == 210 * 24)
        #expect(try store.check().tables["call_history_hours"] == 210 * 24)
        #expect(try w.summary() == summary)
        let imports = try w.imports()
        #expect(imports.map(\.file) == ["anonymous-bank-1999", "anonymous-bank-1999"])
        #expect(r.format == "anonymous-bank" && imports[0].format == "anonymous-bank")
        #expect(imports.allSatisfy { $0.calls == totals.offered && $0.actor == "planner" })
    }

    @Test("Rebase before Monday 2026-11-30: last day in Nov 23–29, weekdays and hours kept, shift recorded")
    func rebase() throws {
        let loaded = try Self.series()
        let w = HistoryWorkflow(store: try RosterStore.inMemory())
        let monday = day("2026-11-30")
        let r = try w.importHistory(loaded, source: SharedData.anonymousBank, format: .anonymousBank, rebaseBefore: monday)
        #expect(r.recordedFirstDay == day("1999-01-01") && r.recordedLastDay == day("1999-07-31"))
        #expect(r.lastDay >= day("2026-11-23") && r.lastDay < monday)
        #expect(r.lastDay.weekday == day("1999-07-31").weekday && r.firstDay.weekday == day("1999-01-01").weekday)
        #expect(r.rebaseDays == 7 * r.rebaseWeeks && r.firstDay == day("1999-01-01").adding(days: r.rebaseDays))
        #expect(r.daysWithoutRecords == [day("1999-01-11"), day("1999-01-12")].map { $0.adding(days: r.rebaseDays) })
        #expect(r.offered == Totals(loaded.hours).offered)
        print("Anonymous Bank 1999 rebased by \(r.rebaseWeeks) weeks: \(r.firstDay)…\(r.lastDay)")

        let s = try w.series(before: monday)
        #expect(s.hours.count == loaded.hours.count && s.start.date == r.firstDay)
        // Hour for hour the same calls, on the same weekday and clock hour.
        #expect(zip(s.hours, loaded.hours).allSatisfy { moved, recorded in
            moved.start == recorded.start.adding(hours: 24 * r.rebaseDays) && moved.start.date.weekday == recorded.start.date.weekday
                && moved.offered == recorded.offered && moved.answered == recorded.answered && moved.abandoned == recorded.abandoned
                && moved.selfService == recorded.selfService && moved.handleSeconds == recorded.handleSeconds
        })
        #expect(s.daysWithoutRecords.count == 2)
        #expect(try w.imports().first?.rebaseWeeks == r.rebaseWeeks && r.rebaseWeeks > 1400)
        #expect(try w.store.auditLog().last?.detail.contains("rebase_weeks=\(r.rebaseWeeks)") == true)
    }

    @Test("A malformed line in a copied month file: the error names file and line; every table is unchanged")
    func badCopiedFile() throws {
        let loaded = try Self.series()
        let w = HistoryWorkflow(store: try RosterStore.inMemory())
        _ = try w.importHistory(loaded, source: SharedData.anonymousBank)
        let before = try Snapshot(w.store)

        let dir = try SharedData.temporaryDirectory()
        let text = try String(contentsOfFile: SharedData.anonymousBank + "/01_January.txt", encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let target = 1000   // index 999 is line 1000
        var fields = lines[target - 1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        fields[12] = "AGNT"   // outcome
        lines[target - 1] = fields.joined(separator: "\t")
        try lines.joined(separator: "\n").write(toFile: dir + "/01_January.txt", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: SharedData.anonymousBank + "/02_February.txt", toPath: dir + "/02_February.txt")

        let e = #expect(throws: InputError.self) { try w.importHistory(path: dir, format: .anonymousBank) }
        #expect(e?.file == dir + "/01_January.txt" && e?.line == target && e?.field == "outcome")
        #expect(e?.description.contains("01_January.txt") == true && e?.description.contains("AGNT") == true)
        #expect(try Snapshot(w.store) == before)
    }
}
