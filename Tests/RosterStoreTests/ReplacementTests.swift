import Foundation
import HotlineCore
import Testing
import TestSupport
@testable import RosterStore

@Suite("Replacement triggers")
struct ReplacementTests {
    static func d(_ s: String) -> CivilDate { CivilDate.parse(s)! }

    static func store() throws -> RosterStore {
        let s = try RosterStore.inMemory()
        _ = try s.importPeople(["R1", "R2", "R3", "R4", "S1"].map { Person(id: $0, name: "员工\($0)", role: .agent, hiredOn: d("2025-01-01")) })
        return s
    }

    static func complaint(_ p: String, _ date: String, verified: Bool = true, liable: Bool = true, note: String = "") -> Incident {
        Incident(personId: p, date: d(date), kind: .complaint, verified: verified, liable: liable, note: note.isEmpty ? "ticket \(date) \(p)" : note)
    }

    @Test("2 verified liable complaints do not trigger; the 3rd does, on its date, with all three as evidence")
    func twoVersusThree() throws {
        let s = try Self.store()
        try s.importIncidents([Self.complaint("R1", "2026-02-01"), Self.complaint("R1", "2026-03-01")])
        #expect(try s.openTriggers().isEmpty)
        try s.importIncidents([Self.complaint("R1", "2026-04-01")])
        let open = try s.openTriggers()
        #expect(open.count == 1)
        #expect(open[0].personId == "R1" && open[0].trigger == .complaints && open[0].triggerId == "complaints@2026")
        #expect(open[0].firedOn == Self.d("2026-04-01"))
        #expect(open[0].evidence.map(\.date) == [Self.d("2026-02-01"), Self.d("2026-03-01"), Self.d("2026-04-01")])
    }

    @Test("Unverified or not-liable complaints do not count", arguments: [(false, true), (true, false), (false, false)])
    func onlyVerifiedLiable(verified: Bool, liable: Bool) throws {
        let s = try Self.store()
        try s.importIncidents([Self.complaint("R1", "2026-02-01"), Self.complaint("R1", "2026-03-01"),
                               Self.complaint("R1", "2026-04-01", verified: verified, liable: liable),
                               Self.complaint("R1", "2026-05-01", verified: verified, liable: liable)])
        #expect(try s.openTriggers().isEmpty)
        // Once verified and liable after investigation, the third counts.
        let third = try s.incidents(personId: "R1").first { $0.date == Self.d("2026-04-01") }!
        try s.updateIncident(id: third.id, verified: true, liable: true)
        #expect(try s.openTriggers().map(\.firedOn) == [Self.d("2026-04-01")] as [CivilDate])
    }

    @Test("Complaints count within one contract year (the profile sets when it starts)")
    func contractYear() throws {
        let s = try Self.store()
        try s.importIncidents([Self.complaint("R1", "2025-11-15"), Self.complaint("R1", "2025-12-20"), Self.complaint("R1", "2026-01-10")])
        #expect(try s.openTriggers().isEmpty)    // calendar years: 2 in 2025, 1 in 2026
        let profileText = try String(contentsOfFile: SharedData.project("rosters/profiles/yuhang-12345.toml"), encoding: .utf8)
        let profile = try CenterProfile.parse(profileText + "\n[replacement]\ncontract_year_start = \"07-01\"\n", file: "p.toml")
        let open = try s.openTriggers(rules: profile.replacementRules)
        #expect(open.map(\.triggerId) == ["complaints@2025"])   // 2025-07-01 … 2026-06-30 holds all three
        #expect(open[0].firedOn == Self.d("2026-01-10"))
        // A threshold of 2 from the profile fires earlier.
        let strict = try CenterProfile.parse(profileText + "\n[replacement]\ncomplaint_threshold = 2\n", file: "p.toml")
        #expect(try s.openTriggers(rules: strict.replacementRules).map(\.firedOn) == [Self.d("2025-12-20")])
        #expect(throws: InputError.self) { try CenterProfile.parse(profileText + "\n[replacement]\ncontract_year_start = \"13-01\"\n", file: "p.toml") }
        // Without the section, the contract's defaults.
        #expect(try CenterProfile.parse(profileText, file: "p.toml").replacementRules == .contractDefaults)
    }

    @Test("Confidentiality: any verified breach; discipline and dereliction: verified and serious; health: verified and unable to work")
    func otherTriggers() throws {
        let s = try Self.store()
        let day = Self.d("2026-06-01")
        try s.importIncidents([
            Incident(personId: "R1", date: day, kind: .confidentiality, verified: false, liable: true, note: "a"),
            Incident(personId: "R2", date: day, kind: .confidentiality, verified: true, liable: false, note: "b"),
            Incident(personId: "R3", date: day, kind: .discipline, verified: true, liable: true, serious: false, note: "c"),
            Incident(personId: "R3", date: day, kind: .dereliction, verified: false, liable: true, serious: true, note: "d"),
            Incident(personId: "R4", date: day, kind: .health, verified: true, liable: false, serious: false, note: "e"),
        ])
        #expect(try s.openTriggers().map(\.personId) == ["R2"])
        try s.importIncidents([
            Incident(personId: "R3", date: Self.d("2026-06-02"), kind: .dereliction, verified: true, liable: true, serious: true, note: "f"),
            Incident(personId: "R4", date: Self.d("2026-06-03"), kind: .health, verified: true, liable: false, serious: true, note: "g"),
        ])
        #expect(try s.openTriggers().map { "\($0.personId):\($0.trigger.rawValue)" } == ["R2:confidentiality", "R3:dereliction", "R4:health"])
        var rules = CenterProfile.Replacement.contractDefaults
        rules.health = false
        #expect(try s.openTriggers(rules: rules).count == 2)
    }

    @Test("Closing a trigger records the successor; the replaced person is not rostered from the replacement date")
    func close() throws {
        let s = try Self.store()
        try s.importIncidents([Incident(personId: "R1", date: Self.d("2026-06-01"), kind: .confidentiality, verified: true, liable: true, note: "x")])
        let t = try s.openTriggers()[0]
        #expect(throws: RosterStoreError.self) {
            try s.closeReplacement(personId: "R1", triggerId: t.triggerId, successorId: "NOBODY", effectiveOn: Self.d("2026-06-10"))
        }
        #expect(throws: RosterStoreError.self) {
            try s.closeReplacement(personId: "R1", triggerId: t.triggerId, successorId: "S1", effectiveOn: Self.d("2026-05-31"))
        }
        #expect(throws: RosterStoreError.self) {
            try s.closeReplacement(personId: "R1", triggerId: "complaints@2026", successorId: "S1", effectiveOn: Self.d("2026-06-10"))
        }
        try s.closeReplacement(personId: "R1", triggerId: t.triggerId, successorId: "S1", effectiveOn: Self.d("2026-06-10"))
        #expect(try s.openTriggers().isEmpty)
        #expect(try s.rosterablePeople(on: Self.d("2026-06-09")).map(\.id).contains("R1"))
        #expect(!(try s.rosterablePeople(on: Self.d("2026-06-10")).map(\.id).contains("R1")))
        #expect(try s.replacements().map(\.successorId) == ["S1"])
        // Later incidents of a replaced person open nothing.
        try s.importIncidents([Incident(personId: "R1", date: Self.d("2026-07-01"), kind: .confidentiality, verified: true, liable: true, note: "y")])
        #expect(try s.openTriggers().isEmpty)
        #expect(try s.auditLog().contains { $0.action == "replace" && $0.entityId.hasPrefix("R1|") })
    }

    @Test("Waiving closes a trigger without removing the person; separated people are not rostered either")
    func waiveAndSeparate() throws {
        let s = try Self.store()
        try s.importIncidents([Incident(personId: "R2", date: Self.d("2026-06-01"), kind: .confidentiality, verified: true, liable: true, note: "x")])
        let t = try s.openTriggers()[0]
        try s.waiveTrigger(personId: "R2", triggerId: t.triggerId, reason: "client waived after review", on: Self.d("2026-06-05"))
        #expect(try s.openTriggers().isEmpty)
        #expect(try s.rosterablePeople(on: Self.d("2026-07-01")).map(\.id).contains("R2"))
        try s.recordSeparation(personId: "R3", date: Self.d("2026-06-15"), reason: .resigned)
        #expect(try s.rosterablePeople(on: Self.d("2026-06-14")).map(\.id).contains("R3"))
        #expect(!(try s.rosterablePeople(on: Self.d("2026-06-15")).map(\.id).contains("R3")))
        // Not yet hired: not rosterable.
        #expect(try s.rosterablePeople(on: Self.d("2024-12-31")).isEmpty)
    }

    @Test("The incidents CSV: all or nothing, every bad line listed, notes never in messages")
    func incidentsCSV() throws {
        let s = try Self.store()
        let good = "person_id,date,kind,verified,liable,note,serious\nR1,2026-06-01,complaint,true,true,\"市民王某 13800138000, 投诉\",\nR2,2026-06-02,discipline,yes,是,迟到,true\n"
        let path = try Fixtures.write(good, name: "incidents.csv")
        #expect(try s.importIncidents(fromCSV: path) == (rows: 2, inserted: 2))
        #expect(try s.importIncidents(fromCSV: path) == (rows: 2, inserted: 0))   // re-import: not twice
        let bad = "person_id,date,kind,verified,liable,note\nR1,2026-06-01,complaint,true,true,ok\nZZ,2026-06-01,complaint,true,true,13800138000\nR1,2026-13-01,complaint,true,true,13800138000\nR1,2026-06-01,rumour,true,true,13800138000\nR1,2026-06-01,complaint,maybe,true,13800138000\n"
        let badPath = try Fixtures.write(bad, name: "bad.csv")
        do {
            try s.importIncidents(fromCSV: badPath)
            Issue.record("expected a rejection")
        } catch let e as ImportRejected {
            #expect(e.errors.map(\.line) == [3, 4, 5, 6])
            #expect(e.errors.map(\.field) == ["person_id", "date", "kind", "verified"])
            #expect(e.errors.allSatisfy { $0.file == badPath })
            #expect(!e.description.contains("13800138000"))
        }
        #expect(try s.incidents().count == 2)
    }
}
