import HotlineCore
import Optimization

/// How a plan was solved (the `solver` object of `plan.json`).
public struct SolverReport: Sendable, Codable, Equatable {
    public var name: String
    public var status: String
    public var objective: Double?
    public var bound: Double?
    public var gap: Double?
    public var seconds: Double
    /// Branch-and-bound nodes explored (nil when the backend does not say).
    public var nodes: Int?

    public init(name: String, status: String, objective: Double?, bound: Double?, gap: Double?, seconds: Double,
                nodes: Int? = nil) {
        self.nodes = nodes
        self.name = name
        self.status = status
        self.objective = objective
        self.bound = bound
        self.gap = gap
        self.seconds = seconds
    }

    public init(_ result: SolveResult) {
        self.init(name: result.solver, status: result.status.rawValue, objective: result.objective,
                  bound: result.bound, gap: result.gap, seconds: result.seconds, nodes: result.nodes)
    }

    // Absent values are written as null, so every key of DESIGN.md is always present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(objective, forKey: .objective)
        try c.encode(bound, forKey: .bound)
        try c.encode(gap, forKey: .gap)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(nodes, forKey: .nodes)
    }
}

/// An interval where fewer agents are scheduled than required, and why.
public struct Shortfall: Sendable, Codable, Equatable {
    /// Index of the interval in the period: the hour of the week with 60-minute intervals, the
    /// half hour (0–335 a week) with 30-minute intervals; `start` says when it begins.
    public var hourOfWeek: Int
    public var start: LocalDateTime
    public var required: Int
    public var scheduled: Int
    /// The binding cause in plain words, e.g. "requirement 85 exceeds the 77 seats".
    public var reason: String
    /// The same in Simplified Chinese (nil in plans stored before it was written).
    public var reasonZh: String?

    public init(hourOfWeek: Int, start: LocalDateTime, required: Int, scheduled: Int, reason: String, reasonZh: String? = nil) {
        self.hourOfWeek = hourOfWeek
        self.start = start
        self.required = required
        self.scheduled = scheduled
        self.reason = reason
        self.reasonZh = reasonZh
    }
}

/// The tours of one planned role (not seat-bound) and what they put on site.
public struct RolePlan: Sendable, Codable, Equatable {
    public var role: Role
    public var tours: [PlannedTour]
    public var headcount: Int
    /// People of the role on site per interval (168 or 336 a week, × weeks), counted from the tours.
    public var onSite: [Int]
    public var requiredOnSite: [Int]
    /// Person-hours on site on each day of the week (7, Monday first; 7 × weeks over a period), and
    /// the requirement (7 values repeated each week, or one a day of the period).
    public var hoursPerDay: [Double]
    public var requiredHoursPerDay: [Double]
    /// Person-hours on site over the period.
    public var hours: Double

    public init(role: Role, tours: [PlannedTour], requiredOnSite: [Int], requiredHoursPerDay: [Double], intervalMinutes: Int = 60) {
        self.role = role
        self.tours = tours
        headcount = tours.reduce(0) { $0 + $1.count }
        onSite = WeeklyPlan.coverage(of: tours, hours: requiredOnSite.count, intervalMinutes: intervalMinutes)
        self.requiredOnSite = requiredOnSite
        let perDay = 1440 / intervalMinutes
        var days = Array(repeating: 0.0, count: max(7, requiredOnSite.count / perDay))
        for (h, n) in onSite.enumerated() { days[h / perDay] += Double(n * intervalMinutes) / 60 }
        hoursPerDay = days
        self.requiredHoursPerDay = requiredHoursPerDay
        hours = Double(onSite.reduce(0, +) * intervalMinutes) / 60
    }
}

/// The tours of one week (or a period of several weeks) and how well they cover the requirement.
public struct WeeklyPlan: Sendable, Codable {
    public var weekStart: CivilDate
    /// Weeks of the planning period (1: one cyclic week); every per-interval array has
    /// 168 × weeks (60-minute intervals) or 336 × weeks (30-minute intervals) values.
    public var weeks: Int = 1
    /// Length of the planning interval in minutes (60 or 30).
    public var intervalMinutes: Int = 60
    /// The working-hours system the tours were planned under.
    public var workingHoursSystem: WorkingHoursSystem = .standard
    public var tours: [PlannedTour]
    /// Required agents per interval of the period (168 hours a week, or 336 half hours).
    public var required: [Int]
    /// Agents on shift and not on a break per interval of the cyclic period, counted from the tours
    /// (an interval with breaks counts whole agents only: 9.5 available is 9).
    public var scheduled: [Int]
    /// Agents available on the phones per interval: on shift less the share of it on breaks.
    public var available: [Double]
    /// Agents on shift per interval, breaks included (they keep their seats): at most the seats.
    public var onShift: [Int]
    /// People on phone tours (sum of tour counts).
    public var agents: Int
    public var seats: Int
    /// Agent-intervals required, scheduled and short: Σ over the intervals (agent-hours with
    /// 60-minute intervals, agent-half-hours with 30-minute ones; `agentHours(_:)` converts).
    public var requiredAgentHours: Int
    public var scheduledAgentHours: Int
    public var shortAgentHours: Int
    public var maxConcurrentAgents: Int
    /// Every interval with scheduled < required.
    public var shortfalls: [Shortfall]
    public var solver: SolverReport
    /// The roles planned beside the agents (supervisors, back office), each with its tours.
    public var roles: [RolePlan] = []
    /// Headcount of the roles not planned (by role name), counted in `staff`.
    public var otherStaff: [String: Int] = [:]
    /// What the solver's objective counted.
    public var objective: PlanningObjective = .hours
    /// Pay of all planned tours for the week's dates (nil without pay rates), in `currency`.
    public var cost: Double?
    public var currency: String?
    /// Protected agents required, and agents on tours they may work (no night work, no overtime).
    public var protectedAgents: Int = 0
    public var protectedEligibleAgents: Int = 0
    /// Overtime hours of the week over all planned tours.
    public var overtimeHours: Double = 0
    /// The requirement before surge rules, and the rules applied (empty: none).
    public var baseRequired: [Int]?
    public var surges: [SurgeApplication] = []

    /// Everyone: agents, the planned roles and the other roles.
    public var staff: Int { agents + roles.reduce(0) { $0 + $1.headcount } + otherStaff.values.reduce(0, +) }

    /// Headcount by role name (agents, planned roles, other roles).
    public var staffByRole: [String: Int] {
        var result = otherStaff
        result[Role.agent.rawValue] = agents
        for r in roles { result[r.role.rawValue] = r.headcount }
        return result
    }

    public init(weekStart: CivilDate, tours: [PlannedTour], required: [Int], seats: Int,
                shortfalls: [Shortfall] = [], solver: SolverReport, intervalMinutes: Int = 60) {
        self.weekStart = weekStart
        self.intervalMinutes = intervalMinutes
        self.tours = tours
        self.required = required
        let available = WeeklyPlan.available(of: tours, hours: required.count, intervalMinutes: intervalMinutes)
        self.available = available
        // Agents on shift and not on a break; a break hour counts its people only in whole agents.
        self.scheduled = available.map { Int(($0 + 1e-9).rounded(.down)) }
        self.onShift = WeeklyPlan.coverage(of: tours, hours: required.count, intervalMinutes: intervalMinutes)
        self.agents = tours.reduce(0) { $0 + $1.count }
        self.seats = seats
        self.requiredAgentHours = required.reduce(0, +)
        self.scheduledAgentHours = scheduled.reduce(0, +)
        self.shortAgentHours = zip(required, scheduled).reduce(0) { $0 + max(0, $1.0 - $1.1) }
        self.maxConcurrentAgents = onShift.max() ?? 0
        self.shortfalls = shortfalls
        self.solver = solver
    }

    /// Agents available on the phones in each interval (breaks taken off).
    /// `hours`: number of intervals of the period (default: the longest tour's, at least a week).
    public static func available(of tours: [PlannedTour], hours: Int? = nil, intervalMinutes: Int = 60) -> [Double] {
        var counts = Array(repeating: 0.0, count: hours ?? WeeklyPlan.periodHours(tours) * 60 / intervalMinutes)
        for planned in tours where planned.count > 0 {
            for share in planned.tour.intervalShares(intervalMinutes: intervalMinutes) { counts[share.interval] += Double(planned.count) * share.available }
        }
        return counts
    }

    /// Agents on shift (breaks included) in each interval of the cyclic period.
    public static func coverage(of tours: [PlannedTour], hours: Int? = nil, intervalMinutes: Int = 60) -> [Int] {
        var counts = Array(repeating: 0, count: hours ?? WeeklyPlan.periodHours(tours) * 60 / intervalMinutes)
        for planned in tours where planned.count > 0 {
            for i in planned.tour.intervalsOnShift(intervalMinutes: intervalMinutes) { counts[i] += planned.count }
        }
        return counts
    }

    /// Agent-intervals as agent-hours (× the interval's hours).
    public func agentHours(_ agentIntervals: Int) -> Double { Double(agentIntervals * intervalMinutes) / 60 }

    /// The requirement per hour of the period: the most agents any interval of the hour requires
    /// (the requirement itself with 60-minute intervals).
    public var requiredPerHour: [Int] {
        let per = 60 / intervalMinutes
        return stride(from: 0, to: required.count, by: per).map { required[$0..<min(required.count, $0 + per)].max() ?? 0 }
    }

    /// The start of interval `i` of the period.
    public func start(ofInterval i: Int) -> LocalDateTime { LocalDateTime(date: weekStart, hour: 0).adding(minutes: i * intervalMinutes) }

    /// The longest period of `tours` (168 for weekly tours and none).
    public static func periodHours(_ tours: [PlannedTour]) -> Int {
        tours.map(\.tour.periodHours).max() ?? PlanningWeek.hours
    }

    /// The start of hour `h` of the week.
    public func start(ofHour h: Int) -> LocalDateTime { LocalDateTime(date: weekStart, hour: 0).adding(hours: h) }
}
