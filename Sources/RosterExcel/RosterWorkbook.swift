import Foundation
import HotlineCore

/// One week's roster as people see it in a spreadsheet: who works what each day (the cell codes'
/// meaning is the caller's business, this library only carries strings), the hourly coverage and
/// the legend of codes.
public struct RosterGrid: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public var personId: String
        public var name: String
        public var role: String
        /// One per day of the week, Monday first (7); "" = nothing.
        public var cells: [String]
        public var hours: Double

        public init(personId: String, name: String, role: String, cells: [String], hours: Double) {
            self.personId = personId
            self.name = name
            self.role = role
            self.cells = cells
            self.hours = hours
        }
    }

    public struct CoverageRow: Sendable, Equatable {
        public var start: LocalDateTime
        public var required: Int
        public var scheduled: Int

        public init(start: LocalDateTime, required: Int, scheduled: Int) {
            self.start = start
            self.required = required
            self.scheduled = scheduled
        }
    }

    public struct Legend: Sendable, Equatable {
        public var code: String
        public var meaning: String

        public init(code: String, meaning: String) {
            self.code = code
            self.meaning = meaning
        }
    }

    /// A Monday.
    public var weekStart: CivilDate
    /// E.g. "12345 排班表 2026-11-30 第3版（草稿）".
    public var title: String
    public var people: [Person]
    /// Per interval (hourly).
    public var coverage: [CoverageRow]
    public var legend: [Legend]

    public init(weekStart: CivilDate, title: String, people: [Person], coverage: [CoverageRow], legend: [Legend]) {
        self.weekStart = weekStart
        self.title = title
        self.people = people
        self.coverage = coverage
        self.legend = legend
    }
}

/// The roster workbook (排班表.xlsx): per week a roster sheet and a coverage sheet, and one legend
/// sheet.
///
/// Roster sheet: a title row (the grid's title; the last column says `周起始 YYYY-MM-DD`, the
/// week's Monday, which gives the year to the header dates), a header row
/// `工号 / 姓名 / 岗位 / 周一 12-07 … 周日 12-13 / 工时` (English: `ID / Name / Role / Mon 12-07 … / Hours`)
/// and one row per person. Coverage sheet: `时段 / 需求 / 排班 / 缺口` (`Interval / Required /
/// Scheduled / Short`) per hour. Legend sheet: `代码 / 含义` (`Code / Meaning`).
///
/// The reader finds sheets by their header rows, not by names or row numbers, so a user may rename
/// sheets, insert blank rows, reorder people or add columns of their own (ignored); it accepts
/// headers in either language.
public enum RosterWorkbook {
    /// One week. Chinese headers by default.
    public static func write(_ grid: RosterGrid, language: DocumentLanguage = .zh) throws -> Data {
        try write([grid], language: language)
    }

    /// One roster sheet per week, one coverage sheet per week, and a legend sheet with every grid's
    /// codes (a code must mean the same in every grid). Throws `XLSXWriteError` for grids the
    /// reader would refuse (a week not starting on a Monday, a person without an ID or with a
    /// duplicate one, a row without 7 day cells, coverage outside the week, …).
    public static func write(_ grids: [RosterGrid], language: DocumentLanguage = .zh) throws -> Data {
        try workbook(grids, language: language).xlsxData()
    }

    /// The workbook `write` zips, for callers who want to add sheets of their own.
    public static func workbook(_ grids: [RosterGrid], language: DocumentLanguage = .zh) throws -> XLSXWorkbook {
        guard !grids.isEmpty else { throw XLSXWriteError("no roster to write: expected at least one week") }
        var weeks: Set<CivilDate> = []
        var legend: [RosterGrid.Legend] = []
        var meaningOf: [String: String] = [:]
        var book = XLSXWorkbook()
        for grid in grids {
            try check(grid)
            guard weeks.insert(grid.weekStart).inserted else {
                throw XLSXWriteError("two rosters for the week of \(grid.weekStart): expected one per week")
            }
            for item in grid.legend {
                if let m = meaningOf[item.code] {
                    guard m == item.meaning else {
                        throw XLSXWriteError("legend code '\(item.code)' means '\(m)' in one week and '\(item.meaning)' in another; the workbook has one legend")
                    }
                } else {
                    meaningOf[item.code] = item.meaning
                    legend.append(item)
                }
            }
            book.sheets.append(rosterSheet(grid, language))
            book.sheets.append(coverageSheet(grid, language))
        }
        book.sheets.append(legendSheet(legend, language))
        return book
    }

    /// Reads every week's roster. Throws `InputError(file:line:field:)` with the row number and
    /// `sheet!cell` of the first problem.
    public static func read(_ data: Data, file: String) throws -> [RosterGrid] {
        try grids(from: XLSXWorkbook(xlsx: data, file: file), file: file)
    }

    /// The rosters of an already read workbook.
    public static func grids(from workbook: XLSXWorkbook, file: String) throws -> [RosterGrid] {
        try RosterSheetReader(file: file).grids(workbook)
    }

    // MARK: writing

    static func rosterSheetName(_ week: CivilDate, _ l: DocumentLanguage) -> String { l.pick("排班 ", "Roster ") + week.description }
    static func coverageSheetName(_ week: CivilDate, _ l: DocumentLanguage) -> String { l.pick("覆盖 ", "Coverage ") + week.description }
    static func weekAnchor(_ week: CivilDate, _ l: DocumentLanguage) -> String { l.pick("周起始 ", "Week of ") + week.description }

    static func dayHeader(_ date: CivilDate, _ l: DocumentLanguage) -> String {
        "\(l.weekdayName(date.weekday)) \(CivilDate.pad(date.month, 2))-\(CivilDate.pad(date.day, 2))"
    }

    private static func check(_ grid: RosterGrid) throws {
        let week = grid.weekStart
        guard week.weekday == 1 else {
            throw XLSXWriteError("week start \(week) is a \(DocumentLanguage.en.weekdayName(week.weekday)), expected a Monday")
        }
        var ids: Set<String> = []
        for (i, p) in grid.people.enumerated() {
            let id = p.personId.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !id.isEmpty else { throw XLSXWriteError("week of \(week): person \(i + 1) has no ID") }
            guard ids.insert(id).inserted else { throw XLSXWriteError("week of \(week): person \(i + 1) has the same ID as an earlier person") }
            guard !p.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw XLSXWriteError("week of \(week): person \(i + 1) has no name")
            }
            guard p.cells.count == 7 else {
                throw XLSXWriteError("week of \(week): person \(i + 1) has \(p.cells.count) day cells, expected 7 (Monday to Sunday)")
            }
            guard p.hours.isFinite else { throw XLSXWriteError("week of \(week): person \(i + 1) has hours \(p.hours)") }
        }
        var starts: Set<LocalDateTime> = []
        let first = LocalDateTime(date: week), end = LocalDateTime(date: week.adding(days: 7))
        for row in grid.coverage {
            guard row.start >= first, row.start < end else {
                throw XLSXWriteError("week of \(week): coverage interval \(row.start) is outside the week")
            }
            guard starts.insert(row.start).inserted else { throw XLSXWriteError("week of \(week): coverage interval \(row.start) appears twice") }
            guard row.required >= 0, row.scheduled >= 0 else {
                throw XLSXWriteError("week of \(week): coverage at \(row.start) has a negative count")
            }
        }
        var codes: Set<String> = []
        for item in grid.legend {
            guard !item.code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw XLSXWriteError("legend: a code is empty") }
            guard codes.insert(item.code).inserted else { throw XLSXWriteError("legend: code '\(item.code)' appears twice") }
        }
    }

    private static func headerRow(_ texts: [String]) -> [XLSXCell?] { texts.map { .string($0, bold: true) } }

    static func rosterSheet(_ grid: RosterGrid, _ l: DocumentLanguage) -> XLSXSheet {
        var sheet = XLSXSheet(name: rosterSheetName(grid.weekStart, l))
        let hoursColumn = 3 + 7
        sheet[0, 0] = .string(grid.title, bold: true)
        sheet[0, hoursColumn] = .string(weekAnchor(grid.weekStart, l))
        var header = [l.pick("工号", "ID"), l.pick("姓名", "Name"), l.pick("岗位", "Role")]
        header += (0..<7).map { dayHeader(grid.weekStart.adding(days: $0), l) }
        header.append(l.pick("工时", "Hours"))
        sheet.setRow(1, headerRow(header))
        for (i, p) in grid.people.enumerated() {
            let r = 2 + i
            sheet.setRow(r, [.string(p.personId), .string(p.name), p.role.isEmpty ? nil : .string(p.role)])
            for (d, code) in p.cells.enumerated() where !code.isEmpty { sheet[r, 3 + d] = .string(code) }
            sheet[r, hoursColumn] = .number(p.hours)
        }
        sheet.columnWidths = [0: 10, 1: 12, 2: 12, hoursColumn: 14]
        for d in 0..<7 { sheet.columnWidths[3 + d] = 12 }
        sheet.frozenRows = 2
        sheet.frozenColumns = 3
        return sheet
    }

    static func coverageSheet(_ grid: RosterGrid, _ l: DocumentLanguage) -> XLSXSheet {
        var sheet = XLSXSheet(name: coverageSheetName(grid.weekStart, l))
        sheet[0, 0] = .string(grid.title, bold: true)
        sheet[0, 4] = .string(weekAnchor(grid.weekStart, l))
        sheet.setRow(1, headerRow([l.pick("时段", "Interval"), l.pick("需求", "Required"), l.pick("排班", "Scheduled"), l.pick("缺口", "Short")]))
        for (i, row) in grid.coverage.enumerated() {
            sheet.setRow(2 + i, [
                .string("\(row.start.date) \(row.start.clockText)"),
                .number(Double(row.required)), .number(Double(row.scheduled)),
                .number(Double(max(0, row.required - row.scheduled))),
            ])
        }
        sheet.columnWidths = [0: 18, 1: 10, 2: 10, 3: 10, 4: 18]
        sheet.frozenRows = 2
        return sheet
    }

    static func legendSheet(_ legend: [RosterGrid.Legend], _ l: DocumentLanguage) -> XLSXSheet {
        var sheet = XLSXSheet(name: l.pick("图例", "Legend"))
        sheet[0, 0] = .string(l.pick("图例", "Legend"), bold: true)
        sheet.setRow(1, headerRow([l.pick("代码", "Code"), l.pick("含义", "Meaning")]))
        for (i, item) in legend.enumerated() {
            sheet.setRow(2 + i, [.string(item.code), .string(item.meaning)])
        }
        sheet.columnWidths = [0: 10, 1: 40]
        sheet.frozenRows = 2
        return sheet
    }
}
