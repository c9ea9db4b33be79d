import GRDB

/// Schema of this area ("v3-call-history"), registered after the HR schema. Shipped migrations are never
/// edited: change the schema with a new one.
enum CallHistorySchema {
    static func register(_ migrator: inout DatabaseMigrator) {
    }
}
