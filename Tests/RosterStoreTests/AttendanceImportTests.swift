import Foundation
import HotlineCore
import Testing
@testable import RosterStore

@Suite("Attendance import")
struct AttendanceImportTests {
    static func store() throws -> RosterStore {
        let s = try RosterStore.inMemory()
        _ = try s.importPeople(["A1", "A2"].map { Person(id: $0, name: $0, role: .agent, hiredOn: CivilDate(year: 2025, month: 1, day: 1)!) })
        return s
    }

    @Test("A good file is stored; re-importing it stores nothing twice")
    func good() throws {
        let s = try Self.store()
        let path = try Fixtures.write("\u{FEFF}person_id,kind,at\r\nA1,clock_in,2026-11-02T08:00\r\nA1, login ,2026-11-02T08:05:30\r\n\r\nA2,CLOCK_OUT,2026-11-02 17:00\r\n", name: "att.csv")
        let r = try s.importAttendance(fromCSV: path)
        #expect(r.rows == 3 && r.inserted == 3 && r.duplicates == 0)
        #expect(r.firstAt == LocalDateTime.parse("2026-11-02T08:00") && r.lastAt == LocalDateTime.parse("2026-11-02T17:00"))
        let again = try s.importAttendance(fromCSV: path)
        #expect(again.inserted == 0 && again.duplicates == 3)
        #expect(try s.attendanceEventCount() == 3)
        let events = try s.attendanceEvents(from: LocalDateTime.parse("2026-11-01T00:00")!, to: LocalDateTime.parse("2026-11-03T00:00")!)
        #expect(events.map(\.kind) == [.clockIn, .login, .clockOut])
        #expect(events[1].at == LocalDateTime.parse("2026-11-02T08:05:30"))
    }

    @Test("The fast path and the general CSV path read the same events")
    func pathsAgree() throws {
        let plain = "person_id,kind,at,extra\nA1,clock_in,2026-11-02T08:00,x\nA2,logout,2026-11-02T09:00:59,y\n"
        let quoted = "person_id,kind,at,extra\n\"A1\",clock_in,2026-11-02T08:00,\"x, y\"\nA2,\"logout\",2026-11-02T09:00:59,y\n"
        let a = try AttendanceCSV.read(path: try Fixtures.write(plain, name: "a.csv"))
        let b = try AttendanceCSV.read(path: try Fixtures.write(quoted, name: "b.csv"))
        #expect(a == b && a.count == 2)
    }

    @Test("Any bad line rejects the file, every bad line listed with file, line and field; the store is unchanged",
          arguments: [false, true])
    func rejects(quoted: Bool) throws {
        let s = try Self.store()
        var text = "person_id,kind,at\nA1,clock_in,2026-11-02T08:00\nA9,clock_in,2026-11-02T08:00\nA1,lunch,2026-11-02T12:00\nA1,clock_out,2026-11-02T25:00\n,login,2026-11-02T08:00\nA2,logout,\nA2,logout,2026-11-02T18:00\n"
        if quoted { text = text.replacingOccurrences(of: "A2,logout,2026-11-02T18:00", with: "\"A2\",logout,2026-11-02T18:00") }
        let path = try Fixtures.write(text, name: "bad.csv")
        do {
            _ = try s.importAttendance(fromCSV: path)
            Issue.record("expected a rejection")
        } catch let e as ImportRejected {
            #expect(e.errors.map(\.line) == [3, 4, 5, 6, 7])
            #expect(e.errors.map(\.field) == ["person_id", "kind", "at", "person_id", "at"])
            #expect(e.errors.allSatisfy { $0.file == path })
            #expect(e.description.contains("\(path):4: field 'kind'"))
            #expect(e.description.contains("5 bad lines; nothing was imported"))
        }
        #expect(try s.attendanceEventCount() == 0)
    }

    @Test("A missing column is named with the expected header")
    func missingColumn() throws {
        let path = try Fixtures.write("person_id,when\nA1,2026-11-02T08:00\n", name: "m.csv")
        #expect(throws: InputError(file: path, line: 1, field: "kind",
                                   "missing column; the header must have person_id,kind,at (found: person_id,when)")) {
            _ = try AttendanceCSV.read(path: path)
        }
    }
}
