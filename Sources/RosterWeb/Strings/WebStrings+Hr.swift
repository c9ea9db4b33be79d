/// The strings of the hr pages (zh, en).
extension WebStrings {
    static let hr: [String: (zh: String, en: String)] = [
        "hr_title": ("人事", "HR"),
    ]
}
