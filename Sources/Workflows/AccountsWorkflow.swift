import Foundation
import HotlineCore
import HummingbirdBcrypt
import RosterStore

/// Sign-in accounts of the web application: `roster users add` and the web's sign-in both call this.
/// Passwords are hashed with Bcrypt; only the hash reaches the store, and no password or hash is
/// ever logged or printed.
public struct AccountsWorkflow: Sendable {
    public let store: RosterStore
    /// Bcrypt cost (2^cost rounds). 12 in production; tests may lower it to keep runs fast.
    public let cost: UInt8

    public init(store: RosterStore, cost: UInt8 = 12) {
        self.store = store
        self.cost = cost
    }

    /// The account names the web accepts: letters, digits, `.`, `_`, `-`, 1 to 32 characters.
    public static func validName(_ name: String) -> Bool {
        (1...32).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    public static let minimumPasswordLength = 8

    /// Creates an account. An agent's account must name the person (`personId`) it belongs to.
    @discardableResult
    public func add(name: String, role: AccountRole, personId: String? = nil, password: String) throws -> Account {
        guard Self.validName(name) else {
            throw RequestFieldError(field: "name", "an account name is 1 to 32 letters, digits, '.', '_' or '-', got '\(name.prefix(40))'")
        }
        guard password.count >= Self.minimumPasswordLength else {
            throw RequestFieldError(field: "password", "at least \(Self.minimumPasswordLength) characters")
        }
        guard password.utf8.count <= 72 else {
            // Bcrypt reads 72 bytes; a longer password would be silently truncated.
            throw RequestFieldError(field: "password", "at most 72 bytes (Bcrypt's limit)")
        }
        let account = Account(name: name, role: role, personId: personId, passwordHash: Bcrypt.hash(password, cost: cost))
        try store.addAccount(account)
        return try store.account(name: name) ?? account
    }

    /// Changes an account's password.
    public func setPassword(name: String, password: String) throws {
        guard password.count >= Self.minimumPasswordLength, password.utf8.count <= 72 else {
            throw RequestFieldError(field: "password", "\(Self.minimumPasswordLength) characters to 72 bytes")
        }
        try store.setAccountPassword(name: name, passwordHash: Bcrypt.hash(password, cost: cost))
    }

    /// The account if `password` is right and the account is enabled, else nil. An unknown name
    /// costs the same Bcrypt work as a known one, so timing does not tell which names exist.
    public func verify(name: String, password: String) throws -> Account? {
        guard Self.validName(name), let account = try store.account(name: name) else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return nil
        }
        guard Bcrypt.verify(password, hash: account.passwordHash), !account.disabled else { return nil }
        return account
    }

    /// A hash of nothing anyone knows, checked against when the name is unknown.
    private static let decoyHash = Bcrypt.hash("decoy-\(UInt64.random(in: 0...UInt64.max))", cost: 12)

    /// A random password of 16 letters and digits (for a seeded account; printed once).
    public static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var g = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &g)] })
    }
}
