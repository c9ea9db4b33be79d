import Foundation
import GRDB
import HotlineCore
import Testing
import TestSupport
@testable import RosterStore

/// The `roster` tool run as a child process against a store on disk: killing an import half-way
/// and two imports at once. Needs the built tool (`swift build`); skipped without it.
@Suite("Store under process kill and concurrent imports", .serialized)
struct ProcessTests {
    static let binary = RosterTool.binary
    static var hasBinary: Bool { RosterTool.isBuilt }

    /// Synthetic attendance: 4 events per person and worked day (clock_in, login, logout, clock_out).
    static func attendanceCSV(people: Int, days: Int, start: CivilDate, prefix: String = "K") -> String {
        var out = "person_id,kind,at\n"
        out.reserveCapacity(people * days * 4 * 36)
        for d in 0..<days {
            let day = start.adding(days: d).description
            for p in 1...people where (d + p) % 7 < 5 {
                let id = prefix + String(p)
                let h = [7, 9, 15][p % 3]
                let hh = h < 10 ? "0\(h)" : "\(h)"
                let mm = String(p % 50 + 10)
                out += "\(id),clock_in,\(day)T\(hh):\(mm):01\n\(id),login,\(day)T\(hh):\(mm):31\n"
                let oh = h + 8 < 10 ? "0\(h + 8)" : "\(h + 8)"
                out += "\(id),logout,\(day)T\(oh):\(mm):02\n\(id),clock_out,\(day)T\(oh):\(mm):42\n"
            }
        }
        return out
    }

    static func people(_ n: Int, prefix: String = "K") -> [Person] {
        (1...n).map { Person(id: "\(prefix)\($0)", name: "员工\($0)", role: .agent, hiredOn: CivilDate(year: 2024, month: 1, day: 1)!) }
    }

    /// Everything an import could touch, read in a stable order.
    static func snapshot(_ path: String) throws -> [String] {
        let q = try DatabaseQueue(path: path)
        defer { try? q.close() }
        return try q.read { db in
            try String.fetchAll(db, sql: "SELECT person_id || ',' || kind || ',' || at || ',' || import_id FROM attendance_events ORDER BY person_id, at, kind")
                + String.fetchAll(db, sql: "SELECT id || ',' || file || ',' || rows || ',' || inserted FROM attendance_imports ORDER BY id")
                + String.fetchAll(db, sql: "SELECT id || ',' || action || ',' || entity || ',' || entity_id || ',' || detail FROM audit_log ORDER BY id")
        }
    }

    static func spawn(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test("kill -9 in the middle of a 300,000-row attendance import leaves the store exactly as before",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func killMidImport() throws {
        let dir = try SharedData.temporaryDirectory()
        let path = dir + "/roster.sqlite"
        do {
            let store = try RosterStore(path: path)
            _ = try store.importPeople(Self.people(300))
            try Self.attendanceCSV(people: 300, days: 3, start: CivilDate(year: 2024, month: 12, day: 1)!)
                .write(toFile: dir + "/small.csv", atomically: true, encoding: .utf8)
            _ = try store.importAttendance(fromCSV: dir + "/small.csv")
        }
        let before = try Self.snapshot(path)
        #expect(before.count > 2000)
        let big = Self.attendanceCSV(people: 300, days: 357, start: CivilDate(year: 2025, month: 1, day: 1)!)
        try big.write(toFile: dir + "/year.csv", atomically: true, encoding: .utf8)
        let rows = big.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } - 1
        #expect(rows >= 300_000)

        let p = try Self.spawn(["attendance", "import", dir + "/year.csv", "--store", path])
        let wal = path + "-wal"
        let walBefore = Self.size(wal)
        // Kill once the import is well into its transaction: SQLite spills the 2 MB page cache of
        // the open transaction into the WAL, so the WAL grows long before the commit. Polled on
        // this thread (not with Task.sleep, which a busy test run can starve).
        let deadline = Date().addingTimeInterval(120)
        var killed = false
        while p.isRunning, Date() < deadline {
            if Self.size(wal) > walBefore + 1_000_000 {
                kill(p.processIdentifier, SIGKILL)
                killed = true
                break
            }
            usleep(500)
        }
        p.waitUntilExit()
        try #require(killed, "the import ended (status \(p.terminationStatus)) before it could be killed mid-transaction")
        #expect(p.terminationReason == .uncaughtSignal)

        let after = try Self.snapshot(path)
        #expect(after.count == before.count)
        #expect(after == before)
        let check = try RosterStore(path: path).check()
        #expect(check.integrity == ["ok"] && check.ok)

        // The same file imports completely afterwards: the store is usable and nothing was half-stored.
        let summary = try RosterStore(path: path).importAttendance(fromCSV: dir + "/year.csv")
        #expect(summary.inserted == rows)
        #expect(try RosterStore(path: path).attendanceEventCount() == rows + before.filter { $0.hasPrefix("K") }.count)
    }

    @Test("Two processes importing at once both succeed; nothing is lost",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func concurrentImports() throws {
        let dir = try SharedData.temporaryDirectory()
        let path = dir + "/roster.sqlite"
        do {
            _ = try RosterStore(path: path).importPeople(Self.people(100, prefix: "A") + Self.people(100, prefix: "B"))
        }
        let a = Self.attendanceCSV(people: 100, days: 180, start: CivilDate(year: 2025, month: 1, day: 1)!, prefix: "A")
        let b = Self.attendanceCSV(people: 100, days: 180, start: CivilDate(year: 2025, month: 1, day: 1)!, prefix: "B")
        try a.write(toFile: dir + "/a.csv", atomically: true, encoding: .utf8)
        try b.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        let rowsA = a.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } - 1
        let rowsB = b.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } - 1
        let pa = try Self.spawn(["attendance", "import", dir + "/a.csv", "--store", path])
        let pb = try Self.spawn(["attendance", "import", dir + "/b.csv", "--store", path])
        pa.waitUntilExit()
        pb.waitUntilExit()
        #expect(pa.terminationStatus == 0 && pb.terminationStatus == 0)
        let store = try RosterStore(path: path)
        #expect(try store.attendanceEventCount() == rowsA + rowsB)
        #expect(try store.check().ok)
        #expect(try store.auditLog().filter { $0.entity == "attendance" }.count == 2)
    }

    static func run(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test("roster replacements --json and roster kpi --json carry the documented keys; bad lines are all listed on stderr",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func commandLine() throws {
        let dir = try SharedData.temporaryDirectory()
        let store = dir + "/s.sqlite"
        try Fixtures.csv(Fixtures.rows).write(toFile: dir + "/people.csv", atomically: true, encoding: .utf8)
        #expect(try Self.run(["people", "import", dir + "/people.csv", "--store", store]).status == 0)
        let incidents = "person_id,date,kind,verified,liable,note\n" + (1...3).map { "P001,2026-11-0\($0),complaint,true,true,市民 1380013800\($0)" }.joined(separator: "\n") + "\n"
        try incidents.write(toFile: dir + "/incidents.csv", atomically: true, encoding: .utf8)
        #expect(try Self.run(["incidents", "import", dir + "/incidents.csv", "--store", store]).status == 0)
        let attendance = "person_id,kind,at\nP001,clock_in,2026-11-02T08:00\nP001,login,2026-11-02T08:10\nP001,logout,2026-11-02T16:00\nP001,clock_out,2026-11-02T16:10\n"
        try attendance.write(toFile: dir + "/att.csv", atomically: true, encoding: .utf8)
        #expect(try Self.run(["attendance", "import", dir + "/att.csv", "--store", store]).status == 0)

        let rep = try Self.run(["replacements", "--json", "--store", store])
        #expect(rep.status == 0)
        let repJSON = try JSONSerialization.jsonObject(with: Data(rep.stdout.utf8)) as! [String: Any]
        let open = repJSON["open"] as! [[String: Any]]
        #expect(open.count == 1)
        #expect(open[0]["personId"] as? String == "P001" && open[0]["trigger"] as? String == "complaints")
        #expect((open[0]["evidence"] as? [Any])?.count == 3)
        #expect(!rep.stdout.contains("1380013800"))

        let kpi = try Self.run(["kpi", "--month", "2026-11", "--json", "--store", store,
                                "--profile", SharedData.project("rosters/profiles/yuhang-12345.toml")])
        #expect(kpi.status == 0, "\(kpi.stderr)")
        let k = try JSONSerialization.jsonObject(with: Data(kpi.stdout.utf8)) as! [String: Any]
        for key in ["month", "headcount", "utilisation", "adherence", "turnover", "people"] { #expect(k[key] != nil, "\(key)") }
        #expect(k["headcount"] as? Int == 8 && k["headcountMinimum"] as? Int == 91 && k["liableComplaints"] as? Int == 3)
        let p1 = (k["people"] as! [[String: Any]]).first { $0["personId"] as? String == "P001" }!
        #expect(p1["onDutySeconds"] as? Int == 8 * 3600 + 600 && p1["onlineSeconds"] as? Int == 7 * 3600 + 3000)
        #expect(p1["liableComplaints"] as? Int == 3)

        for lang in ["zh", "en"] {
            let r = try Self.run(["kpi", "--month", "2026-11", "--language", lang, "--format", "html", "-o", dir + "/kpi-\(lang).html", "--store", store])
            #expect(r.status == 0)
            let html = try String(contentsOfFile: dir + "/kpi-\(lang).html", encoding: .utf8)
            #expect(html.contains(lang == "zh" ? "月度考核报告" : "Monthly assessment"))
        }

        try "person_id,kind,at\nP001,clock_in,2026-11-03T08:00\nP999,clock_in,2026-11-03T08:00\nP001,nap,2026-11-03T09:00\n"
            .write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = try Self.run(["attendance", "import", dir + "/bad.csv", "--store", store])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains(dir + "/bad.csv:3: field 'person_id'") && bad.stderr.contains(dir + "/bad.csv:4: field 'kind'"))
    }
}
