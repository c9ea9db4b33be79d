import Foundation
import HotlineCore
import HotlineRoster
import Optimization
import RosterStore
import Rostering
import TestSupport
import Testing

/// The roster engine on the demo's people (SYNTHETIC history, people, training and requests):
/// four consecutive weeks rostered with the store's history, then a repair of the last week.
@Suite(.serialized) struct EngineDemoTests {
    @Test func fourWeeksHoldEveryHardRuleAreFairAndRepairIsMinimal() throws {
        let out = try SharedData.temporaryDirectory()
        let summary = try DemoWeek(options: .init(root: SharedData.packageRoot, outputDirectory: out, timeLimitSeconds: 3,
                                                  relativeGap: 0.05, weeks: 4, engineIterations: 60_000)).run()
        let profile = try CenterProfile.load(path: SharedData.project("rosters/profiles/yuhang-12345.toml"))
        let store = try RosterStore(path: out + "/roster.sqlite")
        let people = try store.people()
        let known = Set(people.map(\.id))
        var constraints = try RequestsCSV.read(path: SharedData.project("rosters/people/sample-requests.csv"), knownPeople: known)
        let rules = RosterRules(profile: profile)
        #expect(summary.weeks.count == 4)

        // Every week: all hard rules hold for every person (validator, recomputed here from the store).
        for k in 0..<4 {
            let monday = summary.weekStart.adding(days: 7 * k)
            let previous = try store.publishedShifts(from: monday.adding(days: -7), through: monday.adding(days: -1))
            let week = try store.publishedShifts(weekStart: monday)
            let carry = previous.filter { $0.end > LocalDateTime(date: monday) }
            let v = RosterValidator.violations(of: carry + week, weekStart: monday, rules: rules, constraints: constraints,
                                               people: people, previous: previous, phoneQualified: try store.phoneQualified(on: monday),
                                               profile: profile)
            #expect(v.isEmpty, "week \(monday): \(v.prefix(5))")
            // Requests are honoured: nobody works on approved leave; protected staff never at night.
            for s in week {
                #expect(!(constraints[s.personId]?.leave.contains(s.date) ?? false), "\(s.personId) on leave \(s.date)")
            }
        }
        #expect(summary.weeks.allSatisfy { $0.objective.components["hardRules"] == 0 })
        for key in ["underCover", "overCover", "wishes", "fairness", "contractHours", "hardRules"] {
            #expect(summary.objective.components[key] != nil, "objective lacks \(key)")
        }
        #expect(summary.objective.total < summary.initialObjective.total)

        // Fairness over the 4 weeks, recomputed from the store: max − min ≤ 1 among people of the
        // same role and contract, for nights and working weekends.
        let all = try store.publishedShifts(from: summary.weekStart, through: summary.weekStart.adding(days: 27))
        let rostered = people.filter { p in all.contains { $0.personId == p.id } }
        let groups = Fairness.report(all, people: rostered, from: summary.weekStart, to: summary.weekStart.adding(days: 28),
                                     profile: profile, calendar: .china, protected: Set(constraints.filter { $0.value.protected }.keys))
        #expect(groups.contains { $0.role == .agent && $0.protected && $0.nights.max == 0 }, "protected agents work no nights")
        for g in groups {
            // Supervisors' nights come in Friday–Sunday blocks of three; week-by-week balancing
            // cannot end such a run within one, so the engine's exact program plans each small role
            // over the weeks left in the run (`horizonWeeks`) and applies one week at a time.
            #expect(g.nights.range <= 1, "\(g.role) protected \(g.protected) nights \(g.nights.min)–\(g.nights.max)")
            #expect(g.workingWeekends.range <= 1, "\(g.role) working weekends \(g.workingWeekends.min)–\(g.workingWeekends.max)")
        }
        #expect(summary.fairness == groups)

        // iCalendar per person and explanations: no phone numbers.
        let peopleCSV = try String(contentsOfFile: SharedData.project("rosters/people/sample-people.csv"), encoding: .utf8)
        let phones = peopleCSV.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last.map(String.init) }
        let ics = try FileManager.default.contentsOfDirectory(atPath: out + "/ics")
        #expect(ics.count >= 91)
        let one = try String(contentsOfFile: out + "/ics/P0001.ics", encoding: .utf8)
        #expect(one.contains("BEGIN:VEVENT") && one.contains("\r\n"))
        let explanations = try String(contentsOfFile: out + "/explanations.csv", encoding: .utf8)
        #expect(explanations.contains("person_id,name,rule,date,chinese,english"))
        for text in [one, explanations] { #expect(!phones.contains { text.contains($0) }) }

        // Repair of the last week: remove three agents from Wednesday.
        let last = summary.weekStart.adding(days: 21)
        let from = last.adding(days: 2)
        let published = try store.publishedShifts(weekStart: last)
        let agentsWorking = Array(Set(published.filter { $0.role == .agent && $0.date >= from }.map(\.personId))).sorted()
        let removed = Set(agentsWorking.prefix(3))
        let previous = try store.publishedShifts(from: last.adding(days: -7), through: last.adding(days: -1))
        let qualified = try store.phoneQualified(on: from)
        for d in 0..<7 { for id in try store.onLeave(on: last.adding(days: d)) { constraints[id, default: .init()].leave.insert(last.adding(days: d)) } }
        let repair = try RosterRepair(profile: profile, timeLimitSeconds: 60).repair(
            weekStart: last, published: published, previous: previous, people: try store.rosterablePeople(on: from),
            removed: removed, from: from, constraints: constraints, phoneQualified: qualified)
        // (a) nothing before --from changed.
        let key = { (s: ShiftAssignment) in "\(s.personId) \(s.start) \(s.end)" }
        #expect(Set(published.filter { $0.date < from }.map(key)) == Set(repair.shifts.filter { $0.date < from }.map(key)))
        // (b) every changed shift is listed with a reason.
        let before = Set(published.filter { $0.date >= from }.map(key)), after = Set(repair.shifts.filter { $0.date >= from }.map(key))
        let changedPersonDays = Set(before.symmetricDifference(after).map { k -> String in
            let f = k.split(separator: " "); return "\(f[0]) \(f[1].prefix(10))" })
        #expect(changedPersonDays == Set(repair.changes.map { "\($0.personId) \($0.date)" }))
        #expect(repair.changes.allSatisfy { !$0.reason.isEmpty })
        #expect(repair.changes.filter { $0.kind == .removed }.count == published.filter { removed.contains($0.personId) && $0.date >= from }.count)
        // (c) minimal: the MIP proves its objective optimal (bound = objective), so no roster with
        // fewer changes covers as well; and the changes reach no less than the counting bound.
        #expect(repair.solver.status == "optimal")
        let objective = repair.changeWeight * Double(repair.otherChanges) + repair.underCoverWeight * Double(repair.shortAfterRepair)
        #expect(abs(objective - (repair.solver.objective ?? -1)) <= 1e-6 * max(1, objective))
        #expect((repair.solver.bound ?? -1) >= objective - 1e-6 * max(1, objective))
        #expect(repair.otherChanges >= repair.changeLowerBound)
        #expect(repair.shortAfterRepair <= repair.shortWithoutRepair)
        // Doing nothing costs more than the repair unless nothing can be restored.
        #expect(objective <= repair.underCoverWeight * Double(repair.shortWithoutRepair) + 1e-9)
        // (d) all hard rules still hold.
        #expect(repair.violations.isEmpty, "\(repair.violations.prefix(5))")
        #expect(!repair.shifts.contains { removed.contains($0.personId) && $0.date >= from })

        // A repair of the first week keeps rest and consecutive days with the published next week.
        let firstWeek = summary.weekStart
        let firstPublished = try store.publishedShifts(weekStart: firstWeek)
        let firstRemoved = Set(Array(Set(firstPublished.filter { $0.role == .agent && $0.date >= firstWeek.adding(days: 3) }.map(\.personId))).sorted().prefix(3))
        let early = try RosterRepair(profile: profile, timeLimitSeconds: 60).repair(
            weekStart: firstWeek, published: firstPublished, previous: [], people: try store.rosterablePeople(on: firstWeek),
            removed: firstRemoved, from: firstWeek.adding(days: 3), constraints: constraints, phoneQualified: try store.phoneQualified(on: firstWeek),
            following: try store.publishedShifts(weekStart: firstWeek.adding(days: 7)))
        #expect(early.violations.isEmpty, "\(early.violations.prefix(5))")
        #expect(early.shortAfterRepair <= early.shortWithoutRepair && early.otherChanges >= early.changeLowerBound)

        // The command line: `roster repair … --json` publishes version 2 and lists every change.
        if RosterTool.isBuilt {
            let ids = firstRemoved.sorted().joined(separator: ",")
            let r = try RosterTool.run(["repair", "--store", out + "/roster.sqlite", "--week", firstWeek.description, "--remove", ids,
                                        "--from", firstWeek.adding(days: 3).description,
                                        "--requests", SharedData.project("rosters/people/sample-requests.csv"), "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
            #expect(json["version"] as? Int == 2)
            #expect((json["changes"] as? [[String: Any]])?.count == early.changes.count)
            #expect((json["violations"] as? [Any])?.isEmpty == true)
            #expect(try store.rosterVersions(weekStart: firstWeek).count == 2)
            let bad = try RosterTool.run(["repair", "--store", out + "/roster.sqlite", "--week", firstWeek.adding(days: 1).description,
                                          "--remove", ids, "--from", firstWeek.adding(days: 3).description])
            #expect(bad.status != 0 && bad.stderr.contains("not a Monday"))
        } else {
            Issue.record("the roster tool is not built (swift build): the command-line repair was not checked")
        }
    }
}
