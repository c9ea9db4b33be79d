import Foundation

/// The Erlang A queue (M/M/N+M): as Erlang C, but each waiting caller hangs up after an
/// exponentially distributed patience (mean `patienceSeconds`). Always has a steady state.
///
/// Time is measured in handle times (μ = 1): arrivals at rate A (the offered load), N agents,
/// each waiting caller abandons at rate γ = AHT / patience. The steady state is that of a
/// birth–death chain with death rate k for k ≤ N and N + jγ with j callers waiting; with
/// w_j = π_{N+j}/π_N = Π_{i=1..j} A/(N + iγ) and L = Σ_{k<N} π_k/π_N (the recursion
/// L(n+1) = (L(n) + 1)(n+1)/A, which is 1/B(n+1) − 1 in Erlang B terms), every figure is a ratio
/// of sums of positive terms, computed in scaled doubles so nothing overflows or cancels:
/// - a caller who finds j callers waiting ahead advances at rates N + jγ, N + (j−1)γ, …, N and
///   abandons at rate γ; the product of the chances to advance before abandoning telescopes to
///   P(served | j) = N / (N + (j+1)γ), and E[V·e^{−γV} | j] (V the offered wait) is
///   P(served | j) · Σ_{i=1..j+1} 1/(N + iγ), which gives the average speed of answer;
/// - the offered wait V of callers who wait has density ∝ exp(A/γ·(1 − e^{−γx}) − N x)
///   (Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn, "The M/M/n+G queue: summary of
///   performance measures"); with u = (A/γ)e^{−γx} the share of answered waiting callers
///   whose wait exceeds T is γ(s+1, a·e^{−γT}) / γ(s+1, a), a = A/γ, s = N/γ, a ratio of lower
///   incomplete gamma functions computed in logarithms (series below the mean, Lentz's
///   continued fraction above it).
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

    /// The steady-state sums of one N (see the type's documentation), in a common scale.
    struct Sums {
        var lower: Double      // L = Σ_{k<N} π_k/π_N
        var waiting: Double    // S0 = Σ_{j≥0} w_j: all agents busy
        var queue: Double      // Σ j·w_j
        var served: Double     // Σ w_j · N/(N+(j+1)γ)
        var abandoned: Double  // Σ w_j · (j+1)γ/(N+(j+1)γ)
        var waitServed: Double // Σ w_j · N/(N+(j+1)γ) · Σ_{i=1..j+1} 1/(N+iγ)   (in handle times)
        var total: Double { lower + waiting }
    }

    func sums(agents: Int) -> Sums? {
        let a = offeredLoad
        let n = Double(max(agents, 0))
        let gamma = ahtSeconds / patienceSeconds
        let big = 0x1p600, small = 0x1p-600
        // L(n), scaled by 2^(-600·scale) whenever it grows large.
        var lower = 0.0
        var lowerScale = 0
        if agents > 0 {
            var unit = 1.0   // the "1" of the recursion in the current scale
            for k in 0..<agents {
                lower = (lower + unit) * (Double(k + 1) / a)
                if lower > big { lower *= small; unit *= small; lowerScale += 1 }
            }
        }
        // The queue part: w_0 = 1, w_j = w_{j−1}·A/(N + jγ); scaled the same way.
        var w = 1.0, scale = 0
        var s0 = 0.0, sq = 0.0, ss = 0.0, sa = 0.0, sw = 0.0
        var h = 0.0   // Σ_{i=1..j+1} 1/(N + iγ)
        var j = 0
        while true {
            let next = n + Double(j + 1) * gamma
            h += 1 / next
            let served = n / next
            s0 += w
            sq += Double(j) * w
            ss += w * served
            sa += w * (Double(j + 1) * gamma / next)
            sw += w * served * h
            let ratio = a / next
            w *= ratio
            if w > big {
                w *= small; s0 *= small; sq *= small; ss *= small; sa *= small; sw *= small; scale += 1
            }
            j += 1
            if ratio < 1 {
                // Terms now shrink at least geometrically (ratio r): the tail of Σ j·w_j after
                // this point is at most w·(j/(1−r) + 1/(1−r)²); stop when it is negligible.
                let r = ratio
                if w * (Double(j) / (1 - r) + 1 / ((1 - r) * (1 - r))) <= 1e-17 * max(sq, s0) || w == 0 { break }
            }
            if j > ErlangA.maximumTerms { return nil }
        }
        // Bring both parts to a common scale.
        let shift = Double(scale - lowerScale) * 600
        if shift >= 0 {
            lower = lower * exp2(-min(shift, 2000))
        } else {
            let f = exp2(max(shift, -2000))
            s0 *= f; sq *= f; ss *= f; sa *= f; sw *= f
        }
        return Sums(lower: lower, waiting: s0, queue: sq, served: ss, abandoned: sa, waitServed: sw)
    }

    /// Steady-state figures of the queue with `agents` agents; nil only when the series did not
    /// converge within `maximumTerms` terms (a patience absurdly long for the load).
    public func steadyState(agents: Int) -> (abandonment: Double, waitProbability: Double, meanQueue: Double)? {
        guard offeredLoad > 0 else { return (0, 0, 0) }
        guard let s = sums(agents: agents) else { return nil }
        let total = s.total
        return (clamp(s.abandoned / total), clamp(s.waiting / total), s.queue / total)
    }

    /// Share of offered calls that abandon; nil only when the series does not converge.
    public func abandonment(agents: Int) -> Double? { steadyState(agents: agents)?.abandonment }

    /// All figures of `agents` agents. Service level is the share of offered calls answered
    /// within `withinSeconds` (calls that hang up count as not answered in time); ASA is the mean
    /// wait of answered calls. Nil only when the series does not converge.
    public func figures(agents: Int, withinSeconds: Double) -> QueueFigures? {
        let a = offeredLoad
        guard a > 0 else { return QueueFigures.idle(agents: agents) }
        if agents <= 0 {
            // Nobody answers: every caller waits and hangs up.
            return QueueFigures(agents: 0, offeredLoad: a, waitProbability: 1, serviceLevel: 0, averageSpeedOfAnswer: 0,
                                occupancy: 1, abandonment: 1, answerRate: 0, meanQueue: a * patienceSeconds / ahtSeconds)
        }
        guard let s = sums(agents: agents) else { return nil }
        let total = s.total
        let gamma = ahtSeconds / patienceSeconds
        let n = Double(max(agents, 0))
        // Share of answered waiting callers whose wait exceeds T.
        var late = 0.0
        if agents > 0 && s.served > 0 {
            late = ErlangA.lateShare(agents: n, load: a, gamma: gamma, withinHandleTimes: withinSeconds / ahtSeconds)
        }
        let answered = (s.lower + s.served) / total
        let abandonment = clamp(s.abandoned / total)
        let serviceLevel = clamp((s.lower + s.served * (1 - late)) / total)
        let asa = answered > 0 ? (s.waitServed / total) / answered * ahtSeconds : 0
        let occupancy = agents > 0 ? min(a * (1 - abandonment) / n, 1) : 1
        return QueueFigures(agents: agents, offeredLoad: a, waitProbability: clamp(s.waiting / total),
                            serviceLevel: serviceLevel, averageSpeedOfAnswer: asa, occupancy: occupancy,
                            abandonment: abandonment, answerRate: clamp(1 - abandonment),
                            meanQueue: s.queue / total)
    }

    /// γ(s+1, a·e^{−γT}) / γ(s+1, a) with a = A/γ, s = N/γ: the share of answered waiting callers
    /// who wait longer than T (T in handle times).
    static func lateShare(agents n: Double, load: Double, gamma: Double, withinHandleTimes t: Double) -> Double {
        guard t > 0 else { return 1 }
        guard t.isFinite else { return 0 }
        let s = n / gamma + 1
        let a = load / gamma
        let logA = log(a)
        let logX = logA - gamma * t
        let x = a * exp(-gamma * t)
        let ratio = exp(logLowerGamma(s, x: x, logX: logX) - logLowerGamma(s, x: a, logX: logA))
        return min(max(ratio, 0), 1)
    }

    /// log γ(s, x), the lower incomplete gamma function (not regularised), for s > 0, x ≥ 0.
    static func logLowerGamma(_ s: Double, x: Double, logX: Double) -> Double {
        if x <= 0 { return -.infinity }
        if x < s + 1 {
            // γ(s,x) = x^s e^{−x} Σ_{k≥0} x^k / (s(s+1)…(s+k)).
            var term = 1 / s, sum = term
            var k = 1.0
            while k < 1e7 {
                term *= x / (s + k)
                sum += term
                if term < sum * 1e-17 { break }
                k += 1
            }
            return s * logX - x + log(sum)
        }
        // Γ(s,x) by Lentz's continued fraction; γ = Γ(s) − Γ(s,x) = Γ(s)(1 − Q).
        let tiny = 1e-300
        var b = x + 1 - s
        var c = 1 / tiny
        var d = 1 / b
        var f = d
        var i = 1.0
        while i < 1e7 {
            let an = -i * (i - s)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        let logQ = s * logX - x + log(f) - lgamma(s)
        return lgamma(s) + log1p(-exp(logQ))
    }

    static func logAddExp(_ x: Double, _ y: Double) -> Double {
        if x == -.infinity { return y }
        if y == -.infinity { return x }
        let m = max(x, y)
        return m + log1p(exp(-abs(x - y)))
    }
}

func clamp(_ x: Double) -> Double { min(max(x, 0), 1) }
