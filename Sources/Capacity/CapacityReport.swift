import Foundation
import HotlineCore

/// The files of a capacity plan: `months.csv` (the month table), `chart.svg` (need vs supply band),
/// `report.zh.html`, `report.en.html` (for the contract manager), `plan.json`.
public enum CapacityFiles {
    public static let names = ["months.csv", "chart.svg", "report.zh.html", "report.en.html", "plan.json"]

    public static let columns = ["month", "calls", "required_agent_hours", "paid_agent_hours", "required_agents", "required_headcount",
                                 "floor", "supply_expected", "supply_low", "supply_high", "hires", "training_starts", "ready_from_training",
                                 "expected_separations", "backfill_hires", "overtime_hours", "shortfall_hours", "expected_shortfall_hours",
                                 "p_below_floor", "p_below_agent_minimum", "buffer", "turnover_annualised"]

    @discardableResult
    public static func write(_ plan: CapacityPlan, to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ n: String) -> String { directory + "/" + n }
        try csv(plan).write(toFile: path("months.csv"), atomically: true, encoding: .utf8)
        try chart(plan, language: .zh).write(toFile: path("chart.svg"), atomically: true, encoding: .utf8)
        for lang in DocumentLanguage.allCases {
            try html(plan, language: lang).write(toFile: path("report.\(lang.rawValue).html"), atomically: true, encoding: .utf8)
        }
        try json(plan).write(to: URL(fileURLWithPath: path("plan.json")))
        return names.map(path)
    }

    public static func json(_ plan: CapacityPlan) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(plan)
    }

    static func n(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.4g", v) }

    public static func csv(_ plan: CapacityPlan) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for r in plan.months {
            out += [r.month.description, n(r.calls), n(r.requiredAgentHours), n(r.paidAgentHours), n(r.requiredAgents), n(r.requiredHeadcount),
                    "\(r.floor)", n(r.supplyExpected), "\(r.supplyLow)", "\(r.supplyHigh)", "\(r.hires)", "\(r.trainingStarts)", n(r.readyFromTraining),
                    n(r.expectedSeparations), n(r.backfillHires), n(r.overtimeHours), n(r.shortfallHours), n(r.expectedShortfallHours),
                    n(r.probabilityBelowFloor), n(r.probabilityBelowAgentMinimum), "\(r.buffer)", n(r.turnoverAnnualised)].joined(separator: ",") + "\n"
        }
        return out
    }

    /// Need (required headcount) and the contract floor as lines, the simulated supply band
    /// (confidence quantiles) as an area, expected supply as a line, hires as bars.
    public static func chart(_ plan: CapacityPlan, language l: DocumentLanguage) -> String {
        let w = 760.0, h = 320.0, left = 50.0, right = 20.0, top = 30.0, bottom = 40.0
        let rows = plan.months
        guard !rows.isEmpty else { return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }
        let values = rows.flatMap { [$0.requiredHeadcount, Double($0.floor), Double($0.supplyLow), Double($0.supplyHigh), $0.supplyExpected] }
        let lo = max(0, (values.min()! - 10).rounded(.down)), hi = (values.max()! + 5).rounded(.up)
        let step = (w - left - right) / Double(max(1, rows.count - 1))
        func x(_ i: Int) -> Double { left + Double(i) * step }
        func y(_ v: Double) -> Double { top + (hi - v) / max(1, hi - lo) * (h - top - bottom) }
        func line(_ vs: [Double]) -> String { vs.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element)) }.joined(separator: " ") }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        let band = line(rows.map { Double($0.supplyHigh) }) + " " + line(rows.map { Double($0.supplyLow) }).split(separator: " ").reversed().joined(separator: " ")
        s += "<polygon points=\"\(band)\" fill=\"#9ecae1\" fill-opacity=\"0.5\" stroke=\"none\"/>\n"
        s += "<polyline points=\"\(line(rows.map(\.supplyExpected)))\" fill=\"none\" stroke=\"#3182bd\" stroke-width=\"2\"/>\n"
        s += "<polyline points=\"\(line(rows.map(\.requiredHeadcount)))\" fill=\"none\" stroke=\"#e6550d\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n"
        s += "<polyline points=\"\(line(rows.map { Double($0.floor) }))\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\"/>\n"
        for (i, r) in rows.enumerated() {
            s += "<text x=\"\(String(format: "%.1f", x(i)))\" y=\"\(Int(h - bottom + 15))\" text-anchor=\"middle\">\(r.month.description.suffix(5))</text>\n"
            if r.hires > 0 {
                s += "<text x=\"\(String(format: "%.1f", x(i)))\" y=\"\(Int(h - bottom - 4))\" text-anchor=\"middle\" fill=\"#31a354\">+\(r.hires)</text>\n"
            }
        }
        for k in 0...4 {
            let v = lo + (hi - lo) * Double(k) / 4
            s += "<text x=\"\(Int(left - 6))\" y=\"\(String(format: "%.1f", y(v) + 4))\" text-anchor=\"end\">\(Int(v.rounded()))</text>\n"
            s += "<line x1=\"\(Int(left))\" x2=\"\(Int(w - right))\" y1=\"\(String(format: "%.1f", y(v)))\" y2=\"\(String(format: "%.1f", y(v)))\" stroke=\"#eee\"/>\n"
        }
        let pct = Int((plan.confidence * 100).rounded())
        let legend = [("#3182bd", l.pick("预计在岗人数", "expected staff")),
                      ("#9ecae1", l.pick("\(100 - pct)%–\(pct)% 区间（模拟）", "\(100 - pct)–\(pct)% band (simulated)")),
                      ("#e6550d", l.pick("需求人数", "needed headcount")), ("#d62728", l.pick("合同下限 \(plan.floorTotal) 人", "contract floor \(plan.floorTotal)")),
                      ("#31a354", l.pick("+N 当月开班人数", "+N class start"))]
        for (i, (c, t)) in legend.enumerated() {
            s += "<rect x=\"\(Int(left) + i * 145)\" y=\"8\" width=\"12\" height=\"10\" fill=\"\(c)\"/><text x=\"\(Int(left) + i * 145 + 16)\" y=\"17\">\(htmlEscape(t))</text>\n"
        }
        return s + "</svg>\n"
    }

    public static func html(_ plan: CapacityPlan, language l: DocumentLanguage) -> String {
        let title = l.pick("人力与招聘计划", "Capacity and hiring plan")
        var s = "<!DOCTYPE html>\n<html lang=\"\(l == .zh ? "zh-CN" : "en")\"><head><meta charset=\"utf-8\"><title>\(title) \(plan.from)</title>\n"
        s += "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f3f3f3}.warn{color:#b00}</style></head><body>\n"
        s += "<h1>\(title)：\(plan.from) – \(plan.from.adding(months: plan.monthCount - 1))</h1>\n".replacingOccurrences(of: "：", with: l == .zh ? "：" : ": ")
        let hires = plan.classes.map { "\($0.start) \($0.size)" + l.pick("人", "") }.joined(separator: l.pick("；", "; "))
        s += "<p>" + l.pick("开班招聘：", "Training classes: ") + htmlEscape(hires.isEmpty ? l.pick("无", "none") : hires)
            + l.pick("，共 \(plan.totalHires) 人；培训 \(plan.trainingWeeks) 周，开班后第 \(plan.leadMonths) 个月起上岗。",
                     "; \(plan.totalHires) hires in all; \(plan.trainingWeeks) weeks of training, productive \(plan.leadMonths) month(s) after the class starts.") + "</p>\n"
        s += "<p>" + l.pick("年流失率假设 \(pc(plan.annualAttrition))（\(plan.attritionSource)）；预计流失率 \(pc(plan.turnover.rate))，考核上限 \(pc(plan.turnover.cap))：",
                            "Attrition assumed \(pc(plan.annualAttrition)) a year (\(plan.attritionSource)); expected turnover \(pc(plan.turnover.rate)) against the \(pc(plan.turnover.cap)) KPI: ")
            + (plan.turnover.withinCap ? l.pick("达标", "within") : "<span class=\"warn\">" + l.pick("超标", "above") + "</span>") + "</p>\n"
        s += "<p>" + l.pick("置信度 \(pc(plan.confidence))：各月低于 \(plan.floorTotal) 人的最大概率 \(pc(plan.maxProbabilityBelowFloor))（\(plan.runs) 次模拟，种子 \(plan.seed)）。",
                            "Confidence \(pc(plan.confidence)): the largest monthly probability of staff below \(plan.floorTotal) is \(pc(plan.maxProbabilityBelowFloor)) (\(plan.runs) simulated runs, seed \(plan.seed)).") + "</p>\n"
        s += "<p>" + l.pick("总成本 \(money(plan.cost.total))（工资 \(money(plan.cost.salary))，招聘 \(money(plan.cost.hiring))，培训 \(money(plan.cost.training))，加班 \(money(plan.cost.overtime))）。",
                            "Total cost \(money(plan.cost.total)) (salary \(money(plan.cost.salary)), hiring \(money(plan.cost.hiring)), training \(money(plan.cost.training)), overtime \(money(plan.cost.overtime))).") + "</p>\n"
        s += "<p>" + l.pick("排班效率（排班工时 / 需求工时）\(String(format: "%.3f", plan.tourEfficiency))：\(plan.tourEfficiencySource)。预测：\(plan.forecastModel)，\(plan.forecastSource)。",
                            "Tour efficiency (scheduled / required agent-hours) \(String(format: "%.3f", plan.tourEfficiency)): \(plan.tourEfficiencySource). Forecast: \(plan.forecastModel), \(plan.forecastSource).") + "</p>\n"
        if !plan.cannotMeet.isEmpty {
            s += "<h2 class=\"warn\">" + l.pick("无法满足", "What cannot be met") + "</h2><ul>" + plan.cannotMeet.map { "<li>\(htmlEscape($0))</li>" }.joined() + "</ul>\n"
        }
        if !plan.warnings.isEmpty {
            s += "<h2>" + l.pick("提示", "Notes") + "</h2><ul>" + plan.warnings.map { "<li>\(htmlEscape($0))</li>" }.joined() + "</ul>\n"
        }
        s += chart(plan, language: l)
        let heads = l == .zh
            ? ["月份", "来电", "需求工时", "需求人数", "下限", "预计在岗", "区间", "开班人数", "结业上岗", "预计离职", "加班工时", "缺口工时(期望)", "P(低于下限)", "年化流失"]
            : ["month", "calls", "paid agent-h", "needed", "floor", "expected staff", "band", "hires", "ready", "separations", "overtime h", "shortfall h (exp.)", "P(below floor)", "turnover (ann.)"]
        s += "<table><tr>" + heads.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        for r in plan.months {
            let cells = [r.month.description, n(r.calls), n(r.paidAgentHours), String(format: "%.1f", r.requiredHeadcount), "\(r.floor)",
                         String(format: "%.1f", r.supplyExpected), "\(r.supplyLow)–\(r.supplyHigh)", "\(r.hires)", String(format: "%.1f", r.readyFromTraining),
                         String(format: "%.1f", r.expectedSeparations), n(r.overtimeHours), n(r.expectedShortfallHours), pc(r.probabilityBelowFloor), pc(r.turnoverAnnualised)]
            s += "<tr>" + cells.map { "<td>\(htmlEscape($0))</td>" }.joined() + "</tr>\n"
        }
        s += "</table>\n<p>" + l.pick("非话务岗位（后台、班组长、管理）按一人离职补一人计算；话务员按培训班招聘。",
                                     "Non-agent roles (back office, supervisors, management) are assumed backfilled one for one; phone agents are hired in training classes.") + "</p>\n"
        return s + "</body></html>\n"
    }

    static func pc(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
    static func money(_ x: Double) -> String { String(format: "%.0f", x) }
}
