import Foundation
import HotlineCore

/// Reads `RosterGrid`s from a workbook: tolerant of what a user does in a spreadsheet (blank or
/// inserted rows, reordered people, renamed sheets, extra columns, numbers typed into text cells,
/// either header language), strict about structure (every problem is an `InputError` with the row
/// number and `sheet!cell`).
struct RosterSheetReader {
    let file: String

    private enum Kind { case roster, coverage, legend }

    private static let idLabels: Set<String> = ["工号", "id", "员工编号", "staff id"]
    private static let nameLabels: Set<String> = ["姓名", "name"]
    private static let roleLabels: Set<String> = ["岗位", "role"]
    private static let hoursLabels: Set<String> = ["工时", "hours"]
    private static let intervalLabels: Set<String> = ["时段", "interval"]
    private static let requiredLabels: Set<String> = ["需求", "required"]
    private static let scheduledLabels: Set<String> = ["排班", "scheduled"]
    private static let codeLabels: Set<String> = ["代码", "code"]
    private static let meaningLabels: Set<String> = ["含义", "meaning"]
    private static let anchorLabels = ["周起始", "week of"]

    static let rosterHeaderHint = "工号 / 姓名 / 岗位 / 周一 MM-DD … 周日 MM-DD / 工时 (or ID / Name / Role / Mon MM-DD … / Hours)"
    static let coverageHeaderHint = "时段 / 需求 / 排班 / 缺口 (or Interval / Required / Scheduled / Short)"
    static let legendHeaderHint = "代码 / 含义 (or Code / Meaning)"

    private static func label(_ s: XLSXSheet, _ r: Int, _ c: Int) -> String { s.text(r, c).lowercased() }

    /// The kind of sheet and its header row, from the first row that looks like a header.
    private func classify(_ sheet: XLSXSheet) -> (Kind, Int)? {
        for r in sheet.rowIndices {
            let labels = Set(sheet.row(r).map { $0.cell.text.lowercased() })
            if !labels.isDisjoint(with: Self.idLabels), !labels.isDisjoint(with: Self.nameLabels) { return (.roster, r) }
            if !labels.isDisjoint(with: Self.intervalLabels), !labels.isDisjoint(with: Self.requiredLabels) { return (.coverage, r) }
            if !labels.isDisjoint(with: Self.codeLabels), !labels.isDisjoint(with: Self.meaningLabels) { return (.legend, r) }
        }
        return nil
    }

    func grids(_ book: XLSXWorkbook) throws -> [RosterGrid] {
        var rosters: [(sheet: XLSXSheet, grid: RosterGrid)] = []
        var coverage: [CivilDate: (sheet: String, rows: [RosterGrid.CoverageRow])] = [:]
        var legend: (sheet: String, items: [RosterGrid.Legend])?
        for sheet in book.sheets {
            guard let (kind, header) = classify(sheet) else { continue }  // a sheet of the user's own
            switch kind {
            case .roster:
                let grid = try readRoster(sheet, header: header)
                if let other = rosters.first(where: { $0.grid.weekStart == grid.weekStart }) {
                    throw InputError(file: file, line: header + 1, field: sheet.field(header, 0),
                                     "a second roster for the week of \(grid.weekStart) (the first is sheet '\(other.sheet.name)'); expected one roster sheet per week")
                }
                rosters.append((sheet, grid))
            case .coverage:
                let (week, rows) = try readCoverage(sheet, header: header)
                if let other = coverage[week] {
                    throw InputError(file: file, line: header + 1, field: sheet.field(header, 0),
                                     "a second coverage sheet for the week of \(week) (the first is sheet '\(other.sheet)'); expected one per week")
                }
                coverage[week] = (sheet.name, rows)
            case .legend:
                if let other = legend {
                    throw InputError(file: file, line: header + 1, field: sheet.field(header, 0),
                                     "a second legend sheet (the first is sheet '\(other.sheet)'); expected one")
                }
                legend = (sheet.name, try readLegend(sheet, header: header))
            }
        }
        guard !rosters.isEmpty else {
            let names = book.sheets.map { "'\($0.name)'" }.joined(separator: ", ")
            throw InputError(file: file, "no roster sheet: none of the sheets (\(names)) has a header row \(Self.rosterHeaderHint)")
        }
        guard let legend else {
            throw InputError(file: file, "no legend sheet: expected a sheet with a header row \(Self.legendHeaderHint)")
        }
        for (week, c) in coverage where !rosters.contains(where: { $0.grid.weekStart == week }) {
            throw InputError(file: file, field: c.sheet, "coverage sheet '\(c.sheet)' is for the week of \(week), which has no roster sheet")
        }
        return try rosters.map { entry in
            var grid = entry.grid
            guard let c = coverage[grid.weekStart] else {
                throw InputError(file: file, field: entry.sheet.name,
                                 "no coverage sheet for the week of \(grid.weekStart) (roster sheet '\(entry.sheet.name)'): expected a sheet with a header row \(Self.coverageHeaderHint) and the line \(RosterWorkbook.weekAnchor(grid.weekStart, .zh)) above it")
            }
            grid.coverage = c.rows
            grid.legend = legend.items
            return grid
        }
    }

    // MARK: the week anchor and the title

    /// `周起始 2026-12-07` / `Week of 2026-12-07` in a row above the header: its date and cell.
    private func anchor(_ sheet: XLSXSheet, above header: Int) throws -> CivilDate? {
        for r in sheet.rowIndices where r < header {
            for (c, cell) in sheet.row(r) {
                let t = cell.text
                guard let label = Self.anchorLabels.first(where: { t.lowercased().hasPrefix($0) }) else { continue }
                let rest = t.dropFirst(label.count).trimmingCharacters(in: CharacterSet(charactersIn: " :：\t"))
                guard let date = CivilDate.parse(rest) else {
                    throw InputError(file: file, line: r + 1, field: sheet.field(r, c),
                                     "'\(t)' should give the week's Monday as \(label) YYYY-MM-DD")
                }
                guard date.weekday == 1 else {
                    throw InputError(file: file, line: r + 1, field: sheet.field(r, c),
                                     "the week starts on \(date), a \(DocumentLanguage.zh.weekdayName(date.weekday)); expected a Monday")
                }
                return date
            }
        }
        return nil
    }

    private func isAnchor(_ text: String) -> Bool { Self.anchorLabels.contains { text.lowercased().hasPrefix($0) } }

    private func title(_ sheet: XLSXSheet, above header: Int) -> String {
        for r in sheet.rowIndices where r < header {
            for (_, cell) in sheet.row(r) where !cell.text.isEmpty && !isAnchor(cell.text) { return cell.text }
        }
        return ""
    }

    // MARK: roster

    private struct DayHeader {
        var weekday: Int?
        var year: Int?
        var month: Int
        var day: Int
    }

    private func readRoster(_ sheet: XLSXSheet, header: Int) throws -> RosterGrid {
        let line = header + 1
        var idCol: Int?, nameCol: Int?, roleCol: Int?, hoursCol: Int?
        var days: [(column: Int, header: DayHeader)] = []
        for (c, cell) in sheet.row(header) {
            let t = cell.text.lowercased()
            if t.isEmpty { continue }
            func set(_ slot: inout Int?, _ what: String) throws {
                if let other = slot {
                    throw InputError(file: file, line: line, field: sheet.field(header, c),
                                     "a second '\(cell.text)' column (the first is \(XLSXCellRef.columnName(other))); expected one \(what) column")
                }
                slot = c
            }
            if Self.idLabels.contains(t) { try set(&idCol, "ID") }
            else if Self.nameLabels.contains(t) { try set(&nameCol, "name") }
            else if Self.roleLabels.contains(t) { try set(&roleCol, "role") }
            else if Self.hoursLabels.contains(t) { try set(&hoursCol, "hours") }
            else if let day = try dayHeader(cell, sheet: sheet, row: header, column: c) { days.append((c, day)) }
            // Anything else is a column of the user's own (notes, phone extension…): ignored.
        }
        func missing(_ what: String) -> InputError {
            InputError(file: file, line: line, field: sheet.field(header, 0),
                       "the header row has no \(what) column; expected \(Self.rosterHeaderHint)")
        }
        guard let idCol else { throw missing("工号/ID") }
        guard let nameCol else { throw missing("姓名/Name") }
        guard let roleCol else { throw missing("岗位/Role") }
        guard let hoursCol else { throw missing("工时/Hours") }
        guard days.count == 7 else {
            let at = days.count > 7 ? days[7].column : (days.last.map { $0.column + 1 } ?? roleCol + 1)
            throw InputError(file: file, line: line, field: sheet.field(header, at),
                             "the header row has \(days.count) day columns, expected 7 (周一 MM-DD … 周日 MM-DD, Monday to Sunday)")
        }

        // The year of `MM-DD` headers comes from the week anchor above the header (or a full date).
        let anchorDate = try anchor(sheet, above: header)
        var dates: [CivilDate] = []
        for (i, d) in days.enumerated() {
            let ref = sheet.field(header, d.column), text = sheet.text(header, d.column)
            var date: CivilDate?
            if let y = d.header.year {
                date = CivilDate(year: y, month: d.header.month, day: d.header.day)
            } else if let base = anchorDate ?? dates.first {
                // The year that puts MM-DD nearest to the week (a week may span New Year).
                date = [base.year - 1, base.year, base.year + 1]
                    .compactMap { CivilDate(year: $0, month: d.header.month, day: d.header.day) }
                    .min { abs($0.dayNumber - base.dayNumber) < abs($1.dayNumber - base.dayNumber) }
            } else {
                throw InputError(file: file, line: line, field: ref,
                                 "header '\(text)' has no year and there is no '\(RosterWorkbook.weekAnchor(CivilDate(year: 2026, month: 12, day: 7)!, .zh))' cell above the header; expected the week's Monday there or full dates YYYY-MM-DD")
            }
            guard let date else {
                throw InputError(file: file, line: line, field: ref, "header '\(text)' is not a date of the calendar")
            }
            if let w = d.header.weekday, w != date.weekday {
                throw InputError(file: file, line: line, field: ref,
                                 "header '\(text)' says \(DocumentLanguage.zh.weekdayName(w)) but \(date) is a \(DocumentLanguage.zh.weekdayName(date.weekday))")
            }
            if i == 0 {
                guard date.weekday == 1 else {
                    throw InputError(file: file, line: line, field: ref,
                                     "the first day column is \(date), a \(DocumentLanguage.zh.weekdayName(date.weekday)); expected the week's Monday (周一)")
                }
                if let anchorDate, anchorDate != date {
                    throw InputError(file: file, line: line, field: ref,
                                     "the header dates are the week of \(date), but the line above says \(RosterWorkbook.weekAnchor(anchorDate, .zh)); expected the same week")
                }
            } else {
                let expected = dates[0].adding(days: i)
                guard date == expected else {
                    throw InputError(file: file, line: line, field: ref,
                                     "header '\(text)' (\(date)) is not day \(i + 1) of the week of \(dates[0]); expected \(RosterWorkbook.dayHeader(expected, .zh))")
                }
            }
            dates.append(date)
        }

        var people: [RosterGrid.Person] = []
        var rowOfId: [String: Int] = [:]
        let used = [idCol, nameCol, roleCol, hoursCol] + days.map(\.column)
        for r in sheet.rowIndices where r > header {
            guard used.contains(where: { !sheet.text(r, $0).isEmpty }) else { continue }  // blank row
            let id = sheet.text(r, idCol)
            guard !id.isEmpty else {
                throw InputError(file: file, line: r + 1, field: sheet.field(r, idCol),
                                 "this person row has no 工号 (ID); every row below the header needs one (delete the row if it is not a person)")
            }
            if let first = rowOfId[id] {
                throw InputError(file: file, line: r + 1, field: sheet.field(r, idCol),
                                 "this 工号 (ID) is already used in row \(first + 1) (\(sheet.field(first, idCol))); expected each person once")
            }
            rowOfId[id] = r
            let name = sheet.text(r, nameCol)
            guard !name.isEmpty else {
                throw InputError(file: file, line: r + 1, field: sheet.field(r, nameCol), "this person row has no 姓名 (name)")
            }
            let hoursCell = sheet[r, hoursCol]
            guard let hours = hoursCell?.numberValue, hours.isFinite else {
                let got = hoursCell.map { "'\($0.text)'" } ?? "nothing"
                throw InputError(file: file, line: r + 1, field: sheet.field(r, hoursCol),
                                 "expected the week's 工时 (hours) as a number, got \(got)")
            }
            people.append(RosterGrid.Person(personId: id, name: name, role: sheet.text(r, roleCol),
                                            cells: days.map { sheet.text(r, $0.column) }, hours: hours))
        }
        return RosterGrid(weekStart: dates[0], title: title(sheet, above: header), people: people, coverage: [], legend: [])
    }

    private static let zhWeekdays = ["一", "二", "三", "四", "五", "六", "日"]
    private static let enWeekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let enWeekdaysLong = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// A weekday name at the start or end of `text`: its ISO number and the rest of the text.
    private static func splitWeekday(_ text: String) -> (Int?, String) {
        let lower = text.lowercased()
        var prefixes: [(String, Int)] = []
        for (i, z) in zhWeekdays.enumerated() {
            prefixes += [("星期" + z, i + 1), ("周" + z, i + 1), ("礼拜" + z, i + 1)]
        }
        prefixes += [("星期天", 7), ("周天", 7), ("礼拜天", 7)]
        for (i, e) in enWeekdaysLong.enumerated() { prefixes.append((e, i + 1)) }
        for (i, e) in enWeekdays.enumerated() { prefixes.append((e, i + 1)) }
        for (p, w) in prefixes {
            if lower.hasPrefix(p) { return (w, String(lower.dropFirst(p.count))) }
            if lower.hasSuffix(p) { return (w, String(lower.dropLast(p.count))) }
        }
        return (nil, lower)
    }

    /// A day column's header: `周一 12-07`, `Mon 12-07`, `周一 2026-12-07`, `12/07`, `12月7日`,
    /// `2026年12月7日 星期一`, or a date cell. nil for a header that is not about a day (a column of
    /// the user's own); throws for one that names a weekday or looks like a date but is not one.
    private func dayHeader(_ cell: XLSXCell, sheet: XLSXSheet, row: Int, column: Int) throws -> DayHeader? {
        if cell.isDateFormatted, case .number(let n) = cell.value, let dt = XLSXDates.dateTime(serial: n), n >= 1 {
            return DayHeader(weekday: nil, year: dt.date.year, month: dt.date.month, day: dt.date.day)
        }
        let text = cell.text
        let (weekday, rest0) = Self.splitWeekday(text)
        let rest = rest0.trimmingCharacters(in: CharacterSet(charactersIn: " ,.，、()（）\t"))
        let looksLikeDate = rest.contains(where: \.isNumber) && rest.contains(where: { "-/月.".contains($0) })
        guard weekday != nil || looksLikeDate else { return nil }
        let bad = InputError(file: file, line: row + 1, field: sheet.field(row, column),
                             "header '\(text)' is not a day of the week; expected e.g. 周一 12-07 (or Mon 12-07, 周一 2026-12-07)")
        var s = rest.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
            .replacingOccurrences(of: "日", with: "").replacingOccurrences(of: "号", with: "")
            .replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "-")
        s = s.trimmingCharacters(in: .whitespaces)
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { throw bad }
        let nums = parts.compactMap { Int($0) }
        switch nums.count {
        case 2 where parts[0].count <= 2 && parts[1].count <= 2:
            return DayHeader(weekday: weekday, year: nil, month: nums[0], day: nums[1])
        case 3 where parts[0].count == 4 && parts[1].count <= 2 && parts[2].count <= 2:
            return DayHeader(weekday: weekday, year: nums[0], month: nums[1], day: nums[2])
        default:
            throw bad
        }
    }

    // MARK: coverage

    private func readCoverage(_ sheet: XLSXSheet, header: Int) throws -> (CivilDate, [RosterGrid.CoverageRow]) {
        var intervalCol: Int?, requiredCol: Int?, scheduledCol: Int?
        for (c, cell) in sheet.row(header) {
            let t = cell.text.lowercased()
            if Self.intervalLabels.contains(t), intervalCol == nil { intervalCol = c }
            if Self.requiredLabels.contains(t), requiredCol == nil { requiredCol = c }
            if Self.scheduledLabels.contains(t), scheduledCol == nil { scheduledCol = c }
        }
        guard let intervalCol, let requiredCol, let scheduledCol else {
            throw InputError(file: file, line: header + 1, field: sheet.field(header, 0),
                             "the coverage header row needs 时段, 需求 and 排班 columns; expected \(Self.coverageHeaderHint)")
        }
        var week = try anchor(sheet, above: header)
        var rows: [RosterGrid.CoverageRow] = []
        var rowOfStart: [LocalDateTime: Int] = [:]
        for r in sheet.rowIndices where r > header {
            let cols = [intervalCol, requiredCol, scheduledCol]
            guard cols.contains(where: { !sheet.text(r, $0).isEmpty }) else { continue }
            let text = sheet.text(r, intervalCol)
            // `2026-12-07 08:00`, optionally followed by an end (`–09:00`); or a date-time cell.
            guard let start = LocalDateTime.parse(String(text.prefix(16))) else {
                throw InputError(file: file, line: r + 1, field: sheet.field(r, intervalCol),
                                 "expected the interval's start as YYYY-MM-DD HH:MM, got '\(text)'")
            }
            let monday = week ?? start.date.mondayOfWeek
            week = monday
            guard start.date >= monday, start.date < monday.adding(days: 7) else {
                throw InputError(file: file, line: r + 1, field: sheet.field(r, intervalCol),
                                 "interval \(text) is outside the week of \(monday)")
            }
            if let first = rowOfStart[start] {
                throw InputError(file: file, line: r + 1, field: sheet.field(r, intervalCol),
                                 "interval \(text) already appears in row \(first + 1)")
            }
            rowOfStart[start] = r
            func count(_ c: Int, _ what: String) throws -> Int {
                guard let n = sheet[r, c]?.numberValue, n >= 0, n == n.rounded(), n < 1e9 else {
                    throw InputError(file: file, line: r + 1, field: sheet.field(r, c),
                                     "expected \(what) as a whole number ≥ 0, got '\(sheet.text(r, c))'")
                }
                return Int(n)
            }
            rows.append(RosterGrid.CoverageRow(start: start, required: try count(requiredCol, "需求 (required)"),
                                               scheduled: try count(scheduledCol, "排班 (scheduled)")))
        }
        guard let week else {
            throw InputError(file: file, line: header + 1, field: sheet.field(header, 0),
                             "an empty coverage sheet without a '周起始 YYYY-MM-DD' cell above the header: its week is unknown")
        }
        return (week, rows)
    }

    // MARK: legend

    private func readLegend(_ sheet: XLSXSheet, header: Int) throws -> [RosterGrid.Legend] {
        var codeCol: Int?, meaningCol: Int?
        for (c, cell) in sheet.row(header) {
            let t = cell.text.lowercased()
            if Self.codeLabels.contains(t), codeCol == nil { codeCol = c }
            if Self.meaningLabels.contains(t), meaningCol == nil { meaningCol = c }
        }
        guard let codeCol, let meaningCol else { return [] }  // classify() saw both
        var items: [RosterGrid.Legend] = []
        var rowOfCode: [String: Int] = [:]
        for r in sheet.rowIndices where r > header {
            let code = sheet.text(r, codeCol), meaning = sheet.text(r, meaningCol)
            if code.isEmpty, meaning.isEmpty { continue }
            guard !code.isEmpty else {
                throw InputError(file: file, line: r + 1, field: sheet.field(r, codeCol), "a legend row with a meaning but no code")
            }
            if let first = rowOfCode[code] {
                throw InputError(file: file, line: r + 1, field: sheet.field(r, codeCol),
                                 "legend code '\(code)' already appears in row \(first + 1)")
            }
            rowOfCode[code] = r
            items.append(RosterGrid.Legend(code: code, meaning: meaning))
        }
        return items
    }
}
