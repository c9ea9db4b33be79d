import HotlineCore

/// Handle time per hour of week, shared by the call models: the robust mean of the hourly mean
/// handle times of the same weekday and hour over the last 8 ordinary weeks (see
/// `HourOfWeekProfile`); a make-up workday takes the mean Monday–Friday handle times.
enum HandleTime {
    static func perHour(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> [Double] {
        try HourOfWeekProfile().forecast(history: history, calendar: calendar, start: start, days: days).ahtSeconds
    }
}
