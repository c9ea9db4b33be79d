import Foundation
import HotlineCore
import TestSupport
import Testing

/// `roster plan` at 30-minute intervals and with the protected count from a roster store.
@Suite struct PlanCommandHalfHourTests {
    static var hasBinary: Bool { RosterTool.isBuilt }

    /// The synthetic week (synthetic data) as 336 half-hourly rows, each half hour its hour's agents;
    /// `overrides` by half-hour index.
    static func halfHourly(_ overrides: [Int: Int] = [:]) throws -> String {
        var text = "start,calls,agents\n"
        let start = LocalDateTime(date: SyntheticWeek.monday, hour: 0)
        for (i, v) in SyntheticWeek.required.flatMap({ [$0, $0] }).enumerated() {
            text += "\(start.adding(minutes: 30 * i)),0,\(overrides[i] ?? v)\n"
        }
        let path = try SharedData.temporaryDirectory() + "/half-hours.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("336 half-hourly rows with the 30-minute profile: 336 values in plan.json and coverage.csv, half-hour starts, the one short half hour named",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func halfHourlyPlan() throws {
        // Monday 10:30–11:00 (half hour 21) needs 90 agents with 77 seats.
        let path = try Self.halfHourly([21: 90])
        let dir = try SharedData.temporaryDirectory() + "/out"
        let r = try RosterTool.run(["plan", "--profile", "rosters/profiles/yuhang-12345-30min.toml", "--requirements", path,
                                    "--solver", "cbc", "--gap", "0.02", "--time-limit", "30", "-o", dir, "--lang", "en", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["intervalMinutes"] as? Int == 30)
        let shortfalls = try #require(object["shortfalls"] as? [[String: Any]])
        #expect(shortfalls.map { $0["start"] as? String } == ["2026-12-07T10:30"])
        #expect(shortfalls.first?["reason"] as? String == "requirement 90 exceeds the 77 seats")
        #expect(object["shortAgentHours"] as? Double == 6.5)   // 13 agents for half an hour
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json"))) as? [String: Any])
        #expect((plan["required"] as? [Int])?.count == 336 && (plan["scheduled"] as? [Int])?.count == 336)
        let csv = try String(contentsOfFile: dir + "/coverage.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 337)
        #expect(csv[22].hasPrefix("2026-12-07T10:30,0,90,77"))
        let svg = try String(contentsOfFile: dir + "/coverage.svg", encoding: .utf8)
        #expect(svg.contains("per half hour") && svg.contains("2026-12-07T10:30: 77 / 90"))
    }

    @Test("hourly rows with --interval 30: each half hour requires its hour's agents; half-hourly rows with the 60-minute profile: each hour the larger half",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func resampledRows() throws {
        let hourly = try PlanCommandTests.requirements()
        let dir = try SharedData.temporaryDirectory()
        let r = try RosterTool.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", hourly, "--interval", "30",
                                    "--solver", "cbc", "--gap", "0.01", "-o", dir, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json"))) as? [String: Any])
        #expect(plan["required"] as? [Int] == SyntheticWeek.required.flatMap { [$0, $0] })
        #expect(plan["requiredAgentHours"] as? Int == SyntheticWeek.required.reduce(0, +))
        // Half-hourly rows, one half hour raised, planned hourly.
        let halves = try Self.halfHourly([21: 75])
        let h = try RosterTool.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", halves,
                                    "--solver", "cbc", "--gap", "0.01", "-o", dir, "--json"])
        #expect(h.status == 0, "\(h.stderr)")
        let hp = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json"))) as? [String: Any])
        var expected = SyntheticWeek.required
        expected[10] = 75
        #expect(hp["required"] as? [Int] == expected)
        #expect(hp["intervalMinutes"] == nil)
        // Rows 45 minutes apart are refused naming the file, line and field.
        let bad = dir + "/bad.csv"
        try "start,calls,agents\n2026-12-07T00:00,0,3\n2026-12-07T00:45,0,3\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let e = try RosterTool.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", bad])
        #expect(e.status != 0)
        #expect(e.stderr.contains("bad.csv:3:") && e.stderr.contains("start") && e.stderr.contains("45 minutes"))
    }

    @Test("--store: protected agents counted from the store (pregnant or nursing agents still employed on the plan's dates); --protected overrides",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func protectedFromStore() throws {
        let dir = try SharedData.temporaryDirectory()
        let store = dir + "/roster.sqlite"
        // Synthetic people: 3 pregnant or nursing agents employed, one who left before the week,
        // one pregnant back-office clerk (not an agent), one medical-period agent (not night/overtime protected here).
        var people = "person_id,name,role,skills,hired_on,contract_hours_per_week,contract,protected_status\n"
        people += "A1,甲,agent,phone,2024-01-01,40,,pregnant\n"
        people += "A2,乙,agent,phone,2024-01-01,40,,nursing\n"
        people += "A3,丙,agent,phone,2024-01-01,40,,pregnant\n"
        people += "A4,丁,agent,phone,2024-01-01,40,,nursing\n"
        people += "A5,戊,agent,phone,2024-01-01,40,,medical_period\n"
        people += "A6,己,agent,phone,2024-01-01,40,,\n"
        people += "B1,庚,backoffice,tickets,2024-01-01,40,,pregnant\n"
        try people.write(toFile: dir + "/people.csv", atomically: true, encoding: .utf8)
        let imported = try RosterTool.run(["people", "import", dir + "/people.csv", "--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        let left = try RosterTool.run(["people", "separate", "A4", "--date", "2026-11-30", "--reason", "resigned", "--store", store])
        #expect(left.status == 0, "\(left.stderr)")

        let path = try PlanCommandTests.requirements()
        let r = try RosterTool.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path, "--store", store,
                                    "--solver", "cbc", "--gap", "0.01", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["protectedAgents"] as? Int == 3)
        #expect(object["protectedAgentsSource"] as? String == "store \(store)")
        #expect((object["protectedEligibleAgents"] as? Int).map { $0 >= 3 } == true)
        let text = try RosterTool.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path, "--store", store,
                                       "--solver", "cbc", "--gap", "0.01"])
        #expect(text.stdout.contains("Protected agents: 3 required (from store \(store))"))
        let o = try RosterTool.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path, "--store", store,
                                    "--protected", "5", "--solver", "cbc", "--gap", "0.01", "--json"])
        let overridden = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        #expect(overridden["protectedAgents"] as? Int == 5 && overridden["protectedAgentsSource"] as? String == "--protected")
        let missing = try RosterTool.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path, "--store", dir + "/none.sqlite"])
        #expect(missing.status != 0 && missing.stderr.contains("none.sqlite"))
    }
}
