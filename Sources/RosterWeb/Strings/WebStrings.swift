import Foundation

/// Every word a page shows, in Simplified Chinese and English. Templates read them as `{{t.key}}`
/// (keys use `_`, never `.`, which Mustache reads as nesting). Each area of the application keeps
/// its strings in its own file (`WebStrings+Area.swift`); a test checks that every key a template
/// uses exists, and that both languages are complete.
public enum WebStrings {
    /// (zh, en) per key, all areas together.
    public static let all: [String: (zh: String, en: String)] = {
        var merged: [String: (zh: String, en: String)] = [:]
        for area in [common, roster, requests, hr, planner] {
            merged.merge(area) { first, _ in first }
        }
        return merged
    }()

    /// The keys defined by more than one area (must be none; checked by a test).
    public static var duplicateKeys: [String] {
        var seen: [String: Int] = [:]
        for area in [common, roster, requests, hr, planner] { for k in area.keys { seen[k, default: 0] += 1 } }
        return seen.filter { $0.value > 1 }.map(\.key).sorted()
    }

    static let tables: [WebLanguage: [String: String]] = [
        .zh: all.mapValues(\.zh),
        .en: all.mapValues(\.en),
    ]

    public static func table(_ language: WebLanguage) -> [String: String] { tables[language] ?? [:] }

    /// One string; the key itself if it is missing (a test fails on that).
    public static func text(_ key: String, _ language: WebLanguage) -> String {
        guard let s = all[key] else { return key }
        return language == .zh ? s.zh : s.en
    }

    /// The layout, sign-in, home and error pages.
    static let common: [String: (zh: String, en: String)] = [
        "app_name": ("12345 热线排班", "12345 Hotline Roster"),
        "nav_roster": ("排班", "Roster"),
        "nav_requests": ("申请", "Requests"),
        "nav_hr": ("人事", "HR"),
        "nav_planner": ("规划", "Planner"),
        "nav_home": ("首页", "Home"),
        "sign_in": ("登录", "Sign in"),
        "sign_out": ("退出", "Sign out"),
        "sign_in_title": ("登录 12345 热线排班", "Sign in to 12345 Hotline Roster"),
        "account_name": ("账号", "Account"),
        "password": ("密码", "Password"),
        "sign_in_failed": ("账号或密码不正确。", "The account or the password is not right."),
        "sign_in_throttled": ("登录失败次数过多,请稍后再试。", "Too many failed sign-ins; try again later."),
        "signed_in_as": ("当前用户", "Signed in as"),
        "role_admin": ("管理员", "administrator"),
        "role_manager": ("值班长", "shift manager"),
        "role_hr": ("人事", "HR"),
        "role_planner": ("规划员", "planner"),
        "role_agent": ("话务员", "agent"),
        "home_title": ("首页", "Home"),
        "home_intro": ("请选择要打开的页面。", "Choose a page to open."),
        "home_roster": ("本周排班表、覆盖率与发布。", "The week's roster, coverage and publishing."),
        "home_requests": ("请假、调休、换班申请与审批。", "Leave, day-off, shift wishes and swaps, with approval."),
        "home_hr": ("人员、培训、考勤、投诉与替换、月度考核。", "People, training, attendance, incidents and replacements, the monthly assessment."),
        "home_planner": ("节假日与突发话务场景对比。", "Holiday and surge scenarios, side by side."),
        "error_title": ("出错了", "Something went wrong"),
        "error_internal": ("服务器内部错误,未作任何更改。", "Internal error; nothing was changed."),
        "error_back": ("返回", "Back"),
        "synthetic_label": ("(合成数据)", "(synthetic data)"),
        "job_running": ("正在运行…", "Running…"),
        "job_done": ("已完成", "Done"),
        "job_failed": ("失败", "Failed"),
        "job_progress": ("进度", "Progress"),
    ]
}
