/// The strings of the roster pages (zh, en).
extension WebStrings {
    static let roster: [String: (zh: String, en: String)] = [
        "roster_title": ("排班表", "Roster"),
    ]
}
