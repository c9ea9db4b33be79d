import HotlineCore

/// The coverage chart of a weekly plan as a standalone SVG: required agents per interval (a step
/// line; per hour, or per half hour with 30-minute intervals), scheduled agents (bars), the seat
/// limit (a dashed line), short intervals in red, one labelled column per day. Text in Simplified
/// Chinese or English.
public enum CoverageChart {
    public static func svg(_ plan: WeeklyPlan, language: DocumentLanguage = .zh) -> String {
        let hours = plan.required.count
        let width = 1100.0, height = 360.0
        let left = 48.0, right = 12.0, top = 40.0, bottom = 44.0
        let plotW = width - left - right, plotH = height - top - bottom
        let peak = max(1, plan.required.max() ?? 0, plan.scheduled.max() ?? 0, plan.seats)
        let yMax = Double(peak) * 1.08
        let barW = plotW / Double(max(1, hours))
        func x(_ h: Int) -> Double { left + Double(h) * barW }
        func y(_ v: Double) -> Double { top + plotH - v / yMax * plotH }
        func f(_ v: Double) -> String { String(Double((v * 10).rounded()) / 10) }

        var out: [String] = []
        out.append(##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(Int(width))" height="\##(Int(height))" viewBox="0 0 \##(Int(width)) \##(Int(height))" font-family="sans-serif" font-size="11">"##)
        let perDay = 1440 / plan.intervalMinutes
        let weeks = max(1, hours / (7 * perDay))
        let zhUnit = plan.intervalMinutes == 60 ? "每小时" : "每半小时"
        let enUnit = plan.intervalMinutes == 60 ? "per hour" : "per half hour"
        let title = weeks > 1
            ? language.pick("\(zhUnit)坐席需求与排班人数（\(plan.weekStart) 起 \(weeks) 周）",
                            "Agents required vs scheduled \(enUnit), \(weeks) weeks from \(plan.weekStart)")
            : language.pick("\(zhUnit)坐席需求与排班人数（\(plan.weekStart) 起一周）",
                            "Agents required vs scheduled \(enUnit), week of \(plan.weekStart)")
        out.append(##"<title>\##(htmlEscape(title))</title>"##)
        out.append(##"<rect width="100%" height="100%" fill="white"/>"##)
        out.append(##"<text x="\##(f(left))" y="20" font-size="14">\##(htmlEscape(title))</text>"##)
        // Scheduled bars (red where short).
        for h in 0..<hours {
            let s = Double(plan.scheduled[h]), short = plan.scheduled[h] < plan.required[h]
            out.append(##"<rect x="\##(f(x(h)))" y="\##(f(y(s)))" width="\##(f(max(0.5, barW - 0.5)))" height="\##(f(y(0) - y(s)))" fill="\##(short ? "#d62728" : "#9ecae1")"><title>\##(plan.start(ofInterval: h)): \##(plan.scheduled[h]) / \##(plan.required[h])</title></rect>"##)
        }
        // Required as a step line.
        var path = "M\(f(x(0))),\(f(y(Double(plan.required.first ?? 0))))"
        for h in 0..<hours {
            let v = y(Double(plan.required[h]))
            path += " L\(f(x(h))),\(f(v)) L\(f(x(h + 1))),\(f(v))"
        }
        out.append(##"<path d="\##(path)" fill="none" stroke="#08306b" stroke-width="1.5"/>"##)
        // Seats.
        let seatY = y(Double(plan.seats))
        out.append(##"<line x1="\##(f(left))" y1="\##(f(seatY))" x2="\##(f(left + plotW))" y2="\##(f(seatY))" stroke="#555" stroke-dasharray="4 3"/>"##)
        out.append(##"<text x="\##(f(left + plotW - 4))" y="\##(f(seatY - 4))" text-anchor="end">\##(htmlEscape(language.pick("座席 \(plan.seats)", "\(plan.seats) seats")))</text>"##)
        // Axes, day columns.
        out.append(##"<line x1="\##(f(left))" y1="\##(f(y(0)))" x2="\##(f(left + plotW))" y2="\##(f(y(0)))" stroke="black"/>"##)
        out.append(##"<line x1="\##(f(left))" y1="\##(f(top))" x2="\##(f(left))" y2="\##(f(y(0)))" stroke="black"/>"##)
        for d in 0..<(hours / perDay) {
            let dx = x(d * perDay)
            if d > 0 { out.append(##"<line x1="\##(f(dx))" y1="\##(f(top))" x2="\##(f(dx))" y2="\##(f(y(0)))" stroke="#ccc"/>"##) }
            let date = plan.weekStart.adding(days: d)
            out.append(##"<text x="\##(f(dx + Double(perDay / 2) * barW))" y="\##(f(y(0) + 16))" text-anchor="middle">\##(htmlEscape(language.weekdayName(date.weekday))) \##(date.month)-\##(date.day)</text>"##)
        }
        for k in 0...4 {
            let v = Double(peak) * Double(k) / 4
            out.append(##"<text x="\##(f(left - 6))" y="\##(f(y(v) + 4))" text-anchor="end">\##(Int(v.rounded()))</text>"##)
        }
        let legend = language.pick("柱：排班人数（红色为不足）；线：需求人数；虚线：座席上限",
                                   "bars: agents scheduled (red: short); line: agents required; dashed: seat limit")
        out.append(##"<text x="\##(f(left))" y="\##(f(height - 8))">\##(htmlEscape(legend))</text>"##)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}
