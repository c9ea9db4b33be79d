import Foundation
import HotlineCore
import Testing
import TestSupport
@testable import RosterStore

@Suite("Roster store")
struct RosterStoreTests {
    @Test("Import then list: a round trip, sorted by id, personal data kept")
    func roundTrip() throws {
        let store = try RosterStore.inMemory()
        let path = try Fixtures.write(Fixtures.csv(Fixtures.rows.reversed()))
        let summary = try store.importPeople(fromCSV: path)
        #expect(summary == PeopleImportSummary(inserted: 8, updated: 0))
        let people = try store.people()
        #expect(people.map(\.id) == (1...8).map { "P00\($0)" })
        #expect(people == (try PeopleCSV.read(path: path)).sorted { $0.id < $1.id })
        let p = try #require(try store.person(id: "P002"))
        #expect(p.nationalID == "11010119850512002X")
        #expect(p.skills == ["phone"])
        #expect(try store.person(id: "nobody") == nil)
    }

    @Test("Re-importing upserts by person_id: updates counted, new people inserted")
    func upsert() throws {
        let store = try RosterStore.inMemory()
        _ = try store.importPeople(fromCSV: try Fixtures.write(Fixtures.csv(Array(Fixtures.rows.prefix(3)))))
        let changed = [
            "P001,王芳,supervisor,phone;wechat;sms,2024-03-01,36,110101199003070019,13800138000",
            "P009,孙丽,agent,phone,2026-01-05,40,,",
        ]
        let summary = try store.importPeople(fromCSV: try Fixtures.write(Fixtures.csv(changed)))
        #expect(summary == PeopleImportSummary(inserted: 1, updated: 1))
        let people = try store.people()
        #expect(people.map(\.id) == ["P001", "P002", "P003", "P009"])
        #expect(people[0].role == .supervisor)
        #expect(people[0].skills == ["phone", "wechat", "sms"])
        #expect(people[0].contractHoursPerWeek == 36)
    }

    @Test("All or nothing: a bad line 7 leaves the store unchanged")
    func allOrNothing() throws {
        let store = try RosterStore.inMemory()
        _ = try store.importPeople(fromCSV: try Fixtures.write(Fixtures.csv(Array(Fixtures.rows.prefix(2)))))
        let before = try store.people()
        var rows = Fixtures.rows
        rows[0] = "P001,王芳改,manager,,2024-03-01,40,,"   // would update P001
        rows[5] = "P006,杨磊,qa,,2020-13-09,40,,"           // line 7: bad date
        do {
            _ = try store.importPeople(fromCSV: try Fixtures.write(Fixtures.csv(rows)))
            Issue.record("expected an error")
        } catch let rejected as ImportRejected {
            #expect(rejected.errors.map(\.line) == [7])
            #expect(rejected.errors.first?.field == "hired_on")
        }
        #expect(try store.people() == before)
    }

    @Test("A store in a missing directory is refused with the path named")
    func missingDirectory() throws {
        let dir = try SharedData.temporaryDirectory() + "/no/such/dir"
        do {
            _ = try RosterStore(path: dir + "/roster.sqlite")
            Issue.record("expected an error")
        } catch let e as RosterStoreError {
            #expect(e.description.contains(dir + "/roster.sqlite"))
            #expect(e.description.contains("does not exist"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("On disk the store and its -wal/-shm files are readable by their owner only (0600)")
    func fileMode() throws {
        let path = try SharedData.temporaryDirectory() + "/roster.sqlite"
        do {
            let store = try RosterStore(path: path)
            _ = try store.importPeople(fromCSV: try Fixtures.write(Fixtures.csv(Fixtures.rows)))
            #expect(try mode(path) == 0o600)
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                #expect(try mode(path + suffix) == 0o600, "\(suffix)")
            }
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
        // Reopening finds the data (and keeps the mode).
        let reopened = try RosterStore(path: path)
        #expect(try reopened.people().count == 8)
        #expect(try mode(path) == 0o600)
    }

    @Test("An existing store file with loose permissions is made 0600 on open")
    func tightensMode() throws {
        let path = try SharedData.temporaryDirectory() + "/roster.sqlite"
        _ = try RosterStore(path: path)
        chmod(path, 0o644)
        _ = try RosterStore(path: path)
        #expect(try mode(path) == 0o600)
    }

    @Test("Publish a week, read it back sorted, replace it")
    func publishAndReplace() throws {
        let store = try RosterStore.inMemory()
        let week = Fixtures.date("2026-12-07")
        let shifts = [
            Fixtures.shift("P002", "2026-12-08T08:00"),
            Fixtures.shift("P001", "2026-12-07T16:00"),
            Fixtures.shift("P003", "2026-12-07T08:00"),
            Fixtures.shift("P001", "2026-12-07T08:00"),
            Fixtures.shift("P004", "2026-12-13T22:00", name: "夜班"),  // ends next week: still this week's
        ]
        try store.publishRoster(weekStart: week, shifts: shifts)
        let read = try store.publishedShifts(from: week, through: week.adding(days: 6))
        #expect(read.map { "\($0.date) \($0.start.clockText) \($0.personId)" } == [
            "2026-12-07 08:00 P001", "2026-12-07 08:00 P003", "2026-12-07 16:00 P001",
            "2026-12-08 08:00 P002", "2026-12-13 22:00 P004",
        ])
        #expect(Set(read) == Set(shifts))
        #expect(try store.publishedShifts(from: week, through: week).count == 3)
        #expect(try store.publishedWeeks() == [week])

        // A second week stays when the first is replaced.
        let next = week.adding(days: 7)
        try store.publishRoster(weekStart: next, shifts: [Fixtures.shift("P001", "2026-12-14T08:00")])
        try store.publishRoster(weekStart: week, shifts: [Fixtures.shift("P005", "2026-12-09T12:00")])
        let all = try store.publishedShifts(from: week, through: next.adding(days: 6))
        #expect(all.map(\.personId) == ["P005", "P001"])
        #expect(try store.publishedWeeks() == [week, next])
    }

    @Test("Publishing a shift outside the week fails and leaves the published roster as it was")
    func publishValidates() throws {
        let store = try RosterStore.inMemory()
        let week = Fixtures.date("2026-12-07")
        try store.publishRoster(weekStart: week, shifts: [Fixtures.shift("P001", "2026-12-07T08:00")])
        #expect(throws: RosterStoreError.self) {
            try store.publishRoster(weekStart: week, shifts: [Fixtures.shift("P002", "2026-12-14T08:00")])
        }
        #expect(throws: RosterStoreError.self) {
            try store.publishRoster(weekStart: week, shifts: [Fixtures.shift("P002", "2026-12-08T08:00", hours: 0)])
        }
        #expect(try store.publishedShifts(from: week, through: week.adding(days: 6)).map(\.personId) == ["P001"])
    }

    @Test("Concurrent writes from two tasks lose nothing (on disk, WAL)")
    func concurrentWrites() async throws {
        let path = try SharedData.temporaryDirectory() + "/roster.sqlite"
        let store = try RosterStore(path: path)
        func person(_ prefix: String, _ i: Int) -> Person {
            Person(id: "\(prefix)\(i)", name: "N\(i)", role: .agent, hiredOn: Fixtures.date("2025-01-01"))
        }
        async let a: Void = Task.detached {
            for i in 0..<100 { _ = try store.importPeople([person("A", i)]) }
        }.value
        async let b: Void = Task.detached {
            for i in 0..<100 { _ = try store.importPeople([person("B", i)]) }
        }.value
        async let c: Void = Task.detached {
            let week = Fixtures.date("2026-12-07")
            for i in 0..<20 {
                try store.publishRoster(weekStart: week, shifts: (0...i).map { _ in Fixtures.shift("C", "2026-12-07T08:00") })
            }
        }.value
        _ = try await (a, b, c)
        #expect(try store.people().count == 200)
        #expect(try store.publishedShifts(from: Fixtures.date("2026-12-07"), through: Fixtures.date("2026-12-13")).count == 20)
    }

    @Test("Importing the same id twice in one list is refused, nothing written")
    func duplicateInList() throws {
        let store = try RosterStore.inMemory()
        let p = Person(id: "X", name: "甲", role: .agent, hiredOn: Fixtures.date("2025-01-01"))
        #expect(throws: RosterStoreError.self) { try store.importPeople([p, p]) }
        #expect(try store.people().isEmpty)
    }
}
