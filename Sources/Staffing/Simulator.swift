import Foundation
import HotlineCore

/// A distribution of durations in seconds (handle time or patience).
public enum DurationDistribution: Sendable, Hashable, Codable, CustomStringConvertible {
    case exponential(mean: Double)
    case deterministic(Double)
    /// Log-normal with the given mean and coefficient of variation (sd / mean): handle times of
    /// real centers are close to this (Brown et al. 2005 on the Anonymous Bank data).
    case lognormal(mean: Double, cv: Double)
    /// Callers who never hang up (patience only).
    case infinite

    public var mean: Double {
        switch self {
        case let .exponential(m): return m
        case let .deterministic(v): return v
        case let .lognormal(m, _): return m
        case .infinite: return .infinity
        }
    }

    public func sample(_ rng: inout SplitMix64) -> Double {
        switch self {
        case let .exponential(m): return -m * log(rng.uniform())
        case let .deterministic(v): return v
        case let .lognormal(m, cv):
            let s2 = log1p(cv * cv)
            return m * exp(-s2 / 2 + s2.squareRoot() * rng.normal())
        case .infinite: return .infinity
        }
    }

    /// Parses `exp`, `det`, `lognormal:CV` (e.g. `lognormal:1.0`) or `none` with the given mean.
    public static func parse(_ text: String, mean: Double) -> DurationDistribution? {
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        switch parts.first ?? "" {
        case "exp", "exponential": return parts.count == 1 ? .exponential(mean: mean) : nil
        case "det", "deterministic", "constant": return parts.count == 1 ? .deterministic(mean) : nil
        case "lognormal", "ln":
            guard parts.count == 2, let cv = Double(parts[1]), cv > 0, cv.isFinite else { return nil }
            return .lognormal(mean: mean, cv: cv)
        case "none", "infinite": return .infinite
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case let .exponential(m): return "exponential (mean \(Staffing.format(m)) s)"
        case let .deterministic(v): return "constant \(Staffing.format(v)) s"
        case let .lognormal(m, cv): return "log-normal (mean \(Staffing.format(m)) s, cv \(Staffing.format(cv)))"
        case .infinite: return "never"
        }
    }
}

/// A figure estimated by simulation: the mean over replications and its confidence interval.
public struct Estimate: Sendable, Codable, Hashable {
    public var mean: Double
    public var lower: Double
    public var upper: Double
    /// Replications the estimate is made of (intervals without calls give no service figures).
    public var replications: Int
    /// Standard error of the mean (sd / √replications).
    public var standardError: Double

    public var halfWidth: Double { (upper - lower) / 2 }

    public func contains(_ x: Double) -> Bool { x >= lower && x <= upper }

    /// The same estimate with a Student-t interval at another confidence.
    public func interval(confidence: Double) -> Estimate {
        guard replications > 1 else { return self }
        let h = Statistics.studentQuantile(0.5 + confidence / 2, degreesOfFreedom: Double(replications - 1)) * standardError
        return Estimate(mean: mean, lower: mean - h, upper: mean + h, replications: replications, standardError: standardError)
    }

    /// Mean and Student-t interval at `confidence` of independent replication values.
    public static func of(_ values: [Double], confidence: Double) -> Estimate {
        let n = values.count
        guard n > 0 else { return Estimate(mean: .nan, lower: .nan, upper: .nan, replications: 0, standardError: .nan) }
        let mean = values.reduce(0, +) / Double(n)
        guard n > 1 else { return Estimate(mean: mean, lower: -.infinity, upper: .infinity, replications: 1, standardError: .infinity) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let se = (variance / Double(n)).squareRoot()
        let h = Statistics.studentQuantile(0.5 + confidence / 2, degreesOfFreedom: Double(n - 1)) * se
        return Estimate(mean: mean, lower: mean - h, upper: mean + h, replications: n, standardError: se)
    }
}

/// Simulated figures of one interval or of all measured intervals.
public struct SimulatedFigures: Sendable, Codable, Hashable {
    /// Calls that arrived (mean per replication).
    public var calls: Double
    public var serviceLevel: Estimate
    public var waitProbability: Estimate
    public var averageSpeedOfAnswer: Estimate
    public var abandonment: Estimate
    public var answerRate: Estimate
    public var occupancy: Estimate
}

/// One interval of a simulation: expected calls (Poisson arrivals at a constant rate) and
/// agents on phones; `measured` false for warm-up intervals.
public struct SimulationInterval: Sendable, Hashable, Codable {
    public var calls: Double
    public var agents: Int
    public var measured: Bool

    public init(calls: Double, agents: Int, measured: Bool = true) {
        self.calls = calls
        self.agents = agents
        self.measured = measured
    }
}

/// A discrete-event simulation of one FCFS queue (Poisson arrivals per interval, given handle
/// time and patience distributions, agents per interval), replicated for confidence intervals.
public struct QueueSimulation: Sendable {
    public var intervalSeconds: Double
    public var intervals: [SimulationInterval]
    public var handleTime: DurationDistribution
    public var patience: DurationDistribution
    public var withinSeconds: Double
    public var replications: Int
    public var seed: UInt64
    public var confidence: Double

    public init(intervalSeconds: Double, intervals: [SimulationInterval], handleTime: DurationDistribution,
                patience: DurationDistribution, withinSeconds: Double, replications: Int = 20, seed: UInt64 = 12345,
                confidence: Double = 0.99) {
        self.intervalSeconds = intervalSeconds
        self.intervals = intervals
        self.handleTime = handleTime
        self.patience = patience
        self.withinSeconds = withinSeconds
        self.replications = replications
        self.seed = seed
        self.confidence = confidence
    }

    /// A stationary queue: `warmUp` unmeasured intervals, then `measured` intervals, all with
    /// the workload's calls per interval and `agents` agents; exponential handle times, and
    /// exponential patience when the workload has one.
    public static func steady(_ workload: Workload, agents: Int, withinSeconds: Double, warmUp: Int = 2, measured: Int = 8,
                              replications: Int = 20, seed: UInt64 = 12345) -> QueueSimulation {
        let ivs = (0..<(warmUp + measured)).map {
            SimulationInterval(calls: workload.calls, agents: agents, measured: $0 >= warmUp)
        }
        let patience: DurationDistribution = workload.model == .erlangA ? (workload.patienceSeconds.map { .exponential(mean: $0) } ?? .infinite) : .infinite
        return QueueSimulation(intervalSeconds: workload.intervalSeconds, intervals: ivs,
                               handleTime: .exponential(mean: workload.ahtSeconds), patience: patience,
                               withinSeconds: withinSeconds, replications: replications, seed: seed)
    }

    public func validate() throws {
        guard intervalSeconds.isFinite, intervalSeconds > 0 else {
            throw StaffingError.invalid(parameter: "intervalSeconds", value: intervalSeconds, expected: "seconds > 0")
        }
        guard !intervals.isEmpty else { throw StaffingError.mismatchedLengths("a simulation needs at least one interval") }
        for (i, iv) in intervals.enumerated() {
            guard iv.calls.isFinite, iv.calls >= 0 else {
                throw StaffingError.invalid(parameter: "calls[\(i)]", value: iv.calls, expected: "calls ≥ 0")
            }
            guard iv.agents >= 0 else {
                throw StaffingError.invalid(parameter: "agents[\(i)]", value: Double(iv.agents), expected: "agents ≥ 0")
            }
        }
        guard handleTime.mean.isFinite, handleTime.mean > 0 else {
            throw StaffingError.invalid(parameter: "handleTime", value: handleTime.mean, expected: "a finite mean > 0")
        }
        if patience != .infinite, !(patience.mean.isFinite && patience.mean > 0) {
            throw StaffingError.invalid(parameter: "patience", value: patience.mean, expected: "a finite mean > 0, or none")
        }
        guard replications >= 2, replications <= 100_000 else {
            throw StaffingError.invalid(parameter: "replications", value: Double(replications), expected: "2 to 100,000")
        }
        guard withinSeconds.isFinite, withinSeconds >= 0 else {
            throw StaffingError.invalid(parameter: "withinSeconds", value: withinSeconds, expected: "seconds ≥ 0")
        }
        guard confidence > 0, confidence < 1 else {
            throw StaffingError.invalid(parameter: "confidence", value: confidence, expected: "a share in (0, 1), e.g. 0.99")
        }
    }

    /// Counts of one replication for one interval (by arrival interval; occupancy by clock).
    struct Counts {
        var offered = 0, answered = 0, answeredWithin = 0, abandoned = 0, waited = 0
        var waitAnswered = 0.0
        var busySeconds = 0.0, agentSeconds = 0.0
    }

    /// Runs all replications: figures per interval and over all measured intervals.
    public func run() throws -> (total: SimulatedFigures, intervals: [SimulatedFigures]) {
        try validate()
        var perRep: [[Counts]] = []
        perRep.reserveCapacity(replications)
        for r in 0..<replications {
            var rng = SplitMix64(seed: seed &+ UInt64(r) &* 0xD1B5_4A32_D192_ED03)
            perRep.append(replicate(&rng))
        }
        let measured = intervals.indices.filter { intervals[$0].measured }
        let total = summarize(perRep.map { counts in
            measured.reduce(into: Counts()) { acc, i in
                let c = counts[i]
                acc.offered += c.offered; acc.answered += c.answered; acc.answeredWithin += c.answeredWithin
                acc.abandoned += c.abandoned; acc.waited += c.waited; acc.waitAnswered += c.waitAnswered
                acc.busySeconds += c.busySeconds; acc.agentSeconds += c.agentSeconds
            }
        })
        let each = intervals.indices.map { i in summarize(perRep.map { $0[i] }) }
        return (total, each)
    }

    func summarize(_ reps: [Counts]) -> SimulatedFigures {
        func ratios(_ f: (Counts) -> Double?) -> Estimate { Estimate.of(reps.compactMap(f), confidence: confidence) }
        return SimulatedFigures(
            calls: Double(reps.reduce(0) { $0 + $1.offered }) / Double(max(reps.count, 1)),
            serviceLevel: ratios { $0.offered > 0 ? Double($0.answeredWithin) / Double($0.offered) : nil },
            waitProbability: ratios { $0.offered > 0 ? Double($0.waited) / Double($0.offered) : nil },
            averageSpeedOfAnswer: ratios { $0.answered > 0 ? $0.waitAnswered / Double($0.answered) : nil },
            abandonment: ratios { $0.offered > 0 ? Double($0.abandoned) / Double($0.offered) : nil },
            answerRate: ratios { $0.offered > 0 ? Double($0.answered) / Double($0.offered) : nil },
            occupancy: ratios { $0.agentSeconds > 0 ? $0.busySeconds / $0.agentSeconds : nil })
    }

    /// One replication: an event loop over arrivals, service completions and interval starts.
    func replicate(_ rng: inout SplitMix64) -> [Counts] {
        var counts = [Counts](repeating: Counts(), count: intervals.count)
        let end = intervalSeconds * Double(intervals.count)
        var completions = MinHeap()
        // The waiting line, FCFS: arrival time, abandonment time, arrival interval. Callers who
        // hang up stay in the line until they reach its head (their fate is known then).
        var lineArrival: [Double] = [], lineDeadline: [Double] = [], lineInterval: [Int] = []
        var head = 0
        var busy = 0
        var interval = 0
        var staffing = intervals[0].agents
        var now = 0.0
        let within = withinSeconds
        let infinitePatience = patience == .infinite

        func rate(_ i: Int) -> Double { intervals[i].calls / intervalSeconds }
        // Next arrival: exponential at the current interval's rate, restarted at boundaries.
        var arrivalInterval = 0
        var nextArrival = 0.0
        func drawArrival(from t: Double) -> Double {
            var t = t
            while arrivalInterval < intervals.count {
                let r = rate(arrivalInterval)
                let boundary = intervalSeconds * Double(arrivalInterval + 1)
                if r > 0 {
                    let candidate = t - log(rng.uniform()) / r
                    if candidate < boundary { return candidate }
                }
                t = boundary
                arrivalInterval += 1
            }
            return .infinity
        }
        nextArrival = drawArrival(from: 0)

        func advance(to t: Double) {
            // Busy and agent time accrue to the clock interval (split across boundaries is done
            // by processing the boundary as an event).
            if interval < intervals.count {
                let dt = t - now
                counts[interval].busySeconds += Double(busy) * dt
                counts[interval].agentSeconds += Double(staffing) * dt
            }
            now = t
        }
        func serveFromLine() {
            while busy < staffing && head < lineArrival.count {
                let arrived = lineArrival[head], deadline = lineDeadline[head], iv = lineInterval[head]
                head += 1
                if deadline <= now {
                    counts[iv].abandoned += 1
                } else {
                    let wait = now - arrived
                    counts[iv].answered += 1
                    counts[iv].waitAnswered += wait
                    if wait <= within { counts[iv].answeredWithin += 1 }
                    busy += 1
                    completions.push(now + handleTime.sample(&rng))
                }
            }
            if head > 4096 && head * 2 > lineArrival.count {
                lineArrival.removeFirst(head); lineDeadline.removeFirst(head); lineInterval.removeFirst(head)
                head = 0
            }
        }

        while true {
            let boundary = interval < intervals.count ? intervalSeconds * Double(interval + 1) : Double.infinity
            let completion = completions.top ?? .infinity
            if nextArrival <= completion && nextArrival <= boundary && nextArrival < .infinity {
                advance(to: nextArrival)
                let iv = min(Int(now / intervalSeconds), intervals.count - 1)
                counts[iv].offered += 1
                if busy < staffing && head == lineArrival.count {
                    counts[iv].answered += 1
                    counts[iv].answeredWithin += 1
                    busy += 1
                    completions.push(now + handleTime.sample(&rng))
                } else {
                    counts[iv].waited += 1
                    lineArrival.append(now)
                    lineDeadline.append(infinitePatience ? .infinity : now + patience.sample(&rng))
                    lineInterval.append(iv)
                }
                nextArrival = drawArrival(from: now)
            } else if boundary <= completion && boundary < .infinity {
                advance(to: boundary)
                interval += 1
                // After the last interval the last staffing stays until the line is empty.
                if interval < intervals.count { staffing = intervals[interval].agents }
                serveFromLine()
            } else if completion < .infinity {
                advance(to: completion)
                _ = completions.pop()
                busy -= 1
                serveFromLine()
                if interval >= intervals.count && head == lineArrival.count { break }
            } else {
                break
            }
        }
        // Callers still waiting when nobody is left to answer them hang up (or are lost).
        while head < lineArrival.count {
            counts[lineInterval[head]].abandoned += 1
            head += 1
        }
        _ = end
        return counts
    }
}

/// A binary min-heap of completion times.
struct MinHeap {
    var items: [Double] = []
    var top: Double? { items.first }

    mutating func push(_ x: Double) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p] <= items[i] { break }
            items.swapAt(p, i)
            i = p
        }
    }

    mutating func pop() -> Double? {
        guard !items.isEmpty else { return nil }
        let first = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && items[l] < items[m] { m = l }
                if r < n && items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(m, i)
                i = m
            }
        }
        return first
    }
}

/// Quantiles of the normal and Student-t distributions, for confidence intervals.
public enum Statistics {
    /// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
    public static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            return (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r+a[5])*q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r+1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
        }
    }

    /// The Student-t quantile: exact for 1 and 2 degrees of freedom, otherwise the Cornish–Fisher
    /// expansion in 1/ν (Abramowitz & Stegun 26.7.5), within 1e-3 for ν ≥ 5.
    public static func studentQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        if nu == 1 { return tan(Double.pi * (p - 0.5)) }
        if nu == 2 { let a = 4 * p * (1 - p); return (2 * p - 1) * (2 / a).squareRoot() }
        let z = normalQuantile(p)
        let z2 = z * z
        let g1 = (z2 + 1) * z / 4
        let g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
        let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
        let g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
        return z + g1 / nu + g2 / (nu * nu) + g3 / (nu * nu * nu) + g4 / (nu * nu * nu * nu)
    }
}
