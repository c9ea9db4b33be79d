import HotlineCore
import HotlineRoster
import Testing

/// The SYNTHETIC history generator has the shape it promises (forecasts/sample/README.md).
@Suite struct SyntheticHistoryTests {
    let rows = SyntheticHistory().rows(from: CivilDate(year: 2026, month: 8, day: 31)!, days: 91)

    func calls(_ filter: (SyntheticHistory.Row) -> Bool) -> Double {
        let picked = rows.filter(filter)
        return Double(picked.reduce(0) { $0 + $1.calls }) / Double(max(1, picked.count))
    }

    @Test func intradayPeaksAt10To11And14To15() {
        var byHour = [Double](repeating: 0, count: 24)
        for r in rows { byHour[r.start.hour] += Double(r.calls) }
        let morningPeak = (8..<13).max { byHour[$0] < byHour[$1] }!
        let afternoonPeak = (13..<18).max { byHour[$0] < byHour[$1] }!
        #expect(morningPeak == 10)
        #expect(afternoonPeak == 14)
        #expect(byHour[3] < byHour[10] / 10)
    }

    @Test func weekdaysBusierThanWeekendsAndHolidaysLow() {
        let calendar = HolidayCalendar.china
        let regular = { (r: SyntheticHistory.Row) in calendar.kind(on: r.start.date) == nil }
        let monday = calls { regular($0) && $0.start.date.weekday == 1 && calendar.kind(on: $0.start.date.adding(days: -1)) == nil }
        let sunday = calls { regular($0) && $0.start.date.weekday == 7 }
        let holiday = calls { calendar.kind(on: $0.start.date) == .holiday }
        let makeUp = calls { calendar.kind(on: $0.start.date) == .workday }
        #expect(monday > sunday * 1.4)
        #expect(holiday < sunday)
        #expect(makeUp > sunday * 1.3)  // 调休 Sunday Sep 20 and Saturday Oct 10 are worked like weekdays
    }

    @Test func deterministicAndConsistent() {
        let again = SyntheticHistory().rows(from: CivilDate(year: 2026, month: 8, day: 31)!, days: 91)
        #expect(again.map(\.calls) == rows.map(\.calls))
        #expect(rows.count == 91 * 24)
        #expect(rows.allSatisfy { $0.answered + $0.abandoned == $0.calls && $0.ahtSeconds > 0 })
    }
}
