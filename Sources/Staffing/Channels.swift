import Foundation
import HotlineCore

/// Shrinkage as components that add up: the share of paid time on shift in which a person is
/// not available for contacts. Standard components: breaks, meals, training, meetings,
/// absence, leave; any other name may be added.
public struct ShrinkageBreakdown: Sendable, Codable, Hashable {
    public static let standardComponents = ["breaks", "meals", "training", "meetings", "absence", "leave"]

    public private(set) var components: [String: Double]

    /// Throws `StaffingError.invalid` when a component is outside [0, 1) or the total is not below 1.
    public init(components: [String: Double]) throws {
        for (name, value) in components.sorted(by: { $0.key < $1.key }) {
            guard value.isFinite, value >= 0, value < 1 else {
                throw StaffingError.invalid(parameter: "shrinkage.\(name)", value: value, expected: "a share in [0, 1), e.g. 0.05")
            }
        }
        let total = components.values.reduce(0, +)
        guard total < 1 else {
            throw StaffingError.invalid(parameter: "shrinkage", value: total, expected: "components adding up to less than 1")
        }
        self.components = components
    }

    public init(breaks: Double = 0, meals: Double = 0, training: Double = 0, meetings: Double = 0,
                absence: Double = 0, leave: Double = 0, other: [String: Double] = [:]) throws {
        var all = other
        for (k, v) in [("breaks", breaks), ("meals", meals), ("training", training), ("meetings", meetings),
                       ("absence", absence), ("leave", leave)] where v != 0 {
            all[k] = v
        }
        try self.init(components: all)
    }

    /// The profile's components (validated there).
    public init(_ profile: CenterProfile.Shrinkage) throws { try self.init(components: profile.components) }

    /// The components add up.
    public var total: Double { components.values.reduce(0, +) }

    /// People to schedule for `agents` on phones: ceil(agents / (1 − total)).
    public func scheduled(agents: Int) -> Int { Staffing.scheduled(agents: agents, shrinkage: total) }

    /// The fractional people to schedule: agents / (1 − total).
    public func scheduled(fractionalAgents: Double) -> Double { fractionalAgents / (1 - total) }

    /// Hours each component takes out of `scheduledHours` paid hours on shift.
    public func hours(of scheduledHours: Double) -> [String: Double] { components.mapValues { $0 * scheduledHours } }
}

/// The contact channels of the hotline.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case phone, sms, wechat

    /// Phone callers hang up (Erlang A); text users wait in their app (Erlang C unless a patience is given).
    public func defaultModel(patienceSeconds: Double?) -> QueueModel {
        switch self {
        case .phone: return .erlangA
        case .sms, .wechat: return patienceSeconds == nil ? .erlangC : .erlangA
        }
    }
}

/// The staffing of one interval of one channel.
public struct ChannelRequirement: Sendable, Codable, Hashable {
    public var start: LocalDateTime
    public var calls: Double
    public var ahtSeconds: Double
    /// Agents on the channel (an agent holds up to `sessionsPerAgent` text sessions at once).
    public var agents: Int
    public var fractionalAgents: Double
    /// People to schedule after shrinkage.
    public var scheduled: Int
    public var binding: String
    /// Figures of the sessions (servers = agents × sessions per agent).
    public var figures: QueueFigures
}

/// Staffing of a channel: phone (one call per agent) or text (SMS, WeChat: an agent holds up to
/// `sessionsPerAgent` sessions at once, each session a server of the queue; `ahtSeconds` is then
/// the length of one session while handled concurrently).
public struct ChannelStaffing: Sendable {
    public var channel: Channel
    public var model: QueueModel
    public var patienceSeconds: Double?
    public var sessionsPerAgent: Int
    public var goal: StaffingGoal
    public var shrinkage: Double

    public init(channel: Channel = .phone, model: QueueModel? = nil, patienceSeconds: Double? = nil,
                sessionsPerAgent: Int = 1, goal: StaffingGoal, shrinkage: Double = 0) {
        self.channel = channel
        self.model = model ?? channel.defaultModel(patienceSeconds: patienceSeconds)
        self.patienceSeconds = patienceSeconds
        self.sessionsPerAgent = sessionsPerAgent
        self.goal = goal
        self.shrinkage = shrinkage
    }

    public func validate() throws {
        guard sessionsPerAgent >= 1, sessionsPerAgent <= 50 else {
            throw StaffingError.invalid(parameter: "sessionsPerAgent", value: Double(sessionsPerAgent), expected: "1 to 50 sessions at once")
        }
        if channel == .phone && sessionsPerAgent != 1 {
            throw StaffingError.invalid(parameter: "sessionsPerAgent", value: Double(sessionsPerAgent), expected: "1 on the phone channel")
        }
        guard shrinkage.isFinite, shrinkage >= 0, shrinkage < 1 else {
            throw StaffingError.invalid(parameter: "shrinkage", value: shrinkage, expected: "a share in [0, 1), e.g. 0.3")
        }
        if model == .erlangA && patienceSeconds == nil {
            throw StaffingError.invalid(parameter: "patienceSeconds", value: .nan, expected: "a mean patience in seconds for Erlang A (or choose Erlang C)")
        }
        try goal.validate(model: model)
    }

    /// The requirement of one interval.
    public func requirement(start: LocalDateTime, calls: Double, ahtSeconds: Double, intervalSeconds: Double) throws -> ChannelRequirement {
        let w = Workload(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: ahtSeconds,
                         patienceSeconds: model == .erlangA ? patienceSeconds : nil, model: model)
        let k = sessionsPerAgent
        var answer = try Staffing.minimumAgents(w, goal: goal)
        // Whole agents: the sessions needed, rounded up to a multiple of k (more sessions only
        // improve every figure, so the goal stays met).
        let agents = (answer.agents + k - 1) / k
        if k > 1 && agents * k != answer.agents {
            answer.figures = try w.figures(agents: agents * k, withinSeconds: goal.withinSeconds)
        }
        let fractional = answer.fractionalAgents / Double(k)
        return ChannelRequirement(start: start, calls: calls, ahtSeconds: ahtSeconds, agents: agents,
                                  fractionalAgents: fractional,
                                  scheduled: Staffing.scheduled(agents: agents, shrinkage: shrinkage),
                                  binding: answer.binding, figures: answer.figures)
    }

    /// One requirement per interval, from parallel arrays.
    public func requirements(starts: [LocalDateTime], calls: [Double], ahtSeconds: [Double], intervalMinutes: Int) throws -> [ChannelRequirement] {
        try validate()
        guard starts.count == calls.count, calls.count == ahtSeconds.count else {
            throw StaffingError.mismatchedLengths(
                "starts, calls and ahtSeconds must have one value per interval; got \(starts.count), \(calls.count) and \(ahtSeconds.count)")
        }
        guard intervalMinutes > 0, intervalMinutes <= 24 * 60 else {
            throw StaffingError.invalid(parameter: "intervalMinutes", value: Double(intervalMinutes), expected: "minutes in 1…1440, e.g. 15, 30 or 60")
        }
        let seconds = Double(intervalMinutes) * 60
        return try starts.indices.map { i in
            do {
                return try requirement(start: starts[i], calls: calls[i], ahtSeconds: ahtSeconds[i], intervalSeconds: seconds)
            } catch let error as StaffingError {
                throw StaffingError.inInterval(start: starts[i], error)
            }
        }
    }
}

/// Back-office tickets (工单): each ticket must be received (acknowledged) within 1 hour of
/// arrival, and closed within 3 working days (enquiries) or 5 working days (complaints), working
/// days taken from the calendar and counted from the day after arrival.
public struct TicketWorkload: Sendable {
    public struct Day: Sendable, Hashable, Codable {
        public var date: CivilDate
        public var enquiries: Double
        public var complaints: Double
        public init(date: CivilDate, enquiries: Double, complaints: Double) {
            self.date = date
            self.enquiries = enquiries
            self.complaints = complaints
        }
    }

    /// Required back-office hours of one day.
    public struct DayHours: Sendable, Hashable, Codable {
        public var date: CivilDate
        public var workingDay: Bool
        /// Receiving: tickets × receipt minutes, done the day they arrive (within the hour).
        public var receiptHours: Double
        /// Closing work scheduled on this day so that every ticket closes by its deadline.
        public var closingHours: Double
        /// Hours someone must be on duty to receive within the hour (the hours tickets arrive).
        public var coverageHours: Double
        /// max(receipt + closing, coverage).
        public var requiredHours: Double
    }

    public var days: [Day]
    public var enquiryMinutes: Double
    public var complaintMinutes: Double
    public var receiptMinutes: Double
    public var enquiryDeadlineWorkingDays = 3
    public var complaintDeadlineWorkingDays = 5
    /// Hours a day in which tickets arrive (24 for a 7×24 hotline): someone must be on duty then.
    public var arrivalHoursPerDay: Double = 24

    public init(days: [Day], enquiryMinutes: Double, complaintMinutes: Double, receiptMinutes: Double) {
        self.days = days
        self.enquiryMinutes = enquiryMinutes
        self.complaintMinutes = complaintMinutes
        self.receiptMinutes = receiptMinutes
    }

    /// The end (last working day) of the window of a ticket arriving on `date`.
    public static func deadline(arrival date: CivilDate, workingDays: Int, calendar: HolidayCalendar) -> CivilDate {
        var d = date, counted = 0
        while counted < workingDays {
            d = d.adding(days: 1)
            if calendar.isWorkingDay(d) { counted += 1 }
        }
        return d
    }

    /// Required hours per day over the days given and the working days their deadlines reach:
    /// each day's closing work is spread evenly over the working days from its arrival day (if a
    /// working day) to its deadline, which meets every deadline and keeps the load level.
    public func requiredHours(calendar: HolidayCalendar) throws -> [DayHours] {
        for (name, v) in [("enquiryMinutes", enquiryMinutes), ("complaintMinutes", complaintMinutes), ("receiptMinutes", receiptMinutes)] {
            guard v.isFinite, v >= 0 else { throw StaffingError.invalid(parameter: name, value: v, expected: "minutes ≥ 0") }
        }
        guard arrivalHoursPerDay >= 0, arrivalHoursPerDay <= 24 else {
            throw StaffingError.invalid(parameter: "arrivalHoursPerDay", value: arrivalHoursPerDay, expected: "hours in [0, 24]")
        }
        guard enquiryDeadlineWorkingDays >= 1, complaintDeadlineWorkingDays >= 1 else {
            throw StaffingError.invalid(parameter: "deadlineWorkingDays", value: Double(min(enquiryDeadlineWorkingDays, complaintDeadlineWorkingDays)), expected: "at least 1 working day")
        }
        let sorted = days.sorted { $0.date < $1.date }
        for (i, d) in sorted.enumerated() {
            guard d.enquiries.isFinite, d.enquiries >= 0 else {
                throw StaffingError.invalid(parameter: "enquiries on \(d.date)", value: d.enquiries, expected: "tickets ≥ 0")
            }
            guard d.complaints.isFinite, d.complaints >= 0 else {
                throw StaffingError.invalid(parameter: "complaints on \(d.date)", value: d.complaints, expected: "tickets ≥ 0")
            }
            if i > 0 && sorted[i - 1].date == d.date {
                throw StaffingError.invalid(parameter: "date \(d.date)", value: .nan, expected: "one row per date")
            }
        }
        guard let first = sorted.first?.date, let lastArrival = sorted.last?.date else { return [] }
        let last = TicketWorkload.deadline(arrival: lastArrival, workingDays: max(enquiryDeadlineWorkingDays, complaintDeadlineWorkingDays), calendar: calendar)
        let count = last.dayNumber - first.dayNumber + 1
        var receipt = [Double](repeating: 0, count: count)
        var closing = [Double](repeating: 0, count: count)
        var coverage = [Double](repeating: 0, count: count)
        func spread(_ hours: Double, from arrival: CivilDate, workingDays: Int) {
            guard hours > 0 else { return }
            let end = TicketWorkload.deadline(arrival: arrival, workingDays: workingDays, calendar: calendar)
            var window: [Int] = []
            var d = arrival
            while d <= end {
                if calendar.isWorkingDay(d) { window.append(d.dayNumber - first.dayNumber) }
                d = d.adding(days: 1)
            }
            for i in window { closing[i] += hours / Double(window.count) }
        }
        for d in sorted {
            let i = d.date.dayNumber - first.dayNumber
            let tickets = d.enquiries + d.complaints
            receipt[i] += tickets * receiptMinutes / 60
            if tickets > 0 { coverage[i] = arrivalHoursPerDay }
            spread(d.enquiries * enquiryMinutes / 60, from: d.date, workingDays: enquiryDeadlineWorkingDays)
            spread(d.complaints * complaintMinutes / 60, from: d.date, workingDays: complaintDeadlineWorkingDays)
        }
        return (0..<count).map { i in
            let date = first.adding(days: i)
            return DayHours(date: date, workingDay: calendar.isWorkingDay(date), receiptHours: receipt[i],
                            closingHours: closing[i], coverageHours: coverage[i],
                            requiredHours: max(receipt[i] + closing[i], coverage[i]))
        }
    }
}
