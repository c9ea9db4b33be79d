import HotlineCore
import Testing

@Suite struct CivilDateTests {
    @Test func dayNumberRoundTripsOverFourCenturies() {
        var d = CivilDate(year: 1900, month: 1, day: 1)!
        let end = CivilDate(year: 2300, month: 1, day: 1)!.dayNumber
        var n = d.dayNumber
        while n < end {
            #expect(CivilDate(dayNumber: n) == d)
            n += 1
            d = d.adding(days: 1)
            #expect(d.dayNumber == n)
        }
    }

    @Test func knownWeekdays() {
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.weekday == 4)  // Thursday
        #expect(CivilDate(year: 2026, month: 12, day: 7)!.weekday == 1)  // Monday
        #expect(CivilDate(year: 1999, month: 3, day: 7)!.weekday == 7)   // Sunday
        #expect(CivilDate(year: 2026, month: 10, day: 1)!.weekday == 4)
        #expect(CivilDate(year: 2026, month: 12, day: 9)!.mondayOfWeek == CivilDate(year: 2026, month: 12, day: 7)!)
    }

    @Test func parseRejectsImpossibleDates() {
        #expect(CivilDate.parse("2026-02-29") == nil)
        #expect(CivilDate.parse("2024-02-29") != nil)
        #expect(CivilDate.parse("2026-13-01") == nil)
        #expect(CivilDate.parse("2026/12/07") == nil)
        #expect(CivilDate.parse("26-12-07") == nil)
        #expect(CivilDate.parse("2026-12-07")?.description == "2026-12-07")
    }
}

@Suite struct LocalDateTimeTests {
    @Test func parsesAndPrintsWallClock() {
        let t = LocalDateTime.parse("2026-12-07T08:00")!
        #expect(t.description == "2026-12-07T08:00")
        #expect(t.hour == 8 && t.minute == 0 && t.date == CivilDate(year: 2026, month: 12, day: 7)!)
        #expect(LocalDateTime.parse("2026-12-07 23:59:30")!.description == "2026-12-07T23:59:30")
        #expect(LocalDateTime.parse("2026-12-07T08:00:05.250")!.second == 5)
        #expect(LocalDateTime.parse("2026-12-07T24:00") == nil)
        #expect(LocalDateTime.parse("2026-12-07T8:00") == nil)
        #expect(LocalDateTime.parse("2026-12-07") == nil)
        #expect(LocalDateTime.parse("2026-12-07T08:00Z") == nil)
    }

    @Test func hourArithmeticCrossesMidnightAndYears() {
        let t = LocalDateTime(date: CivilDate(year: 2026, month: 12, day: 31)!, hour: 22)
        #expect(t.adding(hours: 8).description == "2027-01-01T06:00")
        #expect(t.adding(minutes: 90).startOfHour.description == "2026-12-31T23:00")
        let before = LocalDateTime(date: CivilDate(year: 1969, month: 12, day: 31)!, hour: 23, minute: 30)
        #expect(before.hour == 23 && before.minute == 30 && before.date.description == "1969-12-31")
    }
}

@Suite struct PersonalDataTests {
    @Test func masksIdsAndPhones() {
        #expect(PersonalData.mask("13912345678") == "139******78")
        #expect(PersonalData.mask("33010619900101123X") == "330*************3X")
        #expect(PersonalData.mask("12345") == "*****")
        let p = Person(id: "P1", name: "张三", role: .agent, hiredOn: CivilDate(year: 2020, month: 1, day: 1)!,
                       nationalID: "33010619900101123X", phone: "13912345678")
        #expect(!p.description.contains("13912345678"))
        #expect(!p.description.contains("33010619900101123X"))
    }
}
