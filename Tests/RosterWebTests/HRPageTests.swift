import Foundation
import GRDB
import HotlineCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import RosterStore
@testable import RosterWeb
import Testing
import TestSupport
import Workflows

@Suite("Web: HR pages")
struct HRPageTests {
    /// A made-up person with a phone and an ID number (synthetic values).
    static let phone = "13812345678"
    static let nationalID = "110101199003074512"

    static func seedPersonalData(_ f: WebFixture) throws {
        _ = try f.env.store.importPeople([Person(id: "P0900", name: "测试员", role: .agent, skills: ["phone"], hiredOn: CivilDate.parse("2024-01-02")!,
                                                 nationalID: nationalID, phone: phone)],
                                         details: ["P0900": PersonDetails(contract: "dispatch-2024-900", protectedStatus: .nursing)])
    }

    @Test("HR sees phone and ID numbers unmasked; a manager sees them masked (page and API)")
    func personalData() async throws {
        let f = try await WebFixture.make()
        try Self.seedPersonalData(f)
        try await f.test { c in
            var hr = c
            try await hr.signIn("hr1")
            let page = try await hr.get("/hr")
            #expect(page.status == .ok)
            #expect(page.text.contains(Self.phone))
            #expect(page.text.contains(Self.nationalID))
            #expect(page.text.contains("dispatch-2024-900"))
            #expect(page.text.contains("哺乳期"))
            var mgr = WebClient(client: c.client)
            try await mgr.signIn("mgr")
            let masked = try await mgr.get("/hr")
            #expect(masked.status == .ok)
            #expect(masked.text.contains("138******78"))
            #expect(masked.text.contains("110*************12"))
            #expect(!masked.text.contains(Self.phone))
            #expect(!masked.text.contains(Self.nationalID))
            let api = try await mgr.get("/api/hr/people", accept: "application/json")
            #expect(api.status == .ok)
            #expect(api.text.contains("138******78"))
            #expect(!api.text.contains(Self.phone))
        }
    }

    @Test("an agent gets 403 on the HR and planner pages and APIs")
    func agentRefused() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            try await c.signIn("agent4")
            for path in ["/hr", "/hr/kpi", "/hr/replacements", "/planner", "/planner/compare?runs=a,b"] {
                #expect(try await c.get(path).status == .forbidden, "\(path)")
            }
            #expect(try await c.get("/api/hr/people", accept: "application/json").status == .forbidden)
            #expect(try await c.get("/api/planner/runs", accept: "application/json").status == .forbidden)
            let post = try await c.post("/hr/people", form: [("id", "P0999"), ("name", "x"), ("hired_on", "2026-01-01")])
            #expect(post.status == .forbidden)
            #expect(try f.env.store.person(id: "P0999") == nil)
        }
    }

    @Test("hiring: a malformed date, a bad phone or markup in the name is a 400 naming the field and changes nothing; a good form adds the person")
    func hire() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            try await c.signIn("hr1")
            let before = try StoreSnapshot(f.env.store)
            let bad = try await c.post("/hr/people", form: [("id", "P0950"), ("name", "新员工"), ("role", "agent"), ("hired_on", "2026-13-40")])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("hired_on"))
            let phone = try await c.post("/hr/people", form: [("id", "P0950"), ("name", "新员工"), ("hired_on", "2026-03-01"), ("phone", "12345")])
            #expect(phone.status == .badRequest)
            #expect(phone.text.contains("phone"))
            let script = try await c.post("/hr/people", form: [("id", "P0950"), ("name", "<script>alert(1)</script>"), ("hired_on", "2026-03-01")])
            #expect(script.status == .badRequest)
            #expect(script.text.contains("name"))
            #expect(!script.text.contains("<script>alert"))
            let dup = try await c.post("/hr/people", form: [("id", "P0004"), ("name", "重复"), ("hired_on", "2026-03-01")])
            #expect(dup.status == .badRequest)
            let json = try await c.postJSON("/api/hr/people", ["id": "P0950", "name": "新员工", "hired_on": "03/01/2026"])
            #expect(json.status == .badRequest)
            #expect((json.json["error"] as? [String: Any])?["message"] as? String ?? "" == "field 'hired_on': expected a date YYYY-MM-DD, got '03/01/2026'")
            #expect(try StoreSnapshot(f.env.store) == before)

            let ok = try await c.post("/hr/people", form: [("id", "P0950"), ("name", "新员工"), ("role", "agent"), ("skills", "phone;sms"),
                                                           ("hired_on", "2026-03-01"), ("contract_hours_per_week", "40"), ("phone", "13900001111")])
            #expect(ok.status == .seeOther)
            let p = try #require(try f.env.store.person(id: "P0950"))
            #expect(p.skills == ["phone", "sms"] && p.phone == "13900001111" && p.hiredOn == CivilDate.parse("2026-03-01"))
            // Leave and separation go through the same validation.
            #expect(try await c.post("/hr/leave", form: [("person_id", "P0950"), ("first_day", "2026-04-01"), ("last_day", "2026-03-01")]).status == .badRequest)
            #expect(try await c.post("/hr/leave", form: [("person_id", "P0950"), ("kind", "annual"), ("first_day", "2026-04-01"), ("last_day", "2026-04-03")]).status == .seeOther)
            #expect(try f.env.store.onLeave(on: CivilDate.parse("2026-04-02")!).contains("P0950"))
            #expect(try await c.post("/hr/separation", form: [("person_id", "NOPE"), ("date", "2026-05-01"), ("reason", "resigned")]).text.contains("person_id"))
        }
    }

    /// Three verified, liable complaints of P0004 in 2026: the complaints trigger fires.
    static func seedTrigger(_ store: RosterStore) throws {
        try store.importIncidents((1...3).map {
            Incident(personId: "P0004", date: CivilDate.parse("2026-0\($0)-10")!, kind: .complaint, verified: true, liable: true, note: "synthetic")
        })
        // Others with incidents (fewer is better in the ranking).
        try store.importIncidents([
            Incident(personId: "P0001", date: CivilDate.parse("2026-02-01")!, kind: .complaint, verified: true, liable: true),
            Incident(personId: "P0002", date: CivilDate.parse("2026-02-01")!, kind: .complaint, verified: false, liable: false),
        ])
    }

    @Test("an open trigger shows with its suggested replacements, ranked by the workflow's rule; waiving needs a reason")
    func triggerWithSuggestions() async throws {
        let f = try await WebFixture.make()
        try Self.seedTrigger(f.env.store)
        let date = CivilDate.parse("2026-06-01")!
        let expected = try HRWorkflow(store: f.env.store, rules: f.env.profile.replacementRules).triggers(on: date)
        #expect(expected.count == 1)
        let candidates = try #require(expected.first?.candidates)
        #expect(candidates.count == 5)
        #expect(!candidates.contains { ["P0004", "P0001", "P0002"].contains($0.personId) })   // triggered, liable, any incident
        try await f.test { c in
            var c = c
            try await c.signIn("hr1")
            let page = try await c.get("/hr/replacements?date=2026-06-01&lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains("data-person=\"P0004\""))
            #expect(page.text.contains("verified liable complaints in a contract year"))
            // The candidates appear in the workflow's order, each with its one-line reason.
            let positions = candidates.map { page.text.range(of: "data-candidate=\"\($0.personId)\"")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
            #expect(page.text.contains("#1: same role (agent), phone-qualified on 2026-06-01"))
            let api = try await c.get("/api/hr/replacements?date=2026-06-01", accept: "application/json")
            #expect(api.text.contains("complaints@2026"))
            let noReason = try await c.post("/hr/replacements/waive", form: [("person_id", "P0004"), ("trigger_id", "complaints@2026"), ("reason", " "), ("date", "2026-06-01")])
            #expect(noReason.status == .badRequest)
            #expect(noReason.text.contains("reason"))
            let waived = try await c.post("/hr/replacements/waive", form: [("person_id", "P0004"), ("trigger_id", "complaints@2026"), ("reason", "client agreed"), ("date", "2026-06-01")])
            #expect(waived.status == .seeOther)
            #expect(try f.env.store.openTriggers().isEmpty)
        }
    }

    @Test("the ranking rule: same role, qualified, rosterable, not on leave or protected, no open trigger; fewest liable, then fewest incidents, then longest service")
    func rankingRule() {
        func p(_ id: String, _ role: Role = .agent, hired: String = "2020-01-01") -> Person {
            Person(id: id, name: "N\(id)", role: role, hiredOn: CivilDate.parse(hired)!)
        }
        let replaced = p("X")
        let people = [replaced, p("A", hired: "2022-01-01"), p("B", hired: "2019-01-01"), p("C"), p("D"), p("E"), p("F"), p("G"),
                      p("H", .backoffice), p("I"), p("J", hired: "2018-01-01")]
        let all = Set(people.map(\.id))
        let pool = HRWorkflow.CandidatePool(
            people: people, phoneQualified: all.subtracting(["C"]), rosterable: all.subtracting(["D"]), onLeave: ["E"], protected: ["F"],
            withOpenTrigger: ["X", "G"], incidents: ["A": (0, 0), "B": (1, 0), "I": (1, 1), "J": (2, 0)])
        let ranked = HRWorkflow.rankCandidates(for: replaced, on: CivilDate.parse("2026-06-01")!, pool: pool, limit: 10)
        // C not qualified, D not rosterable, E on leave, F protected, G triggered, H another role.
        // A: 0/0; B: 0 liable, 1 incident, J: 0 liable, 2 incidents; I: 1 liable.
        #expect(ranked.map(\.personId) == ["A", "B", "J", "I"])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4])
        #expect(ranked[1].why.contains("0 liable / 1 incidents; hired 2019-01-01"))
        #expect(ranked[1].whyChinese.contains("有责事件 0 起 / 共 1 起"))
        // Ties on incidents: the longer-serving first.
        let tie = HRWorkflow.rankCandidates(for: replaced, on: CivilDate.parse("2026-06-01")!, pool: HRWorkflow.CandidatePool(
            people: [replaced, p("A", hired: "2022-01-01"), p("B", hired: "2019-01-01")], phoneQualified: ["A", "B"], rosterable: ["A", "B"],
            onLeave: [], protected: [], withOpenTrigger: [], incidents: [:]))
        #expect(tie.map(\.personId) == ["B", "A"])
        // A backoffice replacement needs no phone qualification.
        let bo = HRWorkflow.rankCandidates(for: p("Y", .backoffice), on: CivilDate.parse("2026-06-01")!, pool: HRWorkflow.CandidatePool(
            people: [p("H", .backoffice)], phoneQualified: [], rosterable: ["H"], onLeave: [], protected: [], withOpenTrigger: [], incidents: [:]))
        #expect(bo.map(\.personId) == ["H"])
    }

    @Test("the KPI page renders its SVG charts with the indicators against targets, in Chinese and English")
    func kpi() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            try await c.signIn("mgr")
            let zh = try await c.get("/hr/kpi?month=2026-03")
            #expect(zh.status == .ok)
            #expect(zh.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""))
            #expect(zh.text.contains("class=\"bar\""))
            #expect(zh.text.contains("class=\"target\""))   // the answer-rate target 90%
            #expect(zh.text.contains("有效接通率"))
            #expect(zh.text.contains("月末在册人数"))
            let en = try await c.get("/hr/kpi?month=2026-03&lang=en")
            #expect(en.text.contains("Indicators against their targets 2026-03"))
            #expect(en.text.contains("<html lang=\"en\">"))
            let bad = try await c.get("/hr/kpi?month=2026-3x")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("month"))
            let api = try await c.get("/api/hr/kpi?month=2026-03", accept: "application/json")
            #expect(api.status == .ok)
            #expect((api.json["kpis"] as? [[String: Any]])?.count == 7)
        }
    }

    @Test("every HR page renders in Chinese and in English")
    func languages() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            try await c.signIn("hr1")
            for (path, zh, en) in [("/hr", "新增人员", "Hire"), ("/hr/training?date=2026-06-01", "具备上岗资格的话务员", "Phone-qualified agents"),
                                   ("/hr/attendance?month=2026-03", "考勤记录", "Attendance events"), ("/hr/incidents", "投诉与违规事件", "Incidents"),
                                   ("/hr/replacements?date=2026-06-01", "没有待处理的替换触发", "No open replacement triggers")] {
                let a = try await c.get(path + (path.contains("?") ? "&" : "?") + "lang=zh")
                #expect(a.status == .ok, "\(path)")
                #expect(a.text.contains(zh), "\(path)")
                let b = try await c.get(path + (path.contains("?") ? "&" : "?") + "lang=en")
                #expect(b.text.contains(en), "\(path)")
            }
        }
    }

    @Test("chart labels are escaped")
    func chartEscapes() {
        let svg = SVGChart.bars([.init(label: "<script>x</script>", value: 1)], title: "a&b")
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;") && svg.contains("a&amp;b"))
    }
}
