import Foundation
import HotlineCore
import RosterStore
import Rostering

/// The documents of a week's roster for people (Chinese or English): the terminal grid, the HTML
/// roster, the CSV of DESIGN.md, one iCalendar per person.
extension WeekWorkflow.WeekView {
    /// A terminal grid: people × days with shift codes (`*` locked, `!` declared exception,
    /// `假` leave), a coverage line per hour band and day, the rules broken and the legend.
    public func textTable(language: DocumentLanguage = .zh) -> String {
        let L = language
        let dayNames = L == .zh ? ["一", "二", "三", "四", "五", "六", "日"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        var out: [String] = []
        out.append(L.pick("排班表", "Roster") + " \(weekStart) – \(weekStart.adding(days: 6))  [\(source)]"
                   + (revision.map { L.pick("  修订 ", "  revision ") + "\($0)" } ?? ""))
        func pad(_ s: String, _ n: Int) -> String {
            // East Asian characters take two columns.
            let width = s.reduce(0) { $0 + (($1.unicodeScalars.first?.value ?? 0) > 0x2E80 ? 2 : 1) }
            return s + String(repeating: " ", count: max(0, n - width))
        }
        var header = pad(L.pick("工号", "ID"), 8) + pad(L.pick("姓名", "Name"), 10) + pad(L.pick("岗位", "Role"), 11)
        for (k, d) in dates.enumerated() { header += pad("\(dayNames[k]) \(CivilDate.pad(d.month, 2))-\(CivilDate.pad(d.day, 2))", 10) }
        header += L.pick("工时", "Hours")
        out.append(header)
        for r in rows {
            var line = pad(r.personId, 8) + pad(String(r.name.prefix(4)), 10) + pad(r.role.rawValue, 11)
            for c in r.cells {
                var t = c.code
                if t.isEmpty { t = c.absence == "leave" ? L.pick("假", "LV") : c.absence == "training" ? L.pick("训", "TR") : "-" }
                if c.locked || c.edited { t += "*" }
                if !c.exception.isEmpty { t += "!" }
                line += pad(t, 10)
            }
            line += String(format: "%.1f", r.hours)
            out.append(line)
        }
        // Coverage: scheduled/required agents, the lowest margin in each 4-hour band of each day.
        out.append("")
        out.append(L.pick("覆盖（在岗/需求，每 4 小时段中缺口最大的一小时）", "Cover (scheduled/required agents, the tightest hour of each 4-hour band)"))
        for band in 0..<6 {
            var line = pad("\(CivilDate.pad(band * 4, 2)):00–\(CivilDate.pad(band * 4 + 4, 2)):00", 29)
            for k in 0..<7 {
                let hours = coverage.filter { $0.start.date == weekStart.adding(days: k) && $0.start.hour / 4 == band }
                guard let worst = hours.min(by: { ($0.scheduled - $0.required) < ($1.scheduled - $1.required) }) else { line += pad("", 10); continue }
                line += pad("\(worst.scheduled)/\(worst.required)" + (worst.scheduled < worst.required ? "▼" : ""), 10)
            }
            out.append(line)
        }
        let short = coverage.reduce(0) { $0 + max(0, $1.required - $1.scheduled) }
        let over = coverage.reduce(0) { $0 + max(0, $1.scheduled - $1.required) }
        out.append(L.pick("缺口 \(short) 人时，富余 \(over) 人时", "short \(short) agent-hours, over \(over) agent-hours"))
        if violations.isEmpty {
            out.append(L.pick("硬性规则：全部满足", "Hard rules: all met"))
        } else {
            out.append(L.pick("硬性规则未满足 \(violations.count) 条：", "Hard rules broken (\(violations.count)):"))
            for v in violations.prefix(40) { out.append("  " + v.description) }
            if violations.count > 40 { out.append("  … \(violations.count - 40) more") }
        }
        var legend: [String: String] = [:]
        for r in rows { for c in r.cells where !c.code.isEmpty { legend[c.code] = c.range } }
        let shown = legend.keys.sorted().map { "\($0)=\(legend[$0]!)" }
        out.append(L.pick("图例：", "Legend: ") + shown.joined(separator: " ") + L.pick("  * 锁定/手工  ! 例外  假 请假  训 培训  - 休", "  * locked/edited  ! exception  LV leave  TR training  - off"))
        return out.joined(separator: "\n") + "\n"
    }

    /// The roster CSV of DESIGN.md (UTF-8 with BOM).
    public func csv() -> String { RosterCSV.text(shifts) }

    /// The HTML roster (zh or en) with the coverage line.
    public func html(profile: CenterProfile, calendar: HolidayCalendar, people: [Person], language: DocumentLanguage) -> String {
        let roster = WeekRoster(weekStart: weekStart, shifts: shifts)
        let rows = coverage.map { CoverageRow(start: $0.start, forecastCalls: $0.forecastCalls, requiredAgents: $0.required, scheduledAgents: $0.scheduled) }
        return RosterHTML(profile: profile, calendar: calendar, language: language)
            .render(roster, people: people, coverage: rows, synthetic: false)
    }

    /// One iCalendar per person (RFC 5545; no ID or phone numbers), by person id.
    public func icalendars(profile: CenterProfile, language: DocumentLanguage) -> [String: String] {
        let stamp = LocalDateTime(seconds: Int(Date().timeIntervalSince1970) + LocalDateTime(date: CivilDate(year: 1970, month: 1, day: 1)!).seconds)
        var result: [String: String] = [:]
        for (id, own) in Dictionary(grouping: shifts, by: \.personId) {
            result[id] = ICalendar.text(personId: id, name: own[0].name, shifts: own, stamp: stamp, timezone: profile.timezone, language: language)
        }
        return result
    }
}

