import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import RosterStore

/// Renders pages: a Mustache template of `Templates/` inside the layout, with the page strings of
/// the request's language (`t.KEY`), the user and the CSRF token. Every `{{value}}` is HTML-escaped
/// by Mustache; templates never use the unescaped forms for data.
public struct Renderer: Sendable {
    let library: MustacheLibrary

    public init() async throws {
        guard let dir = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw HTTPError(.internalServerError, message: "the web application's templates are missing from its bundle")
        }
        library = try await MustacheLibrary(directory: dir)
    }

    /// The names of the templates (for the completeness tests).
    public static var templateDirectory: String? { Bundle.module.resourceURL?.appendingPathComponent("Templates").path }
    public static var publicDirectory: String? { Bundle.module.resourceURL?.appendingPathComponent("Public").path }

    /// A whole page: `template` rendered with `data` plus the common keys, inside `layout`.
    public func page(_ template: String, title: String, data: [String: Any] = [:], context: WebContext, status: HTTPResponse.Status = .ok) -> Response {
        var all = common(context: context)
        for (k, v) in data { all[k] = v }
        all["title"] = title
        guard let html = library.render(all, withTemplate: template) else {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "template \(template) is missing")))
        }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A piece of a page (no layout, no session: no CSRF token, no user) with the strings of
    /// `language` as `t`: what `PageCache` keeps. The page puts it in with `{{{…}}}`; its own values
    /// were escaped when it was rendered here.
    public func fragment(_ template: String, data: [String: Any], language: WebLanguage) -> String {
        var all = data
        all["t"] = Renderer.strings(language)
        return library.render(all, withTemplate: template) ?? "<p class=\"error\">template \(template) is missing</p>"
    }

    /// The page strings of a language as Mustache reads them fastest: `[String: Any]` made once
    /// (a `[String: String]` is converted whole at every `{{t.KEY}}`: a third of a page's time).
    /// Immutable after its one initialisation and holding only strings: safe to share.
    nonisolated(unsafe) static let stringTables: [WebLanguage: [String: Any]] = Dictionary(uniqueKeysWithValues: WebLanguage.allCases.map { l in
        (l, WebStrings.table(l).mapValues { $0 as Any })
    })
    static func strings(_ language: WebLanguage) -> [String: Any] { stringTables[language] ?? [:] }

    /// The keys every page has: `t` (strings), `lang`, `otherLang`, `user`, `csrf`, `nav`.
    func common(context: WebContext) -> [String: Any] {
        common(language: context.language, user: context.identity, csrf: context.sessions.session?.csrf ?? "")
    }

    func common(language lang: WebLanguage, user: WebUser?, csrf: String) -> [String: Any] {
        var data: [String: Any] = [
            "t": Renderer.strings(lang),
            "lang": lang.htmlLang,
            "langCode": lang.rawValue,
            "otherLang": lang.other.rawValue,
            "otherLangName": lang == .zh ? "English" : "中文",
            "csrf": csrf,
        ]
        if let user {
            data["user"] = ["name": user.name, "role": WebStrings.text("role_\(user.role.rawValue)", lang), "personId": user.personId ?? ""]
            data["nav"] = Navigation.items(for: user, language: lang)
        }
        return data
    }

    /// A whole page made once and kept (`PageCache`) for every session of one role and scope: it
    /// is rendered with markers where the session's CSRF token and the user's name go, and split
    /// there; `SessionPage.response` puts each request's own values in (the name HTML-escaped, as
    /// Mustache would have). Nil when the template is missing.
    public func sessionPage(_ template: String, title: String, data: [String: Any], language: WebLanguage, role: AccountRole,
                            personId: String?) -> SessionPage? {
        var all = common(language: language, user: WebUser(name: SessionPage.nameMarker, role: role, personId: personId),
                         csrf: SessionPage.csrfMarker)
        for (k, v) in data { all[k] = v }
        all["title"] = title
        return library.render(all, withTemplate: template).map(SessionPage.init(rendered:))
    }
}

/// A rendered page with two holes: the CSRF token and the signed-in user's name.
public struct SessionPage: Sendable {
    static let csrfMarker = "\u{1}csrf\u{1}"
    static let nameMarker = "\u{1}name\u{1}"
    enum Piece: Sendable { case text(String), csrf, name }
    let pieces: [Piece]
    public let size: Int

    init(rendered: String) {
        var pieces: [Piece] = []
        for (k, part) in rendered.split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated() {
            if k % 2 == 0 { pieces.append(.text(String(part))) } else { pieces.append(part == "csrf" ? .csrf : part == "name" ? .name : .text(String(part))) }
        }
        self.pieces = pieces
        size = rendered.utf8.count
    }

    /// The page for one request.
    public func response(csrf: String, name: String, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(size + 256)
        let escapedName = SessionPage.escape(name)
        for piece in pieces {
            switch piece {
            case .text(let t): buffer.writeString(t)
            case .csrf: buffer.writeString(csrf)
            case .name: buffer.writeString(escapedName)
            }
        }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    /// HTML escaping as Mustache does it for `{{value}}` (& < > " ').
    static func escape(_ s: String) -> String { SVGChart.escape(s) }
}

/// The menu: each page for the roles that may open it.
enum Navigation {
    struct Item {
        var path: String
        var key: String
        var roles: Set<AccountRole>
    }

    static let all: [Item] = [
        Item(path: "/roster", key: "nav_roster", roles: [.manager, .agent, .hr, .planner]),
        Item(path: "/requests", key: "nav_requests", roles: [.manager, .agent, .hr]),
        Item(path: "/hr", key: "nav_hr", roles: [.hr, .manager]),
        Item(path: "/planner", key: "nav_planner", roles: [.planner, .manager]),
    ]

    static func items(for user: WebUser, language: WebLanguage) -> [[String: String]] {
        all.filter { user.may($0.roles) }.map { ["path": $0.path, "label": WebStrings.text($0.key, language)] }
    }
}

/// JSON responses of `/api/...`: sorted keys, ISO dates, UTF-8.
public enum JSONResponse {
    public static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        raw(try encode(value), status: status)
    }

    /// The bytes `make` sends (for `PageCache`).
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    /// JSON already encoded by `encode`.
    public static func raw(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"error": {"status": 400, "message": "…"}}`.
    public static func error(status: HTTPResponse.Status, message: String) -> Response {
        struct Body: Encodable {
            struct Inner: Encodable { var status: Int; var message: String }
            var error: Inner
        }
        return (try? make(Body(error: .init(status: status.code, message: message)), status: status))
            ?? Response(status: status)
    }
}

extension Response {
    /// 303 See Other to `path` (after a form post, so a reload does not post again).
    static func redirect(to path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path])
    }
}

/// Turns every error into a page (or, under /api/, a JSON error) with the reason in plain words:
/// bad input 400, not signed in 401 (pages: sign-in link), role 403, unknown 404, too large 413,
/// a refused workflow step 409/422. Unexpected errors are 500 with no detail shown; the log line
/// names only the error's type (no personal data).
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let renderer: Renderer

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, message) = WebErrors.classify(error, language: context.language)
            if status == .internalServerError {
                context.logger.error("unexpected error \(String(reflecting: type(of: error))) on \(request.method.rawValue) \(request.uri.path)")
            }
            var response: Response
            if request.uri.path.hasPrefix("/api/") || (request.headers[.accept] ?? "").hasPrefix("application/json") {
                response = JSONResponse.error(status: status, message: message)
            } else {
                response = renderer.page("error", title: WebStrings.text("error_title", context.language),
                                         data: ["status": status.code, "reason": status.reasonPhrase, "message": message,
                                                "signIn": status == .unauthorized],
                                         context: context, status: status)
            }
            if let e = error as? HTTPError { response.headers.append(contentsOf: e.headers) }
            return response
        }
    }
}

/// Registry of how each error type reads to a user; areas add their workflow errors here.
public enum WebErrors {
    public static func classify(_ error: any Error, language: WebLanguage) -> (HTTPResponse.Status, String) {
        switch error {
        case let e as HTTPError:
            return (e.status, e.body ?? e.status.reasonPhrase)
        case let e as WebInputError:
            return (.badRequest, e.description)
        case let e as any HTTPResponseError:
            return (e.status, e.status.reasonPhrase)
        default:
            if let mapped = WorkflowErrorMapping.map(error) { return mapped }
            return (.internalServerError, WebStrings.text("error_internal", language))
        }
    }
}
