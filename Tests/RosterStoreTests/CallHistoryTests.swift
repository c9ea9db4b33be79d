import Foundation
import GRDB
import HotlineCore
import Testing
import TestSupport
@testable import RosterStore

@Suite("Call history in the store")
struct CallHistoryTests {
    static func day(_ text: String) -> CivilDate { CivilDate.parse(text)! }
    static func at(_ text: String) -> LocalDateTime { LocalDateTime.parse(text)! }

    /// Two days with records (Mon 2026-11-02 and Wed 2026-11-04) and a few busy hours; Tue is a gap.
    static let days: Set<CivilDate> = [day("2026-11-02"), day("2026-11-04")]
    static let hours = [
        CallHistoryHour(start: at("2026-11-02T08:00"), offered: 120, answered: 110, abandoned: 10, selfService: 30, handleSeconds: 240),
        CallHistoryHour(start: at("2026-11-02T09:00"), offered: 150, answered: 140, abandoned: 10, selfService: 25, handleSeconds: 250.5),
        CallHistoryHour(start: at("2026-11-03T10:00")),   // empty hour on the gap: accepted, not stored
        CallHistoryHour(start: at("2026-11-04T23:00"), offered: 7, answered: 7, abandoned: 0, selfService: 1, handleSeconds: nil),
    ]

    /// Every table's row count, every stored hour and import, and the audit log: what "unchanged" means.
    struct Snapshot: Equatable {
        var tables: [String: Int]
        var hours: [CallHistoryHour]
        var imports: [CallHistoryImport]
        var audit: [AuditEntry]
    }

    static func snapshot(_ s: RosterStore) throws -> Snapshot {
        Snapshot(tables: try s.check().tables, hours: try s.callHistory(from: day("1900-01-01"), through: day("2100-01-01")),
                 imports: try s.callHistoryImports(), audit: try s.auditLog())
    }

    @Test("An import stores 24 hours per day with records, zeros filled, gaps not stored; audited")
    func stores() throws {
        let s = try RosterStore.inMemory()
        #expect(try s.check().migrations.contains("v3-call-history"))
        let r = try s.importCallHistory(Self.hours, recordDays: Self.days, file: "/some/dir/calls-nov.csv", format: "interval")
        #expect(r.file == "calls-nov.csv")
        #expect(r.firstDay == Self.day("2026-11-02") && r.lastDay == Self.day("2026-11-04"))
        #expect(r.days == 2 && r.hours == 48 && r.inserted == 48 && r.replaced == 0 && r.unchanged == 0)
        #expect(r.offered == 277 && r.answered == 257 && r.abandoned == 20 && r.selfService == 56)
        #expect(try s.callHistoryDays() == [Self.day("2026-11-02"), Self.day("2026-11-04")])

        let stored = try s.callHistory(from: Self.day("2026-11-01"), through: Self.day("2026-11-30"))
        #expect(stored.count == 48)
        #expect(stored.first == CallHistoryHour(start: Self.at("2026-11-02T00:00")))
        #expect(stored[8] == Self.hours[0] && stored[9] == Self.hours[1])
        #expect(stored.last == Self.hours[3])
        #expect(try s.callHistory(from: Self.day("2026-11-03"), through: Self.day("2026-11-03")).isEmpty)

        let imports = try s.callHistoryImports()
        #expect(imports.count == 1)
        #expect(imports[0].file == "calls-nov.csv" && imports[0].format == "interval" && imports[0].actor == "test")
        #expect(imports[0].days == 2 && imports[0].hours == 48 && imports[0].calls == 277 && imports[0].rebaseWeeks == 0)
        #expect(imports[0].inserted == 48)

        let audit = try #require(try s.auditLog().last)
        #expect(audit.action == "import" && audit.entity == "call_history" && audit.entityId == String(r.importId))
        #expect(audit.detail.contains("file=calls-nov.csv") && audit.detail.contains("calls=277") && !audit.detail.contains("/some/dir"))
    }

    @Test("Summary by ISO week: days, hours, calls, and the days without records named")
    func summary() throws {
        let s = try RosterStore.inMemory()
        #expect(try s.callHistorySummary().isEmpty)
        _ = try s.importCallHistory(Self.hours, recordDays: Self.days, file: "a.csv")
        // A second import: Sun 2026-11-15 (no calls at all, but recorded) and Mon 2026-11-16.
        let later: Set<CivilDate> = [Self.day("2026-11-15"), Self.day("2026-11-16")]
        _ = try s.importCallHistory([CallHistoryHour(start: Self.at("2026-11-16T10:00"), offered: 50, answered: 40, abandoned: 10)],
                                    recordDays: later, file: "b.csv")
        let sum = try s.callHistorySummary()
        #expect(sum.firstDay == Self.day("2026-11-02") && sum.lastDay == Self.day("2026-11-16"))
        #expect(sum.daysWithRecords == 4 && sum.hours == 96 && sum.offered == 327 && sum.answered == 297)
        #expect(sum.gaps.first == Self.day("2026-11-03") && sum.gaps.last == Self.day("2026-11-14"))
        #expect(sum.gaps.count == 15 - 4)  // Nov 2…16 is 15 days, 4 with records
        #expect(sum.weeks.map(\.monday) == [Self.day("2026-11-02"), Self.day("2026-11-09"), Self.day("2026-11-16")])
        let w1 = sum.weeks[0], w2 = sum.weeks[1], w3 = sum.weeks[2]
        #expect(w1.daysWithRecords == 2 && w1.hours == 48 && w1.offered == 277 && w1.abandoned == 20)
        #expect(w1.gaps == ["2026-11-03", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-08"].map(Self.day))
        // A recorded day without calls is not a gap.
        #expect(w2.daysWithRecords == 1 && w2.hours == 24 && w2.offered == 0 && w2.answeredShare == nil)
        #expect(w2.gaps == (0..<6).map { Self.day("2026-11-09").adding(days: $0) })
        // The last week ends at the last stored day: later days of it are not gaps.
        #expect(w3.daysWithRecords == 1 && w3.gaps.isEmpty && w3.answeredShare == 0.8)
    }

    @Test("Re-importing the same period adds nothing; changed hours are replaced, never added twice")
    func idempotent() throws {
        let s = try RosterStore.inMemory()
        let first = try s.importCallHistory(Self.hours, recordDays: Self.days, file: "a.csv")
        let again = try s.importCallHistory(Self.hours, recordDays: Self.days, file: "a.csv")
        #expect(again.inserted == 0 && again.replaced == 0 && again.unchanged == 48)
        #expect(try s.check().tables["call_history_hours"] == 48)
        #expect(try s.callHistorySummary().offered == 277)

        // One hour corrected, and a third day added: 1 replaced, 24 inserted, the rest unchanged.
        var changed = Self.hours
        changed[1].offered = 151
        changed[1].abandoned = 11
        let more = try s.importCallHistory(changed, recordDays: Self.days.union([Self.day("2026-11-05")]), file: "b.csv")
        #expect(more.inserted == 24 && more.replaced == 1 && more.unchanged == 47)
        #expect(try s.check().tables["call_history_hours"] == 72)
        #expect(try s.callHistorySummary().offered == 278)
        let nine = try s.callHistory(from: Self.day("2026-11-02"), through: Self.day("2026-11-02"))[9]
        #expect(nine == changed[1])
        // The replaced hour is attributed to the import that wrote it.
        let writer = try s.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT import_id FROM call_history_hours WHERE start = '2026-11-02T09:00'")
        }
        #expect(writer == more.importId && more.importId != first.importId)
        #expect(try s.callHistoryImports().map(\.replaced) == [0, 0, 1])
    }

    @Test("Invalid hours reject the whole import before anything is written",
          arguments: [
            ("not on the hour", [CallHistoryHour(start: CallHistoryTests.at("2026-11-02T08:30"), offered: 1)], "does not start on the hour"),
            ("twice", [CallHistoryHour(start: CallHistoryTests.at("2026-11-02T08:00"), offered: 1), CallHistoryHour(start: CallHistoryTests.at("2026-11-02T08:00"), offered: 2)], "given twice"),
            ("negative", [CallHistoryHour(start: CallHistoryTests.at("2026-11-02T08:00"), offered: -1)], "offered must be a finite number >= 0"),
            ("not finite", [CallHistoryHour(start: CallHistoryTests.at("2026-11-02T08:00"), handleSeconds: .nan)], "handle_seconds must be"),
            ("calls on a gap", [CallHistoryHour(start: CallHistoryTests.at("2026-11-03T08:00"), offered: 3)], "not among the days with records"),
          ])
    func invalid(_ name: String, _ hours: [CallHistoryHour], _ message: String) throws {
        let s = try RosterStore.inMemory()
        _ = try s.importCallHistory(Self.hours, recordDays: Self.days, file: "good.csv")
        let before = try Self.snapshot(s)
        let e = #expect(throws: RosterStoreError.self) {
            try s.importCallHistory(Self.hours + hours, recordDays: Self.days, file: "/x/bad.csv")
        }
        #expect(e?.description.contains(message) == true, "\(name): \(e?.description ?? "-")")
        #expect(e?.description.hasPrefix("bad.csv:") == true)
        #expect(try Self.snapshot(s) == before)
        #expect(throws: RosterStoreError.self) { try s.importCallHistory([], recordDays: [], file: "empty.csv") }
    }

    @Test("A failure inside the transaction leaves every table as it was")
    func atomic() throws {
        let s = try RosterStore.inMemory()
        _ = try s.importCallHistory(Self.hours, recordDays: Self.days, file: "good.csv")
        let before = try Self.snapshot(s)
        // Make the database refuse one hour of the next import, after many others were written.
        let refused = Self.at("2026-11-05T13:00").seconds
        try s.writer.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER refuse BEFORE INSERT ON call_history_hours WHEN NEW.start_seconds = \(refused)
                BEGIN SELECT RAISE(ABORT, 'refused for the test'); END
                """)
        }
        var changed = Self.hours
        changed[0].offered = 121
        #expect(throws: DatabaseError.self) {
            try s.importCallHistory(changed, recordDays: Self.days.union([Self.day("2026-11-05")]), file: "more.csv")
        }
        #expect(try Self.snapshot(s) == before)
    }

    @Test("A store on disk keeps its history across reopening")
    func onDisk() throws {
        let path = try SharedData.temporaryDirectory() + "/roster.sqlite"
        do {
            let s = try RosterStore(path: path, actor: "planner")
            _ = try s.importCallHistory(Self.hours, recordDays: Self.days, file: "a.csv", format: "per-call", rebaseWeeks: -3)
        }
        let s = try RosterStore(path: path, actor: "planner")
        #expect(try s.callHistoryDays().count == 2)
        #expect(try s.callHistory(from: Self.day("2026-11-02"), through: Self.day("2026-11-04")).filter { !$0.isEmpty } == Self.hours.filter { !$0.isEmpty })
        let i = try #require(try s.callHistoryImports().first)
        #expect(i.actor == "planner" && i.format == "per-call" && i.rebaseWeeks == -3)
        #expect(try s.check().ok)
    }
}
