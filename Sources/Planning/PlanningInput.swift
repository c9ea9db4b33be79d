import HotlineCore

/// What the tour planner needs: the hourly requirement of one week and the shift rules.
public struct PlanningInput: Sendable {
    /// The Monday the week starts on (hour 0 = this day 00:00).
    public var weekStart: CivilDate
    /// Required agents on shift in each hour of the week (168 values, Monday 00:00 first).
    public var requiredAgents: [Int]
    /// At most this many agents on shift in any hour.
    public var seats: Int
    /// Headcount floor of phone agents: at least this many tours.
    public var minAgents: Int
    /// People available: at most this many tours (nil: no limit).
    public var maxAgents: Int?
    public var shiftLengths: [Int]
    public var startHours: [Int]
    public var daysOffPerWeek: Int
    public var consecutiveDaysOff: Bool
    /// Cost of one agent-hour short, against 1 per scheduled agent-hour.
    public var shortagePenaltyPerAgentHour: Double
    /// Minimum rest between two shifts: shift lengths leaving less than this before the next
    /// day's shift are not used (24 − length < minRestHours).
    public var minRestHours: Double
    /// Forecast calls per hour (168 values), carried into coverage reports only.
    public var forecastCalls: [Double]?
    /// Labour limits (nil: none): tours with longer shifts or more paid hours a week are not used.
    public var maxHoursPerDay: Double?
    public var maxHoursPerWeek: Double?

    public init(weekStart: CivilDate, requiredAgents: [Int], seats: Int, minAgents: Int = 0, maxAgents: Int? = nil,
                shiftLengths: [Int] = [8], startHours: [Int] = Array(0..<24), daysOffPerWeek: Int = 2,
                consecutiveDaysOff: Bool = true, shortagePenaltyPerAgentHour: Double = 100) {
        self.weekStart = weekStart
        self.requiredAgents = requiredAgents
        self.seats = seats
        self.minAgents = minAgents
        self.maxAgents = maxAgents
        self.shiftLengths = shiftLengths
        self.startHours = startHours
        self.daysOffPerWeek = daysOffPerWeek
        self.consecutiveDaysOff = consecutiveDaysOff
        self.shortagePenaltyPerAgentHour = shortagePenaltyPerAgentHour
        self.minRestHours = 0
        self.forecastCalls = nil
        self.maxHoursPerDay = nil
        self.maxHoursPerWeek = nil
    }

    /// The input for a center profile: its seats and shift rules, and the phone-agent headcount
    /// floor max(minimum agents, minimum total − the fixed roles' headcount).
    public init(profile: CenterProfile, weekStart: CivilDate, requiredAgents: [Int], availableAgents: Int?) {
        self.init(weekStart: weekStart, requiredAgents: requiredAgents, seats: profile.seats,
                  minAgents: PlanningInput.minimumAgents(profile), maxAgents: availableAgents,
                  shiftLengths: profile.shifts.lengthsHours, startHours: profile.shifts.startHours,
                  daysOffPerWeek: profile.shifts.daysOffPerWeek, consecutiveDaysOff: profile.shifts.consecutiveDaysOff)
        minRestHours = profile.labour.minRestHours
        maxHoursPerDay = profile.labour.maxHoursPerDay
        maxHoursPerWeek = profile.labour.maxHoursPerWeek
    }

    /// The phone-agent headcount floor of a profile.
    public static func minimumAgents(_ profile: CenterProfile) -> Int {
        max(profile.staff.minimum(for: .agent), profile.staff.minTotal - profile.fixedRoleHeadcount, 0)
    }

    /// The tours the rules allow: every length × start hour × days-off pattern.
    public var allowedTours: [Tour] {
        let lengths = Array(Set(shiftLengths)).sorted().filter { Double(24 - $0) >= minRestHours }
        let starts = Array(Set(startHours)).sorted()
        let patterns = Tour.dayPatterns(daysOff: daysOffPerWeek, consecutive: consecutiveDaysOff)
        var tours: [Tour] = []
        for length in lengths {
            for start in starts {
                for pattern in patterns {
                    let tour = Tour(startHour: start, lengthHours: length, workDays: pattern)
                    if let maxHoursPerDay, Double(length) > maxHoursPerDay { continue }
                    if let maxHoursPerWeek, Double(tour.weeklyHours) > maxHoursPerWeek { continue }
                    tours.append(tour)
                }
            }
        }
        return tours
    }

    /// Checks the input; throws a `PlanningError` naming the field.
    public func validate() throws(PlanningError) {
        func fail(_ field: String, _ message: String) -> PlanningError { .invalidInput(field: field, message: message) }
        guard weekStart.weekday == 1 else {
            throw fail("weekStart", "the week must start on a Monday; \(weekStart) is a \(PlanningWeek.fullDayNames[weekStart.weekday - 1])")
        }
        guard requiredAgents.count == PlanningWeek.hours else {
            throw fail("requiredAgents", "expected 168 hourly values (Monday 00:00 to Sunday 23:00), got \(requiredAgents.count)")
        }
        if let h = requiredAgents.firstIndex(where: { $0 < 0 }) {
            throw fail("requiredAgents", "hour \(h) (\(LocalDateTime(date: weekStart, hour: 0).adding(hours: h))) has a negative requirement \(requiredAgents[h])")
        }
        guard seats > 0 else { throw fail("seats", "must be positive, got \(seats)") }
        guard minAgents >= 0 else { throw fail("minAgents", "must not be negative, got \(minAgents)") }
        if let maxAgents {
            guard maxAgents >= 0 else { throw fail("maxAgents", "must not be negative, got \(maxAgents)") }
            guard maxAgents >= minAgents else {
                throw fail("maxAgents", "the \(maxAgents) available agents are fewer than the headcount floor of \(minAgents) agents")
            }
        }
        guard !shiftLengths.isEmpty else { throw fail("shiftLengths", "must list at least one shift length") }
        guard shiftLengths.allSatisfy({ (1...24).contains($0) }) else {
            throw fail("shiftLengths", "lengths must be 1 to 24 hours, got \(shiftLengths)")
        }
        guard !startHours.isEmpty else { throw fail("startHours", "must list at least one start hour") }
        guard startHours.allSatisfy({ (0...23).contains($0) }) else {
            throw fail("startHours", "start hours must be 0 to 23, got \(startHours)")
        }
        guard (0...6).contains(daysOffPerWeek) else { throw fail("daysOffPerWeek", "must be 0 to 6, got \(daysOffPerWeek)") }
        guard shortagePenaltyPerAgentHour.isFinite, shortagePenaltyPerAgentHour > 0 else {
            throw fail("shortagePenaltyPerAgentHour", "must be a positive number, got \(shortagePenaltyPerAgentHour)")
        }
        guard minRestHours.isFinite, minRestHours >= 0 else { throw fail("minRestHours", "must not be negative") }
        guard shiftLengths.contains(where: { Double(24 - $0) >= minRestHours }) else {
            throw fail("shiftLengths", "shift rules leave no tour: every length \(shiftLengths) leaves less than the \(minRestHours) h minimum rest before the next day's shift")
        }
        for (field, limit) in [("maxHoursPerDay", maxHoursPerDay), ("maxHoursPerWeek", maxHoursPerWeek)] {
            if let limit, !(limit.isFinite && limit > 0) { throw fail(field, "must be a positive number of hours, got \(limit)") }
        }
        guard !allowedTours.isEmpty else {
            throw fail("shiftLengths", "shift rules leave no tour: lengths \(shiftLengths.sorted()) h on \(7 - daysOffPerWeek) days a week exceed the \(maxHoursPerDay.map { "\($0) h a day" } ?? "") \(maxHoursPerWeek.map { "\($0) h a week" } ?? "") limits or the \(minRestHours) h minimum rest")
        }
        if let forecastCalls, forecastCalls.count != PlanningWeek.hours {
            throw fail("forecastCalls", "expected 168 hourly values, got \(forecastCalls.count)")
        }
    }
}

/// Bad planning input, or no plan found.
public enum PlanningError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidInput(field: String, message: String)
    /// The hard rules contradict each other (e.g. the headcount floor does not fit the seats).
    case infeasible(String)
    /// The solver stopped before it found any plan.
    case noPlan(String)

    public var description: String {
        switch self {
        case .invalidInput(let field, let message): "planning input '\(field)': \(message)"
        case .infeasible(let message): "no plan satisfies the rules: \(message)"
        case .noPlan(let message): "no plan found: \(message)"
        }
    }
}
