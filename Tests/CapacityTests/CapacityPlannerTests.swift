import Capacity
import HotlineCore
import Testing

/// Hand-computable plans: no attrition, training lead time, the contract floor, bad parameters.
struct CapacityPlannerTests {
    /// Consecutive months from 2027-02; an agent's month is 40 h × days / 7 (no leave), so a need
    /// of `a` agents is `a` × that.
    func need(_ agents: [Double]) -> [MonthlyNeed] {
        agents.enumerated().map { i, a in
            let m = PlanMonth(year: 2027, month: 2).adding(months: i)
            return MonthlyNeed(month: m, calls: 0, requiredAgentHours: a * hours(m), paidAgentHours: a * hours(m))
        }
    }

    func hours(_ m: PlanMonth) -> Double { 40 * Double(m.days) / 7 }

    func settings(weeks: Int = 0, min: Int = 1, max: Int = 50) -> CapacitySettings {
        var s = CapacitySettings()
        s.trainingWeeks = weeks; s.classSizeMin = min; s.classSizeMax = max; s.leaveShare = 0
        return s
    }

    func staff(_ n: Int) -> [StaffMember] { (0..<n).map { StaffMember(id: "A\($0)", role: .agent) } }

    @Test func noAttritionConstantNeedHiresTheGapExactly() throws {
        let input = CapacityInput(need: need([70, 70, 70]), people: staff(60), floorTotal: 0, roleMinimums: [:], annualAttrition: 0,
                                  settings: settings(), maxOvertimeHoursPerMonth: 0, runs: 200)
        let plan = try CapacityPlanner.plan(input)
        #expect(plan.totalHires == 10)
        #expect(plan.months[0].hires == 10)
        #expect(plan.months.allSatisfy { $0.shortfallHours == 0 && $0.probabilityBelowFloor == 0 })
    }

    @Test func trainingLeadTimeHiresBeforeTheSurge() throws {
        // Need 60 agents, then 70 from the fourth month; 6 weeks of training = 2 months of lead.
        let n = need([60, 60, 60, 70, 70])
        let input = CapacityInput(need: n, people: staff(60), floorTotal: 0, roleMinimums: [:], annualAttrition: 0,
                                  settings: settings(weeks: 6), maxOvertimeHoursPerMonth: 0, runs: 200)
        let plan = try CapacityPlanner.plan(input)
        #expect(plan.leadMonths == 2)
        #expect(plan.totalHires == 10)
        #expect(plan.months[1].hires == 10)  // starts in month 1, productive in month 3 (the surge)
        #expect(plan.months[3].shortfallHours == 0)
    }

    @Test func contractFloorWithAttritionHoldsWithConfidence() throws {
        // Need is tiny; the floor of 91 drives hiring; 15% attrition.
        let input = CapacityInput(need: need(Array(repeating: 10, count: 12)), people: staff(92), floorTotal: 91, roleMinimums: [:],
                                  annualAttrition: 0.15, settings: settings(weeks: 0, min: 2, max: 20), runs: 1000)
        let plan = try CapacityPlanner.plan(input)
        #expect(plan.totalHires > 0)
        #expect(plan.months.allSatisfy { $0.probabilityBelowFloor <= 0.1 })
        #expect(plan.meetsConfidence)
    }

    @Test func floorThatCannotBeMetIsSaidPlainly() throws {
        let input = CapacityInput(need: need([10, 10, 10]), people: staff(80), floorTotal: 91, roleMinimums: [:], annualAttrition: 0,
                                  settings: settings(weeks: 0, min: 1, max: 3), runs: 200)
        let plan = try CapacityPlanner.plan(input)
        #expect(!plan.cannotMeet.isEmpty)
        #expect(plan.cannotMeet[0].contains("floor of 91"))
    }

    @Test func badParametersAreRefused() throws {
        var input = CapacityInput(need: need([10]), people: staff(10), floorTotal: 0, roleMinimums: [:], annualAttrition: -0.1)
        #expect(throws: CapacityError.self) { try CapacityPlanner.plan(input) }
        input.annualAttrition = 0.1
        input.settings.classSizeMin = 9; input.settings.classSizeMax = 3
        #expect(throws: CapacityError.self) { try CapacityPlanner.plan(input) }
    }

    @Test func capacitySectionErrorsNameTheLineAndField() throws {
        let text = "seats = 1\n[capacity]\ntraining_weeks = 4\nclass_size_min = -2\n"
        #expect(throws: InputError.self) { try CapacitySettings.parse(text, file: "p.toml") }
        do { _ = try CapacitySettings.parse(text, file: "p.toml") } catch let e as InputError {
            #expect(e.line == 4)
            #expect(e.field == "capacity.class_size_min")
        }
        let ok = try CapacitySettings.parse("[capacity]\ntraining_weeks = 4\nprobation_ramp = [0.5, 0.8]\n", file: "p.toml")
        #expect(ok.trainingWeeks == 4 && ok.probationRamp == [0.5, 0.8])
    }
}
