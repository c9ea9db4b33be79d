import Foundation
import Testing
import TestSupport
@testable import HotlineCore

private func d(_ text: String) -> CivilDate {
    guard let date = CivilDate.parse(text) else { fatalError("bad test date \(text)") }
    return date
}

private func range(_ from: String, _ to: String) -> [CivilDate] {
    let a = d(from), b = d(to)
    return (a.dayNumber...b.dayNumber).map { CivilDate(dayNumber: $0) }
}

@Suite("China calendar 2025 and 2026")
struct ChinaCalendarTests {
    let cal = HolidayCalendar.china

    @Test("2025 statutory holidays: exactly the 13 days of the notice of 2024-11-12")
    func statutory2025() {
        let expected = ["2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-04-04",
                        "2025-05-01", "2025-05-02", "2025-05-31", "2025-10-01", "2025-10-02", "2025-10-03",
                        "2025-10-06"].map(d)
        let holidays = cal.entries.filter { $0.date.year == 2025 && $0.kind == .holiday }.map(\.date)
        #expect(holidays == expected)
        #expect(holidays.count == 13)
        for h in expected { #expect(cal.isStatutoryHoliday(h)); #expect(!cal.isWorkingDay(h)) }
        #expect(cal.entry(on: d("2025-10-06"))?.name == "中秋节")
        #expect(cal.entry(on: d("2025-01-29"))?.name == "春节")
    }

    @Test("2026 statutory holidays: exactly the 13 days of the notice of 2025-11-04")
    func statutory2026() {
        let expected = ["2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-04-05",
                        "2026-05-01", "2026-05-02", "2026-06-19", "2026-09-25", "2026-10-01", "2026-10-02",
                        "2026-10-03"].map(d)
        let holidays = cal.entries.filter { $0.date.year == 2026 && $0.kind == .holiday }.map(\.date)
        #expect(holidays == expected)
        #expect(cal.entry(on: d("2026-09-25"))?.name == "中秋节")
        #expect(cal.entry(on: d("2026-06-19"))?.name == "端午节")
    }

    @Test("every holiday block: all its days are off, the non-statutory ones are rest",
          arguments: [
            ("元旦", "2025-01-01", "2025-01-01"), ("春节", "2025-01-28", "2025-02-04"),
            ("清明节", "2025-04-04", "2025-04-06"), ("劳动节", "2025-05-01", "2025-05-05"),
            ("端午节", "2025-05-31", "2025-06-02"), ("国庆节", "2025-10-01", "2025-10-08"),
            ("元旦", "2026-01-01", "2026-01-03"), ("春节", "2026-02-15", "2026-02-23"),
            ("清明节", "2026-04-04", "2026-04-06"), ("劳动节", "2026-05-01", "2026-05-05"),
            ("端午节", "2026-06-19", "2026-06-21"), ("中秋节", "2026-09-25", "2026-09-27"),
            ("国庆节", "2026-10-01", "2026-10-07"),
          ])
    func blocks(name: String, from: String, to: String) {
        for day in range(from, to) {
            let entry = cal.entry(on: day)
            #expect(entry != nil, "\(day) should be in the \(name) block")
            #expect(entry?.kind == .holiday || entry?.kind == .rest)
            #expect(entry?.name == name || (day == d("2025-10-06") && entry?.name == "中秋节"))
            #expect(!cal.isWorkingDay(day))
        }
        // The days just outside the block are not part of it.
        #expect(cal.entry(on: d(from).adding(days: -1))?.kind != .rest)
        #expect(cal.entry(on: d(to).adding(days: 1))?.kind != .rest)
        #expect(cal.entry(on: d(from).adding(days: -1))?.kind != .holiday)
        #expect(cal.entry(on: d(to).adding(days: 1))?.kind != .holiday)
    }

    @Test("make-up workdays (调休上班) are weekend days and working days",
          arguments: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
                      "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
    func makeUpWorkdays(date: String) {
        let day = d(date)
        #expect(cal.kind(on: day) == .workday)
        #expect(day.isWeekend)
        #expect(cal.isWorkingDay(day))
    }

    @Test("exactly the listed make-up days are workdays; ordinary days follow Mon–Fri")
    func ordinaryDays() {
        #expect(cal.entries.filter { $0.kind == .workday }.count == 11)
        #expect(cal.isWorkingDay(d("2026-12-07")))       // Monday
        #expect(!cal.isWorkingDay(d("2026-12-12")))      // Saturday
        #expect(cal.kind(on: d("2026-12-07")) == nil)
        #expect(cal.years == [2025, 2026])
        #expect(cal.covers(d("2026-12-31")))
        #expect(!cal.covers(d("2027-01-01")))
        #expect(cal.entries == cal.entries.sorted { $0.date < $1.date })
    }

    @Test("merging: the other calendar's entry wins on the same date, years add up")
    func merging() {
        let extra = HolidayCalendar(entries: [
            CalendarEntry(date: d("2026-10-01"), kind: .special, name: "local"),
            CalendarEntry(date: d("2027-01-01"), kind: .holiday, name: "元旦"),
        ])
        let merged = cal.merging(extra)
        #expect(merged.kind(on: d("2026-10-01")) == .special)
        #expect(merged.kind(on: d("2026-10-02")) == .holiday)
        #expect(merged.years == [2025, 2026, 2027])
        #expect(merged.entries.count == cal.entries.count + 1)
    }
}

@Suite("Calendar CSV")
struct CalendarCSVTests {
    private func write(_ text: String) throws -> String {
        let path = try SharedData.temporaryDirectory() + "/calendar.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("loads date,kind,name rows; a special day keeps its weekday working status")
    func loads() throws {
        let path = try write("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班\n\n2027-02-05,special,除夕前\n")
        let cal = try HolidayCalendar.load(path: path)
        #expect(cal.entries.map(\.date) == [d("2027-01-01"), d("2027-02-05"), d("2027-02-06")])
        #expect(cal.isStatutoryHoliday(d("2027-01-01")))
        #expect(cal.isWorkingDay(d("2027-02-06")))
        #expect(cal.isWorkingDay(d("2027-02-05")))
        #expect(cal.entry(on: d("2027-02-05"))?.name == "除夕前")
        #expect(cal.years == [2027])
    }

    @Test("a bad date names its line and field")
    func badDate() throws {
        let path = try write("date,kind,name\n2027-01-01,holiday,元旦\n2027/02/06,workday,x\n")
        #expect(throws: InputError(file: path, line: 3, field: "date", "expected a date YYYY-MM-DD, got '2027/02/06'")) {
            try HolidayCalendar.load(path: path)
        }
    }

    @Test("an unknown kind names its line and field")
    func unknownKind() throws {
        let path = try write("date,kind,name\n2027-01-01,vacation,x\n")
        let error = #expect(throws: InputError.self) { try HolidayCalendar.load(path: path) }
        #expect(error?.line == 2)
        #expect(error?.field == "kind")
        #expect(error?.message.contains("holiday|rest|workday|special") == true)
    }

    @Test("a missing column is named")
    func missingColumn() throws {
        let path = try write("date,name\n2027-01-01,x\n")
        let error = #expect(throws: InputError.self) { try HolidayCalendar.load(path: path) }
        #expect(error?.line == 1)
        #expect(error?.field == "kind")
    }

    @Test("a date listed twice is refused")
    func duplicate() throws {
        let path = try write("date,kind,name\n2027-01-01,holiday,x\n2027-01-01,rest,y\n")
        let error = #expect(throws: InputError.self) { try HolidayCalendar.load(path: path) }
        #expect(error?.line == 3)
        #expect(error?.field == "date")
    }

    @Test("the Anonymous Bank calendar file loads",
          .enabled(if: SharedData.hasAnonymousBank, "needs ../shared/data/anonymous-bank-1999"))
    func anonymousBankCalendar() throws {
        let cal = try HolidayCalendar.load(path: SharedData.anonymousBank + "/calendar-jan-jul-1999.csv")
        #expect(cal.kind(on: d("1999-04-01")) == .holiday)
        #expect(cal.kind(on: d("1999-05-21")) == .holiday)
        #expect(cal.years == [1999])
    }
}
