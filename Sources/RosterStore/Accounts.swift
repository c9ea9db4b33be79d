import Foundation
import GRDB
import HotlineCore

/// Schema of the web application's sign-in accounts ("v4-accounts"). Shipped migrations are never
/// edited: change the schema with a new one.
///
/// An account is a user of the web application with one role. An agent's account names the person
/// it belongs to (they see only their own schedule and requests). Only a Bcrypt hash of the password
/// is stored; the store never sees the password itself.
enum AccountsSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-accounts") { db in
            try db.create(table: "web_accounts") { t in
                t.column("name", .text).primaryKey()
                t.column("role", .text).notNull()
                    .check(sql: "role IN ('admin', 'manager', 'hr', 'planner', 'agent')")
                t.column("person_id", .text).references("people", column: "person_id")
                t.column("password_hash", .text).notNull()
                t.column("created_at", .text).notNull()
                t.column("disabled", .boolean).notNull().defaults(to: false)
            }
        }
    }
}

/// The roles of the web application. `admin` may do everything the others may.
public enum AccountRole: String, Sendable, Codable, CaseIterable, Hashable {
    case admin, manager, hr, planner, agent
}

/// A sign-in account (the hash is Bcrypt's `$2b$…` text).
public struct Account: Sendable, Codable, Hashable {
    public var name: String
    public var role: AccountRole
    /// The person an agent's account belongs to; nil for staff roles without a person.
    public var personId: String?
    public var passwordHash: String
    public var createdAt: String
    public var disabled: Bool

    public init(name: String, role: AccountRole, personId: String?, passwordHash: String, createdAt: String = "", disabled: Bool = false) {
        self.name = name
        self.role = role
        self.personId = personId
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabled = disabled
    }
}

extension RosterStore {
    /// Adds an account; refuses a name already taken, an unknown role or an agent without a known person.
    public func addAccount(_ a: Account) throws {
        try writeTransaction { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM web_accounts WHERE name = ?", arguments: [a.name]) != nil {
                throw RosterStoreError.invalid("account '\(a.name)' exists already")
            }
            if let p = a.personId, try Row.fetchOne(db, sql: "SELECT 1 FROM people WHERE person_id = ?", arguments: [p]) == nil {
                throw RosterStoreError.invalid("account '\(a.name)': person '\(p)' is not in the store")
            }
            if a.role == .agent && a.personId == nil {
                throw RosterStoreError.invalid("account '\(a.name)': an agent's account names the person it belongs to (--person)")
            }
            try db.execute(sql: """
                INSERT INTO web_accounts(name, role, person_id, password_hash, created_at, disabled)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [a.name, a.role.rawValue, a.personId, a.passwordHash, RosterStore.timestamp(), a.disabled])
            try audit(db, "add-account", "web_account", a.name, "role=\(a.role.rawValue)")
        }
    }

    /// Replaces an account's password hash (audited; the hash is not written to the audit log).
    public func setAccountPassword(name: String, passwordHash: String) throws {
        try writeTransaction { db in
            try db.execute(sql: "UPDATE web_accounts SET password_hash = ? WHERE name = ?", arguments: [passwordHash, name])
            guard db.changesCount == 1 else { throw RosterStoreError.invalid("no account '\(name)'") }
            try audit(db, "set-password", "web_account", name)
        }
    }

    /// Disables or enables an account (a disabled account cannot sign in).
    public func setAccountDisabled(name: String, _ disabled: Bool) throws {
        try writeTransaction { db in
            try db.execute(sql: "UPDATE web_accounts SET disabled = ? WHERE name = ?", arguments: [disabled, name])
            guard db.changesCount == 1 else { throw RosterStoreError.invalid("no account '\(name)'") }
            try audit(db, disabled ? "disable-account" : "enable-account", "web_account", name)
        }
    }

    public func account(name: String) throws -> Account? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM web_accounts WHERE name = ?", arguments: [name]).map(Self.account)
        }
    }

    public func accounts() throws -> [Account] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM web_accounts ORDER BY name").map(Self.account)
        }
    }

    private static func account(_ row: Row) throws -> Account {
        guard let role = AccountRole(rawValue: row["role"]) else {
            throw RosterStoreError.corrupt("web_accounts: role '\(row["role"] as String)' of '\(row["name"] as String)'")
        }
        return Account(name: row["name"], role: role, personId: row["person_id"], passwordHash: row["password_hash"],
                       createdAt: row["created_at"], disabled: row["disabled"])
    }
}
