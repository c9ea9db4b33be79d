import Foundation
import HotlineCore
import Optimization
import RosterStore
import Scenarios
import Testing
import TestSupport

/// Runs of the shipped scenarios (synthetic baseline: the sample history and people are made up).
/// To keep the suite fast the runs use a short time limit per weekly plan and, for the typhoon,
/// the two weeks around landfall; every check reads the files the run writes.
@Suite(.serialized) struct ScenarioRunTests {
    static let profilePath = SharedData.project("rosters/profiles/yuhang-12345.toml")
    static let peoplePath = SharedData.project("rosters/people/sample-people.csv")

    static func runner(_ name: String, start: String? = nil, weeks: Int? = nil, emergency: Bool? = nil,
                       history: HistoryChoice = .synthetic) throws -> ScenarioRun {
        let profile = try CenterProfile.load(path: profilePath)
        var s = try Scenario.load(path: SharedData.project("rosters/scenarios/\(name).toml"))
        if let start { s.start = CivilDate.parse(start)! }
        if let weeks { s.weeks = weeks }
        if let emergency { s.measures.emergency = emergency }
        let people = try PeopleCSV.read(path: peoplePath)
        return ScenarioRun(profile: profile, scenario: s, people: people, history: history,
                           solveOptions: SolveOptions(timeLimitSeconds: 1, relativeGap: 0.02))
    }

    static func run(_ name: String, start: String? = nil, weeks: Int? = nil, emergency: Bool? = nil,
                    history: HistoryChoice = .synthetic) throws -> (ScenarioOutcome, String) {
        try write(runner(name, start: start, weeks: weeks, emergency: emergency, history: history).run())
    }

    static func write(_ outcome: ScenarioOutcome) throws -> (ScenarioOutcome, String) {
        let profile = try CenterProfile.load(path: profilePath)
        let dir = try SharedData.temporaryDirectory()
        try ScenarioFiles.write(outcome, profile: profile, to: dir)
        return (outcome, dir)
    }

    /// A CSV file as rows of column → value (no quoted commas in these files' numeric columns).
    static func rows(_ path: String) throws -> [[String: String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, f))
        }
    }

    static func sum(_ rows: [[String: String]], _ column: String) -> Double {
        rows.reduce(0) { $0 + (Double($1[column] ?? "") ?? 0) }
    }

    /// Overtime per person-day and per person-month, recomputed from `surge.csv`: shift extensions
    /// count for their shift's day; rest-day work without time off in lieu counts toward the month.
    static func overtime(_ dir: String, alreadyWorked: Double, firstMonth: String)
        throws -> (daily: [String: Double], monthly: [String: Double])
    {
        var daily: [String: Double] = [:], monthly: [String: Double] = [:]
        for r in try rows(dir + "/surge.csv") {
            let id = r["person_id"]!, date = r["date"]!, month = String(date.prefix(7))
            let h = Double(r["hours"]!)!
            let key = "\(id) \(month)"
            if monthly[key] == nil && month == firstMonth && !id.hasPrefix("S") { monthly[key] = alreadyWorked }
            switch r["measure"] {
            case "overtime":
                daily["\(id) \(date)", default: 0] += h
                monthly[key, default: 0] += h
            case "rest_day" where (r["lieu_date"] ?? "").isEmpty:
                monthly[key, default: 0] += h
            default: break
            }
        }
        return (daily, monthly)
    }

    @Test func typhoonWithoutEmergencyKeepsTheLimitsAndWithItCoversMore() throws {
        // The two weeks around landfall (Sep 15–17), the shipped scenario otherwise unchanged; both
        // runs on one baseline.
        let plainRun = try Self.runner("typhoon-emergency-2026", start: "2026-09-07", weeks: 2, emergency: false)
        var emergencyRun = plainRun
        emergencyRun.scenario.measures.emergency = true
        let baseline = try plainRun.baseline()
        let (plain, plainDir) = try Self.write(plainRun.run(baseline: baseline))
        let (emergency, emergencyDir) = try Self.write(emergencyRun.run(baseline: baseline))
        #expect(plain.baseline == emergency.baseline)

        // Without the flag: never more than 3 h overtime a day or 36 h a month per person
        // (8 h already worked in September, as the scenario says).
        let (daily, monthly) = try Self.overtime(plainDir, alreadyWorked: 8, firstMonth: "2026-09")
        #expect(!daily.isEmpty, "the plain run uses overtime")
        for (k, h) in daily { #expect(h <= 3 + 1e-9, "\(k): \(h) h overtime in a day") }
        for (k, h) in monthly { #expect(h <= 36 + 1e-9, "\(k): \(h) h overtime in a month") }
        // The per-person file agrees with surge.csv.
        for r in try Self.rows(plainDir + "/people.csv") {
            #expect(Double(r["max_daily_overtime"]!)! <= 3 + 1e-9)
            #expect(Double(r["month_overtime_total"]!)! <= 36 + 1e-9)
        }
        // …and it reports the shortfall that remains.
        let plainHourly = try Self.rows(plainDir + "/hourly.csv")
        let plainShort = Self.sum(plainHourly, "surge_short")
        #expect(plainShort > 0, "calls ×3 for 48 h cannot be covered within the ordinary limits")
        let summary = try JSONDecoder().decode(ScenarioOutcome.self,
                                               from: Data(contentsOf: URL(fileURLWithPath: plainDir + "/summary.json")))
        #expect(summary.remainingShortfall.reduce(0) { $0 + $1.short } == Int(plainShort))
        #expect(summary.exemptions.isEmpty)
        #expect(Self.sum(plainHourly, "nothing_short") > plainShort, "the surge plan covers part of the shortfall")

        // With the flag: more is covered, and the exemption used is listed.
        let emergencyHourly = try Self.rows(emergencyDir + "/hourly.csv")
        let emergencyShort = Self.sum(emergencyHourly, "surge_short")
        #expect(emergencyShort < plainShort)
        let (eDaily, eMonthly) = try Self.overtime(emergencyDir, alreadyWorked: 8, firstMonth: "2026-09")
        let overDay = eDaily.filter { $0.value > 3 + 1e-9 }
        #expect(!overDay.isEmpty, "the emergency plan uses more than 3 h overtime a day for someone")
        // Still at most 12 h on duty: an 8-hour shift plus at most 4 h.
        for (k, h) in eDaily { #expect(h <= 4 + 1e-9, "\(k): \(h) h overtime") }
        let eSummary = try JSONDecoder().decode(ScenarioOutcome.self,
                                                from: Data(contentsOf: URL(fileURLWithPath: emergencyDir + "/summary.json")))
        #expect(eSummary.withoutExemption?.shortAgentHours == Int(plainShort))
        let dailyExemption = try #require(eSummary.exemptions.first { $0.rule.hasPrefix("daily overtime") })
        #expect(dailyExemption.count == overDay.count)
        let overMonth = eMonthly.filter { $0.value > 36 + 1e-9 }.count
        #expect((eSummary.exemptions.first { $0.rule.hasPrefix("monthly") }?.count ?? 0) == overMonth)
        let html = try String(contentsOfFile: emergencyDir + "/report.en.html", encoding: .utf8)
        #expect(html.contains("Emergency exemptions used"))
        #expect(html.contains("daily overtime above 3 h"))
        #expect(try String(contentsOfFile: emergencyDir + "/report.zh.html", encoding: .utf8).contains("第四十二条"))

        // Seats always bind, and service is better with the plan than without.
        for r in emergencyHourly { #expect(Int(r["surge_scheduled"]!)! <= 77) }
        #expect(emergency.scenario.serviceLevel > (emergency.scenario.nothingDone?.serviceLevel ?? 1))
        #expect(plain.scenario.shortAgentHours == Int(plainShort))
    }

    @Test func nationalDayCostsHolidaysAt300AndBlockRestDaysAt200() throws {
        let (o, dir) = try Self.run("national-day-2026", start: "2026-09-28", weeks: 2)
        #expect(!o.timeOffInLieu)
        // The JSON keys of DESIGN.md.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as! [String: Any]
        for case_ in ["baseline", "scenario"] {
            let c = try #require(json[case_] as? [String: Any])
            for key in ["requiredAgentHours", "scheduledAgentHours", "shortAgentHours", "serviceLevel", "abandonment", "cost"] {
                #expect(c[key] is NSNumber, "\(case_).\(key)")
            }
        }
        #expect(((json["scenario"] as? [String: Any])?["ifNothingDone"] as? [String: Any])?["shortAgentHours"] is NSNumber)
        // From cost.csv: every worked hour of Oct 1–3 is a 300% holiday hour, of Oct 4–7 a 200% rest-day hour.
        let cost = try Self.rows(dir + "/cost.csv")
        for r in cost where r["date"]!.hasPrefix("2026-10-0") {
            let day = Int(r["date"]!.suffix(2))!
            if (1...3).contains(day) { #expect(r["pay_category"] == "holiday" && r["multiplier"] == "3", "\(r)") }
            if (4...7).contains(day) { #expect(r["pay_category"] == "rest_day" && r["multiplier"] == "2", "\(r)") }
        }
        // The baseline cost recomputed by hand from baseline-roster.csv: hours inside the period,
        // each on its own date, at 300% on Oct 1–3, 200% on Oct 4–7, 100% otherwise; wage 32.
        let periodStart = LocalDateTime(date: CivilDate(year: 2026, month: 9, day: 28)!)
        let periodEnd = LocalDateTime(date: CivilDate(year: 2026, month: 10, day: 12)!)
        var hand = 0.0
        for r in try Self.rows(dir + "/baseline-roster.csv") {
            var t = max(LocalDateTime.parse(r["start"]!)!, periodStart)
            let end = min(LocalDateTime.parse(r["end"]!)!, periodEnd)
            while t < end {
                let d = t.date
                let m: Double = d.month == 10 && (1...3).contains(d.day) ? 3 : (d.month == 10 && (4...7).contains(d.day) ? 2 : 1)
                hand += 32 * m / 60   // one minute
                t = t.adding(minutes: 1)
            }
        }
        #expect(abs(o.baseline.cost - hand) <= 1e-6 * hand, "baseline \(o.baseline.cost) vs hand \(hand)")
        // The scenario's cost is the cost.csv total, and surge.csv's rows add up to the measures' cost.
        let scenarioTotal = Self.sum(cost.filter { $0["case"] == "scenario" }, "cost")
        #expect(abs(scenarioTotal - o.scenario.cost) <= 1e-4 * scenarioTotal)
        let surge = try Self.rows(dir + "/surge.csv")
        for r in surge where r["measure"] == "overtime" || r["measure"] == "rest_day" || r["measure"] == "standby" {
            let d = CivilDate.parse(r["start"]!.prefix(10))!
            let expected: Double = d.month == 10 && (1...3).contains(d.day) ? 3
                : (d.month == 10 && (4...7).contains(d.day)) || r["measure"] == "rest_day" ? 2
                : r["measure"] == "overtime" ? 1.5 : 1
            #expect(Double(r["multiplier"]!)! == expected, "\(r)")
        }
        let extra = Self.sum(surge, "cost")
        let measures = ["overtime", "rest_day", "standby"].reduce(0.0) { $0 + (o.scenario.costBreakdown.byMeasure[$1] ?? 0) }
        #expect(abs(extra - measures) <= 1e-4 * max(1, extra))
    }

    @Test func protectedPeopleGetNoExtraWork() throws {
        var run = try Self.runner("national-day-2026", start: "2026-09-28", weeks: 1)
        let people = try PeopleCSV.read(path: Self.peoplePath)
        let protected = Set(people.filter { $0.role == .agent }.map(\.id).prefix(40))
        run.protectedPeople = protected
        let (o, dir) = try Self.write(run.run())
        let surge = try Self.rows(dir + "/surge.csv")
        #expect(!surge.isEmpty, "the others still work extra")
        for r in surge { #expect(!protected.contains(r["person_id"]!), "\(r)") }
        #expect(o.extra.people > 0)
    }

    @Test func policyAnnouncementUsesTheShippedHistoryAndGivesRestDaysBack() throws {
        let historyPath = SharedData.project("forecasts/sample/synthetic-12345-history.csv")
        let series = try Forecasting_load(historyPath)
        let (o, dir) = try Self.run("policy-announcement-2026", weeks: 3, history: .series(series, path: historyPath))
        #expect(o.historySource == historyPath)
        #expect(o.synthetic, "the sample history is synthetic and labelled so")
        let html = try String(contentsOfFile: dir + "/report.zh.html", encoding: .utf8)
        #expect(html.contains("合成数据"))
        // Volume ×1.5 in the announcement week, unchanged elsewhere.
        for r in try Self.rows(dir + "/hourly.csv") {
            let t = LocalDateTime.parse(r["start"]!)!
            let ratio = (Double(r["scenario_calls"]!)! / max(1e-9, Double(r["baseline_calls"]!)!))
            if Double(r["baseline_calls"]!)! > 0.5 {
                let inWeek = t >= LocalDateTime.parse("2026-11-02T00:00")! && t < LocalDateTime.parse("2026-11-09T00:00")!
                #expect(abs(ratio - (inWeek ? 1.5 : 1)) < 1e-3, "\(t)")
            }
        }
        // Time off in lieu is planned: a rest-day shift with a lieu date has a rostered shift of the
        // same person given back on that date and is paid as an ordinary day (300% on a holiday);
        // one for which no day with agents to spare was found is paid at 200%.
        let surge = try Self.rows(dir + "/surge.csv")
        let restDays = surge.filter { $0["measure"] == "rest_day" }
        let givenBack = Set(surge.filter { $0["measure"] == "time_off_in_lieu" }.map { $0["person_id"]! + " " + $0["date"]! })
        let withLieu = Set(restDays.filter { !($0["lieu_date"] ?? "").isEmpty }.map { $0["person_id"]! + " " + $0["lieu_date"]! })
        #expect(!withLieu.isEmpty, "some rest days are given back")
        #expect(withLieu == givenBack)
        for r in restDays {
            let m = Double(r["multiplier"]!)!
            if (r["lieu_date"] ?? "").isEmpty { #expect(m == 2, "\(r)") } else { #expect(m == 1, "\(r)") }
        }
        #expect(o.extra.restDaysGivenBack == givenBack.count)
        #expect(o.scenario.shortAgentHours <= o.scenario.nothingDone!.shortAgentHours)
    }
}

import Forecasting
func Forecasting_load(_ path: String) throws -> HourlySeries { try HistoryLoader.load(path: path, format: .interval) }
