/// The strings of the planner pages (zh, en).
extension WebStrings {
    static let planner: [String: (zh: String, en: String)] = [
        "planner_title": ("规划", "Planner"),
    ]
}
