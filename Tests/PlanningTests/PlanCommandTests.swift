import Foundation
import HotlineCore
import TestSupport
import Testing

/// `roster plan` as a planner runs it (needs the built tool: `swift build`).
@Suite struct PlanCommandTests {
    static var hasBinary: Bool { RosterTool.isBuilt }

    static func run(_ args: [String]) throws -> RosterTool.Result { try RosterTool.run(args) }

    /// A requirements CSV of the synthetic week (synthetic data), with overrides by hour of the week.
    static func requirements(_ overrides: [Int: Int] = [:]) throws -> String {
        var text = "start,calls,agents\n"
        let start = SyntheticWeek.monday
        for (h, v) in SyntheticWeek.required.enumerated() {
            let day = start.adding(days: h / 24)
            let hh = h % 24 < 10 ? "0\(h % 24)" : "\(h % 24)"
            text += "\(day)T\(hh):00,0,\(overrides[h] ?? v)\n"
        }
        let path = try SharedData.temporaryDirectory() + "/requirements.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("90 agents needed with 77 seats, both solvers: a plan, the two hours and the seat limit in --json",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"), arguments: ["glpk", "cbc"])
    func overSeats(solver: String) throws {
        let path = try Self.requirements([10: 90, 11: 90])
        let r = try Self.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path,
                              "--solver", solver, "--gap", "0.01", "--time-limit", "30", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let solverObject = try #require(object["solver"] as? [String: Any])
        #expect(solverObject["name"] as? String == solver)
        #expect(solverObject["nodes"] is Int)
        #expect((solverObject["gap"] as? Double).map { $0 <= 0.01 } == true)
        let shortfalls = try #require(object["shortfalls"] as? [[String: Any]])
        #expect(shortfalls.map { $0["hourOfWeek"] as? Int } == [10, 11])
        #expect(shortfalls.allSatisfy { $0["reason"] as? String == "requirement 90 exceeds the 77 seats" })
        #expect(object["maxConcurrentAgents"] as? Int == 77)
        #expect((object["staff"] as? Int).map { $0 >= 91 } == true)
    }

    @Test("text output names the shortfall hours and the seats; --export-model writes a CPLEX LP file",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func textAndExport() throws {
        let path = try Self.requirements([10: 90])
        let lp = try SharedData.temporaryDirectory() + "/model.lp"
        let r = try Self.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path,
                              "--solver", "cbc", "--gap", "0.01", "--export-model", lp])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Solver cbc:"))
        #expect(r.stdout.contains("2026-12-07T10:00: 77 of 90 — requirement 90 exceeds the 77 seats"))
        let model = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(model.hasPrefix("\\") || model.contains("Minimize"))
        #expect(model.contains("seats_h10:"))
    }

    @Test("-o DIR writes plan.json, coverage.csv and coverage.svg (English with --lang en)",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func outputFiles() throws {
        let path = try Self.requirements([10: 90])
        let dir = try SharedData.temporaryDirectory() + "/out"
        let r = try Self.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path,
                              "--gap", "0.01", "-o", dir, "--lang", "en", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: dir + "/coverage.svg", encoding: .utf8)
        #expect(svg.contains("77 seats"))
        #expect(svg.contains("2026-12-07T10:00: 77 / 90"))
        let csv = try String(contentsOfFile: dir + "/coverage.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 169)
        #expect(FileManager.default.fileExists(atPath: dir + "/plan.json"))
    }

    @Test("National Day week with GLPK: staff by role, pay cost, the holiday surge in --json; --objective hours",
          .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func rolesCostSurge() throws {
        // The synthetic week moved to Mon 2026-09-28 (Oct 1–3 statutory holidays).
        var text = "start,calls,agents\n"
        let start = CivilDate(year: 2026, month: 9, day: 28)!
        for (h, v) in SyntheticWeek.required.enumerated() {
            let hh = h % 24 < 10 ? "0\(h % 24)" : "\(h % 24)"
            text += "\(start.adding(days: h / 24))T\(hh):00,0,\(v)\n"
        }
        let path = try SharedData.temporaryDirectory() + "/national-day.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Self.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path,
                              "--gap", "0.01", "--time-limit", "30", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let byRole = try #require(object["staffByRole"] as? [String: Int])
        #expect(byRole.values.reduce(0, +) == object["staff"] as? Int)
        #expect((byRole["supervisor"] ?? 0) >= 6 && (byRole["backoffice"] ?? 0) >= 12 && byRole["manager"] == 1)
        #expect((object["staff"] as? Int).map { $0 >= 91 } == true)
        let roles = try #require(object["roles"] as? [[String: Any]])
        #expect(roles.map { $0["role"] as? String } == ["supervisor", "backoffice"])
        #expect(roles.first?["minOnSite"] as? Int == 1)
        let cost = try #require(object["cost"] as? Double)
        #expect(object["currency"] as? String == "CNY")
        #expect(object["objective"] as? String == "cost")
        let surges = try #require(object["surges"] as? [[String: Any]])
        #expect(surges.count == 1 && (surges[0]["hours"] as? [String])?.count == 36)
        #expect((surges[0]["addedAgentHours"] as? Int).map { $0 > 0 } == true)
        // With the hours objective the plan still reports its cost; the objective counts hours.
        let h = try Self.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path,
                              "--gap", "0.01", "--time-limit", "30", "--objective", "hours", "--json"])
        let hours = try #require(try JSONSerialization.jsonObject(with: Data(h.stdout.utf8)) as? [String: Any])
        #expect(hours["objective"] as? String == "hours")
        #expect((hours["cost"] as? Double).map { $0 >= cost * 0.99 } == true)
    }

    @Test("an unknown solver is refused with the choices", .enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func unknownSolver() throws {
        let path = try Self.requirements()
        let r = try Self.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path, "--solver", "gurobi"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("glpk") && r.stderr.contains("cbc"))
    }
}
