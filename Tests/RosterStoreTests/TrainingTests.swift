import Foundation
import HotlineCore
import Testing
@testable import RosterStore

@Suite("Training")
struct TrainingTests {
    static func d(_ s: String) -> CivilDate { CivilDate.parse(s)! }

    static func store() throws -> RosterStore {
        let s = try RosterStore.inMemory()
        _ = try s.importPeople(["T1", "T2", "T3"].map { Person(id: $0, name: $0, role: .agent, hiredOn: d("2026-01-01")) })
        let courses = "course_id,name,stage,topic,hours\nPJ-P,流程,pre_job,process,16\nPJ-L,政策,pre_job,policy,16\nPJ-C,沟通,pre_job,communication,8\nPJ-S,保密,pre_job,confidentiality,4\nOJ-1,政策更新,on_job,policy,2\n"
        try s.importTrainingCourses(fromCSV: try Fixtures.write(courses, name: "courses.csv"))
        return s
    }

    @Test("Phone duty needs every pre-job topic passed on or before the day")
    func gate() throws {
        let s = try Self.store()
        let records = """
            person_id,course_id,date,hours,passed
            T1,PJ-P,2026-01-05,,true
            T1,PJ-L,2026-01-06,,true
            T1,PJ-C,2026-01-07,,true
            T1,PJ-S,2026-01-08,,true
            T2,PJ-P,2026-01-05,,true
            T2,PJ-L,2026-01-06,,true
            T2,PJ-C,2026-01-07,,true
            T2,PJ-S,2026-01-08,,false
            T3,OJ-1,2026-01-05,,true
            """
        try s.importTrainingRecords(fromCSV: try Fixtures.write(records + "\n", name: "records.csv"))
        #expect(try s.phoneQualified(on: Self.d("2026-01-07")) == [])
        #expect(try s.phoneQualified(on: Self.d("2026-01-08")) == ["T1"])
        #expect(try s.missingPreJobTopics(personId: "T2", on: Self.d("2026-02-01")) == [.confidentiality])
        #expect(try s.missingPreJobTopics(personId: "T3", on: Self.d("2026-02-01")) == TrainingTopic.allCases)
        // A retake passed later qualifies T2 from that day.
        try s.importTrainingRecords([TrainingRecord(personId: "T2", courseId: "PJ-S", date: Self.d("2026-01-12"), hours: 4, passed: true)])
        #expect(try s.phoneQualified(on: Self.d("2026-01-12")) == ["T1", "T2"])
    }

    @Test("On-job hours per person per month")
    func hours() throws {
        let s = try Self.store()
        try s.importTrainingRecords([
            TrainingRecord(personId: "T1", courseId: "OJ-1", date: Self.d("2026-03-02"), hours: 2, passed: true),
            TrainingRecord(personId: "T1", courseId: "OJ-1", date: Self.d("2026-03-20"), hours: 1.5, passed: true),
            TrainingRecord(personId: "T1", courseId: "OJ-1", date: Self.d("2026-04-01"), hours: 2, passed: true),
            TrainingRecord(personId: "T2", courseId: "PJ-P", date: Self.d("2026-03-02"), hours: 16, passed: true),
        ])
        #expect(try s.onJobTrainingHours(from: Self.d("2026-03-01"), through: Self.d("2026-03-31")) == ["T1": 3.5])
    }

    @Test("Training files are all or nothing with every bad line listed")
    func badFiles() throws {
        let s = try Self.store()
        let bad = "person_id,course_id,date,hours,passed\nT1,PJ-P,2026-01-05,,true\nX9,PJ-P,2026-01-05,,true\nT1,NOPE,2026-01-05,,true\nT1,PJ-P,2026-01-05,-1,true\nT1,PJ-P,2026-01-05,,perhaps\n"
        do {
            try s.importTrainingRecords(fromCSV: try Fixtures.write(bad, name: "r.csv"))
            Issue.record("expected a rejection")
        } catch let e as ImportRejected {
            #expect(e.errors.map(\.line) == [3, 4, 5, 6])
            #expect(e.errors.map(\.field) == ["person_id", "course_id", "hours", "passed"])
        }
        #expect(try s.phoneQualified(on: Self.d("2027-01-01")).isEmpty)
        let badCourses = "course_id,name,stage,topic,hours\nX,x,pre_job,process,4\nX,y,on_job,policy,2\nY,y,during,policy,2\nZ,z,on_job,gossip,2\n"
        do {
            try s.importTrainingCourses(fromCSV: try Fixtures.write(badCourses, name: "c.csv"))
            Issue.record("expected a rejection")
        } catch let e as ImportRejected {
            #expect(e.errors.map(\.field) == ["course_id", "stage", "topic"])
        }
    }

    @Test("Sessions go into the quietest daytime hours of a plan, without overlapping")
    func booking() throws {
        let monday = LocalDateTime(date: Self.d("2026-12-07"))
        // Synthetic requirements: busy mornings, quiet 14:00–16:00 on Tuesday, quiet nights (excluded).
        let reqs = (0..<(7 * 24)).map { h -> Requirement in
            let t = monday.adding(hours: h)
            var agents = t.hour < 7 ? 2 : (t.hour < 12 ? 40 : 25)
            if t.date == Self.d("2026-12-08") && (14..<16).contains(t.hour) { agents = 5 }
            if t.date == Self.d("2026-12-10") && t.hour == 17 { agents = 6 }
            return Requirement(start: t, calls: Double(agents) * 10, agents: agents)
        }
        let slots = TrainingBooking.quietestWindows(reqs, hours: 2, count: 2)
        #expect(slots.map(\.start) == [LocalDateTime.parse("2026-12-08T14:00")!, LocalDateTime.parse("2026-12-10T16:00")!])
        #expect(slots.map(\.requiredAgents) == [10, 31])   // 16:00 and 17:00 tie at 31: the earlier wins
        let s = try Self.store()
        try s.bookTrainingSessions(courseId: "OJ-1", slots)
        #expect(try s.trainingSessions().count == 2)
        #expect(throws: RosterStoreError.self) { try s.bookTrainingSessions(courseId: "NOPE", slots) }
    }
}
