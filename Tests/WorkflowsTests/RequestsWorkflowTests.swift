import Foundation
import HotlineCore
import Rostering
import RosterStore
import TestSupport
import Testing
@testable import Workflows

@Suite("Requests workflow")
struct RequestsWorkflowTests {
    static let week = CivilDate.parse("2026-11-30")!   // a Monday
    static func date(_ t: String) -> CivilDate { CivilDate.parse(t)! }
    static func time(_ t: String) -> LocalDateTime { LocalDateTime.parse(t)! }

    /// A store with the sample people.
    static func store() throws -> RosterStore {
        let s = try RosterStore.inMemory(actor: "manager")
        _ = try s.importPeople(fromCSV: SharedData.project("rosters/people/sample-people.csv"))
        return s
    }

    static func write(_ text: String, name: String = "requests.csv") throws -> String {
        let path = try SharedData.temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static var sample: String { SharedData.project("rosters/people/sample-requests.csv") }

    static func id(_ w: RequestsWorkflow, _ person: String, _ kind: RequestKind) throws -> Int {
        try #require(try w.list(personId: person).first { $0.kind == kind }).id
    }

    @Test("The sample requests import pending; only approved ones reach the constraints")
    func sampleImport() throws {
        let s = try Self.store()
        let w = RequestsWorkflow(store: s)
        let r = try w.importCSV(path: Self.sample, by: "clerk")
        #expect(r.file == "sample-requests.csv" && r.rows == 20 && r.filed.count == 20 && r.duplicates.isEmpty)
        let all = try w.list()
        #expect(all.count == 20 && all.allSatisfy { $0.status == .pending && $0.source == "sample-requests.csv" && $0.filedBy == "clerk" })
        #expect(try w.constraints(weekStart: Self.week).isEmpty)

        try w.approve(id: Self.id(w, "P0005", .leave), by: "boss")
        try w.approve(id: Self.id(w, "P0020", .dayOff))
        try w.approve(id: Self.id(w, "P0030", .protected))
        try w.approve(id: Self.id(w, "P0040", .training))
        try w.approve(id: Self.id(w, "P0042", .training))       // the week after
        try w.approve(id: Self.id(w, "P0007", .shiftOn))
        try w.approve(id: Self.id(w, "P0003", .shiftOff))
        try w.reject(id: Self.id(w, "P0010", .leave), reason: "peak week")
        try w.withdraw(id: try w.approve(id: Self.id(w, "P0021", .dayOff)).id, by: "P0021")

        let c = try w.constraints(weekStart: Self.week)
        #expect(Set(c.keys) == ["P0005", "P0020", "P0030", "P0040", "P0007", "P0003"])
        #expect(c["P0005"]?.leave == Set(["2026-12-01", "2026-12-02", "2026-12-03"].map(Self.date)))
        #expect(c["P0020"]?.fixedDaysOff == [7])
        #expect(c["P0030"]?.protected == true)
        #expect(c["P0040"]?.training == [Self.time("2026-12-02T09:00")...Self.time("2026-12-02T12:00")])
        #expect(c["P0007"]?.wishes == [ShiftWish(kind: .on, date: Self.date("2026-12-01"), shiftName: "Early", weight: 2)])
        #expect(c["P0003"]?.wishes == [ShiftWish(kind: .off, date: Self.date("2026-12-05"), shiftName: nil, weight: 3)])
        // The approved session of 9 December belongs to the next week.
        let next = try w.constraints(weekStart: Self.week.adding(days: 7))
        #expect(next["P0042"]?.training.count == 1 && next["P0005"] == nil)
        #expect(next["P0020"]?.fixedDaysOff == [7])

        // HR's own leave rows and the people table's protected status count too.
        try s.addLeave(personId: "P0050", kind: "sick", firstDay: Self.date("2026-11-28"), lastDay: Self.date("2026-12-01"))
        let p = try #require(try s.person(id: "P0061"))
        _ = try s.importPeople([p], details: ["P0061": PersonDetails(protectedStatus: .nursing)])
        let c2 = try w.constraints(weekStart: Self.week)
        #expect(c2["P0050"]?.leave == Set([Self.date("2026-11-30"), Self.date("2026-12-01")]))
        #expect(c2["P0061"]?.protected == true)
        #expect(c2["P0005"]?.leave.count == 3)   // the approved request's own leave row adds nothing new
    }

    @Test("Re-importing the same file files nothing and changes no table")
    func idempotent() throws {
        let s = try Self.store()
        let w = RequestsWorkflow(store: s)
        let first = try w.importCSV(path: Self.sample)
        try w.approve(id: first.filed[0])
        let before = try s.check().tables
        let again = try w.importCSV(path: Self.sample)
        #expect(again.filed.isEmpty && again.duplicates == first.filed && again.rows == 20)
        #expect(try s.check().tables == before)
        // Imported as approved, the same file still files nothing: the open requests stand.
        #expect(try w.importCSV(path: Self.sample, status: .approved).filed.isEmpty)
        #expect(try w.list(status: .approved).count == 1)
    }

    @Test("A file with bad lines is refused whole, every bad line named; no table changes")
    func badFile() throws {
        let s = try Self.store()
        let w = RequestsWorkflow(store: s)
        let text = """
            person_id,kind,from,to,shift,weight
            P0005,leave,2026-12-01,2026-12-03,,
            NOBODY,leave,2026-12-01,,,
            P0006,leave,2026-13-01,,,
            P0007,day_off,someday,,,
            P0008,shift_on,2026-12-01,,early,-2
            P0009,holiday,2026-12-01,,,
            P0010,unavailable,sat;sun,25:00-26:00,,
            P0011,shift_off,2026-12-02,,any,2

            """
        let path = try Self.write(text, name: "bad-requests.csv")
        let before = try s.check().tables
        let error = #expect(throws: ImportRejected.self) { try w.importCSV(path: path) }
        let e = try #require(error)
        #expect(e.errors.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(e.errors.map(\.field) == ["person_id", "from", "from", "weight", "kind", "to"])
        #expect(e.errors.allSatisfy { $0.file == path })
        #expect(e.errors[0].message.contains("NOBODY") && e.errors[4].message.contains("holiday"))
        #expect(e.description.contains("6 bad lines; nothing was imported"))
        #expect(try s.check().tables == before)
    }

    @Test("Status, validity, leave kind and note columns; fields a kind does not use are refused")
    func optionalColumns() throws {
        let s = try Self.store()
        let w = RequestsWorkflow(store: s)
        let path = try Self.write("""
            person_id,kind,from,to,shift,weight,status,valid_from,valid_until,leave_kind,note
            P0001,leave,2026-12-02,,,,approved,,,sick,"flu, doctor's note"
            P0002,day_off,3,,,,,2026-12-03,,,
            P0003,protected,nursing,,,,pending,,2027-06-30,,
            P0004,unavailable,mon-wed;fri,22:00-06:00,,,approved,2026-12-01,2026-12-31,,evening classes

            """)
        let r = try w.importCSV(path: path)
        #expect(r.filed.count == 4)
        let leave = try #require(try s.request(id: r.filed[0]))
        #expect(leave.status == .approved && leave.note == "flu, doctor's note" && leave.leaveId != nil)
        #expect(leave.payload == .leave(firstDay: Self.date("2026-12-02"), lastDay: Self.date("2026-12-02"), leaveKind: "sick"))
        #expect(try s.leaveRecords(from: Self.week, through: Self.week.adding(days: 6)).map(\.kind) == ["sick"])
        #expect(try s.request(id: r.filed[1])?.payload == .dayOff(weekday: 3, validity: DateValidity(from: Self.date("2026-12-03"))))
        #expect(try s.request(id: r.filed[2])?.status == .pending)
        #expect(try s.request(id: r.filed[3])?.payload == .unavailable(weekdays: [1, 2, 3, 5], fromMinute: 1320, toMinute: 360,
                                                                           validity: DateValidity(from: Self.date("2026-12-01"), until: Self.date("2026-12-31"))))

        let bad = try Self.write("""
            person_id,kind,from,to,shift,weight,status,valid_from
            P0001,leave,2026-12-02,,early,,,
            P0002,day_off,mon,tue,,,,
            P0003,training,2026-12-02T09:00,,,,,
            P0004,shift_on,2026-12-02,,,,rejected,
            P0005,leave,2026-12-02,,,,,2026-12-01
            P0006,unavailable,fri-mon,,,,,

            """)
        let e = try #require(#expect(throws: ImportRejected.self) { try w.importCSV(path: bad) })
        #expect(e.errors.map(\.field) == ["shift", "to", "to", "status", "valid_from", "from"])
        #expect(try w.list().count == 4)
    }

    @Test("An unavailable window becomes an AvailabilityWindow that blocks overlapping shifts")
    func unavailableWindow() throws {
        let s = try Self.store()
        let w = RequestsWorkflow(store: s)
        let path = try Self.write("""
            person_id,kind,from,to,shift,weight,status
            P0001,unavailable,sat;sun,18:00-22:00,,,approved
            P0002,unavailable,1-5,22:00-06:00,,,approved
            P0003,unavailable,周三,,,,approved
            P0004,unavailable,sat;sun,,,,pending

            """)
        #expect(try w.importCSV(path: path).filed.count == 4)
        let c = try w.constraints(weekStart: Self.week)
        #expect(c["P0004"] == nil)
        let evening = try #require(c["P0001"])
        #expect(evening.unavailableWindows == [AvailabilityWindow(weekdays: [6, 7], fromMinute: 1080, toMinute: 1320)])
        // Saturday 5 December: a late shift 14:00–22:00 overlaps, an early one 08:00–16:00 does not; Friday is free.
        #expect(evening.overlapsUnavailableWindow(start: Self.time("2026-12-05T14:00"), end: Self.time("2026-12-05T22:00")))
        #expect(evening.blocks(date: Self.date("2026-12-05"), start: Self.time("2026-12-05T14:00"), end: Self.time("2026-12-05T22:00")))
        #expect(!evening.overlapsUnavailableWindow(start: Self.time("2026-12-05T08:00"), end: Self.time("2026-12-05T16:00")))
        #expect(!evening.overlapsUnavailableWindow(start: Self.time("2026-12-04T18:00"), end: Self.time("2026-12-04T22:00")))
        // Past midnight: Tuesday 22:00 to Wednesday 06:00 blocks an early start at 05:00 on Wednesday…
        let nights = try #require(c["P0002"])
        #expect(nights.unavailableWindows == [AvailabilityWindow(weekdays: [1, 2, 3, 4, 5], fromMinute: 1320, toMinute: 360)])
        #expect(nights.overlapsUnavailableWindow(start: Self.time("2026-12-02T05:00"), end: Self.time("2026-12-02T13:00")))
        // …but Sunday morning (after Saturday, not in the window) is free.
        #expect(!nights.overlapsUnavailableWindow(start: Self.time("2026-12-06T05:00"), end: Self.time("2026-12-06T13:00")))
        let wednesday = try #require(c["P0003"])
        #expect(wednesday.unavailableWindows == [AvailabilityWindow(weekdays: [3])])
        #expect(wednesday.overlapsUnavailableWindow(start: Self.time("2026-12-02T08:00"), end: Self.time("2026-12-02T09:00")))
    }

    @Test("Validity ranges: a fixed day off from mid-horizon, protection that ended, a window not yet in force")
    func validity() throws {
        let s = try Self.store()
        let w = RequestsWorkflow(store: s)
        for (person, fields) in [
            ("P0001", StaffRequestsCSV.Fields(kind: "day_off", from: "sun", validFrom: "2026-12-07")),
            ("P0002", StaffRequestsCSV.Fields(kind: "protected", from: "nursing", validUntil: "2026-11-29")),
            ("P0003", StaffRequestsCSV.Fields(kind: "unavailable", from: "sat", validFrom: "2026-12-07")),
        ] {
            let f = try w.add(personId: person, fields: fields, status: .approved, by: "hr")
            #expect(!f.alreadyFiled && f.request.status == .approved)
        }
        let week = try w.constraints(weekStart: Self.week)
        #expect(week.isEmpty)
        // Over two weeks: only the second Sunday is off; the Saturday window is kept (conservative).
        let two = try w.constraints(weekStart: Self.week, days: 14)
        #expect(two["P0001"]?.fixedDaysOff == [] && two["P0001"]?.leave == [Self.date("2026-12-13")])
        #expect(two["P0003"]?.unavailableWindows == [AvailabilityWindow(weekdays: [6])])
        #expect(try w.constraints(weekStart: Self.week.adding(days: 7))["P0001"]?.fixedDaysOff == [7])
        #expect(throws: RosterStoreError.self) { try w.constraints(weekStart: Self.week, days: 0) }
    }

    @Test("Filing one request from text fields: errors name the field; filing the same twice says so")
    func add() throws {
        let s = try Self.store()
        let w = RequestsWorkflow(store: s)
        let f = StaffRequestsCSV.Fields(kind: "shift_off", from: "2026-12-04", shift: "night", weight: "1.5")
        let first = try w.add(personId: "P0012", fields: f, note: "child care")
        #expect(!first.alreadyFiled && first.request.source == "cli" && first.request.filedBy == "manager")
        let second = try w.add(personId: "P0012", fields: f)
        #expect(second.alreadyFiled && second.request.id == first.request.id)
        #expect(throws: RequestFieldError(field: "person_id", "no person 'P9999' in the store; import the people file first (roster people import)")) {
            try w.add(personId: "P9999", fields: f)
        }
        #expect(throws: RequestFieldError.self) { try w.add(personId: "P0012", fields: .init(kind: "shift_off", from: "2026-12-04", weight: "0")) }
        let e = #expect(throws: RequestFieldError.self) {
            try w.add(personId: "P0012", fields: .init(kind: "unavailable", from: "sat", to: "18:00"))
        }
        #expect(e?.field == "to")
        #expect(try w.list().count == 1)
    }

    @Test("Weekday lists and hours in the CSV forms")
    func csvForms() throws {
        #expect(try StaffRequestsCSV.weekdays("sat;sun") == [6, 7])
        #expect(try StaffRequestsCSV.weekdays("1-5") == [1, 2, 3, 4, 5])
        #expect(try StaffRequestsCSV.weekdays("Mon-Wed; fri") == [1, 2, 3, 5])
        #expect(try StaffRequestsCSV.weekdays("周六,星期日") == [6, 7])
        #expect(try StaffRequestsCSV.weekdays("sunday") == [7])
        for bad in ["", "sat;;sun", "8", "5-1", "mon-", "1-2-3", "someday"] {
            #expect(throws: RequestFieldError.self, "\(bad)") { try StaffRequestsCSV.weekdays(bad) }
        }
        #expect(try StaffRequestsCSV.hours("") == (0, 1440))
        #expect(try StaffRequestsCSV.hours("18:00-22:00") == (1080, 1320))
        #expect(try StaffRequestsCSV.hours("22:00-06:30") == (1320, 390))
        #expect(try StaffRequestsCSV.hours("8:00-24:00") == (480, 1440))
        #expect(try StaffRequestsCSV.hours("20:00-00:00") == (1200, 1440))
        #expect(try StaffRequestsCSV.hours("00:00-24:00") == (0, 1440))
        for bad in ["18:00", "25:00-26:00", "24:00-06:00", "10:00-10:00", "10:60-11:00", "1000-1100", "24:30-01:00"] {
            #expect(throws: RequestFieldError.self, "\(bad)") { try StaffRequestsCSV.hours(bad) }
        }
        // The CSV text of every payload reads back to it.
        let payloads: [StaffRequest.Payload] = [
            .leave(firstDay: Self.date("2026-12-01"), lastDay: Self.date("2026-12-03"), leaveKind: "maternity"),
            .dayOff(weekday: 6, validity: DateValidity(from: Self.date("2026-12-01"))),
            .shiftOn(date: Self.date("2026-12-02"), shift: .middle, weight: 2.5),
            .shiftOff(date: Self.date("2026-12-02"), shift: .any, weight: 1),
            .training(start: Self.time("2026-12-02T09:00"), end: Self.time("2026-12-02T12:30")),
            .protected(status: .pregnant, validity: DateValidity(until: Self.date("2027-01-31"))),
            .unavailable(weekdays: [1, 3, 7], fromMinute: 1320, toMinute: 360, validity: .always),
            .unavailable(weekdays: [6], fromMinute: 0, toMinute: 1440, validity: .always),
        ]
        for p in payloads { #expect(try StaffRequestsCSV.payload(StaffRequestsCSV.fields(p)) == p) }
    }
}
