import ArgumentParser
import Foundation
import HotlineCore
import RosterStore

/// A failure of an HR command that is not a usage mistake (no usage text is printed).
struct HRCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension StoreOptions {
    /// Opens an existing store (commands that only read must not create an empty one).
    func openExisting() throws -> RosterStore {
        guard FileManager.default.fileExists(atPath: store) else {
            throw HRCommandError("no roster store at '\(store)'; import people first with `roster people import FILE --store \(store)`")
        }
        return try RosterStore(path: store)
    }

    func open() throws -> RosterStore { try RosterStore(path: store) }
}

/// The replacement rules: the profile's `[replacement]` section, or the contract's defaults.
struct RulesOptions: ParsableArguments {
    @Option(name: .long, help: "Center profile (TOML) whose [replacement] section sets the triggers and turnover cap; the contract's defaults without it.")
    var profile: String?

    func load() throws -> CenterProfile? { try profile.map { try CenterProfile.load(path: $0) } }
}

extension Roster {
    /// `roster store`: backup, restore, check and audit of the roster store file.
    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store",
            abstract: "Back up, restore and check the roster store; show its audit log.",
            subcommands: [Backup.self, Restore.self, Check.self, Audit.self])
    }
}

extension Roster.Store {
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy the store to a new file (SQLite online backup; the store stays usable).")
        @Argument(help: "The backup file to create (must not exist).") var file: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let s = try store.openExisting()
            try s.backup(to: file)
            let check = try RosterStore(path: file).check()
            guard check.ok else { throw HRCommandError("the backup \(file) fails its integrity check: \(check.integrity.joined(separator: "; "))") }
            if output.json {
                try Output.printJSON(["store": store.store, "backup": file, "integrity": "ok"])
            } else {
                print("Backed up \(store.store) to \(file) (integrity ok).")
            }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the store's content with a backup (checked first).")
        @Argument(help: "The backup file.") var file: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let s = try store.open()
            try s.restore(from: file)
            let check = try s.check()
            if output.json {
                try Output.printJSON(["store": store.store, "restoredFrom": file, "integrity": check.ok ? "ok" : "failed"])
            } else {
                print("Restored \(store.store) from \(file) (integrity \(check.ok ? "ok" : "FAILED")).")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run SQLite's integrity check and a foreign-key check; count rows.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var store: String
            var ok: Bool
            var integrity: [String]
            var foreignKeyViolations: Int
            var migrations: [String]
            var tables: [String: Int]
        }

        func run() async throws {
            let c = try store.openExisting().check()
            if output.json {
                try Output.printJSON(Report(store: store.store, ok: c.ok, integrity: c.integrity, foreignKeyViolations: c.foreignKeyViolations,
                                            migrations: c.migrations, tables: c.tables))
            } else {
                print("\(store.store): integrity \(c.integrity.joined(separator: "; ")); foreign-key violations \(c.foreignKeyViolations)")
                print("migrations: \(c.migrations.joined(separator: ", "))")
                for (t, n) in c.tables.sorted(by: { $0.key < $1.key }) { print("\(t)\t\(n)") }
            }
            if !c.ok { throw ExitCode(1) }
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the audit log (who changed what, when).")
        @Option(help: "Show the latest N entries.") var limit = 50
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let log = try store.openExisting().auditLog(limit: limit)
            if output.json {
                try Output.printJSON(["entries": log])
            } else {
                for e in log { print([e.at, e.actor, e.action, e.entity, e.entityId, e.detail].joined(separator: "\t")) }
            }
        }
    }
}
