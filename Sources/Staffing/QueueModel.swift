import Foundation

/// Which queue formula turns calls into agents.
public enum QueueModel: String, Sendable, Codable, CaseIterable {
    /// M/M/N+M: callers hang up after an exponential patience (needs a patience).
    case erlangA = "erlang-a"
    /// M/M/N: callers wait as long as it takes.
    case erlangC = "erlang-c"
}

/// The figures of one queue with a given number of agents, in steady state.
public struct QueueFigures: Sendable, Codable, Hashable {
    public var agents: Int
    /// Offered load A = calls · AHT / interval, in Erlangs.
    public var offeredLoad: Double
    /// Probability that a call finds all agents busy.
    public var waitProbability: Double
    /// Share of offered calls answered within the goal's seconds (callers who hang up count as
    /// not answered in time).
    public var serviceLevel: Double
    /// Mean wait of answered calls, in seconds (zero waits included).
    public var averageSpeedOfAnswer: Double
    /// Share of agent time busy with calls: answered load / agents.
    public var occupancy: Double
    /// Share of offered calls that hang up while waiting (0 in Erlang C).
    public var abandonment: Double
    /// Effective answer rate: answered / offered (1 in Erlang C).
    public var answerRate: Double
    /// Mean number of callers waiting.
    public var meanQueue: Double

    public init(agents: Int, offeredLoad: Double, waitProbability: Double, serviceLevel: Double,
                averageSpeedOfAnswer: Double, occupancy: Double, abandonment: Double, answerRate: Double,
                meanQueue: Double) {
        self.agents = agents
        self.offeredLoad = offeredLoad
        self.waitProbability = waitProbability
        self.serviceLevel = serviceLevel
        self.averageSpeedOfAnswer = averageSpeedOfAnswer
        self.occupancy = occupancy
        self.abandonment = abandonment
        self.answerRate = answerRate
        self.meanQueue = meanQueue
    }

    static func idle(agents: Int) -> QueueFigures {
        QueueFigures(agents: agents, offeredLoad: 0, waitProbability: 0, serviceLevel: 1, averageSpeedOfAnswer: 0,
                     occupancy: 0, abandonment: 0, answerRate: 1, meanQueue: 0)
    }
}

/// One interval of one queue: calls offered, handle time, and (for Erlang A) mean patience.
public struct Workload: Sendable, Hashable, Codable {
    public var calls: Double
    public var intervalSeconds: Double
    public var ahtSeconds: Double
    public var patienceSeconds: Double?
    public var model: QueueModel

    /// `model` defaults to Erlang A when a patience is given, Erlang C otherwise.
    public init(calls: Double, intervalSeconds: Double, ahtSeconds: Double, patienceSeconds: Double? = nil,
                model: QueueModel? = nil) {
        self.calls = calls
        self.intervalSeconds = intervalSeconds
        self.ahtSeconds = ahtSeconds
        self.patienceSeconds = patienceSeconds
        self.model = model ?? (patienceSeconds == nil ? .erlangC : .erlangA)
    }

    public var offeredLoad: Double { calls * ahtSeconds / intervalSeconds }

    /// Throws `StaffingError.invalid` for the first value out of range.
    public func validate() throws {
        guard calls.isFinite, calls >= 0 else {
            throw StaffingError.invalid(parameter: "calls", value: calls, expected: "a number of calls ≥ 0")
        }
        guard intervalSeconds.isFinite, intervalSeconds > 0 else {
            throw StaffingError.invalid(parameter: "intervalSeconds", value: intervalSeconds, expected: "seconds > 0, e.g. 1800")
        }
        guard ahtSeconds.isFinite, ahtSeconds > 0 else {
            throw StaffingError.invalid(parameter: "ahtSeconds", value: ahtSeconds, expected: "average handle time in seconds > 0")
        }
        if let patienceSeconds {
            guard patienceSeconds.isFinite, patienceSeconds > 0 else {
                throw StaffingError.invalid(parameter: "patienceSeconds", value: patienceSeconds, expected: "seconds > 0, e.g. 120")
            }
        }
        if model == .erlangA && patienceSeconds == nil {
            throw StaffingError.invalid(parameter: "patienceSeconds", value: .nan,
                                        expected: "a mean patience in seconds for Erlang A (or choose Erlang C)")
        }
        guard offeredLoad <= Staffing.maximumOfferedLoad else {
            throw StaffingError.invalid(parameter: "offeredLoad", value: offeredLoad,
                                        expected: "at most \(Staffing.format(Staffing.maximumOfferedLoad)) Erlangs (calls · AHT / interval); check the units")
        }
    }

    /// The figures of `agents` agents. Throws `StaffingError.unstable` for Erlang C with
    /// agents ≤ A, `.noConvergence` when the Erlang A series does not converge.
    public func figures(agents: Int, withinSeconds: Double) throws -> QueueFigures {
        try validate()
        guard agents >= 0 else {
            throw StaffingError.invalid(parameter: "agents", value: Double(agents), expected: "a number of agents ≥ 0")
        }
        guard withinSeconds.isFinite, withinSeconds >= 0 else {
            throw StaffingError.invalid(parameter: "withinSeconds", value: withinSeconds, expected: "seconds ≥ 0")
        }
        return try unchecked(agents: agents, withinSeconds: withinSeconds)
    }

    func unchecked(agents: Int, withinSeconds: Double) throws -> QueueFigures {
        switch model {
        case .erlangC:
            let e = ErlangC(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: ahtSeconds)
            guard let f = e.figures(agents: agents, withinSeconds: withinSeconds) else {
                throw StaffingError.unstable(agents: agents, offeredLoad: offeredLoad)
            }
            return f
        case .erlangA:
            let patience = patienceSeconds ?? .infinity
            let e = ErlangA(calls: calls, intervalSeconds: intervalSeconds, ahtSeconds: ahtSeconds, patienceSeconds: patience)
            guard let f = e.figures(agents: agents, withinSeconds: withinSeconds) else {
                throw StaffingError.noConvergence(
                    "Erlang A did not converge for patience \(Staffing.format(patience)) s with \(agents) agents; use a shorter patience or Erlang C")
            }
            return f
        }
    }
}

/// A staffing goal: any combination of a service level within T seconds, a highest average
/// speed of answer, a highest abandonment share and a highest occupancy. At least one is needed.
public struct StaffingGoal: Sendable, Codable, Hashable {
    /// Share of offered calls to answer within `withinSeconds`, in (0, 1); nil for none.
    public var serviceLevel: Double?
    public var withinSeconds: Double
    /// Highest mean wait of answered calls, seconds.
    public var maxAverageSpeedOfAnswer: Double?
    /// Highest share of offered calls abandoned (Erlang A only).
    public var maxAbandonment: Double?
    /// Highest occupancy, in (0, 1].
    public var maxOccupancy: Double?

    public init(serviceLevel: Double? = nil, withinSeconds: Double = 20, maxAverageSpeedOfAnswer: Double? = nil,
                maxAbandonment: Double? = nil, maxOccupancy: Double? = nil) {
        self.serviceLevel = serviceLevel
        self.withinSeconds = withinSeconds
        self.maxAverageSpeedOfAnswer = maxAverageSpeedOfAnswer
        self.maxAbandonment = maxAbandonment
        self.maxOccupancy = maxOccupancy
    }

    /// The same goal as a `ServiceGoal` (service level and occupancy cap), plus the extras given.
    public init(_ goal: ServiceGoal, maxAverageSpeedOfAnswer: Double? = nil, maxAbandonment: Double? = nil) {
        self.init(serviceLevel: goal.target, withinSeconds: goal.withinSeconds,
                  maxAverageSpeedOfAnswer: maxAverageSpeedOfAnswer, maxAbandonment: maxAbandonment,
                  maxOccupancy: goal.maxOccupancy)
    }

    public func validate(model: QueueModel) throws {
        if let serviceLevel {
            guard serviceLevel.isFinite, serviceLevel > 0, serviceLevel < 1 else {
                throw StaffingError.invalid(parameter: "serviceLevel", value: serviceLevel, expected: "a share strictly between 0 and 1, e.g. 0.8")
            }
        }
        guard withinSeconds.isFinite, withinSeconds >= 0 else {
            throw StaffingError.invalid(parameter: "withinSeconds", value: withinSeconds, expected: "seconds ≥ 0")
        }
        if let v = maxAverageSpeedOfAnswer {
            guard v.isFinite, v > 0 else {
                throw StaffingError.invalid(parameter: "maxAverageSpeedOfAnswer", value: v, expected: "seconds > 0, e.g. 30")
            }
        }
        if let v = maxAbandonment {
            guard v.isFinite, v > 0, v < 1 else {
                throw StaffingError.invalid(parameter: "maxAbandonment", value: v, expected: "a share strictly between 0 and 1, e.g. 0.05")
            }
            guard model == .erlangA else {
                throw StaffingError.invalid(parameter: "maxAbandonment", value: v,
                                            expected: "no abandonment goal with Erlang C (callers never hang up); use Erlang A with a patience")
            }
        }
        if let v = maxOccupancy {
            guard v.isFinite, v > 0, v <= 1 else {
                throw StaffingError.invalid(parameter: "maxOccupancy", value: v, expected: "a share in (0, 1], e.g. 0.85")
            }
        }
        guard serviceLevel != nil || maxAverageSpeedOfAnswer != nil || maxAbandonment != nil || maxOccupancy != nil else {
            throw StaffingError.invalid(parameter: "goal", value: .nan,
                                        expected: "at least one of a service level, a highest ASA, a highest abandonment or a highest occupancy")
        }
    }

    /// Margins of each criterion (≥ 0 when met), by name.
    func margins(_ f: QueueFigures) -> [(String, Double)] {
        var out: [(String, Double)] = []
        if let serviceLevel { out.append(("serviceLevel", f.serviceLevel - serviceLevel)) }
        if let maxAverageSpeedOfAnswer { out.append(("averageSpeedOfAnswer", maxAverageSpeedOfAnswer - f.averageSpeedOfAnswer)) }
        if let maxAbandonment { out.append(("abandonment", maxAbandonment - f.abandonment)) }
        if let maxOccupancy { out.append(("occupancy", maxOccupancy * (1 + 1e-12) - f.occupancy)) }
        return out
    }

    /// Whether figures meet every criterion of the goal.
    public func isMet(by f: QueueFigures) -> Bool {
        if let serviceLevel, f.serviceLevel < serviceLevel { return false }
        if let maxAverageSpeedOfAnswer, f.averageSpeedOfAnswer > maxAverageSpeedOfAnswer { return false }
        if let maxAbandonment, f.abandonment > maxAbandonment { return false }
        if let maxOccupancy, f.occupancy > maxOccupancy * (1 + 1e-12) { return false }
        return true
    }
}

/// The minimum agents for a goal.
public struct StaffingAnswer: Sendable, Codable, Hashable {
    /// The smallest whole number of agents meeting every criterion.
    public var agents: Int
    /// Where, between agents − 1 and agents, the binding criterion is met exactly (linear
    /// interpolation of that figure); sums of these over intervals round better than sums of `agents`.
    public var fractionalAgents: Double
    /// The criterion that decided `agents` (the last one met), e.g. "serviceLevel".
    public var binding: String
    public var figures: QueueFigures
}

extension Staffing {
    /// The smallest N meeting `goal` for `workload`, found by a doubling search and bisection
    /// over N (every figure is monotone in N), then its fractional value.
    public static func minimumAgents(_ workload: Workload, goal: StaffingGoal) throws -> StaffingAnswer {
        try workload.validate()
        try goal.validate(model: workload.model)
        let a = workload.offeredLoad
        let t = goal.withinSeconds
        guard a > 0 else {
            return StaffingAnswer(agents: 0, fractionalAgents: 0, binding: "none", figures: .idle(agents: 0))
        }
        // Lower bound: Erlang C needs N > A; an occupancy cap needs N ≥ A(1 − abandonment)/cap.
        var low: Int
        switch workload.model {
        case .erlangC:
            low = Int(a.rounded(.down)) + 1
            if let cap = goal.maxOccupancy { low = max(low, Int((a / cap * (1 - 1e-12)).rounded(.up))) }
        case .erlangA:
            low = 1
        }
        func evaluate(_ n: Int) throws -> QueueFigures { try workload.unchecked(agents: n, withinSeconds: t) }
        if workload.model == .erlangC {
            // Erlang C: walk N up from its lower bound with the Erlang B recursion, O(N) in all.
            let e = ErlangC(calls: workload.calls, intervalSeconds: workload.intervalSeconds, ahtSeconds: workload.ahtSeconds)
            var n = low
            var b = ErlangC.erlangB(load: a, servers: n)
            var previous: QueueFigures?
            while true {
                let f = e.figures(agents: n, withinSeconds: t, erlangB: b)
                if goal.isMet(by: f) {
                    if previous == nil && Double(n - 1) > a { previous = e.figures(agents: n - 1, withinSeconds: t) }
                    let (fractional, binding) = fractionalAgents(goal: goal, load: a, model: .erlangC, met: f,
                                                                 failing: (n - 1, previous))
                    return StaffingAnswer(agents: n, fractionalAgents: fractional, binding: binding, figures: f)
                }
                guard n < 10_000_000 else {
                    throw StaffingError.invalid(parameter: "goal", value: .nan, expected: "a goal that some number of agents up to 10,000,000 can meet")
                }
                previous = f
                n += 1
                let ab = a * b
                b = ab / (Double(n) + ab)
            }
        }
        // Start near the load (answers lie within a few √A of it), gallop up or down by steps
        // that double from √A, then bisect: O(log N) evaluations of O(N) each.
        let step0 = max(1, Int(a.squareRoot().rounded(.up)))
        let start = max(low, Int(a.rounded(.down)))
        var hi: Int, hiFigures: QueueFigures
        var lo: Int, loFigures: QueueFigures?
        let first = try evaluate(start)
        if goal.isMet(by: first) {
            hi = start; hiFigures = first
            var step = step0
            while true {
                let candidate = hi - step
                if candidate < low { lo = low - 1; loFigures = nil; break }
                let f = try evaluate(candidate)
                if goal.isMet(by: f) { hi = candidate; hiFigures = f; step *= 2 } else { lo = candidate; loFigures = f; break }
            }
        } else {
            lo = start; loFigures = first
            var step = step0
            while true {
                let candidate = lo + step
                guard candidate <= 10_000_000 else {
                    throw StaffingError.invalid(parameter: "goal", value: .nan, expected: "a goal that some number of agents up to 10,000,000 can meet")
                }
                let f = try evaluate(candidate)
                if goal.isMet(by: f) { hi = candidate; hiFigures = f; break } else { lo = candidate; loFigures = f; step *= 2 }
            }
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            let f = try evaluate(mid)
            if goal.isMet(by: f) { hi = mid; hiFigures = f } else { lo = mid; loFigures = f }
        }
        // The left neighbour's figures, for the fractional value (none below Erlang C's limit).
        if loFigures == nil && lo >= 0 && !(workload.model == .erlangC && Double(lo) <= a) {
            loFigures = try evaluate(lo)
        }
        let best = hiFigures
        let failing: (n: Int, f: QueueFigures?) = (lo, loFigures)
        let (fractional, binding) = fractionalAgents(goal: goal, load: a, model: workload.model,
                                                     met: best, failing: failing)
        return StaffingAnswer(agents: best.agents, fractionalAgents: fractional, binding: binding, figures: best)
    }

    /// The fractional agents: for each criterion failed at N − 1, where the line between its values
    /// at N − 1 and N crosses the goal; the largest of these. For Erlang C with N − 1 ≤ A the
    /// left end is the stability limit A (service level 0, 1/ASA 0, occupancy A/cap exact).
    static func fractionalAgents(goal: StaffingGoal, load a: Double, model: QueueModel,
                                 met: QueueFigures, failing: (n: Int, f: QueueFigures?)) -> (Double, String) {
        let n = Double(met.agents)
        let metMargins = goal.margins(met)
        var result = Double(failing.n)
        var binding = metMargins.min(by: { $0.1 < $1.1 })?.0 ?? "none"
        if let f = failing.f {
            let failMargins = goal.margins(f)
            var found = false
            for (i, (name, m0)) in failMargins.enumerated() where m0 < 0 {
                let m1 = metMargins[i].1
                let x = Double(failing.n) + (-m0) / max(m1 - m0, 1e-300)
                if x >= result { result = x; binding = name; found = true }
            }
            // No criterion failed at N − 1 (only at degenerate edges such as 0 agents): N itself.
            if !found { result = n }
            return (min(max(result, Double(failing.n)), n), binding)
        }
        // Erlang C, N − 1 ≤ A: interpolate from the stability limit.
        let left = a
        result = left
        if let target = goal.serviceLevel {
            let x = left + (n - left) * (target / max(met.serviceLevel, 1e-300))
            if x >= result { result = x; binding = "serviceLevel" }
        }
        if let maxASA = goal.maxAverageSpeedOfAnswer, met.averageSpeedOfAnswer > 0 {
            let x = left + (n - left) * ((1 / maxASA) / (1 / met.averageSpeedOfAnswer))
            if x >= result { result = x; binding = "averageSpeedOfAnswer" }
        }
        if let cap = goal.maxOccupancy {
            let x = a / cap
            if x >= result { result = x; binding = "occupancy" }
        }
        return (min(max(result, Double(failing.n)), n), binding)
    }
}
