import Foundation
import GRDB
import HotlineCore
import Testing
import TestSupport
@testable import RosterStore

@Suite("Store versions, audit, backup and migration")
struct StoreMaintenanceTests {
    @Test("A published week is never edited in place: a repair is a new version; old versions stay readable")
    func versions() throws {
        let s = try RosterStore.inMemory(actor: "排班员A")
        let week = Fixtures.date("2026-12-07")
        #expect(try s.publishRoster(weekStart: week, shifts: [Fixtures.shift("P001", "2026-12-07T08:00")]) == 1)
        #expect(try s.publishRoster(weekStart: week, shifts: [Fixtures.shift("P002", "2026-12-07T08:00")], reason: "repair: P001 sick") == 2)
        #expect(try s.publishedShifts(from: week, through: week).map(\.personId) == ["P002"])
        #expect(try s.publishedShifts(weekStart: week, version: 1).map(\.personId) == ["P001"])
        let versions = try s.rosterVersions(weekStart: week)
        #expect(versions.map(\.version) == [1, 2] && versions[1].reason == "repair: P001 sick" && versions[1].actor == "排班员A")
        #expect(throws: (any Error).self) {
            try s.writer.write { db in try db.execute(sql: "UPDATE roster_version_shifts SET person_id = 'X'") }
        }
        #expect(throws: (any Error).self) {
            try s.writer.write { db in try db.execute(sql: "DELETE FROM audit_log") }
        }
        #expect(try s.auditLog().filter { $0.action == "publish" }.map(\.actor) == ["排班员A", "排班员A"])
    }

    @Test("Every change is audited: who, when, what — without personal data")
    func audit() throws {
        let s = try RosterStore.inMemory(actor: "hr1")
        _ = try s.importPeople(fromCSV: try Fixtures.write(Fixtures.csv(Fixtures.rows)))
        try s.recordSeparation(personId: "P003", date: Fixtures.date("2026-05-01"), reason: .civilService)
        let log = try s.auditLog()
        #expect(log.count == 9)
        #expect(log.allSatisfy { $0.actor == "hr1" && !$0.at.isEmpty })
        let text = log.map { "\($0.detail) \($0.entityId)" }.joined()
        #expect(!text.contains("110101199003070019") && !text.contains("13800138000"))
        #expect(try s.separations().first?.countsForTurnover == false)
    }

    @Test("People CSV: contract and protected status are stored")
    func details() throws {
        let s = try RosterStore.inMemory()
        let text = Fixtures.header + ",contract,protected_status\n" + Fixtures.rows[0] + ",劳务派遣 2026-01,pregnant\n" + Fixtures.rows[1] + ",,\n"
        _ = try s.importPeople(fromCSV: try Fixtures.write(text))
        #expect(try s.details(personId: "P001") == PersonDetails(contract: "劳务派遣 2026-01", protectedStatus: .pregnant))
        #expect(try s.details(personId: "P002") == PersonDetails())
        let bad = Fixtures.header + ",protected_status\n" + Fixtures.rows[0] + ",retired\n"
        #expect(throws: ImportRejected.self) { _ = try s.importPeople(fromCSV: try Fixtures.write(bad)) }
    }

    @Test("Backup, check and restore round-trip; backups are 0600; restore refuses a non-store")
    func backupRestore() throws {
        let dir = try SharedData.temporaryDirectory()
        let s = try RosterStore(path: dir + "/roster.sqlite", actor: "t")
        _ = try s.importPeople(fromCSV: try Fixtures.write(Fixtures.csv(Fixtures.rows)))
        try s.backup(to: dir + "/backup.sqlite")
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/backup.sqlite")
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        #expect(throws: RosterStoreError.self) { try s.backup(to: dir + "/backup.sqlite") }
        let check = try s.check()
        #expect(check.ok && check.integrity == ["ok"])
        #expect(check.migrations == ["v1-people", "v1-rosters", "v2-hr", "v3-call-history", "v3-requests", "v3-drafts", "v4-accounts", "v4-swaps", "v5-change-stamp"])
        #expect(check.tables["people"] == 8)
        try s.recordSeparation(personId: "P001", date: Fixtures.date("2026-05-01"), reason: .resigned)
        _ = try s.importPeople([Person(id: "P100", name: "新", role: .agent, hiredOn: Fixtures.date("2026-01-01"))])
        #expect(try s.people().count == 9)
        try s.restore(from: dir + "/backup.sqlite")
        #expect(try s.people().count == 8)
        #expect(try s.separations().isEmpty)
        #expect(try s.check().ok)
        try "not a database".write(toFile: dir + "/junk.sqlite", atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try s.restore(from: dir + "/junk.sqlite") }
        #expect(try s.people().count == 8)
    }

    @Test("A store written before v2-hr opens with its published roster as version 1")
    func migratesV1() throws {
        let path = try SharedData.temporaryDirectory() + "/old.sqlite"
        let q = try DatabaseQueue(path: path)
        try q.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1-people'), ('v1-rosters');
                CREATE TABLE people (person_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, skills TEXT NOT NULL DEFAULT '',
                    hired_on TEXT NOT NULL, contract_hours_per_week DOUBLE NOT NULL, national_id TEXT, phone TEXT);
                CREATE TABLE rosters (week_start TEXT PRIMARY KEY, shift_count INTEGER NOT NULL);
                CREATE TABLE roster_shifts (id INTEGER PRIMARY KEY AUTOINCREMENT,
                    week_start TEXT NOT NULL REFERENCES rosters(week_start) ON DELETE CASCADE, person_id TEXT NOT NULL,
                    name TEXT NOT NULL, role TEXT NOT NULL, date TEXT NOT NULL, start_seconds INTEGER NOT NULL,
                    end_seconds INTEGER NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL, shift TEXT NOT NULL);
                INSERT INTO people VALUES ('P1', '甲', 'agent', 'phone', '2025-01-01', 40, NULL, NULL);
                INSERT INTO rosters VALUES ('2026-12-07', 1);
                """)
            let s = Fixtures.shift("P1", "2026-12-08T08:00")
            try db.execute(sql: "INSERT INTO roster_shifts(week_start, person_id, name, role, date, start_seconds, end_seconds, start, end, shift) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: ["2026-12-07", s.personId, s.name, "agent", s.date.description, s.start.seconds, s.end.seconds, s.start.description, s.end.description, s.shift])
        }
        try q.close()
        let store = try RosterStore(path: path)
        #expect(try store.publishedShifts(from: Fixtures.date("2026-12-07"), through: Fixtures.date("2026-12-13")) == [Fixtures.shift("P1", "2026-12-08T08:00")])
        #expect(try store.rosterVersions(weekStart: Fixtures.date("2026-12-07")).map(\.version) == [1])
        #expect(try store.people().map(\.id) == ["P1"])
        #expect(try store.publishRoster(weekStart: Fixtures.date("2026-12-07"), shifts: []) == 2)
    }
}
