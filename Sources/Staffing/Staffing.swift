import Foundation
import HotlineCore

/// A service goal: `target` of calls answered within `withinSeconds`, optionally an occupancy
/// cap, and the shrinkage (share of paid time not on phones: breaks, training, meetings, absence)
/// that turns agents on phones into people scheduled.
public struct ServiceGoal: Sendable, Codable, Hashable {
    /// Share of calls to answer within `withinSeconds`, in (0, 1).
    public var target: Double
    public var withinSeconds: Double
    /// Highest acceptable agent occupancy A/N, in (0, 1]; nil for no cap.
    public var maxOccupancy: Double?
    /// Share of scheduled time lost to breaks, training, absence, in [0, 1).
    public var shrinkage: Double
    /// Mean caller patience in seconds; when set, `StaffingFigures.abandonment` is computed
    /// with Erlang A (M/M/N+M). The other figures stay Erlang C (callers who never hang up),
    /// the conservative choice for staffing.
    public var patienceSeconds: Double?

    public init(target: Double, withinSeconds: Double, maxOccupancy: Double? = nil, shrinkage: Double = 0,
                patienceSeconds: Double? = nil) {
        self.target = target
        self.withinSeconds = withinSeconds
        self.maxOccupancy = maxOccupancy
        self.shrinkage = shrinkage
        self.patienceSeconds = patienceSeconds
    }

    /// Throws `StaffingError.invalid` for the first parameter out of range.
    public func validate() throws {
        guard target.isFinite, target > 0, target < 1 else {
            throw StaffingError.invalid(parameter: "target", value: target, expected: "a share strictly between 0 and 1, e.g. 0.8")
        }
        guard withinSeconds.isFinite, withinSeconds >= 0 else {
            throw StaffingError.invalid(parameter: "withinSeconds", value: withinSeconds, expected: "seconds ≥ 0")
        }
        if let maxOccupancy {
            guard maxOccupancy.isFinite, maxOccupancy > 0, maxOccupancy <= 1 else {
                throw StaffingError.invalid(parameter: "maxOccupancy", value: maxOccupancy, expected: "a share in (0, 1], e.g. 0.85")
            }
        }
        guard shrinkage.isFinite, shrinkage >= 0, shrinkage < 1 else {
            throw StaffingError.invalid(parameter: "shrinkage", value: shrinkage, expected: "a share in [0, 1), e.g. 0.3")
        }
        if let patienceSeconds {
            guard patienceSeconds.isFinite, patienceSeconds > 0 else {
                throw StaffingError.invalid(parameter: "patienceSeconds", value: patienceSeconds, expected: "seconds > 0")
            }
        }
    }
}

/// Staffing figures of one interval (the JSON of `roster erlang`).
public struct StaffingFigures: Sendable, Codable, Hashable {
    /// Agents on phones.
    public var agents: Int
    /// People to schedule: ceil(agents / (1 − shrinkage)).
    public var scheduled: Int
    /// Erlang C share of calls answered within the goal's seconds.
    public var serviceLevel: Double
    /// Erlang C probability that a call waits.
    public var waitProbability: Double
    /// Erlang C average speed of answer in seconds, over all calls.
    public var averageSpeedOfAnswer: Double
    /// A/N, capped at 1.
    public var occupancy: Double
    /// Erlang A share of calls abandoned, when the goal gives a patience; nil otherwise.
    public var abandonment: Double?

    public init(agents: Int, scheduled: Int, serviceLevel: Double, waitProbability: Double,
                averageSpeedOfAnswer: Double, occupancy: Double, abandonment: Double? = nil) {
        self.agents = agents
        self.scheduled = scheduled
        self.serviceLevel = serviceLevel
        self.waitProbability = waitProbability
        self.averageSpeedOfAnswer = averageSpeedOfAnswer
        self.occupancy = occupancy
        self.abandonment = abandonment
    }
}

/// What is wrong with a staffing question.
public enum StaffingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter out of its range.
    case invalid(parameter: String, value: Double, expected: String)
    /// N ≤ A: the queue grows without bound; no figures exist.
    case unstable(agents: Int, offeredLoad: Double)
    /// Parallel arrays of different lengths.
    case mismatchedLengths(String)
    /// The Erlang A series did not converge (patience far too long for the load).
    case noConvergence(String)
    /// An error in the interval starting at `start` (from `requirements`).
    indirect case inInterval(start: LocalDateTime, StaffingError)

    public var description: String {
        switch self {
        case let .invalid(parameter, value, expected):
            if value.isNaN { return "\(parameter): expected \(expected)" }
            return "\(parameter) is \(Staffing.format(value)); expected \(expected)"
        case let .unstable(agents, load):
            return "\(agents) agents cannot carry an offered load of \(Staffing.format(load)) Erlangs: "
                + "with agents ≤ load the queue grows without bound (no steady state); "
                + "use more than \(Int(load.rounded(.down))) agents"
        case let .mismatchedLengths(message):
            return message
        case let .noConvergence(message):
            return message
        case let .inInterval(start, error):
            return "interval \(start): \(error.description)"
        }
    }
}

/// Erlang C staffing: agents needed for a service goal, figures for a given number of agents,
/// and requirements per interval.
public enum Staffing {
    /// The smallest number of agents N > A meeting the goal's service level and occupancy cap.
    /// `scheduled` = ceil(N / (1 − shrinkage)). No calls → 0 agents (and perfect figures).
    public static func required(calls: Double, intervalSeconds: Double, ahtSeconds: Double,
                                goal: ServiceGoal) throws -> StaffingFigures {
        try validate(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: ahtSeconds, goal: goal)
        let erlang = ErlangC(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: ahtSeconds)
        let a = erlang.offeredLoad
        guard a > 0 else { return idle(agents: 0, goal: goal) }
        // Lowest N allowed by the occupancy cap (A/N ≤ cap), with a hair of tolerance for rounding.
        var minimum = Int(a.rounded(.down)) + 1
        if let cap = goal.maxOccupancy {
            let byCap = Int((a / cap * (1 - 1e-12)).rounded(.up))
            minimum = max(minimum, byCap)
        }
        // Walk N up with the Erlang B recursion: O(N) in all.
        var b = ErlangC.erlangB(load: a, servers: minimum)
        var n = minimum
        while true {
            let c = ErlangC.erlangC(load: a, servers: n, erlangB: b)
            let sl = ErlangC.serviceLevel(c: c, load: a, agents: n, withinSeconds: goal.withinSeconds, ahtSeconds: ahtSeconds)
            if sl >= goal.target {
                return try figures(erlang: erlang, agents: n, waitProbability: c, serviceLevel: sl, goal: goal)
            }
            n += 1
            let ab = a * b
            b = ab / (Double(n) + ab)
        }
    }

    /// The figures of `agents` agents. Throws `StaffingError.unstable` when agents ≤ A (calls > 0).
    public static func figures(agents: Int, calls: Double, intervalSeconds: Double, ahtSeconds: Double,
                               goal: ServiceGoal) throws -> StaffingFigures {
        try validate(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: ahtSeconds, goal: goal)
        guard agents >= 0 else {
            throw StaffingError.invalid(parameter: "agents", value: Double(agents), expected: "a number of agents ≥ 0")
        }
        let erlang = ErlangC(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: ahtSeconds)
        guard erlang.offeredLoad > 0 else { return idle(agents: agents, goal: goal) }
        guard let c = erlang.waitProbability(agents: agents) else {
            throw StaffingError.unstable(agents: agents, offeredLoad: erlang.offeredLoad)
        }
        let sl = ErlangC.serviceLevel(c: c, load: erlang.offeredLoad, agents: agents,
                                      withinSeconds: goal.withinSeconds, ahtSeconds: ahtSeconds)
        return try figures(erlang: erlang, agents: agents, waitProbability: c, serviceLevel: sl, goal: goal)
    }

    /// One requirement per interval: `agents` = people to schedule on shift in the interval
    /// (agents on phones after shrinkage), from the calls and AHT of that interval.
    public static func requirements(starts: [LocalDateTime], calls: [Double], ahtSeconds: [Double],
                                    intervalMinutes: Int, goal: ServiceGoal) throws -> [Requirement] {
        guard starts.count == calls.count, calls.count == ahtSeconds.count else {
            throw StaffingError.mismatchedLengths(
                "starts, calls and ahtSeconds must have one value per interval; got \(starts.count), \(calls.count) and \(ahtSeconds.count)")
        }
        guard intervalMinutes > 0 else {
            throw StaffingError.invalid(parameter: "intervalMinutes", value: Double(intervalMinutes), expected: "minutes > 0, e.g. 30")
        }
        let interval = Double(intervalMinutes) * 60
        return try starts.indices.map { i in
            do {
                let f = try required(calls: calls[i], intervalSeconds: interval, ahtSeconds: ahtSeconds[i], goal: goal)
                return Requirement(start: starts[i], calls: calls[i], agents: f.scheduled)
            } catch let error as StaffingError {
                throw StaffingError.inInterval(start: starts[i], error)
            }
        }
    }

    /// People to schedule for `agents` on phones: ceil(agents / (1 − shrinkage)), ignoring
    /// rounding noise (14 / 0.7 is 20, not 21).
    public static func scheduled(agents: Int, shrinkage: Double) -> Int {
        guard agents > 0 else { return 0 }
        let x = Double(agents) / (1 - shrinkage)
        let nearest = x.rounded()
        if abs(x - nearest) <= 1e-9 * max(1, x) { return Int(nearest) }
        return Int(x.rounded(.up))
    }

    // MARK: - Helpers

    static func validate(calls: Double, intervalSeconds: Double, ahtSeconds: Double, goal: ServiceGoal) throws {
        guard calls.isFinite, calls >= 0 else {
            throw StaffingError.invalid(parameter: "calls", value: calls, expected: "a number of calls ≥ 0")
        }
        guard intervalSeconds.isFinite, intervalSeconds > 0 else {
            throw StaffingError.invalid(parameter: "intervalSeconds", value: intervalSeconds, expected: "seconds > 0, e.g. 1800")
        }
        guard ahtSeconds.isFinite, ahtSeconds > 0 else {
            throw StaffingError.invalid(parameter: "ahtSeconds", value: ahtSeconds, expected: "average handle time in seconds > 0")
        }
        try goal.validate()
        let load = calls * ahtSeconds / intervalSeconds
        guard load <= maximumOfferedLoad else {
            throw StaffingError.invalid(parameter: "offeredLoad", value: load,
                                        expected: "at most \(format(maximumOfferedLoad)) Erlangs (calls · AHT / interval); check the units (interval in seconds, AHT in seconds)")
        }
    }

    /// The largest offered load accepted (the search for N is linear in N).
    public static let maximumOfferedLoad = 1_000_000.0

    static func idle(agents: Int, goal: ServiceGoal) -> StaffingFigures {
        StaffingFigures(agents: agents, scheduled: scheduled(agents: agents, shrinkage: goal.shrinkage),
                        serviceLevel: 1, waitProbability: 0, averageSpeedOfAnswer: 0, occupancy: 0,
                        abandonment: goal.patienceSeconds == nil ? nil : 0)
    }

    static func figures(erlang: ErlangC, agents: Int, waitProbability c: Double, serviceLevel: Double,
                        goal: ServiceGoal) throws -> StaffingFigures {
        var abandonment: Double?
        if let patience = goal.patienceSeconds {
            let model = ErlangA(calls: erlang.calls, intervalSeconds: erlang.intervalSeconds,
                                ahtSeconds: erlang.ahtSeconds, patienceSeconds: patience)
            guard let value = model.abandonment(agents: agents) else {
                throw StaffingError.noConvergence(
                    "Erlang A did not converge for patience \(format(patience)) s with \(agents) agents; use a shorter patience")
            }
            abandonment = value
        }
        return StaffingFigures(agents: agents, scheduled: scheduled(agents: agents, shrinkage: goal.shrinkage),
                               serviceLevel: serviceLevel, waitProbability: c,
                               averageSpeedOfAnswer: c * erlang.ahtSeconds / (Double(agents) - erlang.offeredLoad),
                               occupancy: erlang.occupancy(agents: agents), abandonment: abandonment)
    }

    static func format(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(v)
    }
}
