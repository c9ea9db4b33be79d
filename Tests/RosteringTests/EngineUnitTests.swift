import Foundation
import HotlineCore
import Rostering
import Testing

/// The requests file, the iCalendar writer and the new validator rules on small hand-made
/// (synthetic) inputs.
struct EngineUnitTests {
    @Test func requestsFileParsesEveryKind() throws {
        let text = """
        person_id,kind,from,to,shift,weight
        P1,leave,2026-12-01,2026-12-03,,
        P1,day_off,sun,,,
        P2,training,2026-12-02T09:00,2026-12-02T12:00,,
        P2,protected,pregnant,,,
        P3,shift_on,2026-12-01,,early,2
        P3,shift_off,2026-12-02,,,
        """
        let c = try RequestsCSV.parse(text: text, file: "req.csv")
        #expect(c["P1"]?.leave.count == 3)
        #expect(c["P1"]?.fixedDaysOff == [7])
        #expect(c["P1"]?.unavailable(on: CivilDate(year: 2026, month: 12, day: 6)!) == true)
        #expect(c["P2"]?.protected == true)
        #expect(c["P2"]?.overlapsTraining(start: LocalDateTime.parse("2026-12-02T11:00")!, end: LocalDateTime.parse("2026-12-02T19:00")!) == true)
        #expect(c["P2"]?.overlapsTraining(start: LocalDateTime.parse("2026-12-02T12:00")!, end: LocalDateTime.parse("2026-12-02T20:00")!) == false)
        #expect(c["P3"]?.wishes == [ShiftWish(kind: .on, date: CivilDate(year: 2026, month: 12, day: 1)!, shiftName: "Early", weight: 2),
                                    ShiftWish(kind: .off, date: CivilDate(year: 2026, month: 12, day: 2)!, shiftName: nil, weight: 1)])
    }

    @Test func badRequestLinesNameFileLineAndField() {
        let text = "person_id,kind,from,to,shift,weight\nP1,leave,2026-12-03,2026-12-01,,\nP2,holiday,x,,,\nP3,shift_on,2026-12-01,,brunch,1\n"
        do {
            _ = try RequestsCSV.parse(text: text, file: "req.csv")
            Issue.record("bad requests file accepted")
        } catch let e as InputError {
            #expect(e.file == "req.csv" && e.line == 2 && e.field == "to")
            #expect(e.description.contains("line 3") && e.description.contains("line 4"), "every bad line listed: \(e)")
        } catch { Issue.record("unexpected \(error)") }
        #expect(throws: InputError.self) { try RequestsCSV.parse(text: "person_id,kind,from\nP9,leave,2026-12-01\n", file: "r.csv", knownPeople: ["P1"]) }
    }

    @Test func iCalendarFollowsRFC5545() throws {
        let start = LocalDateTime.parse("2026-12-01T22:00")!
        let shift = ShiftAssignment(personId: "P0001", name: "孔刚", role: .agent, date: start.date, start: start,
                                    end: start.adding(hours: 8), shift: "夜班")
        let text = ICalendar.text(personId: "P0001", name: "孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚孔刚", shifts: [shift],
                                  stamp: LocalDateTime.parse("2026-11-22T12:00")!)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "only CRLF line ends")
        let physical = text.components(separatedBy: "\r\n")
        #expect(physical.allSatisfy { $0.utf8.count <= 75 }, "lines folded at 75 octets")
        #expect(physical.contains { $0.hasPrefix(" ") }, "the long description is folded")
        for key in ["BEGIN:VEVENT", "UID:P0001-20261201T220000@hotline-roster", "DTSTAMP:20261122T120000Z",
                    "DTSTART;TZID=Asia/Shanghai:20261201T220000", "DTEND;TZID=Asia/Shanghai:20261202T060000", "TZID:Asia/Shanghai"] {
            #expect(physical.contains(key), "\(key)")
        }
        // Unfolding restores the text, and folding never splits a UTF-8 character.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("DESCRIPTION:孔刚孔刚"))
    }

    @Test func validatorChecksThePerPersonRules() {
        let monday = CivilDate(year: 2026, month: 11, day: 30)!
        func s(_ id: String, _ day: Int, _ hour: Int) -> ShiftAssignment {
            let st = LocalDateTime(date: monday.adding(days: day), hour: hour)
            return ShiftAssignment(personId: id, name: id, role: .agent, date: st.date, start: st, end: st.adding(hours: 8), shift: "x")
        }
        let shifts = [s("A", 0, 8), s("A", 1, 8), s("B", 2, 22), s("C", 3, 8), s("D", 0, 8)]
        let previous = (1...6).map { s("D", -$0, 8) }   // D worked the 6 days before Monday
        let c: [String: PersonConstraints] = [
            "A": PersonConstraints(leave: [monday.adding(days: 1)]),
            "B": PersonConstraints(protected: true),
            "C": PersonConstraints(training: [LocalDateTime(date: monday.adding(days: 3), hour: 9)...LocalDateTime(date: monday.adding(days: 3), hour: 10)]),
        ]
        let v = RosterValidator.violations(of: shifts, weekStart: monday, rules: RosterRules(), constraints: c,
                                           previous: previous, phoneQualified: ["A", "B", "C"])
        let rules = Set(v.map { "\($0.personId):\($0.rule)" })
        #expect(rules == ["A:approved-leave", "B:protected-no-night", "C:training-session", "D:max-consecutive-days", "D:training-gate"], "\(v)")
    }
}
