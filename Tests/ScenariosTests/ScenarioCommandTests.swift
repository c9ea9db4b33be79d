import Foundation
import Testing
import TestSupport

/// `roster scenario` from the command line: bad scenario files exit non-zero with one line naming
/// the file, line and field.
@Suite struct ScenarioCommandTests {
    static func write(_ text: String) throws -> String {
        let path = try SharedData.temporaryDirectory() + "/bad.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(.enabled(if: RosterTool.isBuilt, "needs the built roster tool (swift build)"))
    func badScenarioNamesFileLineAndField() throws {
        let shipped = try String(contentsOfFile: SharedData.project("rosters/scenarios/typhoon-emergency-2026.toml"), encoding: .utf8)
        let bad = try Self.write(shipped.replacingOccurrences(of: "multiplier = 3.0", with: "multiplier = -3"))
        let line = shipped.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("multiplier = 3.0") }! + 1
        let r = try RosterTool.run(["scenario", "--profile", "rosters/profiles/yuhang-12345.toml", "--scenario", bad, "--json"])
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("bad.toml:\(line): field 'events[0].multiplier'"), "\(r.stderr)")

        // A standby person the people file does not know.
        let unknown = try Self.write(shipped.replacingOccurrences(of: "standby = []", with: "standby = [\"P9999\"]"))
        let standbyLine = shipped.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("standby = []") }! + 1
        let r2 = try RosterTool.run(["scenario", "--profile", "rosters/profiles/yuhang-12345.toml", "--scenario", unknown, "--json"])
        #expect(r2.status != 0)
        #expect(r2.stderr.contains("bad.toml:\(standbyLine): field 'measures.standby': person 'P9999' is not in the people file"), "\(r2.stderr)")
    }
}
