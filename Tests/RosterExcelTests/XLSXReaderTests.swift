import Foundation
import HotlineCore
import Testing
@testable import RosterExcel

/// Packages written by hand the way other programs write them.
@Suite struct XLSXReaderTests {
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// LibreOffice/Excel-like: the workbook under an odd name found via _rels/.rels, a prefixed main
    /// namespace, absolute and `..` targets, sheet files not named sheetN, rich-text and phonetic
    /// shared strings, inline strings, `t="str"`, sparse rows, cells without `r`, a date-formatted
    /// header typed by a user, and a number where text was.
    static func foreignPackage(rosterRows: String? = nil) throws -> Data {
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        let contentTypes = header + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
        <Default Extension="xml" ContentType="application/xml"/>
        </Types>
        """
        let rootRels = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="R1" Type="\(relNS)/officeDocument" Target="/book/main.xml"/>
        </Relationships>
        """
        let workbook = header + """
        <x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="\(relNS)">
          <x:workbookPr/>
          <x:sheets>
            <x:sheet name="说明" sheetId="3" rel:id="rS0"/>
            <x:sheet name="第一周 &lt;排班&gt;" sheetId="7" rel:id="rS1"/>
            <x:sheet name="Cov" sheetId="8" rel:id="rS2"/>
            <x:sheet name="Codes" sheetId="9" rel:id="rS3"/>
          </x:sheets>
        </x:workbook>
        """
        let workbookRels = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rS3" Type="\(relNS)/worksheet" Target="../sheets/legend.xml"/>
        <Relationship Id="rS1" Type="\(relNS)/worksheet" Target="/sheets/roster.xml"/>
        <Relationship Id="rS2" Type="\(relNS)/worksheet" Target="cov.xml"/>
        <Relationship Id="rS0" Type="\(relNS)/worksheet" Target="notes.xml"/>
        <Relationship Id="rX" Type="\(relNS)/sharedStrings" Target="strings.xml"/>
        <Relationship Id="rY" Type="\(relNS)/styles" Target="styles.xml"/>
        <Relationship Id="rZ" Type="\(relNS)/hyperlink" Target="https://example.org" TargetMode="External"/>
        </Relationships>
        """
        let styles = header + """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;周&quot;aaa mm-dd"/></numFmts>
        <fonts count="2"><font><sz val="11"/></font><font><b val="true"/><sz val="11"/></font></fonts>
        <cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1" applyFont="1"/><xf numFmtId="164" fontId="1"/></cellXfs>
        </styleSheet>
        """
        // 0 title, 1 工号, 2 姓名 (rich text), 3 王芳 (rich, phonetic), 4 早, 5 weekday header
        let strings = header + """
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
        <si><t xml:space="preserve">  排班表（手工） </t></si>
        <si><t>工号</t></si>
        <si><r><rPr><b/></rPr><t>姓</t></r><r><t>名</t></r></si>
        <si><r><t>王</t></r><r><rPr><i/></rPr><t xml:space="preserve">芳</t></r><rPh sb="0" eb="1"><t>wáng</t></rPh><phoneticPr fontId="1"/></si>
        <si><t>早</t></si>
        <si><t>周二 12-08</t></si>
        </sst>
        """
        // Monday's header is a date cell (serial 46363 = 2026-12-07) the user typed; others text.
        let rows = rosterRows ?? """
        <row r="3"><c r="A3" t="s"><v>0</v></c><c r="K3" t="inlineStr"><is><t>周起始 2026-12-07</t></is></c></row>
        <row r="5" spans="1:11">
          <c r="A5" s="1" t="s"><v>1</v></c><c r="B5" s="1" t="s"><v>2</v></c>
          <c r="C5" t="inlineStr"><is><r><t>岗</t></r><r><t>位</t></r></is></c>
          <c r="D5" s="2"><v>46363</v></c><c r="E5" t="s"><v>5</v></c>
          <c t="inlineStr"><is><t>周三 12-09</t></is></c><c t="str"><f>"周四 12-10"</f><v>周四 12-10</v></c>
          <c r="H5" t="inlineStr"><is><t>周五 12-11</t></is></c><c r="I5" t="inlineStr"><is><t>周六 12-12</t></is></c>
          <c r="J5" t="inlineStr"><is><t>周日 12-13</t></is></c><c r="K5" t="inlineStr"><is><t>工时</t></is></c>
          <c r="L5" s="1"/>
        </row>
        <row r="6"><c r="A6"><v>1001</v></c><c r="B6" t="s"><v>3</v></c><c r="C6" t="inlineStr"><is><t>坐席</t></is></c>
          <c r="D6" t="s"><v>4</v></c><c r="F6"><v>8</v></c><c r="G6"><v>7.5</v></c><c r="J6" t="b"><v>1</v></c><c r="K6"><v>40</v></c></row>
        <row r="9"><c r="A9" t="inlineStr"><is><t>E_x005F_x0041_</t></is></c><c r="B9" t="inlineStr"><is><t>A&amp;B_x0009_</t></is></c>
          <c r="K9" t="str"><f>SUM(D9:J9)</f><v>0</v></c><c r="M9" t="e"><v>#N/A</v></c></row>
        """
        let roster = header + """
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(rows)</sheetData>
        <mergeCells count="1"><mergeCell ref="A3:J3"/></mergeCells></worksheet>
        """
        let notes = header + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row><c t=\"inlineStr\"><is><t>ID Name</t></is></c></row></sheetData></worksheet>"
        let coverage = header + """
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="2"><c r="A2" t="inlineStr"><is><t>Interval</t></is></c><c r="B2" t="inlineStr"><is><t>Required</t></is></c><c r="C2" t="inlineStr"><is><t>Scheduled</t></is></c></row>
        <row r="3"><c r="A3" t="inlineStr"><is><t>2026-12-07 08:00–09:00</t></is></c><c r="B3"><v>3</v></c><c r="C3" t="inlineStr"><is><t>2</t></is></c></row>
        </sheetData></worksheet>
        """
        let legend = header + """
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c><c r="B1" t="inlineStr"><is><t>Meaning</t></is></c></row>
        <row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="inlineStr"><is><t>早班</t></is></c></row>
        </sheetData></worksheet>
        """
        return try Fixtures.package([
            ("[Content_Types].xml", contentTypes), ("_rels/.rels", rootRels), ("book/main.xml", workbook),
            ("book/_rels/main.xml.rels", workbookRels), ("book/strings.xml", strings), ("book/styles.xml", styles),
            ("sheets/roster.xml", roster), ("book/cov.xml", coverage), ("sheets/legend.xml", legend), ("book/notes.xml", notes),
        ])
    }

    @Test func genericReaderHandlesForeignPackages() throws {
        let book = try XLSXWorkbook(xlsx: Self.foreignPackage(), file: "lo.xlsx")
        #expect(book.sheets.map(\.name) == ["说明", "第一周 <排班>", "Cov", "Codes"])
        let s = book.sheets[1]
        #expect(s[2, 0]?.value == .string("  排班表（手工） "))   // preserved whitespace; `text` trims
        #expect(s.text(2, 0) == "排班表（手工）")
        #expect(s.text(4, 1) == "姓名")                     // rich-text runs concatenated
        #expect(s[4, 1]?.bold == true)
        #expect(s.text(5, 1) == "王芳")                     // phonetic run left out
        #expect(s.text(4, 2) == "岗位")                     // rich inline string
        #expect(s[4, 3]?.isDateFormatted == true)
        #expect(s.text(4, 3) == "2026-12-07")
        #expect(s.text(4, 5) == "周三 12-09")               // cell without r: after E5
        #expect(s.text(4, 6) == "周四 12-10")               // t="str"
        #expect(s.text(5, 0) == "1001")
        #expect(s.text(5, 5) == "8")
        #expect(s.text(5, 6) == "7.5")
        #expect(s.text(5, 9) == "TRUE")
        #expect(s[4, 11] == nil)                           // styled empty cell
        #expect(s.text(8, 0) == "E_x0041_")                // _x005F_ escape
        #expect(s[8, 1]?.value == .string("A&B\t"))
        #expect(s.text(8, 12) == "#N/A")
        #expect(s.rowIndices == [2, 4, 5, 8])
    }

    @Test func rosterReaderHandlesForeignPackages() throws {
        let grids = try RosterWorkbook.read(Self.foreignPackage(), file: "lo.xlsx")
        #expect(grids.count == 1)
        let g = try #require(grids.first)
        #expect(g.weekStart == Fixtures.week)
        #expect(g.title == "排班表（手工）")
        #expect(g.people == [
            .init(personId: "1001", name: "王芳", role: "坐席", cells: ["早", "", "8", "7.5", "", "", "TRUE"], hours: 40),
            .init(personId: "E_x0041_", name: "A&B", role: "", cells: Array(repeating: "", count: 7), hours: 0),
        ])
        #expect(g.coverage == [.init(start: LocalDateTime(date: Fixtures.week, hour: 8), required: 3, scheduled: 2)])
        #expect(g.legend == [.init(code: "早", meaning: "早班")])
    }

    @Test func sparseRowsWithoutReferencesAreCountedInOrder() throws {
        var sheet = XLSXSheet(name: "S")
        sheet[0, 0] = .string("a")
        sheet[3, 27] = .number(-2.25)
        let data = try XLSXWorkbook(sheets: [sheet]).xlsxData()
        let back = try XLSXWorkbook(xlsx: data, file: "s.xlsx")
        #expect(back.sheets[0][3, 27] == .number(-2.25))
        #expect(back.sheets[0][0, 0] == .string("a"))
        let xml = try Fixtures.part(data, "xl/worksheets/sheet1.xml")
        #expect(xml.contains("r=\"AB4\""))
    }

    @Test func cellReferences() {
        #expect(XLSXCellRef("A1") == XLSXCellRef(row: 0, column: 0))
        #expect(XLSXCellRef("AB12") == XLSXCellRef(row: 11, column: 27))
        #expect(XLSXCellRef("$c$3") == XLSXCellRef(row: 2, column: 2))
        #expect(XLSXCellRef("XFD1048576") == XLSXCellRef(row: 1_048_575, column: 16_383))
        #expect(XLSXCellRef("XFE1") == nil)
        #expect(XLSXCellRef("A0") == nil)
        #expect(XLSXCellRef("1A") == nil)
        #expect(XLSXCellRef(row: 11, column: 27).description == "AB12")
        #expect(XLSXCellRef.columnName(701) == "ZZ")
        #expect(XLSXCellRef.columnName(702) == "AAA")
    }

    @Test func genericWorkbookRoundTripsControlCharactersAndSheetNames() throws {
        var sheet = XLSXSheet(name: "值班表·夜班<&>")
        sheet[0, 0] = .string("tab\there\u{1}bell _x0041_ & <x> ", bold: true)
        sheet[1, 1] = .number(0.1 + 0.2)
        sheet[2, 2] = .number(1e20)
        let back = try XLSXWorkbook(xlsx: XLSXWorkbook(sheets: [sheet]).xlsxData(), file: "g.xlsx")
        #expect(back.sheets[0].name == sheet.name)
        #expect(back.sheets[0].cells == sheet.cells)
        #expect(back.sheets[0].text(1, 1) == "0.3")
        for bad in ["", "a/b", "a[1]", "x:y", "问?", String(repeating: "排", count: 32), "'quoted'"] {
            #expect(throws: XLSXWriteError.self) { try XLSXWorkbook(sheets: [XLSXSheet(name: bad)]).xlsxData() }
        }
        #expect(throws: XLSXWriteError.self) { try XLSXWorkbook(sheets: [XLSXSheet(name: "A"), XLSXSheet(name: "a")]).xlsxData() }
    }

    @Test func dateFormats() {
        #expect(Styles.isDateFormat("yyyy-mm-dd"))
        #expect(Styles.isDateFormat("[$-804]aaaa;@") == false)
        #expect(Styles.isDateFormat("h:mm"))
        #expect(Styles.isDateFormat("[h]:mm:ss"))
        #expect(Styles.isDateFormat("0.00") == false)
        #expect(Styles.isDateFormat("General") == false)
        #expect(Styles.isDateFormat("\"day\" 0") == false)
        #expect(Styles.isDateFormat("0.00E+00") == false)
        #expect(XLSXCell(.number(0.3333333333), isDateFormatted: true).text == "08:00")
        #expect(XLSXCell(.number(46363.5), isDateFormatted: true).text == "2026-12-07 12:00")
    }
}
