import Foundation
import HotlineCore
import Planning

/// One hour of the period, side by side: baseline, scenario if nothing is done, scenario with the
/// surge plan. Agents are people on shift (the requirement is after shrinkage); service level
/// and abandonment are Erlang A with the profile's patience for the agents on phones.
public struct HourRow: Sendable, Codable, Equatable {
    public var start: LocalDateTime
    public var baselineCalls: Double
    public var scenarioCalls: Double
    public var baselineAHT: Double
    public var scenarioAHT: Double
    public var baselineRequired: Int
    public var baselineScheduled: Int
    public var baselineServiceLevel: Double
    public var baselineAbandonment: Double
    public var scenarioRequired: Int
    public var nothingScheduled: Int
    public var nothingServiceLevel: Double
    public var nothingAbandonment: Double
    public var surgeScheduled: Int
    /// People-hours of training cancelled in the hour (they go to phones).
    public var trainingHours: Double
    /// Those hours as people on shift at the normal shrinkage (rounded down).
    public var trainingEquivalent: Int
    public var surgeServiceLevel: Double
    public var surgeAbandonment: Double

    public var baselineShort: Int { max(0, baselineRequired - baselineScheduled) }
    public var nothingShort: Int { max(0, scenarioRequired - nothingScheduled) }
    public var surgeShort: Int { max(0, scenarioRequired - surgeScheduled - trainingEquivalent) }
}

/// The totals of one case (baseline, scenario if nothing is done, scenario with the surge plan).
public struct CaseFigures: Sendable, Codable, Equatable {
    public var forecastCalls: Double
    public var requiredAgentHours: Int
    public var scheduledAgentHours: Int
    /// Σ max(0, required − scheduled − training returned to phones) per hour.
    public var shortAgentHours: Int
    public var shortHours: Int
    /// Call-weighted Erlang A share answered within the goal's seconds.
    public var serviceLevel: Double
    /// Call-weighted Erlang A share abandoned.
    public var abandonment: Double
    /// Effective answer rate (有效接通率) = 1 − abandonment (no self-service in the model).
    public var answerRate: Double
    /// Hours whose service level is below the goal.
    public var hoursBelowGoal: Int?
    public var cost: Double
    public var costBreakdown: CostBreakdown
    public var ifNothingDone: IfNothingDone?

    /// The nested "if nothing is done" figures of the scenario (a class box keeps the type finite).
    public final class IfNothingDone: Sendable, Codable, Equatable {
        public let figures: CaseFigures
        init(_ f: CaseFigures) { figures = f }
        public func encode(to encoder: any Encoder) throws { try figures.encode(to: encoder) }
        public required init(from decoder: any Decoder) throws { figures = try CaseFigures(from: decoder) }
        public static func == (a: IfNothingDone, b: IfNothingDone) -> Bool { a.figures == b.figures }
    }

    init(rows: [HourRow], calls: KeyPath<HourRow, Double>, required: KeyPath<HourRow, Int>, scheduled: KeyPath<HourRow, Int>,
         training: (HourRow) -> Int, serviceLevel sl: KeyPath<HourRow, Double>, abandonment ab: KeyPath<HourRow, Double>,
         cost: CostBreakdown, goal: Double? = nil) {
        let total = rows.reduce(0) { $0 + $1[keyPath: calls] }
        forecastCalls = (total * 10).rounded() / 10
        requiredAgentHours = rows.reduce(0) { $0 + $1[keyPath: required] }
        scheduledAgentHours = rows.reduce(0) { $0 + $1[keyPath: scheduled] }
        let shorts = rows.map { max(0, $0[keyPath: required] - $0[keyPath: scheduled] - training($0)) }
        shortAgentHours = shorts.reduce(0, +)
        shortHours = shorts.filter { $0 > 0 }.count
        let w = max(total, 1e-9)
        serviceLevel = rows.reduce(0) { $0 + $1[keyPath: calls] * $1[keyPath: sl] } / w
        abandonment = rows.reduce(0) { $0 + $1[keyPath: calls] * $1[keyPath: ab] } / w
        answerRate = 1 - abandonment
        hoursBelowGoal = nil
        self.cost = (cost.total * 100).rounded() / 100
        costBreakdown = cost
        ifNothingDone = nil
    }

    enum CodingKeys: String, CodingKey {
        case forecastCalls, requiredAgentHours, scheduledAgentHours, shortAgentHours, shortHours, serviceLevel, abandonment
        case answerRate, hoursBelowGoal, cost, costBreakdown, ifNothingDone
    }
}

extension CaseFigures {
    /// The scenario's figures if nothing is done (nil on the other cases).
    public var nothingDone: CaseFigures? { ifNothingDone?.figures }
}

/// Extra people and hours of the surge plan, by measure.
public struct Extra: Sendable, Codable, Equatable {
    public var people: Int
    public var peopleByMeasure: [String: Int]
    public var hoursByMeasure: [String: Double]
    public var standbyCalledIn: [String]
    public var restDaysGivenBack: Int
}

/// The period's cost against the profile's annual budget.
public struct Budget: Sendable, Codable, Equatable {
    public var annualBudget: Double?
    public var baselineCost: Double
    public var scenarioCost: Double
    public var extraCost: Double
    /// Extra cost as a share of the annual budget.
    public var extraShareOfBudget: Double?
    /// The baseline period's cost scaled to a year (× 365 / days), against the budget.
    public var baselineAnnualised: Double
    public var baselineAnnualisedShareOfBudget: Double?

    init(annualBudget: Double?, baselineCost: Double, scenarioCost: Double, days: Int) {
        self.annualBudget = annualBudget
        self.baselineCost = (baselineCost * 100).rounded() / 100
        self.scenarioCost = (scenarioCost * 100).rounded() / 100
        extraCost = ((scenarioCost - baselineCost) * 100).rounded() / 100
        extraShareOfBudget = annualBudget.map { (scenarioCost - baselineCost) / $0 }
        baselineAnnualised = (baselineCost * 365 / Double(days)).rounded()
        baselineAnnualisedShareOfBudget = annualBudget.map { baselineCost * 365 / Double(days) / $0 }
    }
}

/// An hour the surge plan leaves short, and why.
public struct ShortHour: Sendable, Codable, Equatable {
    public var start: LocalDateTime
    public var required: Int
    public var scheduled: Int
    public var trainingEquivalent: Int
    public var short: Int
    public var reason: String
}

/// A person absent in the scenario.
public struct Absence: Sendable, Codable, Equatable {
    public var personId: String
    public var from: LocalDateTime
    public var to: LocalDateTime
    public var reason: String
}

public struct PlanSummary: Sendable, Codable, Equatable {
    public var weekStart: CivilDate
    public var agents: Int
    public var shortAgentHours: Int
    public var solver: SolverReport
}

/// Per person and calendar month: the overtime the labour limits count.
public struct PersonMonth: Sendable, Codable, Equatable {
    public var personId: String
    public var name: String
    public var role: Role
    public var month: String
    public var overtimeAlreadyWorked: Double
    /// Shift extensions in the period.
    public var overtimeHours: Double
    /// Rest-day work without time off in lieu (counts as overtime, art. 41).
    public var restDayHours: Double
    public var restDayHoursWithLieu: Double
    public var standbyHours: Double
    /// Already worked + extensions + rest-day work without lieu.
    public var monthOvertimeTotal: Double
    public var maxDailyOvertime: Double

    static func table(blocks: [WorkBlock], scenario: Scenario, people: [Person]) -> [PersonMonth] {
        let firstMonth = monthText(scenario.start)
        var map: [String: PersonMonth] = [:]
        var daily: [String: [CivilDate: Double]] = [:]
        let byId = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for b in blocks where b.measure != .rostered {
            let key = b.personId + "/" + monthText(b.date)
            var pm = map[key] ?? PersonMonth(personId: b.personId, name: b.name, role: b.role, month: monthText(b.date),
                                             overtimeAlreadyWorked: monthText(b.date) == firstMonth
                                                 ? scenario.measures.overtimeAlreadyWorked(b.personId) : 0,
                                             overtimeHours: 0, restDayHours: 0, restDayHoursWithLieu: 0, standbyHours: 0,
                                             monthOvertimeTotal: 0, maxDailyOvertime: 0)
            switch b.measure {
            case .overtime:
                pm.overtimeHours += b.hours
                daily[key, default: [:]][b.date, default: 0] += b.hours
            case .restDay:
                if b.lieuDate == nil { pm.restDayHours += b.hours } else { pm.restDayHoursWithLieu += b.hours }
            case .standby: pm.standbyHours += b.hours
            default: break
            }
            map[key] = pm
        }
        _ = byId
        return map.map { key, pm in
            var p = pm
            p.monthOvertimeTotal = p.overtimeAlreadyWorked + p.overtimeHours + p.restDayHours
            p.maxDailyOvertime = daily[key]?.values.max() ?? 0
            return p
        }.sorted { ($0.personId, $0.month) < ($1.personId, $1.month) }
    }

    static func monthText(_ d: CivilDate) -> String { "\(d.year)-\(CivilDate.pad(d.month, 2))" }
}

/// A rule the surge plan bends, how often, and what law or profile rule it is.
public struct RuleBend: Sendable, Codable, Equatable {
    public var rule: String
    public var ruleChinese: String
    public var basis: String
    public var count: Int
    public var detail: String
    public var detailChinese: String

    static func list(added: [WorkBlock], removed: [WorkBlock], blocks: [WorkBlock], personMonths: [PersonMonth],
                     trainingHours: Double, profile: CenterProfile, scenario: Scenario, maxAgents: Int)
        -> ([RuleBend], [Exemption])
    {
        var bends: [RuleBend] = []
        var exemptions: [Exemption] = []
        let labour = profile.labour
        // Overtime per person-day.
        var daily: [String: Double] = [:]
        for b in added where b.measure == .overtime { daily["\(b.personId) \(b.date)", default: 0] += b.hours }
        if !daily.isEmpty {
            bends.append(RuleBend(rule: "shifts extended beyond the \(Int(labour.maxHoursPerDay)) h day (overtime)", ruleChinese: "延长工作时间（加班）",
                                  basis: "Labour Law art. 41; State Council regulation art. 3", count: daily.count,
                                  detail: "\(daily.count) person-days, \(Self.f(daily.values.reduce(0, +))) h, at most \(Self.f(daily.values.max() ?? 0)) h a day", detailChinese: "\(daily.count) 人次·日，共 \(Self.f(daily.values.reduce(0, +))) 小时，单日最多 \(Self.f(daily.values.max() ?? 0)) 小时"))
            let overOne = daily.filter { $0.value > 1 }
            if !overOne.isEmpty {
                bends.append(RuleBend(rule: "more than 1 h overtime a day (special reasons, up to \(Self.f(labour.maxOvertimeHoursPerDay)) h)",
                                      ruleChinese: "每日加班超过1小时（特殊原因，不超过3小时）", basis: "Labour Law art. 41",
                                      count: overOne.count, detail: "\(overOne.count) person-days", detailChinese: "\(overOne.count) 人次·日"))
            }
            let overLimit = daily.filter { $0.value > labour.maxOvertimeHoursPerDay + 1e-9 }.sorted { $0.key < $1.key }
            if !overLimit.isEmpty {
                exemptions.append(Exemption(rule: "daily overtime above \(Self.f(labour.maxOvertimeHoursPerDay)) h",
                                            ruleChinese: "每日加班超过\(Self.f(labour.maxOvertimeHoursPerDay))小时",
                                            basis: "Labour Law art. 41 limit, lifted by art. 42 (emergency)",
                                            count: overLimit.count, maximum: overLimit.map(\.value).max() ?? 0,
                                            cases: overLimit.prefix(50).map { "\($0.key): \(Self.f($0.value)) h" }))
            }
        }
        let overMonth = personMonths.filter { $0.monthOvertimeTotal > labour.maxOvertimeHoursPerMonth + 1e-9 }
        if !overMonth.isEmpty {
            exemptions.append(Exemption(rule: "monthly overtime above \(Self.f(labour.maxOvertimeHoursPerMonth)) h",
                                        ruleChinese: "每月加班超过\(Self.f(labour.maxOvertimeHoursPerMonth))小时",
                                        basis: "Labour Law art. 41 limit, lifted by art. 42 (emergency)",
                                        count: overMonth.count, maximum: overMonth.map(\.monthOvertimeTotal).max() ?? 0,
                                        cases: overMonth.prefix(50).map { "\($0.personId) \($0.month): \(Self.f($0.monthOvertimeTotal)) h" }))
        }
        let restDays = added.filter { $0.measure == .restDay }
        if !restDays.isEmpty {
            let noLieu = restDays.filter { $0.lieuDate == nil }.count
            bends.append(RuleBend(rule: "rest days worked", ruleChinese: "休息日加班", basis: "Labour Law art. 38, 44",
                                  count: restDays.count,
                                  detail: "\(restDays.count) shifts on days off; \(restDays.count - noLieu) with time off in lieu, \(noLieu) paid at \(Self.f(profile.pay.restDay * 100))% (or 300% on a statutory holiday)", detailChinese: "休息日上班 \(restDays.count) 个班次；其中安排补休 \(restDays.count - noLieu) 个，\(noLieu) 个按 \(Self.f(profile.pay.restDay * 100))% 支付（法定节假日按300%）"))
            if profile.shifts.consecutiveDaysOff {
                bends.append(RuleBend(rule: "two consecutive days off broken", ruleChinese: "连续两天休息被打断",
                                      basis: "profile shifts.consecutive_days_off", count: restDays.count,
                                      detail: "each rest-day shift splits the person's block of days off", detailChinese: "每个休息日班次都打断了本人的连续休息"))
            }
        }
        // Weekly hours over the profile's week.
        var weekly: [String: Double] = [:]
        for b in blocks where b.end > b.start { weekly["\(b.personId) \(b.date.mondayOfWeek)", default: 0] += b.hours }
        let overWeek = weekly.filter { $0.value > labour.maxHoursPerWeek + 1e-9 }
        if !overWeek.isEmpty {
            bends.append(RuleBend(rule: "more than \(Self.f(labour.maxHoursPerWeek)) h a week", ruleChinese: "每周工作超过40小时",
                                  basis: "State Council regulation art. 3 (the excess is overtime)", count: overWeek.count,
                                  detail: "\(overWeek.count) person-weeks, at most \(Self.f(overWeek.values.max() ?? 0)) h", detailChinese: "\(overWeek.count) 人次·周，最多 \(Self.f(overWeek.values.max() ?? 0)) 小时"))
        }
        if trainingHours > 0 {
            bends.append(RuleBend(rule: "on-the-job training cancelled in short hours", ruleChinese: "短缺时段取消在岗培训",
                                  basis: "contract: on-job training (policy, process, communication)", count: 1,
                                  detail: "\(Self.f(trainingHours)) people-hours of training moved to phones; reschedule it after the surge", detailChinese: "\(Self.f(trainingHours)) 人时培训改为接听电话；高峰过后补训"))
        }
        let standby = added.filter { $0.measure == .standby }
        if !standby.isEmpty {
            bends.append(RuleBend(rule: "standby pool called in", ruleChinese: "启用备用人员", basis: "contract: extra staff for major holidays and emergencies",
                                  count: Set(standby.map(\.personId)).count, detail: "\(standby.count) shifts", detailChinese: "\(standby.count) 个班次"))
        }
        if scenario.measures.emergency {
            bends.append(RuleBend(rule: "emergency: art. 41 overtime limits lifted", ruleChinese: "突发事件：不受加班时长限制",
                                  basis: "Labour Law art. 42", count: exemptions.reduce(0) { $0 + $1.count },
                                  detail: "still at most \(Self.f(scenario.measures.emergencyMaxHoursPerDay)) h on duty a day and \(Self.f(labour.minRestHours)) h rest between shifts; seats never exceeded (max \(maxAgents) of \(profile.seats))", detailChinese: "仍不超过每日在岗 \(Self.f(scenario.measures.emergencyMaxHoursPerDay)) 小时、班次间休息不少于 \(Self.f(labour.minRestHours)) 小时；座席从未超限（最多 \(maxAgents)/\(profile.seats)）"))
        }
        return (bends, exemptions)
    }

    static func f(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }
}

/// An emergency scenario's surge plan on the same baseline without the art. 42 exemption.
public struct WithoutExemption: Sendable, Codable, Equatable {
    public var shortAgentHours: Int
    public var serviceLevel: Double
    public var abandonment: Double
    public var cost: Double
    public var extraHoursByMeasure: [String: Double]
}

/// An overtime limit the emergency exemption (Labour Law art. 42) was used for.
public struct Exemption: Sendable, Codable, Equatable {
    public var rule: String
    public var ruleChinese: String
    public var basis: String
    public var count: Int
    public var maximum: Double
    public var cases: [String]
}

/// What `roster scenario` reports (`--json`): `baseline` and `scenario` (with the surge plan; its
/// `ifNothingDone` holds the figures without it), extra people and hours, cost against the
/// budget, the rules bent and the exemptions used.
public struct ScenarioOutcome: Sendable, Codable {
    public var name: String
    public var nameEnglish: String?
    public var file: String
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    public var weeks: Int
    public var emergency: Bool
    public var timeOffInLieu: Bool
    public var synthetic: Bool
    public var historySource: String
    public var forecastModel: String
    public var seats: Int
    public var baseline: CaseFigures
    public var scenario: CaseFigures
    public var extra: Extra
    public var budget: Budget
    public var bends: [RuleBend]
    public var exemptions: [Exemption]
    public var remainingShortfall: [ShortHour]
    public var absences: [Absence]
    public var plans: [PlanSummary]
    public var notes: [String]
    public var seconds: Double
    /// Seconds per step of the run.
    public var phases: [String: Double] = [:]
    /// Emergency scenarios: the surge plan without the exemption, on the same baseline.
    public var withoutExemption: WithoutExemption?
    public var files: [String] = []

    // Detail for the files (not in the JSON).
    public var hourly: [HourRow]
    public var baselineShifts: [ShiftAssignment]
    public var scenarioBlocks: [WorkBlock]
    public var surgeBlocks: [WorkBlock]
    public var lieuBlocks: [WorkBlock]
    public var personMonths: [PersonMonth]

    enum CodingKeys: String, CodingKey {
        case name, nameEnglish, file, periodStart, periodEnd, weeks, emergency, timeOffInLieu, synthetic, historySource
        case forecastModel, seats, baseline, scenario, extra, budget, bends, exemptions, remainingShortfall, absences, plans
        case notes, seconds, phases, withoutExemption, files
    }

    public init(name: String, nameEnglish: String?, file: String, periodStart: CivilDate, periodEnd: CivilDate, weeks: Int,
                emergency: Bool, timeOffInLieu: Bool, synthetic: Bool, historySource: String, forecastModel: String, seats: Int,
                baseline: CaseFigures, scenario: CaseFigures, extra: Extra, budget: Budget, bends: [RuleBend],
                exemptions: [Exemption], remainingShortfall: [ShortHour], absences: [Absence], plans: [PlanSummary],
                notes: [String], seconds: Double, phases: [String: Double] = [:], withoutExemption: WithoutExemption? = nil, hourly: [HourRow], baselineShifts: [ShiftAssignment],
                scenarioBlocks: [WorkBlock], surgeBlocks: [WorkBlock], lieuBlocks: [WorkBlock], personMonths: [PersonMonth]) {
        self.name = name; self.nameEnglish = nameEnglish; self.file = file
        self.periodStart = periodStart; self.periodEnd = periodEnd; self.weeks = weeks
        self.emergency = emergency; self.timeOffInLieu = timeOffInLieu; self.synthetic = synthetic
        self.historySource = historySource; self.forecastModel = forecastModel; self.seats = seats
        self.baseline = baseline; self.scenario = scenario; self.extra = extra; self.budget = budget
        self.bends = bends; self.exemptions = exemptions; self.remainingShortfall = remainingShortfall
        self.absences = absences; self.plans = plans; self.notes = notes; self.seconds = seconds; self.phases = phases; self.withoutExemption = withoutExemption
        self.hourly = hourly; self.baselineShifts = baselineShifts; self.scenarioBlocks = scenarioBlocks
        self.surgeBlocks = surgeBlocks; self.lieuBlocks = lieuBlocks; self.personMonths = personMonths
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), nameEnglish: try c.decodeIfPresent(String.self, forKey: .nameEnglish),
                  file: try c.decode(String.self, forKey: .file), periodStart: try c.decode(CivilDate.self, forKey: .periodStart),
                  periodEnd: try c.decode(CivilDate.self, forKey: .periodEnd), weeks: try c.decode(Int.self, forKey: .weeks),
                  emergency: try c.decode(Bool.self, forKey: .emergency), timeOffInLieu: try c.decode(Bool.self, forKey: .timeOffInLieu),
                  synthetic: try c.decode(Bool.self, forKey: .synthetic), historySource: try c.decode(String.self, forKey: .historySource),
                  forecastModel: try c.decode(String.self, forKey: .forecastModel), seats: try c.decode(Int.self, forKey: .seats),
                  baseline: try c.decode(CaseFigures.self, forKey: .baseline), scenario: try c.decode(CaseFigures.self, forKey: .scenario),
                  extra: try c.decode(Extra.self, forKey: .extra), budget: try c.decode(Budget.self, forKey: .budget),
                  bends: try c.decode([RuleBend].self, forKey: .bends), exemptions: try c.decode([Exemption].self, forKey: .exemptions),
                  remainingShortfall: try c.decode([ShortHour].self, forKey: .remainingShortfall),
                  absences: try c.decode([Absence].self, forKey: .absences), plans: try c.decode([PlanSummary].self, forKey: .plans),
                  notes: try c.decode([String].self, forKey: .notes), seconds: try c.decode(Double.self, forKey: .seconds),
                  hourly: [], baselineShifts: [], scenarioBlocks: [], surgeBlocks: [], lieuBlocks: [], personMonths: [])
        files = try c.decodeIfPresent([String].self, forKey: .files) ?? []
        phases = try c.decodeIfPresent([String: Double].self, forKey: .phases) ?? [:]
        withoutExemption = try c.decodeIfPresent(WithoutExemption.self, forKey: .withoutExemption)
    }
}
