import Forecasting
import Foundation
import HotlineCore
import Optimization
import Planning
import RosterStore
import Rostering
import Staffing
import TestSupport
import Testing

/// The roster engine is a function of its inputs and seed (SYNTHETIC history, people and requests of
/// the demo): the same week built twice — once with every input list in another order — gives the
/// same roster, and a different seed is allowed to differ.
@Suite(.serialized) struct EngineDeterminismTests {
    @Test func sameWeekAndSeedGiveTheSameRoster() throws {
        let root = SharedData.packageRoot
        let profile = try CenterProfile.load(path: root + "/rosters/profiles/yuhang-12345.toml")
        let calendar = HolidayCalendar.china
        let history = try HistoryLoader.load(path: root + "/forecasts/sample/synthetic-12345-history.csv", format: .interval)
        let dayAfter = history.hours.last!.start.date.adding(days: 1)
        let monday = dayAfter.weekday == 1 ? dayAfter : dayAfter.mondayOfWeek.adding(days: 7)
        let forecast = try Forecaster.forecast(history: history, calendar: calendar, start: monday, days: 7, model: "seasonal-naive").forecast
        let goal = ServiceGoal(target: profile.service.target, withinSeconds: profile.service.withinSeconds,
                               maxOccupancy: profile.service.maxOccupancy, shrinkage: profile.shrinkage.total)
        let requirements = try Staffing.requirements(starts: (0..<168).map { forecast.start.adding(hours: $0) },
                                                     calls: Array(forecast.calls.prefix(168)), ahtSeconds: Array(forecast.ahtSeconds.prefix(168)),
                                                     intervalMinutes: 60, goal: goal)
        let dir = try SharedData.temporaryDirectory()
        let store = try RosterStore(path: dir + "/roster.sqlite")
        _ = try store.importPeople(fromCSV: root + "/rosters/people/sample-people.csv")
        _ = try store.importTrainingCourses(fromCSV: root + "/rosters/people/sample-training-courses.csv")
        _ = try store.importTrainingRecords(fromCSV: root + "/rosters/people/sample-training-records.csv")
        let people = try store.rosterablePeople(on: monday)
        let qualified = try store.phoneQualified(on: monday)
        let constraints = try RequestsCSV.read(path: root + "/rosters/people/sample-requests.csv", knownPeople: Set(people.map(\.id)))
        // One plan (the planner is time-limited, so it is made once and given to every build).
        let input = PlanningInput(profile: profile, weekStart: monday, requiredAgents: requirements.map(\.agents),
                                  availableAgents: people.filter { $0.role == .agent && qualified.contains($0.id) }.count)
        let plan = try TourPlanner(options: SolveOptions(timeLimitSeconds: 5, relativeGap: 0.05)).plan(input)

        let engine = RosterEngine(profile: profile, calendar: calendar, iterations: 10_000, seed: 7)
        let a = engine.build(plan: plan, people: people, phoneQualified: qualified, constraints: constraints)
        let b = engine.build(plan: plan, people: people.reversed(), phoneQualified: qualified, constraints: constraints)
        let key = { (s: ShiftAssignment) in "\(s.personId) \(s.start) \(s.end)" }
        #expect(a.roster.shifts.map(key) == b.roster.shifts.map(key))
        #expect(a.objective == b.objective)
        #expect(a.softBreaks == b.softBreaks)
        #expect(a.objective.components["hardRules"] == 0)

        // The second week from the first as history: the same again.
        let next = WeeklyPlan(weekStart: monday.adding(days: 7), tours: plan.tours, required: plan.required, seats: plan.seats,
                              solver: plan.solver)
        let past = a.roster.weekShifts
        let c = engine.build(plan: next, people: people, previous: past, phoneQualified: qualified, constraints: constraints, history: past)
        let d = engine.build(plan: next, people: people.shuffledDeterministically(), previous: past.reversed(), phoneQualified: qualified,
                             constraints: constraints, history: past.reversed())
        #expect(c.roster.shifts.map(key) == d.roster.shifts.map(key))
        #expect(c.objective.total == d.objective.total)
    }
}

extension Array {
    /// A fixed reordering (odd positions first) for tests of order independence.
    func shuffledDeterministically() -> [Element] {
        enumerated().filter { $0.offset % 2 == 1 }.map(\.element) + enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
    }
}
