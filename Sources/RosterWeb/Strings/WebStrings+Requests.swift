/// The strings of the requests pages (zh, en).
extension WebStrings {
    static let requests: [String: (zh: String, en: String)] = [
        "requests_title": ("申请", "Requests"),
    ]
}
