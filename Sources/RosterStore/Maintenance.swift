import Foundation
import GRDB
import HotlineCore

/// The result of `RosterStore.check()`.
public struct StoreCheck: Sendable, Codable, Hashable {
    /// `PRAGMA integrity_check` lines: `["ok"]` when the file is sound.
    public var integrity: [String]
    public var foreignKeyViolations: Int
    public var migrations: [String]
    /// Rows per table.
    public var tables: [String: Int]
    public var ok: Bool { integrity == ["ok"] && foreignKeyViolations == 0 }
}

/// One line of the audit log.
public struct AuditEntry: Sendable, Codable, Hashable {
    public var at: String
    public var actor: String
    public var action: String
    public var entity: String
    public var entityId: String
    public var detail: String
}

extension RosterStore {
    /// Checks the file: SQLite's integrity check, foreign keys, the migrations applied, row counts.
    public func check() throws -> StoreCheck {
        try writer.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            var tables: [String: Int] = [:]
            for t in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'") {
                tables[t] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(t.quotedDatabaseIdentifier)") ?? 0
            }
            return StoreCheck(integrity: integrity, foreignKeyViolations: fk, migrations: migrations, tables: tables)
        }
    }

    /// Copies the store to `destination` with SQLite's online backup (others may keep reading and
    /// writing meanwhile); the copy is a consistent snapshot, mode 0600. Refuses to overwrite.
    public func backup(to destination: String) throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw RosterStoreError.invalid("\(destination) exists; choose a new file for the backup")
        }
        let fd = open(destination, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw RosterStoreError.cannotCreate(store: destination, reason: String(cString: strerror(errno))) }
        close(fd)
        do {
            let target = try DatabaseQueue(path: destination)
            try writer.backup(to: target)
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw error
        }
        try writeTransaction { db in try audit(db, "backup", "store", URL(fileURLWithPath: destination).lastPathComponent) }
    }

    /// Replaces the store's content with the backup at `source` (checked first: it must be a
    /// sound roster store). Runs as one online backup into this store.
    public func restore(from source: String) throws {
        guard FileManager.default.fileExists(atPath: source) else { throw RosterStoreError.invalid("no backup at \(source)") }
        var config = Configuration()
        config.readonly = true
        let backup = try DatabaseQueue(path: source, configuration: config)
        let (integrity, migrations) = try backup.read { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check"),
             try db.tableExists("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : [])
        }
        guard integrity == ["ok"] else { throw RosterStoreError.invalid("\(source) fails the integrity check: \(integrity.prefix(3).joined(separator: "; "))") }
        guard migrations.contains("v1-people") else { throw RosterStoreError.invalid("\(source) is not a roster store") }
        let known = Set(try writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") })
        guard Set(migrations).isSubset(of: known) else {
            throw RosterStoreError.invalid("\(source) was written by a newer version (migrations \(Set(migrations).subtracting(known).sorted().joined(separator: ", ")))")
        }
        try backup.backup(to: writer)
        try backup.close()
        try RosterStore.migrator.migrate(writer)   // bring an older backup up to date
        try writeTransaction { db in try audit(db, "restore", "store", URL(fileURLWithPath: source).lastPathComponent) }
    }

    /// The audit log, newest last (at most `limit` lines, the latest).
    public func auditLog(limit: Int = 1000) throws -> [AuditEntry] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM (SELECT * FROM audit_log ORDER BY id DESC LIMIT ?) ORDER BY id", arguments: [limit]).map {
                AuditEntry(at: $0["at"], actor: $0["actor"], action: $0["action"], entity: $0["entity"], entityId: $0["entity_id"], detail: $0["detail"])
            }
        }
    }
}
