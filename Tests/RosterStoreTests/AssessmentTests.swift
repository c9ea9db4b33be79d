import Foundation
import HotlineCore
import Testing
@testable import RosterStore

/// A small deterministic generator (SplitMix64) so synthetic data is the same on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Synthetic (made-up) attendance of a 91-person center for November 2026 and the days around it,
/// with every interval known, so the assessment can be checked against an independent sum.
struct SyntheticMonth {
    static let month = YearMonth(year: 2026, month: 11)!
    var people: [Person] = []
    var events: [AttendanceEvent] = []
    var shifts: [ShiftAssignment] = []
    /// Expected seconds inside November, computed here by direct clipping (not by the store's code).
    var onDuty: [String: Int] = [:]
    var online: [String: Int] = [:]
    var rostered: [String: Int] = [:]
    var inside: [String: Int] = [:]
    /// Events that must be reported as anomalies (inside November).
    var expectedAnomalies = 0
    static let openLogin = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 20)!, hour: 23, minute: 59, second: 59)

    static func clip(_ s: Int, _ e: Int) -> Int {
        let lo = LocalDateTime(date: month.firstDay).seconds
        let hi = LocalDateTime(date: month.lastDay.adding(days: 1)).seconds
        return max(0, min(e, hi) - max(s, lo))
    }

    static func overlap(_ a: (Int, Int), _ b: (Int, Int)) -> Int {
        let lo = LocalDateTime(date: month.firstDay).seconds
        let hi = LocalDateTime(date: month.lastDay.adding(days: 1)).seconds
        return max(0, min(a.1, b.1, hi) - max(a.0, b.0, lo))
    }

    init(seed: UInt64 = 7) {
        var rng = SeededRandom(seed: seed)
        let startHours = [0, 7, 8, 9, 15, 22]   // 22:00 and 00:00 shifts cross midnight / month ends
        let firstDay = Self.month.firstDay.adding(days: -2), lastDay = Self.month.lastDay.adding(days: 1)
        for i in 1...91 {
            let id = String(format: "H%03d", i)
            let role: Role = i <= 68 ? .agent : (i <= 80 ? .backoffice : .supervisor)
            people.append(Person(id: id, name: "员工\(i)", role: role, hiredOn: CivilDate(year: 2024, month: 1, day: 1)!))
            let hour = startHours[i % startHours.count]
            var day = firstDay
            while day <= lastDay {
                defer { day = day.adding(days: 1) }
                if (day.dayNumber + i) % 7 >= 5 { continue }   // two days off a week
                let shiftStart = LocalDateTime(date: day, hour: hour).seconds
                let shiftEnd = shiftStart + 8 * 3600
                shifts.append(ShiftAssignment(personId: id, name: "员工\(i)", role: role, date: day,
                                              start: LocalDateTime(seconds: shiftStart), end: LocalDateTime(seconds: shiftEnd), shift: "班"))
                rostered[id, default: 0] += Self.clip(shiftStart, shiftEnd)
                let absent = Int.random(in: 0..<40, using: &rng) == 0
                if absent { continue }
                let cin = shiftStart + Int.random(in: -900...600, using: &rng)
                let cout = shiftEnd + Int.random(in: -600...1800, using: &rng)
                let l1 = cin + Int.random(in: 30...600, using: &rng)
                let breakStart = shiftStart + 4 * 3600 + Int.random(in: 0...1800, using: &rng)
                let breakEnd = breakStart + Int.random(in: 900...2700, using: &rng)
                let l2 = cout - Int.random(in: 30...600, using: &rng)
                for (k, t) in [(AttendanceKind.clockIn, cin), (.clockOut, cout), (.login, l1), (.logout, breakStart),
                               (.login, breakEnd), (.logout, l2)] {
                    events.append(AttendanceEvent(personId: id, kind: k, at: LocalDateTime(seconds: t)))
                }
                onDuty[id, default: 0] += Self.clip(cin, cout)
                online[id, default: 0] += Self.clip(l1, breakStart) + Self.clip(breakEnd, l2)
                inside[id, default: 0] += Self.overlap((cin, cout), (shiftStart, shiftEnd))
            }
        }
        // Unpaired events, reported and not counted: a stray clock_out and a login never closed.
        let stray = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 14)!, hour: 3, minute: 17)
        events.append(AttendanceEvent(personId: "H002", kind: .clockOut, at: stray))   // H002 works 08:00–16:00
        // H007 (07:00–15:00) logs in late on the 20th and never again: the login is never closed.
        events.removeAll { $0.personId == "H007" && $0.at > Self.openLogin }
        events.append(AttendanceEvent(personId: "H007", kind: .login, at: Self.openLogin))
        expectedAnomalies = 2
    }
}

@Suite("Monthly assessment")
struct AssessmentTests {
    static func loaded(_ data: SyntheticMonth) throws -> RosterStore {
        let store = try RosterStore.inMemory()
        _ = try store.importPeople(data.people)
        _ = try store.importAttendance(data.events, source: "synthetic")
        var week = SyntheticMonth.month.firstDay.adding(days: -2).mondayOfWeek
        while week <= SyntheticMonth.month.lastDay.adding(days: 1) {
            let end = week.adding(days: 6)
            try store.publishRoster(weekStart: week, shifts: data.shifts.filter { $0.date >= week && $0.date <= end })
            week = week.adding(days: 7)
        }
        return store
    }

    @Test("91 people, a month of synthetic attendance: every KPI matches an independent sum to the second")
    func matchesIndependentSums() throws {
        let data = SyntheticMonth()
        let store = try Self.loaded(data)
        let a = try store.assessment(month: SyntheticMonth.month, headcountMinimum: 91)

        // H007's events after the 20th were removed: recompute its expectation from the clean pairs
        // that remain (the open login is not a pair and counts nothing).
        var expectedDuty = data.onDuty, expectedOnline = data.online, expectedInside = data.inside
        do {
            let h = data.events.filter { $0.personId == "H007" && $0.at != SyntheticMonth.openLogin }.sorted { $0.at < $1.at }
            var duty = 0, online = 0, inside = 0
            var cin: Int?, lin: Int?
            let shifts = data.shifts.filter { $0.personId == "H007" }
            for e in h {
                switch e.kind {
                case .clockIn: cin = e.at.seconds
                case .clockOut:
                    if let c = cin {
                        duty += SyntheticMonth.clip(c, e.at.seconds)
                        for s in shifts { inside += SyntheticMonth.overlap((c, e.at.seconds), (s.start.seconds, s.end.seconds)) }
                    }
                    cin = nil
                case .login: lin = e.at.seconds
                case .logout: if let l = lin { online += SyntheticMonth.clip(l, e.at.seconds) }; lin = nil
                }
            }
            expectedDuty["H007"] = duty
            expectedOnline["H007"] = online
            expectedInside["H007"] = inside
        }

        #expect(a.people.count == 91)
        #expect(a.headcount == 91)
        #expect(a.headcountMeetsMinimum == true)
        for p in a.people {
            #expect(p.onDutySeconds == expectedDuty[p.personId, default: 0], "\(p.personId) on duty")
            #expect(p.onlineSeconds == expectedOnline[p.personId, default: 0], "\(p.personId) online")
            #expect(p.rosteredSeconds == data.rostered[p.personId, default: 0], "\(p.personId) rostered")
            #expect(p.onDutyInRosterSeconds == expectedInside[p.personId, default: 0], "\(p.personId) inside roster")
        }
        let duty = expectedDuty.values.reduce(0, +), online = expectedOnline.values.reduce(0, +)
        let rostered = data.rostered.values.reduce(0, +), inside = expectedInside.values.reduce(0, +)
        #expect(a.onDutySeconds == duty)
        #expect(a.onlineSeconds == online)
        #expect(a.rosteredSeconds == rostered)
        #expect(a.onDutyInRosterSeconds == inside)
        #expect(abs(a.utilisation! - Double(online) / Double(duty)) <= 1e-12 * Double(online) / Double(duty))
        #expect(abs(a.adherence! - Double(inside) / Double(rostered)) <= 1e-12)
        // Sanity of the synthetic data: people clock in around their shift, so adherence is high but not 1.
        #expect(a.adherence! > 0.9 && a.adherence! < 1)
        #expect(a.anomalies.count == data.expectedAnomalies, "\(a.anomalies.map(\.detail))")
        #expect(Set(a.anomalies.map(\.kind)) == [.closedWithoutOpen, .neverClosed])
    }

    @Test("A night shift crossing the month's end counts its hours in each month")
    func crossesMonthEnd() throws {
        let store = try RosterStore.inMemory()
        _ = try store.importPeople([Person(id: "N1", name: "夜班", role: .agent, hiredOn: CivilDate(year: 2025, month: 1, day: 1)!)])
        let t = { (s: String) in AttendanceEvent(personId: "N1", kind: .clockIn, at: LocalDateTime.parse(s)!) }
        var events = [t("2026-10-31T22:00"), t("2026-11-30T22:00")]
        events.append(AttendanceEvent(personId: "N1", kind: .clockOut, at: LocalDateTime.parse("2026-11-01T06:30")!))
        events.append(AttendanceEvent(personId: "N1", kind: .clockOut, at: LocalDateTime.parse("2026-12-01T06:00")!))
        _ = try store.importAttendance(events, source: "t")
        let oct = try store.assessment(month: YearMonth(year: 2026, month: 10)!)
        let nov = try store.assessment(month: YearMonth(year: 2026, month: 11)!)
        let dec = try store.assessment(month: YearMonth(year: 2026, month: 12)!)
        #expect(oct.people.first?.onDutySeconds == 2 * 3600)
        #expect(nov.people.first?.onDutySeconds == 6 * 3600 + 1800 + 2 * 3600)
        #expect(dec.people.first?.onDutySeconds == 6 * 3600)
        #expect(oct.anomalies.isEmpty && nov.anomalies.isEmpty && dec.anomalies.isEmpty)
    }

    @Test("Unpaired and out-of-order events are reported, never silently dropped")
    func pairingRules() {
        func e(_ k: AttendanceKind, _ s: String) -> AttendanceEvent { AttendanceEvent(personId: "P", kind: k, at: LocalDateTime.parse(s)!) }
        // Given out of order; a double clock_in, a stray clock_out, a 20-hour pair, an open login.
        let events = [e(.clockOut, "2026-11-02T17:00"), e(.clockIn, "2026-11-02T08:00"), e(.clockIn, "2026-11-02T09:00"),
                      e(.clockOut, "2026-11-03T01:00"), e(.clockIn, "2026-11-04T08:00"), e(.clockOut, "2026-11-05T04:00"),
                      e(.login, "2026-11-06T08:00")]
        let r = AttendancePairing.pair(events)
        #expect(r.onDuty["P"] == [TimeSpan(start: LocalDateTime.parse("2026-11-02T09:00")!.seconds, end: LocalDateTime.parse("2026-11-02T17:00")!.seconds)])
        #expect(r.online["P"] == [])
        #expect(r.anomalies.map(\.kind) == [.openedTwice, .closedWithoutOpen, .tooLong, .neverClosed])
        // A clock_out and a clock_in at the same second: the out closes, the in opens.
        let back = AttendancePairing.pair([e(.clockIn, "2026-11-02T08:00"), e(.clockIn, "2026-11-02T16:00"),
                                           e(.clockOut, "2026-11-02T16:00"), e(.clockOut, "2026-11-02T20:00")])
        #expect(back.anomalies.isEmpty)
        #expect(back.onDuty["P"]?.map(\.seconds) == [8 * 3600, 4 * 3600])
    }

    @Test("Turnover: counted departures over 12 months / average daily headcount; civil-service and public-institution departures excluded")
    func turnover() throws {
        let store = try RosterStore.inMemory()
        let hired = CivilDate(year: 2025, month: 1, day: 1)!
        _ = try store.importPeople((1...20).map { Person(id: "T\($0)", name: "员工\($0)", role: .agent, hiredOn: hired) }
                                   + [Person(id: "T21", name: "新人", role: .agent, hiredOn: CivilDate(year: 2026, month: 6, day: 1)!)])
        try store.recordSeparation(personId: "T1", date: CivilDate(year: 2026, month: 3, day: 1)!, reason: .resigned)
        try store.recordSeparation(personId: "T2", date: CivilDate(year: 2026, month: 9, day: 16)!, reason: .dismissed)
        try store.recordSeparation(personId: "T3", date: CivilDate(year: 2026, month: 5, day: 1)!, reason: .civilService)
        try store.recordSeparation(personId: "T4", date: CivilDate(year: 2026, month: 7, day: 1)!, reason: .publicInstitution)
        try store.recordSeparation(personId: "T5", date: CivilDate(year: 2025, month: 11, day: 30)!, reason: .resigned)  // before the window
        let a = try store.assessment(month: YearMonth(year: 2026, month: 11)!)
        // Independent: daily headcount over 2025-12-01 … 2026-11-30.
        let leave: [String: CivilDate] = ["T1": CivilDate(year: 2026, month: 3, day: 1)!, "T2": CivilDate(year: 2026, month: 9, day: 16)!,
                                          "T3": CivilDate(year: 2026, month: 5, day: 1)!, "T4": CivilDate(year: 2026, month: 7, day: 1)!,
                                          "T5": CivilDate(year: 2025, month: 11, day: 30)!]
        var sum = 0, days = 0
        var d = CivilDate(year: 2025, month: 12, day: 1)!
        while d <= CivilDate(year: 2026, month: 11, day: 30)! {
            for i in 1...21 {
                let id = "T\(i)"
                let h = i == 21 ? CivilDate(year: 2026, month: 6, day: 1)! : hired
                if h <= d && (leave[id].map { d < $0 } ?? true) { sum += 1 }
            }
            days += 1
            d = d.adding(days: 1)
        }
        let average = Double(sum) / Double(days)
        #expect(abs(a.averageHeadcount - average) <= 1e-12 * average)
        #expect(a.turnoverDepartures == 2)
        #expect(a.turnoverExcludedDepartures == 2)
        #expect(abs(a.turnover! - 2 / average) <= 1e-12)
        #expect(a.turnoverWithinCap == true)   // 2 / ~17.4 ≈ 11.5% ≤ 15%
        #expect(a.headcount == 16)
        // One more counted departure passes the 15% cap.
        try store.recordSeparation(personId: "T6", date: CivilDate(year: 2026, month: 11, day: 2)!, reason: .resigned)
        let b = try store.assessment(month: YearMonth(year: 2026, month: 11)!)
        #expect(b.turnoverDepartures == 3)
        #expect(b.turnoverWithinCap == false)
    }

    @Test("Liable complaints, imported figures and the effective answer rate")
    func figures() throws {
        let store = try RosterStore.inMemory()
        _ = try store.importPeople([Person(id: "C1", name: "甲", role: .agent, hiredOn: CivilDate(year: 2025, month: 1, day: 1)!),
                                    Person(id: "C2", name: "乙", role: .agent, hiredOn: CivilDate(year: 2025, month: 1, day: 1)!)])
        let d = CivilDate(year: 2026, month: 11, day: 5)!
        try store.importIncidents([
            Incident(personId: "C1", date: d, kind: .complaint, verified: true, liable: true, note: "市民 13800138000 a"),
            Incident(personId: "C1", date: d, kind: .complaint, verified: true, liable: false, note: "b"),
            Incident(personId: "C1", date: d, kind: .complaint, verified: false, liable: true, note: "c"),
            Incident(personId: "C2", date: d, kind: .complaint, verified: true, liable: true, note: "d"),
            Incident(personId: "C2", date: CivilDate(year: 2026, month: 10, day: 31)!, kind: .complaint, verified: true, liable: true, note: "e"),
        ])
        let month = YearMonth(year: 2026, month: 11)!
        var a = try store.assessment(month: month)
        #expect(a.liableComplaints == 2)
        #expect(a.people.map(\.liableComplaints) == [1, 1])
        #expect(a.effectiveAnswerRate == nil && a.ticketErrorRate == nil)
        try store.setMonthlyFigures(month, MonthlyFigures(predictedAnswerRate: 0.93))
        a = try store.assessment(month: month)
        #expect(a.effectiveAnswerRate == 0.93 && a.effectiveAnswerRateSource == "plan")
        try store.setMonthlyFigures(month, MonthlyFigures(ticketErrorRate: 0.012, efficiencyIndex: 96.5, inbound: 40_000,
                                                          answeredByAgents: 36_000, answeredSelfService: 2_400))
        a = try store.assessment(month: month)
        #expect(a.effectiveAnswerRate == 38_400.0 / 40_000)
        #expect(a.effectiveAnswerRateSource == "phone_system")
        #expect(a.ticketErrorRate == 0.012 && a.efficiencyIndex == 96.5)
        #expect(throws: RosterStoreError.self) {
            try store.setMonthlyFigures(month, MonthlyFigures(inbound: 100, answeredByAgents: 101))
        }
        // The report exists in both languages and never shows incident notes.
        let zh = a.report(language: .zh), en = a.report(language: .en, format: .html)
        #expect(zh.contains("有效接通率") && zh.contains("人员流失率") && zh.contains("96.00%"))
        #expect(en.contains("Effective answer rate") && en.contains("<table>") && en.contains("lang=\"en\""))
        #expect(!zh.contains("13800138000") && !en.contains("13800138000"))
    }

    @Test("The JSON has the documented keys, absent figures as null")
    func jsonKeys() throws {
        let store = try RosterStore.inMemory()
        _ = try store.importPeople([Person(id: "J1", name: "甲", role: .agent, hiredOn: CivilDate(year: 2025, month: 1, day: 1)!)])
        let a = try store.assessment(month: YearMonth(year: 2026, month: 11)!)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(a)) as! [String: Any]
        for key in ["month", "headcount", "utilisation", "adherence", "turnover", "people"] { #expect(object[key] != nil, "\(key)") }
        #expect(object["adherence"] is NSNull)
        let person = (object["people"] as! [[String: Any]])[0]
        for key in ["personId", "onDutySeconds", "onlineSeconds", "utilisation", "liableComplaints"] { #expect(person[key] != nil, "\(key)") }
        #expect(object["month"] as? String == "2026-11")
    }
}
