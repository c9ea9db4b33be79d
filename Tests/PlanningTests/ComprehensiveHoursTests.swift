import Foundation
import HotlineCore
import Optimization
import Planning
import TestSupport
import Testing

/// The National Day 2026 fortnight: Mon Sep 28 – Sun Oct 11 (Oct 1–3 statutory holidays, Oct 4–7
/// rest days of the holiday block, Oct 10 a working Saturday).
let nationalDayFortnight = CivilDate(year: 2026, month: 9, day: 28)!

/// Two weeks of the synthetic (made-up) 12345-shaped requirement, the second week 5% quieter.
let syntheticFortnight: [Int] = SyntheticWeek.required + SyntheticWeek.required.map { max(3, Int((Double($0) * 0.95).rounded())) }

/// The yuhang profile under the comprehensive working-hours system over 2 weeks.
func comprehensiveProfile() throws -> CenterProfile {
    var profile = try CenterProfile.load(path: yuhangProfilePath)
    profile.labour.workingHoursSystem = .comprehensive
    profile.labour.averagingWeeks = 2
    return profile
}

/// Independent check of a plan over a period of `weeks` weeks, from the tours' day flags, start
/// hours and lengths only: hours per tour over the period, a day off in every 7 consecutive days
/// (the period is cyclic, so across the week boundary and the wrap too), rest between consecutive
/// shifts, the seats. Returns what is wrong (empty: nothing).
func periodViolations(_ plan: WeeklyPlan, weeks: Int, standardWeek: Double, minRest: Double, seats: Int) -> [String] {
    var problems: [String] = []
    let days = 7 * weeks, period = days * 24
    for p in plan.tours + plan.roles.flatMap(\.tours) {
        let t = p.tour
        guard t.workDays.count == days else { problems.append("\(t): \(t.workDays.count) day flags, expected \(days)"); continue }
        let worked = t.workDays.filter { $0 }.count
        let unpaid = Double(t.breaks.filter { !$0.paid }.reduce(0) { $0 + $1.minutes }) / 60
        let hours = Double(worked) * (Double(t.lengthHours) - unpaid)
        if hours > standardWeek * Double(weeks) + 1e-9 { problems.append("\(t): \(hours) h over the period's \(standardWeek * Double(weeks)) h") }
        for first in 0..<days where (0..<7).allSatisfy({ t.workDays[(first + $0) % days] }) {
            problems.append("\(t): no day off in the 7 days from day \(first)")
        }
        let starts = (0..<days).filter { t.workDays[$0] }.map { $0 * 24 + t.startHour }
        for (i, s) in starts.enumerated() {
            let next = i + 1 < starts.count ? starts[i + 1] : starts[0] + period
            let rest = Double(next - (s + t.lengthHours))
            if rest < minRest - 1e-9 { problems.append("\(t): \(rest) h rest after the shift of hour \(s)") }
        }
    }
    var onShift = Array(repeating: 0, count: period)
    for p in plan.tours {
        for d in 0..<days where p.tour.workDays[d] {
            for k in 0..<p.tour.lengthHours { onShift[(d * 24 + p.tour.startHour + k) % period] += p.count }
        }
    }
    if onShift != plan.onShift { problems.append("on-shift counts differ from the independent recount") }
    if let h = onShift.firstIndex(where: { $0 > seats }) { problems.append("hour \(h): \(onShift[h]) agents on \(seats) seats") }
    return problems
}

@Suite("comprehensive working hours over several weeks")
struct ComprehensiveHoursTests {
    @Test("2-week day patterns: 10 working days, 4 to 6 a week, the same weekday starting each days-off block")
    func patterns() {
        let patterns = Tour.dayPatterns(daysOff: 2, consecutive: true, weeks: 2, averaged: true)
        #expect(patterns.count == 21)   // 7 first days off × (1+3, 2+2, 3+1)
        #expect(Set(patterns).count == patterns.count)
        for p in patterns {
            #expect(p.count == 14)
            #expect(p.filter { $0 }.count == 10)
            let w1 = p[0..<7].filter { $0 }.count, w2 = p[7..<14].filter { $0 }.count
            #expect((4...6).contains(w1) && (4...6).contains(w2))
            // At most 6 working days in a row, cyclically.
            var run = 0, longest = 0
            for d in 0..<28 { run = p[d % 14] ? run + 1 : 0; longest = max(longest, run) }
            #expect(longest <= 6)
        }
        // The standard system repeats the weekly pattern.
        let standard = Tour.dayPatterns(daysOff: 2, consecutive: true, weeks: 2, averaged: false)
        #expect(standard.count == 7)
        #expect(standard.allSatisfy { Array($0[0..<7]) == Array($0[7..<14]) })
        #expect(Tour.dayPatterns(daysOff: 2, consecutive: true, weeks: 4, averaged: true).allSatisfy { $0.filter { $0 }.count == 20 })
    }

    @Test("a 2-week tour: cyclic over 336 hours, a Sunday night shift of week 2 runs into week 1's Monday")
    func tourPeriod() {
        let days = (0..<14).map { $0 != 5 && $0 != 6 && $0 != 11 && $0 != 12 && $0 != 13 }   // 5 days in week 1, 4 in week 2
        let tour = Tour(startHour: 22, lengthHours: 8, workDays: days)
        #expect(tour.periodHours == 336)
        #expect(tour.weeks == 2)
        #expect(tour.isOnShift(hourOfWeek: 22) && tour.isOnShift(hourOfWeek: 24 + 5))
        #expect(!tour.isOnShift(hourOfWeek: 13 * 24 + 23))   // day 13 off
        #expect(tour.hoursOnShift.count == 9 * 8)
        #expect(tour.weeklyPaidHours == 36)
        #expect(tour.periodPaidHours == 72)
        #expect(tour.description.hasPrefix("22:00+8h W1 Mon"))
        // Day 12 (W2 Sat) off, day 13 off; a shift on day 4 (W1 Fri) 22:00 runs to day 5 06:00.
        #expect(tour.isOnShift(hourOfWeek: 5 * 24 + 5))
    }

    @Test("comprehensive overtime: only the period's hours above weeks × 40 count; shifts up to 8 + 3 h")
    func overtimeRules() {
        let rules = OvertimeRules(averaged: true)
        let days = (0..<14).map { $0 % 7 < 5 }
        #expect(rules.overtimeHours(Tour(startHour: 8, lengthHours: 8, workDays: days)) == 0)
        #expect(rules.overtimeHours(Tour(startHour: 8, lengthHours: 9, workDays: days)) == 10)
        #expect(rules.dailyOvertime(Tour(startHour: 8, lengthHours: 9, workDays: days)) == 0)
        // 10 h over 14 days of September (36 h a month): 36 × 14 / 30 = 16.8 h allowed.
        #expect(rules.allows(Tour(startHour: 8, lengthHours: 9, workDays: days), weekStart: nationalDayFortnight))
        #expect(!rules.allows(Tour(startHour: 8, lengthHours: 12, workDays: days), weekStart: nationalDayFortnight))
        // The standard system over 2 weeks: 1 h a day over the 8-hour day.
        #expect(OvertimeRules().overtimeHours(Tour(startHour: 8, lengthHours: 9, workDays: days)) == 10)
    }

    /// CBC closes the fortnight to ≤ 1% in seconds; GLPK stalls at a few percent (3.4% after 60 s
    /// on the development machine), so its case is held to 10% within 45 s (a loaded machine starves it),
    /// and asks for no more than that: it stops once 10% is proven instead of running out its 45 s
    /// chasing a 1% it does not reach.
    @Test("National Day fortnight, comprehensive hours, with the surge rule: independent validator, gap ≤ 1% (CBC) / 10% (GLPK)",
          arguments: ["glpk", "cbc"])
    func nationalDayFortnightPlan(solverName: String) throws {
        let profile = try comprehensiveProfile()
        var input = PlanningInput(profile: profile, weekStart: nationalDayFortnight, requiredAgents: syntheticFortnight,
                                  availableAgents: nil, weeks: 2)
        input.forecastCalls = Array(repeating: 0, count: 336)
        #expect(input.periodHours == 336)
        // The surge raised Oct 1–3, 08:00–20:00 (hours 3×24+8 … 5×24+19) and nothing else.
        let surged = (0..<336).filter { input.requiredAgents[$0] != syntheticFortnight[$0] }
        #expect(!surged.isEmpty)
        #expect(surged.allSatisfy { (3...5).contains($0 / 24) && (8..<20).contains($0 % 24) })
        #expect(input.allowedTours.allSatisfy { $0.workDays.count == 14 })

        let solver: any MIPSolver = solverName == "cbc" ? CBCSolver() : GLPKSolver()
        let limit = solverName == "cbc" ? 60.0 : 45.0, gap = solverName == "cbc" ? 0.01 : 0.10
        let plan = try TourPlanner(solver: solver, options: SolveOptions(timeLimitSeconds: limit, relativeGap: gap)).plan(input)
        #expect(plan.weeks == 2)
        #expect(plan.workingHoursSystem == .comprehensive)
        #expect(plan.required.count == 336 && plan.scheduled.count == 336)
        #expect(try #require(plan.solver.gap) <= gap)

        #expect(periodViolations(plan, weeks: 2, standardWeek: 40, minRest: profile.labour.minRestHours, seats: profile.seats) == [])
        // Coverage recount: no breaks in this profile, so available = on shift.
        let short = zip(input.requiredAgents, plan.onShift).reduce(0) { $0 + max(0, $1.0 - $1.1) }
        #expect(short == plan.shortAgentHours)
        #expect(short == 0)
        #expect(plan.agents >= input.minAgents && plan.staff >= 91)
        // Supervisors on site every hour of both weeks; back-office hours every day.
        let supervisors = try #require(plan.roles.first { $0.role == .supervisor })
        #expect(supervisors.onSite.count == 336 && supervisors.onSite.allSatisfy { $0 >= 1 })
        let backoffice = try #require(plan.roles.first { $0.role == .backoffice })
        #expect(backoffice.hoursPerDay.count == 14 && backoffice.hoursPerDay.allSatisfy { $0 >= 96 })

        // Pay recount: holiday hours 300% (Oct 1–3), everything else 100% (the comprehensive
        // system's rest days are the rota's; no overtime).
        let calendar = HolidayCalendar.china
        var pay = 0.0
        for p in plan.tours + plan.roles.flatMap(\.tours) {
            for d in 0..<14 where p.tour.workDays[d] {
                for k in 0..<p.tour.lengthHours {
                    let date = nationalDayFortnight.adding(days: ((d * 24 + p.tour.startHour + k) % 336) / 24)
                    pay += Double(p.count) * 32 * (calendar.isStatutoryHoliday(date) ? 3 : 1)
                }
            }
        }
        let cost = try #require(plan.cost)
        #expect(abs(cost - pay) <= 1e-9 * pay)
        #expect(plan.overtimeHours == 0)
        // Some tours use the averaging: a week of 6 days and one of 4.
        let uneven = plan.tours.filter { $0.tour.workDayCount(week: 0) != $0.tour.workDayCount(week: 1) }
        #expect(!uneven.isEmpty)
    }

    @Test("the standard system over the same fortnight repeats weekly patterns and pays rest days 200%: it costs more")
    func standardCostsMore() throws {
        var profile = try comprehensiveProfile()
        let options = SolveOptions(timeLimitSeconds: 60, relativeGap: 0.005)
        let comprehensive = try TourPlanner(solver: CBCSolver(), options: options).plan(
            PlanningInput(profile: profile, weekStart: nationalDayFortnight, requiredAgents: syntheticFortnight, availableAgents: nil, weeks: 2))
        profile.labour.workingHoursSystem = .standard
        let standardInput = PlanningInput(profile: profile, weekStart: nationalDayFortnight, requiredAgents: syntheticFortnight,
                                          availableAgents: nil, weeks: 2)
        let standard = try TourPlanner(solver: CBCSolver(), options: options).plan(standardInput)
        #expect(standard.tours.allSatisfy { Array($0.tour.workDays[0..<7]) == Array($0.tour.workDays[7..<14]) })
        #expect(periodViolations(standard, weeks: 2, standardWeek: 40, minRest: 11, seats: 77) == [])
        let c = try #require(comprehensive.cost), s = try #require(standard.cost)
        // Both within 0.5% of their bounds, so the comparison is of near-optimal plans.
        #expect(c < s)
    }

    @Test("bad periods are refused naming the field")
    func badInput() throws {
        var input = PlanningInput(weekStart: nationalDayFortnight, requiredAgents: SyntheticWeek.required, seats: 77)
        input.weeks = 2
        #expect(throws: PlanningError.invalidInput(field: "requiredAgents", message: "expected 336 hourly values (2 weeks from Monday 00:00), got 168")) {
            try input.validate()
        }
        input.weeks = 5
        #expect(throws: PlanningError.self) { try input.validate() }
        let text = sampleProfileTOML.replacingOccurrences(of: "[labour]", with: "[labour]\nworking_hours_system = \"comprehensive\"\naveraging_weeks = 6")
        do {
            _ = try CenterProfile.parse(text, file: "p.toml")
            Issue.record("averaging_weeks = 6 accepted")
        } catch let e as InputError {
            #expect(e.field == "labour.averaging_weeks", "\(e)")
        }
        let ok = try CenterProfile.parse(sampleProfileTOML.replacingOccurrences(of: "[labour]", with: "[labour]\nworking_hours_system = \"comprehensive\"\naveraging_weeks = 3"), file: "p.toml")
        #expect(ok.labour.workingHoursSystem == .comprehensive && ok.labour.averagingWeeks == 3)
    }
}

/// `roster plan --weeks 2` on the National Day fortnight (synthetic requirement).
@Suite struct MultiWeekCommandTests {
    static func requirements(_ values: [Int], start: CivilDate) throws -> String {
        var text = "start,calls,agents\n"
        for (h, v) in values.enumerated() {
            let hh = h % 24 < 10 ? "0\(h % 24)" : "\(h % 24)"
            text += "\(start.adding(days: h / 24))T\(hh):00,\(v * 12),\(v)\n"
        }
        let path = try SharedData.temporaryDirectory() + "/fortnight.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("--weeks 2 with the comprehensive profile: 336-hour JSON, 14-day tours, plan.json and coverage.csv for both weeks",
          .enabled(if: RosterTool.isBuilt, "needs .build/debug/roster (run swift build)"))
    func fortnight() throws {
        let dir = try SharedData.temporaryDirectory()
        let text = try String(contentsOfFile: yuhangProfilePath, encoding: .utf8)
            .replacingOccurrences(of: "[labour]\n", with: "[labour]\nworking_hours_system = \"comprehensive\"\naveraging_weeks = 2\n")
        let profile = dir + "/comprehensive.toml"
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        let csv = try Self.requirements(syntheticFortnight, start: nationalDayFortnight)
        let r = try RosterTool.run(["plan", "--profile", profile, "--requirements", csv, "--weeks", "2", "--solver", "cbc", "--gap", "0.01",
                                    "--time-limit", "60", "-o", dir + "/out", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["weeks"] as? Int == 2)
        #expect(object["workingHoursSystem"] as? String == "comprehensive")
        #expect(object["shortAgentHours"] as? Int == 0)
        let tours = try #require(object["tours"] as? [[String: Any]])
        #expect(tours.allSatisfy { ($0["workDays"] as? [Bool])?.count == 14 && ($0["paidHoursByWeek"] as? [Double])?.count == 2 })
        let coverage = try String(contentsOfFile: dir + "/out/coverage.csv", encoding: .utf8)
        #expect(coverage.split(separator: "\n").count == 337)
        #expect(coverage.contains("2026-10-11T23:00"))

        // Without --weeks the comprehensive profile's averaging_weeks (2) is the period; without
        // --solver (auto) a period of several weeks goes to CBC.
        let again = try RosterTool.run(["plan", "--profile", profile, "--requirements", csv, "--gap", "0.05", "--time-limit", "30", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let againJSON = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect((againJSON?["solver"] as? [String: Any])?["name"] as? String == "cbc", "\(again.stdout.prefix(300))")
        // One week of rows with --weeks 2: the file and what is expected.
        let week = try Self.requirements(SyntheticWeek.required, start: nationalDayFortnight)
        let bad = try RosterTool.run(["plan", "--profile", yuhangProfilePath, "--requirements", week, "--weeks", "2"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("a 2-week plan needs 336 hourly rows"), "\(bad.stderr)")
    }
}

/// Mon 2026-09-21 – Sun 2026-10-18: Mid-Autumn (Sep 25 at 300%, Sep 26–27 rest days), National Day
/// (Oct 1–3 at 300%, Oct 4–7 rest days), the working Saturday Oct 10.
let fourWeekStart = CivilDate(year: 2026, month: 9, day: 21)!

@Suite("a 4-week comprehensive period")
struct FourWeekPeriodTests {
    @Test("4 weeks of comprehensive hours around National Day (CBC, 8 start hours): independent validator — a day off in every 7 across week boundaries and the wrap, 160 h over the period, rest ≥ 11 h, seats, coverage recount, supervisors every hour",
          .timeLimit(.minutes(3)))
    func fourWeeks() throws {
        var profile = try comprehensiveProfile()
        profile.labour.averagingWeeks = 4
        // Eight start hours (every hour of the day still reachable) keep the test's model small:
        // 133 day patterns × 8 starts per role; the full 24 starts are in tools/bench/plan (weeks4).
        profile.shifts.startHours = [0, 7, 8, 9, 10, 14, 16, 22]
        // Without the holiday surge (Sep 25 would need 76 of the 77 seats at 10:00, which these
        // starts cannot reach without a shortfall); the 2-week test covers the surge.
        profile.surge = nil
        let required = syntheticFortnight + syntheticFortnight
        let input = PlanningInput(profile: profile, weekStart: fourWeekStart, requiredAgents: required, availableAgents: nil, weeks: 4)
        #expect(input.periodHours == 672 && input.requiredAgents.count == 672)
        let patterns = Tour.dayPatterns(daysOff: 2, consecutive: true, weeks: 4, averaged: true)
        #expect(patterns.count == 7 * 19)   // weekly days-off counts (1–3 each, 8 in all) × 7 first days
        let plan = try TourPlanner(solver: CBCSolver(), options: SolveOptions(timeLimitSeconds: 45, relativeGap: 0.01)).plan(input)
        #expect(plan.weeks == 4 && plan.required.count == 672 && plan.scheduled.count == 672)
        #expect(periodViolations(plan, weeks: 4, standardWeek: 40, minRest: profile.labour.minRestHours, seats: profile.seats) == [])
        let short = zip(input.requiredAgents, plan.onShift).reduce(0) { $0 + max(0, $1.0 - $1.1) }
        // Coverage is recounted; within the test's 45 s (a loaded machine) CBC may leave a few hours
        // short, each reported with its reason (the bench's weeks4 row gives the figures).
        #expect(short == plan.shortAgentHours)
        #expect(plan.shortfalls.count == zip(input.requiredAgents, plan.scheduled).filter { $0 > $1 }.count)
        #expect(plan.shortfalls.allSatisfy { !$0.reason.isEmpty })
        #expect(plan.staff >= 91)
        let supervisors = try #require(plan.roles.first { $0.role == .supervisor })
        #expect(supervisors.onSite.count == 672 && supervisors.onSite.allSatisfy { $0 >= 1 })
        let backoffice = try #require(plan.roles.first { $0.role == .backoffice })
        #expect(backoffice.hoursPerDay.count == 28 && backoffice.hoursPerDay.allSatisfy { $0 >= 96 })
        // Every tour works 20 days of the 28 (the standard 40 h a week on average) and some weeks differ.
        #expect((plan.tours + plan.roles.flatMap(\.tours)).allSatisfy { $0.tour.workDayCount == 20 })
        #expect(plan.tours.contains { p in Set((0..<4).map { p.tour.workDayCount(week: $0) }).count > 1 })
        let objective = try #require(plan.solver.objective), bound = try #require(plan.solver.bound)
        #expect(bound <= objective + 1e-6)
        // Pay recount: 300% on Sep 25 and Oct 1–3 only.
        var pay = 0.0
        for p in plan.tours + plan.roles.flatMap(\.tours) {
            for d in 0..<28 where p.tour.workDays[d] {
                for k in 0..<p.tour.lengthHours {
                    let date = fourWeekStart.adding(days: ((d * 24 + p.tour.startHour + k) % 672) / 24)
                    pay += Double(p.count) * 32 * (HolidayCalendar.china.isStatutoryHoliday(date) ? 3 : 1)
                }
            }
        }
        #expect(abs(try #require(plan.cost) - pay) <= 1e-9 * pay)
    }
}
