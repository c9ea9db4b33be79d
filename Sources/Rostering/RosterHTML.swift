import HotlineCore

/// The roster as an HTML page: a people × days grid, in Simplified Chinese (default) or English.
/// Self-contained (inline CSS), printable, no personal data beyond id, name and role.
public struct RosterHTML: Sendable {
    public var profile: CenterProfile
    public var calendar: HolidayCalendar
    public var language: DocumentLanguage

    public init(profile: CenterProfile, calendar: HolidayCalendar, language: DocumentLanguage = .zh) {
        self.profile = profile
        self.calendar = calendar
        self.language = language
    }

    /// `coverage` adds a line on short hours; `synthetic` labels demo data as synthetic.
    /// `roleCoverGaps` (from `RosterValidator.roleCover`) adds a line per planned role short of the
    /// plan. Each shift's breaks (`roster.breaks`) show under its times.
    public func render(_ roster: WeekRoster, people: [Person], coverage: [CoverageRow], synthetic: Bool,
                       roleCoverGaps: [RoleCoverGap] = []) -> String {
        let L = language
        let days = (0..<7).map { roster.weekStart.adding(days: $0) }
        let lastDay = days[6]
        let title = L.pick("排班表", "Roster") + " \(roster.weekStart) – \(lastDay)"
        let centre = L == .zh ? profile.name : (profile.nameEnglish ?? profile.name)
        let byPerson = Dictionary(grouping: roster.weekShifts, by: \.personId)
        let listed = people.sorted { ($0.role, $0.id) < ($1.role, $1.id) }
        let shortHours = coverage.filter { $0.short > 0 }
        let shortAgentHours = shortHours.reduce(0) { $0 + $1.short }

        var h = """
        <!DOCTYPE html>
        <html lang="\(L == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <title>\(htmlEscape(centre)) · \(htmlEscape(title))</title>
        <style>
        body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.3em; margin-bottom: 0.2em; }
        p.meta { color: #555; margin-top: 0; }
        p.synthetic { background: #fff4d6; border: 1px solid #e0c36a; padding: 0.4em 0.7em; display: inline-block; }
        table { border-collapse: collapse; font-size: 0.85em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.45em; text-align: center; white-space: nowrap; }
        th { background: #f1f3f6; position: sticky; top: 0; }
        td.name { text-align: left; }
        td.off { color: #999; background: #fafafa; }
        small.break { color: #555; }
        td.night { background: #e4e9f7; }
        td.early { background: #eef7e4; }
        td.middle { background: #fdf6e3; }
        td.late { background: #f7e8e4; }
        th.holiday { background: #fde2e2; }
        th.workday { background: #e2f0fd; }
        tr.role td { background: #f7f7f7; font-weight: bold; text-align: left; }
        @media print { th { position: static; } }
        </style>
        </head>
        <body>
        <h1>\(htmlEscape(centre))</h1>
        <p class="meta">\(htmlEscape(title)) · \(L.pick("共", "")) \(Set(roster.weekShifts.map(\.personId)).count) \(L.pick("人上班", "people on shift")) · \(roster.weekShifts.count) \(L.pick("个班次", "shifts"))</p>

        """
        if synthetic {
            h += "<p class=\"synthetic\">\(L.pick("演示数据：话务历史与人员姓名均为合成数据，并非真实人员。", "Demo data: the call history and the people's names are synthetic, not real persons."))</p>\n"
        }
        if shortHours.isEmpty {
            h += "<p>\(L.pick("每个时段的在岗话务员均不少于需求。", "Every hour has at least the required agents on shift."))</p>\n"
        } else {
            h += "<p>\(L.pick("人手不足", "Short")): \(shortHours.count) \(L.pick("个时段，共缺", "hours, ")) \(shortAgentHours) \(L.pick("人·小时（见 summary.json）。", "agent-hours short (see summary.json)."))</p>\n"
        }
        for (role, gaps) in Dictionary(grouping: roleCoverGaps, by: \.role).sorted(by: { $0.key < $1.key }) {
            let short = gaps.reduce(0) { $0 + max(0, $1.planned - $1.onSite) }
            let belowMin = gaps.filter(\.belowMinimum).count
            h += "<p>\(htmlEscape(L.roleName(role)))：" + L.pick("比计划少 \(short) 人·小时", "\(short) person-hours short of the plan")
            h += belowMin > 0 ? L.pick("，其中 \(belowMin) 个时段低于最低在岗人数", "; \(belowMin) hours below the minimum on site") : ""
            h += "</p>\n"
        }
        if !roster.unfilledTours.isEmpty {
            h += "<p>\(L.pick("未能排人的班次", "Tours no one could take")): \(roster.unfilledTours.count)</p>\n"
        }

        h += "<table>\n<thead><tr><th>\(L.pick("工号", "ID"))</th><th>\(L.pick("姓名", "Name"))</th><th>\(L.pick("岗位", "Role"))</th>"
        for d in days {
            let entry = calendar.entry(on: d)
            let cls = entry.map { $0.kind == .holiday || $0.kind == .rest ? " class=\"holiday\"" : ($0.kind == .workday ? " class=\"workday\"" : "") } ?? ""
            var label = "\(L.weekdayName(d.weekday))<br>\(CivilDate.pad(d.month, 2))-\(CivilDate.pad(d.day, 2))"
            if let entry {
                let note: String
                switch entry.kind {
                case .holiday: note = L.pick("法定假日", "statutory holiday")
                case .rest: note = L.pick("休息日", "holiday rest day")
                case .workday: note = L.pick("调休上班", "make-up workday")
                case .special: note = entry.name
                }
                label += "<br><small>\(htmlEscape(L == .zh ? entry.name + " " + note : note))</small>"
            }
            h += "<th\(cls)>\(label)</th>"
        }
        h += "<th>\(L.pick("工时", "Hours"))</th></tr></thead>\n<tbody>\n"

        var currentRole: Role?
        for p in listed {
            if p.role != currentRole {
                currentRole = p.role
                let count = listed.filter { $0.role == p.role }.count
                h += "<tr class=\"role\"><td colspan=\"11\">\(htmlEscape(L.roleName(p.role))) (\(count))</td></tr>\n"
            }
            let own = byPerson[p.id] ?? []
            h += "<tr><td>\(htmlEscape(p.id))</td><td class=\"name\">\(htmlEscape(p.name))</td><td>\(htmlEscape(L.roleName(p.role)))</td>"
            for d in days {
                if let s = own.first(where: { $0.date == d }) {
                    let name = profile.shifts.name(startHour: s.start.hour)
                    let label = L == .zh ? s.shift : (name?.english ?? s.shift)
                    let own = roster.breaks(of: s)
                    let breaks = own.isEmpty ? "" : "<br><small class=\"break\">" + L.pick("休息 ", "breaks ")
                        + own.map { $0.clockText + ($0.paid ? "" : L.pick("（餐）", " (meal)")) }.joined(separator: L.pick("、", ", ")) + "</small>"
                    h += "<td class=\"\(cssClass(name))\">\(htmlEscape(label))<br>\(s.start.clockText)–\(s.end.clockText)\(breaks)</td>"
                } else {
                    h += "<td class=\"off\">\(L.pick("休", "off"))</td>"
                }
            }
            let hours = own.reduce(0) { $0 + $1.durationSeconds } / 3600
            h += "<td>\(hours)</td></tr>\n"
        }
        h += "</tbody>\n</table>\n"
        if roster.carryIn.count > 0 {
            h += "<p class=\"meta\">\(L.pick("另有 \(roster.carryIn.count) 个上周日夜班延续至本周一凌晨（见 roster.csv）。", "\(roster.carryIn.count) night shifts of the previous Sunday run into Monday morning (see roster.csv)."))</p>\n"
        }
        h += "</body>\n</html>\n"
        return h
    }

    func cssClass(_ name: CenterProfile.ShiftName?) -> String {
        switch name?.english.lowercased() {
        case "night": "night"
        case "early": "early"
        case "middle": "middle"
        case "late": "late"
        default: ""
        }
    }
}
