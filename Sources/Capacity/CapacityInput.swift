import Foundation
import HotlineCore

/// A month of a capacity plan, `YYYY-MM` (RosterStore has its own `YearMonth`; this module does not depend on the store).
public struct PlanMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year + (month - 1).floorDiv(12)
        self.month = (month - 1).floorMod(12) + 1
    }

    public init(_ date: CivilDate) { self.init(year: date.year, month: date.month) }

    /// `2027-01` (or a date `2027-01-01`, whose month is taken).
    public static func parse(_ text: String) -> PlanMonth? {
        let p = text.split(separator: "-")
        guard p.count == 2 || p.count == 3, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), (1...12).contains(m) else { return nil }
        if p.count == 3, CivilDate.parse(text) == nil { return nil }
        return PlanMonth(year: y, month: m)
    }

    public func adding(months: Int) -> PlanMonth { PlanMonth(year: year, month: month + months) }
    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var days: Int { CivilDate.daysIn(month: month, year: year) }
    public var description: String { "\(year)-\(CivilDate.pad(month, 2))" }
    public static func < (a: PlanMonth, b: PlanMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let m = PlanMonth.parse(s) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM")) }
        self = m
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension Int {
    func floorDiv(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
    func floorMod(_ d: Int) -> Int { self - floorDiv(d) * d }
}

/// The agent-hours one month needs.
public struct MonthlyNeed: Sendable, Codable, Equatable {
    public var month: PlanMonth
    /// Forecast calls (surges included).
    public var calls: Double
    /// Σ over the month's hours of the agents to have on shift (Erlang C, after shrinkage and surge rules).
    public var requiredAgentHours: Double
    /// Paid agent-hours: required × tour efficiency (tours cannot follow the curve exactly).
    public var paidAgentHours: Double

    public init(month: PlanMonth, calls: Double, requiredAgentHours: Double, paidAgentHours: Double) {
        self.month = month
        self.calls = calls
        self.requiredAgentHours = requiredAgentHours
        self.paidAgentHours = paidAgentHours
    }
}

/// One person of today's staff as the capacity planner sees them.
public struct StaffMember: Sendable, Codable, Equatable {
    public var id: String
    public var role: Role
    public var contractHoursPerWeek: Double
    /// First month index (0 = the first planned month) in which the person is productive on the
    /// phones (agents still in pre-job training: later than 0).
    public var productiveFrom: Int
    /// Month index of an announced departure (not counted from the end of that month); nil: none.
    public var leavesIn: Int?
    /// Share of each month on long leave (month index → share), not available for hours.
    public var absence: [Int: Double]
    /// Whether the announced departure counts for the turnover KPI (false: a civil-service or
    /// public-institution post, or a separation the store marks as not counted).
    public var leaveCountsForTurnover: Bool

    public init(id: String, role: Role, contractHoursPerWeek: Double = 40, productiveFrom: Int = 0, leavesIn: Int? = nil,
                absence: [Int: Double] = [:], leaveCountsForTurnover: Bool = true) {
        self.leaveCountsForTurnover = leaveCountsForTurnover
        self.id = id
        self.role = role
        self.contractHoursPerWeek = contractHoursPerWeek
        self.productiveFrom = productiveFrom
        self.leavesIn = leavesIn
        self.absence = absence
    }
}

/// Everything the capacity planner decides from.
public struct CapacityInput: Sendable {
    public var months: [PlanMonth] { need.map(\.month) }
    public var need: [MonthlyNeed]
    public var people: [StaffMember]
    /// Whole-center minimum headcount (e.g. 91) and per-role minimums.
    public var floorTotal: Int
    public var roleMinimums: [Role: Int]
    /// Annual attrition rate: all separations in a year / average headcount, e.g. 0.15. Every
    /// leaver must be replaced, so the simulation uses all separations; the turnover KPI counts only
    /// the share `1 − kpiExcludedShare` of them.
    public var annualAttrition: Double
    /// Share of (random) separations that do not count for the turnover KPI (people leaving for
    /// civil-service or public-institution posts, DESIGN.md), e.g. from the store's history.
    public var kpiExcludedShare: Double
    public var settings: CapacitySettings
    public var hourlyWage: Double
    public var overtimeMultiplier: Double
    /// Overtime hours per agent and month the plan may use.
    public var maxOvertimeHoursPerMonth: Double
    /// Contract hours of a new hire.
    public var newHireContractHours: Double
    /// Required probability that the floor (and the requirement) holds in each month, e.g. 0.9.
    public var confidence: Double
    public var runs: Int
    public var seed: UInt64
    public var timeLimitSeconds: Double
    /// The turnover KPI (annual), e.g. 0.15.
    public var turnoverCap: Double
    /// Rounds of plan → simulate → raise the buffer.
    public var maxRounds: Int

    public init(need: [MonthlyNeed], people: [StaffMember], floorTotal: Int, roleMinimums: [Role: Int], annualAttrition: Double,
                settings: CapacitySettings = CapacitySettings(), hourlyWage: Double = 32, overtimeMultiplier: Double = 1.5,
                maxOvertimeHoursPerMonth: Double = 36, newHireContractHours: Double = 40, confidence: Double = 0.9, runs: Int = 2000,
                seed: UInt64 = 12345, timeLimitSeconds: Double = 10, turnoverCap: Double = 0.15, maxRounds: Int = 8,
                kpiExcludedShare: Double = 0) {
        self.kpiExcludedShare = kpiExcludedShare
        self.need = need
        self.people = people
        self.floorTotal = floorTotal
        self.roleMinimums = roleMinimums
        self.annualAttrition = annualAttrition
        self.settings = settings
        self.hourlyWage = hourlyWage
        self.overtimeMultiplier = overtimeMultiplier
        self.maxOvertimeHoursPerMonth = maxOvertimeHoursPerMonth
        self.newHireContractHours = newHireContractHours
        self.confidence = confidence
        self.runs = runs
        self.seed = seed
        self.timeLimitSeconds = timeLimitSeconds
        self.turnoverCap = turnoverCap
        self.maxRounds = maxRounds
    }

    /// Months from a class's start until its people are productive (whole months: a class starts
    /// on the first of its month; 6 weeks of training → productive from the second month after).
    public var leadMonths: Int {
        settings.trainingWeeks == 0 ? 0 : Int((Double(settings.trainingWeeks) * 7 / 30.4375).rounded(.up))
    }

    /// Monthly probability of leaving for a person on staff at the start of a month. The annual
    /// rate is read as the turnover KPI reads its figure — separations in a year / average
    /// headcount — so h is chosen such that h / (1 − h/2) × 12 = annual (a month's average
    /// headcount is its start less half its leavers): a center that replaces every leaver at 15%
    /// attrition, none of them excluded, shows 15% turnover.
    public var monthlyHazard: Double { annualAttrition / 12 / (1 + annualAttrition / 24) }

    /// Productive hours of one agent in month `t` (contract hours × days / 7, less leave).
    public func hoursPerAgent(_ t: Int, contract: Double? = nil) -> Double {
        (contract ?? newHireContractHours) * Double(need[t].month.days) / 7 * (1 - settings.leaveShare)
    }

    public func validate() throws(CapacityError) {
        guard !need.isEmpty, need.count <= 60 else { throw .invalid("months", "plan 1 to 60 months, got \(need.count)") }
        guard annualAttrition.isFinite, annualAttrition >= 0, annualAttrition < 1 else {
            throw .invalid("attrition", "an annual rate must be in [0, 1) (e.g. 0.15), got \(annualAttrition)")
        }
        guard kpiExcludedShare.isFinite, kpiExcludedShare >= 0, kpiExcludedShare <= 1 else {
            throw .invalid("kpi-excluded-share", "a share of separations must be in [0, 1], got \(kpiExcludedShare)")
        }
        guard confidence > 0, confidence < 1 else { throw .invalid("confidence", "must be between 0 and 1 (e.g. 0.9), got \(confidence)") }
        guard settings.classSizeMin >= 1, settings.classSizeMin <= settings.classSizeMax else {
            throw .invalid("class-size", "expected MIN..MAX with 1 ≤ MIN ≤ MAX, got \(settings.classSizeMin)..\(settings.classSizeMax)")
        }
        guard settings.trainingWeeks >= 0, settings.trainingWeeks <= 52 else {
            throw .invalid("training-weeks", "expected 0 to 52 weeks, got \(settings.trainingWeeks)")
        }
        guard floorTotal >= 0 else { throw .invalid("floor", "must not be negative") }
        guard hourlyWage.isFinite, hourlyWage >= 0, maxOvertimeHoursPerMonth >= 0, newHireContractHours > 0 else {
            throw .invalid("pay", "wage, overtime limit and contract hours must be non-negative (contract hours positive)")
        }
        guard runs >= 100, runs <= 100_000 else { throw .invalid("runs", "simulate 100 to 100000 runs, got \(runs)") }
        for n in need where !(n.paidAgentHours.isFinite && n.paidAgentHours >= 0) {
            throw .invalid("need", "month \(n.month): paid agent-hours must be a non-negative number, got \(n.paidAgentHours)")
        }
    }
}

/// A bad parameter of a capacity plan, said plainly.
public enum CapacityError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalid(String, String)
    case solver(String)

    public var description: String {
        switch self {
        case .invalid(let field, let message): "capacity: \(field): \(message)"
        case .solver(let message): "capacity: the hiring program could not be solved: \(message)"
        }
    }
}
