import GRDB

/// Schema of this area ("v3-drafts"), registered after the HR schema. Shipped migrations are never
/// edited: change the schema with a new one.
enum DraftsSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
    }
}
