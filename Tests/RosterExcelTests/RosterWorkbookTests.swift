import Foundation
import HotlineCore
import Testing
@testable import RosterExcel

@Suite struct RosterWorkbookTests {
    @Test func roundTripOf106PeopleInBothLanguages() throws {
        let grid = Fixtures.grid()
        for language in DocumentLanguage.allCases {
            let data = try RosterWorkbook.write(grid, language: language)
            let back = try RosterWorkbook.read(data, file: "roster.xlsx")
            #expect(back.count == 1)
            #expect(back.first == grid)
            #expect(back.first?.people.count == 106)
            #expect(back.first?.people[41].name == Fixtures.hostileName)
        }
    }

    @Test func writtenXMLIsEscapedAndHeadersAreAsSpecified() throws {
        let data = try RosterWorkbook.write(Fixtures.grid(), language: .zh)
        let strings = try Fixtures.part(data, "xl/sharedStrings.xml")
        #expect(strings.contains("&lt;b&gt;&amp;&quot;李&apos;"))
        #expect(strings.contains("&lt;script&gt;&amp;"))
        #expect(!strings.contains("<script>"))
        for header in ["工号", "姓名", "岗位", "周一 12-07", "周日 12-13", "工时", "时段", "需求", "排班", "缺口", "代码", "含义"] {
            #expect(strings.contains("<t>\(header)</t>"), "missing header \(header)")
        }
        let en = try Fixtures.part(RosterWorkbook.write(Fixtures.grid(), language: .en), "xl/sharedStrings.xml")
        for header in ["ID", "Name", "Role", "Mon 12-07", "Sun 12-13", "Hours", "Interval", "Required", "Scheduled", "Short"] {
            #expect(en.contains("<t>\(header)</t>"), "missing header \(header)")
        }
        let book = try XLSXWorkbook(xlsx: data, file: "x.xlsx")
        #expect(book.sheets.map(\.name) == ["排班 2026-12-07", "覆盖 2026-12-07", "图例"])
        #expect(book.sheets[0][1, 0]?.bold == true)
        #expect(book.sheets[0][2, 0]?.bold == false)
        let sheet = try Fixtures.part(data, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<cols>"))
    }

    @Test func severalWeeksGiveOneRosterAndCoverageSheetEachAndOneLegend() throws {
        let a = Fixtures.grid(people: 5)
        let b = Fixtures.grid(people: 7, week: Fixtures.week.adding(days: 7))
        let data = try RosterWorkbook.write([a, b], language: .zh)
        let book = try XLSXWorkbook(xlsx: data, file: "x.xlsx")
        #expect(book.sheets.map(\.name) == ["排班 2026-12-07", "覆盖 2026-12-07", "排班 2026-12-14", "覆盖 2026-12-14", "图例"])
        #expect(try RosterWorkbook.read(data, file: "x.xlsx") == [a, b])
    }

    @Test func aWeekAcrossNewYearTakesTheYearFromTheAnchor() throws {
        let monday = CivilDate(year: 2029, month: 12, day: 31)!
        #expect(monday.weekday == 1)
        let grid = Fixtures.grid(people: 3, week: monday)
        #expect(try RosterWorkbook.read(RosterWorkbook.write(grid), file: "x.xlsx") == [grid])
    }

    @Test func editingOneCellGivesExactlyThatChange() throws {
        let grid = Fixtures.grid()
        var book = try XLSXWorkbook(xlsx: RosterWorkbook.write(grid), file: "x.xlsx")
        // Person 10 is on row 13 (title, header, then people); Wednesday is column F. A user types 8.
        book.sheets[0][12, 5] = .number(8)
        book.sheets[0][12, 10] = .string(" 36 ")  // hours typed as text
        let back = try RosterWorkbook.read(book.xlsxData(), file: "x.xlsx")
        var expected = grid
        expected.people[10].cells[2] = "8"
        expected.people[10].hours = 36
        #expect(back == [expected])
    }

    @Test func userEditsThatKeepTheStructureAreAccepted() throws {
        let grid = Fixtures.grid(people: 6)
        var book = try XLSXWorkbook(xlsx: RosterWorkbook.write(grid), file: "x.xlsx")
        var sheet = XLSXSheet(name: "我的排班")  // renamed, a blank row on top, people reordered, a notes column
        let old = book.sheets[0]
        for r in old.rowIndices {
            let target = r < 2 ? r + 1 : 3 + (old.rowCount - 1 - r)
            for (c, cell) in old.row(r) { sheet[target, c] = cell }
        }
        sheet[2, 12] = .string("备注")
        sheet[4, 12] = .string("请假申请中")
        book.sheets[0] = sheet
        let back = try RosterWorkbook.read(book.xlsxData(), file: "x.xlsx")
        var expected = grid
        expected.people.reverse()
        #expect(back == [expected])
    }

    @Test func badInputNamesTheSheetAndCell() throws {
        let grid = Fixtures.grid(people: 4)
        let data = try RosterWorkbook.write(grid)
        let sheet = "排班 2026-12-07"

        // Not a zip at all.
        let notZip = inputError { _ = try RosterWorkbook.read(Data("工号,姓名\n1,张三\n".utf8), file: "a.xlsx") }
        #expect(notZip?.file == "a.xlsx")
        #expect(notZip?.message.contains("not a readable zip") == true)

        // A zip that is truncated.
        let truncated = inputError { _ = try RosterWorkbook.read(data.prefix(data.count / 2), file: "a.xlsx") }
        #expect(truncated != nil)

        // A zip without a workbook.
        let noWorkbook = inputError { _ = try RosterWorkbook.read(try Fixtures.package([("hello.txt", "hi")]), file: "a.xlsx") }
        #expect(noWorkbook?.field == "xl/workbook.xml")

        var book = try XLSXWorkbook(xlsx: data, file: "x.xlsx")
        func read(_ edit: (inout XLSXSheet) -> Void) throws -> InputError? {
            var b = book
            edit(&b.sheets[0])
            let d = try b.xlsxData()
            return inputError { _ = try RosterWorkbook.read(d, file: "b.xlsx") }
        }

        // Missing header: the roster sheet is no longer recognised, so there is no roster.
        let noHeader = try read { $0[1, 0] = .string("编号"); $0[1, 1] = .string("名字") }
        #expect(noHeader?.message.contains("no roster sheet") == true)

        // Header without the hours column.
        let noHours = try read { $0[1, 10] = nil }
        #expect(noHours?.field == "\(sheet)!A2")
        #expect(noHours?.line == 2)
        #expect(noHours?.message.contains("工时") == true)

        // A duplicate person ID.
        let dup = try read { $0[4, 0] = .string("E01001") }
        #expect(dup?.field == "\(sheet)!A5")
        #expect(dup?.line == 5)
        #expect(dup?.message.contains("row 4") == true)

        // A person row without an ID.
        let noId = try read { $0[3, 0] = nil }
        #expect(noId?.field == "\(sheet)!A4")

        // Hours that are not a number.
        let badHours = try read { $0[2, 10] = .string("四十") }
        #expect(badHours?.field == "\(sheet)!K3")

        // Header dates that are not the days of the week.
        let notDate = try read { $0[1, 5] = .string("周三 13-45") }
        #expect(notDate?.field == "\(sheet)!F2")
        let wrongDay = try read { $0[1, 5] = .string("周三 12-10") }
        #expect(wrongDay?.field == "\(sheet)!F2")
        let wrongName = try read { $0[1, 3] = .string("周二 12-07") }
        #expect(wrongName?.field == "\(sheet)!D2")
        #expect(wrongName?.message.contains("周二") == true)
        let sixDays = try read { $0[1, 9] = .string("其他") }
        #expect(sixDays?.message.contains("6 day columns") == true)

        // A missing coverage sheet, a missing legend.
        book.sheets.remove(at: 1)
        let noCoverage = inputError { _ = try RosterWorkbook.read(try book.xlsxData(), file: "c.xlsx") }
        #expect(noCoverage?.message.contains("no coverage sheet") == true)
        book = try XLSXWorkbook(xlsx: data, file: "x.xlsx")
        book.sheets.removeLast()
        let noLegend = inputError { _ = try RosterWorkbook.read(try book.xlsxData(), file: "c.xlsx") }
        #expect(noLegend?.message.contains("no legend") == true)

        // A coverage count that is not a whole number.
        book = try XLSXWorkbook(xlsx: data, file: "x.xlsx")
        book.sheets[1][5, 1] = .string("many")
        let badCount = inputError { _ = try RosterWorkbook.read(try book.xlsxData(), file: "c.xlsx") }
        #expect(badCount?.field == "覆盖 2026-12-07!B6")
        #expect(badCount?.line == 6)
    }

    @Test func corruptPartsAreReportedByPart() throws {
        let data = try RosterWorkbook.write(Fixtures.grid(people: 3))
        let broken = try Fixtures.patch(data, "xl/worksheets/sheet1.xml") { $0.replacingOccurrences(of: "</sheetData>", with: "") }
        let e = inputError { _ = try RosterWorkbook.read(broken, file: "d.xlsx") }
        #expect(e?.field == "xl/worksheets/sheet1.xml")
        #expect(e?.message.contains("does not parse") == true)
        let badIndex = try Fixtures.patch(data, "xl/worksheets/sheet1.xml") {
            $0.replacingOccurrences(of: "<c r=\"B3\" t=\"s\"><v>", with: "<c r=\"B3\" t=\"s\"><v>9999")
        }
        let e2 = inputError { _ = try RosterWorkbook.read(badIndex, file: "d.xlsx") }
        #expect(e2?.field == "排班 2026-12-07!B3")
        #expect(e2?.line == 3)
    }

    @Test func writerRefusesWhatTheReaderWouldRefuse() {
        var g = Fixtures.grid(people: 3)
        g.weekStart = Fixtures.week.adding(days: 1)
        #expect(throws: XLSXWriteError.self) { try RosterWorkbook.write(g) }
        g = Fixtures.grid(people: 3)
        g.people[1].personId = g.people[0].personId
        #expect(throws: XLSXWriteError.self) { try RosterWorkbook.write(g) }
        g = Fixtures.grid(people: 3)
        g.people[2].cells.removeLast()
        #expect(throws: XLSXWriteError.self) { try RosterWorkbook.write(g) }
        g = Fixtures.grid(people: 3)
        #expect(throws: XLSXWriteError.self) { try RosterWorkbook.write([g, g]) }
    }
}
