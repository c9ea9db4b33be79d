import HotlineCore

/// One iCalendar file (RFC 5545) per person: a VEVENT per shift, times in TZID Asia/Shanghai (the
/// VTIMEZONE is included: UTC+8, no daylight saving), CRLF line ends, lines folded at 75 octets.
/// Only the person id, name, role and shift times are written: no ID or phone numbers.
public enum ICalendar {
    /// The calendar of `shifts` (one person's). `stamp` is the DTSTAMP (UTC), e.g. the publication time.
    public static func text(personId: String, name: String, shifts: [ShiftAssignment], stamp: LocalDateTime,
                            timezone: String = "Asia/Shanghai", language: DocumentLanguage = .zh,
                            breaks: [ShiftBreak] = []) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//HotlineRoster//roster//ZH", "CALSCALE:GREGORIAN",
                     "X-WR-CALNAME:" + escape(language.pick("排班 ", "Roster ") + personId),
                     "BEGIN:VTIMEZONE", "TZID:\(timezone)", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                     "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE"]
        for s in shifts.sorted(by: { $0.start < $1.start }) {
            let roleName = language.roleName(s.role)
            // The shift's breaks, e.g. "休息：10:00–11:00（用餐）、13:00–13:15".
            let own = breaks.filter { $0.personId == s.personId && $0.date == s.date }.sorted { $0.start < $1.start }
            let breakText = own.isEmpty ? "" : language.pick(
                "；休息：" + own.map { $0.clockText + ($0.paid ? "" : "（用餐）") }.joined(separator: "、"),
                "; breaks: " + own.map { $0.clockText + ($0.paid ? "" : " (meal)") }.joined(separator: ", "))
            lines += ["BEGIN:VEVENT",
                      "UID:\(personId)-\(format(s.start))@hotline-roster",
                      "DTSTAMP:\(format(stamp))Z",
                      "DTSTART;TZID=\(timezone):\(format(s.start))",
                      "DTEND;TZID=\(timezone):\(format(s.end))",
                      "SUMMARY:" + escape("\(s.shift) \(s.start.clockText)–\(s.end.clockText) (\(roleName))"),
                      "DESCRIPTION:" + escape(language.pick("\(name)（\(personId)）\(s.date) \(s.shift)，\(roleName)",
                                                            "\(name) (\(personId)) \(s.date) \(s.shift), \(roleName)") + breakText),
                      "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `YYYYMMDDTHHMMSS`.
    static func format(_ t: LocalDateTime) -> String {
        let d = t.date
        return "\(CivilDate.pad(d.year, 4))\(CivilDate.pad(d.month, 2))\(CivilDate.pad(d.day, 2))T" +
            "\(CivilDate.pad(t.hour, 2))\(CivilDate.pad(t.minute, 2))\(CivilDate.pad(t.second, 2))"
    }

    /// TEXT escaping (RFC 5545 §3.3.11).
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Folds a content line so no physical line exceeds 75 octets, never splitting a UTF-8 character
    /// (continuation lines start with one space, which counts towards their 75).
    static func fold(_ line: String) -> String {
        var parts: [String] = []
        var current = ""
        var octets = 0
        for ch in line {
            let n = String(ch).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets + n > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(ch)
            octets += n
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}

/// Explanations of soft rules broken, per person, in Chinese and English: a CSV
/// (`person_id,name,rule,date,chinese,english`, UTF-8 with BOM) and an HTML page.
public enum Explanations {
    public static func csv(_ breaks: [SoftRuleBreak]) -> String {
        var out = "\u{FEFF}person_id,name,rule,date,chinese,english\n"
        for b in breaks {
            out += [b.personId, b.name, b.rule, b.date?.description ?? "", b.chinese, b.english].map(RosterCSV.escape).joined(separator: ",") + "\n"
        }
        return out
    }

    public static func html(_ breaks: [SoftRuleBreak], weekStart: CivilDate, synthetic: Bool) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="zh-Hans"><head><meta charset="utf-8"><title>排班说明 Roster explanations \(weekStart)</title>
        <style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}</style></head><body>
        <h1>排班说明 / Roster explanations — \(weekStart)</h1>

        """
        if synthetic { h += "<p>合成数据（演示） / SYNTHETIC data (demo)</p>\n" }
        h += "<p>未能满足的软规则，按人员列出 / Soft rules not met, per person: \(breaks.count)</p>\n"
        h += "<table><tr><th>工号 ID</th><th>姓名 Name</th><th>规则 Rule</th><th>日期 Date</th><th>说明</th><th>Explanation</th></tr>\n"
        for b in breaks {
            h += "<tr><td>\(htmlEscape(b.personId))</td><td>\(htmlEscape(b.name))</td><td>\(htmlEscape(b.rule))</td><td>\(b.date?.description ?? "")</td><td>\(htmlEscape(b.chinese))</td><td>\(htmlEscape(b.english))</td></tr>\n"
        }
        return h + "</table></body></html>\n"
    }
}
