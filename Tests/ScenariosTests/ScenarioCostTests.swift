import Foundation
import HotlineCore
import Scenarios
import Testing

/// National Day 2026 by hand: Oct 1–3 statutory holidays (300%), Oct 4–7 rest days of the block
/// (200% unless time off in lieu), Sat Oct 10 a make-up workday; wage 32 an hour.
@Suite struct ScenarioCostTests {
    let rates = PayRates(pay: CenterProfile.Pay(hourlyWage: 32), calendar: .china)
    let from = LocalDateTime(date: CivilDate(year: 2026, month: 9, day: 28)!)
    let to = LocalDateTime(date: CivilDate(year: 2026, month: 10, day: 12)!)

    func at(_ text: String) -> LocalDateTime { LocalDateTime.parse(text)! }
    func day(_ text: String) -> CivilDate { CivilDate.parse(text)! }

    func block(_ id: String, _ start: String, _ end: String, _ m: Measure, lieu: String? = nil) -> WorkBlock {
        WorkBlock(personId: id, name: id, role: .agent, date: at(start).date, start: at(start), end: at(end), measure: m,
                  lieuDate: lieu.map(day))
    }

    var blocks: [WorkBlock] {
        [
            block("A", "2026-10-01T08:00", "2026-10-01T16:00", .rostered),   // 8 h × 300% = 768
            block("A", "2026-10-04T08:00", "2026-10-04T16:00", .rostered),   // 8 h on a block rest day × 200% = 512
            block("A", "2026-10-08T16:00", "2026-10-08T18:00", .overtime),   // 2 h × 150% = 96
            block("B", "2026-09-30T20:00", "2026-10-01T04:00", .rostered),   // 4 h × 100% + 4 h × 300% = 128 + 384
            block("B", "2026-10-10T08:00", "2026-10-10T16:00", .restDay),    // 8 h on B's day off × 200% = 512
            block("B", "2026-10-03T16:00", "2026-10-03T18:00", .overtime),   // 2 h overtime on a holiday × 300% = 192
            block("C", "2026-10-02T00:00", "2026-10-02T08:00", .standby),    // 8 h × 300% = 768
        ]
    }

    @Test func nationalDayCostByHand() {
        let c = CostBreakdown.of(blocks, rates: rates, from: from, to: to, timeOffInLieu: false)
        let hand = 768.0 + 512 + 96 + 128 + 384 + 512 + 192 + 768
        #expect(abs(c.total - hand) <= 1e-9 * hand)
        func line(_ cat: PayCategory) -> CostBreakdown.Line? { c.byCategory.first { $0.category == cat } }
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-9 * max(1, b) } ?? false }
        #expect(close(line(.holiday)?.hours, 8 + 4 + 2 + 8))
        #expect(line(.holiday)?.multiplier == 3)
        #expect(close(line(.restDay)?.hours, 16))
        #expect(line(.restDay)?.multiplier == 2)
        #expect(close(line(.overtime)?.hours, 2))
        #expect(line(.overtime)?.multiplier == 1.5)
        #expect(close(line(.regular)?.hours, 4))
        // Every Oct 1–3 hour at 300%, every Oct 4–7 hour at 200%.
        for l in c.byDay {
            if (1...3).contains(l.date.day) && l.date.month == 10 { #expect(l.multiplier == 3, "\(l.date)") }
            if (4...7).contains(l.date.day) && l.date.month == 10 { #expect(l.multiplier == 2, "\(l.date)") }
        }
        #expect(abs((c.byMeasure["standby"] ?? 0) - 768) < 1e-9)
        #expect(abs((c.byMeasure["overtime"] ?? 0) - (96 + 192)) < 1e-9)
    }

    @Test func timeOffInLieuTakesTheRestDayPremiumAwayButNotTheHolidays() {
        var b = blocks
        b[4].lieuDate = day("2026-10-14")   // B's rest-day work given back as a day off
        let c = CostBreakdown.of(b, rates: rates, from: from, to: to, timeOffInLieu: true)
        // Oct 4 rostered: 8 × 32 = 256 instead of 512; Oct 10 rest-day work with lieu: 256 instead of 512;
        // statutory-holiday hours stay at 300%.
        let hand = 768.0 + 256 + 96 + 128 + 384 + 256 + 192 + 768
        #expect(abs(c.total - hand) <= 1e-9 * hand)
        #expect(c.byCategory.first { $0.category == .restDay } == nil)
        #expect(abs((c.byCategory.first { $0.category == .holiday }?.hours ?? 0) - 22) < 1e-9)
    }

    @Test func paidLeaveAndPeriodBounds() {
        // Only time inside the period counts; absent people's hours are paid at 100%.
        let inside = LocalDateTime(date: day("2026-10-01"))
        let c = CostBreakdown.of([block("B", "2026-09-30T20:00", "2026-10-01T04:00", .rostered)], rates: rates,
                                 from: inside, to: to, timeOffInLieu: false, paidLeaveHours: 10)
        #expect(abs(c.total - (4 * 32 * 3 + 10 * 32)) < 1e-9)
    }
}
