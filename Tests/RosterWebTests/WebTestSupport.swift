import Foundation
import GRDB
import HTTPTypes
import HotlineCore
import Hummingbird
import Logging
import HummingbirdTesting
@testable import RosterStore
@testable import RosterWeb
import TestSupport
import Workflows

/// A web application over a store on disk, driven in-process by Hummingbird's router test client
/// (no network). Accounts are made with Bcrypt cost 4 so sign-ins stay fast.
struct WebFixture: Sendable {
    let env: WebEnvironment
    let dir: String
    let app: Application<RouterResponder<WebContext>>

    static let profile = SharedData.project("rosters/profiles/yuhang-12345.toml")

    /// A fresh store with the sample people (synthetic) and their training, and the accounts
    /// admin, manager `mgr`, HR `hr1`, planner `plan1`, agents `agent4` (P0004) and `agent5` (P0005);
    /// every password is `password-<name>`.
    static func make(store existing: RosterStore? = nil, dir existingDir: String? = nil,
                     extraRoutes: (Router<WebContext>) -> Void = { _ in }) async throws -> WebFixture {
        let dir = try existingDir ?? SharedData.temporaryDirectory()
        let store = try existing ?? {
            let s = try RosterStore(path: dir + "/roster.sqlite", actor: "test")
            _ = try s.importPeople(fromCSV: SharedData.project("rosters/people/sample-people.csv"))
            _ = try s.importTrainingCourses(fromCSV: SharedData.project("rosters/people/sample-training-courses.csv"))
            _ = try s.importTrainingRecords(fromCSV: SharedData.project("rosters/people/sample-training-records.csv"))
            return s
        }()
        let accounts = AccountsWorkflow(store: store, cost: 4)
        for (name, role, person) in [("admin", AccountRole.admin, nil as String?), ("mgr", .manager, nil), ("hr1", .hr, nil),
                                     ("plan1", .planner, nil), ("agent4", .agent, "P0004"), ("agent5", .agent, "P0005")]
        where try store.account(name: name) == nil {
            try accounts.add(name: name, role: role, personId: person, password: "password-\(name)")
        }
        let config = WebConfiguration(storePath: dir + "/roster.sqlite", profilePath: profile, bcryptCost: 4,
                                      weekTimeLimitSeconds: 10, engineIterations: 20_000)
        let env = try await WebEnvironment(configuration: config, store: store)
        let router = WebApp.buildRouter(env: env, sessions: MemoryPersistDriver())
        extraRoutes(router)
        var logger = Logger(label: "web-test")
        logger.logLevel = .warning   // the request log lines would drown the test output
        return WebFixture(env: env, dir: dir, app: Application(router: router, logger: logger))
    }

    func test<T: Sendable>(_ body: @Sendable (WebClient) async throws -> T) async throws -> T {
        try await app.test(.router) { client in try await body(WebClient(client: client)) }
    }
}

/// The test client with a cookie jar: signs in like a browser (the sign-in form's CSRF cookie,
/// then the session cookie) and sends the session's CSRF token with forms.
struct WebClient: Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf: String = ""

    init(client: any TestClientProtocol) { self.client = client }

    var cookieHeader: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    mutating func absorb(_ response: TestResponse) {
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if line.contains("Max-Age=0") || line.contains("Expires=Thu, 01 Jan 1970") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
    }

    /// GET with the jar's cookies.
    mutating func get(_ uri: String, accept: String = "text/html") async throws -> TestResponse {
        var headers: HTTPFields = [.accept: accept]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let r = try await client.execute(uri: uri, method: .get, headers: headers)
        absorb(r)
        return r
    }

    /// Which CSRF token a form carries: the session's (default), none, or a given one.
    enum Token: Sendable { case session, none, value(String?) }

    /// POST a form with the jar's cookies and the chosen `_csrf` field.
    mutating func post(_ uri: String, form: [(String, String)], csrf token: Token = .session) async throws -> TestResponse {
        var fields = form
        switch token {
        case .session: fields.append(("_csrf", csrf))
        case .none: break
        case .value(let v): if let v { fields.append(("_csrf", v)) }
        }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        absorb(r)
        return r
    }

    /// POST JSON to an API with the session's token in `X-CSRF-Token`.
    mutating func postJSON(_ uri: String, _ object: [String: Any], csrfHeader: Bool = true) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json", .accept: "application/json"]
        if csrfHeader { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let data = try JSONSerialization.data(withJSONObject: object)
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: data))
        absorb(r)
        return r
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// Signs in as `name` (password `password-<name>`); afterwards `csrf` is the session's token.
    @discardableResult
    mutating func signIn(_ name: String, password: String? = nil) async throws -> TestResponse {
        _ = try await get("/login")
        let r = try await post("/login", form: [("name", name), ("password", password ?? "password-\(name)"), ("next", "/")],
                               csrf: .value(cookies["csrf"]))
        if r.status == .seeOther {
            let me = try await get("/api/me", accept: "application/json")
            if let obj = try? JSONSerialization.jsonObject(with: Data(buffer: me.body)) as? [String: Any] {
                csrf = obj["csrf"] as? String ?? ""
            }
        }
        return r
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:] }
}

/// Every row of every table of a store, as text (as WorkflowsTests' helper of the same name): equal
/// before and after a refused step means the step changed nothing at all.
struct StoreSnapshot: Equatable, CustomStringConvertible {
    var tables: [String: [String]]

    init(_ store: RosterStore) throws {
        tables = try store.writer.read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            var result: [String: [String]] = [:]
            for name in names {
                result[name] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(name)\"").map(\.description).sorted()
            }
            return result
        }
    }

    var description: String { tables.keys.sorted().map { "\($0): \(tables[$0]!.count)" }.joined(separator: ", ") }
}
