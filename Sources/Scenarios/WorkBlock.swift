import HotlineCore

/// The surge measures, and the baseline's own rostered time.
public enum Measure: String, Sendable, Codable, CaseIterable {
    /// The roster as planned (no measure).
    case rostered
    /// A rostered shift extended before or after (加班).
    case overtime
    /// A rostered agent works a day off (休息日加班; with time off in lieu: a moved rest day).
    case restDay = "rest_day"
    /// On-the-job training cancelled in short hours: the time goes to phones.
    case training
    /// A person of the standby pool called in for a shift.
    case standby
}

/// A stretch of work of one person: a rostered shift, or the extra time of a surge measure.
public struct WorkBlock: Sendable, Hashable, Codable {
    public var personId: String
    public var name: String
    public var role: Role
    /// The day of the shift the block belongs to (its start day; overtime belongs to its shift's day).
    public var date: CivilDate
    public var start: LocalDateTime
    public var end: LocalDateTime
    public var measure: Measure
    /// Rest-day work given back as a day off on this date (time off in lieu), if any.
    public var lieuDate: CivilDate?

    public init(personId: String, name: String, role: Role, date: CivilDate, start: LocalDateTime, end: LocalDateTime,
                measure: Measure, lieuDate: CivilDate? = nil) {
        self.personId = personId
        self.name = name
        self.role = role
        self.date = date
        self.start = start
        self.end = end
        self.measure = measure
        self.lieuDate = lieuDate
    }

    public init(_ s: ShiftAssignment) {
        self.init(personId: s.personId, name: s.name, role: s.role, date: s.date, start: s.start, end: s.end, measure: .rostered)
    }

    public var hours: Double { Double(end.seconds - start.seconds) / 3600 }

    /// The work-time kind for pay (Labour Law art. 44).
    public var workTimeKind: WorkTimeKind {
        switch measure {
        case .rostered, .standby, .training: .rostered
        case .overtime: .overtime
        case .restDay: .restDay
        }
    }
}

/// Cost of worked time by pay category (PayRates: statutory holiday 300%, rest day 200% unless
/// time off in lieu, overtime 150%, regular 100%), each hour on its own calendar date.
public struct CostBreakdown: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var category: PayCategory
        public var multiplier: Double
        public var hours: Double
        public var cost: Double
    }

    public struct DayLine: Sendable, Codable, Equatable {
        public var date: CivilDate
        public var category: PayCategory
        public var multiplier: Double
        public var hours: Double
        public var cost: Double
    }

    public var currency: String
    public var hourlyWage: Double
    public var total: Double
    public var hours: Double
    public var byCategory: [Line]
    public var byMeasure: [String: Double]
    public var byDay: [DayLine]

    /// Costs `blocks`, counting only time inside [from, to). `timeOffInLieu` is the scenario's
    /// policy for rostered hours on a holiday block's rest days; rest-day work carries its own
    /// (a lieu date planned or not). `paidLeaveHours` (absent people's rostered hours, paid as
    /// ordinary leave) are added at 100%.
    public static func of(_ blocks: [WorkBlock], rates: PayRates, from: LocalDateTime, to: LocalDateTime,
                          timeOffInLieu: Bool, paidLeaveHours: Double = 0) -> CostBreakdown {
        var byDay: [CivilDate: [PayCategory: Double]] = [:]
        var byMeasure: [String: Double] = [:]
        let wage = rates.pay.hourlyWage
        for b in blocks {
            var t = max(b.start, from)
            let end = min(b.end, to)
            while t < end {
                let next = min(LocalDateTime(date: t.date.adding(days: 1)), end)
                let h = Double(next.seconds - t.seconds) / 3600
                let lieu = b.measure == .restDay ? b.lieuDate != nil : timeOffInLieu
                let cat = rates.category(on: t.date, kind: b.workTimeKind, timeOffInLieu: lieu)
                byDay[t.date, default: [:]][cat, default: 0] += h
                byMeasure[b.measure.rawValue, default: 0] += h * wage * rates.multiplier(cat)
                t = next
            }
        }
        var dayLines: [DayLine] = []
        var catHours: [PayCategory: Double] = [:]
        for (date, cats) in byDay {
            for (cat, h) in cats {
                let m = rates.multiplier(cat)
                dayLines.append(DayLine(date: date, category: cat, multiplier: m, hours: h, cost: h * wage * m))
                catHours[cat, default: 0] += h
            }
        }
        if paidLeaveHours > 0 {
            catHours[.regular, default: 0] += paidLeaveHours
            byMeasure["paid_leave", default: 0] += paidLeaveHours * wage
        }
        dayLines.sort { ($0.date, $0.category) < ($1.date, $1.category) }
        let lines = PayCategory.allCases.compactMap { cat -> Line? in
            guard let h = catHours[cat], h > 0 else { return nil }
            let m = rates.multiplier(cat)
            return Line(category: cat, multiplier: m, hours: h, cost: h * wage * m)
        }
        return CostBreakdown(currency: rates.pay.currency, hourlyWage: wage, total: lines.reduce(0) { $0 + $1.cost },
                             hours: lines.reduce(0) { $0 + $1.hours }, byCategory: lines, byMeasure: byMeasure, byDay: dayLines)
    }
}
