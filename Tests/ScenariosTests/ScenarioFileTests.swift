import Foundation
import HotlineCore
import Scenarios
import Testing
import TestSupport

@Suite struct ScenarioFileTests {
    static let shipped = ["spring-festival-2026", "national-day-2026", "typhoon-emergency-2026", "policy-announcement-2026"]

    @Test func shippedScenariosLoad() throws {
        for name in Self.shipped {
            let s = try Scenario.load(path: SharedData.project("rosters/scenarios/\(name).toml"))
            #expect(s.start.weekday == 1, "\(name)")
            #expect(s.weeks == 4, "\(name): 4 weeks hourly")
            #expect(!s.events.isEmpty, "\(name)")
            #expect(!s.measures.standby.isEmpty, "\(name) has a standby pool")
        }
        let sf = try Scenario.load(path: SharedData.project("rosters/scenarios/spring-festival-2026.toml"))
        // The period holds the block Feb 15–23 and both make-up workdays (Feb 14, Feb 28).
        for d in ["2026-02-14", "2026-02-15", "2026-02-23", "2026-02-28"] {
            let date = CivilDate.parse(d)!
            #expect(date >= sf.start && date < sf.start.adding(days: sf.days), "\(d) inside the Spring Festival period")
        }
        let nd = try Scenario.load(path: SharedData.project("rosters/scenarios/national-day-2026.toml"))
        for d in ["2026-09-20", "2026-10-01", "2026-10-07", "2026-10-10"] {
            let date = CivilDate.parse(d)!
            #expect(date >= nd.start && date < nd.start.adding(days: nd.days), "\(d) inside the National Day period")
        }
        #expect(!nd.measures.emergency)
        let typhoon = try Scenario.load(path: SharedData.project("rosters/scenarios/typhoon-emergency-2026.toml"))
        #expect(typhoon.measures.emergency)
        let surge = try #require(typhoon.events.first)
        #expect(surge.multiplier == 3)
        #expect(surge.to.seconds - surge.from.seconds == 48 * 3600)
        let policy = try Scenario.load(path: SharedData.project("rosters/scenarios/policy-announcement-2026.toml"))
        #expect(policy.events.first?.multiplier == 1.5)
        #expect(policy.events.first.map { $0.to.seconds - $0.from.seconds } == 7 * 86_400)
    }

    static let good = """
    name = "t"
    [period]
    start = 2026-09-14
    weeks = 1

    [[events]]
    from = 2026-09-15T08:00:00
    to = "2026-09-16T08:00"
    multiplier = 2

    [[events]]
    from = 2026-09-17T08:00:00
    to = 2026-09-17T10:00:00
    calls_per_hour = 500

    [measures]
    overtime = true
    standby = ["P0001"]

    [measures.overtime_worked]
    default = 2
    P0002 = 10
    """

    @Test func parsesDatesStringsAndMeasures() throws {
        let s = try Scenario.parse(Self.good, file: "t.toml")
        #expect(s.events.count == 2)
        #expect(s.events[0].to == LocalDateTime.parse("2026-09-16T08:00"))
        #expect(s.events[1].callsPerHour == 500)
        #expect(s.measures.overtime && !s.measures.emergency && !s.measures.restDayWork)
        #expect(s.measures.overtimeAlreadyWorked("P0002") == 10)
        #expect(s.measures.overtimeAlreadyWorked("P0009") == 2)
    }

    func error(_ text: String) -> InputError? {
        do {
            _ = try Scenario.parse(text, file: "bad.toml")
            return nil
        } catch let e as InputError {
            return e
        } catch {
            return nil
        }
    }

    @Test func errorsNameFileLineAndField() throws {
        // A multiplier that is not a number: line 9 of the file.
        let badMultiplier = Self.good.replacingOccurrences(of: "multiplier = 2", with: "multiplier = \"two\"")
        let e1 = try #require(error(badMultiplier))
        #expect(e1.file == "bad.toml")
        #expect(e1.field == "events[0].multiplier")
        #expect(e1.line == 9)
        #expect(e1.description.contains("bad.toml:9: field 'events[0].multiplier'"))

        // A typo in a key of the second event.
        let typo = Self.good.replacingOccurrences(of: "calls_per_hour = 500", with: "calls_per_hr = 500")
        let e2 = try #require(error(typo))
        #expect(e2.field == "events[1].calls_per_hr")
        #expect(e2.line == 14)
        #expect(e2.message.contains("unknown key"))

        // The period must start on a Monday.
        let e3 = try #require(error(Self.good.replacingOccurrences(of: "start = 2026-09-14", with: "start = 2026-09-15")))
        #expect(e3.field == "period.start")
        #expect(e3.line == 3)
        #expect(e3.message.contains("Monday"))

        // An event after the period.
        let e4 = try #require(error(Self.good.replacingOccurrences(of: "from = 2026-09-17T08:00:00", with: "from = 2026-12-17T08:00:00")
            .replacingOccurrences(of: "to = 2026-09-17T10:00:00", with: "to = 2026-12-17T10:00:00")))
        #expect(e4.field == "events[1].from")
        #expect(e4.line == 12)

        // Both a multiplier and an absolute volume.
        let e5 = try #require(error(Self.good.replacingOccurrences(of: "calls_per_hour = 500", with: "calls_per_hour = 500\nmultiplier = 2")))
        #expect(e5.field == "events[1].multiplier")

        // A bad value under a sub-table.
        let e6 = try #require(error(Self.good.replacingOccurrences(of: "P0002 = 10", with: "P0002 = -1")))
        #expect(e6.field == "measures.overtime_worked.P0002")
        #expect(e6.line == 22)

        // Not TOML at all.
        let e7 = try #require(error("name = \n"))
        #expect(e7.line == 1)

        // An event end that is not on the hour.
        let e8 = try #require(error(Self.good.replacingOccurrences(of: "to = 2026-09-17T10:00:00", with: "to = 2026-09-17T10:30:00")))
        #expect(e8.field == "events[1].to")
        #expect(e8.line == 13)
    }
}
