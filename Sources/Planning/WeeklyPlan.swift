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

/// An hour where fewer agents are scheduled than required, and why.
public struct Shortfall: Sendable, Codable, Equatable {
    public var hourOfWeek: Int
    public var start: LocalDateTime
    public var required: Int
    public var scheduled: Int
    /// The binding cause in plain words, e.g. "requirement 85 exceeds the 77 seats".
    public var reason: String

    public init(hourOfWeek: Int, start: LocalDateTime, required: Int, scheduled: Int, reason: String) {
        self.hourOfWeek = hourOfWeek
        self.start = start
        self.required = required
        self.scheduled = scheduled
        self.reason = reason
    }
}

/// The tours of one planned role (not seat-bound) and what they put on site.
public struct RolePlan: Sendable, Codable, Equatable {
    public var role: Role
    public var tours: [PlannedTour]
    public var headcount: Int
    /// People of the role on site per hour (168, or 168 × weeks), counted from the tours.
    public var onSite: [Int]
    public var requiredOnSite: [Int]
    /// Person-hours worked on each day of the week (7, Monday first; 7 × weeks over a period), and
    /// the requirement (7 values repeated each week, or one a day of the period).
    public var hoursPerDay: [Int]
    public var requiredHoursPerDay: [Double]
    public var hours: Int

    public init(role: Role, tours: [PlannedTour], requiredOnSite: [Int], requiredHoursPerDay: [Double]) {
        self.role = role
        self.tours = tours
        headcount = tours.reduce(0) { $0 + $1.count }
        onSite = WeeklyPlan.coverage(of: tours, hours: requiredOnSite.count)
        self.requiredOnSite = requiredOnSite
        var days = Array(repeating: 0, count: max(7, requiredOnSite.count / 24))
        for (h, n) in onSite.enumerated() { days[h / 24] += n }
        hoursPerDay = days
        self.requiredHoursPerDay = requiredHoursPerDay
        hours = onSite.reduce(0, +)
    }
}

/// The tours of one week (or a period of several weeks) and how well they cover the requirement.
public struct WeeklyPlan: Sendable, Codable {
    public var weekStart: CivilDate
    /// Weeks of the planning period (1: one cyclic week); every hourly array has 168 × weeks values.
    public var weeks: Int = 1
    /// The working-hours system the tours were planned under.
    public var workingHoursSystem: WorkingHoursSystem = .standard
    public var tours: [PlannedTour]
    /// Required agents per hour of the week (168; 168 × weeks over a period).
    public var required: [Int]
    /// Agents on shift and not on a break per hour of the cyclic week (168), counted from the tours
    /// (an hour with breaks counts whole agents only: 9.5 available is 9).
    public var scheduled: [Int]
    /// Agents available on the phones per hour: on shift less the share of the hour on breaks.
    public var available: [Double]
    /// Agents on shift per hour, breaks included (they keep their seats): at most the seats.
    public var onShift: [Int]
    /// People on phone tours (sum of tour counts).
    public var agents: Int
    public var seats: Int
    public var requiredAgentHours: Int
    public var scheduledAgentHours: Int
    public var shortAgentHours: Int
    public var maxConcurrentAgents: Int
    /// Every hour with scheduled < required.
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
                shortfalls: [Shortfall] = [], solver: SolverReport) {
        self.weekStart = weekStart
        self.tours = tours
        self.required = required
        let available = WeeklyPlan.available(of: tours, hours: required.count)
        self.available = available
        // Agents on shift and not on a break; a break hour counts its people only in whole agents.
        self.scheduled = available.map { Int(($0 + 1e-9).rounded(.down)) }
        self.onShift = WeeklyPlan.coverage(of: tours, hours: required.count)
        self.agents = tours.reduce(0) { $0 + $1.count }
        self.seats = seats
        self.requiredAgentHours = required.reduce(0, +)
        self.scheduledAgentHours = scheduled.reduce(0, +)
        self.shortAgentHours = zip(required, scheduled).reduce(0) { $0 + max(0, $1.0 - $1.1) }
        self.maxConcurrentAgents = onShift.max() ?? 0
        self.shortfalls = shortfalls
        self.solver = solver
    }

    /// Agents available on the phones in each hour (breaks taken off).
    /// `hours`: length of the period (default: the longest tour's, at least 168).
    public static func available(of tours: [PlannedTour], hours: Int? = nil) -> [Double] {
        var counts = Array(repeating: 0.0, count: hours ?? WeeklyPlan.periodHours(tours))
        for planned in tours where planned.count > 0 {
            for h in planned.tour.hoursOnShift { counts[h] += Double(planned.count) * planned.tour.coverage(hourOfWeek: h) }
        }
        return counts
    }

    /// Agents on shift (breaks included) in each hour of the cyclic week.
    public static func coverage(of tours: [PlannedTour], hours: Int? = nil) -> [Int] {
        var counts = Array(repeating: 0, count: hours ?? WeeklyPlan.periodHours(tours))
        for planned in tours where planned.count > 0 {
            for h in planned.tour.hoursOnShift { counts[h] += planned.count }
        }
        return counts
    }

    /// The longest period of `tours` (168 for weekly tours and none).
    public static func periodHours(_ tours: [PlannedTour]) -> Int {
        tours.map(\.tour.periodHours).max() ?? PlanningWeek.hours
    }

    /// The start of hour `h` of the week.
    public func start(ofHour h: Int) -> LocalDateTime { LocalDateTime(date: weekStart, hour: 0).adding(hours: h) }
}
