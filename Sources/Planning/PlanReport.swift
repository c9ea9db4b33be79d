import HotlineCore

/// The `roster plan --json` object and `plan.json` (DESIGN.md keys plus tours and shortfalls;
/// with `hourly`, the required and scheduled agents of every hour too).
public struct PlanReport: Encodable, Sendable {
    public struct TourRow: Encodable, Sendable {
        public var start: String
        public var startHour: Int
        public var lengthHours: Int
        public var days: String
        public var workDays: [Bool]
        public var count: Int
    }

    public var weekStart: String
    public var staff: Int
    public var agents: Int
    public var fixedRoleHeadcount: Int
    public var minAgents: Int
    public var availableAgents: Int?
    public var seats: Int
    public var requiredAgentHours: Int
    public var scheduledAgentHours: Int
    public var shortAgentHours: Int
    public var maxConcurrentAgents: Int
    public var solver: SolverReport
    public var tours: [TourRow]
    public var shortfalls: [Shortfall]
    public var required: [Int]?
    public var scheduled: [Int]?

    public init(plan: WeeklyPlan, input: PlanningInput, fixedRoleHeadcount fixedRoles: Int, hourly: Bool) {
        weekStart = plan.weekStart.description
        agents = plan.agents
        fixedRoleHeadcount = fixedRoles
        staff = plan.agents + fixedRoles
        minAgents = input.minAgents
        availableAgents = input.maxAgents
        seats = plan.seats
        requiredAgentHours = plan.requiredAgentHours
        scheduledAgentHours = plan.scheduledAgentHours
        shortAgentHours = plan.shortAgentHours
        maxConcurrentAgents = plan.maxConcurrentAgents
        solver = plan.solver
        tours = plan.tours.map { p in
            let hh = p.tour.startHour < 10 ? "0\(p.tour.startHour)" : "\(p.tour.startHour)"
            return TourRow(start: "\(hh):00", startHour: p.tour.startHour, lengthHours: p.tour.lengthHours,
                           days: p.tour.workDays.enumerated().filter(\.element).map { PlanningWeek.dayNames[$0.offset] }.joined(separator: " "),
                           workDays: p.tour.workDays, count: p.count)
        }
        shortfalls = plan.shortfalls
        required = hourly ? plan.required : nil
        scheduled = hourly ? plan.scheduled : nil
    }
}
