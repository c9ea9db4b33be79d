import HotlineCore

/// Calls of one clock hour, by the hour the callers arrived in.
public struct HourlyObservation: Sendable, Hashable {
    /// Start of the clock hour.
    public var start: LocalDateTime
    /// Calls offered to agents (answered + abandoned in queue).
    public var offered: Double
    public var answered: Double
    /// Calls abandoned while waiting for an agent.
    public var abandoned: Double
    /// Calls finished in self-service (voice menu) without reaching the agent queue.
    public var selfService: Double
    /// Mean handle time of the answered calls of the hour, in seconds; nil when unknown.
    public var handleSeconds: Double?

    public init(start: LocalDateTime, offered: Double = 0, answered: Double = 0, abandoned: Double = 0,
                selfService: Double = 0, handleSeconds: Double? = nil) {
        self.start = start
        self.offered = offered
        self.answered = answered
        self.abandoned = abandoned
        self.selfService = selfService
        self.handleSeconds = handleSeconds
    }
}

/// A call history as contiguous clock hours, whole days from midnight to midnight.
public struct HourlySeries: Sendable {
    /// Start of the first hour (midnight of the first day when built by `HistoryLoader`).
    public var start: LocalDateTime
    /// Contiguous, hour-aligned: `hours[i].start == start + i hours`.
    public var hours: [HourlyObservation]
    /// Days inside the series without any record at all (outages, missing files): not zero-call days.
    public var daysWithoutRecords: Set<CivilDate>

    public init(start: LocalDateTime, hours: [HourlyObservation], daysWithoutRecords: Set<CivilDate> = []) {
        self.start = start
        self.hours = hours
        self.daysWithoutRecords = daysWithoutRecords
    }

    /// The instant just after the last hour.
    public var end: LocalDateTime { start.adding(hours: hours.count) }

    /// The observation of the hour starting at (or containing) `time`, if inside the series.
    public func observation(at time: LocalDateTime) -> HourlyObservation? {
        let i = time.hourIndex - start.hourIndex
        return hours.indices.contains(i) ? hours[i] : nil
    }

    /// The dates the series touches, in order.
    public var dates: [CivilDate] {
        guard !hours.isEmpty else { return [] }
        let first = start.date.dayNumber, last = end.adding(seconds: -1).date.dayNumber
        return (first...last).map(CivilDate.init(dayNumber:))
    }

    /// The 24 hourly observations of `date` (missing hours filled with zero calls), or nil when the
    /// series does not cover the whole day.
    public func day(_ date: CivilDate) -> [HourlyObservation]? {
        let first = LocalDateTime(date: date).hourIndex - start.hourIndex
        guard first >= 0, first + 24 <= hours.count else { return nil }
        return Array(hours[first..<(first + 24)])
    }

    /// Calls offered on `date` (nil when the series does not cover the whole day).
    public func offered(on date: CivilDate) -> Double? {
        day(date).map { $0.reduce(0) { $0 + $1.offered } }
    }

    /// The part of the series before midnight of `date` (for backtests).
    public func prefix(before date: CivilDate) -> HourlySeries {
        let n = max(0, min(hours.count, LocalDateTime(date: date).hourIndex - start.hourIndex))
        return HourlySeries(start: start, hours: Array(hours[0..<n]),
                            daysWithoutRecords: daysWithoutRecords.filter { $0 < date })
    }
}

/// Collects calls by clock hour while history files are read, then builds the series.
struct HourlyAccumulator {
    struct Hour {
        var offered = 0.0, answered = 0.0, abandoned = 0.0, selfService = 0.0
        var handleSum = 0.0, handleWeight = 0.0
    }

    private(set) var hours: [Int: Hour] = [:]
    private(set) var daysWithRecords: Set<Int> = []

    mutating func markRecord(day: Int) { daysWithRecords.insert(day) }

    mutating func add(hourIndex: Int, offered: Double = 0, answered: Double = 0, abandoned: Double = 0,
                      selfService: Double = 0, handleSum: Double = 0, handleWeight: Double = 0) {
        func update(_ h: inout Hour) {
            h.offered += offered
            h.answered += answered
            h.abandoned += abandoned
            h.selfService += selfService
            h.handleSum += handleSum
            h.handleWeight += handleWeight
        }
        update(&hours[hourIndex, default: Hour()])
    }

    mutating func merge(_ other: HourlyAccumulator) {
        for (k, h) in other.hours {
            add(hourIndex: k, offered: h.offered, answered: h.answered, abandoned: h.abandoned,
                selfService: h.selfService, handleSum: h.handleSum, handleWeight: h.handleWeight)
        }
        daysWithRecords.formUnion(other.daysWithRecords)
    }

    /// Whole days from the first to the last day with records; nil when there are none.
    func series() -> HourlySeries? {
        guard let firstDay = daysWithRecords.min(), let lastDay = daysWithRecords.max() else { return nil }
        let start = LocalDateTime(date: CivilDate(dayNumber: firstDay))
        let base = start.hourIndex
        let count = (lastDay - firstDay + 1) * 24
        var out = (0..<count).map { HourlyObservation(start: LocalDateTime(seconds: (base + $0) * 3600)) }
        for (k, h) in hours {
            let i = k - base
            guard out.indices.contains(i) else { continue }
            out[i].offered = h.offered
            out[i].answered = h.answered
            out[i].abandoned = h.abandoned
            out[i].selfService = h.selfService
            out[i].handleSeconds = h.handleWeight > 0 ? h.handleSum / h.handleWeight : nil
        }
        var missing: Set<CivilDate> = []
        for day in firstDay...lastDay where !daysWithRecords.contains(day) {
            missing.insert(CivilDate(dayNumber: day))
        }
        return HourlySeries(start: start, hours: out, daysWithoutRecords: missing)
    }
}
