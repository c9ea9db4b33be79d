import Foundation
import HotlineCore
import Rostering

/// The files of a scenario run: `hourly.csv`, `surge.csv` (every extra stretch of work, per
/// person), `people.csv` (overtime per person and month, as the labour limits count it),
/// `cost.csv` (hours and cost per day and pay category, both cases), `baseline-roster.csv`,
/// `scenario-roster.csv`, `chart.svg`, `report.zh.html`, `report.en.html`, `summary.json`.
public enum ScenarioFiles {
    public static let names = ["hourly.csv", "surge.csv", "people.csv", "cost.csv", "baseline-roster.csv", "scenario-roster.csv",
                               "chart.svg", "report.zh.html", "report.en.html", "summary.json"]

    /// Writes every file into `directory` (created if needed) and returns their paths.
    @discardableResult
    public static func write(_ o: ScenarioOutcome, profile: CenterProfile, to directory: String,
                             chartLanguage: DocumentLanguage = .zh, calendar: HolidayCalendar = .china) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ n: String) -> String { directory + "/" + n }
        try hourlyCSV(o).write(toFile: path("hourly.csv"), atomically: true, encoding: .utf8)
        try surgeCSV(o, rates: PayRates(pay: profile.pay, calendar: calendar)).write(toFile: path("surge.csv"), atomically: true, encoding: .utf8)
        try peopleCSV(o).write(toFile: path("people.csv"), atomically: true, encoding: .utf8)
        try costCSV(o).write(toFile: path("cost.csv"), atomically: true, encoding: .utf8)
        try RosterCSV.write(o.baselineShifts, to: path("baseline-roster.csv"))
        let scenarioShifts = o.scenarioBlocks.map {
            ShiftAssignment(personId: $0.personId, name: $0.name, role: $0.role, date: $0.date, start: $0.start, end: $0.end,
                            shift: $0.measure == .rostered ? (profile.shifts.name(startHour: $0.start.hour)?.chinese ?? "班次")
                                : ScenarioReport.measureName($0.measure, .zh))
        }.sorted { ($0.start, $0.personId) < ($1.start, $1.personId) }
        try RosterCSV.write(scenarioShifts, to: path("scenario-roster.csv"))
        try ScenarioChart.svg(o, language: chartLanguage).write(toFile: path("chart.svg"), atomically: true, encoding: .utf8)
        for lang in DocumentLanguage.allCases {
            try ScenarioReport(outcome: o, profile: profile, language: lang).html()
                .write(toFile: path("report.\(lang.rawValue).html"), atomically: true, encoding: .utf8)
        }
        var withFiles = o
        withFiles.files = names.map(path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(withFiles).write(to: URL(fileURLWithPath: path("summary.json")))
        return withFiles.files
    }

    static func n(_ v: Double, _ digits: Int = 4) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        return String(format: "%.\(digits)f", v)
    }

    public static let hourlyColumns = [
        "start", "baseline_calls", "scenario_calls", "baseline_aht_seconds", "scenario_aht_seconds",
        "baseline_required", "baseline_scheduled", "baseline_short", "baseline_service_level", "baseline_abandonment", "baseline_answer_rate",
        "scenario_required", "nothing_scheduled", "nothing_short", "nothing_service_level", "nothing_abandonment", "nothing_answer_rate",
        "surge_scheduled", "training_hours", "surge_short", "surge_service_level", "surge_abandonment", "surge_answer_rate",
    ]

    public static func hourlyCSV(_ o: ScenarioOutcome) -> String {
        var out = hourlyColumns.joined(separator: ",") + "\n"
        for r in o.hourly {
            out += [r.start.description, n(r.baselineCalls, 2), n(r.scenarioCalls, 2), n(r.baselineAHT, 1), n(r.scenarioAHT, 1),
                    "\(r.baselineRequired)", "\(r.baselineScheduled)", "\(r.baselineShort)", n(r.baselineServiceLevel),
                    n(r.baselineAbandonment), n(1 - r.baselineAbandonment),
                    "\(r.scenarioRequired)", "\(r.nothingScheduled)", "\(r.nothingShort)", n(r.nothingServiceLevel),
                    n(r.nothingAbandonment), n(1 - r.nothingAbandonment),
                    "\(r.surgeScheduled)", n(r.trainingHours, 2), "\(r.surgeShort)", n(r.surgeServiceLevel),
                    n(r.surgeAbandonment), n(1 - r.surgeAbandonment)].joined(separator: ",") + "\n"
        }
        return out
    }

    public static let surgeColumns = ["person_id", "name", "role", "measure", "date", "start", "end", "hours", "lieu_date",
                                      "pay_category", "multiplier", "cost"]

    /// One row per extra stretch of work (per calendar day when it crosses midnight, so each row has
    /// one pay category), plus the rostered shifts given back as time off in lieu (negative hours).
    public static func surgeCSV(_ o: ScenarioOutcome, rates r: PayRates) -> String {
        var out = surgeColumns.joined(separator: ",") + "\n"
        for b in o.surgeBlocks.sorted(by: { ($0.start, $0.personId) < ($1.start, $1.personId) }) {
            var t = b.start
            while t < b.end {
                let next = min(LocalDateTime(date: t.date.adding(days: 1)), b.end)
                let h = Double(next.seconds - t.seconds) / 3600
                let cat = r.category(on: t.date, kind: b.workTimeKind,
                                     timeOffInLieu: b.measure == .restDay ? b.lieuDate != nil : o.timeOffInLieu)
                let m = r.multiplier(cat)
                out += [b.personId, csvField(b.name), b.role.rawValue, b.measure.rawValue, b.date.description, t.description,
                        next.description, n(h, 2), b.lieuDate?.description ?? "", cat.rawValue, n(m, 2),
                        n(h * r.pay.hourlyWage * m, 2)].joined(separator: ",") + "\n"
                t = next
            }
        }
        for b in o.lieuBlocks {
            out += [b.personId, csvField(b.name), b.role.rawValue, "time_off_in_lieu", b.date.description, b.start.description,
                    b.end.description, n(-b.hours, 2), "", "", "", ""].joined(separator: ",") + "\n"
        }
        return out
    }

    public static let peopleColumns = ["person_id", "name", "role", "month", "overtime_already_worked", "overtime_hours",
                                       "rest_day_hours", "rest_day_hours_with_lieu", "standby_hours", "month_overtime_total",
                                       "max_daily_overtime"]

    public static func peopleCSV(_ o: ScenarioOutcome) -> String {
        var out = peopleColumns.joined(separator: ",") + "\n"
        for p in o.personMonths {
            out += [p.personId, csvField(p.name), p.role.rawValue, p.month, n(p.overtimeAlreadyWorked, 2), n(p.overtimeHours, 2),
                    n(p.restDayHours, 2), n(p.restDayHoursWithLieu, 2), n(p.standbyHours, 2), n(p.monthOvertimeTotal, 2),
                    n(p.maxDailyOvertime, 2)].joined(separator: ",") + "\n"
        }
        return out
    }

    public static func costCSV(_ o: ScenarioOutcome) -> String {
        var out = "case,date,pay_category,multiplier,hours,cost\n"
        for (name, c) in [("baseline", o.baseline.costBreakdown), ("scenario", o.scenario.costBreakdown)] {
            for l in c.byDay {
                out += "\(name),\(l.date),\(l.category.rawValue),\(n(l.multiplier, 2)),\(n(l.hours, 2)),\(n(l.cost, 2))\n"
            }
            if let leave = c.byMeasure["paid_leave"], leave > 0 {
                out += "\(name),,paid_leave,1,\(n(leave / c.hourlyWage, 2)),\(n(leave, 2))\n"
            }
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
