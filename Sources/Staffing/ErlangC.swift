import Foundation

/// The Erlang C queue (M/M/N): Poisson arrivals, exponential handle times, N agents, callers
/// who wait as long as it takes.
///
/// Computed without factorials, so it stays finite for any N (tens of thousands of agents):
/// the Erlang B recursion `B(n) = A·B(n−1) / (n + A·B(n−1))`, `B(0) = 1`, then
/// `C = N·B / (N − A(1 − B))`. With `N ≤ A` the queue has no steady state (it grows without
/// bound); the functions then return nil instead of a number.
public struct ErlangC: Sendable {
    public let calls: Double
    public let intervalSeconds: Double
    public let ahtSeconds: Double

    /// `calls` arriving in an interval of `intervalSeconds`, each handled in `ahtSeconds` on
    /// average. `Staffing` validates these; this type assumes calls ≥ 0 and positive durations.
    public init(calls: Double, intervalSeconds: Double, ahtSeconds: Double) {
        self.calls = calls
        self.intervalSeconds = intervalSeconds
        self.ahtSeconds = ahtSeconds
    }

    /// Offered load A in Erlangs: calls · AHT / interval.
    public var offeredLoad: Double { calls * ahtSeconds / intervalSeconds }

    /// Erlang B blocking probability of `servers` lines offered `load` Erlangs (the recursion).
    public static func erlangB(load: Double, servers: Int) -> Double {
        guard servers > 0 else { return 1 }
        guard load > 0 else { return 0 }
        var b = 1.0
        for n in 1...servers {
            let ab = load * b
            b = ab / (Double(n) + ab)
        }
        return b
    }

    /// Whether `agents` agents give a steady state (N > A).
    public func isStable(agents: Int) -> Bool { Double(agents) > offeredLoad }

    /// Probability that a call waits at all (Erlang C); nil when agents ≤ A (unstable).
    public func waitProbability(agents: Int) -> Double? {
        let a = offeredLoad
        let n = Double(agents)
        guard n > a else { return nil }
        return ErlangC.erlangC(load: a, servers: agents, erlangB: ErlangC.erlangB(load: a, servers: agents))
    }

    /// C from B for N servers: N·B / (N − A(1 − B)), clamped to [0, 1] against rounding.
    static func erlangC(load a: Double, servers: Int, erlangB b: Double) -> Double {
        let n = Double(servers)
        let c = n * b / (n - a * (1 - b))
        return min(max(c, 0), 1)
    }

    /// Share of calls answered within `withinSeconds`: 1 − C·exp(−(N−A)·T/AHT); nil when unstable.
    public func serviceLevel(agents: Int, withinSeconds: Double) -> Double? {
        guard let c = waitProbability(agents: agents) else { return nil }
        return ErlangC.serviceLevel(c: c, load: offeredLoad, agents: agents,
                                    withinSeconds: withinSeconds, ahtSeconds: ahtSeconds)
    }

    static func serviceLevel(c: Double, load: Double, agents: Int, withinSeconds: Double, ahtSeconds: Double) -> Double {
        let sl = 1 - c * exp(-(Double(agents) - load) * withinSeconds / ahtSeconds)
        return min(max(sl, 0), 1)
    }

    /// Average speed of answer in seconds (over all calls): C·AHT/(N−A); nil when unstable.
    public func averageSpeedOfAnswer(agents: Int) -> Double? {
        guard let c = waitProbability(agents: agents) else { return nil }
        return c * ahtSeconds / (Double(agents) - offeredLoad)
    }

    /// Agent occupancy A/N, capped at 1 (1 also for N = 0 with load, 0 without load).
    public func occupancy(agents: Int) -> Double {
        let a = offeredLoad
        guard a > 0 else { return 0 }
        guard agents > 0 else { return 1 }
        return min(a / Double(agents), 1)
    }
}

extension ErlangC {
    /// All figures of `agents` agents (abandonment 0, answer rate 1: callers never hang up);
    /// nil when agents ≤ A (no steady state) and calls are offered.
    public func figures(agents: Int, withinSeconds: Double) -> QueueFigures? {
        let a = offeredLoad
        guard a > 0 else { return QueueFigures.idle(agents: agents) }
        guard Double(agents) > a else { return nil }
        return figures(agents: agents, withinSeconds: withinSeconds, erlangB: ErlangC.erlangB(load: a, servers: agents))
    }

    /// The figures of `agents` > A agents from the Erlang B value of `agents` lines.
    func figures(agents: Int, withinSeconds: Double, erlangB b: Double) -> QueueFigures {
        let a = offeredLoad
        let c = ErlangC.erlangC(load: a, servers: agents, erlangB: b)
        let n = Double(agents)
        return QueueFigures(agents: agents, offeredLoad: a, waitProbability: c,
                            serviceLevel: ErlangC.serviceLevel(c: c, load: a, agents: agents,
                                                               withinSeconds: withinSeconds, ahtSeconds: ahtSeconds),
                            averageSpeedOfAnswer: c * ahtSeconds / (n - a), occupancy: occupancy(agents: agents),
                            abandonment: 0, answerRate: 1, meanQueue: c * a / (n - a))
    }
}
