import Foundation
import HotlineCore
import Optimization

/// One month of a capacity plan: the row of the month table and of `months` in the JSON.
public struct CapacityMonthRow: Sendable, Codable, Equatable {
    public var month: PlanMonth
    public var calls: Double
    public var requiredAgentHours: Double
    public var paidAgentHours: Double
    /// Agents needed for the paid hours (hours / hours per agent), and the headcount with the other roles.
    public var requiredAgents: Double
    public var requiredHeadcount: Double
    /// The contract floor of the month (≥ min_total and the role minimums).
    public var floor: Int
    /// Expected people on staff at the end of the month (trainees counted only when the profile says so),
    /// and the simulated band: the (1 − confidence) and confidence quantiles.
    public var supplyExpected: Double
    public var supplyLow: Int
    public var supplyHigh: Int
    /// Productive agents expected at the end of the month.
    public var agentsExpected: Double
    /// People starting training this month (hires) and classes started.
    public var hires: Int
    public var trainingStarts: Int
    /// People finishing training (expected survivors of the classes that become productive this month).
    public var readyFromTraining: Double
    public var expectedSeparations: Double
    /// Non-agent roles are backfilled one for one: the expected hires for that.
    public var backfillHires: Double
    public var overtimeHours: Double
    /// Planned shortfall (agent-hours the plan leaves uncovered) and the simulated expectation.
    public var shortfallHours: Double
    public var expectedShortfallHours: Double
    public var probabilityBelowFloor: Double
    public var probabilityBelowAgentMinimum: Double
    public var probabilityRequirementMissed: Double
    /// The safety buffer (people) the program planned above the floor in this month.
    public var buffer: Int
    /// Expected separations of the month / expected headcount × 12.
    public var turnoverAnnualised: Double
}

public struct CapacityClass: Sendable, Codable, Equatable {
    public var start: PlanMonth
    public var size: Int
    public var productiveFrom: PlanMonth
}

public struct CapacityCost: Sendable, Codable, Equatable {
    public var salary: Double
    public var hiring: Double
    public var training: Double
    public var overtime: Double
    public var shortfallPenalty: Double
    public var floorPenalty: Double
    public var total: Double
}

public struct CapacityTurnover: Sendable, Codable, Equatable {
    /// Expected separations over the horizon / average headcount, annualised.
    public var rate: Double
    public var cap: Double
    public var withinCap: Bool
    public var expectedSeparations: Double
}

/// A capacity and hiring plan: the result of `CapacityPlanner.plan`.
public struct CapacityPlan: Sendable, Codable {
    public var from: PlanMonth
    public var monthCount: Int
    public var months: [CapacityMonthRow]
    public var classes: [CapacityClass]
    public var totalHires: Int
    public var cost: CapacityCost
    public var turnover: CapacityTurnover
    public var annualAttrition: Double
    public var attritionSource: String
    public var confidence: Double
    public var leadMonths: Int
    public var trainingWeeks: Int
    public var classSizeMin: Int
    public var classSizeMax: Int
    public var tourEfficiency: Double
    public var tourEfficiencySource: String
    public var floorTotal: Int
    public var startingHeadcount: Int
    public var startingAgents: Int
    public var rounds: Int
    public var runs: Int
    public var seed: UInt64
    public var maxProbabilityBelowFloor: Double
    public var meetsConfidence: Bool
    /// Plain statements of what the plan cannot meet (empty when it meets everything).
    public var cannotMeet: [String]
    public var warnings: [String]
    public var forecastModel: String
    public var forecastSource: String
    public var solver: SolverSummary
    public var seconds: Double
}

public struct SolverSummary: Sendable, Codable, Equatable {
    public var name: String
    public var status: String
    public var objective: Double?
    public var bound: Double?
    public var gap: Double?
    public var seconds: Double
}

/// The capacity planner: an integer program over training classes and overtime against a
/// chance-constrained floor, and a seeded Monte Carlo of attrition that checks it.
///
/// The program (month t, class start τ, lead L months, monthly survival r = 1 − h):
/// - `class_τ` ∈ {0, min..max} people (with `open_τ` integer, min·open ≤ class ≤ max·open);
/// - expected productive agents A_t = Σ existing agents productive in t × r^(t+1)
///   + Σ_{τ+L ≤ t} class_τ × r^(t−τ+1) (ramp factors for the hours);
/// - floor: A_t − buffer_t + others + floorShort_t ≥ floor (and the agent minimum the same way);
/// - hours: hours_t × (A_t − buffer_t) + overtime_t + short_t ≥ paid agent-hours;
/// - overtime_t ≤ cap × (A_t − buffer_t);
/// - minimise salary of new hires + hiring + training + overtime premium + shortfall and floor penalties.
/// `buffer_t` starts at the binomial gap between the expected and the (1 − confidence) quantile of
/// today's agents' survivors, and rises by one in each month the simulation finds the floor (or a
/// requirement the plan meant to meet) held with less than the confidence, for a few rounds.
public enum CapacityPlanner {
    public static func plan(_ input: CapacityInput, solver: any MIPSolver = GLPKSolver()) throws -> CapacityPlan {
        let clock = ContinuousClock.now
        try input.validate()
        let T = input.need.count
        let agentMin = input.roleMinimums[.agent] ?? 0
        let floor = max(input.floorTotal, input.roleMinimums.values.reduce(0, +))
        let agents = input.people.filter { $0.role == .agent }
        let others = input.people.filter { $0.role != .agent && ($0.leavesIn == nil) }.count
        let r = 1 - input.monthlyHazard
        var cannotMeet: [String] = []
        var warnings: [String] = []
        for (role, m) in input.roleMinimums.sorted(by: { $0.key < $1.key }) where role != .agent {
            let n = input.people.filter { $0.role == role }.count
            if n < m { cannotMeet.append("role \(role.rawValue): \(n) on staff, the contract asks for \(m); this plan hires phone agents only, hire \(m - n) \(role.rawValue) directly") }
        }

        // Existing agents' expected counts.
        var baseHead = [Double](repeating: 0, count: T), baseHoursAgents = [Double](repeating: 0, count: T)
        var baseCount = [Int](repeating: 0, count: T)
        for p in agents {
            for t in 0..<T where p.productiveFrom <= t && (p.leavesIn.map { t < $0 } ?? true) {
                let s = pow(r, Double(t + 1))
                baseHead[t] += s
                baseCount[t] += 1
                baseHoursAgents[t] += s * (1 - (p.absence[t] ?? 0)) * p.contractHoursPerWeek / input.newHireContractHours
            }
        }
        // Trainees already in the store count for the floor when the profile says so.
        var traineeHead = [Double](repeating: 0, count: T)
        if input.settings.traineesCountForFloor {
            for p in agents { for t in 0..<T where p.productiveFrom > t && (p.leavesIn.map { t < $0 } ?? true) { traineeHead[t] += pow(r, Double(t + 1)) } }
        }
        var buffer = (0..<T).map { t in binomialBuffer(n: baseCount[t], p: pow(r, Double(t + 1)), confidence: input.confidence) }

        var rounds = 0
        var best: (Solved, Simulation)?
        while true {
            rounds += 1
            let solved = try solve(input, buffer: buffer, baseHead: baseHead, baseHoursAgents: baseHoursAgents, traineeHead: traineeHead,
                                   others: others, floor: floor, agentMin: agentMin, solver: solver)
            let sim = simulate(input, classes: solved.classSizes, overtime: solved.overtime, others: others, floor: floor, agentMin: agentMin)
            best = (solved, sim)
            let tolerance = 1 - input.confidence
            var raised = false
            for t in 0..<T {
                let floorMissed = sim.pBelowFloor[t] > tolerance + 1e-12 || sim.pBelowAgentMin[t] > tolerance + 1e-12
                let reqMissed = solved.shortfall[t] < 1e-6 && sim.pRequirementMissed[t] > tolerance + 1e-12
                if (floorMissed || reqMissed) && solved.floorShort[t] < 1e-6 && buffer[t] < 200 {
                    // Only months a class can still reach (t ≥ lead) can be helped by a larger buffer.
                    if t >= input.leadMonths { buffer[t] += 1; raised = true }
                }
            }
            if !raised || rounds >= input.maxRounds { break }
        }
        let (solved, sim) = best!
        let L = input.leadMonths
        let tol = 1 - input.confidence
        for t in 0..<T where solved.floorShort[t] > 1e-6 {
            cannotMeet.append("\(input.need[t].month): the floor of \(floor) staff cannot be met (expected \(String(format: "%.1f", solved.floorShort[t])) short)"
                + (t < L ? "; a class started now is productive only from \(input.need[0].month.adding(months: L)) (\(input.settings.trainingWeeks) weeks of training)" : "; classes of at most \(input.settings.classSizeMax) cannot close the gap"))
        }
        for t in 0..<T where solved.floorShort[t] <= 1e-6 && sim.pBelowFloor[t] > tol + 1e-12 {
            cannotMeet.append("\(input.need[t].month): P(staff < \(floor)) is \(String(format: "%.1f%%", sim.pBelowFloor[t] * 100)), above the \(String(format: "%.0f%%", tol * 100)) allowed"
                + (t < L ? " (before the first class can be productive)" : ""))
        }
        for t in 0..<T where solved.shortfall[t] > 0.5 {
            cannotMeet.append("\(input.need[t].month): \(Int(solved.shortfall[t].rounded())) required agent-hours are left uncovered by the plan")
        }

        // Rows.
        var rows: [CapacityMonthRow] = []
        var totalSalary = 0.0
        for t in 0..<T {
            let h = input.hoursPerAgent(t)
            var ready = 0.0
            var newHead = 0.0, newPay = 0.0
            for τ in 0...t where solved.classSizes[τ] > 0 {
                let s = Double(solved.classSizes[τ]) * pow(r, Double(t - τ + 1))
                newPay += s
                if τ + L == t { ready += s }
                if τ + L <= t || input.settings.traineesCountForFloor { newHead += s }
            }
            let existingPay = baseHead[t] + agents.filter { $0.productiveFrom > t && ($0.leavesIn.map { t < $0 } ?? true) }.count.d * pow(r, Double(t + 1))
            totalSalary += (existingPay + newPay) * h * input.hourlyWage + Double(others) * h * input.hourlyWage
            let needAgents = input.need[t].paidAgentHours / max(h, 1e-9)
            let expected = baseHead[t] + traineeHead[t] + newHead + Double(others)
            let backfill = Double(others) * input.monthlyHazard
            let seps = sim.separations[t] + backfill
            rows.append(CapacityMonthRow(
                month: input.need[t].month, calls: input.need[t].calls.rounded(), requiredAgentHours: input.need[t].requiredAgentHours.rounded(),
                paidAgentHours: input.need[t].paidAgentHours.rounded(), requiredAgents: round1(needAgents),
                requiredHeadcount: round1(max(needAgents, Double(agentMin)) + Double(others)), floor: floor,
                supplyExpected: round1(expected), supplyLow: sim.low[t], supplyHigh: sim.high[t],
                agentsExpected: round1(baseHead[t] + newHead - (input.settings.traineesCountForFloor ? 0 : 0)),
                hires: solved.classSizes[t], trainingStarts: solved.classCounts[t], readyFromTraining: round1(ready),
                expectedSeparations: round1(seps), backfillHires: round1(backfill), overtimeHours: solved.overtime[t].rounded(),
                shortfallHours: solved.shortfall[t].rounded(), expectedShortfallHours: sim.shortfallHours[t].rounded(),
                probabilityBelowFloor: round4(sim.pBelowFloor[t]), probabilityBelowAgentMinimum: round4(sim.pBelowAgentMin[t]),
                probabilityRequirementMissed: round4(sim.pRequirementMissed[t]), buffer: buffer[t],
                turnoverAnnualised: round4(expected > 0 ? seps / expected * 12 : 0)))
        }
        let totalHires = solved.classSizes.reduce(0, +)
        let hiring = Double(totalHires) * input.settings.hiringCost + rows.reduce(0) { $0 + $1.backfillHires } * input.settings.hiringCost
        let training = Double(totalHires) * input.settings.trainingCost
        let overtime = solved.overtime.reduce(0, +) * input.hourlyWage * input.overtimeMultiplier
        let shortPen = solved.shortfall.reduce(0, +) * input.settings.shortfallPenalty
        let floorPen = solved.floorShort.reduce(0, +) * input.settings.floorPenalty
        let seps = rows.reduce(0) { $0 + $1.expectedSeparations }
        let avgHead = rows.reduce(0) { $0 + $1.supplyExpected } / Double(T)
        let rate = avgHead > 0 ? seps / avgHead * 12 / Double(T) : 0
        if rate > input.turnoverCap {
            warnings.append(String(format: "expected turnover %.1f%% a year is above the %.0f%% KPI (people leaving for civil-service or public-institution posts do not count; the simulation counts every separation)", rate * 100, input.turnoverCap * 100))
        }
        let maxP = sim.pBelowFloor.max() ?? 0
        let elapsed = ContinuousClock.now - clock
        return CapacityPlan(
            from: input.need[0].month, monthCount: T, months: rows,
            classes: (0..<T).filter { solved.classSizes[$0] > 0 }.map {
                CapacityClass(start: input.need[$0].month, size: solved.classSizes[$0], productiveFrom: input.need[$0].month.adding(months: L))
            },
            totalHires: totalHires,
            cost: CapacityCost(salary: totalSalary.rounded(), hiring: hiring.rounded(), training: training.rounded(), overtime: overtime.rounded(),
                               shortfallPenalty: shortPen.rounded(), floorPenalty: floorPen.rounded(),
                               total: (totalSalary + hiring + training + overtime + shortPen + floorPen).rounded()),
            turnover: CapacityTurnover(rate: round4(rate), cap: input.turnoverCap, withinCap: rate <= input.turnoverCap + 1e-9, expectedSeparations: round1(seps)),
            annualAttrition: input.annualAttrition, attritionSource: "given", confidence: input.confidence, leadMonths: L,
            trainingWeeks: input.settings.trainingWeeks, classSizeMin: input.settings.classSizeMin, classSizeMax: input.settings.classSizeMax,
            tourEfficiency: 1, tourEfficiencySource: "given", floorTotal: floor, startingHeadcount: input.people.count,
            startingAgents: agents.count, rounds: rounds, runs: input.runs, seed: input.seed,
            maxProbabilityBelowFloor: round4(maxP), meetsConfidence: sim.pBelowFloor.allSatisfy { $0 <= tol + 1e-12 },
            cannotMeet: cannotMeet, warnings: warnings, forecastModel: "", forecastSource: "",
            solver: solved.summary,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    // MARK: - The program

    struct Solved {
        var classSizes: [Int]
        var classCounts: [Int]
        var overtime: [Double]
        var shortfall: [Double]
        var floorShort: [Double]
        var summary: SolverSummary
    }

    static func solve(_ input: CapacityInput, buffer: [Int], baseHead: [Double], baseHoursAgents: [Double], traineeHead: [Double],
                      others: Int, floor: Int, agentMin: Int, solver: any MIPSolver) throws -> Solved {
        let T = input.need.count, L = input.leadMonths, s = input.settings
        let r = 1 - input.monthlyHazard
        var m = LinearModel(name: "capacity")
        var size: [Variable?] = Array(repeating: nil, count: T), open: [Variable?] = Array(repeating: nil, count: T)
        for τ in 0..<T where τ + L < T && s.maxClassesPerMonth > 0 {
            // Cost of a hire: hiring + training + expected salary over the rest of the horizon.
            var cost = s.hiringCost + s.trainingCost
            for t in τ..<T { cost += pow(r, Double(t - τ + 1)) * input.hoursPerAgent(t) / (1 - s.leaveShare) * input.hourlyWage }
            let x = m.addVariable("class_\(τ)", lower: 0, upper: Double(s.classSizeMax * s.maxClassesPerMonth), integer: true, objective: cost)
            let y = m.addVariable("open_\(τ)", lower: 0, upper: Double(s.maxClassesPerMonth), integer: true, objective: 1)
            m.addConstraint("class_min_\(τ)", [(x, 1), (y, -Double(s.classSizeMin))], lower: 0)
            m.addConstraint("class_max_\(τ)", [(x, 1), (y, -Double(s.classSizeMax))], upper: 0)
            size[τ] = x; open[τ] = y
        }
        var ot: [Variable] = [], short: [Variable] = [], fShort: [Variable] = [], aShort: [Variable] = []
        for t in 0..<T {
            let h = input.hoursPerAgent(t)
            ot.append(m.addVariable("overtime_\(t)", objective: input.hourlyWage * input.overtimeMultiplier))
            short.append(m.addVariable("short_\(t)", objective: s.shortfallPenalty))
            fShort.append(m.addVariable("floor_short_\(t)", objective: s.floorPenalty))
            aShort.append(m.addVariable("agent_min_short_\(t)", objective: s.floorPenalty))
            var head: [(Variable, Double)] = [], hours: [(Variable, Double)] = []
            for τ in 0...t {
                guard let x = size[τ] else { continue }
                let surv = pow(r, Double(t - τ + 1))
                if τ + L <= t {
                    let k = t - τ - L
                    let ramp = k < s.probationRamp.count ? s.probationRamp[k] : 1
                    hours.append((x, surv * ramp))
                    head.append((x, surv))
                } else if s.traineesCountForFloor {
                    head.append((x, surv))
                }
            }
            let b = Double(buffer[t])
            m.addConstraint("floor_\(t)", head + [(fShort[t], 1)], lower: Double(floor) - baseHead[t] - traineeHead[t] - Double(others) + b)
            let prodHead = head.filter { h in hours.contains { $0.0 == h.0 } }
            m.addConstraint("agent_min_\(t)", prodHead + [(aShort[t], 1)], lower: Double(agentMin) - baseHead[t] + b)
            m.addConstraint("hours_\(t)", hours.map { ($0.0, $0.1 * h) } + [(ot[t], 1), (short[t], 1)],
                            lower: input.need[t].paidAgentHours - h * (baseHoursAgents[t] - b))
            let cap = input.maxOvertimeHoursPerMonth
            m.addConstraint("overtime_cap_\(t)", [(ot[t], 1)] + hours.map { ($0.0, -$0.1 * cap) }, upper: max(0, cap * (baseHoursAgents[t] - b)))
        }
        let result: SolveResult
        do {
            result = try solver.solve(m, options: SolveOptions(timeLimitSeconds: input.timeLimitSeconds, relativeGap: 1e-4))
        } catch {
            throw CapacityError.solver("\(error)")
        }
        guard result.status.hasSolution else { throw CapacityError.solver("\(result.solver) returned \(result.status.rawValue)\(result.detail.map { ": \($0)" } ?? "")") }
        return Solved(
            classSizes: size.map { $0.map { Int(result.value($0).rounded()) } ?? 0 },
            classCounts: open.map { $0.map { Int(result.value($0).rounded()) } ?? 0 },
            overtime: ot.map { max(0, result.value($0)) }, shortfall: short.map { max(0, result.value($0)) },
            floorShort: zip(fShort, aShort).map { max(0, result.value($0.0)) + max(0, result.value($0.1)) },
            summary: SolverSummary(name: result.solver, status: result.status.rawValue, objective: result.objective, bound: result.bound,
                                   gap: result.gap, seconds: result.seconds))
    }

    /// The gap between the expected survivors of n people (each surviving with p) and their
    /// (1 − confidence) quantile, rounded up: exact binomial.
    static func binomialBuffer(n: Int, p: Double, confidence: Double) -> Int {
        guard n > 0, p < 1 else { return 0 }
        let q = 1 - confidence
        // Smallest k with P(X ≤ k) ≥ q.
        var cdf = 0.0
        var logC = 0.0
        for k in 0...n {
            if k > 0 { logC += log(Double(n - k + 1)) - log(Double(k)) }
            cdf += exp(logC + Double(k) * log(p) + Double(n - k) * log1p(-p))
            if cdf >= q { return max(0, Int((Double(n) * p - Double(k)).rounded(.up))) }
        }
        return 0
    }

    // MARK: - Monte Carlo

    struct Simulation {
        var pBelowFloor: [Double]
        var pBelowAgentMin: [Double]
        var pRequirementMissed: [Double]
        var shortfallHours: [Double]
        var separations: [Double]
        var low: [Int]
        var high: [Int]
    }

    /// Simulates attrition: each agent and trainee leaves in a month with the monthly hazard
    /// (announced departures on their date); non-agent roles are backfilled one for one.
    static func simulate(_ input: CapacityInput, classes: [Int], overtime: [Double], others: Int, floor: Int, agentMin: Int) -> Simulation {
        let T = input.need.count, L = input.leadMonths, h = input.monthlyHazard
        var rng = SplitMix64(seed: input.seed)
        var below = [Int](repeating: 0, count: T), belowA = [Int](repeating: 0, count: T), missed = [Int](repeating: 0, count: T)
        var shortSum = [Double](repeating: 0, count: T), sepSum = [Double](repeating: 0, count: T)
        var staffByMonth = [[Int]](repeating: [], count: T)
        let agents = input.people.filter { $0.role == .agent }
        let logR = log(1 - h)
        func departure() -> Int { h <= 0 ? Int.max : Int((log(rng.uniform()) / logR).rounded(.down)) }
        for _ in 0..<input.runs {
            var head = [Int](repeating: 0, count: T), prod = [Double](repeating: 0, count: T), prodHead = [Int](repeating: 0, count: T)
            for p in agents {
                var d = departure()
                if let l = p.leavesIn, l < d { d = l }
                if d < T { sepSum[d] += 1 }
                for t in 0..<min(T, d) {
                    if p.productiveFrom <= t {
                        head[t] += 1; prodHead[t] += 1
                        prod[t] += (1 - (p.absence[t] ?? 0)) * p.contractHoursPerWeek / input.newHireContractHours
                    } else if input.settings.traineesCountForFloor { head[t] += 1 }
                }
            }
            for τ in 0..<T where classes[τ] > 0 {
                for _ in 0..<classes[τ] {
                    let d = departure()
                    let leave = d == Int.max ? Int.max : τ + d
                    if leave < T { sepSum[leave] += 1 }
                    for t in τ..<min(T, leave) {
                        if t >= τ + L {
                            head[t] += 1; prodHead[t] += 1
                            let k = t - τ - L
                            prod[t] += k < input.settings.probationRamp.count ? input.settings.probationRamp[k] : 1
                        } else if input.settings.traineesCountForFloor { head[t] += 1 }
                    }
                }
            }
            for t in 0..<T {
                let staff = head[t] + others
                staffByMonth[t].append(staff)
                if staff < floor { below[t] += 1 }
                if prodHead[t] < agentMin { belowA[t] += 1 }
                let gap = input.need[t].paidAgentHours - prod[t] * input.hoursPerAgent(t) - overtime[t]
                if gap > 0.5 { missed[t] += 1; shortSum[t] += gap }
            }
        }
        let n = Double(input.runs)
        let qLow = 1 - input.confidence
        return Simulation(
            pBelowFloor: below.map { Double($0) / n }, pBelowAgentMin: belowA.map { Double($0) / n },
            pRequirementMissed: missed.map { Double($0) / n }, shortfallHours: shortSum.map { $0 / n },
            separations: sepSum.map { $0 / n },
            low: staffByMonth.map { quantile($0, qLow) }, high: staffByMonth.map { quantile($0, input.confidence) })
    }

    static func quantile(_ values: [Int], _ q: Double) -> Int {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s[min(s.count - 1, max(0, Int((q * Double(s.count)).rounded(.down))))]
    }
}

func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
func round4(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
extension Int { var d: Double { Double(self) } }
