import Foundation
import HotlineCore
import Optimization
import Planning
import TestSupport
import Testing

let templatesProfilePath = SharedData.project("rosters/profiles/yuhang-12345-templates.toml")

/// Agents available per hour recomputed from the tours without `Tour.coverage`: walk each working
/// day's shift hour by hour and take the breaks' minutes off their hour.
func independentAvailability(_ tours: [PlannedTour]) -> [Double] {
    var cover = Array(repeating: 0.0, count: 168)
    for p in tours {
        for day in 0..<7 where p.tour.workDays[day] {
            for k in 0..<p.tour.lengthHours {
                let off = p.tour.breaks.filter { $0.offsetHours == k }.reduce(0) { $0 + $1.minutes }
                cover[(day * 24 + p.tour.startHour + k) % 168] += Double(p.count) * (1 - Double(off) / 60)
            }
        }
    }
    return cover
}

/// A tour against the profile's templates: it must come from one (start in its window, length in
/// its list), its breaks inside their windows and not in the first or last hour, paid hours within
/// the daily and weekly limits, the rest before the next day's shift.
func templateViolations(_ p: PlannedTour, profile: CenterProfile) -> [String] {
    let t = p.tour
    guard let template = profile.shifts.templates.first(where: { $0.name == t.template }) else {
        return ["tour \(t): from no template"]
    }
    var problems: [String] = []
    let window = template.startFrom <= template.startTo
        ? (template.startFrom...template.startTo).contains(t.startHour)
        : (t.startHour >= template.startFrom || t.startHour <= template.startTo)
    if !window { problems.append("tour \(t): start outside \(template.name)'s window") }
    if !template.lengthsHours.contains(t.lengthHours) { problems.append("tour \(t): length not in \(template.name)") }
    let rules = template.breaks.filter { t.lengthHours >= $0.minShiftHours }
    if rules.count != t.breaks.count { problems.append("tour \(t): \(t.breaks.count) breaks, the template has \(rules.count)") }
    for b in t.breaks {
        if !rules.contains(where: { $0.minutes == b.minutes && $0.paid == b.paid && ($0.windowFrom...$0.windowTo).contains(b.offsetHours) }) {
            problems.append("tour \(t): break \(b) outside its window")
        }
        if b.offsetHours < 1 || b.offsetHours > t.lengthHours - 2 { problems.append("tour \(t): break \(b) in the first or last hour") }
    }
    let unpaid = Double(t.breaks.filter { !$0.paid }.reduce(0) { $0 + $1.minutes }) / 60
    let paid = Double(t.lengthHours) - unpaid
    if paid > profile.labour.maxHoursPerDay { problems.append("tour \(t): \(paid) paid hours a day") }
    if paid * Double(t.workDays.filter { $0 }.count) > profile.labour.maxHoursPerWeek { problems.append("tour \(t): over the weekly hours") }
    if Double(24 - t.lengthHours) < profile.labour.minRestHours { problems.append("tour \(t): too little rest") }
    if t.workDays.filter({ !$0 }).count != profile.shifts.daysOffPerWeek { problems.append("tour \(t): days off") }
    return problems
}

@Suite("shift templates and breaks")
struct TemplateTests {
    @Test("a 30-minute break counts as half an agent in its hour; an unpaid meal is unpaid; a night shift crosses midnight")
    func breakShares() {
        let night = Tour(startHour: 22, lengthHours: 8, workDays: [true, false, false, false, false, false, false],
                         breaks: [TourBreak(offsetHours: 3, minutes: 30, paid: true)])
        #expect(night.coverage(hourOfWeek: 22) == 1)
        #expect(night.coverage(hourOfWeek: 25) == 0.5)     // Tue 01:00, the break hour
        #expect(night.coverage(hourOfWeek: 29) == 1)       // Tue 05:00, the last hour
        #expect(night.coverage(hourOfWeek: 30) == 0)
        #expect(night.paidHoursPerShift == 8)
        let day = Tour(startHour: 8, lengthHours: 9, workDays: Array(repeating: true, count: 5) + [false, false],
                       breaks: [TourBreak(offsetHours: 4, minutes: 60, paid: false), TourBreak(offsetHours: 1, minutes: 15, paid: true)])
        #expect(day.paidHoursPerShift == 8)
        #expect(day.weeklyPaidHours == 40)
        #expect(day.coverage(hourOfWeek: 12) == 0)
        #expect(day.paidShare(hourOfWeek: 12) == 0)
        #expect(day.coverage(hourOfWeek: 9) == 0.75)
        #expect(day.paidShare(hourOfWeek: 9) == 1)
    }

    @Test("break placements: every whole hour of each window, never the first or last hour, never two in one hour")
    func placements() {
        let rules = [CenterProfile.BreakRule(minutes: 60, paid: false, windowFrom: 3, windowTo: 5),
                     CenterProfile.BreakRule(minutes: 15, paid: true, windowFrom: 5, windowTo: 8)]
        let p = PlanningInput.breakPlacements(rules, length: 9)
        // meal at 3, 4, 5; rest at 5, 6, 7 (8 is the last hour), not both at 5: 3 × 3 − 1.
        #expect(p.count == 8)
        #expect(p.allSatisfy { Set($0.map(\.offsetHours)).count == 2 && $0.allSatisfy { (1...7).contains($0.offsetHours) } })
        let short = PlanningInput.breakPlacements([CenterProfile.BreakRule(minutes: 15, paid: true, windowFrom: 2, windowTo: 3, minShiftHours: 5)], length: 4)
        #expect(short == [[]])
    }

    @Test("the templates profile loads; its tours are the templates' starts × lengths × break placements × day patterns")
    func profileTours() throws {
        let profile = try CenterProfile.load(path: templatesProfilePath)
        #expect(profile.shifts.templates.map(\.name) == ["day", "evening", "night", "peak"])
        #expect(profile.shifts.templates[2].startHours == [22, 23, 0])
        #expect(profile.shifts.lengthsHours.isEmpty)
        let input = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday, requiredAgents: SyntheticWeek.required, availableAgents: nil)
        let tours = input.allowedTours
        // day 4 starts × (3 meal × 2 × 2 rest) + evening 5 × 3 + night 3 × 2 + peak 7 × (1 + 2 + 2), × 7 patterns.
        #expect(tours.count == (4 * 12 + 5 * 3 + 3 * 2 + 7 * 5) * 7)
        #expect(tours.allSatisfy { templateViolations(PlannedTour(tour: $0, count: 1), profile: profile).isEmpty })
        #expect(Set(tours.map(\.lengthHours)) == [4, 5, 6, 8, 9])
        #expect(tours.contains { $0.template == "night" && $0.startHour + $0.lengthHours > 24 })   // across midnight
        // The old [shifts] keys still load (yuhang and small profiles).
        #expect(try CenterProfile.load(path: yuhangProfilePath).shifts.templates.isEmpty)
    }

    @Test("a week planned from templates: lawful tours, seats counted on shift (breaks included), coverage with breaks checked independently")
    func plannedWeek() throws {
        let profile = try CenterProfile.load(path: templatesProfilePath)
        let input = PlanningInput(profile: profile, weekStart: SyntheticWeek.monday, requiredAgents: SyntheticWeek.required, availableAgents: nil)
        let plan = try TourPlanner(solver: CBCSolver(), options: SolveOptions(timeLimitSeconds: 10, relativeGap: 0.02)).plan(input)
        for p in plan.tours + plan.roles.flatMap(\.tours) {
            #expect(templateViolations(p, profile: profile) == [])
        }
        let available = independentAvailability(plan.tours)
        #expect(zip(available, plan.available).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(plan.scheduled == available.map { Int(($0 + 1e-9).rounded(.down)) })
        #expect(plan.onShift == independentCoverage(plan.tours))
        #expect(plan.onShift.allSatisfy { $0 <= 77 })
        // Shortages (fractions of an agent where breaks fall are cheaper to leave than a whole tour;
        // the time limit may leave more) are reported hour by hour in whole agents, with a reason.
        let short = zip(input.requiredAgents, plan.scheduled).reduce(0) { $0 + max(0, $1.0 - $1.1) }
        #expect(plan.shortAgentHours == short)
        #expect(plan.shortfalls.count == zip(input.requiredAgents, plan.scheduled).filter { $0 > $1 }.count)
        #expect(plan.shortfalls.allSatisfy { !$0.reason.isEmpty })
        #expect(Double(short) <= 0.01 * Double(plan.requiredAgentHours))
        #expect(plan.staff >= 91)
        let objective = try #require(plan.solver.objective), bound = try #require(plan.solver.bound)
        #expect(bound <= objective)
        // Cost: paid hours only (the unpaid meal hour is not paid), independent of the planner.
        var cost = 0.0
        for p in plan.tours + plan.roles.flatMap(\.tours) {
            let unpaid = Double(p.tour.breaks.filter { !$0.paid }.reduce(0) { $0 + $1.minutes }) / 60
            cost += Double(p.count * p.tour.workDays.filter { $0 }.count) * (Double(p.tour.lengthHours) - unpaid) * 32
        }
        #expect(abs(try #require(plan.cost) - cost) < 1e-6 * cost)
    }

    @Test("bad template keys are refused naming the field", arguments: [
        ("[[shifts.templates]]\nname = \"x\"\nstart_from = 7\nstart_to = 9\nlengths_hours = [13]\n", "shifts.templates[0].lengths_hours"),
        ("[[shifts.templates]]\nname = \"x\"\nstart_from = 24\nstart_to = 9\nlengths_hours = [8]\n", "shifts.templates[0].start_from"),
        ("[[shifts.templates]]\nname = \"x\"\nstart_from = 7\nstart_to = 9\nlengths_hours = [8]\n[[shifts.templates.breaks]]\nminutes = 90\npaid = false\nwindow_from = 3\nwindow_to = 4\n", "shifts.templates[0].breaks[0].minutes"),
        ("[[shifts.templates]]\nname = \"x\"\nstart_from = 7\nstart_to = 9\nlengths_hours = [4]\n[[shifts.templates.breaks]]\nminutes = 30\npaid = true\nwindow_from = 3\nwindow_to = 4\n", "shifts.templates[0].breaks[0].window_from"),
    ])
    func badTemplate(snippet: String, field: String) throws {
        let text = sampleProfileTOML.replacingOccurrences(of: "names = []\n", with: "names = []\n\n" + snippet)
        do { _ = try CenterProfile.parse(text, file: "p.toml"); Issue.record("accepted \(field)") } catch let e as InputError {
            #expect(e.field == field, "\(e)")
        }
    }
}
