import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import RosterStore

/// The web application over the store: the same Workflows the CLI calls, as pages and `/api/…`
/// JSON. `roster serve` runs `buildWebApplication`; the router tests call `buildRouter` and drive it
/// with Hummingbird's in-process test client.
public enum WebApp {
    /// The router with every page, API, middleware and the session storage it uses.
    public static func buildRouter(env: WebEnvironment, sessions: MemoryPersistDriver<ContinuousClock>) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.addMiddleware {
            RequestLogMiddleware()
            SecurityHeadersMiddleware()
            ErrorPageMiddleware(renderer: env.renderer)
            SessionMiddleware(storage: sessions, configuration: .init(
                sessionCookieParameters: .init(name: "SESSION_ID", path: "/", secure: env.secureCookies, sameSite: .strict),
                keyPrefix: "hotline.", defaultSessionExpiration: env.sessionLifetime))
            IdentityMiddleware(env: env)
            CSRFMiddleware()
        }
        StaticController().addRoutes(to: router)
        AuthController(env: env).addRoutes(to: router)
        HomeController(env: env).addRoutes(to: router)
        JobsController(env: env).addRoutes(to: router)
        RosterController(env: env).addRoutes(to: router)
        RequestsController(env: env).addRoutes(to: router)
        HRController(env: env).addRoutes(to: router)
        PlannerController(env: env).addRoutes(to: router)
        return router
    }

    /// The whole application on `configuration.host:port`.
    public static func buildApplication(configuration: WebConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
        let env = try await WebEnvironment(configuration: configuration)
        let sessions = MemoryPersistDriver()
        let router = buildRouter(env: env, sessions: sessions)
        var app = Application(router: router,
                              configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                   serverName: "HotlineRoster"),
                              logger: logger)
        app.addServices(sessions)
        return app
    }
}
