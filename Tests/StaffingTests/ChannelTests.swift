import Foundation
import HotlineCore
import Testing
import TestSupport
@testable import Staffing

@Suite("Shrinkage, channels, tickets, interval files, simulator")
struct ChannelTests {
    @Test("Shrinkage components add up and turn agents into people to schedule")
    func shrinkage() throws {
        let s = try ShrinkageBreakdown(breaks: 0.08, meals: 0.06, training: 0.05, meetings: 0.03, absence: 0.05, leave: 0.03)
        #expect(abs(s.total - 0.30) < 1e-12)
        #expect(s.scheduled(agents: 14) == 20)
        #expect(abs(s.scheduled(fractionalAgents: 13.3) - 19) < 1e-9)
        #expect(abs((s.hours(of: 100)["breaks"] ?? 0) - 8) < 1e-9)
        #expect(throws: StaffingError.self) { try ShrinkageBreakdown(breaks: 0.6, absence: 0.5) }
        #expect(throws: StaffingError.self) { try ShrinkageBreakdown(components: ["breaks": -0.1]) }
        let profile = try CenterProfile.load(path: SharedData.project("rosters/profiles/yuhang-12345.toml"))
        #expect(abs(try ShrinkageBreakdown(profile.shrinkage).total - profile.shrinkage.total) < 1e-12)
    }

    @Test("Text channels: an agent holds k sessions; agents = sessions needed / k, rounded up")
    func textChannel() throws {
        let goal = StaffingGoal(serviceLevel: 0.8, withinSeconds: 60)
        let day = try #require(CivilDate(year: 2026, month: 12, day: 7))
        let start = LocalDateTime(date: day, hour: 9)
        let one = try ChannelStaffing(channel: .wechat, sessionsPerAgent: 1, goal: goal)
            .requirement(start: start, calls: 120, ahtSeconds: 600, intervalSeconds: 1800)
        let three = try ChannelStaffing(channel: .wechat, sessionsPerAgent: 3, goal: goal, shrinkage: 0.25)
            .requirement(start: start, calls: 120, ahtSeconds: 600, intervalSeconds: 1800)
        #expect(three.agents == (one.agents + 2) / 3)
        #expect(three.figures.agents == three.agents * 3)
        #expect(three.figures.serviceLevel >= 0.8)
        #expect(three.scheduled == Staffing.scheduled(agents: three.agents, shrinkage: 0.25))
        #expect(abs(three.fractionalAgents - one.fractionalAgents / 3) < 1e-12)
        // Phone defaults to Erlang A, which needs a patience.
        #expect(ChannelStaffing(channel: .phone, goal: goal).model == .erlangA)
        #expect(throws: StaffingError.self) { try ChannelStaffing(channel: .phone, goal: goal).validate() }
        #expect(throws: StaffingError.self) { try ChannelStaffing(channel: .phone, model: .erlangC, sessionsPerAgent: 2, goal: goal).validate() }
    }

    @Test("Ticket deadlines count working days from the calendar (China 2026 National Day, make-up Saturday Oct 10)")
    func ticketDeadlines() throws {
        let cal = HolidayCalendar.china
        let sep30 = CivilDate(year: 2026, month: 9, day: 30)!
        // Oct 1–7 holiday; Oct 8 (Thu), Oct 9 (Fri), Oct 10 (Sat, make-up workday).
        #expect(TicketWorkload.deadline(arrival: sep30, workingDays: 3, calendar: cal) == CivilDate(year: 2026, month: 10, day: 10))
        // Oct 11 (Sun) is a rest day; Oct 12, 13 are the 4th and 5th working days.
        #expect(TicketWorkload.deadline(arrival: sep30, workingDays: 5, calendar: cal) == CivilDate(year: 2026, month: 10, day: 13))
        let fri = CivilDate(year: 2026, month: 12, day: 4)!
        #expect(TicketWorkload.deadline(arrival: fri, workingDays: 3, calendar: cal) == CivilDate(year: 2026, month: 12, day: 9))
    }

    @Test("Back-office hours close every ticket by its deadline and add up to the work (synthetic tickets)")
    func ticketHours() throws {
        let cal = HolidayCalendar.china
        let first = CivilDate(year: 2026, month: 9, day: 21)!
        let days = (0..<21).map { TicketWorkload.Day(date: first.adding(days: $0), enquiries: Double(40 + 3 * $0), complaints: Double(10 + $0 % 4)) }
        var w = TicketWorkload(days: days, enquiryMinutes: 12, complaintMinutes: 45, receiptMinutes: 2)
        w.arrivalHoursPerDay = 24
        let hours = try w.requiredHours(calendar: cal)
        var work = 0.0, receipt = 0.0
        for d in days {
            work += (d.enquiries * 12 + d.complaints * 45) / 60
            receipt += (d.enquiries + d.complaints) * 2 / 60
        }
        let closingTotal = hours.map(\.closingHours).reduce(0, +)
        let receiptTotal = hours.map(\.receiptHours).reduce(0, +)
        #expect(abs(closingTotal - work) < 1e-9)
        #expect(abs(receiptTotal - receipt) < 1e-9)
        // No closing work on rest days (the National Day week, weekends).
        for h in hours where !h.workingDay { #expect(h.closingHours == 0) }
        #expect(hours.first { $0.date == CivilDate(year: 2026, month: 10, day: 3)! }?.closingHours == 0)
        #expect(hours.first { $0.date == CivilDate(year: 2026, month: 10, day: 10)! }.map { $0.closingHours > 0 } == true)
        // Receiving within the hour needs someone on duty every hour tickets arrive, holidays too.
        for h in hours where h.date <= days.last!.date { #expect(h.requiredHours >= 24) }
        // Deadlines met: by each working day's end, all work due by then is scheduled by then.
        for h in hours {
            var due = 0.0
            for d in days {
                if TicketWorkload.deadline(arrival: d.date, workingDays: 3, calendar: cal) <= h.date { due += d.enquiries * 12 / 60 }
                if TicketWorkload.deadline(arrival: d.date, workingDays: 5, calendar: cal) <= h.date { due += d.complaints * 45 / 60 }
            }
            let done = hours.filter { $0.date <= h.date }.map(\.closingHours).reduce(0, +)
            #expect(done >= due - 1e-9, "\(h.date): done \(done) < due \(due)")
        }
        w.days.append(days[0])
        #expect(throws: StaffingError.self) { try w.requiredHours(calendar: cal) }
    }

    @Test("Interval files: read, split to 15 minutes, add up to 60; errors name file, line and field")
    func intervalSeries() throws {
        let dir = try SharedData.temporaryDirectory()
        let path = dir + "/f.csv"
        try "start,calls,aht_seconds\n2026-12-07T08:00,100,180\n2026-12-07T08:30,60,240\n".write(toFile: path, atomically: true, encoding: .utf8)
        let s = try IntervalSeries.read(path: path, defaultAHT: nil)
        #expect(s.intervalMinutes == 30 && s.calls == [100, 60])
        let q = try s.resampled(toMinutes: 15)
        #expect(q.calls == [50, 50, 30, 30] && q.ahtSeconds == [180, 180, 240, 240])
        let h = try s.resampled(toMinutes: 60)
        #expect(h.calls == [160] && abs(h.ahtSeconds[0] - (100 * 180 + 60 * 240) / 160.0) < 1e-9)
        try "start,calls\n2026-12-07T08:00,100\n2026-12-07T08:30,x\n".write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try IntervalSeries.read(path: path, defaultAHT: 200); Issue.record("expected an error") } catch let e as InputError {
            #expect(e.line == 3 && e.field == "calls")
        }
        try "start,calls\n2026-12-07T08:00,100\n2026-12-07T09:00,100\n2026-12-07T09:30,100\n".write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try IntervalSeries.read(path: path, defaultAHT: 200); Issue.record("expected an error") } catch let e as InputError {
            #expect(e.line == 4 && e.field == "start")
        }
        try "start,calls\n2026-12-07T08:00,100\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try IntervalSeries.read(path: path, defaultAHT: nil) }
    }

    @Test("Simulator: deterministic given a seed; agrees with Erlang C without abandonment; runs a plan with log-normal handle times")
    func simulator() throws {
        let w = Workload(calls: 100, intervalSeconds: 1800, ahtSeconds: 180)
        let sim = QueueSimulation.steady(w, agents: 14, withinSeconds: 20, warmUp: 1, measured: 20, replications: 10, seed: 7)
        let a = try sim.run().total, b = try sim.run().total
        #expect(a == b)
        var other = sim; other.seed = 8
        #expect(try other.run().total != a)
        let f = try w.figures(agents: 14, withinSeconds: 20)
        #expect(a.serviceLevel.interval(confidence: 0.999).contains(f.serviceLevel))
        #expect(a.waitProbability.interval(confidence: 0.999).contains(f.waitProbability))
        #expect(a.abandonment.mean == 0)
        // A day plan: agents per interval, non-exponential handle times, patience.
        let plan = (0..<8).map { SimulationInterval(calls: Double(40 + 20 * $0), agents: 6 + 2 * $0) }
        let day = QueueSimulation(intervalSeconds: 1800, intervals: plan, handleTime: .lognormal(mean: 200, cv: 1.0),
                                  patience: .exponential(mean: 120), withinSeconds: 20, replications: 8, seed: 1)
        let r = try day.run()
        #expect(r.intervals.count == 8)
        for e in r.intervals {
            #expect(e.serviceLevel.mean >= 0 && e.serviceLevel.mean <= 1 && e.serviceLevel.lower <= e.serviceLevel.upper)
            #expect(e.abandonment.mean >= 0 && e.abandonment.mean <= 1)
        }
        var bad = day; bad.replications = 1
        #expect(throws: StaffingError.self) { try bad.run() }
    }

    @Test("Student-t quantiles used for the intervals")
    func quantiles() {
        #expect(abs(Statistics.normalQuantile(0.995) - 2.5758293) < 1e-6)
        #expect(abs(Statistics.studentQuantile(0.995, degreesOfFreedom: 15) - 2.946713) < 2e-3)
        #expect(abs(Statistics.studentQuantile(0.995, degreesOfFreedom: 19) - 2.860935) < 1e-3)
        #expect(abs(Statistics.studentQuantile(0.975, degreesOfFreedom: 1) - 12.7062) < 1e-3)
    }
}
