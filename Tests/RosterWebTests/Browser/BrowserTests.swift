import Foundation
import HotlineCore
import Hummingbird
import HummingbirdTesting
import RosterStore
@testable import RosterWeb
import Testing
import TestSupport
import Workflows

/// The real-browser test: headless Chromium signs in through the sign-in form of a live server
/// (loopback, a free port) over a seeded store — the 107 sample people (synthetic), the synthetic
/// call history and a built week 2026-11-30 — and opens the main pages. The test fails if the
/// roster grid or the coverage chart is missing; the screenshots go to tools/screenshots/ (the
/// README shows them). Skipped, with the reason, where Chromium is not installed.
@Suite("Web: real browser (headless Chromium)", .serialized)
struct BrowserTests {
    static let week = "2026-11-30"
    static var screenshots: String { SharedData.project("tools/screenshots") }

    @Test("Chromium signs in, the roster week shows its grid and coverage chart; screenshots of the main pages")
    func mainPages() async throws {
        guard Chromium.executable != nil else {
            print("SKIPPED web browser test: chromium is not installed (apt-get install chromium; tools/setup installs it as root)")
            return
        }
        let f = try await WebFixture.make()
        _ = try HistoryWorkflow(store: f.env.store).importHistory(path: SharedData.project("forecasts/sample/synthetic-12345-history.csv"))
        let manager = WebUser(name: "mgr", role: .manager, personId: nil)
        _ = try f.env.week(for: manager).build(week: CivilDateParse.week(Self.week))
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)

        try await f.app.test(.live) { client in
            let port = try #require(client.port)
            let base = "http://localhost:\(port)"
            // The browser is driven from a thread of its own (blocking pipe reads); what it saw is
            // checked here, in the test's task.
            let seen = try await Task.detached { () throws -> Seen in
                var seen = Seen()
                let browser = try Chromium(width: 1600, height: 1000)
                try browser.navigate("\(base)/login?next=%2Froster%3Fweek%3D\(Self.week)")
                seen.pngs["login-zh.png"] = try browser.screenshot()
                try browser.evaluateAndWaitForLoad("""
                    document.querySelector('input[name=name]').value = 'mgr';
                    document.querySelector('input[name=password]').value = 'password-mgr';
                    document.querySelector('form[action="/login"]').submit();
                    """)
                seen.afterSignIn = try browser.evaluate("location.pathname + location.search") as? String ?? ""
                seen.gridRows = try browser.evaluate("document.querySelectorAll('table.roster-grid tbody tr').length") as? Int ?? 0
                seen.charts = try browser.evaluate("document.querySelectorAll('svg.coverage').length") as? Int ?? 0
                seen.chartMarks = try browser.evaluate("document.querySelectorAll('svg.coverage rect, svg.coverage path, svg.coverage polyline').length") as? Int ?? 0
                seen.pngs["roster-week-zh.png"] = try browser.screenshot()
                for (page, file) in [("/", "home-zh.png"), ("/requests", "requests-zh.png"), ("/hr", "hr-zh.png"), ("/planner", "planner-zh.png")] {
                    try browser.navigate(base + page)
                    seen.titles[page] = try browser.evaluate("document.querySelector('main') ? document.title : ''") as? String ?? ""
                    seen.pngs[file] = try browser.screenshot()
                }
                return seen
            }.value
            #expect(seen.afterSignIn == "/roster?week=\(Self.week)", "after sign-in the browser is at \(seen.afterSignIn)")
            #expect(seen.gridRows >= 100, "roster grid rows: \(seen.gridRows) (107 sample people expected)")
            #expect(seen.charts >= 1 && seen.chartMarks > 10, "coverage charts: \(seen.charts), their marks: \(seen.chartMarks)")
            for (page, title) in seen.titles.sorted(by: { $0.key < $1.key }) {
                #expect(!title.isEmpty && !title.hasPrefix("404") && !title.hasPrefix("出错"), "\(page): title '\(title)'")
            }
            for (name, png) in seen.pngs.sorted(by: { $0.key < $1.key }) { try Self.save(png, name) }
        }
    }

    struct Seen: Sendable {
        var afterSignIn = ""
        var gridRows = 0
        var charts = 0
        var chartMarks = 0
        var titles: [String: String] = [:]
        var pngs: [String: Data] = [:]
    }

    static func save(_ png: Data, _ name: String) throws {
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is not a PNG")
        try png.write(to: URL(fileURLWithPath: screenshots + "/" + name))
    }
}

enum CivilDateParse {
    static func week(_ text: String) -> CivilDate { CivilDate.parse(text)! }
}
