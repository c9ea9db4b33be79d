import Foundation
import HotlineCore
import HotlineRoster
import TestSupport
import Testing

/// The demo week end to end (SYNTHETIC history and people), with the acceptance checks of the
/// foundation issue recomputed from the written files, not from the library's own figures.
@Suite(.serialized) struct DemoWeekTests {
    struct Row { var person: String; var role: String; var date: String; var start: LocalDateTime; var end: LocalDateTime }

    /// Plain CSV split (the demo's files have no quoted commas).
    static func readRoster(_ path: String) throws -> [Row] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF], "roster.csv starts with a UTF-8 BOM")
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "person_id,name,role,date,start,end,shift")
        return lines.dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Row(person: f[0], role: f[2], date: f[3], start: LocalDateTime.parse(f[4])!, end: LocalDateTime.parse(f[5])!)
        }
    }

    @Test func demoWeekMeetsTheFoundationAcceptance() throws {
        let out = try SharedData.temporaryDirectory()
        let summary = try DemoWeek(options: .init(root: SharedData.packageRoot, outputDirectory: out)).run()
        let rows = try Self.readRoster(out + "/roster.csv")
        let weekStart = summary.weekStart
        let weekRows = rows.filter { CivilDate.parse($0.date)! >= weekStart }

        // ≥ 91 distinct people.
        #expect(Set(weekRows.map(\.person)).count >= 91)
        #expect(summary.staff >= 91)

        for (person, own) in Dictionary(grouping: rows, by: \.person) {
            let sorted = own.sorted { $0.start < $1.start }
            // Nobody has two shifts starting on one date.
            #expect(Set(sorted.map(\.date)).count == sorted.count, "\(person) has two shifts on one date")
            // At least 11 h between shifts.
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                #expect(b.start.seconds - a.end.seconds >= 11 * 3600, "\(person): \(a.end) → \(b.start)")
            }
            // At least one day off in the week.
            let daysWorked = Set(sorted.filter { CivilDate.parse($0.date)! >= weekStart }.map(\.date)).count
            #expect(daysWorked <= 6, "\(person) has no day off")
        }

        // Coverage: scheduled = agents on shift in roster.csv; ≤ 77 in every hour; shortages reported.
        let coverage = try String(contentsOfFile: out + "/coverage.csv", encoding: .utf8).split(separator: "\n")
        #expect(coverage.first == "start,forecast_calls,required_agents,scheduled_agents")
        #expect(coverage.count == 169)
        var short = 0
        var shortHours: [String] = []
        for line in coverage.dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            let from = LocalDateTime.parse(f[0])!
            let required = Int(f[2])!, scheduled = Int(f[3])!
            let onShift = rows.filter { $0.role == "agent" && $0.start < from.adding(hours: 1) && from < $0.end }.count
            #expect(scheduled == onShift, "hour \(f[0])")
            #expect(onShift <= 77)
            if scheduled < required { short += required - scheduled; shortHours.append(f[0]) }
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        #expect(json["shortAgentHours"] as? Int == short)
        let reported = (json["shortHours"] as? [[String: Any]] ?? []).compactMap { $0["start"] as? String }
        #expect(reported == shortHours)
        for key in ["staff", "seats", "requiredAgentHours", "scheduledAgentHours", "shortAgentHours", "maxConcurrentAgents", "solver"] {
            #expect(json[key] != nil, "summary.json lacks \(key)")
        }
        let solver = json["solver"] as? [String: Any] ?? [:]
        for key in ["name", "status", "objective", "bound", "gap", "seconds"] { #expect(solver.keys.contains(key), "solver lacks \(key)") }
        #expect((json["violations"] as? [Any])?.isEmpty == true)

        // Training gate: agents whose pre-job training is not passed (sample-training-records.csv)
        // have no shift.
        let records = try String(contentsOfFile: SharedData.project("rosters/people/sample-training-records.csv"), encoding: .utf8)
        let trainees = Set(records.split(separator: "\n").filter { $0.hasSuffix(",false") }.map { String($0.split(separator: ",")[0]) })
        #expect(!trainees.isEmpty)
        #expect(!rows.contains { trainees.contains($0.person) })

        // plan.json and the HTML exist; the HTML is Chinese by default and labelled synthetic.
        #expect(FileManager.default.fileExists(atPath: out + "/plan.json"))
        let html = try String(contentsOfFile: out + "/roster.html", encoding: .utf8)
        #expect(html.contains("排班表") && html.contains("合成数据"))
    }
}
