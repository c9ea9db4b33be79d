import Foundation
import HotlineCore
import Testing
@testable import RosterStore

/// The change stamp that the web application keys its caches by: every committed write raises
/// it, a refused import (rolled back) does not, and a second process's write is seen.
@Suite struct ChangeStampTests {
    @Test func writesRaiseTheStampAndRefusedImportsDoNot() throws {
        let store = try RosterStore.inMemory()
        let s0 = try store.changeStamp()
        #expect(s0 >= 1)
        #expect(try store.changeStamp() == s0, "reading does not change it")
        _ = try store.importPeople([Person(id: "S1", name: "甲", role: .agent, hiredOn: CivilDate(year: 2025, month: 1, day: 1)!)])
        let s1 = try store.changeStamp()
        #expect(s1 == s0 + 1)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("people.csv").path
        try "person_id,name,role,skills,hired_on,contract_hours_per_week\nS2,乙,agent,phone,2025-13-01,40\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { _ = try store.importPeople(fromCSV: bad) }
        #expect(try store.changeStamp() == s1, "a refused import commits nothing, the stamp included")
    }

    @Test func anotherConnectionSeesTheWrite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("roster.sqlite").path
        let web = try RosterStore(path: path, actor: "web")
        let cli = try RosterStore(path: path, actor: "cli")
        let before = try web.changeStamp()
        _ = try cli.importPeople([Person(id: "S3", name: "丙", role: .agent, hiredOn: CivilDate(year: 2025, month: 1, day: 1)!)])
        #expect(try web.changeStamp() == before + 1)
    }
}
