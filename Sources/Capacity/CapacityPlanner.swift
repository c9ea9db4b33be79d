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
    /// Expected separations of the month (all roles), split into those the turnover KPI counts and
    /// those it does not (civil-service or public-institution posts).
    public var expectedSeparations: Double
    public var kpiSeparations: Double
    public var nonKpiSeparations: Double
    /// Hires of the non-agent pool roles the program plans, starting this month, by role.
    public var roleHires: [String: Int]
    /// Expected replacement hires of single posts starting this month (simulated).
    public var replacementHires: Double
    /// Σ roleHires + replacementHires.
    public var otherRoleHires: Double
    public var overtimeHours: Double
    /// Planned shortfall (agent-hours the plan leaves uncovered) and the simulated expectation.
    public var shortfallHours: Double
    public var expectedShortfallHours: Double
    public var probabilityBelowFloor: Double
    public var probabilityBelowAgentMinimum: Double
    public var probabilityRequirementMissed: Double
    /// P(fewer people of the role than its minimum), for each non-agent role with a minimum.
    public var probabilityBelowRoleMinimum: [String: Double]
    /// The safety buffer (people) the program planned above the floor in this month.
    public var buffer: Int
    /// The KPI's turnover of the month, annualised: KPI-counted separations / expected payroll headcount × 12.
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

/// Turnover over the horizon. `rate` is the KPI's definition (人员流失率): separations that count /
/// average headcount, annualised; people leaving for civil-service or public-institution posts
/// (and separations the store marks as not counted) are left out of it, but they are vacancies all
/// the same, so the simulation and `allSeparationsRate` include them.
public struct CapacityTurnover: Sendable, Codable, Equatable {
    public var rate: Double
    public var cap: Double
    public var withinCap: Bool
    public var allSeparationsRate: Double
    /// Expected separations over the horizon: all, counted for the KPI, not counted.
    public var expectedSeparations: Double
    public var kpiSeparations: Double
    public var nonKpiSeparations: Double
    /// The share of random separations taken as not counted, and where it comes from.
    public var nonKpiShare: Double
    public var nonKpiShareSource: String
    public var averageHeadcount: Double
}

/// How a role is kept at its minimum.
public enum RoleCoverage: String, Sendable, Codable, Equatable {
    /// Phone agents: training classes (start month, size within the class limits) chosen by the program.
    case trainingClasses = "training_classes"
    /// A pool role (minimum ≥ `pool_role_min`, e.g. 12 back-office ticket handlers, 6 supervisors):
    /// the program chooses individual hires per month ahead of attrition, each productive after the
    /// pre-job training, and the simulation checks P(below the minimum) like the agents'.
    case plannedHires = "planned_hires"
    /// A single post (minimum below `pool_role_min`: the project manager, trainer, QA, analyst): each
    /// leaver is replaced (experienced hire or internal promotion) `replacement_months` after leaving.
    case replacedOnDeparture = "replaced_on_departure"
}

/// One role of the plan: its minimum, how it is covered, its hires and risk, said plainly.
public struct RolePlan: Sendable, Codable, Equatable {
    public var role: String
    public var minimum: Int
    public var onStaff: Int
    public var coverage: RoleCoverage
    /// Hires the program plans (agents: in classes; pool roles: individually).
    public var hires: Int
    /// Expected replacement hires of single posts over the horizon (simulated).
    public var expectedReplacementHires: Double
    public var maxProbabilityBelowMinimum: Double
    public var statement: String
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
    /// Every role with a minimum or people on staff: agents first.
    public var roles: [RolePlan]
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

/// The capacity planner: an integer program over training classes, role hires and overtime
/// against a chance-constrained floor, and a seeded Monte Carlo of attrition that checks it.
///
/// The program (month t, class start τ, lead L months, monthly survival r = 1 − h):
/// - `class_τ` ∈ {0, min..max} people (with `open_τ` integer, min·open ≤ class ≤ max·open);
/// - `hire_<role>_τ` ≥ 0 people of each pool role (see `RoleCoverage`), productive from τ + L;
/// - expected productive agents A_t = Σ existing agents productive in t × r^(t+1)
///   + Σ_{τ+L ≤ t} class_τ × r^(t−τ+1) (ramp factors for the hours); pool roles the same way;
/// - floor: A_t − buffer_t + pool roles + single posts + floorShort_t ≥ floor (and the agent
///   minimum the same way, each pool role's minimum with its own buffer);
/// - hours: hours_t × (A_t − buffer_t) + overtime_t + short_t ≥ paid agent-hours;
/// - overtime_t ≤ cap × (A_t − buffer_t);
/// - minimise salary of new hires + hiring + training + overtime premium + shortfall and floor penalties.
/// `buffer_t` starts at the binomial gap between the expected and the (1 − confidence) quantile of
/// today's survivors, and rises by one in each month the simulation finds the floor (or a
/// requirement the plan meant to meet, or a pool role's minimum) held with less than the
/// confidence, for a few rounds.
public enum CapacityPlanner {
    /// People short below which a program's shortfall variable is solver tolerance, not a gap: the
    /// relative gap of 1e-4 on an objective of millions lets a floor penalty of 1e6 a person leave
    /// a few thousandths of a person uncovered.
    static let shortTolerance = 0.05

    /// What the program and the simulation share: today's people split by how their role is covered.
    struct Context {
        var T: Int, L: Int, r: Double, floor: Int, agentMin: Int
        var agents: [StaffMember]
        var baseHead: [Double], baseHoursAgents: [Double], baseCount: [Int], traineeHead: [Double]
        var pools: [Pool]
        var posts: [Post]
        /// Expected occupied single posts in each month.
        var postsExpected: [Double]
        var coverage: [(role: Role, coverage: RoleCoverage, minimum: Int, onStaff: Int)]
    }

    struct Pool {
        var role: Role
        var minimum: Int
        var members: [StaffMember]
        var base: [Double]
        var count: [Int]
    }

    /// A single post: today's holder (or a vacancy, `occupiedFrom` > 0), replaced on departure.
    struct Post {
        var role: Role
        var occupiedFrom: Int
        var leavesIn: Int?
        var leaveCounts: Bool
    }

    /// How each non-agent role is covered. A training-class program makes no sense for roles of one
    /// or two people (the project manager, trainer, QA, analyst): a class of one is a single hire,
    /// and holding a spare ahead of a random departure costs a full salary for a few percent of risk;
    /// the contract's own rule for them is replacement (the center replaces a leaver within its
    /// deadline), so they are single posts replaced on departure, the plan budgets the replacements
    /// and the simulation reports how likely a post is vacant. Roles with a minimum of at least
    /// `pool_role_min` people (back office 12, supervisors 6) lose people steadily enough to hire
    /// ahead, so the program chooses their hires like the agents' (individually: a few a year).
    static func coverage(_ input: CapacityInput) -> [(role: Role, coverage: RoleCoverage, minimum: Int, onStaff: Int)] {
        let roles = Set(input.people.map(\.role)).union(input.roleMinimums.filter { $0.value > 0 }.keys).sorted()
        return roles.map { role in
            let m = input.roleMinimums[role] ?? 0
            let c: RoleCoverage = role == .agent ? .trainingClasses : m >= input.settings.poolRoleMinimum ? .plannedHires : .replacedOnDeparture
            return (role, c, m, input.people.filter { $0.role == role }.count)
        }
    }

    static func context(_ input: CapacityInput) -> Context {
        let T = input.need.count, r = 1 - input.monthlyHazard
        let floor = max(input.floorTotal, input.roleMinimums.values.reduce(0, +))
        let cov = coverage(input)
        let agents = input.people.filter { $0.role == .agent }
        func alive(_ p: StaffMember, _ t: Int) -> Bool { p.leavesIn.map { t < $0 } ?? true }
        var baseHead = [Double](repeating: 0, count: T), baseHoursAgents = [Double](repeating: 0, count: T)
        var baseCount = [Int](repeating: 0, count: T), traineeHead = [Double](repeating: 0, count: T)
        for p in agents {
            for t in 0..<T where alive(p, t) {
                let s = pow(r, Double(t + 1))
                if p.productiveFrom <= t {
                    baseHead[t] += s
                    baseCount[t] += 1
                    baseHoursAgents[t] += s * (1 - (p.absence[t] ?? 0)) * p.contractHoursPerWeek / input.newHireContractHours
                } else if input.settings.traineesCountForFloor {
                    // Trainees already in the store count for the floor when the profile says so.
                    traineeHead[t] += s
                }
            }
        }
        var pools: [Pool] = [], posts: [Post] = []
        for c in cov where c.role != .agent {
            let members = input.people.filter { $0.role == c.role }
            if c.coverage == .plannedHires {
                var pool = Pool(role: c.role, minimum: c.minimum, members: members, base: Array(repeating: 0, count: T), count: Array(repeating: 0, count: T))
                for p in members { for t in 0..<T where alive(p, t) { pool.base[t] += pow(r, Double(t + 1)); pool.count[t] += 1 } }
                pools.append(pool)
            } else {
                posts += members.map { Post(role: c.role, occupiedFrom: 0, leavesIn: $0.leavesIn, leaveCounts: $0.leaveCountsForTurnover) }
                // A post vacant today is filled after the replacement delay.
                for _ in 0..<max(0, c.minimum - members.count) {
                    posts.append(Post(role: c.role, occupiedFrom: min(T, input.settings.replacementMonths), leavesIn: nil, leaveCounts: true))
                }
            }
        }
        // A post is vacant for `replacement_months` after each departure: expected occupancy.
        let vacant = min(1, input.monthlyHazard * Double(input.settings.replacementMonths))
        let postsExpected = (0..<T).map { t in posts.reduce(0.0) { $0 + ($1.occupiedFrom <= t ? 1 - vacant : 0) } }
        return Context(T: T, L: input.leadMonths, r: r, floor: floor, agentMin: input.roleMinimums[.agent] ?? 0, agents: agents,
                       baseHead: baseHead, baseHoursAgents: baseHoursAgents, baseCount: baseCount, traineeHead: traineeHead,
                       pools: pools, posts: posts, postsExpected: postsExpected, coverage: cov)
    }

    public static func plan(_ input: CapacityInput, solver: any MIPSolver = GLPKSolver()) throws -> CapacityPlan {
        let clock = ContinuousClock.now
        try input.validate()
        let c = context(input)
        let T = c.T, L = c.L, r = c.r, floor = c.floor
        var cannotMeet: [String] = []
        var warnings: [String] = []
        for x in c.coverage where x.coverage == .replacedOnDeparture && x.onStaff < x.minimum {
            cannotMeet.append("role \(x.role.rawValue): \(x.onStaff) on staff, the contract asks for \(x.minimum); the plan hires \(x.minimum - x.onStaff) directly, on staff from \(input.need[0].month.adding(months: min(T - 1, input.settings.replacementMonths)))")
        }

        var buffer = (0..<T).map { t in binomialBuffer(n: c.baseCount[t], p: pow(r, Double(t + 1)), confidence: input.confidence) }
        // No buffer for a pool role before a hire made now is trained: it could not be met and would
        // only inflate the stated shortfall.
        var poolBuffer = c.pools.map { p in (0..<T).map { t in t < L ? 0 : binomialBuffer(n: p.count[t], p: pow(r, Double(t + 1)), confidence: input.confidence) } }

        var rounds = 0
        var best: (Solved, Simulation)?
        let tolerance = 1 - input.confidence
        while true {
            rounds += 1
            let solved = try solve(input, c, buffer: buffer, poolBuffer: poolBuffer, solver: solver)
            let sim = simulate(input, c, classes: solved.classSizes, poolHires: solved.poolHires, overtime: solved.overtime)
            best = (solved, sim)
            var raised = false
            // Only months a class can still reach (t ≥ lead) can be helped by a larger buffer.
            for t in L..<max(L, T) {
                let floorMissed = sim.pBelowFloor[t] > tolerance + 1e-12 || sim.pBelowAgentMin[t] > tolerance + 1e-12
                let reqMissed = solved.shortfall[t] < 1e-6 && sim.pRequirementMissed[t] > tolerance + 1e-12
                if (floorMissed || reqMissed) && solved.floorShort[t] < shortTolerance && buffer[t] < 200 { buffer[t] += 1; raised = true }
                for (k, p) in c.pools.enumerated() where sim.pBelowRole[p.role]![t] > tolerance + 1e-12
                    && solved.poolShort[k][t] < shortTolerance && poolBuffer[k][t] < 50 {
                    poolBuffer[k][t] += 1; raised = true
                }
            }
            if !raised || rounds >= input.maxRounds { break }
        }
        let (solved, sim) = best!
        let tol = tolerance
        let start = input.need[0].month
        for t in 0..<T where solved.floorShort[t] > shortTolerance {
            cannotMeet.append("\(input.need[t].month): the floor of \(floor) staff cannot be met (expected \(String(format: "%.1f", solved.floorShort[t])) short)"
                + (t < L ? "; a class started now is productive only from \(start.adding(months: L)) (\(input.settings.trainingWeeks) weeks of training)" : "; classes of at most \(input.settings.classSizeMax) cannot close the gap"))
        }
        for t in 0..<T where solved.floorShort[t] <= shortTolerance && sim.pBelowFloor[t] > tol + 1e-12 {
            cannotMeet.append("\(input.need[t].month): P(staff < \(floor)) is \(String(format: "%.1f%%", sim.pBelowFloor[t] * 100)), above the \(String(format: "%.0f%%", tol * 100)) allowed"
                + (t < L ? " (before the first class can be productive)" : ""))
        }
        for t in 0..<T where solved.shortfall[t] > 0.5 {
            cannotMeet.append("\(input.need[t].month): \(Int(solved.shortfall[t].rounded())) required agent-hours are left uncovered by the plan")
        }
        for (k, p) in c.pools.enumerated() {
            let short = (0..<T).filter { solved.poolShort[k][$0] > shortTolerance }
            let risky = (0..<T).filter { solved.poolShort[k][$0] <= shortTolerance && sim.pBelowRole[p.role]![$0] > tol + 1e-12 }
            if let t = short.first {
                cannotMeet.append("role \(p.role.rawValue): the minimum of \(p.minimum) cannot be met in \(short.map { input.need[$0].month.description }.joined(separator: ", ")) (expected \(String(format: "%.1f", solved.poolShort[k][t])) short in \(input.need[t].month))"
                    + (t < L ? "; a hire made now is trained only by \(start.adding(months: L))" : ""))
            }
            if !risky.isEmpty {
                let worst = risky.map { sim.pBelowRole[p.role]![$0] }.max()!
                cannotMeet.append("role \(p.role.rawValue): P(fewer than \(p.minimum)) exceeds \(String(format: "%.0f%%", tol * 100)) in \(risky.map { input.need[$0].month.description }.joined(separator: ", ")) (at most \(String(format: "%.1f%%", worst * 100)))"
                    + (risky.allSatisfy { $0 < L } ? ", before a hire made now is trained" : ""))
            }
        }

        // Rows.
        var rows: [CapacityMonthRow] = []
        var totalSalary = 0.0
        var payroll = [Double](repeating: 0, count: T)
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
            var poolHead = 0.0, poolPay = 0.0
            for (k, p) in c.pools.enumerated() {
                poolHead += p.base[t]; poolPay += p.base[t]
                for τ in 0...t where solved.poolHires[k][τ] > 0 {
                    let s = Double(solved.poolHires[k][τ]) * pow(r, Double(t - τ + 1))
                    poolPay += s
                    if τ + L <= t || input.settings.traineesCountForFloor { poolHead += s }
                }
            }
            let existingTrainees = c.agents.filter { $0.productiveFrom > t && ($0.leavesIn.map { t < $0 } ?? true) }.count.d * pow(r, Double(t + 1))
            payroll[t] = c.baseHead[t] + existingTrainees + newPay + poolPay + c.postsExpected[t]
            totalSalary += payroll[t] * h * input.hourlyWage
            let needAgents = input.need[t].paidAgentHours / max(h, 1e-9)
            let expected = c.baseHead[t] + c.traineeHead[t] + newHead + poolHead + c.postsExpected[t]
            let seps = sim.separations[t], nonKpi = sim.nonKpi[t]
            var roleHires: [String: Int] = [:]
            for (k, p) in c.pools.enumerated() where solved.poolHires[k][t] > 0 { roleHires[p.role.rawValue] = solved.poolHires[k][t] }
            let otherMinimums = c.coverage.filter { $0.role != .agent }.reduce(0) { $0 + Double(max($1.minimum, $1.onStaff)) }
            rows.append(CapacityMonthRow(
                month: input.need[t].month, calls: input.need[t].calls.rounded(), requiredAgentHours: input.need[t].requiredAgentHours.rounded(),
                paidAgentHours: input.need[t].paidAgentHours.rounded(), requiredAgents: round1(needAgents),
                requiredHeadcount: round1(max(needAgents, Double(c.agentMin)) + otherMinimums), floor: floor,
                supplyExpected: round1(expected), supplyLow: sim.low[t], supplyHigh: sim.high[t],
                agentsExpected: round1(c.baseHead[t] + newHead),
                hires: solved.classSizes[t], trainingStarts: solved.classCounts[t], readyFromTraining: round1(ready),
                expectedSeparations: round1(seps), kpiSeparations: round1(seps - nonKpi), nonKpiSeparations: round1(nonKpi),
                roleHires: roleHires, replacementHires: round1(sim.replacementHires[t]),
                otherRoleHires: round1(Double(roleHires.values.reduce(0, +)) + sim.replacementHires[t]),
                overtimeHours: solved.overtime[t].rounded(),
                shortfallHours: solved.shortfall[t].rounded(), expectedShortfallHours: sim.shortfallHours[t].rounded(),
                probabilityBelowFloor: round4(sim.pBelowFloor[t]), probabilityBelowAgentMinimum: round4(sim.pBelowAgentMin[t]),
                probabilityRequirementMissed: round4(sim.pRequirementMissed[t]),
                probabilityBelowRoleMinimum: Dictionary(uniqueKeysWithValues: c.coverage.filter { $0.role != .agent && $0.minimum > 0 }
                    .map { ($0.role.rawValue, round4(sim.pBelowRole[$0.role]?[t] ?? 0)) }),
                buffer: buffer[t],
                turnoverAnnualised: round4(sim.payroll[t] + seps / 2 > 0 ? (seps - nonKpi) / (sim.payroll[t] + seps / 2) * 12 : 0)))
        }
        let totalHires = solved.classSizes.reduce(0, +)
        let poolHireCount = solved.poolHires.reduce(0) { $0 + $1.reduce(0, +) }
        let replacements = sim.replacementHires.reduce(0, +)
        let hiring = (Double(totalHires + poolHireCount) + replacements) * input.settings.hiringCost
        let training = Double(totalHires + poolHireCount) * input.settings.trainingCost
        let overtime = solved.overtime.reduce(0, +) * input.hourlyWage * input.overtimeMultiplier
        let shortPen = solved.shortfall.reduce(0, +) * input.settings.shortfallPenalty
        let floorPen = (solved.floorShort.reduce(0, +) + solved.poolShort.reduce(0) { $0 + $1.reduce(0, +) }) * input.settings.floorPenalty
        let seps = sim.separations.reduce(0, +), nonKpi = sim.nonKpi.reduce(0, +)
        // The KPI's average headcount: each month's start less half its leavers.
        let avgHead = (0..<T).reduce(0.0) { $0 + sim.payroll[$1] + sim.separations[$1] / 2 } / Double(T)
        let annualise = avgHead > 0 ? 12 / Double(T) / avgHead : 0
        let rate = (seps - nonKpi) * annualise
        if rate > input.turnoverCap + 1e-9 {
            warnings.append(String(format: "expected turnover %.1f%% a year (the KPI's definition: separations to civil-service or public-institution posts left out) is above the %.0f%% KPI", rate * 100, input.turnoverCap * 100))
        }
        // Roles, said plainly.
        var roles: [RolePlan] = []
        for x in c.coverage {
            let below = x.role == .agent ? sim.pBelowAgentMin : (sim.pBelowRole[x.role] ?? [])
            let maxBelow = round4(x.minimum > 0 ? below.max() ?? 0 : 0)
            let pctBelow = String(format: "%.1f%%", maxBelow * 100)
            switch x.coverage {
            case .trainingClasses:
                let cls = (0..<T).filter { solved.classSizes[$0] > 0 }.map { "\(input.need[$0].month): \(solved.classSizes[$0])" }
                roles.append(RolePlan(role: x.role.rawValue, minimum: x.minimum, onStaff: x.onStaff, coverage: x.coverage, hires: totalHires,
                                      expectedReplacementHires: 0, maxProbabilityBelowMinimum: maxBelow,
                                      statement: "training classes chosen by the program: \(totalHires) hires" + (cls.isEmpty ? "" : " (\(cls.joined(separator: ", ")))")
                                        + ", class size \(input.settings.classSizeMin)–\(input.settings.classSizeMax), productive \(L) month(s) after the class starts; P(fewer than \(x.minimum) productive) at most \(pctBelow)"))
            case .plannedHires:
                let k = c.pools.firstIndex { $0.role == x.role }!
                let hires = (0..<T).filter { solved.poolHires[k][$0] > 0 }.map { "\(input.need[$0].month): \(solved.poolHires[k][$0])" }
                let n = solved.poolHires[k].reduce(0, +)
                roles.append(RolePlan(role: x.role.rawValue, minimum: x.minimum, onStaff: x.onStaff, coverage: x.coverage, hires: n,
                                      expectedReplacementHires: 0, maxProbabilityBelowMinimum: maxBelow,
                                      statement: "a pool of \(x.minimum) or more: hires chosen by the program ahead of attrition, one by one (no class minimum), productive \(L) month(s) after hiring (pre-job training): \(n) hires" + (hires.isEmpty ? "" : " (\(hires.joined(separator: ", ")))")
                                        + "; P(fewer than \(x.minimum)) at most \(pctBelow)"))
            case .replacedOnDeparture:
                let expected = round1(sim.replacementHiresByRole[x.role]?.reduce(0, +) ?? 0)
                roles.append(RolePlan(role: x.role.rawValue, minimum: x.minimum, onStaff: x.onStaff, coverage: x.coverage, hires: max(0, x.minimum - x.onStaff),
                                      expectedReplacementHires: expected, maxProbabilityBelowMinimum: maxBelow,
                                      statement: "single post(s) (minimum \(x.minimum), below pool_role_min = \(input.settings.poolRoleMinimum)): no class and no spare held ahead; each leaver is replaced by an experienced hire or an internal promotion \(input.settings.replacementMonths) month(s) after leaving; expected replacements \(String(format: "%.1f", expected)); P(fewer than \(x.minimum)) at most \(pctBelow)"))
            }
        }
        let maxP = sim.pBelowFloor.max() ?? 0
        let elapsed = ContinuousClock.now - clock
        return CapacityPlan(
            from: start, monthCount: T, months: rows,
            classes: (0..<T).filter { solved.classSizes[$0] > 0 }.map {
                CapacityClass(start: input.need[$0].month, size: solved.classSizes[$0], productiveFrom: input.need[$0].month.adding(months: L))
            },
            totalHires: totalHires,
            cost: CapacityCost(salary: totalSalary.rounded(), hiring: hiring.rounded(), training: training.rounded(), overtime: overtime.rounded(),
                               shortfallPenalty: shortPen.rounded(), floorPenalty: floorPen.rounded(),
                               total: (totalSalary + hiring + training + overtime + shortPen + floorPen).rounded()),
            turnover: CapacityTurnover(rate: round4(rate), cap: input.turnoverCap, withinCap: rate <= input.turnoverCap + 1e-9,
                                       allSeparationsRate: round4(seps * annualise), expectedSeparations: round1(seps),
                                       kpiSeparations: round1(seps - nonKpi), nonKpiSeparations: round1(nonKpi),
                                       nonKpiShare: input.kpiExcludedShare, nonKpiShareSource: "given", averageHeadcount: round1(avgHead)),
            roles: roles,
            annualAttrition: input.annualAttrition, attritionSource: "given", confidence: input.confidence, leadMonths: L,
            trainingWeeks: input.settings.trainingWeeks, classSizeMin: input.settings.classSizeMin, classSizeMax: input.settings.classSizeMax,
            tourEfficiency: 1, tourEfficiencySource: "given", floorTotal: floor, startingHeadcount: input.people.count,
            startingAgents: c.agents.count, rounds: rounds, runs: input.runs, seed: input.seed,
            maxProbabilityBelowFloor: round4(maxP), meetsConfidence: sim.pBelowFloor.allSatisfy { $0 <= tol + 1e-12 },
            cannotMeet: cannotMeet, warnings: warnings, forecastModel: "", forecastSource: "",
            solver: solved.summary,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    // MARK: - The program

    struct Solved {
        var classSizes: [Int]
        var classCounts: [Int]
        /// Hires of each pool role (index as `Context.pools`) starting in each month.
        var poolHires: [[Int]]
        var poolShort: [[Double]]
        var overtime: [Double]
        var shortfall: [Double]
        var floorShort: [Double]
        var summary: SolverSummary
    }

    static func solve(_ input: CapacityInput, _ c: Context, buffer: [Int], poolBuffer: [[Int]], solver: any MIPSolver) throws -> Solved {
        let T = c.T, L = c.L, s = input.settings, r = c.r
        var m = LinearModel(name: "capacity")
        // Cost of a hire starting in τ: hiring + training + expected salary over the rest of the horizon.
        func hireCost(_ τ: Int) -> Double {
            var cost = s.hiringCost + s.trainingCost
            for t in τ..<T { cost += pow(r, Double(t - τ + 1)) * input.hoursPerAgent(t) / (1 - s.leaveShare) * input.hourlyWage }
            return cost
        }
        var size: [Variable?] = Array(repeating: nil, count: T), open: [Variable?] = Array(repeating: nil, count: T)
        for τ in 0..<T where τ + L < T && s.maxClassesPerMonth > 0 {
            let x = m.addVariable("class_\(τ)", lower: 0, upper: Double(s.classSizeMax * s.maxClassesPerMonth), integer: true, objective: hireCost(τ))
            let y = m.addVariable("open_\(τ)", lower: 0, upper: Double(s.maxClassesPerMonth), integer: true, objective: 1)
            m.addConstraint("class_min_\(τ)", [(x, 1), (y, -Double(s.classSizeMin))], lower: 0)
            m.addConstraint("class_max_\(τ)", [(x, 1), (y, -Double(s.classSizeMax))], upper: 0)
            size[τ] = x; open[τ] = y
        }
        // Pool roles: individual hires, productive after the same pre-job training.
        var poolHire: [[Variable?]] = [], poolShort: [[Variable]] = []
        for p in c.pools {
            poolHire.append((0..<T).map { τ in
                τ + L < T ? m.addVariable("hire_\(p.role.rawValue)_\(τ)", lower: 0, upper: Double(max(10, p.minimum)), integer: true, objective: hireCost(τ)) : nil
            })
            poolShort.append((0..<T).map { t in m.addVariable("\(p.role.rawValue)_short_\(t)", objective: s.floorPenalty) })
        }
        func ramp(_ k: Int) -> Double { k < s.probationRamp.count ? s.probationRamp[k] : 1 }
        var ot: [Variable] = [], short: [Variable] = [], fShort: [Variable] = [], aShort: [Variable] = []
        for t in 0..<T {
            let h = input.hoursPerAgent(t)
            ot.append(m.addVariable("overtime_\(t)", objective: input.hourlyWage * input.overtimeMultiplier))
            short.append(m.addVariable("short_\(t)", objective: s.shortfallPenalty))
            fShort.append(m.addVariable("floor_short_\(t)", objective: s.floorPenalty))
            aShort.append(m.addVariable("agent_min_short_\(t)", objective: s.floorPenalty))
            var head: [(Variable, Double)] = [], prodHead: [(Variable, Double)] = [], hours: [(Variable, Double)] = []
            for τ in 0...t {
                guard let x = size[τ] else { continue }
                let surv = pow(r, Double(t - τ + 1))
                if τ + L <= t {
                    hours.append((x, surv * ramp(t - τ - L)))
                    head.append((x, surv)); prodHead.append((x, surv))
                } else if s.traineesCountForFloor {
                    head.append((x, surv))
                }
            }
            var poolBase = 0.0
            for (k, p) in c.pools.enumerated() {
                var terms: [(Variable, Double)] = []
                for τ in 0...t {
                    guard let x = poolHire[k][τ] else { continue }
                    let surv = pow(r, Double(t - τ + 1))
                    if τ + L <= t { terms.append((x, surv)) } else if s.traineesCountForFloor { head.append((x, surv)) }
                }
                head += terms
                poolBase += p.base[t]
                m.addConstraint("\(p.role.rawValue)_min_\(t)", terms + [(poolShort[k][t], 1)],
                                lower: Double(p.minimum) - p.base[t] + Double(poolBuffer[k][t]))
            }
            let b = Double(buffer[t])
            m.addConstraint("floor_\(t)", head + [(fShort[t], 1)],
                            lower: Double(c.floor) - c.baseHead[t] - c.traineeHead[t] - poolBase - c.postsExpected[t] + b)
            m.addConstraint("agent_min_\(t)", prodHead + [(aShort[t], 1)], lower: Double(c.agentMin) - c.baseHead[t] + b)
            m.addConstraint("hours_\(t)", hours.map { ($0.0, $0.1 * h) } + [(ot[t], 1), (short[t], 1)],
                            lower: input.need[t].paidAgentHours - h * (c.baseHoursAgents[t] - b))
            let cap = input.maxOvertimeHoursPerMonth
            m.addConstraint("overtime_cap_\(t)", [(ot[t], 1)] + hours.map { ($0.0, -$0.1 * cap) }, upper: max(0, cap * (c.baseHoursAgents[t] - b)))
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
            poolHires: poolHire.map { $0.map { $0.map { Int(result.value($0).rounded()) } ?? 0 } },
            poolShort: poolShort.map { $0.map { max(0, result.value($0)) } },
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
        var pBelowRole: [Role: [Double]]
        var pRequirementMissed: [Double]
        var shortfallHours: [Double]
        /// Expected separations per month (all), and those the turnover KPI does not count.
        var separations: [Double]
        var nonKpi: [Double]
        /// Expected people on the payroll at the end of each month (trainees included).
        var payroll: [Double]
        var replacementHires: [Double]
        var replacementHiresByRole: [Role: [Double]]
        var low: [Int]
        var high: [Int]
    }

    /// Simulates attrition: everyone leaves in a month with the monthly hazard (announced departures
    /// on their date); agents and pool roles are refilled only by the plan's hires; single posts are
    /// refilled `replacement_months` after each departure. A random separation is not counted for the
    /// KPI with the share `kpiExcludedShare`; an announced one as the store says. Random separations
    /// are counted as their conditional expectation (the hazard in each month a person is on staff
    /// at its start), which is exact in expectation and far less noisy than counting the draws.
    static func simulate(_ input: CapacityInput, _ c: Context, classes: [Int], poolHires: [[Int]], overtime: [Double]) -> Simulation {
        let T = c.T, L = c.L, h = input.monthlyHazard, share = input.kpiExcludedShare
        let lag = input.settings.replacementMonths
        var rng = SplitMix64(seed: input.seed)
        var below = [Int](repeating: 0, count: T), belowA = [Int](repeating: 0, count: T), missed = [Int](repeating: 0, count: T)
        var shortSum = [Double](repeating: 0, count: T), sepSum = [Double](repeating: 0, count: T), nonKpi = [Double](repeating: 0, count: T)
        var replSum = [Double](repeating: 0, count: T), payrollSum = [Double](repeating: 0, count: T)
        let roles = c.coverage.map(\.role).filter { $0 != .agent }
        var belowRole = Dictionary(uniqueKeysWithValues: roles.map { ($0, [Int](repeating: 0, count: T)) })
        var replByRole = Dictionary(uniqueKeysWithValues: roles.map { ($0, [Double](repeating: 0, count: T)) })
        let minimum = Dictionary(uniqueKeysWithValues: c.coverage.map { ($0.role, $0.minimum) })
        var staffByMonth = [[Int]](repeating: [], count: T)
        let logR = log(1 - h)
        /// Whole months until a person leaves (Int.max: never, without attrition).
        func departure() -> Int { h <= 0 ? Int.max : Int(min(1e9, (log(rng.uniform()) / logR).rounded(.down))) }
        /// A person on staff from month `from` who leaves in month `leave` (Int.max: never),
        /// announced (certain) or at random: at risk of a random separation from `from` through
        /// `leave` (through `leave − 1` when announced).
        func leaves(from: Int, leave: Int, announced: Bool, counts: Bool) {
            let last = min(T - 1, announced ? leave - 1 : leave)
            if from <= last { for t in from...last { sepSum[t] += h; nonKpi[t] += h * share } }
            if announced, leave < T { sepSum[leave] += 1; if !counts { nonKpi[leave] += 1 } }
        }
        for _ in 0..<input.runs {
            var head = [Int](repeating: 0, count: T), prod = [Double](repeating: 0, count: T), prodHead = [Int](repeating: 0, count: T)
            var roleHead = Dictionary(uniqueKeysWithValues: roles.map { ($0, [Int](repeating: 0, count: T)) })
            for p in c.agents {
                var d = departure(), announced = false
                if let l = p.leavesIn, l <= d { d = l; announced = true }
                leaves(from: 0, leave: d, announced: announced, counts: p.leaveCountsForTurnover)
                for t in 0..<min(T, d) {
                    payrollSum[t] += 1
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
                    leaves(from: τ, leave: leave, announced: false, counts: true)
                    for t in τ..<min(T, leave) {
                        payrollSum[t] += 1
                        if t >= τ + L {
                            head[t] += 1; prodHead[t] += 1
                            let k = t - τ - L
                            prod[t] += k < input.settings.probationRamp.count ? input.settings.probationRamp[k] : 1
                        } else if input.settings.traineesCountForFloor { head[t] += 1 }
                    }
                }
            }
            for (k, pool) in c.pools.enumerated() {
                for p in pool.members {
                    var d = departure(), announced = false
                    if let l = p.leavesIn, l <= d { d = l; announced = true }
                    leaves(from: 0, leave: d, announced: announced, counts: p.leaveCountsForTurnover)
                    for t in 0..<min(T, d) { payrollSum[t] += 1; head[t] += 1; roleHead[pool.role]![t] += 1 }
                }
                for τ in 0..<T where poolHires[k][τ] > 0 {
                    for _ in 0..<poolHires[k][τ] {
                        let d = departure()
                        let leave = d == Int.max ? Int.max : τ + d
                        leaves(from: τ, leave: leave, announced: false, counts: true)
                        for t in τ..<min(T, leave) {
                            payrollSum[t] += 1
                            if t >= τ + L || input.settings.traineesCountForFloor { head[t] += 1 }
                            if t >= τ + L { roleHead[pool.role]![t] += 1 }
                        }
                    }
                }
            }
            for post in c.posts {
                var from = post.occupiedFrom
                if from > 0, from < T { replSum[from] += 1; replByRole[post.role]![from] += 1 }
                var d = departure(), announced = false
                if let l = post.leavesIn, l <= d { d = l; announced = true }
                var leave = d == Int.max ? Int.max : from + d
                while from < T {
                    leaves(from: from, leave: leave, announced: announced, counts: post.leaveCounts)
                    for t in from..<min(T, leave) { payrollSum[t] += 1; head[t] += 1; roleHead[post.role]![t] += 1 }
                    guard leave < T else { break }
                    announced = false
                    from = leave + lag
                    if from < T { replSum[from] += 1; replByRole[post.role]![from] += 1 }
                    let next = departure()
                    leave = next == Int.max ? Int.max : from + next
                }
            }
            for t in 0..<T {
                staffByMonth[t].append(head[t])
                if head[t] < c.floor { below[t] += 1 }
                if prodHead[t] < c.agentMin { belowA[t] += 1 }
                for role in roles where roleHead[role]![t] < minimum[role]! { belowRole[role]![t] += 1 }
                let gap = input.need[t].paidAgentHours - prod[t] * input.hoursPerAgent(t) - overtime[t]
                if gap > 0.5 { missed[t] += 1; shortSum[t] += gap }
            }
        }
        let n = Double(input.runs)
        let qLow = 1 - input.confidence
        return Simulation(
            pBelowFloor: below.map { Double($0) / n }, pBelowAgentMin: belowA.map { Double($0) / n },
            pBelowRole: belowRole.mapValues { $0.map { Double($0) / n } },
            pRequirementMissed: missed.map { Double($0) / n }, shortfallHours: shortSum.map { $0 / n },
            separations: sepSum.map { $0 / n }, nonKpi: nonKpi.map { $0 / n }, payroll: payrollSum.map { $0 / n },
            replacementHires: replSum.map { $0 / n }, replacementHiresByRole: replByRole.mapValues { $0.map { $0 / n } },
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
