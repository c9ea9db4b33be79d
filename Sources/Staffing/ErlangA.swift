import Foundation

/// The Erlang A queue (M/M/N+M): as Erlang C, but each waiting caller hangs up after an
/// exponentially distributed patience (mean `patienceSeconds`). Always has a steady state.
///
/// The steady state is that of a birth–death chain with birth rate λ and death rate kμ for
/// k ≤ N, Nμ + (k−N)θ above (μ = 1/AHT, θ = 1/patience). It is computed exactly (to double
/// precision) in logarithms, so no factorial or power overflows:
/// - the states 0…N sum to π_N / B(N, A) (Erlang B), and log(1/B) follows the stable
///   recursion 1/B(n) = 1 + (n/A)·1/B(n−1);
/// - the states above N are π_N · Π_{i=1..j} A/(N + iγ) with γ = θ/μ, summed until the terms
///   no longer matter (they decay faster than geometrically once N + jγ > A).
/// The abandonment probability is then, by flow balance, θ·E[queue]/λ = (γ/A)·E[queue].
public struct ErlangA: Sendable {
    public let calls: Double
    public let intervalSeconds: Double
    public let ahtSeconds: Double
    public let patienceSeconds: Double

    public init(calls: Double, intervalSeconds: Double, ahtSeconds: Double, patienceSeconds: Double) {
        self.calls = calls
        self.intervalSeconds = intervalSeconds
        self.ahtSeconds = ahtSeconds
        self.patienceSeconds = patienceSeconds
    }

    public var offeredLoad: Double { calls * ahtSeconds / intervalSeconds }

    /// The most terms of the queue part that are summed before giving up (nil is returned).
    public static let maximumTerms = 20_000_000

    /// Steady-state figures of the queue with `agents` agents; nil only when the series did not
    /// converge within `maximumTerms` terms (a patience absurdly long for the load).
    public func steadyState(agents: Int) -> (abandonment: Double, waitProbability: Double, meanQueue: Double)? {
        let a = offeredLoad
        guard a > 0 else { return (0, 0, 0) }
        let n = Double(max(agents, 0))
        let gamma = ahtSeconds / patienceSeconds   // θ/μ

        // log of Σ_{k=0..N} π_k/π_N = log(1/B(N)), via 1/B(n) = 1 + (n/A)/B(n−1).
        var logLower = 0.0
        if agents > 0 {
            for k in 1...agents {
                logLower = ErlangA.logAddExp(0, log(Double(k) / a) + logLower)
            }
        }

        // Σ_{j≥1} t_j and Σ_{j≥1} j·t_j with log t_j = Σ_{i≤j} log(A/(N + iγ)), in logarithms.
        var logT = 0.0
        var logS = -Double.infinity
        var logS1 = -Double.infinity
        var j = 0
        while true {
            j += 1
            if j > ErlangA.maximumTerms { return nil }
            let denominator = n + Double(j) * gamma
            logT += log(a / denominator)
            logS = ErlangA.logAddExp(logS, logT)
            logS1 = ErlangA.logAddExp(logS1, logT + log(Double(j)))
            // Past the peak (ratio < 1) terms shrink monotonically and faster than geometrically;
            // stop once the remaining tail cannot change either sum in double precision.
            let ratio = a / (n + Double(j + 1) * gamma)
            if ratio < 1 {
                // For m ≥ 1, t_{j+m} ≤ t_j·r^m, so Σ_{m≥1} (j+m)·t_{j+m} ≤ t_j·(j·r/(1−r) + r/(1−r)²).
                let tailBound = logT + log(Double(j) * ratio / (1 - ratio) + ratio / ((1 - ratio) * (1 - ratio)))
                let countTailBound = logT + log(ratio / (1 - ratio))   // Σ_{m≥1} t_{j+m} ≤ t_j·r/(1−r)
                if tailBound < logS1 - 40 && countTailBound < logS - 40 { break }
            }
        }
        let logTotal = ErlangA.logAddExp(logLower, logS)
        let meanQueue = exp(logS1 - logTotal)
        // P(wait) by PASTA: the probability that all agents are busy, π_N + Σ_{j≥1} π_{N+j}.
        let waitProbability = exp(ErlangA.logAddExp(0, logS) - logTotal)
        let abandonment = min(max(gamma / a * meanQueue, 0), 1)
        return (abandonment, min(max(waitProbability, 0), 1), meanQueue)
    }

    /// Share of offered calls that abandon; nil only when the series does not converge.
    public func abandonment(agents: Int) -> Double? { steadyState(agents: agents)?.abandonment }

    static func logAddExp(_ x: Double, _ y: Double) -> Double {
        if x == -.infinity { return y }
        if y == -.infinity { return x }
        let m = max(x, y)
        return m + log1p(exp(-abs(x - y)))
    }
}
