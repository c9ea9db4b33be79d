import Capacity
import Forecasting
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HotlineCore
import RosterStore
import Testing
import TestSupport
import Workflows

/// The capacity plan over a real store: the sample people (synthetic, `rosters/people`) with their
/// training records, the synthetic 12345 history (`forecasts/sample`), the yuhang-12345 profile.
private let profilePath = SharedData.project("rosters/profiles/yuhang-12345.toml")
private let historyPath = SharedData.project("forecasts/sample/synthetic-12345-history.csv")

private func sampleStore(peopleCSV: String? = nil) throws -> (RosterStore, String) {
    let dir = try SharedData.temporaryDirectory()
    let store = try RosterStore(path: dir + "/roster.sqlite", actor: "planner")
    _ = try store.importPeople(fromCSV: peopleCSV ?? SharedData.project("rosters/people/sample-people.csv"))
    _ = try store.importTrainingCourses(fromCSV: SharedData.project("rosters/people/sample-training-courses.csv"))
    if peopleCSV == nil {
        _ = try store.importTrainingRecords(fromCSV: SharedData.project("rosters/people/sample-training-records.csv"))
    }
    return (store, dir)
}

private func request(months: Int = 12, attrition: Double? = 0.15, runs: Int = 500, classSize: ClosedRange<Int>? = nil,
                     trainingWeeks: Int? = nil, profile: String = profilePath, volumes: String? = nil,
                     nonKpiShare: Double? = nil, growth: Double = 0) -> CapacityWorkflow.Request {
    CapacityWorkflow.Request(profilePath: profile, from: PlanMonth(year: 2027, month: 1), months: months,
                             history: .file(historyPath, .auto), growth: growth, volumes: volumes, attrition: attrition,
                             nonKpiShare: nonKpiShare, trainingWeeks: trainingWeeks, classSize: classSize, tourEfficiency: 1.18, runs: runs)
}

@Suite("Capacity workflow")
struct CapacityWorkflowTests {
    @Test("yuhang-12345, sample people, 15% attrition: P(staff < 91) ≤ 10% every month; every role covered and said")
    func acceptanceOverTheSampleStore() throws {
        let (store, _) = try sampleStore()
        let plan = try CapacityWorkflow(store: store).plan(request())
        #expect(plan.months.count == 12 && plan.from.description == "2027-01")
        #expect(plan.floorTotal == 91 && plan.startingHeadcount == 107)
        for m in plan.months { #expect(m.probabilityBelowFloor <= 0.1, "\(m.month): P(<91) = \(m.probabilityBelowFloor)") }
        #expect(plan.meetsConfidence)
        // Every role of the profile's minimums, with how it is covered.
        let roles = Dictionary(uniqueKeysWithValues: plan.roles.map { ($0.role, $0) })
        #expect(Set(roles.keys) == ["agent", "backoffice", "supervisor", "manager", "trainer", "qa", "analyst"])
        #expect(roles["agent"]?.coverage == .trainingClasses)
        #expect(roles["backoffice"]?.coverage == .plannedHires && roles["supervisor"]?.coverage == .plannedHires)
        #expect(roles["manager"]?.coverage == .replacedOnDeparture && roles["qa"]?.coverage == .replacedOnDeparture)
        // 12 back-office people at their minimum lose about 1.8 a year at 15%: the program hires some.
        #expect((roles["backoffice"]?.hires ?? 0) >= 1)
        #expect(plan.months.reduce(0) { $0 + ($1.roleHires["backoffice"] ?? 0) } == roles["backoffice"]?.hires)
        #expect(plan.roles.allSatisfy { !$0.statement.isEmpty })
        // No separations in the store: every separation counts, and the KPI turnover is the attrition.
        #expect(plan.turnover.nonKpiSeparations == 0)
        #expect(abs(plan.turnover.rate - 0.15) < 0.005, "turnover \(plan.turnover.rate)")
        #expect(plan.turnover.rate == plan.turnover.allSeparationsRate)
        // 2027 has no built-in calendar: said, not guessed.
        #expect(plan.warnings.contains { $0.contains("no holiday calendar covers 2027") })
    }

    @Test("Separations the KPI does not count (civil service, public institution, marked not counted) are split out")
    func turnoverSplitsOutSeparationsTheKPIDoesNotCount() throws {
        let (store, _) = try sampleStore()
        let early = try store.people().filter { $0.hiredOn < CivilDate(year: 2025, month: 6, day: 1)! && $0.role == .agent }.prefix(8).map(\.id)
        try #require(early.count == 8)
        let on = CivilDate(year: 2026, month: 6, day: 1)!
        for id in early[0..<4] { try store.recordSeparation(personId: id, date: on, reason: .resigned) }
        try store.recordSeparation(personId: early[4], date: on, reason: .civilService)
        try store.recordSeparation(personId: early[5], date: on, reason: .publicInstitution)
        try store.recordSeparation(personId: early[6], date: on, reason: .other, countsForTurnover: false)
        // Announced: leaves in March 2027 for a civil-service post.
        try store.recordSeparation(personId: early[7], date: CivilDate(year: 2027, month: 3, day: 1)!, reason: .civilService)
        let plan = try CapacityWorkflow(store: store).plan(request(attrition: nil))
        #expect(plan.attritionSource.hasPrefix("the store: 7 separations"))
        #expect(abs(plan.turnover.nonKpiShare - 3.0 / 7) < 1e-9)
        #expect(plan.turnover.nonKpiShareSource.contains("civil_service 1") && plan.turnover.nonKpiShareSource.contains("public_institution 1"))
        let t = plan.turnover
        #expect(abs(t.expectedSeparations - t.kpiSeparations - t.nonKpiSeparations) < 0.15)
        // The announced civil-service departure is a vacancy but not a KPI separation.
        let (feb, march) = (plan.months[1], plan.months[2])
        #expect(march.nonKpiSeparations >= 1)
        #expect(march.expectedSeparations >= feb.expectedSeparations + 0.9, "March \(march.expectedSeparations), February \(feb.expectedSeparations)")
        #expect(abs(march.kpiSeparations - feb.kpiSeparations) <= 0.15, "March \(march.kpiSeparations), February \(feb.kpiSeparations)")
        #expect(t.rate < t.allSeparationsRate)
        #expect(abs(t.rate - t.allSeparationsRate * t.kpiSeparations / t.expectedSeparations) < 0.002)
    }

    @Test("Bad parameters: a clear error, or a plan that says plainly what cannot be met")
    func badParametersThroughTheWorkflow() throws {
        let (store, _) = try sampleStore()
        let w = CapacityWorkflow(store: store)
        #expect(throws: CapacityError.invalid("attrition", "an annual rate must be in [0, 1) (e.g. 0.15), got -0.1")) { try w.plan(request(attrition: -0.1)) }
        #expect(throws: CapacityError.self) { try w.plan(request(nonKpiShare: -0.2)) }
        #expect(throws: CapacityError.self) { try w.plan(request(growth: -1.5)) }
        #expect(throws: CapacityError.self) { try w.plan(request(classSize: 0...3)) }
        let volumes = try SharedData.temporaryFile("v.csv", "month,calls\n2027-01,1000\n")
        let e = #expect(throws: CapacityError.self) { try w.plan(request(months: 1, volumes: volumes, growth: 0.05)) }
        #expect(e?.description.contains("--growth or --volumes") == true)

        // 60 of the sample people (synthetic, the first rows of the file) and classes of at most 2:
        // the 91 floor cannot be reached; the plan comes back and says so.
        let lines = try String(contentsOfFile: SharedData.project("rosters/people/sample-people.csv"), encoding: .utf8).split(separator: "\n")
        let few = try SharedData.temporaryFile("few-people.csv", lines.prefix(61).joined(separator: "\n") + "\n")
        let (small, _) = try sampleStore(peopleCSV: few)
        let plan = try CapacityWorkflow(store: small).plan(request(months: 6, classSize: 1...2, trainingWeeks: 0))
        #expect(plan.months.count == 6)
        #expect(plan.cannotMeet.contains { $0.contains("the floor of 91 staff cannot be met") }, "\(plan.cannotMeet)")
        #expect(plan.cannotMeet.contains { $0.contains("classes of at most 2 cannot close the gap") })
        #expect(plan.months.allSatisfy { $0.hires <= 2 })
        #expect(!plan.meetsConfidence)
    }
}

@Suite("Monthly volumes")
struct MonthlyVolumesTests {
    @Test("month,calls: every malformed line names the file, line and field and what is expected")
    func malformedLinesNameFileLineAndField() throws {
        let ok = try MonthlyVolumes.parse(text: "month,calls\n2027-01,120000\n2027-02,98000.5\n", file: "v.csv")
        #expect(ok.calls[PlanMonth(year: 2027, month: 2)] == 98000.5 && ok.lines[PlanMonth(year: 2027, month: 1)] == 2)
        func error(_ text: String) -> InputError? {
            #expect(throws: InputError.self) { try MonthlyVolumes.parse(text: text, file: "v.csv") }
        }
        let month = error("month,calls\n2027-01,1\n2027-13,5\n")
        #expect(month?.line == 3 && month?.field == "month" && month?.description.contains("expected a month YYYY-MM") == true)
        let date = error("month,calls\n2027-01-01,1\n")
        #expect(date?.line == 2 && date?.field == "month")
        let negative = error("month,calls\n2027-01,-4\n")
        #expect(negative?.line == 2 && negative?.field == "calls" && negative?.description.contains("must not be negative") == true)
        let text = error("month,calls\n2027-01,lots\n")
        #expect(text?.field == "calls" && text?.description.contains("expected a number") == true)
        let twice = error("month,calls\n2027-01,1\n2027-01,2\n")
        #expect(twice?.line == 3 && twice?.description.contains("listed twice (first on line 2)") == true)
        let header = error("month,volume\n2027-01,1\n")
        #expect(header?.line == 1 && header?.field == "calls")
        let extra = error("month,calls\n2027-01,1,2\n")
        #expect(extra?.line == 2 && extra?.description.contains("expected 2") == true)
        let missing = #expect(throws: InputError.self) { try ok.calls(from: PlanMonth(year: 2027, month: 1), months: 3) }
        #expect(missing?.file == "v.csv" && missing?.field == "month" && missing?.description.contains("no line for 2027-03") == true)
    }

    @Test("The month totals are the volumes; the forecast (synthetic history) gives the shape within each month")
    func volumesSpreadByTheForecastShape() throws {
        let profile = try CenterProfile.load(path: profilePath)
        let history = try HistoryLoader.load(path: historyPath, format: .auto)
        let from = PlanMonth(year: 2027, month: 1)
        let base = try CapacityNeed.fromHistory(history, profile: profile, calendar: .china, from: from, months: 2, tourEfficiency: 1)
        // Twice the forecast's January, half its February.
        let (jan, feb) = ((2 * base.need[0].calls).rounded(), (base.need[1].calls / 2).rounded())
        let v = MonthlyVolumes(file: "v.csv", calls: [from: jan, from.adding(months: 1): feb])
        let given = try CapacityNeed.fromHistory(history, profile: profile, calendar: .china, from: from, months: 2, volumes: v, tourEfficiency: 1)
        #expect(abs(given.need[0].calls - jan) < 1e-6 && abs(given.need[1].calls - feb) < 1e-6)
        #expect(given.need[0].requiredAgentHours > 1.5 * base.need[0].requiredAgentHours)
        #expect(given.need[1].requiredAgentHours < 0.8 * base.need[1].requiredAgentHours)
        // 2027 unknown to the built-in calendar: warned; a calendar file for 2027 (synthetic test
        // entries, not official dates) removes the warning.
        #expect(given.warnings.contains { $0.contains("no holiday calendar covers 2027") })
        let cal = try HolidayCalendar.parse(text: "date,kind,name\n2027-01-01,holiday,test entry (synthetic)\n", file: "c.csv")
        let known = try CapacityNeed.fromHistory(history, profile: profile, calendar: HolidayCalendar.china.merging(cal), from: from, months: 2,
                                                 volumes: v, tourEfficiency: 1)
        #expect(!known.warnings.contains { $0.contains("no holiday calendar covers") })
    }

    @Test("Real data (Anonymous Bank 1999): the hour-of-week shape of a real center spreads the month totals")
    func anonymousBankShape() throws {
        guard SharedData.hasAnonymousBank else {
            print("skipped: ../shared/data/anonymous-bank-1999 is missing (see ../shared/data/README.md)")
            return
        }
        let history = try HistoryLoader.load(path: SharedData.anonymousBank, format: .anonymousBank)
        let calendar = try HolidayCalendar.load(path: SharedData.path("anonymous-bank-1999/calendar-jan-jul-1999.csv"))
        let profile = try CenterProfile.load(path: profilePath)
        let from = PlanMonth(year: 1999, month: 8)
        let v = MonthlyVolumes(file: "v.csv", calls: [from: 40_000, from.adding(months: 1): 42_000])
        let out = try CapacityNeed.fromHistory(history, profile: profile, calendar: calendar, from: from, months: 2, volumes: v, tourEfficiency: 1)
        #expect(abs(out.need[0].calls - 40_000) < 1e-6 && abs(out.need[1].calls - 42_000) < 1e-6)
        // The bank's week: staffed 07:00–24:00, Friday closes 14:00; the spread keeps the night quieter than the day.
        let aug = out.hourlyAgents.prefix(31 * 24)
        let night = stride(from: 3, to: aug.count, by: 24).map { aug[$0] }.reduce(0, +)
        let day = stride(from: 10, to: aug.count, by: 24).map { aug[$0] }.reduce(0, +)
        #expect(day > 2 * night, "10:00 agents \(day) vs 03:00 agents \(night)")
    }
}

@Suite("roster capacity files")
struct CapacityCommandTests {
    @Test("-o DIR: months.csv, chart.svg (XML), plan.json (stable keys), report zh/en (complete, chart and month table)")
    func filesAreComplete() throws {
        guard RosterTool.isBuilt else {
            print("skipped: \(RosterTool.binary) is not built (swift build)")
            return
        }
        let dir = try SharedData.temporaryDirectory()
        let S = ["--store", dir + "/s.sqlite"]
        for args in [["people", "import", "rosters/people/sample-people.csv"], ["training", "courses", "rosters/people/sample-training-courses.csv"],
                     ["training", "import", "rosters/people/sample-training-records.csv"]] {
            let r = try RosterTool.run(args + S)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        let out = dir + "/out"
        let r = try RosterTool.run(["capacity", "--profile", "rosters/profiles/yuhang-12345.toml", "--history", "forecasts/sample/synthetic-12345-history.csv",
                                    "--from", "2027-01", "--months", "12", "--attrition", "0.15", "--runs", "300", "--tour-efficiency", "1.18",
                                    "-o", out, "--json"] + S)
        try #require(r.status == 0, "\(r.stderr)")
        let stdout = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(stdout["monthCount"] as? Int == 12)

        // months.csv: the header and one complete line per month.
        let csv = try String(contentsOfFile: out + "/months.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(csv.first == CapacityFiles.columns.joined(separator: ","))
        #expect(csv.count == 13)
        for line in csv.dropFirst() { #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == CapacityFiles.columns.count) }
        #expect(csv[1].hasPrefix("2027-01,") && csv[12].hasPrefix("2027-12,"))

        // chart.svg parses as XML and has the need, floor and supply lines.
        let svg = try Data(contentsOf: URL(fileURLWithPath: out + "/chart.svg"))
        let parser = XMLParser(data: svg)
        #expect(parser.parse(), "chart.svg: \(parser.parserError.map { "\($0)" } ?? "")")
        let svgText = String(decoding: svg, as: UTF8.self)
        #expect(svgText.components(separatedBy: "<polyline").count - 1 == 3 && svgText.contains("<polygon"))

        // plan.json: the stable keys.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/plan.json"))) as? [String: Any])
        for key in ["from", "monthCount", "months", "classes", "totalHires", "cost", "turnover", "roles", "annualAttrition", "attritionSource",
                    "confidence", "leadMonths", "floorTotal", "maxProbabilityBelowFloor", "meetsConfidence", "cannotMeet", "warnings", "solver", "seconds"] {
            #expect(json[key] != nil, "plan.json lacks \(key)")
        }
        let months = try #require(json["months"] as? [[String: Any]])
        #expect(months.count == 12)
        for key in ["month", "calls", "requiredAgentHours", "paidAgentHours", "requiredHeadcount", "floor", "supplyExpected", "supplyLow", "supplyHigh",
                    "hires", "trainingStarts", "expectedSeparations", "kpiSeparations", "nonKpiSeparations", "roleHires", "replacementHires",
                    "otherRoleHires", "overtimeHours", "shortfallHours", "expectedShortfallHours", "probabilityBelowFloor",
                    "probabilityBelowRoleMinimum", "turnoverAnnualised"] {
            #expect(months[0][key] != nil, "plan.json months[0] lacks \(key)")
        }
        let turnover = try #require(json["turnover"] as? [String: Any])
        for key in ["rate", "cap", "withinCap", "allSeparationsRate", "kpiSeparations", "nonKpiSeparations", "nonKpiShare", "nonKpiShareSource"] {
            #expect(turnover[key] != nil, "plan.json turnover lacks \(key)")
        }

        // The reports: complete documents with the chart, the month table (12 rows) and the role table.
        for (lang, title) in [("zh", "人力与招聘计划"), ("en", "Capacity and hiring plan")] {
            let html = try String(contentsOfFile: out + "/report.\(lang).html", encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</body></html>\n"), "report.\(lang).html is not complete")
            #expect(html.contains(title) && html.contains("<svg") && html.contains("</svg>"))
            #expect(html.components(separatedBy: "<tr><td>2027-").count - 1 == 12, "report.\(lang).html: 12 month rows")
            #expect(html.contains("<td>backoffice</td>") && html.contains("<td>manager</td>"))
        }
    }

    @Test("A malformed --volumes file: one line on stderr naming the file, line and field")
    func badVolumesFile() throws {
        guard RosterTool.isBuilt else {
            print("skipped: \(RosterTool.binary) is not built (swift build)")
            return
        }
        let dir = try SharedData.temporaryDirectory()
        let S = ["--store", dir + "/s.sqlite"]
        try #require(try RosterTool.run(["people", "import", "rosters/people/sample-people.csv"] + S).status == 0)
        let v = dir + "/volumes.csv"
        try "month,calls\n2027-01,120000\n2027-02,many\n".write(toFile: v, atomically: true, encoding: .utf8)
        let r = try RosterTool.run(["capacity", "--profile", "rosters/profiles/yuhang-12345.toml", "--history", "forecasts/sample/synthetic-12345-history.csv",
                                    "--from", "2027-01", "--months", "2", "--volumes", v, "--runs", "100"] + S)
        #expect(r.status != 0)
        let errors = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("forecast:") }
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(errors.first?.contains("\(v):3: field 'calls': expected a number, got 'many'") == true, "\(r.stderr)")
    }
}
