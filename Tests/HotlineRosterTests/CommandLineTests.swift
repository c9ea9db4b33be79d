import Foundation
import TestSupport
import Testing

/// The `roster` tool as a user runs it: bad input gives one line naming file, line and field, and a
/// non-zero exit. Needs the built tool (`swift build` builds it; tools/test does).
@Suite struct CommandLineTests {
    static var hasBinary: Bool { RosterTool.isBuilt }

    typealias Result = RosterTool.Result

    static func run(_ args: [String]) throws -> Result { try RosterTool.run(args) }

    static func file(_ text: String) throws -> String {
        let path = try SharedData.temporaryDirectory() + "/input.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func expectOneLineError(_ r: Result, _ parts: [String]) {
        #expect(r.status != 0)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(r.stderr)")
        for part in parts { #expect(r.stderr.contains(part), "stderr '\(r.stderr)' lacks '\(part)'") }
    }

    @Test(.enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func missingColumn() throws {
        let path = try Self.file("start,agents\n2026-11-30T00:00,3\n")
        let r = try Self.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path, "--json"])
        expectOneLineError(r, [path + ":1", "calls"])
    }

    @Test(.enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func unparsableTime() throws {
        let path = try Self.file("start,calls\n2026-11-30T00:00,3\n2026-11-30 1 o'clock,4\n")
        let r = try Self.run(["forecast", "--history", path, "--format", "interval", "--start", "2026-12-07", "--days", "1"])
        expectOneLineError(r, [path + ":3", "start"])
    }

    @Test(.enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func negativeCount() throws {
        let path = try Self.file("start,calls,agents\n2026-11-30T00:00,3,1\n2026-11-30T01:00,-2,1\n")
        let r = try Self.run(["plan", "--profile", "rosters/profiles/yuhang-12345.toml", "--requirements", path])
        expectOneLineError(r, [path + ":3", "calls", "negative"])
    }

    @Test(.enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func badPeopleRow() throws {
        let dir = try SharedData.temporaryDirectory()
        let path = try Self.file("person_id,name,role,skills,hired_on,contract_hours_per_week\nP1,张三,agent,phone,2024-01-01,40\nP2,李四,pilot,,2024-01-01,40\n")
        let r = try Self.run(["people", "import", path, "--store", dir + "/s.sqlite"])
        expectOneLineError(r, [path + ":3", "role"])
    }

    @Test(.enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func erlangJSONKeys() throws {
        let r = try Self.run(["erlang", "--calls", "100", "--interval", "30", "--aht", "180", "--target", "0.8", "--within", "20",
                              "--shrinkage", "0.3", "--max-occupancy", "0.85", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(json["agents"] as? Int == 14)
        #expect(json["scheduled"] as? Int == 20)
        for key in ["serviceLevel", "waitProbability", "averageSpeedOfAnswer", "occupancy"] { #expect(json[key] != nil) }
    }

    /// `roster staffing --quantile 0.8` staffs for the 80% quantile of a `roster forecast --quantiles` file
    /// (synthetic sample history): more agent-hours than the mean forecast, and a clear error for a
    /// quantile the file lacks.
    @Test(.enabled(if: hasBinary, "needs .build/debug/roster (run swift build)"))
    func staffingForAQuantile() throws {
        let dir = try SharedData.temporaryDirectory()
        let fc = dir + "/fc.csv"
        let f = try Self.run(["forecast", "--history", "forecasts/sample/synthetic-12345-history.csv", "--start", "2026-11-30",
                              "--days", "7", "--quantiles", "0.5,0.8", "-o", fc])
        #expect(f.status == 0, "\(f.stderr)")
        func agentHours(_ extra: [String]) throws -> Double {
            let r = try Self.run(["staffing", "--forecast", fc, "--profile", "rosters/profiles/yuhang-12345.toml",
                                  "-o", dir + "/req.csv", "--json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
            return json["agentHours"] as? Double ?? .nan
        }
        let mean = try agentHours([])
        let p80 = try agentHours(["--quantile", "0.8"])
        #expect(p80 > mean)
        let bad = try Self.run(["staffing", "--forecast", fc, "--profile", "rosters/profiles/yuhang-12345.toml", "--quantile", "0.95"])
        expectOneLineError(bad, [fc, "calls_p95"])
    }
}
