/// The national holidays of the People's Republic of China, as published by the General Office of
/// the State Council, built in for 2025 and 2026. Later years load from a calendar CSV.
///
/// Since 2025 there are 13 statutory days a year (元旦 1, 春节 4, 清明节 1, 劳动节 2, 端午节 1,
/// 中秋节 1, 国庆节 3). The other days of each holiday block are `rest`; the weekend days worked in
/// lieu (调休上班) are `workday`.
extension HolidayCalendar {
    public static let china: HolidayCalendar = HolidayCalendar(entries: china2025 + china2026)

    /// 国办发明电〔2024〕12号, 2024-11-12: 2025 holiday arrangements.
    static var china2025: [CalendarEntry] {
        var e: [CalendarEntry] = []
        e += block("元旦", from: (1, 1), to: (1, 1), year: 2025, holidays: [(1, 1)])
        e += block("春节", from: (1, 28), to: (2, 4), year: 2025,
                   holidays: [(1, 28), (1, 29), (1, 30), (1, 31)], workdays: [(1, 26), (2, 8)])
        e += block("清明节", from: (4, 4), to: (4, 6), year: 2025, holidays: [(4, 4)])
        e += block("劳动节", from: (5, 1), to: (5, 5), year: 2025,
                   holidays: [(5, 1), (5, 2)], workdays: [(4, 27)])
        e += block("端午节", from: (5, 31), to: (6, 2), year: 2025, holidays: [(5, 31)])
        e += block("国庆节", from: (10, 1), to: (10, 8), year: 2025,
                   holidays: [(10, 1), (10, 2), (10, 3)], workdays: [(9, 28), (10, 11)])
        // Mid-Autumn (Oct 6) falls inside the National Day block: it is its own statutory day.
        e += [CalendarEntry(date: day(2025, 10, 6), kind: .holiday, name: "中秋节")]
        return e
    }

    /// State Council notice of 2025-11-04: 2026 holiday arrangements.
    static var china2026: [CalendarEntry] {
        var e: [CalendarEntry] = []
        e += block("元旦", from: (1, 1), to: (1, 3), year: 2026, holidays: [(1, 1)], workdays: [(1, 4)])
        e += block("春节", from: (2, 15), to: (2, 23), year: 2026,
                   holidays: [(2, 16), (2, 17), (2, 18), (2, 19)], workdays: [(2, 14), (2, 28)])
        e += block("清明节", from: (4, 4), to: (4, 6), year: 2026, holidays: [(4, 5)])
        e += block("劳动节", from: (5, 1), to: (5, 5), year: 2026,
                   holidays: [(5, 1), (5, 2)], workdays: [(5, 9)])
        e += block("端午节", from: (6, 19), to: (6, 21), year: 2026, holidays: [(6, 19)])
        e += block("中秋节", from: (9, 25), to: (9, 27), year: 2026, holidays: [(9, 25)])
        e += block("国庆节", from: (10, 1), to: (10, 7), year: 2026,
                   holidays: [(10, 1), (10, 2), (10, 3)], workdays: [(9, 20), (10, 10)])
        return e
    }

    private static func day(_ y: Int, _ m: Int, _ d: Int) -> CivilDate {
        guard let date = CivilDate(year: y, month: m, day: d) else {
            preconditionFailure("built-in calendar date \(y)-\(m)-\(d) does not exist")
        }
        return date
    }

    /// The days `from`…`to` of a block: `holidays` statutory, the others `rest`; plus the
    /// make-up `workdays` (named after the block, e.g. 春节调休上班).
    private static func block(_ name: String, from: (Int, Int), to: (Int, Int), year: Int,
                              holidays: [(Int, Int)], workdays: [(Int, Int)] = []) -> [CalendarEntry] {
        let first = day(year, from.0, from.1), last = day(year, to.0, to.1)
        let statutory = Set(holidays.map { day(year, $0.0, $0.1) })
        var entries: [CalendarEntry] = []
        var d = first
        while d <= last {
            entries.append(CalendarEntry(date: d, kind: statutory.contains(d) ? .holiday : .rest, name: name))
            d = d.adding(days: 1)
        }
        for w in workdays {
            entries.append(CalendarEntry(date: day(year, w.0, w.1), kind: .workday, name: name + "调休上班"))
        }
        return entries
    }
}
