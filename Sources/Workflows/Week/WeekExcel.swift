import Foundation
import HotlineCore
import RosterExcel
import RosterStore
import Rostering

/// The week as a 排班表 workbook (people × days, a coverage sheet, a legend) and an edited
/// workbook read back as edits that go through the same validation as `edit`.
extension WeekWorkflow {
    /// The text a workbook cell holds for a view's cell: the shift's times, or why the person is off.
    static func workbookText(_ c: WeekView.Cell, language: DocumentLanguage) -> String {
        if !c.range.isEmpty { return c.range }
        switch c.absence {
        case "leave": return language.pick("假", "leave")
        case "training": return language.pick("训", "training")
        default: return language.pick("休", "off")
        }
    }

    /// The view as a grid of the workbook layer.
    public func grid(_ view: WeekView, language: DocumentLanguage) -> RosterGrid {
        let zhSource = view.version.map { "第\($0)版" } ?? (view.publishedVersion.map { "草稿，已发布为第\($0)版" } ?? "草稿")
        let title = language.pick("\(profile.name) 排班表 \(view.weekStart)（\(zhSource)）",
                                  "\(profile.nameEnglish ?? profile.name) roster \(view.weekStart) (\(view.source))")
        let people = view.rows.map {
            RosterGrid.Person(personId: $0.personId, name: $0.name, role: $0.role.rawValue,
                              cells: $0.cells.map { Self.workbookText($0, language: language) }, hours: $0.hours)
        }
        var legend: [String: String] = [:]
        for r in view.rows { for c in r.cells where !c.code.isEmpty { legend[c.range] = c.code } }
        let entries = legend.keys.sorted().map { RosterGrid.Legend(code: $0, meaning: legend[$0]!) }
            + [RosterGrid.Legend(code: language.pick("休", "off"), meaning: language.pick("休息", "day off")),
               RosterGrid.Legend(code: language.pick("假", "leave"), meaning: language.pick("已批准的请假", "approved leave")),
               RosterGrid.Legend(code: language.pick("训", "training"), meaning: language.pick("培训（不接线）", "training session (off the phones)"))]
        return RosterGrid(weekStart: view.weekStart, title: title, people: people,
                          coverage: view.coverage.map { RosterGrid.CoverageRow(start: $0.start, required: $0.required, scheduled: $0.scheduled) },
                          legend: entries)
    }

    /// The .xlsx of a view (zh headers by default).
    public func workbook(_ view: WeekView, language: DocumentLanguage = .zh) throws -> Data {
        try RosterWorkbook.write(grid(view, language: language), language: language)
    }

    /// Reads an edited workbook of the week and applies every changed cell as an edit (the same
    /// validation as `edit`; all or nothing). A cell is changed when the shift it names differs
    /// from the draft's (or the latest version's) shift of that person and day.
    public func importWorkbook(path: String, week: CivilDate, force: Bool = false, reason: String? = nil) throws -> EditReport {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InputError(file: path, "cannot read the file: \(error.localizedDescription)")
        }
        let grids = try RosterWorkbook.read(data, file: path)
        guard let grid = grids.first(where: { $0.weekStart == week }) else {
            throw InputError(file: path, "has no roster sheet of the week \(week) (it has \(grids.map { "\($0.weekStart)" }.joined(separator: ", ").ifEmpty("none")))")
        }
        let current = try view(week: week, .current)
        let people = Dictionary(try store.people().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let plan = try store.draft(weekStart: week).flatMap { try? decodePayload($0) }?.plan
        var edits: [WeekEdit] = []
        for p in grid.people {
            guard let person = people[p.personId] else {
                throw InputError(file: path, field: "\(week) \(p.personId)", "no person '\(p.personId)' in the store")
            }
            for (k, text) in p.cells.enumerated() where k < 7 {
                let date = week.adding(days: k)
                let field = "\(week) \(p.personId) \(date)"
                let spec = try ShiftCode.parse(text, role: person.role, plan: plan, draft: current.shifts, profile: profile,
                                               file: path, field: field)
                let now = current.shifts.first { $0.personId == p.personId && $0.date == date }
                let nowSpec = now.map { ShiftCode.Spec(startMinute: $0.start.secondOfDay / 60, lengthMinutes: $0.durationSeconds / 60) }
                guard spec != nowSpec else { continue }
                if let spec {
                    let start = LocalDateTime(date: date, minute: spec.startMinute)
                    edits.append(.assign(personId: p.personId, date: date,
                                         shift: "\(start.clockText)-\(start.adding(minutes: spec.lengthMinutes).clockText)"))
                } else {
                    edits.append(.off(personId: p.personId, date: date))
                }
            }
        }
        guard !edits.isEmpty else {
            throw WorkflowError.refused("\(path): no cell differs from the \(current.source) of \(week): nothing to import")
        }
        return try edit(week: week, edits, force: force, reason: reason, source: "import-xlsx")
    }
}
