import Foundation
import GRDB
import HotlineCore

/// A calendar month, `YYYY-MM`.
public struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    public static func parse(_ text: String) -> YearMonth? {
        let p = text.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count == 4, p[1].count == 2, let y = Int(p[0]), let m = Int(p[1]) else { return nil }
        return YearMonth(year: y, month: m)
    }

    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var lastDay: CivilDate { CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))! }
    public func adding(months n: Int) -> YearMonth {
        let index = year * 12 + (month - 1) + n
        return YearMonth(year: index / 12, month: index % 12 + 1)!
    }
    /// [first day 00:00, next month's first day 00:00).
    public var span: TimeSpan {
        TimeSpan(start: LocalDateTime(date: firstDay).seconds, end: LocalDateTime(date: lastDay.adding(days: 1)).seconds)
    }

    public var description: String { "\(CivilDate.pad(year, 4))-\(CivilDate.pad(month, 2))" }
    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let v = YearMonth.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM, got '\(text)'"))
        }
        self = v
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Figures the assessment imports rather than computes: from the ticket system, the city and the
/// phone system (or the plan's prediction).
public struct MonthlyFigures: Sendable, Hashable, Codable {
    /// 受理单质量差错率, a share in [0, 1].
    public var ticketErrorRate: Double?
    /// 效能指数, published by the city.
    public var efficiencyIndex: Double?
    /// Phone-system totals for the effective answer rate.
    public var inbound: Int?
    public var answeredByAgents: Int?
    public var answeredSelfService: Int?
    /// The plan's predicted answer rate, used when the phone-system totals are absent.
    public var predictedAnswerRate: Double?

    public init(ticketErrorRate: Double? = nil, efficiencyIndex: Double? = nil, inbound: Int? = nil, answeredByAgents: Int? = nil,
                answeredSelfService: Int? = nil, predictedAnswerRate: Double? = nil) {
        self.ticketErrorRate = ticketErrorRate
        self.efficiencyIndex = efficiencyIndex
        self.inbound = inbound
        self.answeredByAgents = answeredByAgents
        self.answeredSelfService = answeredSelfService
        self.predictedAnswerRate = predictedAnswerRate
    }
}

/// One person's month.
public struct PersonAssessment: Sendable, Hashable, Codable {
    public var personId: String
    public var name: String
    public var role: Role
    public var onDutySeconds: Int
    public var onlineSeconds: Int
    /// online / on-duty (nil with no on-duty time).
    public var utilisation: Double?
    public var rosteredSeconds: Int
    /// On-duty seconds inside rostered shifts.
    public var onDutyInRosterSeconds: Int
    /// on-duty inside roster / rostered (nil with nothing rostered).
    public var adherence: Double?
    public var liableComplaints: Int
    public var onJobTrainingHours: Double

    enum CodingKeys: String, CodingKey {
        case personId, name, role, onDutySeconds, onlineSeconds, utilisation, rosteredSeconds, onDutyInRosterSeconds, adherence
        case liableComplaints, onJobTrainingHours
    }

    /// Absent ratios are written as `null`, so every key is always there.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(personId, forKey: .personId)
        try c.encode(name, forKey: .name)
        try c.encode(role, forKey: .role)
        try c.encode(onDutySeconds, forKey: .onDutySeconds)
        try c.encode(onlineSeconds, forKey: .onlineSeconds)
        try c.encode(utilisation, forKey: .utilisation)
        try c.encode(rosteredSeconds, forKey: .rosteredSeconds)
        try c.encode(onDutyInRosterSeconds, forKey: .onDutyInRosterSeconds)
        try c.encode(adherence, forKey: .adherence)
        try c.encode(liableComplaints, forKey: .liableComplaints)
        try c.encode(onJobTrainingHours, forKey: .onJobTrainingHours)
    }
}

/// The monthly assessment (月度考核): the contract's six indicators, plus adherence and headcount.
public struct MonthlyAssessment: Sendable, Codable {
    public var month: YearMonth
    /// People employed at the end of the month (not separated or replaced).
    public var headcount: Int
    public var headcountMinimum: Int?
    public var headcountMeetsMinimum: Bool?
    /// Whole center: online seconds / on-duty seconds.
    public var utilisation: Double?
    /// Whole center: on-duty seconds inside rostered shifts / rostered seconds.
    public var adherence: Double?
    public var onDutySeconds: Int
    public var onlineSeconds: Int
    public var rosteredSeconds: Int
    public var onDutyInRosterSeconds: Int
    public var liableComplaints: Int
    public var ticketErrorRate: Double?
    public var efficiencyIndex: Double?
    public var effectiveAnswerRate: Double?
    /// `phone_system` or `plan`.
    public var effectiveAnswerRateSource: String?
    /// Counted departures in the 12 months ending with this month / average daily headcount.
    public var turnover: Double?
    public var turnoverDepartures: Int
    /// Departures not counted (civil-service and public-institution posts).
    public var turnoverExcludedDepartures: Int
    public var averageHeadcount: Double
    public var turnoverCap: Double
    public var turnoverWithinCap: Bool?
    public var people: [PersonAssessment]
    /// Attendance events inside the month that could not be paired.
    public var anomalies: [AttendanceAnomaly]

    enum CodingKeys: String, CodingKey {
        case month, headcount, headcountMinimum, headcountMeetsMinimum, utilisation, adherence, onDutySeconds, onlineSeconds
        case rosteredSeconds, onDutyInRosterSeconds, liableComplaints, ticketErrorRate, efficiencyIndex, effectiveAnswerRate
        case effectiveAnswerRateSource, turnover, turnoverDepartures, turnoverExcludedDepartures, averageHeadcount, turnoverCap
        case turnoverWithinCap, people, anomalies
    }

    /// Absent figures are written as `null`, so every key is always there.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(month, forKey: .month)
        try c.encode(headcount, forKey: .headcount)
        try c.encode(headcountMinimum, forKey: .headcountMinimum)
        try c.encode(headcountMeetsMinimum, forKey: .headcountMeetsMinimum)
        try c.encode(utilisation, forKey: .utilisation)
        try c.encode(adherence, forKey: .adherence)
        try c.encode(onDutySeconds, forKey: .onDutySeconds)
        try c.encode(onlineSeconds, forKey: .onlineSeconds)
        try c.encode(rosteredSeconds, forKey: .rosteredSeconds)
        try c.encode(onDutyInRosterSeconds, forKey: .onDutyInRosterSeconds)
        try c.encode(liableComplaints, forKey: .liableComplaints)
        try c.encode(ticketErrorRate, forKey: .ticketErrorRate)
        try c.encode(efficiencyIndex, forKey: .efficiencyIndex)
        try c.encode(effectiveAnswerRate, forKey: .effectiveAnswerRate)
        try c.encode(effectiveAnswerRateSource, forKey: .effectiveAnswerRateSource)
        try c.encode(turnover, forKey: .turnover)
        try c.encode(turnoverDepartures, forKey: .turnoverDepartures)
        try c.encode(turnoverExcludedDepartures, forKey: .turnoverExcludedDepartures)
        try c.encode(averageHeadcount, forKey: .averageHeadcount)
        try c.encode(turnoverCap, forKey: .turnoverCap)
        try c.encode(turnoverWithinCap, forKey: .turnoverWithinCap)
        try c.encode(people, forKey: .people)
        try c.encode(anomalies, forKey: .anomalies)
    }
}

extension RosterStore {
    // MARK: Figures

    /// Stores the imported figures of `month` (fields left nil keep their stored value).
    public func setMonthlyFigures(_ month: YearMonth, _ f: MonthlyFigures) throws {
        if let r = f.ticketErrorRate, !(r >= 0 && r <= 1) { throw RosterStoreError.invalid("ticket error rate must be in [0, 1], got \(r)") }
        if let r = f.predictedAnswerRate, !(r >= 0 && r <= 1) { throw RosterStoreError.invalid("predicted answer rate must be in [0, 1], got \(r)") }
        if let e = f.efficiencyIndex, !e.isFinite { throw RosterStoreError.invalid("efficiency index must be a number") }
        for (name, v) in [("inbound", f.inbound), ("answered by agents", f.answeredByAgents), ("answered by self-service", f.answeredSelfService)] {
            if let v, v < 0 { throw RosterStoreError.invalid("\(name) must not be negative, got \(v)") }
        }
        try writeTransaction { db in
            try db.execute(sql: "INSERT OR IGNORE INTO monthly_figures(month) VALUES (?)", arguments: [month.description])
            try db.execute(sql: """
                UPDATE monthly_figures SET ticket_error_rate = COALESCE(?, ticket_error_rate), efficiency_index = COALESCE(?, efficiency_index),
                inbound = COALESCE(?, inbound), answered_by_agents = COALESCE(?, answered_by_agents),
                answered_self_service = COALESCE(?, answered_self_service), predicted_answer_rate = COALESCE(?, predicted_answer_rate)
                WHERE month = ?
                """, arguments: [f.ticketErrorRate, f.efficiencyIndex, f.inbound, f.answeredByAgents, f.answeredSelfService,
                                 f.predictedAnswerRate, month.description])
            let stored = try Row.fetchOne(db, sql: "SELECT inbound, answered_by_agents, answered_self_service FROM monthly_figures WHERE month = ?",
                                          arguments: [month.description])!
            if let inbound = stored["inbound"] as Int?, inbound > 0 {
                let answered = (stored["answered_by_agents"] as Int? ?? 0) + (stored["answered_self_service"] as Int? ?? 0)
                guard answered <= inbound else {
                    throw RosterStoreError.invalid("answered calls (\(answered)) exceed inbound calls (\(inbound)) for \(month)")
                }
            }
            try audit(db, "upsert", "monthly_figures", month.description, "")
        }
    }

    public func monthlyFigures(_ month: YearMonth) throws -> MonthlyFigures {
        try writer.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM monthly_figures WHERE month = ?", arguments: [month.description]) else {
                return MonthlyFigures()
            }
            return MonthlyFigures(ticketErrorRate: r["ticket_error_rate"], efficiencyIndex: r["efficiency_index"], inbound: r["inbound"],
                                  answeredByAgents: r["answered_by_agents"], answeredSelfService: r["answered_self_service"],
                                  predictedAnswerRate: r["predicted_answer_rate"])
        }
    }

    // MARK: Assessment

    /// Computes the monthly assessment of `month` from the store.
    ///
    /// Attendance is paired by `AttendancePairing` over the month widened by the longest credible
    /// session on each side, then clipped to the month, so a night shift crossing midnight at the
    /// month's end counts its hours in each month. Rostered time is the latest published version
    /// of every week, clipped to the month.
    public func assessment(month: YearMonth, headcountMinimum: Int? = nil,
                           rules: CenterProfile.Replacement = .contractDefaults) throws -> MonthlyAssessment {
        let window = month.span
        let margin = AttendancePairing.maxSessionSeconds
        let events = try attendanceEvents(from: LocalDateTime(seconds: window.start - margin), to: LocalDateTime(seconds: window.end + margin))
        let paired = AttendancePairing.pair(events)
        let shifts = try publishedShifts(from: month.firstDay.adding(days: -1), through: month.lastDay)
        let training = try onJobTrainingHours(from: month.firstDay, through: month.lastDay)
        let figures = try monthlyFigures(month)
        let (people, separations, replaced, incidents) = try writer.read { db in
            (try PersonRecord.fetchAll(db).map { try $0.person() },
             try RosterStore.fetchSeparations(db),
             Dictionary(try Row.fetchAll(db, sql: "SELECT person_id, effective_on FROM replacements WHERE decision = 'replaced'").map {
                 ($0["person_id"] as String, CivilDate.parse($0["effective_on"] as String)!)
             }, uniquingKeysWith: min),
             try RosterStore.fetchIncidents(db))
        }
        let separatedOn = Dictionary(separations.map { ($0.personId, $0.date) }, uniquingKeysWith: min)
        func leftOn(_ id: String) -> CivilDate? {
            switch (separatedOn[id], replaced[id]) {
            case let (a?, b?): return min(a, b)
            case let (a, b): return a ?? b
            }
        }
        func employed(_ p: Person, on d: CivilDate) -> Bool {
            p.hiredOn <= d && (leftOn(p.id).map { d < $0 } ?? true)
        }

        var rostered: [String: [TimeSpan]] = [:]
        for s in shifts {
            if let c = TimeSpan(start: s.start.seconds, end: s.end.seconds).clipped(to: window) { rostered[s.personId, default: []].append(c) }
        }
        var complaints: [String: Int] = [:]
        for i in incidents where i.kind == .complaint && i.verified && i.liable && i.date >= month.firstDay && i.date <= month.lastDay {
            complaints[i.personId, default: 0] += 1
        }

        var rows: [PersonAssessment] = []
        var totals = (onDuty: 0, online: 0, rostered: 0, inside: 0)
        for p in people {
            let onDuty = (paired.onDuty[p.id] ?? []).compactMap { $0.clipped(to: window) }
            let online = (paired.online[p.id] ?? []).compactMap { $0.clipped(to: window) }
            let roster = TimeSpan.union(rostered[p.id] ?? [])
            let activeInMonth = p.hiredOn <= month.lastDay && (leftOn(p.id).map { $0 > month.firstDay } ?? true)
            guard activeInMonth || !onDuty.isEmpty || !online.isEmpty || !roster.isEmpty || complaints[p.id] != nil else { continue }
            let dutySeconds = onDuty.reduce(0) { $0 + $1.seconds }
            let onlineSeconds = online.reduce(0) { $0 + $1.seconds }
            let rosterSeconds = roster.reduce(0) { $0 + $1.seconds }
            let inside = TimeSpan.overlapSeconds(TimeSpan.union(onDuty), roster)
            rows.append(PersonAssessment(personId: p.id, name: p.name, role: p.role, onDutySeconds: dutySeconds, onlineSeconds: onlineSeconds,
                                         utilisation: dutySeconds > 0 ? Double(onlineSeconds) / Double(dutySeconds) : nil,
                                         rosteredSeconds: rosterSeconds, onDutyInRosterSeconds: inside,
                                         adherence: rosterSeconds > 0 ? Double(inside) / Double(rosterSeconds) : nil,
                                         liableComplaints: complaints[p.id] ?? 0, onJobTrainingHours: training[p.id] ?? 0))
            totals.onDuty += dutySeconds
            totals.online += onlineSeconds
            totals.rostered += rosterSeconds
            totals.inside += inside
        }

        let headcount = people.filter { employed($0, on: month.lastDay) }.count
        // Turnover: the 12 months ending with this month.
        let from = month.adding(months: -11).firstDay, through = month.lastDay
        var dailySum = 0
        var day = from
        // Daily headcount by difference arrays: +1 from hire, −1 from leaving.
        var delta: [Int: Int] = [:]
        for p in people {
            delta[max(p.hiredOn.dayNumber, from.dayNumber), default: 0] += 1
            if let l = leftOn(p.id) { delta[max(l.dayNumber, from.dayNumber), default: 0] -= 1 }
        }
        var running = 0
        let days = through.dayNumber - from.dayNumber + 1
        while day <= through {
            running += delta[day.dayNumber] ?? 0
            dailySum += running
            day = day.adding(days: 1)
        }
        let average = Double(dailySum) / Double(days)
        let inWindow = separations.filter { $0.date >= from && $0.date <= through }
        let counted = inWindow.filter(\.countsForTurnover).count
        let turnover = average > 0 ? Double(counted) / average : nil

        var answerRate: Double?, answerSource: String?
        if let inbound = figures.inbound, inbound > 0 {
            answerRate = Double((figures.answeredByAgents ?? 0) + (figures.answeredSelfService ?? 0)) / Double(inbound)
            answerSource = "phone_system"
        } else if let predicted = figures.predictedAnswerRate {
            answerRate = predicted
            answerSource = "plan"
        }
        let anomalies = paired.anomalies.filter { $0.at.seconds >= window.start && $0.at.seconds < window.end }
        return MonthlyAssessment(
            month: month, headcount: headcount, headcountMinimum: headcountMinimum,
            headcountMeetsMinimum: headcountMinimum.map { headcount >= $0 },
            utilisation: totals.onDuty > 0 ? Double(totals.online) / Double(totals.onDuty) : nil,
            adherence: totals.rostered > 0 ? Double(totals.inside) / Double(totals.rostered) : nil,
            onDutySeconds: totals.onDuty, onlineSeconds: totals.online, rosteredSeconds: totals.rostered, onDutyInRosterSeconds: totals.inside,
            liableComplaints: rows.reduce(0) { $0 + $1.liableComplaints },
            ticketErrorRate: figures.ticketErrorRate, efficiencyIndex: figures.efficiencyIndex,
            effectiveAnswerRate: answerRate, effectiveAnswerRateSource: answerSource,
            turnover: turnover, turnoverDepartures: counted, turnoverExcludedDepartures: inWindow.count - counted,
            averageHeadcount: average, turnoverCap: rules.turnoverCap, turnoverWithinCap: turnover.map { $0 <= rules.turnoverCap },
            people: rows, anomalies: anomalies)
    }
}

// MARK: - Report

extension MonthlyAssessment {
    public enum ReportFormat: String, Sendable, CaseIterable { case text, html }

    private static func percent(_ v: Double?) -> String {
        guard let v else { return "—" }
        return String(format: "%.2f%%", v * 100)
    }

    private static func hours(_ seconds: Int) -> String { String(format: "%.2f", Double(seconds) / 3600) }

    /// The report for a person (HR, the client), in Simplified Chinese or English, as text or HTML.
    public func report(language l: DocumentLanguage, format: ReportFormat = .text, centerName: String? = nil) -> String {
        let title = l.pick("月度考核报告 \(month)", "Monthly assessment \(month)")
        var indicators: [(String, String, String)] = []   // name, value, note
        indicators.append((l.pick("有效接通率", "Effective answer rate"), Self.percent(effectiveAnswerRate),
                           effectiveAnswerRateSource.map { $0 == "plan" ? l.pick("按排班计划预测", "predicted from the plan") : l.pick("话务系统统计", "phone system totals") }
                               ?? l.pick("未导入", "not imported")))
        indicators.append((l.pick("用工时长（在线/在岗）", "Working-time utilisation (online / on duty)"), Self.percent(utilisation),
                           l.pick("在线 \(Self.hours(onlineSeconds)) 小时 / 在岗 \(Self.hours(onDutySeconds)) 小时",
                                  "online \(Self.hours(onlineSeconds)) h / on duty \(Self.hours(onDutySeconds)) h")))
        indicators.append((l.pick("排班遵从率", "Schedule adherence"), Self.percent(adherence),
                           l.pick("班内在岗 \(Self.hours(onDutyInRosterSeconds)) 小时 / 排班 \(Self.hours(rosteredSeconds)) 小时",
                                  "on duty in shift \(Self.hours(onDutyInRosterSeconds)) h / rostered \(Self.hours(rosteredSeconds)) h")))
        indicators.append((l.pick("责任投诉", "Liable complaints"), String(liableComplaints), l.pick("经核实且有责", "verified and liable")))
        indicators.append((l.pick("受理单质量差错率", "Ticket quality error rate"), Self.percent(ticketErrorRate),
                           ticketErrorRate == nil ? l.pick("未导入", "not imported") : l.pick("导入", "imported")))
        indicators.append((l.pick("效能指数", "Efficiency index"), efficiencyIndex.map { String(format: "%.2f", $0) } ?? "—",
                           efficiencyIndex == nil ? l.pick("未导入", "not imported") : l.pick("市级发布", "published by the city")))
        let turnoverNote = l.pick(
            "近12个月计入离职 \(turnoverDepartures) 人（不计考录公务员/事业单位 \(turnoverExcludedDepartures) 人），平均在册 \(String(format: "%.1f", averageHeadcount)) 人，上限 \(Self.percent(turnoverCap))",
            "\(turnoverDepartures) counted departures in 12 months (\(turnoverExcludedDepartures) to civil-service/public-institution posts not counted), average headcount \(String(format: "%.1f", averageHeadcount)), cap \(Self.percent(turnoverCap))")
        let within = turnoverWithinCap.map { $0 ? l.pick("达标", "within cap") : l.pick("超过上限", "over the cap") } ?? ""
        indicators.append((l.pick("人员流失率", "Staff turnover"), Self.percent(turnover), turnoverNote + (within.isEmpty ? "" : l.pick("；", "; ") + within)))
        let headNote = headcountMinimum.map { m in
            l.pick("最低 \(m) 人，", "minimum \(m), ") + ((headcountMeetsMinimum ?? false) ? l.pick("达标", "met") : l.pick("不足", "short"))
        } ?? ""
        indicators.append((l.pick("月末在册人数", "Headcount at month end"), String(headcount), headNote))

        let personHeader = [l.pick("工号", "ID"), l.pick("姓名", "Name"), l.pick("岗位", "Role"), l.pick("在岗(时)", "On duty (h)"),
                            l.pick("在线(时)", "Online (h)"), l.pick("用工时长", "Utilisation"), l.pick("排班(时)", "Rostered (h)"),
                            l.pick("遵从率", "Adherence"), l.pick("责任投诉", "Liable complaints"), l.pick("在岗培训(时)", "On-job training (h)")]
        let personRows = people.map { p in
            [p.personId, p.name, l.roleName(p.role), Self.hours(p.onDutySeconds), Self.hours(p.onlineSeconds), Self.percent(p.utilisation),
             Self.hours(p.rosteredSeconds), Self.percent(p.adherence), String(p.liableComplaints), String(format: "%.1f", p.onJobTrainingHours)]
        }
        let anomalyTitle = l.pick("无法配对的考勤记录（\(anomalies.count) 条，未计时）", "Attendance events that could not be paired (\(anomalies.count), not counted)")
        let anomalyRows = anomalies.map { [$0.personId, $0.event, $0.at.description, $0.kind.rawValue] }
        let anomalyHeader = [l.pick("工号", "ID"), l.pick("事件", "Event"), l.pick("时间", "Time"), l.pick("问题", "Problem")]

        switch format {
        case .text:
            var out = [(centerName.map { $0 + " " } ?? "") + title, ""]
            for (n, v, note) in indicators { out.append("\(n): \(v)" + (note.isEmpty ? "" : "  (\(note))")) }
            out.append("")
            out.append(personHeader.joined(separator: "\t"))
            out += personRows.map { $0.joined(separator: "\t") }
            if !anomalies.isEmpty {
                out.append("")
                out.append(anomalyTitle)
                out.append(anomalyHeader.joined(separator: "\t"))
                out += anomalyRows.map { $0.joined(separator: "\t") }
            }
            return out.joined(separator: "\n") + "\n"
        case .html:
            func table(_ header: [String], _ rows: [[String]]) -> String {
                "<table>\n<thead><tr>" + header.map { "<th>\(htmlEscape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                    + rows.map { "<tr>" + $0.map { "<td>\(htmlEscape($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n")
                    + "\n</tbody>\n</table>\n"
            }
            var html = """
                <!DOCTYPE html>
                <html lang="\(l == .zh ? "zh-CN" : "en")">
                <head><meta charset="utf-8"><title>\(htmlEscape(title))</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:.25em .6em;text-align:left}th{background:#eee}</style>
                </head>
                <body>
                <h1>\(htmlEscape((centerName.map { $0 + " " } ?? "") + title))</h1>

                """
            html += "<h2>\(htmlEscape(l.pick("考核指标", "Indicators")))</h2>\n"
            html += table([l.pick("指标", "Indicator"), l.pick("数值", "Value"), l.pick("说明", "Note")], indicators.map { [$0.0, $0.1, $0.2] })
            html += "<h2>\(htmlEscape(l.pick("人员明细", "People")))</h2>\n" + table(personHeader, personRows)
            if !anomalies.isEmpty { html += "<h2>\(htmlEscape(anomalyTitle))</h2>\n" + table(anomalyHeader, anomalyRows) }
            return html + "</body>\n</html>\n"
        }
    }
}
