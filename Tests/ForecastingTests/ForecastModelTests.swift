import Foundation
import HotlineCore
import Testing
import TestSupport
@testable import Forecasting

/// Synthetic history (made up for the test, not real data): weekdays 100 calls an hour from 08:00
/// to 20:00, weekends 40, handle time 200 s on weekdays and 150 s at weekends.
func syntheticHistory(from first: CivilDate, days: Int, spike: (CivilDate, Double)? = nil) -> HourlySeries {
    var hours: [HourlyObservation] = []
    for k in 0..<days {
        let d = first.adding(days: k)
        for h in 0..<24 {
            var calls = (8..<20).contains(h) ? (d.isWeekend ? 40.0 : 100.0) : 0
            if let spike, spike.0 == d { calls *= spike.1 }
            hours.append(HourlyObservation(start: LocalDateTime(date: d, hour: h), offered: calls, answered: calls,
                                           handleSeconds: calls > 0 ? (d.isWeekend ? 150 : 200) : nil))
        }
    }
    return HourlySeries(start: LocalDateTime(date: first), hours: hours)
}

func wape(_ forecast: [Double], _ actual: [Double]) -> Double {
    zip(forecast, actual).reduce(0) { $0 + abs($1.0 - $1.1) } / actual.reduce(0, +)
}

@Suite("Hour-of-week profile (synthetic history)")
struct ProfileSyntheticTests {
    @Test("National Day 2026 (China calendar): Oct 1–3 below the same weekday's profile; rest days too; make-up Sunday like a weekday")
    func nationalDay() throws {
        // Synthetic: ten regular weeks ending before the September holidays.
        let history = syntheticHistory(from: date("2026-07-06"), days: 70)
        let model = HourOfWeekProfile()
        let f = try model.forecast(history: history, calendar: .china, start: date("2026-09-14"), days: 28)
        #expect(f.calls.count == 28 * 24)
        #expect(f.start == time("2026-09-14T00:00"))
        #expect(f.model == "profile")
        let regularThursday = try #require(f.calls(on: date("2026-09-17"))).reduce(0, +)
        #expect(abs(regularThursday - 1200) < 1e-9)
        for (holiday, regular) in [("2026-10-01", "2026-09-17"), ("2026-10-02", "2026-09-18"), ("2026-10-03", "2026-09-19")] {
            let h = try #require(f.calls(on: date(holiday))).reduce(0, +)
            let r = try #require(f.calls(on: date(regular))).reduce(0, +)
            #expect(h < r, "\(holiday) should be below the regular \(regular)")
            #expect(abs(h - 0.6 * r) < 1e-9)  // default holiday factor
        }
        // Oct 5 (Monday) is a rest day inside the block.
        #expect(abs(try #require(f.calls(on: date("2026-10-05"))).reduce(0, +) - 0.75 * 1200) < 1e-9)
        // Sep 20 (Sunday) is a make-up workday: forecast like a weekday, not a Sunday.
        #expect(abs(try #require(f.calls(on: date("2026-09-20"))).reduce(0, +) - 1200) < 1e-9)
        // Sep 27 (Sunday) is a rest day after Mid-Autumn: the Sunday profile (480) times 0.75.
        #expect(abs(try #require(f.calls(on: date("2026-09-27"))).reduce(0, +) - 0.75 * 480) < 1e-9)
        // Handle time from the same profile.
        #expect(f.ahtSeconds[24 * 3 + 10] == 200)
        #expect(f.ahtSeconds[24 * 5 + 10] == 150)
    }

    @Test("factors are learned from history days of each kind")
    func learnedFactors() throws {
        // Synthetic history whose statutory holidays (Qingming Apr 5, Labour Day May 1–2 2026) have
        // 30% of their weekday's calls.
        var history = syntheticHistory(from: date("2026-03-02"), days: 90)
        for h in history.hours.indices where HolidayCalendar.china.kind(on: history.hours[h].start.date) == .holiday {
            history.hours[h].offered *= 0.3
        }
        let fit = try HourOfWeekProfile().fit(history: history, calendar: .china, before: date("2026-06-01"))
        #expect(abs(fit.factors[.holiday]! - 0.3) < 1e-9)
        #expect(fit.factorSamples[.holiday] == 3)
        #expect(fit.factorSamples[.rest] == 5)       // Apr 4, 6; May 3, 4, 5
        #expect(abs(fit.factors[.rest]! - 1) < 1e-9) // the synthetic rest days were ordinary
        #expect(fit.factorSamples[.workday] == 1)    // May 9
        #expect(fit.factorSamples[.special] == 0)
        #expect(fit.factors[.special] == 1.0)
    }

    @Test("robust to an outlier day: one day at 5× barely moves the profile")
    func outlier() throws {
        let history = syntheticHistory(from: date("2026-11-02"), days: 56, spike: (date("2026-11-18"), 5))
        let f = try HourOfWeekProfile().forecast(history: history, calendar: .china, start: date("2026-12-28"), days: 7)
        #expect(abs(try #require(f.calls(on: date("2026-12-30"))).reduce(0, +) - 1200) < 1e-9)
    }

    @Test("days without records are left out of the profile")
    func missingDays() throws {
        var history = syntheticHistory(from: date("2026-11-02"), days: 56)
        for k in 0..<3 {
            let d = date("2026-11-25").adding(days: 7 * k)
            let i = LocalDateTime(date: d).hourIndex - history.start.hourIndex
            for h in i..<(i + 24) { history.hours[h].offered = 0 }
            history.daysWithoutRecords.insert(d)
        }
        let f = try HourOfWeekProfile().forecast(history: history, calendar: .china, start: date("2026-12-28"), days: 7)
        #expect(abs(try #require(f.calls(on: date("2026-12-30"))).reduce(0, +) - 1200) < 1e-9)
    }

    @Test("no history before the start is an error that says what to give")
    func noHistory() {
        let history = syntheticHistory(from: date("2026-11-02"), days: 7)
        #expect(throws: ForecastError.self) {
            try HourOfWeekProfile().forecast(history: history, calendar: .china, start: date("2026-11-01"), days: 7)
        }
    }

    @Test("forecast CSV round trip and its errors")
    func csv() throws {
        let history = syntheticHistory(from: date("2026-11-02"), days: 28)
        let f = try HourOfWeekProfile().forecast(history: history, calendar: .china, start: date("2026-12-07"), days: 2)
        let path = try SharedData.temporaryDirectory() + "/forecast.csv"
        try ForecastCSV.write(f, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("start,calls,aht_seconds\n2026-12-07T00:00,0,"))
        #expect(text.contains("\n2026-12-07T08:00,100,200\n"))
        let back = try ForecastCSV.read(path: path)
        #expect(back.start == f.start && back.calls == f.calls)
        #expect(zip(back.ahtSeconds, f.ahtSeconds).allSatisfy { abs($0 - $1) <= 0.0005 })
        let gap = try writeTemp("f.csv", "start,calls,aht_seconds\n2026-12-07T00:00,1,100\n2026-12-07T02:00,1,100\n")
        let e = #expect(throws: InputError.self) { try ForecastCSV.read(path: gap) }
        #expect(e?.line == 3 && e?.field == "start")
    }
}

@Suite("Hour-of-week profile on Anonymous Bank 1999",
       .enabled(if: SharedData.hasAnonymousBank, "needs ../shared/data/anonymous-bank-1999"))
struct ProfileAnonymousBankTests {
    static func load() throws -> (HourlySeries, HolidayCalendar) {
        let history = try HistoryLoader.load(path: SharedData.anonymousBank, format: .anonymousBank)
        let calendar = try HolidayCalendar.load(path: SharedData.anonymousBank + "/calendar-jan-jul-1999.csv")
        return (history, calendar)
    }

    @Test("a regular week's hourly forecast has WAPE < 0.35 against the actual calls",
          arguments: ["1999-06-06", "1999-07-04"])
    func weekWAPE(start: String) throws {
        let (history, calendar) = try Self.load()
        let s = date(start)
        let f = try HourOfWeekProfile().forecast(history: history.prefix(before: s), calendar: calendar, start: s, days: 7)
        let actual = (0..<7).flatMap { history.day(s.adding(days: $0))!.map(\.offered) }
        let w = wape(f.calls, actual)
        print("Anonymous Bank week from \(start): hourly WAPE \(w), daily totals forecast \(Int(f.totalCalls)) vs actual \(Int(actual.reduce(0, +)))")
        #expect(w < 0.35)
        #expect(f.ahtSeconds.allSatisfy { $0 > 0 })
    }

    @Test("the forecast for a holiday (Shavuot, 1999-05-21) is below the regular day's")
    func holidayBelowRegular() throws {
        let (history, calendar) = try Self.load()
        let s = date("1999-05-16")
        let model = HourOfWeekProfile()
        let f = try model.forecast(history: history.prefix(before: s), calendar: calendar, start: s, days: 14)
        let holiday = try #require(f.calls(on: date("1999-05-21"))).reduce(0, +)
        let regular = try #require(f.calls(on: date("1999-05-28"))).reduce(0, +)
        let fit = try model.fit(history: history, calendar: calendar, before: s)
        print("Anonymous Bank factors before \(s): \(fit.factors.map { "\($0.key.rawValue)=\($0.value) (n=\(fit.factorSamples[$0.key]!))" }.sorted())")
        #expect(holiday < regular)
        #expect(fit.factorSamples[.holiday]! >= 3)  // Passover ×2, Independence Day
        #expect(fit.factors[.holiday]! < 1)
    }
}
