import Foundation
import HotlineCore
import Hummingbird
import HummingbirdTesting
import RosterStore
@testable import RosterWeb
import Testing
import TestSupport
import Workflows

/// The real-browser test: headless Chromium, on a live server (loopback, a free port) over the
/// seeded store of the web tests (the 107 sample people and the call history are synthetic; the
/// week 2026-11-30 is built), signs in through the form as a manager, opens the roster week and
/// checks that the grid and the coverage charts are there and drawn, clicks a cell to its edit
/// form, and opens the requests, HR and planner pages. The screenshots (zh) go to
/// tools/screenshots/, where the README shows them. Skipped, with the reason, where Chromium is not
/// installed.
@Suite("Web: real browser (headless Chromium)", .serialized)
struct BrowserTests {
    static var screenshots: String { SharedData.project("tools/screenshots") }

    @Test("Chromium signs in, sees the roster grid and the coverage charts, opens a cell's edit form and the requests, HR and planner pages; screenshots of each")
    func mainPages() async throws {
        guard Chromium.executable != nil else {
            print("SKIPPED web browser test: chromium is not installed (apt-get install chromium; tools/setup installs it as root)")
            return
        }
        let f = try await BuiltWeek.fixture()
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)
        let week = BuiltWeek.week

        try await f.app.test(.live) { client in
            let port = try #require(client.port)
            let base = "http://localhost:\(port)"
            // The browser is driven from a thread of its own (blocking pipe reads); what it saw is
            // checked here, in the test's task.
            let seen = try await Task.detached { () throws -> Seen in
                var seen = Seen()
                let browser = try Chromium(width: 1600, height: 1000)
                func number(_ script: String) throws -> Int { try browser.evaluate(script) as? Int ?? -1 }
                func text(_ script: String) throws -> String { try browser.evaluate(script) as? String ?? "" }

                try browser.navigate("\(base)/login?next=%2Froster%3Fweek%3D\(week)%26lang%3Dzh")
                seen.pngs["login-zh.png"] = try browser.screenshot()
                try browser.evaluateAndWaitForLoad("""
                    document.querySelector('input[name=name]').value = 'mgr';
                    document.querySelector('input[name=password]').value = 'password-mgr';
                    document.querySelector('form[action="/login"]').submit();
                    """)
                seen.afterSignIn = try text("location.pathname + location.search")

                // The roster week: grid people × days, coloured cells, seven coverage charts drawn.
                seen.gridRows = try number("document.querySelectorAll('table.roster-grid tbody tr').length")
                seen.dayColumns = try number("document.querySelectorAll('table.roster-grid thead th').length")
                seen.cellBackground = try text("""
                    (() => { const c = document.querySelector('table.roster-grid td.cell.shift-day');
                             return c ? getComputedStyle(c).backgroundColor : 'no day cell'; })()
                    """)
                seen.charts = try number("document.querySelectorAll('svg.coverage').length")
                seen.chartBars = try number("document.querySelectorAll('svg.coverage rect').length")
                seen.chartHeight = try number("Math.round(document.querySelector('svg.coverage')?.getBoundingClientRect().height ?? 0)")
                seen.pngs["roster-zh.png"] = try browser.screenshot()
                try browser.evaluate("document.querySelector('svg.coverage').scrollIntoView({block: 'start'})")
                seen.pngs["roster-coverage-zh.png"] = try browser.screenshot()

                // Click a cell: its edit form.
                try browser.evaluateAndWaitForLoad("document.querySelector('table.roster-grid td.cell a').click()")
                seen.editPath = try text("location.pathname")
                seen.editForm = try number("document.querySelectorAll('form[action=\"/roster/edit\"] input[name=action]').length")
                seen.pngs["roster-edit-zh.png"] = try browser.screenshot()

                // The other areas.
                for (path, png) in [("/requests", "requests-zh.png"), ("/hr", "hr-zh.png"), ("/hr/kpi", "hr-kpi-zh.png"),
                                    ("/hr/replacements", "hr-replacements-zh.png"), ("/planner", "planner-zh.png")] {
                    try browser.navigate(base + path)
                    seen.headings[path] = try text("document.querySelector('main h1')?.textContent ?? ''")
                    seen.errors[path] = try number("document.querySelectorAll('main .error-page').length")
                    seen.pngs[png] = try browser.screenshot()
                }
                return seen
            }.value
            #expect(seen.afterSignIn == "/roster?week=\(week)&lang=zh", "after sign-in the browser is at \(seen.afterSignIn)")
            #expect(seen.gridRows >= 100, "the roster grid has \(seen.gridRows) rows; the sample center has 107 people")
            #expect(seen.dayColumns == 11, "the grid's head has \(seen.dayColumns) columns (id, name, role, 7 days, hours)")
            #expect(seen.cellBackground.hasPrefix("rgb") && seen.cellBackground != "rgba(0, 0, 0, 0)",
                    "a day-shift cell is not coloured: \(seen.cellBackground)")
            #expect(seen.charts == 7, "\(seen.charts) coverage charts, one per day expected")
            #expect(seen.chartBars >= 7 * 24, "the coverage charts draw \(seen.chartBars) bars, at least 24 a day expected")
            #expect(seen.chartHeight > 50, "the first coverage chart is \(seen.chartHeight) px high")
            #expect(seen.editPath == "/roster/edit" && seen.editForm >= 4, "clicking a cell opened \(seen.editPath) with \(seen.editForm) actions")
            for path in ["/requests", "/hr", "/hr/kpi", "/hr/replacements", "/planner"] {
                #expect(!(seen.headings[path] ?? "").isEmpty, "\(path) shows no heading")
                #expect(seen.errors[path] == 0, "\(path) shows an error page")
            }
            for (name, png) in seen.pngs.sorted(by: { $0.key < $1.key }) { try Self.save(png, name) }
        }
    }

    struct Seen: Sendable {
        var afterSignIn = ""
        var gridRows = 0, dayColumns = 0, charts = 0, chartBars = 0, chartHeight = 0, editForm = 0
        var cellBackground = "", editPath = ""
        var headings: [String: String] = [:]
        var errors: [String: Int] = [:]
        var pngs: [String: Data] = [:]
    }

    static func save(_ png: Data, _ name: String) throws {
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is not a PNG")
        try png.write(to: URL(fileURLWithPath: screenshots + "/" + name))
    }
}
