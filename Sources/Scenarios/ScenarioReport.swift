import Foundation
import HotlineCore

/// The chart of a scenario run as a standalone SVG: two panels, hour by hour over the period —
/// the baseline (agents scheduled as bars, required as a line) and the scenario (scheduled if
/// nothing is done, the surge plan's extra agents stacked on top, hours still short in red,
/// required as a line); the seat limit dashed; holidays shaded.
public enum ScenarioChart {
    public static func svg(_ o: ScenarioOutcome, language L: DocumentLanguage = .zh, calendar: HolidayCalendar = .china) -> String {
        let rows = o.hourly
        let hours = rows.count
        let width = 1400.0, panelH = 260.0, left = 48.0, right = 12.0, top = 44.0, gap = 56.0, bottom = 40.0
        let height = top + 2 * panelH + gap + bottom
        let plotW = width - left - right
        let peak = max(1, o.seats, rows.map { max($0.baselineRequired, $0.scenarioRequired, $0.surgeScheduled, $0.baselineScheduled) }.max() ?? 0)
        let yMax = Double(peak) * 1.08
        let barW = plotW / Double(max(1, hours))
        func x(_ h: Int) -> Double { left + Double(h) * barW }
        func f(_ v: Double) -> String { String(Double((v * 10).rounded()) / 10) }
        var out: [String] = []
        out.append(##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(Int(width))" height="\##(Int(height))" viewBox="0 0 \##(Int(width)) \##(Int(height))" font-family="sans-serif" font-size="11">"##)
        let title = L.pick("每小时坐席需求与排班人数：基准与情景（\(o.title(L))）", "Agents required vs scheduled per hour: baseline and scenario (\(o.title(L)))")
        out.append(##"<title>\##(htmlEscape(title))</title>"##)
        out.append(##"<rect width="100%" height="100%" fill="white"/>"##)
        out.append(##"<text x="\##(f(left))" y="20" font-size="14">\##(htmlEscape(title))</text>"##)
        for panel in 0..<2 {
            let pTop = top + Double(panel) * (panelH + gap)
            func y(_ v: Double) -> Double { pTop + panelH - v / yMax * panelH }
            let label = panel == 0 ? L.pick("基准（预测话务，不采取措施）", "Baseline (forecast volume)")
                : L.pick("情景：灰色为不采取措施时的排班，蓝色为增援措施，红色为仍不足", "Scenario: grey = roster if nothing is done, blue = surge measures, red = still short")
            out.append(##"<text x="\##(f(left))" y="\##(f(pTop - 6))" font-size="12">\##(htmlEscape(label))</text>"##)
            // Holiday shading.
            for d in 0..<(hours / 24) {
                let date = o.periodStart.adding(days: d)
                if let k = calendar.kind(on: date), k == .holiday || k == .rest {
                    out.append(##"<rect x="\##(f(x(d * 24)))" y="\##(f(pTop))" width="\##(f(24 * barW))" height="\##(f(panelH))" fill="\##(k == .holiday ? "#fde2e2" : "#fdf0e2")"/>"##)
                }
            }
            for (h, r) in rows.enumerated() {
                if panel == 0 {
                    let s = Double(r.baselineScheduled)
                    out.append(##"<rect x="\##(f(x(h)))" y="\##(f(y(s)))" width="\##(f(max(0.5, barW - 0.2)))" height="\##(f(y(0) - y(s)))" fill="\##(r.baselineShort > 0 ? "#d62728" : "#9ecae1")"/>"##)
                } else {
                    let base = Double(min(r.nothingScheduled, r.surgeScheduled))
                    out.append(##"<rect x="\##(f(x(h)))" y="\##(f(y(base)))" width="\##(f(max(0.5, barW - 0.2)))" height="\##(f(y(0) - y(base)))" fill="#bdbdbd"/>"##)
                    let extra = Double(r.surgeScheduled + r.trainingEquivalent) - base
                    if extra > 0 {
                        out.append(##"<rect x="\##(f(x(h)))" y="\##(f(y(base + extra)))" width="\##(f(max(0.5, barW - 0.2)))" height="\##(f(y(base) - y(base + extra)))" fill="#3182bd"/>"##)
                    }
                    if r.surgeShort > 0 {
                        let top = base + max(0, extra)
                        out.append(##"<rect x="\##(f(x(h)))" y="\##(f(y(top + Double(r.surgeShort))))" width="\##(f(max(0.5, barW - 0.2)))" height="\##(f(y(top) - y(top + Double(r.surgeShort))))" fill="#d62728" fill-opacity="0.8"/>"##)
                    }
                }
            }
            let req = rows.map { panel == 0 ? $0.baselineRequired : $0.scenarioRequired }
            var path = "M\(f(x(0))),\(f(y(Double(req.first ?? 0))))"
            for h in 0..<hours {
                let v = y(Double(req[h]))
                path += " L\(f(x(h))),\(f(v)) L\(f(x(h + 1))),\(f(v))"
            }
            out.append(##"<path d="\##(path)" fill="none" stroke="#08306b" stroke-width="1.2"/>"##)
            let seatY = y(Double(o.seats))
            out.append(##"<line x1="\##(f(left))" y1="\##(f(seatY))" x2="\##(f(left + plotW))" y2="\##(f(seatY))" stroke="#555" stroke-dasharray="4 3"/>"##)
            out.append(##"<text x="\##(f(left + plotW - 4))" y="\##(f(seatY - 4))" text-anchor="end">\##(htmlEscape(L.pick("座席 \(o.seats)", "\(o.seats) seats")))</text>"##)
            out.append(##"<line x1="\##(f(left))" y1="\##(f(y(0)))" x2="\##(f(left + plotW))" y2="\##(f(y(0)))" stroke="black"/>"##)
            out.append(##"<line x1="\##(f(left))" y1="\##(f(pTop))" x2="\##(f(left))" y2="\##(f(y(0)))" stroke="black"/>"##)
            for d in 0..<(hours / 24) {
                let dx = x(d * 24)
                if d > 0 { out.append(##"<line x1="\##(f(dx))" y1="\##(f(pTop))" x2="\##(f(dx))" y2="\##(f(y(0)))" stroke="#ddd"/>"##) }
                let date = o.periodStart.adding(days: d)
                out.append(##"<text x="\##(f(dx + 12 * barW))" y="\##(f(y(0) + 14))" text-anchor="middle" font-size="9">\##(date.month)-\##(date.day)</text>"##)
            }
            for k in 0...4 {
                let v = Double(peak) * Double(k) / 4
                out.append(##"<text x="\##(f(left - 6))" y="\##(f(y(v) + 4))" text-anchor="end">\##(Int(v.rounded()))</text>"##)
            }
        }
        let legend = L.pick("柱：在班坐席人数；线：需求人数；虚线：座席上限；粉色底：法定节假日，橙色底：调休休息日",
                            "bars: agents on shift; line: agents required; dashed: seat limit; pink: statutory holiday, orange: holiday rest day")
        out.append(##"<text x="\##(f(left))" y="\##(f(height - 10))">\##(htmlEscape(legend))</text>"##)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}

extension ScenarioOutcome {
    func title(_ L: DocumentLanguage) -> String { L == .zh ? name : (nameEnglish ?? name) }
    /// Whether the baseline's history was generated in memory (not read from a file).
    var historyGenerated: Bool { historySource.contains("generated in memory") }
}

/// The HTML report of a scenario run, in Simplified Chinese or English: the figures side by side,
/// extra people and hours by measure, cost by pay rate against the baseline and the budget, the
/// rules bent and the exemptions used, the hours still short, and the chart.
public struct ScenarioReport: Sendable {
    public var outcome: ScenarioOutcome
    public var profile: CenterProfile
    public var language: DocumentLanguage

    public init(outcome: ScenarioOutcome, profile: CenterProfile, language: DocumentLanguage) {
        self.outcome = outcome
        self.profile = profile
        self.language = language
    }

    static func measureName(_ m: Measure, _ L: DocumentLanguage) -> String {
        switch m {
        case .rostered: L.pick("排班", "rostered")
        case .overtime: L.pick("延时加班", "overtime")
        case .restDay: L.pick("休息日加班", "rest-day work")
        case .training: L.pick("取消培训", "training cancelled")
        case .standby: L.pick("备用人员", "standby pool")
        }
    }

    static func categoryName(_ c: PayCategory, _ L: DocumentLanguage) -> String {
        switch c {
        case .holiday: L.pick("法定节假日（300%）", "statutory holiday (300%)")
        case .restDay: L.pick("休息日（200%）", "rest day (200%)")
        case .overtime: L.pick("延时加班（150%）", "overtime (150%)")
        case .regular: L.pick("正常工时（100%）", "regular (100%)")
        }
    }

    func pct(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }
    func money(_ v: Double) -> String { String(format: "%.0f", v) }

    public func html() -> String {
        let L = language, o = outcome
        let centre = L == .zh ? profile.name : (profile.nameEnglish ?? profile.name)
        let title = L.pick("情景推演：", "Scenario: ") + o.title(L)
        var h = """
        <!DOCTYPE html>
        <html lang="\(L == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <title>\(htmlEscape(centre)) · \(htmlEscape(title))</title>
        <style>
        body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.3em; margin-bottom: 0.2em; }
        h2 { font-size: 1.1em; margin-top: 1.4em; }
        p.meta { color: #555; margin-top: 0; }
        p.synthetic { background: #fff4d6; border: 1px solid #e0c36a; padding: 0.4em 0.7em; display: inline-block; }
        p.emergency { background: #fde2e2; border: 1px solid #d62728; padding: 0.4em 0.7em; display: inline-block; }
        table { border-collapse: collapse; font-size: 0.85em; margin-bottom: 0.8em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.55em; text-align: right; white-space: nowrap; }
        th { background: #f1f3f6; }
        td.l, th.l { text-align: left; white-space: normal; }
        td.bad { color: #b10000; font-weight: bold; }
        </style>
        </head>
        <body>
        <h1>\(htmlEscape(centre)) · \(htmlEscape(title))</h1>
        <p class="meta">\(htmlEscape(L.pick("时段", "Period"))) \(o.periodStart) – \(o.periodEnd) (\(o.weeks) \(L.pick("周，逐小时", "weeks, hourly"))) · \(htmlEscape(L.pick("预测模型", "forecast model"))) \(htmlEscape(o.forecastModel)) · \(htmlEscape(L.pick("座席", "seats"))) \(o.seats)</p>

        """
        if o.synthetic {
            let source = o.historyGenerated
                ? L.pick("在内存中生成的合成历史（SyntheticHistory，种子 12345，时段前13周）", o.historySource) : o.historySource
            h += "<p class=\"synthetic\">\(htmlEscape(L.pick("合成数据：基准话务来自合成历史（", "Synthetic data: the baseline volume comes from a synthetic history (") + source + L.pick("），并非真实话务；人员姓名为合成。", "), not real calls; the people's names are made up.")))</p>\n"
        } else {
            h += "<p class=\"meta\">\(htmlEscape(L.pick("历史数据：", "History: ") + o.historySource))</p>\n"
        }
        if o.emergency {
            h += "<p class=\"emergency\">\(htmlEscape(L.pick("突发公共事件：按《劳动法》第四十二条，加班不受第四十一条每日3小时、每月36小时的限制（仍不超过每日在岗上限与最短休息）。", "Public emergency: under Labour Law art. 42 the art. 41 overtime limits (3 h a day, 36 h a month) do not apply (the daily on-duty maximum and the minimum rest still do).")))</p>\n"
        }

        // Side by side.
        let nothing = o.scenario.nothingDone
        h += "<h2>\(htmlEscape(L.pick("基准与情景对比", "Baseline vs scenario")))</h2>\n<table>\n<tr><th class=\"l\"></th><th>\(htmlEscape(L.pick("基准", "Baseline")))</th><th>\(htmlEscape(L.pick("情景：不采取措施", "Scenario: nothing done")))</th><th>\(htmlEscape(L.pick("情景：增援方案", "Scenario: surge plan")))</th></tr>\n"
        func row(_ label: String, _ f: (CaseFigures) -> String) {
            h += "<tr><td class=\"l\">\(htmlEscape(label))</td><td>\(f(o.baseline))</td><td>\(nothing.map(f) ?? "")</td><td>\(f(o.scenario))</td></tr>\n"
        }
        row(L.pick("预测来电", "Forecast calls")) { String(format: "%.0f", $0.forecastCalls) }
        row(L.pick("需求坐席工时", "Required agent-hours")) { "\($0.requiredAgentHours)" }
        row(L.pick("排班坐席工时", "Scheduled agent-hours")) { "\($0.scheduledAgentHours)" }
        row(L.pick("不足坐席工时", "Short agent-hours")) { "\($0.shortAgentHours)" }
        row(L.pick("不足小时数", "Hours short")) { "\($0.shortHours)" }
        row(L.pick("服务水平（\(Int(profile.service.withinSeconds)) 秒接通率）", "Service level (answered in \(Int(profile.service.withinSeconds)) s)")) { pct($0.serviceLevel) }
        row(L.pick("放弃率", "Abandonment")) { pct($0.abandonment) }
        row(L.pick("有效接通率", "Effective answer rate")) { pct($0.answerRate) }
        row(L.pick("人工成本（\(profile.pay.currency)）", "Staff cost (\(profile.pay.currency))")) { money($0.cost) }
        h += "</table>\n"
        h += "<p class=\"meta\">\(htmlEscape(L.pick("服务水平与放弃率：Erlang A（平均耐心 \(Int(profile.service.patienceSeconds ?? 180)) 秒），按来电加权；坐席工时为在班人数（含 \(Int((profile.shrinkage.total * 100).rounded()))% 损耗）。", "Service level and abandonment: Erlang A (mean patience \(Int(profile.service.patienceSeconds ?? 180)) s), weighted by calls; agent-hours count people on shift (\(Int((profile.shrinkage.total * 100).rounded()))% shrinkage).")))</p>\n"

        // Extra people and hours.
        h += "<h2>\(htmlEscape(L.pick("增援：人数与工时（按措施）", "Surge: extra people and hours by measure")))</h2>\n<table>\n<tr><th class=\"l\">\(htmlEscape(L.pick("措施", "Measure")))</th><th>\(htmlEscape(L.pick("人数", "People")))</th><th>\(htmlEscape(L.pick("工时", "Hours")))</th><th>\(htmlEscape(L.pick("成本", "Cost")))</th></tr>\n"
        for m in [Measure.overtime, .restDay, .standby, .training] {
            let hours = o.extra.hoursByMeasure[m.rawValue] ?? 0
            let people = o.extra.peopleByMeasure[m.rawValue] ?? 0
            let cost = o.scenario.costBreakdown.byMeasure[m.rawValue] ?? 0
            h += "<tr><td class=\"l\">\(htmlEscape(Self.measureName(m, L)))</td><td>\(m == .training ? "–" : "\(people)")</td><td>\(String(format: "%.1f", hours))</td><td>\(money(cost))</td></tr>\n"
        }
        h += "<tr><td class=\"l\">\(htmlEscape(L.pick("合计（不重复计人）", "Total (people counted once)")))</td><td>\(o.extra.people)</td><td>\(String(format: "%.1f", o.extra.hoursByMeasure.filter { $0.key != "training" }.values.reduce(0, +)))</td><td></td></tr>\n</table>\n"
        if o.extra.restDaysGivenBack > 0 {
            h += "<p class=\"meta\">\(htmlEscape(L.pick("安排补休：\(o.extra.restDaysGivenBack) 个班次（在有富余人手的日子）", "Time off in lieu: \(o.extra.restDaysGivenBack) shifts given back on days with agents to spare")))</p>\n"
        }

        // Cost.
        h += "<h2>\(htmlEscape(L.pick("成本（按工资倍率）", "Cost by pay rate")))</h2>\n<table>\n<tr><th class=\"l\">\(htmlEscape(L.pick("类别", "Category")))</th><th>\(htmlEscape(L.pick("基准工时", "Baseline hours")))</th><th>\(htmlEscape(L.pick("基准成本", "Baseline cost")))</th><th>\(htmlEscape(L.pick("情景工时", "Scenario hours")))</th><th>\(htmlEscape(L.pick("情景成本", "Scenario cost")))</th></tr>\n"
        for cat in PayCategory.allCases {
            let b = o.baseline.costBreakdown.byCategory.first { $0.category == cat }
            let s = o.scenario.costBreakdown.byCategory.first { $0.category == cat }
            h += "<tr><td class=\"l\">\(htmlEscape(Self.categoryName(cat, L)))</td><td>\(String(format: "%.0f", b?.hours ?? 0))</td><td>\(money(b?.cost ?? 0))</td><td>\(String(format: "%.0f", s?.hours ?? 0))</td><td>\(money(s?.cost ?? 0))</td></tr>\n"
        }
        h += "<tr><td class=\"l\">\(htmlEscape(L.pick("合计", "Total")))</td><td>\(String(format: "%.0f", o.baseline.costBreakdown.hours))</td><td>\(money(o.baseline.cost))</td><td>\(String(format: "%.0f", o.scenario.costBreakdown.hours))</td><td>\(money(o.scenario.cost))</td></tr>\n</table>\n"
        var budget = L.pick("比基准增加 ", "Extra over the baseline: ") + money(o.budget.extraCost) + " " + profile.pay.currency
        if let b = o.budget.annualBudget, let share = o.budget.extraShareOfBudget {
            budget += L.pick("，占年度预算 \(money(b)) 的 \(pct(share))；基准时段折合全年 \(money(o.budget.baselineAnnualised))（预算的 \(pct(o.budget.baselineAnnualisedShareOfBudget ?? 0))）。",
                             ", \(pct(share)) of the annual budget of \(money(b)); the baseline period annualised is \(money(o.budget.baselineAnnualised)) (\(pct(o.budget.baselineAnnualisedShareOfBudget ?? 0)) of the budget).")
        } else {
            budget += L.pick("（档案未设年度预算 [pay] annual_budget）。", " (the profile sets no annual budget, [pay] annual_budget).")
        }
        h += "<p>\(htmlEscape(budget))</p>\n"
        h += "<p class=\"meta\">\(htmlEscape(L.pick("法定节假日工时一律按300%计；调休休息日及个人休息日加班按200%计，已安排补休的除外；延时加班按150%计。缺勤人员按正常工资计。", "Statutory-holiday hours are costed at 300%; work on a holiday block's rest days and on one's own days off at 200% unless time off in lieu is planned; overtime at 150%. Absent people are paid as ordinary leave.")))\(o.timeOffInLieu ? htmlEscape(L.pick(" 本情景已安排补休。", " This scenario plans time off in lieu.")) : "")</p>\n"

        // Rules bent and exemptions.
        h += "<h2>\(htmlEscape(L.pick("增援方案突破的规则", "Rules the surge plan bends")))</h2>\n"
        if o.bends.isEmpty {
            h += "<p>\(htmlEscape(L.pick("无。", "None.")))</p>\n"
        } else {
            h += "<table>\n<tr><th class=\"l\">\(htmlEscape(L.pick("规则", "Rule")))</th><th class=\"l\">\(htmlEscape(L.pick("依据", "Basis")))</th><th>\(htmlEscape(L.pick("次数", "Count")))</th><th class=\"l\">\(htmlEscape(L.pick("说明", "Detail")))</th></tr>\n"
            for b in o.bends {
                h += "<tr><td class=\"l\">\(htmlEscape(L == .zh ? b.ruleChinese : b.rule))</td><td class=\"l\">\(htmlEscape(b.basis))</td><td>\(b.count)</td><td class=\"l\">\(htmlEscape(L == .zh ? b.detailChinese : b.detail))</td></tr>\n"
            }
            h += "</table>\n"
        }
        h += "<h2>\(htmlEscape(L.pick("使用的紧急豁免（第四十二条）", "Emergency exemptions used (art. 42)")))</h2>\n"
        if o.exemptions.isEmpty {
            h += "<p>\(htmlEscape(o.emergency ? L.pick("未超出第四十一条的限制。", "The art. 41 limits were not exceeded.") : L.pick("不适用：本情景不是突发公共事件，所有人每日加班不超过3小时、每月不超过36小时。", "None: this scenario is no public emergency; nobody works more than 3 h overtime a day or 36 h a month.")))</p>\n"
        } else {
            h += "<table>\n<tr><th class=\"l\">\(htmlEscape(L.pick("限制", "Limit")))</th><th>\(htmlEscape(L.pick("超出次数", "Cases")))</th><th>\(htmlEscape(L.pick("最多（小时）", "Maximum (h)")))</th><th class=\"l\">\(htmlEscape(L.pick("明细", "Cases")))</th></tr>\n"
            for e in o.exemptions {
                h += "<tr><td class=\"l\">\(htmlEscape(L == .zh ? e.ruleChinese : e.rule))</td><td>\(e.count)</td><td>\(String(format: "%.1f", e.maximum))</td><td class=\"l\">\(htmlEscape(e.cases.joined(separator: "; ")))</td></tr>\n"
            }
            h += "</table>\n"
        }

        if let w = o.withoutExemption {
            h += "<p>\(htmlEscape(L.pick("对比：同一基准下若不使用第四十二条豁免，仍不足 \(w.shortAgentHours) 坐席工时（服务水平 \(pct(w.serviceLevel))）；使用豁免后不足 \(o.scenario.shortAgentHours) 坐席工时（服务水平 \(pct(o.scenario.serviceLevel))）。", "Compared on the same baseline: without the art. 42 exemption \(w.shortAgentHours) agent-hours stay short (service level \(pct(w.serviceLevel))); with it \(o.scenario.shortAgentHours) (service level \(pct(o.scenario.serviceLevel))).")))</p>\n"
        }

        // Remaining shortfall.
        h += "<h2>\(htmlEscape(L.pick("增援后仍不足的时段", "Hours still short with the surge plan")))</h2>\n"
        if o.remainingShortfall.isEmpty {
            h += "<p>\(htmlEscape(L.pick("无：每小时都已覆盖。", "None: every hour is covered.")))</p>\n"
        } else {
            let total = o.remainingShortfall.reduce(0) { $0 + $1.short }
            h += "<p>\(htmlEscape(L.pick("共 \(o.remainingShortfall.count) 小时，\(total) 坐席工时。", "\(o.remainingShortfall.count) hours, \(total) agent-hours.")))</p>\n"
            h += "<table>\n<tr><th class=\"l\">\(htmlEscape(L.pick("时段", "Hour")))</th><th>\(htmlEscape(L.pick("需求", "Required")))</th><th>\(htmlEscape(L.pick("在班", "On shift")))</th><th>\(htmlEscape(L.pick("不足", "Short")))</th><th class=\"l\">\(htmlEscape(L.pick("原因", "Reason")))</th></tr>\n"
            for s in o.remainingShortfall.sorted(by: { $0.short > $1.short }).prefix(40).sorted(by: { $0.start < $1.start }) {
                let reason = s.scheduled >= o.seats ? L.pick("座席已满（\(o.seats)）", s.reason) : L.pick("无可用措施（规则、人员或限额）", s.reason)
                h += "<tr><td class=\"l\">\(s.start)</td><td>\(s.required)</td><td>\(s.scheduled)</td><td class=\"bad\">\(s.short)</td><td class=\"l\">\(htmlEscape(reason))</td></tr>\n"
            }
            h += "</table>\n"
        }
        if !o.absences.isEmpty {
            h += "<p class=\"meta\">\(htmlEscape(L.pick("额外缺勤：\(Set(o.absences.map(\.personId)).count) 人", "Extra absence: \(Set(o.absences.map(\.personId)).count) people")))</p>\n"
        }
        for n in o.notes { h += "<p class=\"meta\">\(htmlEscape(n))</p>\n" }
        h += "<h2>\(htmlEscape(L.pick("逐小时图", "Hour by hour")))</h2>\n"
        h += ScenarioChart.svg(o, language: L)
        h += "<p class=\"meta\">\(htmlEscape(L.pick("逐小时数据见 hourly.csv；每人增援明细见 surge.csv 与 people.csv。", "Hourly figures: hourly.csv; per-person extra work: surge.csv and people.csv.")))</p>\n"
        h += "</body>\n</html>\n"
        return h
    }
}
