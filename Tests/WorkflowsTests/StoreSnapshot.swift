import GRDB
@testable import RosterStore

/// Every row of every table of a store, as text: equal before and after a refused step means
/// the step changed nothing at all.
struct StoreSnapshot: Equatable, CustomStringConvertible {
    var tables: [String: [String]]

    init(_ store: RosterStore) throws {
        tables = try store.writer.read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            var result: [String: [String]] = [:]
            for name in names {
                result[name] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(name)\"").map(\.description).sorted()
            }
            return result
        }
    }

    var description: String { tables.keys.sorted().map { "\($0): \(tables[$0]!.count)" }.joined(separator: ", ") }
}
