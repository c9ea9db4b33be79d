import Foundation
import Hummingbird
import HummingbirdAuth
import RosterStore
import Workflows

/// Sign-in and sign-out. The sign-in form carries a CSRF token (double-submit cookie, as there is
/// no session yet); failures are counted per account name (5 within 5 minutes: 429).
struct AuthController {
    let env: WebEnvironment

    func addRoutes(to router: Router<WebContext>) {
        router.get("/login", use: form)
        router.post("/login", use: login)
        router.post("/logout", use: logout)
        router.post("/api/login", use: login)
        router.get("/api/me", use: me)
    }

    @Sendable func form(_ request: Request, context: WebContext) async throws -> Response {
        renderForm(context: context, next: request.uri.queryParameters.get("next") ?? "/", message: nil, status: .ok)
    }

    private func renderForm(context: WebContext, next: String, message: String?, status: HTTPResponse.Status) -> Response {
        let token = randomToken()
        var response = env.renderer.page("login", title: WebStrings.text("sign_in", context.language),
                                         data: ["loginCsrf": token, "next": Self.safeNext(next), "message": message ?? ""],
                                         context: context, status: status)
        response.setCookie(Cookie(name: "csrf", value: token, path: "/", secure: env.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    /// Only a path of this site (never `//host` or a scheme) is followed after sign-in.
    static func safeNext(_ next: String) -> String {
        next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") ? next : "/"
    }

    @Sendable func login(_ request: Request, context: WebContext) async throws -> Response {
        let name = (context.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = context.form["password"] ?? ""
        let api = request.uri.path.hasPrefix("/api/")
        let key = name.lowercased()
        if let wait = await env.throttle.retryAfter(key) {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: "\(wait)"], message: WebStrings.text("sign_in_throttled", context.language))
        }
        let accounts = env.accounts
        let account = try await Task.detached { try accounts.verify(name: name, password: password) }.value
        guard let account else {
            await env.throttle.failed(key)
            if api { throw HTTPError(.unauthorized, message: "the account or the password is not right") }
            return renderForm(context: context, next: context.form["next"] ?? "/",
                              message: WebStrings.text("sign_in_failed", context.language), status: .unauthorized)
        }
        await env.throttle.succeeded(key)
        context.sessions.createSession(WebSession(account: account.name, csrf: randomToken(), signedInAt: Date()),
                                       expiresIn: env.sessionLifetime)
        if api {
            struct Me: Encodable { var name: String; var role: String; var personId: String?; var csrf: String }
            return try JSONResponse.make(Me(name: account.name, role: account.role.rawValue, personId: account.personId,
                                            csrf: context.sessions.session?.csrf ?? ""))
        }
        return .redirect(to: Self.safeNext(context.form["next"] ?? "/"))
    }

    @Sendable func logout(_ request: Request, context: WebContext) async throws -> Response {
        context.sessions.clearSession()
        return .redirect(to: "/login")
    }

    @Sendable func me(_ request: Request, context: WebContext) async throws -> Response {
        let user = try context.requireUser()
        struct Me: Encodable { var name: String; var role: String; var personId: String?; var csrf: String }
        return try JSONResponse.make(Me(name: user.name, role: user.role.rawValue, personId: user.personId,
                                        csrf: context.sessions.session?.csrf ?? ""))
    }
}
