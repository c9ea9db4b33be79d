import Foundation
import HotlineCore

/// The files of a capacity plan: `months.csv` (the month table), `chart.svg` (need vs supply band),
/// `report.zh.html`, `report.en.html` (for the contract manager), `plan.json`.
public enum CapacityFiles {
    public static let names = ["months.csv", "chart.svg", "report.zh.html", "report.en.html", "plan.json"]

    public static let columns = ["month", "calls", "required_agent_hours", "paid_agent_hours", "required_agents", "required_headcount",
                                 "floor", "supply_expected", "supply_low", "supply_high", "hires", "training_starts", "ready_from_training",
                                 "expected_separations", "kpi_separations", "non_kpi_separations", "other_role_hires", "overtime_hours", "shortfall_hours", "expected_shortfall_hours",
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
                    n(r.expectedSeparations), n(r.kpiSeparations), n(r.nonKpiSeparations), n(r.otherRoleHires), n(r.overtimeHours), n(r.shortfallHours), n(r.expectedShortfallHours),
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
        let t = plan.turnover
        s += "<p>" + l.pick("年离职率假设 \(pc(plan.annualAttrition))（全部离职，\(plan.attritionSource)）。人员流失率（考核口径：不计考录公务员/事业单位等不计入的离职）预计 \(pc(t.rate))，考核上限 \(pc(t.cap))：",
                            "Attrition assumed \(pc(plan.annualAttrition)) a year (all separations; \(plan.attritionSource)). Turnover as the KPI counts it (separations to civil-service or public-institution posts and others not counted left out) expected \(pc(t.rate)) against the \(pc(t.cap)) KPI: ")
            + (t.withinCap ? l.pick("达标", "within") : "<span class=\"warn\">" + l.pick("超标", "above") + "</span>")
            + l.pick("；全部离职口径 \(pc(t.allSeparationsRate))（预计离职 \(String(format: "%.1f", t.expectedSeparations)) 人，其中计入考核 \(String(format: "%.1f", t.kpiSeparations))、不计入 \(String(format: "%.1f", t.nonKpiSeparations))；不计入比例 \(pc(t.nonKpiShare))：\(htmlEscape(t.nonKpiShareSource))）。",
                     "; all separations \(pc(t.allSeparationsRate)) (expected separations \(String(format: "%.1f", t.expectedSeparations)): \(String(format: "%.1f", t.kpiSeparations)) counted, \(String(format: "%.1f", t.nonKpiSeparations)) not counted; share not counted \(pc(t.nonKpiShare)): \(htmlEscape(t.nonKpiShareSource))).") + "</p>\n"
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
            ? ["月份", "来电", "需求工时", "需求人数", "下限", "预计在岗", "区间", "开班人数", "结业上岗", "预计离职", "其中计入考核", "其他岗位招聘", "加班工时", "缺口工时(期望)", "P(低于下限)", "年化流失"]
            : ["month", "calls", "paid agent-h", "needed", "floor", "expected staff", "band", "hires", "ready", "separations", "KPI-counted", "other-role hires", "overtime h", "shortfall h (exp.)", "P(below floor)", "turnover (ann.)"]
        s += "<table><tr>" + heads.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        for r in plan.months {
            let cells = [r.month.description, n(r.calls), n(r.paidAgentHours), String(format: "%.1f", r.requiredHeadcount), "\(r.floor)",
                         String(format: "%.1f", r.supplyExpected), "\(r.supplyLow)–\(r.supplyHigh)", "\(r.hires)", String(format: "%.1f", r.readyFromTraining),
                         String(format: "%.1f", r.expectedSeparations), String(format: "%.1f", r.kpiSeparations),
                         String(format: "%.1f", r.otherRoleHires), n(r.overtimeHours), n(r.expectedShortfallHours), pc(r.probabilityBelowFloor), pc(r.turnoverAnnualised)]
            s += "<tr>" + cells.map { "<td>\(htmlEscape($0))</td>" }.joined() + "</tr>\n"
        }
        s += "</table>\n"
        s += "<h2>" + l.pick("各岗位如何保障", "How each role is covered") + "</h2>\n<table><tr>"
            + (l == .zh ? ["岗位", "下限", "现有", "方式", "计划招聘", "预计替补", "P(低于下限) 最大", "说明"]
                        : ["role", "minimum", "on staff", "coverage", "planned hires", "expected replacements", "max P(below minimum)", "statement"]).map { "<th>\($0)</th>" }.joined()
            + "</tr>\n"
        for r in plan.roles {
            let how: String
            switch r.coverage {
            case .trainingClasses: how = l.pick("培训班招聘（规划）", "training classes (planned)")
            case .plannedHires: how = l.pick("逐人招聘（规划）", "individual hires (planned)")
            case .replacedOnDeparture: how = l.pick("离职即补", "replaced on departure")
            }
            let cells = [r.role, "\(r.minimum)", "\(r.onStaff)", how, "\(r.hires)", String(format: "%.1f", r.expectedReplacementHires), pc(r.maxProbabilityBelowMinimum)]
            s += "<tr>" + cells.map { "<td>\(htmlEscape($0))</td>" }.joined() + "<td style=\"text-align:left\">\(htmlEscape(r.statement))</td></tr>\n"
        }
        s += "</table>\n"
        return s + "</body></html>\n"
    }

    static func pc(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
    static func money(_ x: Double) -> String { String(format: "%.0f", x) }
}
