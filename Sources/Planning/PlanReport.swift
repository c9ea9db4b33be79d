import HotlineCore

/// The `roster plan --json` object and `plan.json` (DESIGN.md keys plus tours and shortfalls;
/// with `hourly`, the required and scheduled agents of every interval too).
///
/// With 30-minute intervals (`intervalMinutes` = 30, a key present only then): `required`,
/// `scheduled`, the roles' figures and `shortfalls` are per half hour (`shortfalls[].hourOfWeek`
/// is the half-hour index 0–335 a week, `start` its time), `surges[].hours` lists half-hour starts;
/// the agent-hour totals stay in hours (half-hour counts ÷ 2, so they may end in .5) and a tour's
/// `start` may be `07:30` and its `lengthHours` 8.5. With 60-minute intervals the output is as before.
public struct PlanReport: Encodable, Sendable {
    public struct TourRow: Encodable, Sendable {
        public var start: String
        public var startHour: Int
        /// Hours on site (8, or 8.5 with 30-minute intervals).
        public var lengthHours: Double
        public var days: String
        public var workDays: [Bool]
        public var count: Int
        /// Paid hours of one shift (time on site less unpaid breaks).
        public var paidHours: Double
        /// Breaks of each shift, e.g. `meal +4h 60min`; the template's name.
        public var breaks: [String]
        public var template: String?
        /// Paid hours of the tour in each week of the planning period (one value for a weekly tour).
        public var paidHoursByWeek: [Double]
    }

    /// A planned role (supervisors, back office) in the report.
    public struct RoleRow: Encodable, Sendable {
        public var role: String
        public var headcount: Int
        public var hours: Double
        /// Fewest of the role on site in any hour where some are required, and the requirement there.
        public var minOnSite: Int
        public var requiredOnSite: Int
        public var hoursPerDay: [Double]
        public var requiredHoursPerDay: [Double]
        public var tours: [TourRow]
    }

    /// The planning interval in minutes, present only when it is not 60.
    public var intervalMinutes: Int?

    public var weekStart: String
    /// Weeks of the planning period (1, or 2–4 with `--weeks`), and the working-hours system
    /// (`standard` or `comprehensive`); the hourly arrays hold 168 × weeks values.
    public var weeks: Int
    public var workingHoursSystem: String
    /// Everyone: agents + planned roles + the other roles' minimums.
    public var staff: Int
    /// Headcount by role (`agent`, `supervisor`, `backoffice`, `manager`, …).
    public var staffByRole: [String: Int]
    public var roles: [RoleRow]
    /// Pay of the planned tours at the week's dates (null without pay rates), and its currency.
    public var cost: Double?
    public var currency: String?
    /// `hours` or `cost`: what the solver's objective counts.
    public var objective: String
    public var surges: [SurgeApplication]
    /// Protected agents (no night work, no overtime) required, and agents on tours they may work.
    public var protectedAgents: Int
    /// Where `protectedAgents` came from (`--protected`, `store FILE`, `none`); set by the caller,
    /// absent when it says nothing.
    public var protectedAgentsSource: String?
    public var protectedEligibleAgents: Int
    public var overtimeHours: Double
    public var agents: Int
    public var fixedRoleHeadcount: Int
    public var minAgents: Int
    public var availableAgents: Int?
    public var seats: Int
    public var requiredAgentHours: Double
    public var scheduledAgentHours: Double
    public var shortAgentHours: Double
    public var maxConcurrentAgents: Int
    public var solver: SolverReport
    public var tours: [TourRow]
    public var shortfalls: [Shortfall]
    public var required: [Int]?
    public var scheduled: [Int]?

    public init(plan: WeeklyPlan, input: PlanningInput, fixedRoleHeadcount fixedRoles: Int, hourly: Bool) {
        weekStart = plan.weekStart.description
        intervalMinutes = plan.intervalMinutes == 60 ? nil : plan.intervalMinutes
        weeks = plan.weeks
        workingHoursSystem = plan.workingHoursSystem.rawValue
        agents = plan.agents
        fixedRoleHeadcount = fixedRoles
        if input.plansRoles || !input.otherStaff.isEmpty {
            staff = plan.staff
            staffByRole = plan.staffByRole
            fixedRoleHeadcount = plan.otherStaff.values.reduce(0, +)
        } else {
            staff = plan.agents + fixedRoles
            staffByRole = ["agent": plan.agents]
        }
        roles = plan.roles.map { r in
            let hours = r.requiredOnSite.indices.filter { r.requiredOnSite[$0] > 0 }
            let worst = hours.min { r.onSite[$0] - r.requiredOnSite[$0] < r.onSite[$1] - r.requiredOnSite[$1] }
            return RoleRow(role: r.role.rawValue, headcount: r.headcount, hours: r.hours,
                           minOnSite: worst.map { r.onSite[$0] } ?? (r.onSite.min() ?? 0),
                           requiredOnSite: worst.map { r.requiredOnSite[$0] } ?? 0,
                           hoursPerDay: r.hoursPerDay, requiredHoursPerDay: r.requiredHoursPerDay,
                           tours: r.tours.map(PlanReport.row))
        }
        cost = plan.cost.map { ($0 * 100).rounded() / 100 }
        currency = plan.currency
        objective = plan.objective.rawValue
        surges = plan.surges
        protectedAgents = plan.protectedAgents
        protectedEligibleAgents = plan.protectedEligibleAgents
        overtimeHours = plan.overtimeHours
        minAgents = input.minAgents
        availableAgents = input.maxAgents
        seats = plan.seats
        requiredAgentHours = plan.agentHours(plan.requiredAgentHours)
        scheduledAgentHours = plan.agentHours(plan.scheduledAgentHours)
        shortAgentHours = plan.agentHours(plan.shortAgentHours)
        maxConcurrentAgents = plan.maxConcurrentAgents
        solver = plan.solver
        tours = plan.tours.map(PlanReport.row)
        shortfalls = plan.shortfalls
        required = hourly ? plan.required : nil
        scheduled = hourly ? plan.scheduled : nil
    }

    static func row(_ p: PlannedTour) -> TourRow {
        return TourRow(start: p.tour.startText, startHour: p.tour.startHour, lengthHours: Double(p.tour.lengthMinutes) / 60,
                       days: p.tour.workDays.enumerated().filter(\.element).map { Tour.dayName($0.offset, weeks: p.tour.weeks) }.joined(separator: " "),
                       workDays: p.tour.workDays, count: p.count, paidHours: p.tour.paidHoursPerShift,
                       breaks: p.tour.breaks.map(\.description), template: p.tour.template,
                       paidHoursByWeek: (0..<p.tour.weeks).map { Double(p.tour.workDayCount(week: $0)) * p.tour.paidHoursPerShift })
    }
}
