import Foundation
import HotlineCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import RosterStore
@testable import RosterWeb
import Testing
import TestSupport
import Workflows

@Suite("Web: planner pages")
struct PlannerPageTests {
    @Test("the planner lists the stored scenarios and their multipliers form, in Chinese and English")
    func listAndForm() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            try await c.signIn("plan1")
            let zh = try await c.get("/planner?lang=zh")
            #expect(zh.status == .ok)
            for id in ["national-day-2026", "policy-announcement-2026", "spring-festival-2026", "typhoon-emergency-2026"] {
                #expect(zh.text.contains("data-scenario=\"\(id)\""), "\(id)")
            }
            #expect(zh.text.contains("国庆节 2026"))
            #expect(zh.text.contains("×1.15"))
            #expect(zh.text.contains("运行结果只保存在服务器内存中"))
            let en = try await c.get("/planner?lang=en")
            #expect(en.text.contains("memory only (by run id)"))
            let form = try await c.get("/planner/scenarios/spring-festival-2026")
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"event_0_multiplier\" value=\"1.15\""))
            #expect(form.text.contains("name=\"absence_share\""))
            #expect(try await c.get("/planner/scenarios/..%2F..%2Fetc%2Fpasswd").status == .badRequest)
            let api = try await c.get("/api/planner/scenarios", accept: "application/json")
            #expect(api.text.contains("\"id\":\"typhoon-emergency-2026\""))
        }
    }

    @Test("bad multipliers (negative, text), a bad share or week count, an unknown scenario: 400 naming the field")
    func badMultipliers() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            try await c.signIn("plan1")
            for (field, value) in [("event_0_multiplier", "-1.2"), ("event_1_multiplier", "lots"), ("absence_share", "0.9"), ("weeks", "9")] {
                let r = try await c.post("/planner/runs", form: [("scenario", "spring-festival-2026"), (field, value)])
                #expect(r.status == .badRequest, "\(field)")
                #expect(r.text.contains("field &#39;\(field)&#39;") || r.text.contains("field '\(field)'"), "\(field)")
            }
            let api = try await c.postJSON("/api/planner/runs", ["scenario": "spring-festival-2026", "event_0_multiplier": -3])
            #expect(api.status == .badRequest)
            #expect(((api.json["error"] as? [String: Any])?["message"] as? String ?? "").hasPrefix("field 'event_0_multiplier'"))
            let unknown = try await c.post("/planner/runs", form: [("scenario", "no-such-scenario")])
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("scenario"))
            let compare = try await c.get("/planner/compare?runs=only-one")
            #expect(compare.status == .badRequest)
            #expect(compare.text.contains("runs"))
        }
    }

    @Test("two reduced runs (one week of the spring festival scenario, as filed and with a higher multiplier) finish as jobs and compare side by side")
    func runAndCompare() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            try await c.signIn("plan1")
            // Both jobs start at once (the job queue runs them on their own threads).
            var jobs: [String] = []
            for extra in [[], [("event_0_multiplier", "1.6"), ("event_1_multiplier", "1.6")]] as [[(String, String)]] {
                let start = try await c.post("/planner/runs", form: [("scenario", "spring-festival-2026"), ("weeks", "1")] + extra)
                #expect(start.status == .seeOther)
                let location = start.headers[.location] ?? ""
                #expect(location.hasPrefix("/jobs/"))
                jobs.append(String(location.dropFirst("/jobs/".count)))
            }
            var runIds: [String] = []
            for jobId in jobs {
                let job = try #require(await f.env.jobs.wait(jobId, timeout: .seconds(300)))
                #expect(job.state == .done, "\(job.error ?? "")")
                #expect(job.progress.contains { $0.hasPrefix("baseline:") })
                let path = try #require(job.resultPath)
                #expect(path.hasPrefix("/planner/runs/"))
                runIds.append(String(path.dropFirst("/planner/runs/".count)))
                let done = try await c.get("/jobs/\(jobId)")
                #expect(done.status == .seeOther)
                let page = try await c.get(path)
                #expect(page.status == .ok)
                #expect(page.text.contains("<svg"))
                #expect(page.text.contains("所需坐席工时"))
            }
            let runs = runIds
            try #require(runs.count == 2 && runs[0] != runs[1])
            let compare = try await c.get("/planner/compare?runs=\(runs[0])&runs=\(runs[1])&lang=en")
            #expect(compare.status == .ok)
            #expect(compare.text.contains("data-run=\"\(runs[0])\"") && compare.text.contains("data-run=\"\(runs[1])\""))
            #expect(compare.text.contains("class=\"chart\""))
            #expect(compare.text.contains("event[0] ×1.6"))
            let api = try await c.get("/api/planner/compare?runs=\(runs[0]),\(runs[1])", accept: "application/json")
            let list = try #require(try JSONSerialization.jsonObject(with: Data(buffer: api.body)) as? [[String: Any]])
            #expect(list.count == 2)
            let required = list.map { (($0["scenario"] as? [String: Any])?["requiredAgentHours"] as? Int) ?? -1 }
            #expect(required[0] > 0)
            #expect(required[1] > required[0])   // more calls need more agent-hours
            for r in list { #expect((r["weeks"] as? Int) == 1) }
            // The figures on the page are the API's.
            #expect(compare.text.contains("<td>\(required[0])</td>") && compare.text.contains("<td>\(required[1])</td>"))
            let zh = try await c.get("/planner/compare?runs=\(runs[0]),\(runs[1])&lang=zh")
            #expect(zh.text.contains("运行比较"))
            // A manager sees the kept runs too.
            var mgr = WebClient(client: c.client)
            try await mgr.signIn("mgr")
            #expect(try await mgr.get("/planner/runs/\(runs[0])").status == .ok)
        }
    }
}
