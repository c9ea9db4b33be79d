import Foundation
import HotlineCore
import Testing
@testable import RosterStore

@Suite("Requests in the store")
struct RequestsTests {
    static func store() throws -> RosterStore {
        let s = try RosterStore.inMemory(actor: "hr-clerk")
        _ = try s.importPeople(["A1", "A2", "A3"].map { Person(id: $0, name: "姓名\($0)", role: .agent, hiredOn: Fixtures.date("2025-01-01")) })
        return s
    }

    static let leave = StaffRequest.Payload.leave(firstDay: Fixtures.date("2026-12-01"), lastDay: Fixtures.date("2026-12-03"), leaveKind: "annual")

    static let payloads: [StaffRequest.Payload] = [
        leave,
        .dayOff(weekday: 7, validity: DateValidity(from: Fixtures.date("2026-12-01"))),
        .shiftOn(date: Fixtures.date("2026-12-02"), shift: .early, weight: 2),
        .shiftOff(date: Fixtures.date("2026-12-04"), shift: .any, weight: 1.5),
        .training(start: Fixtures.time("2026-12-02T09:00"), end: Fixtures.time("2026-12-02T12:00")),
        .protected(status: .nursing, validity: DateValidity(until: Fixtures.date("2027-03-31"))),
        .protected(status: nil, validity: .always),
        .unavailable(weekdays: [6, 7], fromMinute: 18 * 60, toMinute: 22 * 60, validity: .always),
        .unavailable(weekdays: [1, 2, 3, 4, 5], fromMinute: 22 * 60, toMinute: 6 * 60,
                     validity: DateValidity(from: Fixtures.date("2026-12-01"), until: Fixtures.date("2026-12-31"))),
    ]

    @Test("Every kind of payload is stored and read back as it was filed")
    func roundTrip() throws {
        let s = try Self.store()
        for p in Self.payloads {
            let id = try s.fileRequest(StaffRequest(personId: "A1", payload: p, note: "n", source: "cli"), by: "clerk")
            let r = try #require(try s.request(id: id))
            #expect(r.payload == p)
            #expect(r.status == .pending && r.personId == "A1" && r.note == "n" && r.source == "cli")
            #expect(r.filedBy == "clerk" && r.filedAt != nil && r.decidedAt == nil && r.decidedBy == nil)
        }
        #expect(try s.requests().count == Self.payloads.count)
    }

    /// Brings a new request of A1 into `status` through allowed steps; returns its id.
    static func request(in status: RequestStatus, _ s: RosterStore, payload: StaffRequest.Payload = leave) throws -> Int {
        let id = try s.fileRequest(StaffRequest(personId: "A1", payload: payload))
        switch status {
        case .pending: break
        case .approved: try s.decideRequest(id: id, status: .approved, by: "manager")
        case .rejected: try s.decideRequest(id: id, status: .rejected, by: "manager", reason: "too many off that week")
        case .withdrawn: try s.decideRequest(id: id, status: .withdrawn, by: "A1")
        }
        return id
    }

    @Test("State machine: only pending → approved/rejected, pending or approved → withdrawn; everything else refused",
          arguments: RequestStatus.allCases, RequestStatus.allCases)
    func transitions(from: RequestStatus, to: RequestStatus) throws {
        let s = try Self.store()
        let id = try Self.request(in: from, s)
        let allowed: Bool = switch (from, to) {
        case (.pending, .approved), (.pending, .rejected), (.pending, .withdrawn), (.approved, .withdrawn): true
        default: false
        }
        let before = try s.check().tables
        if allowed {
            let r = try s.decideRequest(id: id, status: to, by: "manager", reason: "ok")
            #expect(r.status == to && r.decidedBy == "manager" && r.decisionReason == "ok" && r.decidedAt != nil)
            #expect(try s.request(id: id)?.status == to)
        } else {
            let error = #expect(throws: RequestTransitionError.self) {
                try s.decideRequest(id: id, status: to, by: "manager", reason: "ok")
            }
            #expect(error == RequestTransitionError(requestId: id, status: from, requested: to))
            let text = error?.description ?? ""
            #expect(text.contains("request #\(id)") && text.contains("is \(from.rawValue)") && text.contains(to.rawValue))
            #expect(text.contains(from == .pending ? "approved, rejected or withdrawn" : from == .approved ? "only be withdrawn" : "final"))
            #expect(try s.request(id: id)?.status == from)
            #expect(try s.check().tables == before)
        }
    }

    @Test("When the one deciding is a person in the store, their role and the request's owner are checked")
    func authority() throws {
        let s = try Self.store()
        _ = try s.importPeople([Person(id: "M1", name: "经理", role: .manager, hiredOn: Fixtures.date("2020-01-01")),
                                Person(id: "S1", name: "班长", role: .supervisor, hiredOn: Fixtures.date("2020-01-01"))])
        let id = try s.fileRequest(StaffRequest(personId: "A1", payload: Self.leave), by: "A1")
        // Another agent may neither file for A1, nor decide or withdraw A1's request.
        #expect(throws: RosterStoreError.self) { try s.fileRequest(StaffRequest(personId: "A1", payload: Self.leave), by: "A2") }
        #expect(throws: RosterStoreError.self) { try s.decideRequest(id: id, status: .approved, by: "A2") }
        #expect(throws: RosterStoreError.self) { try s.decideRequest(id: id, status: .withdrawn, by: "A2") }
        // Nobody approves their own request or files it approved.
        #expect(throws: RosterStoreError.self) { try s.decideRequest(id: id, status: .approved, by: "A1") }
        #expect(throws: RosterStoreError.self) {
            try s.fileRequest(StaffRequest(personId: "A1", payload: .dayOff(weekday: 1, validity: .always), status: .approved), by: "A1")
        }
        let own = try s.fileRequest(StaffRequest(personId: "M1", payload: Self.leave), by: "M1")
        #expect(throws: RosterStoreError.self) { try s.decideRequest(id: own, status: .approved, by: "M1") }
        #expect(try s.request(id: id)?.status == .pending)
        // A supervisor approves, a manager files for someone else (approved), the person withdraws.
        #expect(try s.decideRequest(id: own, status: .approved, by: "S1").decidedBy == "S1")
        let filed = try s.fileRequest(StaffRequest(personId: "A2", payload: Self.leave, status: .approved), by: "M1")
        #expect(try s.request(id: filed)?.status == .approved)
        try s.decideRequest(id: id, status: .approved, by: "M1")
        #expect(try s.decideRequest(id: id, status: .withdrawn, by: "A1").status == .withdrawn)
        #expect(try s.decideRequest(id: filed, status: .withdrawn, by: "S1").status == .withdrawn)
    }

    @Test("A rejection needs a reason; an unknown id is named")
    func rejectionAndUnknown() throws {
        let s = try Self.store()
        let id = try Self.request(in: .pending, s)
        #expect(throws: RosterStoreError.invalid("rejecting request #\(id) needs a reason")) {
            try s.decideRequest(id: id, status: .rejected, by: "m", reason: "  ")
        }
        #expect(try s.request(id: id)?.status == .pending)
        let unknown = #expect(throws: RosterStoreError.self) { try s.decideRequest(id: 999, status: .approved) }
        #expect("\(unknown.map { "\($0)" } ?? "")".contains("no request #999"))
        // Decided by the store's actor when nobody is named.
        #expect(try s.decideRequest(id: id, status: .approved).decidedBy == "hr-clerk")
    }

    @Test("Approving leave records it in HR's leave table (linked); withdrawing it removes that row")
    func leaveLink() throws {
        let s = try Self.store()
        let id = try Self.request(in: .pending, s)
        #expect(try s.onLeave(on: Fixtures.date("2026-12-02")).isEmpty)
        let approved = try s.decideRequest(id: id, status: .approved, by: "manager")
        let leaveId = try #require(approved.leaveId)
        #expect(try s.onLeave(on: Fixtures.date("2026-12-02")) == ["A1"])
        #expect(try s.leaveRecords(from: Fixtures.date("2026-11-30"), through: Fixtures.date("2026-12-06"))
            == [LeaveRecord(personId: "A1", kind: "annual", firstDay: Fixtures.date("2026-12-01"), lastDay: Fixtures.date("2026-12-03"))])
        // HR's own leave row stays when the request is withdrawn.
        try s.addLeave(personId: "A2", kind: "sick", firstDay: Fixtures.date("2026-12-02"), lastDay: Fixtures.date("2026-12-02"))
        let withdrawn = try s.decideRequest(id: id, status: .withdrawn, by: "A1")
        #expect(withdrawn.leaveId == nil && withdrawn.status == .withdrawn)
        #expect(try s.onLeave(on: Fixtures.date("2026-12-02")) == ["A2"])
        #expect(try s.check().tables["leave"] == 1)
        let log = try s.auditLog()
        #expect(log.contains { $0.entity == "leave" && $0.action == "insert" && $0.entityId == String(leaveId) })
        #expect(log.contains { $0.entity == "leave" && $0.action == "delete" && $0.entityId == String(leaveId) })
        // A rejected or pending leave never reaches the leave table; withdrawing a pending one touches nothing.
        let other = try Self.request(in: .pending, s)
        try s.decideRequest(id: other, status: .withdrawn, by: "A1")
        #expect(try s.check().tables["leave"] == 1)
        // Leave filed already approved (HR files a decided request) is recorded at once.
        let filed = try s.fileRequest(StaffRequest(personId: "A3", payload: Self.leave, status: .approved), by: "hr")
        #expect(try s.request(id: filed)?.leaveId != nil && s.request(id: filed)?.decidedBy == "hr")
        #expect(try s.onLeave(on: Fixtures.date("2026-12-03")) == ["A3"])
    }

    @Test("Every change is audited, without notes, reasons or protected status")
    func audit() throws {
        let s = try Self.store()
        let a = try s.fileRequest(StaffRequest(personId: "A1", payload: .protected(status: .pregnant, validity: .always),
                                               note: "孕检报告 private note"), by: "clerk")
        let b = try s.fileRequest(StaffRequest(personId: "A2", payload: Self.leave, note: "家里有事"))
        try s.decideRequest(id: a, status: .approved, by: "manager", reason: "医生证明 doctor letter")
        try s.decideRequest(id: b, status: .rejected, by: "manager", reason: "peak week 高峰")
        try s.decideRequest(id: a, status: .withdrawn, by: "A1")
        let log = try s.auditLog().filter { $0.entity == "request" }
        #expect(log.map(\.action) == ["file", "file", "approve", "reject", "withdraw"])
        #expect(log.map(\.entityId) == [a, b, a, b, a].map(String.init))
        #expect(log[0].actor == "hr-clerk")
        #expect(log[2].detail.contains("pending->approved") && log[4].detail.contains("approved->withdrawn"))
        for e in try s.auditLog() {
            for secret in ["孕检", "private", "家里", "医生", "doctor", "peak", "高峰", "pregnant", "姓名"] {
                #expect(!e.detail.contains(secret), "audit detail '\(e.detail)' leaks '\(secret)'")
            }
        }
    }

    @Test("Filing many is all or nothing; identical open requests are not filed twice")
    func fileMany() throws {
        let s = try Self.store()
        let good = Self.payloads.map { StaffRequest(personId: "A2", payload: $0) }
        let before = try s.check().tables
        #expect(throws: RosterStoreError.self) {
            try s.fileRequests(good + [StaffRequest(personId: "NOBODY", payload: Self.leave)], source: "x.csv")
        }
        #expect(throws: RosterStoreError.self) {
            try s.fileRequests(good + [StaffRequest(personId: "A2", payload: .shiftOn(date: Fixtures.date("2026-12-01"), shift: .any, weight: 0))],
                               source: "x.csv")
        }
        #expect(throws: RosterStoreError.self) {
            try s.fileRequests([StaffRequest(personId: "A2", payload: Self.leave, status: .rejected)], source: "x.csv")
        }
        #expect(try s.check().tables == before)

        let first = try s.fileRequests(good + [good[0]], source: "x.csv")
        #expect(first.filed.count == good.count && first.duplicates == [first.filed[0]])
        let again = try s.fileRequests(good, source: "x.csv")
        #expect(again.filed.isEmpty && again.duplicates == first.filed)
        #expect(try s.requests().allSatisfy { $0.source == "x.csv" })
        // Another person's identical request is theirs; a closed request does not block filing anew.
        #expect(try s.fileRequests([StaffRequest(personId: "A3", payload: Self.leave)], source: "cli").filed.count == 1)
        try s.decideRequest(id: first.filed[0], status: .rejected, reason: "no")
        let refiled = try s.fileRequest(StaffRequest(personId: "A2", payload: Self.leave))
        #expect(try refiled != first.filed[0] && s.request(id: refiled)?.status == .pending)
    }

    @Test("Invalid payloads are refused with what is wrong")
    func invalid() throws {
        let s = try Self.store()
        let bad: [StaffRequest.Payload] = [
            .leave(firstDay: Fixtures.date("2026-12-03"), lastDay: Fixtures.date("2026-12-01"), leaveKind: "annual"),
            .dayOff(weekday: 8, validity: .always),
            .dayOff(weekday: 1, validity: DateValidity(from: Fixtures.date("2026-12-03"), until: Fixtures.date("2026-12-01"))),
            .shiftOff(date: Fixtures.date("2026-12-01"), shift: .late, weight: -1),
            .shiftOff(date: Fixtures.date("2026-12-01"), shift: .late, weight: .infinity),
            .training(start: Fixtures.time("2026-12-02T12:00"), end: Fixtures.time("2026-12-02T09:00")),
            .protected(status: .workInjury, validity: .always),
            .unavailable(weekdays: [], fromMinute: 0, toMinute: 1440, validity: .always),
            .unavailable(weekdays: [0], fromMinute: 0, toMinute: 1440, validity: .always),
            .unavailable(weekdays: [1], fromMinute: 600, toMinute: 600, validity: .always),
            .unavailable(weekdays: [1], fromMinute: 1440, toMinute: 60, validity: .always),
        ]
        for p in bad {
            #expect(throws: RosterStoreError.self, "\(p)") { try s.fileRequest(StaffRequest(personId: "A1", payload: p)) }
        }
        #expect(try s.requests().isEmpty)
    }

    @Test("Listing filters by person, status and the days a request touches")
    func listing() throws {
        let s = try Self.store()
        for p in Self.payloads { try s.fileRequest(StaffRequest(personId: "A1", payload: p)) }
        try s.fileRequest(StaffRequest(personId: "A2", payload: .shiftOn(date: Fixtures.date("2026-12-20"), shift: .night, weight: 1)))
        let approved = try s.fileRequest(StaffRequest(personId: "A2", payload: Self.leave))
        try s.decideRequest(id: approved, status: .approved)
        #expect(try s.requests(personId: "A2").count == 2)
        #expect(try s.requests(status: .approved).map(\.id) == [approved])
        #expect(try s.requests(personId: "A2", status: .pending).count == 1)
        let dec = Fixtures.date("2026-12-14")...Fixtures.date("2026-12-20")
        // Open-ended and still valid ones, plus A2's wish of the 20th.
        #expect(Set(try s.requests(overlapping: dec).map(\.kind)) == [.dayOff, .protected, .unavailable, .shiftOn])
        // A validity that ended, or one not begun, keeps a request out.
        let jan = Fixtures.date("2027-01-04")...Fixtures.date("2027-01-10")
        #expect(try s.requests(overlapping: jan).filter { $0.kind == .unavailable }.count == 1)
        let nov = Fixtures.date("2026-11-23")...Fixtures.date("2026-11-29")
        #expect(try s.requests(overlapping: nov).map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.protected, .protected, .unavailable])
    }
}
