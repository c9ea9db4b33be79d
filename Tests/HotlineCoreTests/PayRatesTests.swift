import HotlineCore
import Testing

@Suite struct PayRatesTests {
    let rates = PayRates(pay: CenterProfile.Pay(hourlyWage: 32, overtime: 1.5, restDay: 2, holiday: 3))

    @Test func nationalDay2026() {
        // Oct 1–3 statutory (300%), Oct 4–7 rest days of the block (200% without time off in lieu),
        // Oct 10 a make-up workday and Oct 12 an ordinary Monday.
        for day in 1...3 {
            let d = CivilDate(year: 2026, month: 10, day: day)!
            #expect(rates.category(on: d) == .holiday)
            #expect(rates.category(on: d, kind: .overtime) == .holiday)
            #expect(rates.category(on: d, timeOffInLieu: true) == .holiday)
        }
        for day in 4...7 {
            let d = CivilDate(year: 2026, month: 10, day: day)!
            #expect(rates.category(on: d) == .restDay)
            #expect(rates.category(on: d, timeOffInLieu: true) == .regular)
            #expect(rates.category(on: d, kind: .overtime, timeOffInLieu: true) == .overtime)
        }
        #expect(rates.category(on: CivilDate(year: 2026, month: 10, day: 10)!) == .regular)
        let monday = CivilDate(year: 2026, month: 10, day: 12)!
        #expect(rates.category(on: monday) == .regular)
        #expect(rates.category(on: monday, kind: .overtime) == .overtime)
        #expect(rates.category(on: monday, kind: .restDay) == .restDay)
        #expect(rates.category(on: monday, kind: .restDay, timeOffInLieu: true) == .regular)
    }

    @Test func costsByHand() {
        // 8 h on Oct 1: 8 × 32 × 3 = 768; 8 h on Oct 4: 8 × 32 × 2 = 512; 2 h overtime on Oct 12: 2 × 32 × 1.5 = 96.
        #expect(rates.cost(hours: 8, on: CivilDate(year: 2026, month: 10, day: 1)!) == 768)
        #expect(rates.cost(hours: 8, on: CivilDate(year: 2026, month: 10, day: 4)!) == 512)
        #expect(rates.cost(hours: 2, on: CivilDate(year: 2026, month: 10, day: 12)!, kind: .overtime) == 96)
        #expect(PayCategory.holiday < PayCategory.regular)
    }
}
