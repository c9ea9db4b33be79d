import Foundation
import HotlineCore
import RosterStore
import Workflows

/// How `roster serve` runs the web application.
public struct WebConfiguration: Sendable {
    public var storePath: String
    public var profilePath: String
    /// An extra holiday calendar CSV (date,kind,name) merged over the built-in China calendar.
    public var calendarPath: String?
    public var host: String
    public var port: Int
    /// Cookies carry `Secure` (HTTPS only). On by default; `--insecure-cookies` for plain-http
    /// testing on another host than loopback. Chromium accepts Secure cookies from http://localhost.
    public var secureCookies: Bool
    /// A session ends this long after sign-in (one shift and a handover: 9 hours).
    public var sessionLifetime: Duration
    /// Bcrypt cost of new passwords (tests lower it).
    public var bcryptCost: UInt8
    /// Planner time limit and engine iterations of a week build from the browser.
    public var weekTimeLimitSeconds: Double
    public var engineIterations: Int

    public init(storePath: String, profilePath: String = "rosters/profiles/yuhang-12345.toml", calendarPath: String? = nil,
                host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = true,
                sessionLifetime: Duration = .seconds(9 * 3600), bcryptCost: UInt8 = 12,
                weekTimeLimitSeconds: Double = 20, engineIterations: Int = 120_000) {
        self.storePath = storePath
        self.profilePath = profilePath
        self.calendarPath = calendarPath
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.bcryptCost = bcryptCost
        self.weekTimeLimitSeconds = weekTimeLimitSeconds
        self.engineIterations = engineIterations
    }
}

/// What every handler reaches: the store, the profile, the workflows (acting as the signed-in
/// user, so the audit log names them), the renderer and the background jobs.
public final class WebEnvironment: Sendable {
    public let configuration: WebConfiguration
    public let store: RosterStore
    public let profile: CenterProfile
    public let calendar: HolidayCalendar
    public let renderer: Renderer
    public let jobs: JobQueue
    /// Week views, rendered grids and week JSON, made once per change of the store.
    public let cache = PageCache()
    let throttle = LoginThrottle()

    public var secureCookies: Bool { configuration.secureCookies }
    public var sessionLifetime: Duration { configuration.sessionLifetime }

    public init(configuration: WebConfiguration, store: RosterStore? = nil) async throws {
        self.configuration = configuration
        self.store = try store ?? RosterStore(path: configuration.storePath, actor: "web")
        self.profile = try CenterProfile.load(path: configuration.profilePath)
        var cal = HolidayCalendar.china
        if let c = configuration.calendarPath { cal = cal.merging(try HolidayCalendar.load(path: c)) }
        self.calendar = cal
        self.renderer = try await Renderer()
        self.jobs = JobQueue()
    }

    /// The store as the user (changes audited under their account name).
    public func store(for user: WebUser) -> RosterStore { store.acting(as: "web:\(user.name)") }

    public func week(for user: WebUser) -> WeekWorkflow {
        WeekWorkflow(store: store(for: user), settings: .init(profile: profile, calendar: calendar,
                                                              timeLimitSeconds: configuration.weekTimeLimitSeconds,
                                                              engineIterations: configuration.engineIterations))
    }

    public func requests(for user: WebUser) -> RequestsWorkflow { RequestsWorkflow(store: store(for: user)) }

    public var accounts: AccountsWorkflow { AccountsWorkflow(store: store, cost: configuration.bcryptCost) }
}
