import HotlineCore

/// One interval of `coverage.csv`: `start,forecast_calls,required_agents,scheduled_agents`.
public struct CoverageRow: Hashable, Sendable, Codable {
    public var start: LocalDateTime
    public var forecastCalls: Double
    public var requiredAgents: Int
    /// People of role `agent` on shift in the interval (the first model has no breaks inside shifts).
    public var scheduledAgents: Int

    public var short: Int { max(0, requiredAgents - scheduledAgents) }

    public init(start: LocalDateTime, forecastCalls: Double, requiredAgents: Int, scheduledAgents: Int) {
        self.start = start
        self.forecastCalls = forecastCalls
        self.requiredAgents = requiredAgents
        self.scheduledAgents = scheduledAgents
    }
}

public enum Coverage {
    /// Counts, for each requirement interval, the agents whose shift overlaps it. Shifts are whole
    /// hours aligned to the clock, so an overlapping shift covers the whole interval.
    public static func rows(requirements: [Requirement], intervalMinutes: Int, shifts: [ShiftAssignment]) -> [CoverageRow] {
        let agentShifts = shifts.filter { $0.role == .agent }
        return requirements.map { r in
            let end = r.start.adding(minutes: intervalMinutes)
            let n = agentShifts.reduce(0) { $0 + ($1.overlaps(from: r.start, to: end) ? 1 : 0) }
            return CoverageRow(start: r.start, forecastCalls: r.calls, requiredAgents: r.agents, scheduledAgents: n)
        }
    }

    public static func write(_ rows: [CoverageRow], to path: String) throws {
        var out = "start,forecast_calls,required_agents,scheduled_agents\n"
        for r in rows {
            out += "\(r.start),\(RequirementsCSV.formatNumber(r.forecastCalls)),\(r.requiredAgents),\(r.scheduledAgents)\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
