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

private func day(_ t: String) -> CivilDate { CivilDate.parse(t)! }

@Suite("Web: requests and swaps")
struct RequestsPageTests {
    static let week = day("2026-11-30")

    /// A small draft of the week 2026-11-30 saved directly (no build): P0004 early and P0005 late on
    /// Tuesday and Thursday, P0004 early again on Wednesday. Swapping Thursday is fine; swapping
    /// Tuesday leaves P0004 8 h of rest before Wednesday's early shift (min-rest 11 h).
    static func seedDraft(_ store: RosterStore) throws {
        func shift(_ p: String, _ name: String, _ d: String, _ from: Int, _ hours: Int, _ label: String) -> ShiftAssignment {
            let start = LocalDateTime(date: day(d), hour: from)
            return ShiftAssignment(personId: p, name: name, role: .agent, date: day(d), start: start,
                                   end: start.adding(minutes: hours * 60), shift: label)
        }
        let shifts = [shift("P0004", "金婷", "2026-12-01", 7, 9, "早班"), shift("P0005", "于丹秀", "2026-12-01", 14, 9, "晚班"),
                      shift("P0004", "金婷", "2026-12-02", 7, 9, "早班"),
                      shift("P0004", "金婷", "2026-12-03", 7, 9, "早班"), shift("P0005", "于丹秀", "2026-12-03", 14, 9, "晚班")]
        try store.saveDraft(weekStart: week, shifts: shifts, cells: [], payload: Data("{}".utf8), basedOnVersion: nil,
                            expectedRevision: nil, action: "test", detail: "")
    }

    static func rows(_ r: TestResponse, _ key: String) -> [[String: Any]] { r.json[key] as? [[String: Any]] ?? [] }

    @Test("an agent files leave; a manager sees it, rejects only with a reason, approves with one; audited as web:mgr")
    func leaveApproved() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var agent = c
            try await agent.signIn("agent4")
            let filed = try await agent.post("/requests", form: [("kind", "leave"), ("from", "2026-12-07"), ("to", "2026-12-08"),
                                                                  ("note", "家中有事")])
            #expect(filed.status == .seeOther)
            let mine = Self.rows(try await agent.get("/api/requests", accept: "application/json"), "requests")
            #expect(mine.count == 1)
            let id = try #require(mine.first?["id"] as? Int)
            #expect(mine.first?["status"] as? String == "pending" && mine.first?["personId"] as? String == "P0004")
            #expect((mine.first?["actions"] as? [String]) == ["withdraw"])

            var mgr = WebClient(client: c.client)
            try await mgr.signIn("mgr")
            let page = try await mgr.get("/requests")
            #expect(page.status == .ok)
            #expect(page.text.contains("request-\(id)") && page.text.contains("P0004") && page.text.contains("/requests/\(id)/approve"))
            let pending = Self.rows(try await mgr.get("/api/requests?status=pending&week=2026-12-09&person=P0004", accept: "application/json"), "requests")
            #expect(pending.map { $0["id"] as? Int } == [id])

            // A rejection without a reason: 400 naming the field, nothing changed.
            let before = try StoreSnapshot(f.env.store)
            let noReason = try await mgr.post("/requests/\(id)/reject", form: [("reason", "  ")])
            #expect(noReason.status == .badRequest)
            #expect(noReason.text.contains("reason"))
            #expect(try StoreSnapshot(f.env.store) == before)

            let approved = try await mgr.post("/requests/\(id)/approve", form: [("reason", "人手够")])
            #expect(approved.status == .seeOther)
            let r = try #require(try f.env.store.request(id: id))
            #expect(r.status == .approved && r.decidedBy == "web:mgr" && r.decisionReason == "人手够")
            #expect(try f.env.store.leaveRecords(from: day("2026-12-07"), through: day("2026-12-08"), personId: "P0004").count == 1)
            let log = try f.env.store.auditLog()
            #expect(log.contains { $0.actor == "web:mgr" && $0.action == "approve" && $0.entity == "request" && $0.entityId == String(id) })
            #expect(log.contains { $0.actor == "web:agent4" && $0.action == "file" && $0.entity == "request" })
            #expect(!log.contains { $0.detail.contains("家中有事") })   // notes never reach the audit log
            // Decided: shown with who and why; deciding again is a conflict.
            let decided = try await mgr.get("/requests?status=approved")
            #expect(decided.text.contains("web:mgr") && decided.text.contains("人手够"))
            #expect(try await mgr.post("/requests/\(id)/reject", form: [("reason", "改主意")]).status == .conflict)
            // The JSON API takes the same steps: the agent withdraws their approved leave.
            let withdrawn = try await agent.postJSON("/api/requests/\(id)/withdraw", ["reason": "不请了"])
            #expect(withdrawn.status == .ok && withdrawn.json["status"] as? String == "withdrawn")
        }
    }

    @Test("an agent files and decides only their own: another person's → 403; HR decides leave only; a planner is kept out")
    func whoMayDoWhat() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var agent = c
            try await agent.signIn("agent4")
            let before = try StoreSnapshot(f.env.store)
            #expect(try await agent.post("/requests", form: [("person_id", "P0005"), ("kind", "leave"), ("from", "2026-12-07")]).status == .forbidden)
            #expect(try await agent.postJSON("/api/requests", ["person_id": "P0005", "kind": "leave", "from": "2026-12-07"]).status == .forbidden)
            #expect(try await agent.post("/swaps", form: [("requester", "P0005"), ("colleague", "P0006"), ("date", "2026-12-03")]).status == .forbidden)
            #expect(try await agent.get("/api/requests?person=P0005", accept: "application/json").status == .forbidden)
            #expect(try StoreSnapshot(f.env.store) == before)
            // HR's kinds are not self-service.
            let protected = try await agent.post("/requests", form: [("kind", "protected"), ("from", "nursing")])
            #expect(protected.status == .badRequest && protected.text.contains("kind"))

            // Own requests: filed, but not approved by the agent.
            let leave = try await agent.postJSON("/api/requests", ["kind": "leave", "from": "2026-12-07"])
            #expect(leave.status == .created)
            let leaveId = try #require((leave.json["request"] as? [String: Any])?["id"] as? Int)
            #expect(try await agent.post("/requests/\(leaveId)/approve", form: []).status == .forbidden)
            let wish = try await agent.postJSON("/api/requests", ["kind": "shift_off", "from": "2026-12-05", "shift": "night"])
            let wishId = try #require((wish.json["request"] as? [String: Any])?["id"] as? Int)

            var other = WebClient(client: c.client)
            try await other.signIn("agent5")
            #expect(try await other.post("/requests/\(leaveId)/withdraw", form: []).status == .forbidden)
            #expect(Self.rows(try await other.get("/api/requests", accept: "application/json"), "requests").isEmpty)

            var hr = WebClient(client: c.client)
            try await hr.signIn("hr1")
            #expect(try await hr.get("/requests").status == .ok)
            #expect(try await hr.post("/requests/\(wishId)/approve", form: []).status == .forbidden)
            #expect(try await hr.post("/requests/\(leaveId)/approve", form: [("reason", "年假余额足")]).status == .seeOther)
            #expect(try f.env.store.request(id: leaveId)?.decidedBy == "web:hr1")
            #expect(try await hr.post("/requests/999/approve", form: []).status == .notFound)

            var planner = WebClient(client: c.client)
            try await planner.signIn("plan1")
            #expect(try await planner.get("/requests").status == .forbidden)
            #expect(try await planner.get("/api/swaps", accept: "application/json").status == .forbidden)
        }
    }

    @Test("a swap agent4↔agent5: only agent5 accepts, then the manager approves and the draft shows the shifts exchanged")
    func swapApplied() async throws {
        let f = try await WebFixture.make()
        try Self.seedDraft(f.env.store)
        try await f.test { c in
            var a4 = c
            try await a4.signIn("agent4")
            #expect(try await a4.post("/swaps", form: [("colleague", "P0005"), ("date", "2026-12-03"), ("note", "孩子生病")]).status == .seeOther)
            let swap = try #require(try f.env.store.swaps().first)
            #expect(swap.status == .filed && swap.requesterShift == "07:00-16:00" && swap.colleagueShift == "14:00-23:00")
            #expect(swap.filedBy == "web:agent4")
            // Only the named colleague answers.
            #expect(try await a4.post("/swaps/\(swap.id)/accept", form: []).status == .forbidden)
            var mgr = WebClient(client: c.client)
            try await mgr.signIn("mgr")
            #expect(try await mgr.post("/swaps/\(swap.id)/accept", form: []).status == .forbidden)
            #expect(try await mgr.post("/swaps/\(swap.id)/approve", form: []).status == .conflict)   // not yet accepted

            var a5 = WebClient(client: c.client)
            try await a5.signIn("agent5")
            let page = try await a5.get("/requests")
            #expect(page.text.contains("/swaps/\(swap.id)/accept") && page.text.contains("/swaps/\(swap.id)/decline"))
            #expect(!(try await a4.get("/requests")).text.contains("/swaps/\(swap.id)/accept"))
            #expect(try await a5.post("/swaps/\(swap.id)/accept", form: [("reason", "可以")]).status == .seeOther)
            #expect(try await a5.post("/swaps/\(swap.id)/approve", form: []).status == .forbidden)

            let approved = try await mgr.postJSON("/api/swaps/\(swap.id)/approve", ["reason": "同意"])
            #expect(approved.status == .ok)
            #expect((approved.json["swap"] as? [String: Any])?["status"] as? String == "approved")
            let draft = try #require(try f.env.store.draft(weekStart: Self.week))
            let thursday = draft.shifts.filter { $0.date == day("2026-12-03") }
            #expect(thursday.first { $0.personId == "P0004" }?.start == LocalDateTime(date: day("2026-12-03"), hour: 14))
            #expect(thursday.first { $0.personId == "P0005" }?.start == LocalDateTime(date: day("2026-12-03"), hour: 7))
            #expect(draft.revision == 2)
            let done = try #require(try f.env.store.swap(id: swap.id))
            #expect(done.answeredBy == "web:agent5" && done.answerReason == "可以" && done.decidedBy == "web:mgr" && done.draftRevision == 2)
            let log = try f.env.store.auditLog()
            #expect(log.contains { $0.actor == "web:agent5" && $0.action == "accept" && $0.entity == "swap" })
            #expect(log.contains { $0.actor == "web:mgr" && $0.action == "approve" && $0.entity == "swap" })
            #expect(log.contains { $0.actor == "web:mgr" && $0.entity == "draft" && $0.action == "swap" })
            // Closed swaps are shown with who/when/why; an approved swap is final.
            let closed = try await a4.get("/requests?lang=en")
            #expect(closed.text.contains("swap-\(swap.id)") && closed.text.contains("web:mgr") && closed.text.contains("同意"))
            #expect(try await a4.post("/swaps/\(swap.id)/withdraw", form: []).status == .conflict)
            let listed = Self.rows(try await a5.get("/api/swaps", accept: "application/json"), "swaps")
            #expect(listed.count == 1)
        }
    }

    @Test("a swap that breaks min-rest is refused with the rule named and nothing saved; a week without a draft says so")
    func swapRefused() async throws {
        let f = try await WebFixture.make()
        try Self.seedDraft(f.env.store)
        try await f.test { c in
            var a4 = c
            try await a4.signIn("agent4")
            var a5 = WebClient(client: c.client)
            try await a5.signIn("agent5")
            var mgr = WebClient(client: c.client)
            try await mgr.signIn("mgr")
            _ = try await a4.post("/swaps", form: [("colleague", "P0005"), ("date", "2026-12-01")])
            _ = try await a4.post("/swaps", form: [("colleague", "P0005"), ("date", "2027-01-05")])
            let ids = try f.env.store.swaps().map(\.id)
            try #require(ids.count == 2)
            for id in ids { #expect(try await a5.post("/swaps/\(id)/accept", form: []).status == .seeOther) }

            let before = try StoreSnapshot(f.env.store)
            let refused = try await mgr.postJSON("/api/swaps/\(ids[0])/approve", [:])
            #expect(refused.status == .unprocessableContent)
            let message = (refused.json["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("min-rest") && message.contains("P0004"))
            let page = try await mgr.post("/swaps/\(ids[0])/approve", form: [])
            #expect(page.status == .unprocessableContent && page.text.contains("min-rest"))
            #expect(try StoreSnapshot(f.env.store) == before)

            let noDraft = try await mgr.post("/swaps/\(ids[1])/approve", form: [])
            #expect(noDraft.status == .conflict && noDraft.text.contains("2027-01-04") && noDraft.text.contains("no draft"))
            #expect(try StoreSnapshot(f.env.store) == before)
            // The manager rejects instead: only with a reason.
            #expect(try await mgr.post("/swaps/\(ids[0])/reject", form: []).status == .badRequest)
            #expect(try StoreSnapshot(f.env.store) == before)
            #expect(try await mgr.post("/swaps/\(ids[0])/reject", form: [("reason", "休息不足 11 小时")]).status == .seeOther)
            #expect(try f.env.store.swap(id: ids[0])?.status == .rejected)
        }
    }

    @Test("bad input → 400 naming the field and nothing saved; a script in a note is shown escaped")
    func badInput() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var a4 = c
            try await a4.signIn("agent4")
            let before = try StoreSnapshot(f.env.store)
            let cases: [(String, [(String, String)], String)] = [
                ("/requests", [("kind", "leave"), ("from", "2026-13-01")], "from"),
                ("/requests", [("kind", "leave"), ("from", "2026-12-08"), ("to", "2026-12-07")], "to"),
                ("/requests", [("kind", "holiday"), ("from", "2026-12-08")], "kind"),
                ("/requests", [("kind", "shift_on"), ("from", "2026-12-08"), ("shift", "lunch")], "shift"),
                ("/requests", [("kind", "leave"), ("from", "2026-12-08"), ("note", String(repeating: "长", count: 501))], "note"),
                ("/swaps", [("colleague", "P0005"), ("date", "tomorrow")], "date"),
                ("/swaps", [("colleague", "P9999"), ("date", "2026-12-03")], "colleague"),
                ("/swaps", [("colleague", "P0004"), ("date", "2026-12-03")], "colleague"),
                ("/swaps", [("colleague", ""), ("date", "2026-12-03")], "colleague"),
            ]
            for (path, form, field) in cases {
                let page = try await a4.post(path, form: form)
                #expect(page.status == .badRequest, "\(path) \(form)")
                let api = try await a4.postJSON("/api" + path, Dictionary(form, uniquingKeysWith: { a, _ in a }))
                let message = (api.json["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(api.status == .badRequest && message.hasPrefix("field '\(field)'"), "\(path) \(form): \(message)")
            }
            #expect(try await a4.get("/requests?week=someday").status == .badRequest)
            let status = try await a4.get("/api/requests?status=lost", accept: "application/json")
            #expect(status.status == .badRequest && status.text.contains("field 'status'"))
            #expect(try await a4.post("/swaps/abc/accept", form: []).status == .badRequest)
            #expect(try StoreSnapshot(f.env.store) == before)

            let script = "<script>alert('x')</script>"
            #expect(try await a4.post("/requests", form: [("kind", "leave"), ("from", "2026-12-08"), ("note", script)]).status == .seeOther)
            var mgr = WebClient(client: c.client)
            try await mgr.signIn("mgr")
            let page = try await mgr.get("/requests")
            #expect(!page.text.contains(script))
            #expect(page.text.contains("&lt;script&gt;"))
        }
    }

    @Test("the page renders in Chinese and in English")
    func languages() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var a4 = c
            try await a4.signIn("agent4")
            let zh = try await a4.get("/requests")
            #expect(zh.status == .ok && zh.text.contains("提交申请") && zh.text.contains("申请换班") && zh.text.contains("P0005"))
            let en = try await a4.get("/requests?lang=en")
            #expect(en.status == .ok && en.text.contains("File a request") && en.text.contains("Ask a colleague to swap"))
            #expect(!en.text.contains("requests_"))   // no key without its text
            var mgr = WebClient(client: c.client)
            try await mgr.signIn("mgr")
            let filter = try await mgr.get("/requests?lang=en&status=filed&week=2026-12-02")
            #expect(filter.status == .ok && filter.text.contains("value=\"2026-11-30\""))
        }
    }
}
