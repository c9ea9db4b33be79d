import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import RosterStore
@testable import RosterWeb
import Testing
import TestSupport
import Workflows

@Suite("Web: sign-in, sessions, CSRF, roles")
struct AuthTests {
    @Test("the sign-in page is Chinese first, English on ?lang=en, and sets the pre-session CSRF cookie")
    func signInPage() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            let zh = try await c.get("/login")
            #expect(zh.status == .ok)
            #expect(zh.text.contains("<html lang=\"zh-CN\">"))
            #expect(zh.text.contains("登录 12345 热线排班"))
            #expect(c.cookies["csrf"]?.count == 32)
            let en = try await c.get("/login?lang=en")
            #expect(en.text.contains("Sign in to 12345 Hotline Roster"))
            #expect(en.headers[values: .setCookie].contains { $0.hasPrefix("lang=en") })
            // The language sticks through the cookie.
            let again = try await c.get("/login")
            #expect(again.text.contains("<html lang=\"en\">"))
            #expect(zh.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(zh.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
        }
    }

    @Test("a right password starts a session (HttpOnly, Secure, SameSite=Strict cookie); a wrong one does not")
    func signIn() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            let bad = try await c.signIn("mgr", password: "not-the-password")
            #expect(bad.status == .unauthorized)
            #expect(bad.text.contains("账号或密码不正确"))
            #expect(c.cookies["SESSION_ID"] == nil)
            let ok = try await c.signIn("mgr")
            #expect(ok.status == .seeOther)
            let cookie = ok.headers[values: .setCookie].first { $0.hasPrefix("SESSION_ID=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite=Strict"))
            let me = try await c.get("/api/me", accept: "application/json")
            #expect(me.json["name"] as? String == "mgr")
            #expect(me.json["role"] as? String == "manager")
            #expect(c.csrf.count == 32)
            // Unknown account: the same answer as a wrong password.
            var d = WebClient(client: c.client)
            #expect(try await d.signIn("nobody").status == .unauthorized)
        }
    }

    @Test("five failures within five minutes lock the name out (429 with Retry-After), other names still sign in")
    func throttle() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            for _ in 0..<5 { #expect(try await c.signIn("hr1", password: "wrong-password").status == .unauthorized) }
            let locked = try await c.signIn("hr1")
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(c.cookies["SESSION_ID"] == nil)
            var other = WebClient(client: c.client)
            #expect(try await other.signIn("mgr").status == .seeOther)
        }
    }

    @Test("a form without the CSRF token, or with another session's, is refused (403) and changes nothing")
    func csrf() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            try await c.signIn("mgr")
            let forged = try await c.post("/logout", form: [], csrf: .none)
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("security token"))
            let wrong = try await c.post("/logout", form: [], csrf: .value("0123456789abcdef0123456789abcdef"))
            #expect(wrong.status == .forbidden)
            // Still signed in.
            #expect(try await c.get("/api/me", accept: "application/json").status == .ok)
            // JSON without the header.
            let api = try await c.postJSON("/logout", [:], csrfHeader: false)
            #expect(api.status == .forbidden)
            // Sign-in itself needs the form's token.
            var d = WebClient(client: c.client)
            _ = try await d.get("/login")
            let noToken = try await d.post("/login", form: [("name", "mgr"), ("password", "password-mgr")], csrf: .none)
            #expect(noToken.status == .forbidden)
            // The right token signs out.
            let out = try await c.post("/logout", form: [])
            #expect(out.status == .seeOther)
            #expect(try await c.get("/api/me", accept: "application/json").status == .unauthorized)
        }
    }

    @Test("role-gated routes: no session → sign-in redirect (pages) or 401 JSON (APIs); wrong role 403; admin passes")
    func roles() async throws {
        // Routes behind the real middleware chain and RequireRole, as the pages mount theirs.
        let f = try await WebFixture.make(extraRoutes: { router in
            router.group("gated-hr").add(middleware: RequireRole(.hr, .manager)).get { _, _ in "hr page" }
            router.group("api/gated-hr").add(middleware: RequireRole(.hr, .manager)).get { _, _ in "hr api" }
        })
        try await f.test { c in
            var anon = WebClient(client: c.client)
            let page = try await anon.get("/gated-hr")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login?next=%2Fgated%2Dhr")
            let api = try await anon.get("/api/gated-hr", accept: "application/json")
            #expect(api.status == .unauthorized)
            #expect((api.json["error"] as? [String: Any])?["status"] as? Int == 401)
            #expect(try await anon.get("/api/me", accept: "application/json").status == .unauthorized)

            var agent = WebClient(client: c.client)
            try await agent.signIn("agent4")
            let refused = try await agent.get("/gated-hr")
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("agent"))
            #expect(try await agent.get("/api/gated-hr", accept: "application/json").status == .forbidden)
            let home = try await agent.get("/")
            #expect(home.status == .seeOther && home.headers[.location] == "/roster")

            var hr = WebClient(client: c.client)
            try await hr.signIn("hr1")
            #expect(try await hr.get("/gated-hr").text == "hr page")

            var planner = WebClient(client: c.client)
            try await planner.signIn("plan1")
            #expect(try await planner.get("/gated-hr").status == .forbidden)
            let plannerHome = try await planner.get("/")
            #expect(plannerHome.text.contains("href=\"/planner\"") && !plannerHome.text.contains("href=\"/hr\""))

            var admin = WebClient(client: c.client)
            try await admin.signIn("admin")
            #expect(try await admin.get("/gated-hr").status == .ok)
            let adminHome = try await admin.get("/")
            for p in ["/roster", "/requests", "/hr", "/planner"] { #expect(adminHome.text.contains("href=\"\(p)\"")) }
        }
    }

    @Test("bad input: unknown paths 404, oversized bodies 413, odd content types 415, script in a parameter is escaped")
    func badInput() async throws {
        let f = try await WebFixture.make()
        try await f.test { c in
            var c = c
            try await c.signIn("mgr")
            let missing = try await c.get("/no-such-page")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("<html"))
            let apiMissing = try await c.get("/api/no-such", accept: "application/json")
            #expect(apiMissing.status == .notFound)
            let big = String(repeating: "x", count: 1 << 21)
            let huge = try await c.post("/logout", form: [("pad", big)])
            #expect(huge.status == .contentTooLarge)
            let odd = try await c.client.execute(uri: "/logout", method: .post,
                                                 headers: [.contentType: "text/plain", .cookie: c.cookieHeader], body: ByteBuffer(string: "hi"))
            #expect(odd.status == .unsupportedMediaType)
            var anon = WebClient(client: c.client)
            let xss = try await anon.get("/login?next=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(!xss.text.contains("<script>alert"))
            #expect(xss.text.contains("name=\"next\" value=\"/\""))
        }
    }

    @Test("sessions end after their lifetime")
    func expiry() async throws {
        let base = try await WebFixture.make()
        var config = base.env.configuration
        config.sessionLifetime = .milliseconds(1500)
        let env = try await WebEnvironment(configuration: config, store: base.env.store)
        let app = Application(router: WebApp.buildRouter(env: env, sessions: MemoryPersistDriver()))
        try await app.test(.router) { client in
            var c = WebClient(client: client)
            let signedIn = ContinuousClock.now
            #expect(try await c.signIn("mgr").status == .seeOther)
            // Under a loaded machine the sign-in itself may take a while: check "still valid" only
            // while well inside the lifetime (the other tests cover a live session anyway).
            let ok = try await c.get("/api/me", accept: "application/json").status
            if ContinuousClock.now - signedIn < .milliseconds(1000) { #expect(ok == .ok) }
            // Wait a whole lifetime and more after the sign-in finished (the session began before that).
            try await Task.sleep(for: .milliseconds(1800))
            #expect(try await c.get("/api/me", accept: "application/json").status == .unauthorized)
        }
    }
}

@Suite("Web: accounts")
struct AccountTests {
    @Test("passwords are stored as Bcrypt hashes only; disabled accounts and bad names are refused")
    func accounts() async throws {
        let store = try RosterStore.inMemory()
        _ = try store.importPeople(fromCSV: SharedData.project("rosters/people/sample-people.csv"))
        let wf = AccountsWorkflow(store: store, cost: 4)
        let a = try wf.add(name: "li.ming", role: .manager, password: "correct horse")
        #expect(a.passwordHash.hasPrefix("$2b$04$") && !a.passwordHash.contains("correct"))
        #expect(try wf.verify(name: "li.ming", password: "correct horse")?.role == .manager)
        #expect(try wf.verify(name: "li.ming", password: "wrong horse") == nil)
        #expect(throws: RosterStoreError.self) { try wf.add(name: "li.ming", role: .hr, password: "another one") }
        #expect(throws: RequestFieldError.self) { try wf.add(name: "<script>", role: .hr, password: "long enough") }
        #expect(throws: RequestFieldError.self) { try wf.add(name: "short", role: .hr, password: "short") }
        #expect(throws: RosterStoreError.self) { try wf.add(name: "agent", role: .agent, password: "long enough") }
        #expect(throws: RosterStoreError.self) { try wf.add(name: "agent", role: .agent, personId: "P9999", password: "long enough") }
        try store.setAccountDisabled(name: "li.ming", true)
        #expect(try wf.verify(name: "li.ming", password: "correct horse") == nil)
        let audit = try store.auditLog().map { "\($0)" }.joined()
        #expect(!audit.contains("correct horse") && !audit.contains(a.passwordHash))
    }
}

@Suite("Web: strings and templates")
struct StringsTests {
    @Test("every t.key a template uses exists, both languages are complete, no key is defined twice")
    func complete() throws {
        let dir = try #require(Renderer.templateDirectory)
        var used = Set<String>()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            let regex = try Regex(#"\{\{[#^/]?\s*t\.([A-Za-z0-9_]+)\s*\}\}"#)
            for m in text.matches(of: regex) { used.insert(String(text[m.range].split(separator: ".")[1].dropLast(2))) }
        }
        #expect(!used.isEmpty)
        let missing = used.filter { WebStrings.all[$0] == nil }.sorted()
        #expect(missing.isEmpty, "keys used by templates but not defined: \(missing)")
        let incomplete = WebStrings.all.filter { $0.value.zh.isEmpty || $0.value.en.isEmpty }.map(\.key).sorted()
        #expect(incomplete.isEmpty, "keys without both languages: \(incomplete)")
        #expect(WebStrings.duplicateKeys.isEmpty, "keys defined twice: \(WebStrings.duplicateKeys)")
    }
}
