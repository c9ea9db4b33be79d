import HotlineCore
@testable import Rostering
import TestSupport
import Testing

@Suite struct RosterOutputTests {
    static let monday = CivilDate(year: 2026, month: 9, day: 28)!  // the week of National Day 2026

    func sample() -> [ShiftAssignment] {
        let start = LocalDateTime(date: Self.monday, hour: 22)
        return [
            ShiftAssignment(personId: "P1", name: "王芳", role: .agent, date: Self.monday, start: start, end: start.adding(hours: 8), shift: "夜班"),
            ShiftAssignment(personId: "P2", name: "Li, \"Lee\"", role: .backoffice, date: Self.monday, start: start, end: start.adding(hours: 8), shift: "夜班"),
        ]
    }

    @Test func rosterCSVHasBOMAndRoundTrips() throws {
        let text = RosterCSV.text(sample())
        #expect(text.hasPrefix("\u{FEFF}person_id,name,role,date,start,end,shift\n"))
        #expect(text.contains("P1,王芳,agent,2026-09-28,2026-09-28T22:00,2026-09-29T06:00,夜班"))
        let path = try SharedData.temporaryDirectory() + "/roster.csv"
        try RosterCSV.write(sample(), to: path)
        #expect(try RosterCSV.read(path: path) == sample())
    }

    @Test func htmlInChineseAndEnglishMarksHolidays() throws {
        let profile = try CenterProfile.load(path: SharedData.project("rosters/profiles/yuhang-12345.toml"))
        let roster = WeekRoster(weekStart: Self.monday, shifts: sample(), unfilledTours: [], idle: [],
                                carryIn: .init(count: 0, source: "cyclic-plan"))
        let people = [Person(id: "P1", name: "王芳", role: .agent, hiredOn: Self.monday),
                      Person(id: "P2", name: "Li, \"Lee\"", role: .backoffice, hiredOn: Self.monday)]
        let zh = RosterHTML(profile: profile, calendar: .china, language: .zh).render(roster, people: people, coverage: [], synthetic: true)
        #expect(zh.contains("<html lang=\"zh-CN\">"))
        #expect(zh.contains("排班表") && zh.contains("王芳") && zh.contains("休"))
        #expect(zh.contains("国庆") && zh.contains("法定假日"))
        #expect(zh.contains("合成数据"))
        #expect(zh.contains("Li, &quot;Lee&quot;"))
        let en = RosterHTML(profile: profile, calendar: .china, language: .en).render(roster, people: people, coverage: [], synthetic: false)
        #expect(en.contains("<html lang=\"en\">") && en.contains("Roster") && en.contains("statutory holiday") && en.contains("Night"))
        #expect(!en.contains("Demo data"))
    }
}
