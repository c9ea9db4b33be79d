import Foundation
import HotlineCore
import Testing
import TestSupport
@testable import Forecasting

/// A seeded generator for synthetic test data (SplitMix64).
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// A Poisson draw (inversion for small means, normal approximation above 500).
    mutating func poisson(_ mu: Double) -> Double {
        guard mu > 0 else { return 0 }
        if mu > 500 {
            let u1 = max(uniform(), 1e-12), u2 = uniform()
            return max(0, (mu + mu.squareRoot() * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)).rounded())
        }
        var k = 0.0, p = exp(-mu), cdf = p
        let u = uniform()
        while u > cdf && k < 10_000 { k += 1; p *= mu / k; cdf += p }
        return k
    }
}

/// SYNTHETIC China-hotline history (made up for tests, not real data): weekday mean 100 calls an
/// hour 08:00–20:00 and 20 at night, weekends 60%, holidays 50%, rest days 65%, the first day after
/// a block 130%; National Day block days follow `nationalDay` (by position in the block) when given.
/// Poisson counts when `noise`.
func syntheticChina(from first: CivilDate, days: Int, noise: Bool, seed: UInt64 = 7,
                    nationalDay: [Double]? = nil, outages: Set<CivilDate> = []) -> HourlySeries {
    var rng = SeededRandom(state: seed)
    let cal = HolidayCalendar.china
    let classifier = DayTypeClassifier(calendar: cal)
    var hours: [HourlyObservation] = []
    for k in 0..<days {
        let d = first.adding(days: k)
        var f = d.isWeekend ? 0.6 : 1.0
        switch classifier.type(of: d) {
        case .holiday: f = 0.5
        case .rest: f = 0.65
        case .workday: f = 1.0
        case .afterHoliday: f *= 1.3
        default: break
        }
        if let nd = nationalDay, let p = classifier.blockPosition(of: d), p.name == "国庆节", p.offset < nd.count { f = nd[p.offset] }
        for h in 0..<24 {
            let mean = ((8..<20).contains(h) ? 100.0 : 20.0) * f
            let v = outages.contains(d) ? 0 : (noise ? rng.poisson(mean) : mean)
            hours.append(HourlyObservation(start: LocalDateTime(date: d, hour: h), offered: v, answered: v,
                                           handleSeconds: v > 0 ? 180 + Double(h) : nil))
        }
    }
    return HourlySeries(start: LocalDateTime(date: first), hours: hours, daysWithoutRecords: outages)
}

func dayTotal(_ f: HourlyForecast, _ d: String) throws -> Double {
    try #require(f.calls(on: date(d))).reduce(0, +)
}

@Suite("Day types from the calendar")
struct DayTypeTests {
    @Test("China 2026 National Day: eve, block, make-up workdays, first day after")
    func china() {
        let c = DayTypeClassifier(calendar: .china)
        #expect(c.type(of: date("2026-09-30")) == .beforeHoliday)
        #expect(c.type(of: date("2026-10-01")) == .holiday)
        #expect(c.type(of: date("2026-10-05")) == .rest)
        #expect(c.type(of: date("2026-10-08")) == .afterHoliday)
        #expect(c.type(of: date("2026-10-10")) == .workday)
        #expect(c.type(of: date("2026-09-20")) == .workday)
        #expect(c.type(of: date("2026-10-14")) == nil)
        #expect(c.blockPosition(of: date("2026-10-05"))?.name == "国庆节")
        #expect(c.blockPosition(of: date("2026-10-05"))?.offset == 4)
        #expect(c.blockPosition(of: date("2026-10-08")) == nil)
    }

    @Test("after a block, closed weekdays are skipped to the first open day")
    func skipsQuietDays() throws {
        // Shavuot 1999-05-21 is a Friday; Saturday is near-closed at the Anonymous Bank.
        let cal = try HolidayCalendar.parse(text: "date,kind,name\n1999-05-21,holiday,Shavuot\n", file: "cal.csv")
        let c = DayTypeClassifier(calendar: cal, quietWeekdays: [5, 6])
        #expect(c.type(of: date("1999-05-20")) == .beforeHoliday)
        #expect(c.type(of: date("1999-05-22")) == nil)
        #expect(c.type(of: date("1999-05-23")) == .afterHoliday)
        #expect(DayTypeClassifier(calendar: cal).type(of: date("1999-05-22")) == .afterHoliday)
    }
}

@Suite("Forecast models (synthetic history)")
struct ModelSyntheticTests {
    @Test("every model forecasts whole days of hours, never below zero, with handle times", arguments: ForecastModels.names)
    func shape(name: String) throws {
        let history = syntheticChina(from: date("2026-06-01"), days: 84, noise: true)
        let model = try #require(ForecastModels.named(name))
        let f = try model.forecast(history: history, calendar: .china, start: date("2026-08-24"), days: 10)
        #expect(f.model == name)
        #expect(f.calls.count == 240 && f.ahtSeconds.count == 240)
        #expect(f.calls.allSatisfy { $0 >= 0 && $0.isFinite })
        // An ordinary Wednesday: about 12×100 + 12×20 = 1440 calls.
        let wed = try dayTotal(f, "2026-08-26")
        #expect(abs(wed - 1440) / 1440 < 0.1, "\(name): \(wed)")
        #expect(abs(f.ahtSeconds[24 * 2 + 10] - 190) < 1e-9)
    }

    @Test("National Day 2026 from two years of history: last year's block shape is reused")
    func sameBlockLastYear() throws {
        // SYNTHETIC: each National Day block day has its own level (by position in the block).
        let nd = [0.45, 0.40, 0.35, 0.55, 0.60, 0.70, 0.75, 0.80]
        let history = syntheticChina(from: date("2024-09-30"), days: 728, noise: false, nationalDay: nd)
        let f = try DayLevelModel().forecast(history: history, calendar: .china, start: date("2026-09-28"), days: 14)
        // 2025 Oct 1–8 and 2026 Oct 1–7 start on the same position: each day follows last year's level
        // relative to an ordinary week (mean day (5×1440 + 2×864)/7).
        // Last year's day over last year's mean ordinary day, times this year's mean ordinary day:
        // with the same level in both years, exactly last year's calls.
        for (k, level) in nd.prefix(7).enumerated() {
            let got = try dayTotal(f, date("2026-10-01").adding(days: k).description)
            #expect(abs(got - level * 1440) / (level * 1440) < 0.02, "Oct \(k + 1): \(got) vs \(level * 1440)")
        }
        // The eve and the first day after the block use their learned effects.
        #expect(try dayTotal(f, "2026-10-08") > 1.2 * 1440)
        #expect(abs(try dayTotal(f, "2026-10-09") - 1440) / 1440 < 0.02)
        // A make-up Saturday is forecast like a weekday.
        #expect(abs(try dayTotal(f, "2026-10-10") - 1440) / 1440 < 0.02)
    }

    @Test("without last year's block, holidays and rest days take the learned day-type effects")
    func learnedTypes() throws {
        let history = syntheticChina(from: date("2026-01-05"), days: 260, noise: false)
        let model = DayLevelModel()
        let fit = try model.fit(history: history, calendar: .china, before: date("2026-09-21"))
        // 0.5 of a weekday, 0.5/0.6 of a weekend day.
        #expect(fit.typeRatios[.holiday]! > 0.45 && fit.typeRatios[.holiday]! < 0.9)
        #expect(fit.typeSamples[.rest]! >= 10)
        #expect(abs(fit.typeRatios[.afterHoliday]! - 1.3) < 0.05)
        let f = try model.forecast(history: history, calendar: .china, start: date("2026-09-21"), days: 21)
        #expect(try dayTotal(f, "2026-10-01") < 0.8 * 1440)
        #expect(try dayTotal(f, "2026-10-08") > 1.2 * 1440)
    }

    @Test("outage days are recognised: neither the level nor the profile moves", arguments: ["daily", "holt-winters", "profile", "combined"])
    func outages(name: String) throws {
        let clean = syntheticChina(from: date("2026-03-02"), days: 84, noise: false)
        let outages: Set<CivilDate> = [date("2026-05-13"), date("2026-05-14"), date("2026-05-20")]
        let broken = syntheticChina(from: date("2026-03-02"), days: 84, noise: false, outages: outages)
        let model = try #require(ForecastModels.named(name))
        let a = try model.forecast(history: clean, calendar: .china, start: date("2026-05-25"), days: 7)
        let b = try model.forecast(history: broken, calendar: .china, start: date("2026-05-25"), days: 7)
        let ta = a.totalCalls, tb = b.totalCalls
        #expect(abs(ta - tb) / ta < 0.02, "\(name): \(ta) vs \(tb)")
    }

    @Test("Holt–Winters follows a level shift that the fixed profile cannot")
    func holtWintersLevel() throws {
        var history = syntheticChina(from: date("2026-03-02"), days: 112, noise: false)
        // SYNTHETIC: the last four weeks run 20% above the earlier ones.
        for i in history.hours.indices where history.hours[i].start.date >= date("2026-05-25") { history.hours[i].offered *= 1.2 }
        let f = try HoltWinters().forecast(history: history, calendar: .china, start: date("2026-06-22"), days: 7)
        let wed = try dayTotal(f, "2026-06-24")
        #expect(abs(wed - 1.2 * 1440) / (1.2 * 1440) < 0.05, "\(wed)")
    }

    @Test("the combination is the hour-by-hour median of its members")
    func combination() throws {
        let history = syntheticChina(from: date("2026-03-02"), days: 84, noise: true)
        let s = date("2026-05-25")
        let parts = try CombinedModel().members.map { try $0.forecast(history: history, calendar: .china, start: s, days: 7).calls }
        let f = try CombinedModel().forecast(history: history, calendar: .china, start: s, days: 7)
        for i in stride(from: 0, to: 168, by: 13) {
            let sorted = parts.map { $0[i] }.sorted()
            #expect(f.calls[i] == sorted[1])
        }
    }

    @Test("seasonal naive repeats last week and looks further back over a day without records")
    func seasonalNaive() throws {
        let history = syntheticChina(from: date("2026-03-02"), days: 84, noise: true, outages: [date("2026-05-20")])
        let f = try SeasonalNaive().forecast(history: history, calendar: .china, start: date("2026-05-25"), days: 7)
        #expect(f.calls(on: date("2026-05-25")) == history.day(date("2026-05-18"))!.map(\.offered))
        #expect(f.calls(on: date("2026-05-27")) == history.day(date("2026-05-13"))!.map(\.offered))
    }
}

@Suite("Backtest, selection and quantiles (synthetic history)")
struct BacktestSyntheticTests {
    @Test("the choice at an origin does not depend on anything at or after it")
    func noPeeking() throws {
        let history = syntheticChina(from: date("2026-01-05"), days: 210, noise: true)
        var changed = history
        // SYNTHETIC: from 2026-06-15 on, double every call: only choices from later origins may change.
        for i in changed.hours.indices where changed.hours[i].start.date >= date("2026-06-15") { changed.hours[i].offered *= 2 }
        let origins = Backtest.weeklyOrigins(from: date("2026-04-06"), to: date("2026-07-13"))
        let a = try Backtest.run(history: history, calendar: .china, origins: origins, horizon: 7)
        let b = try Backtest.run(history: changed, calendar: .china, origins: origins, horizon: 7)
        for (x, y) in zip(a.choices, b.choices) where x.origin <= "2026-06-15" {
            #expect(x == y, "choice at \(x.origin) changed with data from 2026-06-15 on")
        }
        #expect(a.models.map(\.name) == ForecastModels.names + ["selected"])
        // The selected row is exactly the chosen models' windows.
        let sel = a.models.last!
        #expect(sel.wape <= a.models.map(\.wape).max()!)
        #expect(sel.hours == a.models[0].hours)
    }

    @Test("MASE scale: seasonal naive in-sample MAE")
    func maseScale() {
        let history = syntheticChina(from: date("2026-03-02"), days: 28, noise: false)
        #expect(Backtest.maseScale(history: history, before: date("2026-03-30")) == 0)  // exactly weekly, no holiday here
        let noisy = syntheticChina(from: date("2026-03-02"), days: 28, noise: true)
        let scale = Backtest.maseScale(history: noisy, before: date("2026-03-30"))
        // Difference of two Poisson counts: E|X−Y| ≈ sqrt(2μ)·sqrt(2/π) per hour, averaged.
        #expect(scale > 3 && scale < 15)
    }

    @Test("negative binomial quantiles: Poisson values, monotone, wider with dispersion")
    func quantiles() {
        #expect(Uncertainty.quantile(mean: 10, dispersion: 0, level: 0.5) == 10)
        #expect(Uncertainty.quantile(mean: 10, dispersion: 0, level: 0.95) == 15)
        #expect(Uncertainty.quantile(mean: 0, dispersion: 0.1, level: 0.95) == 0)
        let q = [0.5, 0.8, 0.95].map { Uncertainty.quantile(mean: 40, dispersion: 0.05, level: $0) }
        #expect(q[0] <= q[1] && q[1] < q[2])
        #expect(Uncertainty.quantile(mean: 40, dispersion: 0.05, level: 0.95) > Uncertainty.quantile(mean: 40, dispersion: 0, level: 0.95))
        // Large means use the normal approximation.
        let big = Uncertainty.quantile(mean: 5000, dispersion: 0, level: 0.8)
        #expect(abs(big - (5000 + 0.8416 * 5000.0.squareRoot())) < 2)
    }

    @Test("dispersion of Poisson counts is about zero; coverage of the 80% quantile is about 80%")
    func calibration() {
        var rng = SeededRandom(state: 3)
        let mu = (0..<5000).map { _ in 5 + 60 * rng.uniform() }
        let y = mu.map { rng.poisson($0) }
        #expect(Uncertainty.dispersion(forecast: mu, actual: y) < 0.01)
        let q80 = mu.map { Uncertainty.quantile(mean: $0, dispersion: 0, level: 0.8) }
        let cover = Double(zip(y, q80).filter { $0 <= $1 }.count) / Double(y.count)
        #expect(abs(cover - 0.8) < 0.05, "\(cover)")
    }

    @Test("Forecaster: auto picks a model, adds quantiles, applies and reports adjustments")
    func forecaster() throws {
        let history = syntheticChina(from: date("2026-03-02"), days: 84, noise: true)
        let event = ForecastAdjustment(from: date("2026-05-26"), to: date("2026-05-27"), effect: .multiplier(1.5), note: "water outage")
        let fixed = ForecastAdjustment(from: date("2026-05-28"), to: date("2026-05-28"), fromHour: 8, toHour: 20, effect: .calls(3000))
        let o = try Forecaster.forecast(history: history, calendar: .china, start: date("2026-05-25"), days: 7,
                                        quantiles: [0.5, 0.8, 0.95], adjustments: [event, fixed])
        #expect(ForecastModels.names.contains(o.forecast.model))
        #expect(o.candidateWAPE.count == ForecastModels.names.count)
        let plain = try ForecastModels.named(o.forecast.model)!.forecast(history: history, calendar: .china, start: date("2026-05-25"), days: 7)
        #expect(abs(try dayTotal(o.forecast, "2026-05-26") - 1.5 * (try dayTotal(plain, "2026-05-26"))) < 1e-6)
        let thu = try #require(o.forecast.calls(on: date("2026-05-28")))
        #expect(abs(thu[8..<20].reduce(0, +) - 3000) < 1e-6)
        #expect(thu[2] == plain.calls(on: date("2026-05-28"))![2])
        #expect(o.adjustments.count == 2 && o.adjustments[0].note == "water outage")
        #expect(abs(o.adjustments[0].callsAfter - 1.5 * o.adjustments[0].callsBefore) < 1e-6)
        let p80 = try o.forecast.calls(atQuantile: 0.8), p95 = try o.forecast.calls(atQuantile: 0.95)
        #expect(zip(p80, p95).allSatisfy { $0 <= $1 })
        #expect(zip(o.forecast.calls, p95).allSatisfy { $1 >= $0.rounded(.down) })
        // The CSV carries the quantile columns and reads back.
        let path = try SharedData.temporaryDirectory() + "/q.csv"
        try ForecastCSV.write(o.forecast, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("start,calls,aht_seconds,calls_p50,calls_p80,calls_p95\n"))
        let back = try ForecastCSV.read(path: path)
        #expect(try back.calls(atQuantile: 0.8) == p80)
        #expect(throws: ForecastError.self) { try back.calls(atQuantile: 0.9) }
        #expect(ForecastCSV.quantileColumn(0.05) == "calls_p05" && ForecastCSV.quantileColumn(0.975) == "calls_p975")
    }

    @Test("adjustment files: columns, one of multiplier or calls, errors name line and field")
    func adjustmentFile() throws {
        let ok = try writeTemp("a.csv", "from,to,multiplier,calls,note\n2026-10-08,2026-10-09,1.3,,after the holiday\n2026-10-12,,,5000,campaign\n")
        let a = try ForecastAdjustment.load(path: ok)
        #expect(a.count == 2 && a[0].effect == .multiplier(1.3) && a[1].effect == .calls(5000) && a[1].to == date("2026-10-12"))
        let both = try writeTemp("b.csv", "from,to,multiplier,calls\n2026-10-08,2026-10-09,1.3,100\n")
        let e = #expect(throws: InputError.self) { try ForecastAdjustment.load(path: both) }
        #expect(e?.line == 2 && e?.field == "calls")
        let backwards = try writeTemp("c.csv", "from,to,multiplier\n2026-10-08,2026-10-01,1.3\n")
        let e2 = #expect(throws: InputError.self) { try ForecastAdjustment.load(path: backwards) }
        #expect(e2?.line == 2 && e2?.field == "to")
    }
}

@Suite("Backtest on Anonymous Bank 1999 (the acceptance protocol)",
       .enabled(if: SharedData.hasAnonymousBank, "needs ../shared/data/anonymous-bank-1999"))
struct BacktestAnonymousBankTests {
    @Test("origins every Sunday 1999-03-07…07-25, horizon 7: selected WAPE ≤ 0.23, all models beat seasonal naive")
    func protocolWAPE() throws {
        let history = try HistoryLoader.load(path: SharedData.anonymousBank, format: .anonymousBank)
        let calendar = HolidayCalendar.china.merging(try HolidayCalendar.load(path: SharedData.anonymousBank + "/calendar-jan-jul-1999.csv"))
        let origins = Backtest.weeklyOrigins(from: date("1999-03-07"), to: date("1999-07-25"))
        #expect(origins.count == 21)
        let r = try Backtest.run(history: history, calendar: calendar, origins: origins, horizon: 7)
        for m in r.models {
            print(String(format: "Anonymous Bank backtest %@: WAPE %.3f MASE %.3f bias %+.3f", m.name, m.wape, m.mase, m.bias))
        }
        let naive = try #require(r.models.first { $0.name == "seasonal-naive" })
        #expect(abs(naive.wape - 0.379) < 0.005)  // the figure the peers' script measures too
        #expect(r.selectedScore.wape <= 0.23)
        #expect(r.models.filter { $0.name != "seasonal-naive" }.allSatisfy { $0.wape < 0.26 && $0.mase < naive.mase })
        #expect(r.choices.count == 21)
        // Jan 11–12 have no records; no origin window includes them, and every scored hour is from a recorded day.
        #expect(naive.hours == r.selectedScore.hours)
        #expect(naive.hours <= 21 * 7 * 24)
        #expect(r.coverage80 > 0.7 && r.coverage95 > 0.9)
    }
}

@Suite("Fast interval reader")
struct FastIntervalReaderTests {
    func slow(_ path: String) throws -> HourlySeries {
        var acc = HourlyAccumulator()
        try HistoryLoader.readInterval(table: CSVTable.read(path: path), into: &acc)
        return try #require(acc.series())
    }

    @Test("the shipped sample history reads the same by bytes as by the CSV reader")
    func sameAsCSV() throws {
        let path = SharedData.project("forecasts/sample/synthetic-12345-history.csv")
        let fast = try HistoryLoader.load(path: path, format: .interval)
        #expect(FastIntervalReader.read(path: path) != nil)
        let reference = try slow(path)
        #expect(fast.start == reference.start && fast.hours == reference.hours && fast.daysWithoutRecords == reference.daysWithoutRecords)
    }

    @Test("files it does not accept go to the CSV reader: same result, or its error with line and field")
    func fallback() throws {
        let quoted = try writeTemp("q.csv", "start,calls\n\"2026-12-07T08:00\",5\n2026-12-07T09:00,7\n")
        #expect(FastIntervalReader.read(path: quoted) == nil)
        #expect(try HistoryLoader.load(path: quoted, format: .interval).hours[9].offered == 7)
        let bad = try writeTemp("b.csv", "start,calls\n2026-12-07T08:00,5\n2026-12-07T09:00,-1\n")
        #expect(FastIntervalReader.read(path: bad) == nil)
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: bad, format: .interval) }
        #expect(e?.line == 3 && e?.field == "calls")
        let twice = try writeTemp("t.csv", "start,calls\n2026-12-07T08:00,5\n2026-12-07T08:00,7\n")
        #expect(FastIntervalReader.read(path: twice) == nil)
        let e2 = #expect(throws: InputError.self) { try HistoryLoader.load(path: twice, format: .interval) }
        #expect(e2?.line == 3)
        let quarter = try writeTemp("h.csv", "start,calls,aht_seconds\n2026-12-07T08:00,5,100\n2026-12-07T08:15,7,200\n")
        let s = try HistoryLoader.load(path: quarter, format: .interval)
        #expect(s.hours[8].offered == 12)
        #expect(abs(s.hours[8].handleSeconds! - (5 * 100 + 7 * 200) / 12.0) < 1e-9)
    }
}
