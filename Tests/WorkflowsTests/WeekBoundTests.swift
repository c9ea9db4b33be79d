import Foundation
import HotlineCore
import Rostering
import Testing
import TestSupport
@testable import Workflows

/// The roster engine's lower bound on the sample center week (SYNTHETIC people, training and call
/// history): `week build` reports a proven bound at most its objective, and the gap.
@Suite struct WeekBoundTests {
    @Test("sample center week 2026-11-30: engineLowerBound ≤ objective, gap reported in the JSON")
    func sampleWeekBound() throws {
        let (store, _) = try centerStore()
        _ = try HistoryWorkflow(store: store).importHistory(path: SharedData.project("forecasts/sample/synthetic-12345-history.csv"))
        let profile = try CenterProfile.load(path: SharedData.project("rosters/profiles/yuhang-12345.toml"))
        let wf = WeekWorkflow(store: store, settings: .init(profile: profile, timeLimitSeconds: 10, engineIterations: 20_000,
                                                           boundTimeLimitSeconds: 6))
        let r = try wf.build(week: CivilDate(year: 2026, month: 11, day: 30)!)
        let objective = r.objective.total
        let bound = try #require(r.engineLowerBound.value, "\(r.boundNote)")
        let gap = try #require(r.engineGap.value)
        #expect(bound <= objective + 1e-6, "bound \(bound) above the objective \(objective)")
        #expect(bound > 0, "\(r.boundNote)")
        #expect(abs(gap - (objective - bound) / max(abs(objective), 1e-9)) < 1e-12)
        #expect(gap >= 0)
        #expect(r.boundNote.contains("relaxes") && !r.boundNote.contains("WARNING"), "\(r.boundNote)")
        let b = try #require(r.engineBound)
        #expect(b.iterations > 0 && b.columns > 0)
        // The one engine: the column dive ran, the better roster was kept, and it keeps every hard rule.
        let local = try #require(r.localSearchObjective)
        let dive = try #require(r.diveObjective, "the dive did not run")
        #expect(abs(objective - min(local, dive)) < 1e-9, "kept \(objective), local search \(local), dive \(dive)")
        #expect(r.engineRosterChoice == (dive < local - 1e-9 ? "column dive" : "local search"))
        #expect(bound <= dive + 1e-6 && bound <= local + 1e-6)
        #expect(r.violations.isEmpty, "\(r.violations.prefix(3))")
        #expect(r.objective.components["hardRules"] == 0)
        // The JSON keys integrations read are there, with numbers.
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(r)) as? [String: Any]
        #expect(json?["engineLowerBound"] is Double && json?["engineGap"] is Double && json?["boundNote"] is String)
    }
}
