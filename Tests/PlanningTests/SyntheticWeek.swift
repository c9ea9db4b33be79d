import HotlineCore
import Planning

/// A synthetic (made-up, not measured) 12345-shaped week of required agents: nights 3–5,
/// a morning peak around 65–70 and an afternoon peak around 60, a lunch dip, a long evening
/// tail; Monday busiest, weekends about 70% of a weekday.
enum SyntheticWeek {
    /// Weekday shape by hour of day (a Monday-level day).
    static let weekdayShape: [Int] = [
        5, 4, 3, 3, 3, 4, 8, 18, 40, 62, 70, 66,   // 00–11
        46, 44, 58, 62, 60, 52, 38, 32, 26, 20, 12, 8, // 12–23
    ]
    static let dayFactor: [Double] = [1.0, 0.95, 0.92, 0.92, 0.95, 0.72, 0.68]

    static var required: [Int] {
        (0..<7).flatMap { day in
            weekdayShape.map { v in max(3, Int((Double(v) * dayFactor[day]).rounded())) }
        }
    }

    static let monday = CivilDate(year: 2026, month: 12, day: 7)!
}
