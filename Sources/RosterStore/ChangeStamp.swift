import Foundation
import GRDB

/// Schema of the store's change stamp ("v5-change-stamp"): one counter that every write
/// transaction of `RosterStore` raises by one before it commits, whichever process writes
/// (the CLI and the web application share the file). A reader that remembers the stamp knows,
/// with one indexed read, whether anything in the store changed since: the web application keys
/// its cached week views and rendered grids by it. Shipped migrations are never edited.
enum ChangeStampSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-change-stamp") { db in
            try db.create(table: "store_change_stamp") { t in
                t.column("id", .integer).primaryKey().check(sql: "id = 1")
                t.column("stamp", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO store_change_stamp(id, stamp) VALUES (1, 1)")
        }
    }

    /// Raises the stamp inside the caller's write transaction (rolled back with it on failure).
    static func bump(_ db: Database) throws {
        try db.execute(sql: "UPDATE store_change_stamp SET stamp = stamp + 1 WHERE id = 1")
    }
}

extension RosterStore {
    /// The store's change stamp: it grows with every committed write transaction (of any process);
    /// equal stamps mean an unchanged store.
    public func changeStamp() throws -> Int64 {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT stamp FROM store_change_stamp WHERE id = 1") ?? 0 }
    }
}
