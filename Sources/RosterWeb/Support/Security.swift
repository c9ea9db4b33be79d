import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import RosterStore
import Workflows

/// Loads the session's account from the store and sets `context.identity`. A session of a deleted
/// or disabled account, or one older than the session lifetime, is ended.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let env: WebEnvironment

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        context.language = WebLanguage(rawValue: request.uri.queryParameters.get("lang") ?? "")
            ?? request.cookies["lang"].flatMap { WebLanguage(rawValue: $0.value) } ?? .zh
        if let session = context.sessions.session {
            if Date().timeIntervalSince(session.signedInAt) > env.sessionLifetime.seconds {
                context.sessions.clearSession()
            } else if let account = try env.store.account(name: session.account), !account.disabled {
                context.identity = WebUser(name: account.name, role: account.role, personId: account.personId)
            } else {
                context.sessions.clearSession()
            }
        }
        var response = try await next(request, context)
        if let lang = request.uri.queryParameters.get("lang"), let l = WebLanguage(rawValue: lang) {
            response.setCookie(Cookie(name: "lang", value: l.rawValue, maxAge: 365 * 86_400, path: "/", secure: env.secureCookies,
                                      httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

/// CSRF protection for every request that changes something (anything but GET/HEAD): the form field
/// `_csrf` or the header `X-CSRF-Token` must equal the session's token; before sign-in, the
/// `csrf` cookie set with the sign-in form (double submit). Reads the body once into `context.form`.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        var context = context
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let contentType = request.headers[.contentType] ?? ""
        if contentType.hasPrefix("application/json") {
            context.form = try FormData(json: Data(buffer: body))
        } else if contentType.hasPrefix("application/x-www-form-urlencoded") || body.readableBytes == 0 {
            context.form = FormData(urlEncoded: String(buffer: body))
        } else if contentType.hasPrefix("multipart/form-data") || contentType.hasPrefix("application/vnd.openxmlformats") {
            // Uploads (the .xlsx import) carry the token in the header.
        } else {
            throw HTTPError(.unsupportedMediaType, message: "send a form (application/x-www-form-urlencoded) or JSON")
        }
        let sent = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? context.form["_csrf"] ?? ""
        let expected = context.sessions.session?.csrf ?? request.cookies["csrf"]?.value ?? ""
        guard !expected.isEmpty, constantTimeEqual(sent, expected) else {
            throw HTTPError(.forbidden, message: "the form's security token is missing or out of date: reload the page and try again")
        }
        return try await next(request, context)
    }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in x.indices { diff |= x[i] ^ y[i] }
    return diff == 0
}

/// A random token (CSRF, session-independent), 32 hex digits.
func randomToken() -> String {
    var g = SystemRandomNumberGenerator()
    return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
}

/// Only signed-in users with one of `roles` (admin always) pass; others get 401 (not signed in:
/// pages redirect to the sign-in form) or 403.
struct RequireRole: RouterMiddleware {
    typealias Context = WebContext
    let roles: Set<AccountRole>

    init(_ roles: AccountRole...) { self.roles = Set(roles) }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard let user = context.identity else {
            if request.uri.path.hasPrefix("/api/") { throw HTTPError(.unauthorized, message: "sign in first") }
            let back = request.uri.path
            return Response.redirect(to: "/login?next=\(back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")")
        }
        guard user.may(roles) else {
            throw HTTPError(.forbidden, message: "your role (\(user.role.rawValue)) may not open this page")
        }
        return try await next(request, context)
    }
}

/// Headers every response carries: no framing, no sniffing, scripts and styles only from this
/// server, no referrer leaking week or person ids.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// One log line per request: method, path (never the query, which may carry names), status, time.
/// No body, cookie or personal data is logged.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, start)
            return response
        } catch {
            log(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: WebContext, status: Int, _ start: ContinuousClock.Instant) {
        let ms = Double((ContinuousClock.now - start).components.attoseconds) / 1e15 + Double((ContinuousClock.now - start).components.seconds) * 1000
        context.logger.info("\(request.method.rawValue) \(request.uri.path) \(status) \(String(format: "%.1f", ms)) ms")
    }
}

/// Sign-in attempts per account name: after 5 failures within 5 minutes the name is refused
/// (429) until the window has passed; a success clears the count.
actor LoginThrottle {
    let maxFailures: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(maxFailures: Int = 5, window: TimeInterval = 300) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Seconds to wait, or nil if an attempt is allowed now.
    func retryAfter(_ key: String, now: Date = Date()) -> Int? {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent
        guard recent.count >= maxFailures, let first = recent.first else { return nil }
        return max(1, Int((window - now.timeIntervalSince(first)).rounded(.up)))
    }

    func failed(_ key: String, now: Date = Date()) {
        failures[key, default: []].append(now)
        if failures.count > 10_000 { failures = failures.filter { now.timeIntervalSince($0.value.last ?? now) < window } }
    }

    func succeeded(_ key: String) { failures[key] = nil }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
