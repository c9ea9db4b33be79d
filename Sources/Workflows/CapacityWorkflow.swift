import Capacity
import Foundation
import Forecasting
import HotlineCore
import RosterStore

/// The planner's capacity and hiring plan over the store: need from the stored (or a given) call
/// history, supply from the store's people, training and separations, the hiring program and the
/// attrition simulation of `Capacity`. The CLI (`roster capacity`) and the web application call this.
public struct CapacityWorkflow: Sendable {
    /// Where the call history comes from.
    public enum HistorySource: Sendable {
        /// The history in the store (`roster history import`).
        case store
        /// A history file or directory (any format `HistoryLoader` reads).
        case file(String, HistoryFormat)
        /// A history already loaded.
        case given(HourlySeries, label: String)
    }

    public struct Request: Sendable {
        public var profilePath: String
        public var from: PlanMonth
        public var months: Int
        public var history: HistorySource
        public var calendar: HolidayCalendar
        /// Annual call growth (e.g. 0.05); not with `volumes`.
        public var growth: Double
        /// A `month,calls` CSV giving the calls of every planned month; the history then gives only
        /// the shape within each month (hour of week, holiday effects).
        public var volumes: String?
        /// Annual attrition, all separations (every leaver is a vacancy); nil: from the store's
        /// separations of the 12 months before `from` (else the profile's `[capacity]
        /// attrition_rate`, else its turnover cap).
        public var attrition: Double?
        /// Share of separations the turnover KPI does not count (civil-service or public-institution
        /// posts); nil: from the store's separations of the 12 months before `from` (else the
        /// profile's `[capacity] kpi_excluded_share`, else 0).
        public var nonKpiShare: Double?
        public var trainingWeeks: Int?
        public var classSize: ClosedRange<Int>?
        public var scenarios: [String]
        public var confidence: Double
        /// Scheduled / required agent-hours; nil: the profile's, else one planned week (GLPK).
        public var tourEfficiency: Double?
        public var runs: Int
        public var seed: UInt64
        public var timeLimitSeconds: Double

        public init(profilePath: String, from: PlanMonth, months: Int = 12, history: HistorySource = .store, calendar: HolidayCalendar = .china,
                    growth: Double = 0, volumes: String? = nil, attrition: Double? = nil, nonKpiShare: Double? = nil, trainingWeeks: Int? = nil, classSize: ClosedRange<Int>? = nil,
                    scenarios: [String] = [], confidence: Double = 0.9, tourEfficiency: Double? = nil, runs: Int = 2000,
                    seed: UInt64 = 12345, timeLimitSeconds: Double = 10) {
            self.profilePath = profilePath
            self.from = from
            self.months = months
            self.history = history
            self.calendar = calendar
            self.growth = growth
            self.volumes = volumes
            self.attrition = attrition
            self.nonKpiShare = nonKpiShare
            self.trainingWeeks = trainingWeeks
            self.classSize = classSize
            self.scenarios = scenarios
            self.confidence = confidence
            self.tourEfficiency = tourEfficiency
            self.runs = runs
            self.seed = seed
            self.timeLimitSeconds = timeLimitSeconds
        }
    }

    public let store: RosterStore

    public init(store: RosterStore) { self.store = store }

    public func plan(_ r: Request, progress: @Sendable (String) -> Void = { _ in }) throws -> CapacityPlan {
        let clock = ContinuousClock.now
        guard (1...60).contains(r.months) else { throw CapacityError.invalid("months", "plan 1 to 60 months, got \(r.months)") }
        if let a = r.attrition, !(a >= 0 && a < 1) { throw CapacityError.invalid("attrition", "an annual rate must be in [0, 1) (e.g. 0.15), got \(a)") }
        guard r.growth > -1, r.growth.isFinite else { throw CapacityError.invalid("growth", "an annual growth rate must be above −1 (e.g. 0.05), got \(r.growth)") }
        if let x = r.nonKpiShare, !(x >= 0 && x <= 1) { throw CapacityError.invalid("non-kpi-share", "a share of separations must be in [0, 1] (e.g. 0.2), got \(x)") }
        if r.volumes != nil, r.growth != 0 { throw CapacityError.invalid("growth", "give --growth or --volumes, not both: the monthly volumes already are the horizon's calls") }
        if let w = r.trainingWeeks, !(0...52).contains(w) { throw CapacityError.invalid("training-weeks", "expected 0 to 52 weeks, got \(w)") }
        if let c = r.classSize, c.lowerBound < 1 { throw CapacityError.invalid("class-size", "a class has at least 1 person, got \(c.lowerBound)..\(c.upperBound)") }
        if let e = r.tourEfficiency, !(e >= 1 && e <= 3) { throw CapacityError.invalid("tour-efficiency", "expected scheduled / required agent-hours between 1 and 3, got \(e)") }
        let profile = try CenterProfile.load(path: r.profilePath)
        var settings = try CapacitySettings.load(profilePath: r.profilePath)
        if let w = r.trainingWeeks { settings.trainingWeeks = w }
        if let c = r.classSize { settings.classSizeMin = c.lowerBound; settings.classSizeMax = c.upperBound }
        var warnings: [String] = []

        // Need.
        let history: HourlySeries, historyLabel: String
        switch r.history {
        case .store: history = try HistoryWorkflow(store: store).series(); historyLabel = "the store's call history"
        case .file(let path, let format): history = try HistoryLoader.load(path: path, format: format); historyLabel = path
        case .given(let s, let label): history = s; historyLabel = label
        }
        let scenarios = try r.scenarios.map { try Scenario.load(path: $0) }
        let volumes = try r.volumes.map { try MonthlyVolumes.load(path: $0) }
        progress("forecast: \(r.months) months from \(r.from) (\(historyLabel))" + (volumes.map { ", month totals from \($0.file)" } ?? ""))
        let outcome = try CapacityNeed.fromHistory(history, profile: profile, calendar: r.calendar, from: r.from, months: r.months,
                                                   growth: r.growth, volumes: volumes, scenarios: scenarios, tourEfficiency: 1)
        warnings += outcome.warnings
        let efficiency: Double, efficiencySource: String
        if let e = r.tourEfficiency {
            efficiency = e; efficiencySource = "given (--tour-efficiency)"
        } else if let e = settings.tourEfficiency {
            efficiency = e; efficiencySource = "profile [capacity] tour_efficiency"
        } else {
            var monday = r.from.firstDay
            while monday.weekday != 1 { monday = monday.adding(days: 1) }
            let offset = (monday.dayNumber - r.from.firstDay.dayNumber) * 24
            progress("tour efficiency: planning the week of \(monday) (GLPK)")
            if offset + 168 <= outcome.hourlyAgents.count {
                efficiency = try CapacityNeed.calibrateTourEfficiency(profile: profile, week: monday,
                                                                     requiredAgents: Array(outcome.hourlyAgents[offset..<(offset + 168)]),
                                                                     timeLimitSeconds: r.timeLimitSeconds)
                efficiencySource = "calibrated: scheduled / required agent-hours of the tour plan of the week of \(monday)"
            } else {
                efficiency = 1; efficiencySource = "1 (the horizon holds no whole week to calibrate on)"
            }
        }
        let need = outcome.need.map {
            MonthlyNeed(month: $0.month, calls: $0.calls, requiredAgentHours: $0.requiredAgentHours, paidAgentHours: $0.requiredAgentHours * efficiency)
        }

        // Supply.
        let start = r.from.firstDay, end = r.from.adding(months: r.months).firstDay
        let people = try store.rosterablePeople(on: start)
        guard !people.isEmpty else { throw WorkflowError.refused("the store has no people on \(start): run roster people import FILE") }
        let qualified = try store.phoneQualified(on: start)
        let separations = try store.separations()
        let announced = Dictionary(separations.filter { $0.date >= start }.map { ($0.personId, $0) }, uniquingKeysWith: { $0.date <= $1.date ? $0 : $1 })
        let input0 = CapacityInput(need: need, people: [], floorTotal: 0, roleMinimums: [:], annualAttrition: 0, settings: settings)
        let lead = input0.leadMonths
        let leave = try store.leaveRecords(from: start, through: end.adding(days: -1)).filter { $0.lastDay.dayNumber - $0.firstDay.dayNumber + 1 >= 28 }
        func monthIndex(_ d: CivilDate) -> Int { (d.year - r.from.year) * 12 + d.month - r.from.month }
        var untrained = 0
        let staff: [StaffMember] = people.map { p in
            var absence: [Int: Double] = [:]
            for l in leave where l.personId == p.id {
                for t in 0..<r.months {
                    let m = r.from.adding(months: t)
                    let a = max(l.firstDay.dayNumber, m.firstDay.dayNumber), b = min(l.lastDay.dayNumber, m.firstDay.dayNumber + m.days - 1)
                    if b >= a { absence[t, default: 0] += Double(b - a + 1) / Double(m.days) }
                }
            }
            let trained = p.role != .agent || qualified.contains(p.id)
            if !trained { untrained += 1 }
            return StaffMember(id: p.id, role: p.role, contractHoursPerWeek: p.contractHoursPerWeek, productiveFrom: trained ? 0 : lead,
                               leavesIn: announced[p.id].map { monthIndex($0.date) }.flatMap { $0 < r.months ? $0 : nil }, absence: absence.mapValues { min(1, $0) },
                               leaveCountsForTurnover: announced[p.id]?.countsForTurnover ?? true)
        }
        if untrained > 0 { warnings.append("\(untrained) agents have not completed pre-job training on \(start): counted productive from \(r.from.adding(months: lead))") }

        // Attrition: all separations (each is a vacancy), and the share the turnover KPI leaves out.
        let yearAgo = start.adding(days: -365)
        let past = separations.filter { $0.date >= yearAgo && $0.date < start }
        let nonKpiShare: Double, nonKpiSource: String
        if let x = r.nonKpiShare {
            nonKpiShare = x; nonKpiSource = "given (--non-kpi-share)"
        } else if !past.isEmpty {
            let excluded = past.filter { !$0.countsForTurnover }
            nonKpiShare = Double(excluded.count) / Double(past.count)
            let reasons = Dictionary(grouping: excluded, by: \.reason.rawValue).map { "\($0.key) \($0.value.count)" }.sorted()
            nonKpiSource = "the store: \(excluded.count) of \(past.count) separations in the 12 months before \(start) do not count for the KPI"
                + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
        } else if let x = settings.kpiExcludedShare {
            nonKpiShare = x; nonKpiSource = "profile [capacity] kpi_excluded_share"
        } else {
            nonKpiShare = 0; nonKpiSource = "none known (the store has no separations in the 12 months before \(start)): every separation taken to count"
        }
        let rate: Double, source: String
        if let a = r.attrition {
            rate = a; source = "given (--attrition)"
        } else {
            if !past.isEmpty {
                let avg = Double(people.count) + Double(past.count) / 2
                rate = min(0.95, Double(past.count) / avg)
                source = "the store: \(past.count) separations in the 12 months before \(start) / average headcount \(String(format: "%.1f", avg))"
            } else if let a = settings.attritionRate {
                rate = a; source = "profile [capacity] attrition_rate (the store has no separations in the 12 months before \(start))"
            } else {
                rate = profile.replacementRules.turnoverCap
                source = "the profile's turnover cap (the store has no separations in the 12 months before \(start); give --attrition)"
                warnings.append("no separations in the store's last 12 months: attrition assumed at the \(String(format: "%.0f%%", rate * 100)) turnover cap")
            }
        }

        var roleMinimums: [Role: Int] = [:]
        for (k, v) in profile.staff.minByRole { if let role = Role(rawValue: k) { roleMinimums[role] = v } }
        let contract = people.filter { (p: Person) in p.role == .agent }.map { (p: Person) in p.contractHoursPerWeek }
        let input = CapacityInput(
            need: need, people: staff, floorTotal: profile.staff.minTotal, roleMinimums: roleMinimums, annualAttrition: rate,
            settings: settings, hourlyWage: profile.pay.hourlyWage, overtimeMultiplier: profile.pay.overtime,
            maxOvertimeHoursPerMonth: settings.maxOvertimeHoursPerMonth ?? profile.labour.maxOvertimeHoursPerMonth,
            newHireContractHours: contract.isEmpty ? 40 : contract.reduce(0, +) / Double(contract.count),
            confidence: r.confidence, runs: r.runs, seed: r.seed, timeLimitSeconds: r.timeLimitSeconds,
            turnoverCap: profile.replacementRules.turnoverCap, kpiExcludedShare: nonKpiShare)
        progress("plan: \(people.count) people, attrition \(String(format: "%.1f%%", rate * 100)) a year, \(r.runs) simulated runs")
        var plan = try CapacityPlanner.plan(input)
        plan.attritionSource = source
        plan.turnover.nonKpiShareSource = nonKpiSource
        plan.tourEfficiency = (efficiency * 1000).rounded() / 1000
        plan.tourEfficiencySource = efficiencySource
        plan.forecastModel = outcome.forecastModel
        plan.forecastSource = historyLabel + (history.hours.count < 365 * 24 ? " (\(history.hours.count / 168) weeks)" : "")
        plan.warnings = warnings + plan.warnings
        let elapsed = ContinuousClock.now - clock
        plan.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return plan
    }
}
