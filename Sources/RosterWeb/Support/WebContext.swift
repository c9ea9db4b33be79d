import Foundation
import Hummingbird
import HummingbirdAuth
import RosterStore

/// What a signed-in session remembers (kept in the server's session storage, keyed by the
/// `SESSION_ID` cookie; the cookie carries only the random session id).
public struct WebSession: Codable, Sendable {
    public var account: String
    /// The CSRF token every form and every non-GET API call of this session must carry.
    public var csrf: String
    public var signedInAt: Date
}

/// The signed-in user, as the handlers see them.
public struct WebUser: Sendable, Hashable {
    public var name: String
    public var role: AccountRole
    /// The person an agent's account belongs to.
    public var personId: String?

    public func may(_ roles: Set<AccountRole>) -> Bool { role == .admin || roles.contains(role) }
    /// HR (and admin) see phone numbers and ID numbers unmasked; nobody else does.
    public var seesPersonalData: Bool { role == .hr || role == .admin }
    public var isAgent: Bool { role == .agent }
}

/// The request context of every route: the session, the signed-in user and the request's form
/// fields (read once by the CSRF check, so handlers never read the body again).
public struct WebContext: AuthRequestContext, SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: WebUser?
    public let sessions: SessionContext<WebSession>
    /// Fields of a form (`application/x-www-form-urlencoded`) or of a JSON object body.
    public var form: FormData = FormData()
    /// The page language: `lang` cookie or `?lang=`; Chinese unless English is asked for.
    public var language: WebLanguage = .zh

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.sessions = .init()
    }

    /// Bodies above 1 MiB are refused with 413 (no page or API takes more; an .xlsx upload is ~40 KB).
    public var maxUploadSize: Int { 1 << 20 }

    /// The signed-in user, or 401 (the error page offers the sign-in link).
    public func requireUser() throws -> WebUser {
        guard let u = identity else { throw HTTPError(.unauthorized, message: "sign in first") }
        return u
    }
}

public enum WebLanguage: String, Sendable, CaseIterable {
    case zh, en
    public var other: WebLanguage { self == .zh ? .en : .zh }
    /// The `lang` attribute of the page.
    public var htmlLang: String { self == .zh ? "zh-CN" : "en" }
}

/// The fields of a form or of a flat JSON object, with one error per bad field.
public struct FormData: Sendable {
    public var fields: [String: [String]] = [:]

    public init(fields: [String: [String]] = [:]) { self.fields = fields }

    /// Parses `a=1&b=x+y&c=%E4%BD%A0`.
    public init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let key = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            fields[key, default: []].append(value)
        }
    }

    /// A JSON object's top-level values as text (numbers and booleans as written; arrays as repeated values).
    public init(json data: Data) throws {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw HTTPError(.badRequest, message: "the body must be a JSON object")
        }
        for (k, v) in object {
            switch v {
            case let s as String: fields[k] = [s]
            case let a as [Any]: fields[k] = a.map { "\($0)" }
            case is NSNull: continue
            default: fields[k] = ["\(v)"]
            }
        }
    }

    public subscript(_ key: String) -> String? { fields[key]?.first }
    public func all(_ key: String) -> [String] { fields[key] ?? [] }

    /// The field's trimmed value, or a 400 naming the field.
    public func require(_ key: String) throws -> String {
        guard let v = self[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else {
            throw WebInputError(field: key, "is required")
        }
        return v
    }
}

/// Bad input from a form, a query or a JSON body: 400 with the field named.
public struct WebInputError: Error, CustomStringConvertible, Sendable {
    public var field: String
    public var message: String
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { "field '\(field)': \(message)" }
}
