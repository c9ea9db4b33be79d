import GRDB

/// Schema of this area ("v3-requests"), registered after the HR schema. Shipped migrations are never
/// edited: change the schema with a new one.
enum RequestsSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
    }
}
