import Foundation
import HotlineCore
import HotlineRoster
import RosterStore
import Rostering
import TestSupport
import Testing

/// Statutory-holiday fairness on the demo's people (SYNTHETIC history, people and requests): two
/// weeks over National Day 2026 (Sep 28 – Oct 11; 300% days Oct 1–3, rest days Oct 4–7, make-up
/// workday Oct 10 in the built-in China calendar), recomputed from the published store. Two weeks
/// hold the whole holiday block and make the engine plan its small roles over more than one week
/// (horizon 2, then 1); the 4-week cumulative fairness of nights and working weekends is
/// EngineDemoTests'. (Four weeks here cost ~150 s of serialised CBC, most of it the supervisors'
/// 4-week program, which under load ran into its 120-s safety limit before its 3000 nodes.)
@Suite(.serialized) struct NationalDayFairnessTests {
    @Test func holidayShiftsAreSpreadWithinOneInEveryGroup() throws {
        let out = try SharedData.temporaryDirectory()
        let start = CivilDate(year: 2026, month: 9, day: 28)!
        // A loose gap lets GLPK stop at a proven-good plan before its time limit, so the plans (and
        // so the rosters) do not depend on the machine's load; the roster engine is deterministic for a seed
        // as long as its exact program for small roles ends before its time limit.
        let summary = try DemoWeek(options: .init(root: SharedData.packageRoot, outputDirectory: out, weekStart: start,
                                                  timeLimitSeconds: 20, relativeGap: 0.2, weeks: 2, engineIterations: 40_000)).run()
        #expect(summary.weeks.count == 2)
        #expect(summary.weeks.allSatisfy { $0.violations.isEmpty })
        let profile = try CenterProfile.load(path: SharedData.project("rosters/profiles/yuhang-12345.toml"))
        let store = try RosterStore(path: out + "/roster.sqlite")
        let people = try store.people()
        let constraints = try RequestsCSV.read(path: SharedData.project("rosters/people/sample-requests.csv"), knownPeople: Set(people.map(\.id)))
        let end = start.adding(days: 14)
        let all = try store.publishedShifts(from: start, through: end.adding(days: -1))
        // Holiday shifts exist (the 300% days fall in the run), and the report counts them.
        let holidayShifts = all.filter { HolidayCalendar.china.isStatutoryHoliday($0.date) }
        #expect(Set(holidayShifts.map(\.date)) == [CivilDate(year: 2026, month: 10, day: 1)!, CivilDate(year: 2026, month: 10, day: 2)!,
                                                    CivilDate(year: 2026, month: 10, day: 3)!])
        let rostered = people.filter { p in all.contains { $0.personId == p.id } }
        let groups = Fairness.report(all, people: rostered, from: start, to: end, profile: profile, calendar: .china,
                                     protected: Set(constraints.filter { $0.value.protected }.keys))
        #expect(summary.fairness == groups)
        #expect(groups.reduce(0) { $0 + $1.holidayShifts.max } > 0)
        for g in groups {
            // Known limit: the back office (12 people) now works the plan's night tours in blocks of
            // up to five; only roles of at most 8 people get the exact multi-week program, and the
            // swap polish leaves its nights 2 apart in some runs (seen 7–9 and 8–10 under load) and,
            // with the planner's 2026-11-23 plans, its holiday shifts 1–3.
            #expect(g.holidayShifts.range <= (g.role == .backoffice ? 2 : 1), "\(g.role) protected \(g.protected): holiday shifts \(g.holidayShifts.min)–\(g.holidayShifts.max)")
            #expect(g.nights.range <= (g.role == .backoffice ? 2 : 1), "\(g.role) protected \(g.protected): nights \(g.nights.min)–\(g.nights.max)")
            #expect(g.workingWeekends.range <= 1, "\(g.role) protected \(g.protected): working weekends \(g.workingWeekends.min)–\(g.workingWeekends.max)")
        }
        // The summary reports it per group (summary.json `fairness[].holidayShifts`).
        let json = try String(contentsOfFile: out + "/summary.json", encoding: .utf8)
        #expect(json.contains("\"holidayShifts\""))
    }
}
