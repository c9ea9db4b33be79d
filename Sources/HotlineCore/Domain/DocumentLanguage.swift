/// The language of a document meant for a person (roster HTML, reports): Simplified Chinese by
/// default, English on request.
public enum DocumentLanguage: String, Sendable, Codable, CaseIterable {
    case zh
    case en

    /// Picks the text for this language.
    public func pick(_ chinese: String, _ english: String) -> String { self == .zh ? chinese : english }

    public func weekdayName(_ isoWeekday: Int) -> String {
        let zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        return (self == .zh ? zh : en)[isoWeekday - 1]
    }

    public func roleName(_ role: Role) -> String { self == .zh ? role.chineseName : role.rawValue }
}

/// Escapes text for HTML element content and attribute values.
public func htmlEscape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for ch in s {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}
