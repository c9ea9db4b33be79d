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
/// (loopback, a free port) over a seeded store (the 107 sample people, synthetic) and opens the
/// home page; the screenshots go to tools/screenshots/. Skipped, with the reason, where Chromium is
/// not installed. The roster week page (grid and coverage chart) is not written yet (issue 19):
/// its checks join this test with the page.
@Suite("Web: real browser (headless Chromium)", .serialized)
struct BrowserTests {
    static var screenshots: String { SharedData.project("tools/screenshots") }

    @Test("Chromium signs in through the form and lands on the page it asked for; screenshots of the sign-in and home pages")
    func mainPages() async throws {
        guard Chromium.executable != nil else {
            print("SKIPPED web browser test: chromium is not installed (apt-get install chromium; tools/setup installs it as root)")
            return
        }
        let f = try await WebFixture.make()
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)

        try await f.app.test(.live) { client in
            let port = try #require(client.port)
            let base = "http://localhost:\(port)"
            // The browser is driven from a thread of its own (blocking pipe reads); what it saw is
            // checked here, in the test's task.
            let seen = try await Task.detached { () throws -> Seen in
                var seen = Seen()
                let browser = try Chromium(width: 1600, height: 1000)
                try browser.navigate("\(base)/login?next=%2F%3Flang%3Dzh")
                seen.pngs["login-zh.png"] = try browser.screenshot()
                try browser.evaluateAndWaitForLoad("""
                    document.querySelector('input[name=name]').value = 'mgr';
                    document.querySelector('input[name=password]').value = 'password-mgr';
                    document.querySelector('form[action="/login"]').submit();
                    """)
                seen.afterSignIn = try browser.evaluate("location.pathname + location.search") as? String ?? ""
                seen.cards = try browser.evaluate("document.querySelectorAll('.cards a.card').length") as? Int ?? 0
                seen.pngs["home-zh.png"] = try browser.screenshot()
                return seen
            }.value
            #expect(seen.afterSignIn == "/?lang=zh", "after sign-in the browser is at \(seen.afterSignIn)")
            #expect(seen.cards == 4, "the manager's home page shows \(seen.cards) page cards, 4 expected")
            for (name, png) in seen.pngs.sorted(by: { $0.key < $1.key }) { try Self.save(png, name) }
        }
    }

    struct Seen: Sendable {
        var afterSignIn = ""
        var cards = 0
        var pngs: [String: Data] = [:]
    }

    static func save(_ png: Data, _ name: String) throws {
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is not a PNG")
        try png.write(to: URL(fileURLWithPath: screenshots + "/" + name))
    }
}
